// Schedule diagnostics in a real VS Code: the Problems panel (vscode.languages.getDiagnostics)
// says what the CLI says for every rule fixture, nothing on clean scripts, quick fixes through
// vscode.executeCodeActionProvider + workspace.applyEdit remove the diagnostic, undo brings it
// back, and the settings switch rules off.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { RULES } from '../../src/core/lint/types';
import { KEYS } from '../../src/vscode/settings';
import { ROOT, api, cliJson, extension, setSetting, sleep, waitFor } from './helpers';

// The unit-tested fixtures (test/unit/analysis/diagnostics.test.ts), opened by path: the
// diagnostics run on Python files in any folder, inside the workspace or not.
const DIR = path.join(ROOT, 'test', 'fixtures', 'scripts', 'diagnostics');
const SOURCE = 'LR Lens';

const ours = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
const codeOf = (d: vscode.Diagnostic) => (typeof d.code === 'object' && d.code !== null ? String(d.code.value) : String(d.code));
const ruleOf = (file: string) =>
  [...RULES.map((r) => r.id)].sort((a, b) => b.length - a.length).find((id) => path.basename(file).replace(/(\.ok)?\.py$/, '').startsWith(id)) as string;

function cliDiagnostics(file: string): { rule: string; severity: string; line: number; column: number; message: string }[] {
  // Exit code 1 when there is an error-level diagnostic; stdout is still the report.
  return cliJson<{ diagnostics: ReturnType<typeof cliDiagnostics> }>(['diagnostics', file, '--json'], { exitCodeOk: true }).diagnostics;
}

async function show(file: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  return vscode.window.showTextDocument(doc, { preview: false });
}

async function diagnosticOf(uri: vscode.Uri, rule: string): Promise<vscode.Diagnostic> {
  return waitFor(() => ours(uri).find((d) => codeOf(d) === rule), 10_000, `${rule} in ${path.basename(uri.fsPath)}`);
}

describe('LR Lens schedule diagnostics', function () {
  this.timeout(90_000);

  before(async () => {
    await api();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('every rule fixture: the Problems panel has the CLI\'s diagnostics (rule, line, column, severity, message)', async () => {
    const files = fs.readdirSync(DIR).filter((f) => f.endsWith('.py') && !f.endsWith('.ok.py'));
    assert.ok(files.length >= RULES.length);
    const severities: Record<string, vscode.DiagnosticSeverity> = { error: vscode.DiagnosticSeverity.Error, warning: vscode.DiagnosticSeverity.Warning, info: vscode.DiagnosticSeverity.Information };
    for (const f of files) {
      const file = path.join(DIR, f);
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
      await diagnosticOf(doc.uri, ruleOf(f));
      const got = ours(doc.uri).map((d) => ({ rule: codeOf(d), severity: d.severity, line: d.range.start.line + 1, column: d.range.start.character + 1, message: d.message }));
      const want = cliDiagnostics(file).map((d) => ({ rule: d.rule, severity: severities[d.severity], line: d.line, column: d.column, message: d.message }));
      assert.deepStrictEqual(got, want, f);
    }
  });

  it('clean scripts (the .ok twins and the workspace train.py) have no LR Lens diagnostics', async () => {
    const files = [...fs.readdirSync(DIR).filter((f) => f.endsWith('.ok.py')).map((f) => path.join(DIR, f)), path.join(ROOT, 'test', 'fixtures', 'workspace', 'train.py')];
    // A document that has diagnostics proves the pipeline runs; then the clean ones must stay empty.
    const probe = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(DIR, 'tmax-short.py')));
    await diagnosticOf(probe.uri, 'tmax-short');
    for (const file of files) {
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
      await sleep(200);
      assert.deepStrictEqual(ours(doc.uri).map((d) => d.message), [], path.basename(file));
    }
  });

  const fixes: [string, string, RegExp, string][] = [
    ['step-count.py', 'step-count', /^Set total_steps to the loops' count/, 'total_steps=20 * 250'],
    ['step-order.py', 'step-order', /^Move `scheduler\.step\(\)` after `optimizer\.step\(\)`/, '        optimizer.step()\n        scheduler.step()\n'],
    ['tmax-short.py', 'tmax-short', /^Set T_max to the run's length/, 'T_max=epochs'],
    ['verbose-removed.py', 'verbose-removed', /^Remove `verbose`/, 'StepLR(optimizer, step_size=30, gamma=0.1)\n'],
  ];
  for (const [name, rule, title, expected] of fixes) {
    it(`${name}: the ${rule} quick fix edits the code, the diagnostic goes away, undo brings both back`, async () => {
      const editor = await show(path.join(DIR, name));
      const doc = editor.document;
      const before = doc.getText();
      const d = await diagnosticOf(doc.uri, rule);
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, d.range, vscode.CodeActionKind.QuickFix.value);
      // (vscode.executeCodeActionProvider does not hand back the actions' diagnostics: matched by title.)
      const mine = actions.filter((a) => a.kind?.value === vscode.CodeActionKind.QuickFix.value);
      console.log(`      ${name}: ${JSON.stringify(mine.map((a) => a.title))}`);
      const fix = mine.find((a) => title.test(a.title));
      assert.ok(fix?.edit, `a quick fix titled ${title}`);
      assert.strictEqual(fix.isPreferred, true);
      assert.ok(mine.some((a) => a.title === `Ignore ${rule} on this line`));
      assert.ok(await vscode.workspace.applyEdit(fix.edit));
      assert.ok(doc.getText().includes(expected), doc.getText());
      await waitFor(() => !ours(doc.uri).some((x) => codeOf(x) === rule), 10_000, `${rule} to disappear`);
      await vscode.commands.executeCommand('undo');
      await waitFor(() => doc.getText() === before, 5000, 'undo');
      await diagnosticOf(doc.uri, rule);
      await doc.save();
    });
  }

  it('a diagnostic resting on the assumed dataset size: its quick fix asks for the number of examples and every surface follows', async () => {
    const editor = await show(path.join(DIR, 'warmup-too-long-assumed.py'));
    const doc = editor.document;
    const d = await diagnosticOf(doc.uri, 'warmup-too-long');
    assert.match(d.message, /\(assuming len\(train_loader\) = 1,000\)$/);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, d.range, vscode.CodeActionKind.QuickFix.value);
    const set = actions.find((a) => a.title === 'Set the assumed len(train_loader)…');
    assert.ok(set?.command, JSON.stringify(actions.map((a) => a.title)));
    assert.strictEqual(set.command.command, 'lrLens.setAssumption');
    // The input box's answer, scripted: 50,000 examples in batches of 8.
    assert.strictEqual(await vscode.commands.executeCommand(set.command.command, ...(set.command.arguments ?? []), '50000'), true);
    await waitFor(() => !ours(doc.uri).some((x) => codeOf(x) === 'warmup-too-long'), 10_000, 'warmup-too-long to disappear');
    const analysis = (await api()).getAnalysis(doc);
    assert.strictEqual(analysis?.schedulers[0].params?.num_training_steps, 3 * 6250);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri, 10);
    assert.ok(lenses.some((l) => /18,750/.test(l.command?.title ?? '')), JSON.stringify(lenses.map((l) => l.command?.title)));
    // A typed answer that is no whole number sets nothing.
    assert.strictEqual(await vscode.commands.executeCommand('lrLens.setAssumption', doc.uri.toString(), 'len(train_loader)', 'many'), false);
  });

  it('the ignore quick fix adds `# lr-lens: ignore[rule]` and silences the line', async () => {
    const editor = await show(path.join(DIR, 'warmup-too-long.py'));
    const doc = editor.document;
    const before = doc.getText();
    const d = await diagnosticOf(doc.uri, 'warmup-too-long');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, d.range);
    const ignore = actions.find((a) => a.title === 'Ignore warmup-too-long on this line');
    assert.ok(ignore?.edit);
    assert.ok(await vscode.workspace.applyEdit(ignore.edit));
    assert.match(doc.lineAt(d.range.start.line).text, /\)  # lr-lens: ignore\[warmup-too-long\]$/);
    await waitFor(() => ours(doc.uri).length === 0, 10_000, 'the diagnostic to be ignored');
    await vscode.commands.executeCommand('undo');
    await waitFor(() => doc.getText() === before, 5000, 'undo');
    await diagnosticOf(doc.uri, 'warmup-too-long');
    await doc.save();
  });

  it('a rule switched off in the settings disappears, and comes back when switched on', async () => {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(DIR, 'plateau-no-metric.py')));
    await diagnosticOf(doc.uri, 'plateau-no-metric');
    assert.ok(Object.values(KEYS).includes('diagnostics.plateauNoMetric'));
    try {
      await setSetting('diagnostics.plateauNoMetric', false);
      await waitFor(() => ours(doc.uri).length === 0, 10_000, 'the rule to be switched off');
      await setSetting('diagnostics.plateauNoMetric', undefined);
      await diagnosticOf(doc.uri, 'plateau-no-metric');
      await setSetting('diagnostics.enabled', false);
      await waitFor(() => ours(doc.uri).length === 0, 10_000, 'all diagnostics off');
    } finally {
      await setSetting('diagnostics.plateauNoMetric', undefined);
      await setSetting('diagnostics.enabled', undefined);
    }
    await diagnosticOf(doc.uri, 'plateau-no-metric');
  });

  it('typing updates the diagnostics (debounced re-analysis)', async () => {
    const editor = await show(path.join(DIR, 'tmax-short.py'));
    const doc = editor.document;
    const before = doc.getText();
    const d = await diagnosticOf(doc.uri, 'tmax-short');
    assert.match(d.message, /^T_max = 100 but the scheduler is stepped 300 times/);
    const at = doc.getText().indexOf('T_max=100') + 'T_max='.length;
    // 100 → 150: the message follows the new number.
    await editor.edit((b) => b.replace(new vscode.Range(doc.positionAt(at), doc.positionAt(at + 3)), '150'));
    await waitFor(() => ours(doc.uri).find((x) => /^T_max = 150 but the scheduler is stepped 300 times/.test(x.message)), 10_000, 'the message to follow the edit');
    await editor.edit((b) => b.replace(new vscode.Range(doc.positionAt(at), doc.positionAt(at + 3)), '300'));
    await waitFor(() => ours(doc.uri).length === 0, 10_000, 'T_max = the run: no diagnostic');
    await vscode.commands.executeCommand('undo');
    await vscode.commands.executeCommand('undo');
    await waitFor(() => doc.getText() === before, 5000, 'undo');
    await doc.save();
  });

  it('every rule has a setting in package.json', () => {
    const props = extension().packageJSON.contributes.configuration.properties as Record<string, unknown>;
    for (const r of RULES) assert.ok(props[`lrLens.diagnostics.${r.setting}`], r.setting);
  });
});
