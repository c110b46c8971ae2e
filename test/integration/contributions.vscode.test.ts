// package.json contributions as the real VS Code reads them: settings (typed mirror in
// src/vscode/settings.ts, a markdownDescription each), commands under "LR Lens", capabilities.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { RULE_IDS } from '../../src/core/lint/types';
import { COMMANDS, INTERNAL_COMMANDS } from '../../src/core/present/commandIds';
import { DEFAULT_SETTINGS, KEYS, RULE_SETTINGS } from '../../src/vscode/settings';
import { extension as ext } from './helpers';

describe('LR Lens contributions', () => {

  it('every lrLens.* setting has a markdownDescription and the default src/vscode/settings.ts assumes', () => {
    const props = ext().packageJSON.contributes.configuration.properties as Record<string, { default: unknown; markdownDescription?: string }>;
    const keys = Object.values(KEYS).map((k) => `lrLens.${k}`);
    assert.deepStrictEqual(Object.keys(props).sort(), [...keys].sort());
    for (const [field, key] of Object.entries(KEYS)) {
      const p = props[`lrLens.${key}`];
      assert.ok(p.markdownDescription && p.markdownDescription.length > 40, `${key} has a markdownDescription`);
      assert.strictEqual(p.default, DEFAULT_SETTINGS[field as keyof typeof DEFAULT_SETTINGS], `${key} default`);
      assert.strictEqual(vscode.workspace.getConfiguration('lrLens').inspect(key)?.defaultValue, p.default, `${key} as VS Code reads it`);
    }
    // Every diagnostic rule has its switch.
    assert.deepStrictEqual(Object.keys(RULE_SETTINGS).sort(), [...RULE_IDS].sort());
    const links = Object.values(props).map((p) => p.markdownDescription ?? '').join(' ');
    for (const m of links.matchAll(/`#(lrLens\.[\w.]+)#`/g)) assert.ok(props[m[1]], `link to ${m[1]} resolves`);
  });

  it('commands are under the "LR Lens" category and registered; internal ones are not contributed', async () => {
    const cmds = ext().packageJSON.contributes.commands as { command: string; category: string }[];
    const registered = await vscode.commands.getCommands(true);
    for (const c of cmds) {
      assert.strictEqual(c.category, 'LR Lens', c.command);
      assert.ok(registered.includes(c.command), `${c.command} is registered`);
    }
    assert.ok(!cmds.some((c) => /internal|\.test\./.test(c.command)));
    // One command-id table (src/core/present/commandIds.ts): package.json contributes exactly its public commands.
    assert.deepStrictEqual(cmds.map((c) => c.command).sort(), Object.values(COMMANDS).sort());
    for (const id of Object.values(INTERNAL_COMMANDS)) assert.ok(registered.includes(id), `${id} is registered in test mode`);
    assert.ok(registered.includes('lrLens.internal.stats'), 'test-mode stats command exists in ExtensionMode.Test');
  });

  it('the walkthrough: every step has media that the extension ships, and every command it runs is contributed', async () => {
    const walkthroughs = ext().packageJSON.contributes.walkthroughs as { id: string; steps: { id: string; description: string; media: Record<string, string>; completionEvents?: string[] }[] }[];
    assert.strictEqual(walkthroughs.length, 1);
    const steps = walkthroughs[0].steps;
    assert.deepStrictEqual(steps.map((s) => s.id), ['openSample', 'codeLens', 'hover', 'chart', 'generator']);
    const contributed = new Set((ext().packageJSON.contributes.commands as { command: string }[]).map((c) => c.command));
    const referenced = new Set<string>();
    for (const step of steps) {
      const media = Object.entries(step.media).filter(([k]) => k !== 'altText');
      assert.strictEqual(media.length, 1, `${step.id} has one media file`);
      const stat = await vscode.workspace.fs.stat(vscode.Uri.joinPath(ext().extensionUri, media[0][1]));
      assert.ok(stat.size > 200, `${step.id}: ${media[0][1]} exists (${stat.size} bytes)`);
      assert.ok(step.media.altText, `${step.id} has altText`);
      for (const m of step.description.matchAll(/\(command:([\w.]+)/g)) referenced.add(m[1]);
      for (const e of step.completionEvents ?? []) if (e.startsWith('onCommand:')) referenced.add(e.slice('onCommand:'.length));
    }
    assert.deepStrictEqual([...referenced].sort(), ['lrLens.generateScheduler', 'lrLens.openSample', 'lrLens.showChart']);
    for (const c of referenced) assert.ok(contributed.has(c), `${c}, used by the walkthrough, is contributed`);
  });

  it('LR Lens: Open Sample opens the walkthrough script as an untitled Python document', async () => {
    await vscode.commands.executeCommand('lrLens.openSample');
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor);
    assert.ok(editor.document.isUntitled);
    assert.strictEqual(editor.document.languageId, 'python');
    const shipped = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(ext().extensionUri, 'media', 'walkthrough', 'sample_train.py'));
    assert.strictEqual(editor.document.getText(), new TextDecoder().decode(shipped));
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('declares untrusted and virtual workspace support (nothing is executed)', () => {
    const caps = ext().packageJSON.capabilities;
    assert.deepStrictEqual(caps.untrustedWorkspaces, { supported: true });
    assert.strictEqual(caps.virtualWorkspaces, true);
    const events = ext().packageJSON.activationEvents as string[];
    for (const e of ['onLanguage:python', 'onWebviewPanel:lrLens.chart', 'onNotebook:jupyter-notebook']) assert.ok(events.includes(e), e);
  });
});
