/**
 * Walk a document alongside the scenario schema, listing every value with the schema node that
 * governs it. The invalid-input tests use it to aim mutations (a number out of range, a required
 * key removed, an unknown key added) at real places in real scenarios.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { root } from './helpers.js';

export interface SchemaNode {
  type?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMaximum?: number;
  required?: string[];
  properties?: Record<string, SchemaNode>;
  additionalProperties?: boolean | SchemaNode;
  items?: SchemaNode;
  enum?: unknown[];
  $ref?: string;
}

export const schema = JSON.parse(readFileSync(path.join(root, 'schemas', 'scenario.schema.json'), 'utf8')) as SchemaNode & { $defs: Record<string, SchemaNode> };

function resolve(node: SchemaNode): SchemaNode {
  return node.$ref ? schema.$defs[node.$ref.replace('#/$defs/', '')] : node;
}

export interface Place {
  readonly pointer: string;
  readonly node: SchemaNode;
  readonly value: unknown;
}

/** Every place in `doc` (depth first), with its schema node. */
export function places(doc: unknown, node: SchemaNode = schema, pointer = ''): Place[] {
  const n = resolve(node);
  const out: Place[] = [{ pointer, node: n, value: doc }];
  if (Array.isArray(doc) && n.items) doc.forEach((v, i) => out.push(...places(v, n.items!, `${pointer}/${i}`)));
  else if (doc && typeof doc === 'object' && n.properties) {
    for (const [k, v] of Object.entries(doc)) if (n.properties[k]) out.push(...places(v, n.properties[k], `${pointer}/${k}`));
  }
  return out;
}

/** Set the value at a JSON pointer (no escaping needed: scenario keys have no '/' or '~'). */
export function setAt(doc: unknown, pointer: string, value: unknown): void {
  const keys = pointer.slice(1).split('/');
  let cur = doc as Record<string, unknown>;
  for (const k of keys.slice(0, -1)) cur = cur[k] as Record<string, unknown>;
  cur[keys[keys.length - 1]] = value;
}

export function deleteAt(doc: unknown, pointer: string): void {
  const keys = pointer.slice(1).split('/');
  let cur = doc as Record<string, unknown>;
  for (const k of keys.slice(0, -1)) cur = cur[k] as Record<string, unknown>;
  delete cur[keys[keys.length - 1]];
}
