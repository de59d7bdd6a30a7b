// The scenario contract's TypeScript types, generated from the one JSON Schema.
// `npm run contract` writes src/scenario/scenario.generated.ts; test/contract.test.ts checks that
// the committed file is what this makes, so the types can never drift from the schema.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileFromFile } from 'json-schema-to-typescript';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const schemaFile = path.join(root, 'schemas', 'scenario.schema.json');
export const generatedFile = path.join(root, 'src', 'scenario', 'scenario.generated.ts');

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

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(generatedFile, await generateContract());
  process.stdout.write(`wrote ${path.relative(root, generatedFile)}\n`);
}
