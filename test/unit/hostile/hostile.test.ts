// Hostile inputs (test/fixtures/hostile, one file each, from issue 14 and its classes): each is
// analyzed and simulated in a child process capped at 256 MB of heap, and must end cleanly (exit 0,
// no V8 fatal error, no stack trace) within its time bound and under 500 MB resident, with the
// message its `# expect:` lines name (regexes) and the values its `# expect-param: name=value` lines name.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { HostileReport } from './runOne';

const ROOT = path.resolve(__dirname, '../../../..');
const DIR = path.join(ROOT, 'test/fixtures/hostile');
const RUNNER = path.join(__dirname, 'runOne.js');
/** Wall-clock bound of one case, child process start included (a loaded 2-core machine). */
const TIME_LIMIT_MS = 20_000;
const HEAP_MB = 256;
const RSS_LIMIT_MB = 500;

const HEAD = 'import torch\noptimizer = torch.optim.SGD(model.parameters(), lr=0.1)';
/** The long ones, written at test time (thousands of lines each) rather than kept in the repository. */
const GENERATED: Record<string, string> = {
  // Issue 14: 1,000 chained rebinds gave step_size 414 and a stack overflow.
  'rebind_chain.py': ['# expect-param: step_size=1001', HEAD, 'x = 0', ...Array<string>(1001).fill('x = x + 1'), 'scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=x)'].join('\n'),
  'name_chain.py': ['# expect-param: step_size=2001', HEAD, 'a0 = 1', ...Array.from({ length: 2000 }, (_, i) => `a${i + 1} = a${i} + 1`), 'scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=a2000)'].join('\n'),
  // Config files (issue 16): billion laughs through OmegaConf's copies, deep nesting, interpolations doubling a string at each level.
  'yaml_laughs.py': [
    '# expect: expands to more than 100000 values',
    'from omegaconf import OmegaConf',
    HEAD,
    'cfg = OmegaConf.create("""',
    'a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]',
    ...Array.from({ length: 9 }, (_, i) => `${'bcdefghij'[i]}: &${'bcdefghij'[i]} [${Array(10).fill('*' + 'abcdefghij'[i]).join(', ')}]`),
    'step: 3',
    '""")',
    'scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=cfg.step)',
  ].join('\n'),
  'yaml_deep.py': [
    '# expect: could not be read as YAML: the document nests deeper than 64 levels',
    'import yaml',
    HEAD,
    'cfg = yaml.safe_load("""',
    ...Array.from({ length: 80 }, (_, i) => ' '.repeat(i) + `k${i}:`),
    '""")',
    'scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=cfg["step"])',
  ].join('\n'),
  'yaml_interpolation_doubling.py': [
    '# expect-param: step_size=3',
    'from omegaconf import OmegaConf',
    HEAD,
    'cfg = OmegaConf.create("""',
    'step: ${.n}',
    'n: 3',
    'x0: aaaaaaaaaaaaaaaa',
    ...Array.from({ length: 30 }, (_, i) => `x${i + 1}: "\${x${i}}\${x${i}}"`),
    '""")',
    'scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=cfg.step)',
  ].join('\n'),
  'long_expression.py': ['# expect: (nesting too deep|Skipped a statement|Skipped an expression nested|could not be parsed|Parsing stopped early)', HEAD, 'x = (1', ...Array<string>(30000).fill('    + 1'), ')', 'scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=x)'].join('\n'),
};

describe('hostile inputs: each ends with a clear message in bounded time and memory (child process)', function () {
  this.timeout(TIME_LIMIT_MS + 10_000);
  const tmp = mkdtempSync(path.join(tmpdir(), 'lrlens-hostile-'));
  for (const [name, text] of Object.entries(GENERATED)) writeFileSync(path.join(tmp, name), `${text}\n`);
  after(() => rmSync(tmp, { recursive: true, force: true }));
  const files = [...readdirSync(DIR).filter((f) => f.endsWith('.py')).map((f) => path.join(DIR, f)), ...Object.keys(GENERATED).map((f) => path.join(tmp, f))];
  for (const file of files.sort((a, b) => path.basename(a).localeCompare(path.basename(b)))) {
    const name = path.basename(file);
    it(name, () => {
      const src = readFileSync(file, 'utf8');
      const expects = [...src.matchAll(/^# expect: (.*)$/gm)].map((m) => new RegExp(m[1]));
      const params = [...src.matchAll(/^# expect-param: (\w+)=(.*)$/gm)].map((m) => [m[1], JSON.parse(m[2])] as const);
      assert.ok(expects.length + params.length > 0, `${name} names what it expects`);
      const t0 = performance.now();
      const r = spawnSync(process.execPath, [`--max-old-space-size=${HEAP_MB}`, RUNNER, file], { encoding: 'utf8', timeout: TIME_LIMIT_MS, maxBuffer: 16 << 20 });
      const ms = performance.now() - t0;
      assert.equal(r.signal, null, `${name}: killed by ${r.signal} after ${ms.toFixed(0)} ms\n${r.stderr.slice(0, 2000)}`);
      assert.equal(r.status, 0, `${name}: exit ${r.status}\n${r.stderr.slice(0, 2000)}`);
      assert.equal(r.stderr, '', `${name} printed on stderr`);
      const report = JSON.parse(r.stdout) as HostileReport;
      assert.ok(report.maxRssMb < RSS_LIMIT_MB, `${name}: ${report.maxRssMb.toFixed(0)} MB resident`);
      for (const re of expects) assert.ok(report.messages.some((m) => re.test(m)), `${name}: no message matches ${re}; got ${JSON.stringify(report.messages, null, 1)}`);
      for (const [k, v] of params) assert.ok(report.params.some((p) => p[k] === v), `${name}: no scheduler has ${k}=${v}; got ${JSON.stringify(report.params)}`);
      for (const m of report.messages) assert.doesNotMatch(m, /Internal analysis error|^Analysis failed|\n\s+at /, `${name}: ${m}`);
    });
  }
});
