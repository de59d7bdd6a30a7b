import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { createBrotliDecompress } from 'node:zlib';

/**
 * Which Chromium the browser test drives.
 *
 * - `CHROMIUM_PATH=/some/chrome`: exactly that browser (an error if it is not there: an explicit
 *   choice never falls back silently).
 * - `EASTWARD_BROWSER=packaged`: the Chromium inside the devDependency `@sparticuz/chromium`,
 *   even when the system has one (what a fresh machine gets; `.ci/run` sets it).
 * - `EASTWARD_BROWSER=system`: Debian's `/usr/bin/chromium` (an error if it is missing).
 * - neither: `/usr/bin/chromium` when it is there, else the packaged Chromium.
 *
 * The packaged binary ships inside the npm tarball as `bin/chromium.br` (Brotli); nothing is
 * downloaded at install or at run time. It is decompressed once per installed version into
 * `node_modules/.cache/eastward-chromium/<version>/chromium` (written to a temporary name, then
 * renamed, so a half-written binary is never used; `npm ci` clears it with node_modules).
 * We do not call the package's own `executablePath()`: it extracts to a fixed `/tmp/chromium`
 * shared by every project on the machine and reuses whatever file is there, of any version.
 * The binary needs libnss3, libnspr4 and libexpat1 from the system (all on the node image).
 */
export type ChromiumSource = { kind: 'env' | 'system' | 'packaged'; describe: string; executablePath: () => Promise<string> };

export const SYSTEM_CHROMIUM = '/usr/bin/chromium';
const PACKAGE = '@sparticuz/chromium';

export function chooseChromium(env: NodeJS.ProcessEnv = process.env, systemExists: boolean = existsSync(SYSTEM_CHROMIUM)): ChromiumSource {
  const explicit = env.CHROMIUM_PATH;
  if (explicit) {
    return {
      kind: 'env',
      describe: `CHROMIUM_PATH=${explicit}`,
      executablePath: async () => {
        if (!existsSync(explicit)) throw new Error(`CHROMIUM_PATH=${explicit}: no such file (unset it to use ${SYSTEM_CHROMIUM} or the packaged ${PACKAGE})`);
        return explicit;
      },
    };
  }
  const wanted = env.EASTWARD_BROWSER ?? 'auto';
  if (wanted !== 'auto' && wanted !== 'system' && wanted !== 'packaged') {
    throw new Error(`EASTWARD_BROWSER=${wanted}: expected auto, system or packaged`);
  }
  if (wanted === 'system' || (wanted === 'auto' && systemExists)) {
    return {
      kind: 'system',
      describe: `system ${SYSTEM_CHROMIUM}`,
      executablePath: async () => {
        if (!systemExists) throw new Error(`EASTWARD_BROWSER=system: no ${SYSTEM_CHROMIUM} (apt-get install chromium, or unset it to use the packaged ${PACKAGE})`);
        return SYSTEM_CHROMIUM;
      },
    };
  }
  const { dir, version } = packageDir();
  return { kind: 'packaged', describe: `${PACKAGE} ${version}`, executablePath: () => inflatePackagedChromium(dir, version) };
}

/** The installed package's folder and version (its `exports` hide package.json, so walk up from its entry). */
function packageDir(): { dir: string; version: string } {
  const require = createRequire(import.meta.url);
  let entry: string;
  try {
    entry = require.resolve(PACKAGE);
  } catch {
    throw new Error(`no system Chromium at ${SYSTEM_CHROMIUM} and ${PACKAGE} is not installed: run npm ci (it is a devDependency)`);
  }
  for (let dir = path.dirname(entry); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (!existsSync(manifest)) continue;
    const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; version?: string };
    if (pkg.name === PACKAGE && pkg.version) return { dir, version: pkg.version };
  }
  throw new Error(`cannot find ${PACKAGE}'s package.json above ${entry}`);
}

async function inflatePackagedChromium(dir: string, version: string): Promise<string> {
  const source = path.join(dir, 'bin', 'chromium.br');
  if (!existsSync(source)) throw new Error(`${source} is missing: reinstall with npm ci`);
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const cacheDir = path.join(root, 'node_modules', '.cache', 'eastward-chromium', version);
  const target = path.join(cacheDir, 'chromium');
  if (existsSync(target) && statSync(target).size > 0) return target;
  mkdirSync(cacheDir, { recursive: true });
  const temporary = `${target}.${process.pid}.tmp`;
  try {
    await pipeline(createReadStream(source), createBrotliDecompress(), createWriteStream(temporary, { mode: 0o755 }));
    renameSync(temporary, target);
  } finally {
    rmSync(temporary, { force: true });
  }
  return target;
}
