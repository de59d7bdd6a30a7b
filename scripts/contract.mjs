// The scenario contract's TypeScript types and its precompiled validator, generated from the one
// JSON Schema. `npm run contract` writes src/scenario/scenario.generated.ts and
// src/scenario/scenarioValidator.generated.ts; test/contract.test.ts checks that the committed
// files are what this makes, so neither can drift from the schema.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileFromFile } from 'json-schema-to-typescript';
import { Ajv2020 } from 'ajv/dist/2020.js';
import standaloneCode from 'ajv/dist/standalone/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const schemaFile = path.join(root, 'schemas', 'scenario.schema.json');
export const generatedFile = path.join(root, 'src', 'scenario', 'scenario.generated.ts');
export const validatorFile = path.join(root, 'src', 'scenario', 'scenarioValidator.generated.ts');

/** The generated TypeScript text for the current schema. */
export async function generateContract() {
  return compileFromFile(schemaFile, {
    cwd: path.dirname(schemaFile),
    unreachableDefinitions: true,
    // Bounded arrays as plain arrays: the schema, not the type, enforces their lengths.
    maxItems: -1,
    additionalProperties: false,
    bannerComment: '/* Generated from schemas/scenario.schema.json by json-schema-to-typescript (npm run contract). Do not edit by hand. */',
  });
}

/**
 * The schema's validator as ajv's standalone code (the options src/scenario/load.ts relied on when
 * it compiled the schema in every process, ~0.5 s): an ES module whose default export is the
 * validate function. ajv's output `require`s a few runtime helpers even as ESM: the module gets a
 * `require` of its own (createRequire), which loads them as Node and vitest both do for CommonJS.
 */
export async function generateValidator() {
  const ajv = new Ajv2020({ allErrors: true, strict: true, code: { source: true, esm: true } });
  const validate = ajv.compile(JSON.parse(readFileSync(schemaFile, 'utf8')));
  return [
    '// @ts-nocheck',
    '/* Generated from schemas/scenario.schema.json by ajv standalone code (npm run contract). Do not edit by hand. */',
    "import { createRequire } from 'node:module';",
    'const require = createRequire(import.meta.url);',
    standaloneCode.default(ajv, validate),
    '',
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(generatedFile, await generateContract());
  writeFileSync(validatorFile, await generateValidator());
  process.stdout.write(`wrote ${path.relative(root, generatedFile)} and ${path.relative(root, validatorFile)}\n`);
}
