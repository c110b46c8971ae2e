// Notebooks in the CLI: the code cells joined as the editor joins them (src/core/model/cells.ts),
// findings reported by cell and line, and positions mapped onto the .ipynb text itself.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { concatCells } from '../../../src/core/model/cells';
import { placeIn, readNotebook, type Notebook } from '../../../src/cli/notebook';
import { buildCli, cli, ROOT, STACK } from './bundle';

const SCHEDULE = path.join(ROOT, 'test/fixtures/workspace/schedule.ipynb');
const STEP_ORDER = path.join(ROOT, 'test/fixtures/workspace/step-order.ipynb');

function nbJson(cells: { type?: string; source: string[] | string; lang?: string }[], language = 'python'): string {
  return JSON.stringify(
    {
      cells: cells.map((c) => ({ cell_type: c.type ?? 'code', metadata: c.lang ? { vscode: { languageId: c.lang } } : {}, source: c.source, outputs: [], execution_count: null })),
      metadata: { kernelspec: { language, name: language }, language_info: { name: language } },
      nbformat: 4,
      nbformat_minor: 5,
    },
    null,
    1,
  );
}

function tmp(name: string, text: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lrlens-nb-')), name);
  fs.writeFileSync(file, text);
  return file;
}

describe('cli: notebooks', function () {
  this.timeout(120_000);
  before(() => buildCli());

  it('joins the Python code cells exactly as the editor does (concatCells)', () => {
    const raw = nbJson([
      { type: 'markdown', source: ['# title'] },
      { source: ['import torch\n', 'opt = torch.optim.SGD(p, lr=0.1)'] },
      { source: '%%R\nx <- 1', lang: 'r' },
      { source: 'sched = torch.optim.lr_scheduler.StepLR(opt, 10)\n' },
    ]);
    const nb = readNotebook(raw) as Notebook;
    assert.ok(!('error' in nb));
    assert.equal(nb.text, concatCells(['import torch\nopt = torch.optim.SGD(p, lr=0.1)', 'sched = torch.optim.lr_scheduler.StepLR(opt, 10)\n'], 0).text);
    assert.deepEqual(nb.cells.map((c) => c.index), [1, 3]);
    assert.deepEqual(nb.cellLines, [0, 2]);
    // Line 2 of the joined text is the first line of cell 4 (markdown and R cells counted).
    const p = placeIn(nb, 2, 8) as NonNullable<ReturnType<typeof placeIn>>;
    assert.equal(p.cell, 4);
    assert.equal(p.cellLine, 1);
    assert.equal(p.cellColumn, 9);
    const fileLine = raw.split('\n')[p.fileLine - 1];
    assert.equal(fileLine.slice(p.fileColumn - 1, p.fileColumn - 1 + 'torch.optim'.length), 'torch.optim');
  });

  it('maps columns through JSON escapes onto the .ipynb line', () => {
    const raw = nbJson([{ source: ['s = "a\\tb" \\\n', '\tx = "q"; y = 1\n'] }]);
    const nb = readNotebook(raw) as Notebook;
    const lines = raw.split('\n');
    // Cell line 2 is `\tx = "q"; y = 1`: `y` is at character 10.
    const p = placeIn(nb, 1, 10) as NonNullable<ReturnType<typeof placeIn>>;
    assert.equal(lines[p.fileLine - 1][p.fileColumn - 1], 'y');
    const q = placeIn(nb, 0, 4) as NonNullable<ReturnType<typeof placeIn>>;
    // The quote at character 4 is written \" in the JSON: the column is where its escape starts.
    assert.equal(lines[q.fileLine - 1].slice(q.fileColumn - 1, q.fileColumn + 2), '\\"a');
  });

  it('not a notebook, or not Python: a clear message and exit 1, never a stack trace', () => {
    for (const [text, why] of [
      ['{"cells": [', /not a notebook \(invalid JSON/],
      ['{"nbformat": 4}', /not a notebook \(no "cells" list\)/],
      [nbJson([{ source: 'x <- 1' }], 'R'), /not a Python notebook \(language r\)/],
    ] as const) {
      const r = cli(['analyze', tmp('bad.ipynb', text)]);
      assert.equal(r.code, 1);
      assert.match(r.err, why);
      assert.doesNotMatch(r.err, STACK);
    }
  });

  it('analyze finds the scheduler of a notebook (it was "0 schedulers"), by cell and line, with the curve of the joined cells', () => {
    const t = cli(['analyze', SCHEDULE]);
    assert.equal(t.code, 0, t.err);
    assert.match(t.out, /schedule\.ipynb: 1 scheduler in 3 Python code cells/);
    assert.match(t.out, /#0 scheduler = OneCycleLR {2}\[torch\] {2}cell 3, line 2/);
    const j = JSON.parse(cli(['analyze', SCHEDULE, '--json']).out);
    assert.equal(j.notebook, true);
    const s = j.schedulers[0];
    assert.equal(s.cell, 3);
    assert.equal(s.line, 2);
    assert.equal(s.steps, 1000);
    // The same curve as the joined code cells analyzed as one Python file.
    const nb = readNotebook(fs.readFileSync(SCHEDULE, 'utf8')) as Notebook;
    const py = JSON.parse(cli(['analyze', tmp('joined.py', nb.text), '--json']).out).schedulers[0];
    assert.deepEqual(s.lr, py.lr);
    assert.equal(s.lr.length, 1001);
  });

  it('diagnostics of a notebook: the loop cell steps the scheduler of the cell above before the optimizer', () => {
    const r = cli(['diagnostics', STEP_ORDER]);
    assert.equal(r.code, 0, r.err);
    const raw = fs.readFileSync(STEP_ORDER, 'utf8').split('\n');
    const m = /^.*step-order\.ipynb:(\d+):(\d+) warning step-order .*\(cell 3, line 4\)$/.exec(r.out.trimEnd());
    assert.ok(m, r.out);
    assert.equal(raw[Number(m[1]) - 1].slice(Number(m[2]) - 1).startsWith('scheduler.step()'), true);
    const j = JSON.parse(cli(['diagnostics', STEP_ORDER, '--json']).out);
    assert.equal(j.notebook, true);
    assert.equal(j.diagnostics.length, 1);
    const d = j.diagnostics[0];
    assert.deepEqual([d.rule, d.cell, d.line, d.column], ['step-order', 3, 4, 9]);
    // Line numbers inside the message count from the cell's start (line 5 of the loop cell).
    assert.match(d.message, /before `optimizer\.step\(\)` \(line 5\)/);
    assert.ok(!('fix' in d) && !('range' in d), 'offsets into the joined cells are not the file');
  });
});
