// The official SARIF 2.1.0 schema (test/fixtures/sarif, vendored from OASIS) compiled with ajv.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { ROOT } from './bundle';

const SCHEMA_FILE = path.join(ROOT, 'test/fixtures/sarif/sarif-schema-2.1.0.json');

/** Every keyword of a schema object tree (to check which draft-04 features it relies on). */
function keywords(node: unknown, out = new Set<string>(), underProperties = false): Set<string> {
  if (Array.isArray(node)) node.forEach((n) => keywords(n, out));
  else if (node && typeof node === 'object')
    for (const [k, v] of Object.entries(node)) {
      if (!underProperties) out.add(k);
      keywords(v, out, !underProperties && (k === 'properties' || k === 'definitions'));
    }
  return out;
}

export function validator() {
  const schema = JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8')) as Record<string, unknown>;
  assert.equal(schema.$schema, 'http://json-schema.org/draft-04/schema#');
  // Ajv 8 speaks draft-07; of the draft-04 keywords whose meaning changed since, the schema uses
  // only the root `id` (no boolean exclusiveMinimum/Maximum), so it is loaded with `id` → `$id`.
  const used = keywords(schema);
  for (const k of ['exclusiveMinimum', 'exclusiveMaximum', 'divisibleBy', 'extends', 'disallow']) assert.ok(!used.has(k), k);
  const { $schema: _draft, id, ...rest } = schema;
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addFormat('date-time', (s: string) => !Number.isNaN(Date.parse(s)) && /^\d{4}-\d\d-\d\dT/.test(s));
  ajv.addFormat('uri', (s: string) => {
    try {
      return !!new URL(s).protocol;
    } catch {
      return false;
    }
  });
  ajv.addFormat('uri-reference', (s: string) => !/\s/.test(s));
  return ajv.compile({ $id: String(id), ...rest });
}

