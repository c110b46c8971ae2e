// The Korean translation is complete and current: every template the code can hand to
// vscode.l10n.t (literal calls, the diagnostics' templates, the generator's catalogue, the page's
// strings, the assumption reasons) has a Korean entry with the same placeholders, and no entry is
// stale. Also package.nls.ko.json against package.nls.json and package.json's %keys%.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { CATALOGUE, GROUP_LABELS } from '../../../src/core/generator/catalogue';
import { ALL_PAGE_TEMPLATES, ASSUMPTION_REASONS, OWN_MESSAGES, PAGE_TEMPLATES } from '../../../src/features/chart/protocol/pageStrings';
import { pageStringsFrom } from '../../../src/features/chart/protocol/validate';
import { analyze } from '../../../src/core/model/analyze';
import { simulateSchedule } from '../../../src/core/model/curves';
import { hoverMarkdown } from '../../../src/core/present/hoverMarkdown';
import { describeStepsSource } from '../../../src/core/l10n/stepsSource';
import { english, fromTable, localize } from '../../../src/core/l10n/translate';
import { lensTitle } from '../../../src/core/present/summary';
import { collectReasons, collectTemplates, listTs, placeholders } from './collect';

const ROOT = path.resolve(__dirname, '../../../..');
const readJson = (p: string) => JSON.parse(fs.readFileSync(path.join(ROOT, p), 'utf8')) as Record<string, string>;

/** Template arguments that are not literals, and the registry each one reads. */
const DYNAMIC: Record<string, string> = {
  'src/vscode/diagnostics.ts: d.messageTemplate': 'ctx.diag templates',
  'src/vscode/quickFixes.ts: item.lint.fix.titleTemplate': 'titled templates',
  'src/vscode/quickFixes.ts: item.ignore.titleTemplate': 'titled templates',
  'src/vscode/generatorCommands.ts: GROUP_LABELS[g]': 'catalogue',
  'src/vscode/generatorCommands.ts: e.title': 'catalogue',
  'src/vscode/generatorCommands.ts: e.description': 'catalogue',
  'src/vscode/generatorCommands.ts: q.prompt': 'catalogue',
  'src/vscode/generatorCommands.ts: entry.title': 'catalogue',
  'src/vscode/generatorCommands.ts: plan.message': 'msg() in src/core/generator/plan.ts',
  'src/vscode/generatorCommands.ts: plan.stepNote': 'msg() in src/core/generator/plan.ts',
  'src/core/generator/validate.ts: entry.title': 'catalogue',
  'src/features/chart/host/chartPanel.ts: template': 'page templates',
  'src/features/chart/host/chartPanel.ts: STALE_MESSAGE': 'its literal in src/features/chart/protocol/applyEdits.ts',
  'src/vscode/l10nHost.ts: template': 'the wrapper itself: its callers pass the templates',
  'src/core/l10n/translate.ts: m.template': 'ownMessage() in src/engine and src/analysis (OWN_MESSAGES)',
  'src/vscode/codeLens.ts: a.reason': 'assumption reasons',
  'src/core/present/assumptionText.ts: a.reason': 'assumption reasons',
  'webview/viewModel.ts: m.label': 'msg() in webview/viewModel.ts',
};

function codeFiles(): string[] {
  return [...listTs(path.join(ROOT, 'src')), ...listTs(path.join(ROOT, 'webview'))].filter((f) => !f.includes(`${path.sep}dev${path.sep}`));
}

/** Every template the extension and the page can translate. */
function allTemplates(): { templates: Map<string, string>; dynamic: string[] } {
  const { found, dynamic } = collectTemplates(ROOT, codeFiles());
  const templates = new Map<string, string>();
  for (const f of found) if (!templates.has(f.template)) templates.set(f.template, f.where);
  for (const e of CATALOGUE) {
    templates.set(e.title, `catalogue ${e.id}.title`);
    templates.set(e.description, `catalogue ${e.id}.description`);
    for (const q of e.params) templates.set(q.prompt, `catalogue ${e.id}.${q.name}`);
  }
  for (const g of Object.values(GROUP_LABELS)) templates.set(g, 'GROUP_LABELS');
  for (const r of ASSUMPTION_REASONS) templates.set(r, 'ASSUMPTION_REASONS');
  return { templates, dynamic: dynamic.map((d) => d.key) };
}

describe('l10n: Korean bundle', () => {
  const ko = readJson('l10n/bundle.l10n.ko.json');

  it('every non-literal template argument reads a known registry', () => {
    const { dynamic } = allTemplates();
    const unknown = [...new Set(dynamic)].filter((k) => !(k in DYNAMIC));
    assert.deepStrictEqual(unknown, [], 'add the template as a literal t(…) / msg(…), or list its registry here');
  });

  it('finds the templates of every layer (not an empty scan)', () => {
    const { templates } = allTemplates();
    for (const t of ['{0} assumptions', 'Apply to code ({0})', 'Ignore {0} on this line', 'LR Lens: {0}', 'Cosine annealing', 'warm-up end', 'peak lr', "LR Lens does not know the scheduler '{0}'"]) {
      assert.ok(templates.has(t), `${t} is found`);
    }
    const diag = [...templates.values()].filter((where) => where.startsWith('src/core/lint/'));
    assert.ok(diag.length >= 15, `diagnostics templates found: ${diag.length}`);
    assert.ok(templates.size > 200, `${templates.size} templates`);
  });

  it('every template has a Korean translation with the same placeholders', () => {
    const { templates } = allTemplates();
    const missing = [...templates].filter(([t]) => !(t in ko)).map(([t, where]) => `${where}: ${t}`);
    assert.deepStrictEqual(missing, []);
    const mismatched = [...templates.keys()].filter((t) => placeholders(t).join() !== placeholders(ko[t]).join());
    assert.deepStrictEqual(mismatched, []);
    for (const [t, k] of Object.entries(ko)) {
      if (/[A-Za-z]{3}/.test(t.replace(/LR Lens|\{\d+\}|`[^`]*`|'[^']*'|[A-Z][\w.]*[A-Z][\w.]*|\b[a-z]+_[\w.*]*|PyTorch|Python|transformers|PNG|CSV|Ctrl\+Z|VS Code/g, ''))) {
        assert.ok(/[\uac00-\ud7a3]/.test(k), `"${t}" is translated into Korean: "${k}"`);
      }
    }
  });

  it('has no stale entries', () => {
    const { templates } = allTemplates();
    assert.deepStrictEqual(Object.keys(ko).filter((k) => !templates.has(k)), []);
  });

  it('the page template list is exactly what the page code uses, and the reasons what the analysis records', () => {
    const page = new Set(collectTemplates(ROOT, listTs(path.join(ROOT, 'webview')).filter((f) => !f.includes(`${path.sep}dev${path.sep}`))).found.map((f) => f.template));
    // The chart markers the page draws are labelled by the kind descriptors (src/core/engine/kinds).
    for (const f of collectTemplates(ROOT, listTs(path.join(ROOT, 'src', 'core', 'engine', 'kinds')), new Set(['msg'])).found) page.add(f.template);
    // The run length's source, shown in the page's forms (src/core/l10n/stepsSource.ts).
    for (const f of collectTemplates(ROOT, [path.join(ROOT, 'src', 'core', 'l10n', 'stepsSource.ts')]).found) page.add(f.template);
    // The assumptions' reasons with what a loader's assumed length stands for (src/core/present/assumptionText.ts).
    for (const f of collectTemplates(ROOT, [path.join(ROOT, 'src', 'core', 'present', 'assumptionText.ts')]).found) page.add(f.template);
    assert.deepStrictEqual([...PAGE_TEMPLATES].sort(), [...page].sort());
    // Assumption reasons: the analysis' and the parameter roles' (src/core/engine/kinds/roles.ts).
    assert.deepStrictEqual([...ASSUMPTION_REASONS].sort(), collectReasons([...['python', 'frameworks', 'model'].flatMap((d) => listTs(path.join(ROOT, 'src', 'core', d))), ...listTs(path.join(ROOT, 'src', 'core', 'engine', 'kinds'))]));
  });

  it("the page's list of the analysis' and the engine's own messages is exactly their ownMessage templates", () => {
    const pure = ['engine', 'python', 'frameworks', 'model', 'lint'].flatMap((d) => listTs(path.join(ROOT, 'src', 'core', d)));
    const { found, dynamic } = collectTemplates(ROOT, pure, new Set(['ownMessage']));
    assert.deepStrictEqual(dynamic, [], 'ownMessage takes a literal template');
    const own = [...new Set(found.map((f) => f.template))].sort();
    assert.ok(own.length >= 30, `${own.length} own messages found`);
    assert.deepStrictEqual([...OWN_MESSAGES].sort(), own);
  });

  it('the page keeps only known templates with matching placeholders from the host table', () => {
    const good = Object.fromEntries(ALL_PAGE_TEMPLATES.map((t) => [t, ko[t]]));
    const table = pageStringsFrom({ ...good, 'not a template': 'x', 'Apply to code ({0})': '코드에 적용' });
    assert.strictEqual(table['not a template'], undefined);
    assert.strictEqual(table['Apply to code ({0})'], undefined, 'a translation without {0} is dropped');
    const t = fromTable(table);
    assert.strictEqual(t('Apply to code ({0})', 3), 'Apply to code (3)', 'falls back to English');
    assert.strictEqual(t('Log y'), ko['Log y']);
    assert.strictEqual(Object.keys(pageStringsFrom('nope')).length, 0);
    assert.strictEqual(english('{0} of {1}, {2}', 1, 'a'), '1 of a, {2}', 'missing args stay as written, like vscode.l10n.t');
  });

  it('package.nls.ko.json translates every package.nls.json key, and package.json uses only those keys', () => {
    const en = readJson('package.nls.json');
    const kon = readJson('package.nls.ko.json');
    const used = new Set([...fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8').matchAll(/"%([\w.-]+)%"/g)].map((m) => m[1]));
    assert.deepStrictEqual([...used].sort(), Object.keys(en).sort());
    assert.deepStrictEqual(Object.keys(kon).sort(), Object.keys(en).sort());
    for (const k of Object.keys(en)) {
      for (const m of en[k].matchAll(/`#(lrLens\.[\w.]+)#`|\(command:[\w.]+\)/g)) assert.ok(kon[k].includes(m[0]), `${k} keeps ${m[0]}`);
    }
  });

  // What the editor and the page show of an analysis is Korean too: the run length's source (the
  // loops), the assumption reasons, the analysis' own messages, the hover and the lens — on every
  // example and fixture script. Code (backticked), names and numbers stay; no English words do,
  // and no particle follows a number (a number reads in many ways: 이(가) after "3.75e-5" is wrong).
  it("the analysis' loop descriptions, reasons and messages read in Korean on every example and fixture script", () => {
    const koT = fromTable(ko);
    const dirs = ['examples', 'test/fixtures/scripts', 'test/fixtures/scripts/issue13', 'test/fixtures/workspace'];
    const files = dirs.flatMap((d) => (fs.existsSync(path.join(ROOT, d)) ? fs.readdirSync(path.join(ROOT, d)).filter((f) => f.endsWith('.py')).map((f) => path.join(ROOT, d, f)) : []));
    const KEEP = /`[^`]*`|\b[A-Za-z_][\w.]*\([^)]*\)|\b[a-z]+_[\w.]*|\b[A-Z][a-z]+[A-Z][\w]*|\b(?:PyTorch|Python|transformers|AcceleratedScheduler|SequentialLR|ReduceLROnPlateau|TypeError|ValueError|OneCycleLR|LR Lens|DeepSpeed|Lightning|Trainer|Accelerator|lr|epoch|inf|nan|NaN|None|True|False|milestones|step|CSV|GPU|accelerate launch|torchrun|prepare)\b|--[\w-]+/g;
    const english = (text: string) => text.replace(KEEP, '').match(/\b[A-Za-z]{3,}\b/g) ?? [];
    const particle = /(?<![A-Za-z_])[\d.]+(?:e-?\d+)?(이\(가\)|을\(를\)|은\(는\)|와\(과\)|\(으\)로)/;
    let seen = 0;
    const problems: string[] = [];
    for (const file of files) {
      const src = fs.readFileSync(file, 'utf8');
      let a;
      try {
        a = analyze(src, { defaultRunLength: 100, defaultDatasetSize: 1000, timeLimitMs: 5000 });
      } catch {
        continue;
      }
      const where = path.relative(ROOT, file);
      for (const f of a.schedulers) {
        const texts: [string, string][] = [];
        if (f.naturalStepsSource) texts.push(['loops', describeStepsSource(f.naturalStepsSource, koT)]);
        for (const r of f.assumptions) texts.push(['reason', koT(r.reason)]);
        for (const d of f.diagnostics) if (d.template) texts.push(['message', localize(d, koT)]);
        if (f.parent === null && !f.incomplete) {
          const curve = simulateSchedule(f.spec, f.optimizer, Math.min(f.naturalSteps, 5000), f.metricDriven);
          texts.push(['lens', lensTitle(f, curve, koT)]);
          texts.push(['hover', hoverMarkdown('file:///x.py', f, curve, { t: koT }).replace(/!\[[^\]]*\]\([^)]*\)/g, '').replace(/\]\([^)]*\)/g, ']').replace(/\\_/g, '_')]);
        }
        for (const [what, text] of texts) {
          seen++;
          const words = english(what === 'hover' ? text.split('\n').slice(1).join('\n') : text).filter((w) => !f.kind.includes(w) && !(f.name ?? '').includes(w));
          if (words.length) problems.push(`${where} ${f.kind} ${what}: English ${JSON.stringify(words)} in ${JSON.stringify(text.slice(0, 300))}`);
          if (particle.test(text.replace(/`[^`]*`/g, ''))) problems.push(`${where} ${f.kind} ${what}: a particle after a number in ${JSON.stringify(text.slice(0, 300))}`);
        }
      }
    }
    assert.ok(seen > 100, `${seen} texts checked`);
    assert.deepStrictEqual(problems.slice(0, 15), []);
  });
});
