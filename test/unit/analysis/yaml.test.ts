// The YAML reader of the config files (src/core/frameworks/yaml.ts) against PyYAML itself
// (test/fixtures/yaml/pyyaml.json: what PyYAML 6.0.3's SafeLoader and OmegaConf's loader read),
// and its limits on hostile input.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MAX_YAML_CHARS, MAX_YAML_DEPTH, MAX_YAML_NODES, YamlError, YamlMap, YamlSeq, YamlTimestamp, parseYaml, resolvePlain, type YamlNode, type YamlSchema } from '../../../src/core/frameworks/yaml';
import { floatRepr } from '../../../src/core/python/values';

const ORACLE = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../../test/fixtures/yaml/pyyaml.json'), 'utf8')) as {
  cases: { yaml: string; pyyaml: { value?: unknown; error?: string }; omegaconf: { value?: unknown; error?: string } }[];
};

function tagged(v: YamlNode): unknown {
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'bigint') return { int: v.toString() };
  if (typeof v === 'number') return { float: Number.isNaN(v) ? 'nan' : floatRepr(v) };
  if (v instanceof YamlSeq) return v.items.map(tagged);
  if (v instanceof YamlMap) return { map: [...v.entries.values()].map(([k, x]) => [tagged(k), tagged(x)]) };
  if (v instanceof YamlTimestamp) return { other: 'date' };
  return { other: '?' };
}

describe('YAML reader: PyYAML and OmegaConf semantics', () => {
  for (const schema of ['pyyaml', 'omegaconf'] as const) {
    it(`reads every oracle document as ${schema === 'pyyaml' ? "PyYAML's safe_load" : "OmegaConf's loader"} does (${ORACLE.cases.length} documents)`, () => {
      let compared = 0;
      ORACLE.cases.forEach((c, i) => {
        const want = c[schema];
        let got: { value?: unknown; error?: string };
        try {
          got = { value: tagged(parseYaml(c.yaml, schema)) };
        } catch (e) {
          assert.ok(e instanceof YamlError, `case ${i}: ${String(e)}`);
          got = { error: 'YAMLError' };
        }
        if (want.error) assert.ok(got.error, `case ${i} (${JSON.stringify(c.yaml.slice(0, 60))}): PyYAML raises ${want.error}, got ${JSON.stringify(got.value)}`);
        else assert.deepEqual(got, { value: want.value }, `case ${i}: ${JSON.stringify(c.yaml.slice(0, 80))}`);
        compared++;
      });
      assert.equal(compared, ORACLE.cases.length);
    });
  }

  it('1e-4 is a string for PyYAML (its float needs a dot) and a float for OmegaConf; 1.0e-4 is a float for both', () => {
    const cases: [string, YamlSchema, YamlNode][] = [
      ['1e-4', 'pyyaml', '1e-4'],
      ['1e-4', 'omegaconf', 1e-4],
      ['1e-4', 'pyyaml+float', 1e-4],
      ['1.0e-4', 'pyyaml', 1e-4],
      ['1.0e4', 'pyyaml', '1.0e4'], // PyYAML's exponent needs a sign
      ['1.0e4', 'omegaconf', 1e4],
      ['3e-4', 'omegaconf', 3e-4],
      ['yes', 'pyyaml', true],
      ['0x1A', 'pyyaml', 26n],
      ['017', 'pyyaml', 15n],
      ['1:30', 'pyyaml', 90n],
      ['1_000', 'omegaconf', 1000n],
      ['~', 'omegaconf', null],
    ];
    for (const [text, schema, want] of cases) assert.equal(resolvePlain(text, schema), want, `${text} (${schema})`);
    assert.ok(resolvePlain('2001-12-14', 'pyyaml') instanceof YamlTimestamp);
    assert.equal(resolvePlain('2001-12-14', 'omegaconf'), '2001-12-14', 'OmegaConf drops the timestamp resolver');
  });

  it('duplicate keys: the last wins for PyYAML, OmegaConf refuses the file', () => {
    assert.deepEqual(tagged(parseYaml('a: 1\na: 2\n', 'pyyaml')), { map: [['a', { int: '2' }]] });
    assert.throws(() => parseYaml('a: 1\na: 2\n', 'omegaconf'), /duplicate key a/);
  });

  it('what it does not read says so: complex keys, several documents, other tags', () => {
    assert.throws(() => parseYaml('? a\n: b\n'), /complex mapping keys/);
    assert.throws(() => parseYaml('a: 1\n---\nb: 2\n'), /single document/);
    assert.throws(() => parseYaml('x: !!python/object:os.system ls\n'), /could not determine a constructor/);
  });

  it('hostile: deep nesting, a huge text and too many nodes end in a YamlError, fast', () => {
    const deepBlock = Array.from({ length: MAX_YAML_DEPTH + 5 }, (_, i) => ' '.repeat(i) + `k${i}:`).join('\n') + ' 1\n';
    assert.throws(() => parseYaml(deepBlock), /nests deeper/);
    assert.throws(() => parseYaml('a: ' + '['.repeat(100_000) + ']'.repeat(100_000)), /nests deeper/);
    assert.throws(() => parseYaml('- '.repeat(10_000) + 'x'), /nests deeper/);
    assert.throws(() => parseYaml('a: ' + 'x'.repeat(MAX_YAML_CHARS)), /larger than/);
    assert.throws(() => parseYaml('[' + '1,'.repeat(MAX_YAML_NODES) + '1]'), /more than 200000 nodes/);
    // A long flow sequence over many lines and a long block mapping stay linear.
    const lines = 'a: [\n' + Array.from({ length: 50_000 }, (_, i) => `  ${i},`).join('\n') + '\n]\n';
    const seq = (parseYaml(lines) as YamlMap).get('a') as YamlSeq;
    assert.equal(seq.items.length, 50_000);
    assert.equal(seq.items[49_999], 49_999n);
    const map = parseYaml(Array.from({ length: 50_000 }, (_, i) => `k${i}: ${i}.5`).join('\n')) as YamlMap;
    assert.equal(map.get('k49999'), 49_999.5);
  });

  it('billion laughs: an alias is the node it names, never a copy', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 10; i++) levels.push(`${'abcdefghij'[i]}: &${'abcdefghij'[i]} [${Array(10).fill('*' + 'abcdefghij'[i - 1]).join(', ')}]`);
    const doc = parseYaml(levels.join('\n')) as YamlMap;
    const j = doc.get('j') as YamlSeq;
    assert.equal(j.items.length, 10);
    assert.equal(j.items[0], j.items[9], 'the same node, shared');
    assert.equal((doc.get('i') as YamlSeq).items[0], doc.get('h'));
  });
});
