// Code review formats: `diagnostics --format sarif` validated against the official SARIF 2.1.0
// schema (test/fixtures/sarif, vendored from OASIS) with a real JSON-schema validator, and
// `--format github` workflow commands with the toolkit's escaping.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RULES } from '../../../src/core/lint/index';
import { escapeData, escapeProperty } from '../../../src/cli/formats/diagnostics';
import { buildCli, cli, ROOT } from './bundle';
import { validator } from './sarifSchema';

const DIAG = path.join(ROOT, 'test/fixtures/scripts/diagnostics');
const NOTEBOOK = path.join(ROOT, 'test/fixtures/workspace/step-order.ipynb');

function tmpDir(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lrlens-sarif-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe('cli: SARIF and GitHub annotations', function () {
  this.timeout(120_000);
  before(() => buildCli());

  it('the validator rejects what is not SARIF 2.1.0 (it really checks)', () => {
    const validate = validator();
    assert.equal(validate({ version: '2.1.0', runs: [] }), true);
    assert.equal(validate({ version: '2.0.0', runs: [] }), false);
    assert.equal(validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] }), false, 'driver.name is required');
    assert.equal(validate({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: 'm' }, level: 'fatal' }] }] }), false);
  });

  it('diagnostics --format sarif of every rule fixture is valid SARIF 2.1.0 with rule ids and help text', () => {
    const validate = validator();
    const files = fs.readdirSync(DIAG).filter((f) => f.endsWith('.py') && !f.endsWith('.ok.py')).map((f) => path.join('test/fixtures/scripts/diagnostics', f));
    const r = cli(['diagnostics', ...files, '--format', 'sarif'], { cwd: ROOT });
    assert.ok(r.code === 0 || r.code === 1, r.err);
    const log = JSON.parse(r.out);
    assert.equal(validate(log), true, JSON.stringify(validate.errors, null, 1));
    const run = log.runs[0];
    assert.equal(run.tool.driver.name, 'LR Lens');
    assert.deepEqual(run.tool.driver.rules.map((x: { id: string }) => x.id), RULES.map((x) => x.id));
    for (const rule of run.tool.driver.rules) {
      assert.ok(rule.help.text.includes(`# lr-lens: ignore[${rule.id}]`), rule.id);
      assert.ok(rule.shortDescription.text.length > 10 && rule.fullDescription.text.length >= rule.shortDescription.text.length, rule.id);
    }
    // Every rule fires on its fixture, on the line the diagnostics command gives.
    const seen = new Set(run.results.map((x: { ruleId: string }) => x.ruleId));
    for (const rule of RULES) assert.ok(seen.has(rule.id), rule.id);
    for (const res of run.results) {
      assert.equal(run.tool.driver.rules[res.ruleIndex].id, res.ruleId);
      const loc = res.locations[0].physicalLocation;
      assert.equal(loc.artifactLocation.uriBaseId, '%SRCROOT%');
      assert.match(loc.artifactLocation.uri, /^test\/fixtures\/scripts\/diagnostics\/[a-z-]+\.py$/);
      const text = cli(['diagnostics', path.join(ROOT, loc.artifactLocation.uri), '--json']).out;
      const d = JSON.parse(text).diagnostics.find((x: { rule: string; line: number }) => x.rule === res.ruleId && x.line === loc.region.startLine);
      assert.ok(d, `${res.ruleId} at ${loc.artifactLocation.uri}:${loc.region.startLine}`);
      assert.equal(loc.region.startColumn, d.column);
      assert.equal(res.message.text, d.message);
      assert.equal(res.level, d.severity === 'info' ? 'note' : d.severity);
    }
  });

  it('a notebook in SARIF points at the line of the .ipynb that holds the code, and names the cell', () => {
    const validate = validator();
    const dir = tmpDir({ 'nb/step order.ipynb': fs.readFileSync(NOTEBOOK, 'utf8') });
    const r = cli(['diagnostics', 'nb/step order.ipynb', '--format', 'sarif'], { cwd: dir });
    const log = JSON.parse(r.out);
    assert.equal(validate(log), true, JSON.stringify(validate.errors, null, 1));
    const [res] = log.runs[0].results;
    assert.equal(res.ruleId, 'step-order');
    const loc = res.locations[0].physicalLocation;
    assert.equal(loc.artifactLocation.uri, 'nb/step%20order.ipynb');
    const fileLines = fs.readFileSync(NOTEBOOK, 'utf8').split('\n');
    const line = fileLines[loc.region.startLine - 1];
    assert.equal(line.slice(loc.region.startColumn - 1, loc.region.endColumn - 1), 'scheduler.step()');
    assert.deepEqual(res.properties, { cell: 3, cellLine: 4, cellColumn: 9 });
    assert.match(res.message.text, /\(cell 3, line 4\)$/);
  });

  it('an unreadable path is a failed invocation, still valid SARIF, exit 1', () => {
    const validate = validator();
    const r = cli(['diagnostics', 'missing.py', '--format', 'sarif'], { cwd: tmpDir({}) });
    assert.equal(r.code, 1);
    const log = JSON.parse(r.out);
    assert.equal(validate(log), true, JSON.stringify(validate.errors, null, 1));
    assert.equal(log.runs[0].invocations[0].executionSuccessful, false);
    assert.match(log.runs[0].invocations[0].toolExecutionNotifications[0].message.text, /cannot read 'missing\.py': no such file/);
  });

  it('--format github: one workflow command per diagnostic, properties and message escaped', () => {
    const dir = tmpDir({ 'a,b:c.py': fs.readFileSync(path.join(DIAG, 'step-order.py'), 'utf8') });
    const r = cli(['diagnostics', 'a,b:c.py', '--format', 'github'], { cwd: dir });
    assert.equal(r.code, 0, r.err);
    const lines = r.out.trimEnd().split('\n');
    const json = JSON.parse(cli(['diagnostics', 'a,b:c.py', '--json'], { cwd: dir }).out).diagnostics;
    assert.equal(lines.length, json.length);
    const m = /^::warning file=a%2Cb%3Ac\.py,line=(\d+),col=(\d+),(?:endColumn=\d+,)?title=LR Lens%3A step-order::(.*)$/.exec(lines[0]);
    assert.ok(m, lines[0]);
    assert.equal(Number(m[1]), json[0].line);
    assert.equal(Number(m[2]), json[0].column);
    assert.equal(m[3], escapeData(json[0].message));
    assert.equal(escapeData('50% done\r\nnext'), '50%25 done%0D%0Anext');
    assert.equal(escapeProperty('a:b,c%\n'), 'a%3Ab%2Cc%25%0A');
  });
});
