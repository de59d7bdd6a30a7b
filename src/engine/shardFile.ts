/**
 * The shard file: a versioned binary container for a Shard (see shard.ts and docs/distributed.md).
 *
 *   bytes 0–7    magic "EWSHARD" and a zero byte
 *   bytes 8–11   format version, u32 little-endian (1)
 *   bytes 12–15  header length H, u32 little-endian
 *   16 … 16+H    header: UTF-8 JSON (format, version, run, paths, sections, payload SHA-256)
 *   then zero bytes up to a multiple of 8, then the payload:
 *     the whole blocks' summary (the chunk summary layout of stats/summary.ts: f64 header,
 *     block moments, min, max; u32 block paths, sparse histogram), zero-padded to a multiple of 8;
 *     each partly held block's raw path values (f64, path-major).
 *   Numbers in the payload are little-endian.
 *
 * Reading trusts nothing: the file must be a regular file of bounded size, the header is parsed
 * as safely as a scenario (no prototype keys, bounded depth), the payload must hash to the
 * header's SHA-256, and every count, offset and range is checked against the run it claims.
 */
import { endianness } from 'node:os';
import { createHash } from 'node:crypto';
import { readRegularBytes } from '../io/regularFile.js';
import { writeFilesAtomically } from '../io/atomicWrite.js';
import { ScenarioError } from '../scenario/errors.js';
import { isJsonObject, type JsonObject } from '../scenario/merge.js';
import { parseScenarioJson } from '../scenario/parseJson.js';
import { MAX_SCENARIO_DEPTH } from '../scenario/load.js';
import { SAMPLING_METHODS } from '../scenario/runOptions.js';
import type { Scenario } from '../scenario/types.js';
import { DEFAULT_LAYOUT } from '../stats/logHistogram.js';
import { BLOCK_PATHS, chunkSummaryFromBuffer, summaryByteLength, type ChunkSummary } from '../stats/summary.js';
import { blockPieces, pathRangeProblem, rangeText, type PartialBlockPaths, type PathRange, type Shard, type ShardRun } from './shard.js';

/** The first 8 bytes of every shard file. */
export const SHARD_MAGIC = Buffer.from('EWSHARD\0', 'latin1');
/** The format version this engine writes and reads. */
export const SHARD_FORMAT_VERSION = 1;
/** Shards larger than this are refused before reading (a 10⁷-path shard is about 70 MB). */
export const MAX_SHARD_BYTES = 1024 * 1024 * 1024;
/** Headers larger than this are refused (a scenario is at most 4 MiB). */
const MAX_HEADER_BYTES = 8 * 1024 * 1024;

/** Where a section lies in the payload, in bytes. */
interface Section {
  readonly offset: number;
  readonly length: number;
}

/** The header's JSON. */
interface ShardHeader {
  readonly format: 'eastward-shard';
  readonly version: number;
  readonly run: ShardRun;
  readonly paths: PathRange;
  readonly whole: (Section & { readonly firstBlock: number; readonly blockCount: number; readonly nonEmptyBins: number }) | null;
  readonly partial: ReadonlyArray<Section & PathRange>;
  readonly payloadSha256: string;
}

function requireLittleEndian(): void {
  if (endianness() !== 'LE') throw new Error('shard files are little-endian; this machine is big-endian (not supported)');
}

const pad8 = (n: number) => Math.ceil(n / 8) * 8;

/**
 * The bytes of a shard file.
 *
 * @example
 * const bytes = encodeShard(await simulateShard(scenario, { start: 0, end: 2048 }, { runs: 4096, workers: 0 }));
 * bytes.subarray(0, 7).toString(); // 'EWSHARD'
 */
export function encodeShard(shard: Shard): Buffer {
  requireLittleEndian();
  const parts: Buffer[] = [];
  let offset = 0;
  const add = (bytes: Uint8Array): Section => {
    const section = { offset, length: bytes.byteLength };
    parts.push(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    const padding = pad8(bytes.byteLength) - bytes.byteLength;
    if (padding > 0) parts.push(Buffer.alloc(padding));
    offset += pad8(bytes.byteLength);
    return section;
  };
  let whole: ShardHeader['whole'] = null;
  if (shard.whole) {
    const w = shard.whole;
    const length = summaryByteLength(shard.run.cells, w.blockCount, w.bins.length);
    whole = { ...add(new Uint8Array(w.buffer, 0, length)), firstBlock: w.firstBlock, blockCount: w.blockCount, nonEmptyBins: w.bins.length };
  }
  const partial = shard.partial.map((p) => ({ start: p.start, end: p.end, ...add(new Uint8Array(p.values.buffer, p.values.byteOffset, p.values.byteLength)) }));
  const payload = Buffer.concat(parts);
  const header: ShardHeader = {
    format: 'eastward-shard',
    version: SHARD_FORMAT_VERSION,
    run: shard.run,
    paths: shard.paths,
    whole,
    partial,
    payloadSha256: createHash('sha256').update(payload).digest('hex'),
  };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const prefix = Buffer.alloc(16);
  SHARD_MAGIC.copy(prefix, 0);
  prefix.writeUInt32LE(SHARD_FORMAT_VERSION, 8);
  prefix.writeUInt32LE(headerBytes.byteLength, 12);
  return Buffer.concat([prefix, headerBytes, Buffer.alloc(pad8(16 + headerBytes.byteLength) - 16 - headerBytes.byteLength), payload]);
}

/** Write a shard file so that it appears whole or not at all. */
export function writeShardFile(file: string, shard: Shard, signal?: AbortSignal): void {
  writeFilesAtomically({ [file]: encodeShard(shard) }, signal);
}

/** A non-negative safe integer? */
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/** A copy of payload bytes in a buffer of its own (typed-array views need 8-byte alignment). */
function ownBuffer(payload: Buffer, s: Section): ArrayBuffer {
  const out = new ArrayBuffer(s.length);
  new Uint8Array(out).set(payload.subarray(s.offset, s.offset + s.length));
  return out;
}

/**
 * Read a shard from its bytes, checking everything (see the module comment). `label` names the
 * file in messages; a problem is a ScenarioError (exit 2 on the command line).
 *
 * @example
 * decodeShard(readFileSync('a.shard'), 'a.shard').paths; // { start: 0, end: 50000 }
 */
export function decodeShard(bytes: Buffer, label: string): Shard {
  requireLittleEndian();
  const fail = (pointer: string, message: string): never => {
    throw new ScenarioError([{ file: label, pointer, message }]);
  };
  if (bytes.byteLength < 16 || !bytes.subarray(0, 8).equals(SHARD_MAGIC)) fail('', 'not an eastward shard file (written by `eastward run … --partial FILE`)');
  const version = bytes.readUInt32LE(8);
  if (version !== SHARD_FORMAT_VERSION) fail('/version', `shard format version ${version}; this engine reads version ${SHARD_FORMAT_VERSION}`);
  const headerLength = bytes.readUInt32LE(12);
  if (headerLength > MAX_HEADER_BYTES || 16 + headerLength > bytes.byteLength) fail('', `header of ${headerLength} bytes does not fit the file (${bytes.byteLength} bytes): truncated or damaged`);
  const parsed = parseScenarioJson(bytes.subarray(16, 16 + headerLength).toString('utf8'), MAX_SCENARIO_DEPTH + 8);
  if (!parsed.ok) throw new ScenarioError(parsed.problems.map((p) => ({ file: label, ...p })));
  const h = parsed.value;
  if (!isJsonObject(h) || h.format !== 'eastward-shard' || h.version !== SHARD_FORMAT_VERSION) return fail('', 'header is not an eastward shard header');
  const payload = bytes.subarray(pad8(16 + headerLength));
  if (typeof h.payloadSha256 !== 'string' || createHash('sha256').update(payload).digest('hex') !== h.payloadSha256) fail('/payloadSha256', 'the payload does not match its SHA-256: the file is truncated or damaged');

  const run = checkRun(h.run, fail);
  const paths = h.paths;
  if (!isJsonObject(paths) || !isCount(paths.start) || !isCount(paths.end)) return fail('/paths', 'must be { start, end }, whole numbers');
  const range = { start: paths.start, end: paths.end };
  const rangeProblem = pathRangeProblem(range, run.runs);
  if (rangeProblem) fail('/paths', rangeProblem);
  const pieces = blockPieces(range, run.runs);
  const section = (v: unknown, pointer: string): Section => {
    if (!isJsonObject(v) || !isCount(v.offset) || !isCount(v.length) || v.offset % 8 !== 0 || v.offset + v.length > payload.byteLength) return fail(pointer, 'section lies outside the payload');
    return { offset: v.offset, length: v.length };
  };

  let whole: ChunkSummary | undefined;
  if (pieces.whole) {
    const w = h.whole;
    const firstBlock = pieces.whole.start / BLOCK_PATHS;
    const blockCount = Math.ceil((pieces.whole.end - pieces.whole.start) / BLOCK_PATHS);
    if (!isJsonObject(w) || w.firstBlock !== firstBlock || w.blockCount !== blockCount || !isCount(w.nonEmptyBins)) return fail('/whole', `must summarise blocks ${firstBlock}–${firstBlock + blockCount - 1} (paths ${rangeText(pieces.whole)})`);
    const s = section(w, '/whole');
    if (s.length !== summaryByteLength(run.cells, blockCount, w.nonEmptyBins)) fail('/whole/length', 'does not match the summary\'s shape');
    whole = checkSummary(chunkSummaryFromBuffer(ownBuffer(payload, s)), run, pieces.whole, fail);
  } else if (h.whole !== null) fail('/whole', `must be null: paths ${rangeText(range)} hold no whole block`);

  const list = Array.isArray(h.partial) ? h.partial : fail('/partial', 'must be a list');
  if (list.length !== pieces.partial.length) fail('/partial', `must hold ${pieces.partial.length} ranges of partly held blocks (got ${list.length})`);
  const partial: PartialBlockPaths[] = pieces.partial.map((expected, i) => {
    const p = list[i];
    if (!isJsonObject(p) || p.start !== expected.start || p.end !== expected.end) return fail(`/partial/${i}`, `must be paths ${rangeText(expected)}`);
    const s = section(p, `/partial/${i}`);
    if (s.length !== (expected.end - expected.start) * run.cells * 8) fail(`/partial/${i}/length`, 'does not match its paths × cells');
    return { ...expected, values: new Float64Array(ownBuffer(payload, s)) };
  });
  return { run, paths: range, whole, partial };
}

/** The header's run, checked for shape (the scenario itself is validated by mergeShards). */
function checkRun(v: unknown, fail: (pointer: string, message: string) => never): ShardRun {
  if (!isJsonObject(v)) return fail('/run', 'must be an object');
  const r: JsonObject = v;
  if (!isJsonObject(r.scenario)) fail('/run/scenario', 'must be a scenario object');
  if (!isCount(r.seed)) fail('/run/seed', 'must be a whole number');
  if (!isCount(r.runs) || r.runs === 0) fail('/run/runs', 'must be a positive whole number');
  if (!(SAMPLING_METHODS as readonly unknown[]).includes(r.sampling)) fail('/run/sampling', `must be one of ${SAMPLING_METHODS.join(', ')}`);
  const engine = r.engine;
  if (!isJsonObject(engine) || engine.name !== 'eastward' || typeof engine.version !== 'string') fail('/run/engine', 'must be { name: "eastward", version }');
  if (typeof r.dataFingerprint !== 'string') fail('/run/dataFingerprint', 'must be a string');
  if (!isCount(r.cells) || r.cells === 0 || r.cells > 1_000_000) fail('/run/cells', 'must be a positive whole number');
  if (r.blockPaths !== BLOCK_PATHS) fail('/run/blockPaths', `must be ${BLOCK_PATHS}: the blocks this engine summarises`);
  const hist = r.histogram;
  const L = DEFAULT_LAYOUT;
  if (!isJsonObject(hist) || hist.relativeAccuracy !== L.relativeAccuracy || hist.minMagnitude !== L.minMagnitude || hist.maxMagnitude !== L.maxMagnitude) {
    fail('/run/histogram', `must be this engine's layout (relative accuracy ${L.relativeAccuracy}, magnitudes ${L.minMagnitude}–${L.maxMagnitude})`);
  }
  return v as unknown as ShardRun & { scenario: Scenario };
}

/**
 * A decoded summary must be the one its header claims: its blocks, the paths in each, a sparse
 * histogram that is sorted, inside the layout, and counts every path of every cell once.
 */
function checkSummary(s: ChunkSummary, run: ShardRun, whole: PathRange, fail: (pointer: string, message: string) => never): ChunkSummary {
  const paths = whole.end - whole.start;
  for (let b = 0; b < s.blockCount; b++) {
    const expected = Math.min(BLOCK_PATHS, whole.end - (whole.start + b * BLOCK_PATHS));
    if (s.blockPaths[b] !== expected) fail('/whole', `block ${s.firstBlock + b} holds ${s.blockPaths[b]} paths, not ${expected}`);
  }
  const binCount = DEFAULT_LAYOUT.binCount;
  if (s.cellStart[0] !== 0 || s.cellStart[run.cells] !== s.bins.length) fail('/whole', 'histogram index is damaged');
  for (let c = 0; c < run.cells; c++) {
    let total = 0;
    let previous = -1;
    if (s.cellStart[c + 1] < s.cellStart[c]) fail('/whole', 'histogram index is damaged');
    for (let k = s.cellStart[c]; k < s.cellStart[c + 1]; k++) {
      if (s.bins[k] <= previous || s.bins[k] >= binCount) fail('/whole', `histogram bins of cell ${c} are out of order or out of range`);
      previous = s.bins[k];
      total += s.binCounts[k];
    }
    if (total !== paths) fail('/whole', `histogram of cell ${c} counts ${total} paths, not ${paths}`);
  }
  return s;
}

/**
 * Read a shard file (a regular file of at most MAX_SHARD_BYTES) and decode it.
 *
 * @example
 * readShardFile('out/a.shard').run.seed; // the run's seed
 */
export function readShardFile(file: string): Shard {
  const read = readRegularBytes(file, MAX_SHARD_BYTES);
  if (!read.ok) throw new ScenarioError([{ file, pointer: '', message: read.reason }]);
  return decodeShard(read.bytes, file);
}
