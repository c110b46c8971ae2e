// One curve per scheduler on every surface (issue 15): for every fixture script and example, the
// code lens, hover, inline preview, diagnostics, chart page (its own recompute), CSV export and CLI
// JSON describe the same curve as the document model — same rows to 1e-12, same run length, same
// assumptions — and again after an assumption is edited (in the chart page, or with --assume).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RuleContext } from '../../../src/core/lint/context';
import { modelWithFiles } from '../../../src/cli/files';
import type { SchedulerFinding } from '../../../src/core/model/types';
import type { Curve } from '../../../src/core/engine/spec';
import { hoverMarkdown } from '../../../src/core/present/hoverMarkdown';
import { analyzeOptionsOf, DEFAULT_INPUTS, DocumentModel, type ModelInputs } from '../../../src/core/model/documentModel';
import { findingsToModels } from '../../../src/features/chart/protocol/models';
import type { AnalysisInput, CurveData, StateMessage } from '../../../src/features/chart/protocol/messages';
import { inlinePreviewText, lensTitle } from '../../../src/core/present/summary';
import { LiveRecompute, type PageEdits } from '../../../webview/live';
import { distinctLabels, toCsv, type Entry } from '../../../webview/viewModel';
import { cli, ROOT } from '../cli/bundle';

const TOL = 1e-12;
const INPUTS: ModelInputs = { ...DEFAULT_INPUTS, timeLimitMs: 600_000 };
const NONE: PageEdits = { edits: {}, steps: {}, assumptions: {} };

/**
 * The fixture scripts and examples, and (to check real scripts by hand, never committed) the .py
 * files of the folders in LRLENS_EXTRA_SCRIPTS (colon-separated absolute paths).
 */
function scripts(): string[] {
  const dirs = ['examples', 'test/fixtures/scripts', 'test/fixtures/scripts/issue13', ...(process.env.LRLENS_EXTRA_SCRIPTS ?? '').split(':').filter(Boolean)];
  return dirs.flatMap((d) => {
    const dir = path.resolve(ROOT, d);
    return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.py')).map((f) => path.relative(ROOT, path.join(dir, f))).sort() : [];
  });
}

/** Relative difference of two values (exact equality for non-finite ones). */
function differs(a: number, b: number): boolean {
  if (!Number.isFinite(a) || !Number.isFinite(b)) return !Object.is(a, b);
  return Math.abs(a - b) > TOL * Math.max(1, Math.abs(a), Math.abs(b));
}

function sameRows(what: string, got: { rows: number; groups: number; lr: ArrayLike<number> }, want: Curve): void {
  assert.equal(got.rows, want.rows, `${what}: rows`);
  assert.equal(got.groups, want.groups, `${what}: groups`);
  for (let i = 0; i < want.rows * want.groups; i++) {
    if (differs(got.lr[i], want.lr[i])) assert.fail(`${what}: row ${Math.floor(i / want.groups)} group ${i % want.groups}: ${got.lr[i]} ≠ ${want.lr[i]}`);
  }
}

const asCurve = (c: CurveData): Curve => ({ groups: c.groups, rows: c.rows, lr: Float64Array.from(c.lr), ...(c.error ? { error: c.error } : {}) });

/** What src/features/chart/host/chartPanel.ts posts: the document model's findings, callables drawn from its curves. */
function hostState(text: string, model: DocumentModel): Pick<StateMessage, 'models' | 'overrides' | 'analysisInput'> {
  const o = analyzeOptionsOf(model.inputs);
  const input: AnalysisInput = {
    text,
    options: { defaultRunLength: o.defaultRunLength!, defaultDatasetSize: o.defaultDatasetSize!, timeLimitMs: model.inputs.timeLimitMs!, ...(o.files ? { files: { ...o.files } } : {}) },
  };
  return { models: findingsToModels(model.schedulers, { curveOf: (f) => model.curve(f) }), overrides: { ...model.inputs.overrides }, analysisInput: input };
}

/** CSV columns of `entries` parsed back: header → values by row (empty cells are absent). */
function csvColumns(csv: string): Map<string, (number | undefined)[]> {
  const lines = csv.trimEnd().split('\n');
  const head = lines[0].split(',');
  const cols = new Map<string, (number | undefined)[]>(head.map((h) => [h, []]));
  for (const l of lines.slice(1)) {
    const cells = l.split(',');
    head.forEach((h, j) => cols.get(h)!.push(cells[j] === '' ? undefined : Number(cells[j])));
  }
  return cols;
}

interface CliScheduler {
  id: number;
  kind: string;
  steps: number;
  lr: number[][];
  assumptions: { name: string; value: number | string }[];
}

function cliJson(file: string, assume: Record<string, number | string> = {}): CliScheduler[] {
  const args = ['analyze', path.join(ROOT, file), '--format', 'json', ...Object.entries(assume).flatMap(([k, v]) => ['--assume', `${k}=${v}`])];
  const r = cli(args);
  assert.ok(r.code === 0 || r.code === 1, `${file}: CLI exit ${r.code}: ${r.err}`);
  return (JSON.parse(r.out) as { schedulers: CliScheduler[] }).schedulers;
}

const top = (m: DocumentModel) => m.schedulers.filter((f) => f.parent === null && !f.incomplete);

/** Every surface against the model, for one text and one set of inputs; `page` the chart page's own entries. */
function checkSurfaces(file: string, text: string, model: DocumentModel, pageEntries: Entry[], cliRows: CliScheduler[]): number {
  const ctx = new RuleContext(model.analysis, text);
  const csv = csvColumns(toCsv(pageEntries));
  let compared = 0;
  for (const f of top(model)) {
    const fc = model.curveOf(f);
    const curve = fc.curve;
    const what = `${file} #${f.id} ${f.kind}`;
    // Chart page (the page's own recompute of JSON specs; callables as the host sent them).
    const entry = pageEntries.find((e) => e.model.id === f.id);
    assert.ok(entry, `${what}: drawn in the chart`);
    sameRows(`${what}: chart`, entry.curve, curve);
    assert.equal(entry.model.steps, f.timm ? curve.rows - 1 : fc.steps, `${what}: chart run length`);
    assert.deepEqual(entry.model.assumptions.map((a) => [a.name, a.value]), f.assumptions.map((a) => [a.name, a.value]), `${what}: chart assumptions`);
    // What the lens, hover and inline preview print from the chart's curve is what they print from the model's.
    const pageCurve = asCurve(entry.curve);
    assert.equal(lensTitle(f, pageCurve), lensTitle(f, curve), `${what}: lens`);
    const shown: SchedulerFinding = { ...f, assumptions: model.assumptionsOf(f) };
    assert.equal(hoverMarkdown('file:///x.py', shown, pageCurve), hoverMarkdown('file:///x.py', shown, curve), `${what}: hover`);
    assert.equal(inlinePreviewText(f, pageCurve), inlinePreviewText(f, curve), `${what}: inline preview`);
    // CSV export of the page: the first group's column, on the step axis for per-step schedules.
    if (f.unit !== 'epoch' && curve.rows > 0) {
      const head = `${distinctLabels(pageEntries.map((e) => e.model)).get(f.id)}${curve.groups > 1 ? ' group 0' : ''} lr`;
      const col = [...csv.entries()].find(([h]) => h === head || h === `"${head.replace(/"/g, '""')}"`);
      assert.ok(col, `${what}: a CSV column (${[...csv.keys()].join(' | ')})`);
      for (let k = 0; k < curve.rows; k++) if (differs(col[1][k] ?? NaN, curve.lr[k * curve.groups])) assert.fail(`${what}: CSV row ${k}: ${col[1][k]} ≠ ${curve.lr[k * curve.groups]}`);
    }
    // Diagnostics: the lint rules' lr at each step of the run (not for timm, whose rules read calls).
    if (!f.timm && curve.rows > 0) {
      const lrs = ctx.lrs(f, fc.steps);
      for (let k = 0; k < curve.rows; k++) if (differs(lrs[k], curve.lr[k * curve.groups])) assert.fail(`${what}: lint lr at ${k}: ${lrs[k]} ≠ ${curve.lr[k * curve.groups]}`);
    }
    // CLI JSON: the same run (timm: the engine's one row per call, the same simulation unfolded).
    const c = cliRows.find((s) => s.id === f.id);
    assert.ok(c, `${what}: in the CLI JSON`);
    assert.equal(c.kind, f.kind);
    assert.equal(c.steps, fc.steps, `${what}: CLI run length`);
    const rows = fc.calls ?? curve;
    sameRows(`${what}: CLI`, { rows: c.lr.length, groups: c.lr[0]?.length ?? rows.groups, lr: c.lr.flat() }, rows);
    assert.deepEqual(c.assumptions.map((a) => [a.name, a.value]), model.assumptionsOf(f).map((a) => [a.name, a.value]), `${what}: CLI assumptions`);
    compared++;
  }
  return compared;
}

describe('one curve per scheduler on every surface (DocumentModel)', function () {
  this.timeout(300_000);
  const files = scripts();
  it('finds the fixture scripts and examples', () => {
    assert.ok(files.length >= 20, files.join(', '));
  });
  let total = 0;
  let edited = 0;
  for (const file of files) {
    it(file, () => {
      const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
      // The config files the script reads (a ds_config JSON beside it), as the editor and the CLI read them.
      const model = modelWithFiles(text, path.join(ROOT, file), INPUTS);
      const host = hostState(text, model);
      const page = new LiveRecompute().compute(host, NONE);
      assert.equal(page.plan, 'host-models');
      total += checkSurfaces(file, text, model, page.entries, cliJson(file));

      // An assumption edited in the chart: the page reruns the analysis with it; the host's model of
      // the same overrides (what lens, hover, inline preview and diagnostics read) and the CLI's
      // --assume give the same curves.
      const a = model.analysis.assumptions.find((x) => typeof x.value === 'number' && Number.isFinite(x.value) && x.value > 2);
      if (!a) return;
      const overrides = { [a.name]: Math.max(2, Math.round((a.value as number) / 3)) };
      const after = modelWithFiles(text, path.join(ROOT, file), { ...INPUTS, overrides });
      const reanalyzed = new LiveRecompute().compute(host, { ...NONE, assumptions: overrides });
      assert.equal(reanalyzed.plan, 'reanalyze');
      const back = new LiveRecompute().compute(hostState(text, after), { ...NONE, assumptions: overrides });
      assert.equal(back.plan, 'host-models', 'once the host has the overrides the page draws its models');
      for (const e of reanalyzed.entries) {
        const f = after.finding(e.model.id);
        assert.ok(f);
        sameRows(`${file} #${f.id} after ${a.name}=${overrides[a.name]}: page's own analysis`, e.curve, after.curve(f));
      }
      checkSurfaces(`${file} (${a.name}=${overrides[a.name]})`, text, after, back.entries, cliJson(file, overrides));
      edited++;
    });
  }
  after(() => console.log(`      ${total} schedulers compared on every surface; ${edited} files again after an assumption edit`));
});

describe('issue 15: ReduceLROnPlateau(patience=5) over 100 epochs', () => {
  it('hover, chart and CLI cut the lr first at the same epoch, and all 101 values agree', () => {
    const file = 'test/fixtures/scripts/plateau_epochs.py';
    const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
    const model = DocumentModel.of(text, INPUTS);
    const [f] = model.schedulers;
    assert.equal(f.kind, 'ReduceLROnPlateau');
    assert.equal(f.unit, 'epoch');
    const curve = model.curve(f);
    assert.equal(curve.rows, 101);
    const firstCut = (lr: ArrayLike<number>) => Array.from(lr).findIndex((v) => v < 0.1);
    const page = new LiveRecompute().compute(hostState(text, model), NONE).entries[0];
    const cliRows = cliJson(file)[0].lr.flat();
    assert.equal(firstCut(page.curve.lr), firstCut(curve.lr));
    assert.equal(firstCut(cliRows), firstCut(curve.lr));
    // The synthetic loss falls for 25 epochs, then stays flat: patience 5 → the first cut after epoch 25 + 5 + 1.
    assert.equal(firstCut(curve.lr), 32);
    assert.deepEqual(Array.from(page.curve.lr), Array.from(curve.lr));
    assert.deepEqual(model.assumptionsOf(f).map((a) => a.name), ['metrics']);
  });
});
