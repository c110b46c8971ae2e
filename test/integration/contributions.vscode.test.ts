// package.json contributions as the real VS Code reads them: settings (typed mirror in
// src/settings.ts, a markdownDescription each), commands under "LR Lens", capabilities.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { DEFAULT_SETTINGS, KEYS } from '../../src/settings';

const EXTENSION_ID = 'lr-lens.lr-lens';

describe('LR Lens contributions', () => {
  const ext = () => {
    const e = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(e);
    return e;
  };

  it('every lrLens.* setting has a markdownDescription and the default src/settings.ts assumes', () => {
    const props = ext().packageJSON.contributes.configuration.properties as Record<string, { default: unknown; markdownDescription?: string }>;
    const keys = Object.values(KEYS).map((k) => `lrLens.${k}`);
    assert.deepStrictEqual(Object.keys(props).sort(), [...keys].sort());
    for (const [field, key] of Object.entries(KEYS)) {
      const p = props[`lrLens.${key}`];
      assert.ok(p.markdownDescription && p.markdownDescription.length > 40, `${key} has a markdownDescription`);
      assert.strictEqual(p.default, DEFAULT_SETTINGS[field as keyof typeof DEFAULT_SETTINGS], `${key} default`);
      assert.strictEqual(vscode.workspace.getConfiguration('lrLens').inspect(key)?.defaultValue, p.default, `${key} as VS Code reads it`);
    }
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
    assert.ok(registered.includes('lrLens.internal.stats'), 'test-mode stats command exists in ExtensionMode.Test');
  });

  it('declares untrusted and virtual workspace support (nothing is executed)', () => {
    const caps = ext().packageJSON.capabilities;
    assert.deepStrictEqual(caps.untrustedWorkspaces, { supported: true });
    assert.strictEqual(caps.virtualWorkspaces, true);
    const events = ext().packageJSON.activationEvents as string[];
    for (const e of ['onLanguage:python', 'onWebviewPanel:lrLens.chart', 'onNotebook:jupyter-notebook']) assert.ok(events.includes(e), e);
  });
});
