// Several files and folders at once: one summary, and an exit code a CI job can use.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expandPaths } from '../../../src/cli/walk';
import { buildCli, cli, ROOT } from './bundle';

const DIAG = path.join(ROOT, 'test/fixtures/scripts/diagnostics');

function tree(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lrlens-dir-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const read = (f: string) => fs.readFileSync(path.join(DIAG, f), 'utf8');

describe('cli: folders and several files', function () {
  this.timeout(120_000);
  before(() => buildCli());

  it('walks .py and .ipynb files in order, skipping hidden folders, caches and virtualenvs', () => {
    const dir = tree({
      'b.py': '',
      'a/x.ipynb': '{"cells": []}',
      'a/y.txt': '',
      '.venv/lib/z.py': '',
      'node_modules/m.py': '',
      'a/__pycache__/c.py': '',
      'venv/lib/v.py': '',
    });
    assert.deepEqual(
      expandPaths([dir]).files.map((f) => path.relative(dir, f)),
      ['a/x.ipynb', 'b.py'],
    );
  });

  it('diagnostics DIR: every file, one summary line, exit 1 only for an error (or with --fail-on)', () => {
    const dir = tree({ 'ok.py': read('step-order.ok.py'), 'warn/step-order.py': read('step-order.py'), 'err/poly.py': read('poly-lr-end.py') });
    const r = cli(['diagnostics', dir]);
    assert.equal(r.code, 1, 'poly-lr-end is an error');
    const lines = r.out.trimEnd().split('\n');
    assert.ok(lines.some((l) => l.includes('err/poly.py:') && / error poly-lr-end /.test(l)), r.out);
    assert.ok(lines.some((l) => l.includes('warn/step-order.py:') && / warning step-order /.test(l)), r.out);
    assert.equal(lines[lines.length - 1], '3 files; 1 error, 1 warning, 0 info');
    const j = JSON.parse(cli(['diagnostics', dir, '--json']).out);
    assert.deepEqual(j.summary, { files: 3, unreadable: [], error: 1, warning: 1, info: 0 });
    assert.deepEqual(j.files.map((f: { file: string }) => f.file), ['poly.py', 'ok.py', 'step-order.py']);

    const clean = tree({ 'ok.py': read('step-order.ok.py'), 'warn.py': read('step-order.py') });
    assert.equal(cli(['diagnostics', clean]).code, 0);
    assert.equal(cli(['diagnostics', clean, '--fail-on', 'warning']).code, 1);
  });

  it('analyze with several files: every report, then one summary; an unreadable file fails the run', () => {
    const dir = tree({ 'a.py': read('step-order.py'), 'b.py': read('tmax-short.ok.py') });
    const files = [path.join(dir, 'a.py'), path.join(dir, 'b.py')];
    const t = cli(['analyze', ...files]);
    assert.equal(t.code, 0, t.err);
    assert.match(t.out, /a\.py: 1 scheduler[\s\S]*b\.py: 1 scheduler/);
    assert.match(t.out, /\n2 files; 2 schedulers; 0 errors, 1 warning, 0 info\n$/);
    const j = JSON.parse(cli(['analyze', ...files, '--json']).out);
    assert.equal(j.files.length, 2);
    assert.deepEqual(j.summary, { files: 2, unreadable: [], schedulers: 2, error: 0, warning: 1, info: 0 });
    const missing = cli(['analyze', ...files, path.join(dir, 'nope.py')]);
    assert.equal(missing.code, 1);
    assert.match(missing.err, /cannot read '.*nope\.py': no such file/);
    assert.match(missing.out, /3 files; 2 schedulers; 0 errors, 1 warning, 0 info; 1 could not be read/);
    // A folder without Python files says so.
    const empty = cli(['analyze', tree({ 'notes.txt': '' })]);
    assert.equal(empty.code, 1);
    assert.match(empty.err, /no \.py or \.ipynb file under/);
    // CSV is one curve table: one file only.
    assert.equal(cli(['analyze', ...files, '--format', 'csv']).code, 2);
  });
});
