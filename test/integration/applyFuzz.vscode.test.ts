// 20 seeded random "Apply to code" edits in a real VS Code: planned by the pure planner on the
// extension's own analysis, applied as ONE WorkspaceEdit (as the chart panel does), then undone
// with the editor's `undo`: the document must come back byte for byte, clean, every time.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { planApplyToCode } from '../../src/features/chart/protocol/applyEdits';
import type { ArgumentEdit } from '../../src/features/chart/protocol/messages';
import { api as extensionApi, waitFor } from './helpers';

const CYCLES = 20;
const SEED = Number(process.env.LRLENS_FUZZ_SEED ?? 20240);

/** A script with literal arguments of several kinds: ints, floats, underscores, strings, a trailing comma. */
const SCRIPT = [
  'import torch',
  'from torch.optim.lr_scheduler import StepLR, OneCycleLR, CosineAnnealingLR',
  'from transformers import get_scheduler',
  '',
  'model = torch.nn.Linear(4, 2)',
  'opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)',
  'step = StepLR(opt, step_size=30, gamma=0.1)',
  'opt2 = torch.optim.AdamW(model.parameters(), lr=3e-4)',
  "one = OneCycleLR(opt2, max_lr=1e-3, total_steps=10_000, anneal_strategy='cos',)",
  'opt3 = torch.optim.AdamW(model.parameters(), lr=5e-5)',
  'cos = CosineAnnealingLR(opt3, T_max=200, eta_min=1e-6)  # comment with (parens)',
  'opt4 = torch.optim.AdamW(model.parameters(), lr=2e-5)',
  'hf = get_scheduler("linear", optimizer=opt4, num_warmup_steps=100, num_training_steps=1000)',
  '',
].join('\n');

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('Apply to code: random apply/undo cycles in VS Code', function () {
  this.timeout(120_000);

  it(`${CYCLES} seeded edits apply as one WorkspaceEdit and undo restores the document exactly (seed ${SEED})`, async () => {
    const api = await extensionApi();
    const doc = await vscode.workspace.openTextDocument({ language: 'python', content: SCRIPT });
    await vscode.window.showTextDocument(doc, { preview: false });
    const rnd = prng(SEED);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
    let applied = 0;
    for (let i = 0; i < CYCLES; i++) {
      const where = `cycle ${i} (seed ${SEED})`;
      const before = doc.getText();
      const analysis = api.getAnalysis(doc);
      assert.ok(analysis && analysis.schedulers.length === 4, `${where}: four schedulers`);
      const f = pick(analysis.schedulers);
      const literal = f.arguments.filter((a) => a.isLiteral && a.range && a.text !== undefined);
      const edits: ArgumentEdit[] = literal
        .filter(() => rnd() < 0.6)
        .map((a) => ({
          schedulerId: f.id,
          argument: a.name,
          value: /^['"]/.test(a.text ?? '') ? pick(['cos', 'linear', 'cosine', "it's"]) : pick([1, 7, 10, 123, 5e-5, 0.25, 3e-4, 1_000_000, 2.5]),
        }));
      if (!edits.length) continue;
      const plan = planApplyToCode(analysis, before, doc.version, doc.version, edits);
      if (!plan.ok) {
        assert.match(plan.message, /already has these values/, `${where}: ${plan.message}`);
        continue;
      }
      const edit = new vscode.WorkspaceEdit();
      for (const r of plan.replacements) edit.replace(doc.uri, new vscode.Range(doc.positionAt(r.start), doc.positionAt(r.end)), r.newText);
      assert.ok(await vscode.workspace.applyEdit(edit), `${where}: applyEdit`);
      // What the pure model says the text must be.
      let expected = before;
      for (const r of [...plan.replacements].sort((a, b) => b.start - a.start)) expected = expected.slice(0, r.start) + r.newText + expected.slice(r.end);
      assert.strictEqual(doc.getText(), expected, `${where}: the edit is exactly the plan`);
      const after = await waitFor(() => api.getAnalysis(doc), 5000, 'analysis after the edit');
      const g = after.schedulers.find((x) => x.line === f.line);
      assert.ok(g, `${where}: the edited scheduler is still there`);
      for (const r of plan.replacements) {
        assert.strictEqual(g.arguments.find((a) => a.name === r.argument)?.text, r.newText.replace(/^,?\s*\w+=/, ''), `${where}: ${r.argument}`);
      }
      applied++;
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('undo');
      await waitFor(() => (doc.getText() === before ? true : undefined), 5000, `${where}: undo to restore the text`);
    }
    assert.strictEqual(doc.getText(), SCRIPT, 'back to the original after all cycles');
    assert.ok(applied >= CYCLES / 2, `most cycles applied an edit (${applied})`);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
