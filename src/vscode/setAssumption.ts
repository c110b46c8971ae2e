import * as vscode from 'vscode';
import { COMMANDS } from '../core/present/commandIds';
import { assumptionReason, batchesOf, examplesOf, processesFor } from '../core/present/assumptionText';
import { formatCount } from '../core/present/summary';
import type { Assumption } from '../core/model/types';
import { chartCommandArgs } from './commandArgs';
import type { AnalysisCache } from './documents';

export const SET_ASSUMPTION = COMMANDS.setAssumption;

/**
 * "Set an Assumed Value…" (issue 18 item 4): one assumption of the document's model set by the user,
 * from the quick fix of a diagnostic that rests on it (arguments: document URI, assumption name) or
 * from the palette (a pick of the document's assumptions); a third argument answers the input box
(scripted use: tests, other extensions), validated as typed text. A loader's length over a dataset of
 * unknown size is asked for as a number of examples — what the user knows — and becomes batches as
 * DataLoader makes them; every surface then follows (the document model's overrides).
 */
export function registerSetAssumption(cache: AnalysisCache, log: (m: string) => void): vscode.Disposable {
  return vscode.commands.registerCommand(SET_ASSUMPTION, async (uriArg?: unknown, nameArg?: unknown, answerArg?: unknown): Promise<boolean> => {
    const args = chartCommandArgs(uriArg, undefined);
    if ('refused' in args) {
      log(`${SET_ASSUMPTION} refused: ${args.refused}`);
      return false;
    }
    const doc = args.uri ? vscode.workspace.textDocuments.find((d) => d.uri.toString() === args.uri?.toString()) : vscode.window.activeTextEditor?.document;
    if (!doc) return false;
    const entry = await cache.ready(doc);
    const assumptions = entry?.analysis.assumptions ?? [];
    if (!assumptions.length) {
      void vscode.window.showInformationMessage(vscode.l10n.t('LR Lens assumes no value in this file.'));
      return false;
    }
    let a: Assumption | undefined;
    if (typeof nameArg === 'string') a = assumptions.find((x) => x.name === nameArg);
    else {
      const picked = await vscode.window.showQuickPick(
        assumptions.map((x) => ({ label: x.name, description: `= ${String(x.value)}`, detail: assumptionReason(x, vscode.l10n.t), a: x })),
        { title: vscode.l10n.t('Set an assumed value'), placeHolder: vscode.l10n.t('Which value LR Lens assumes') },
      );
      a = picked?.a;
    }
    if (!a) return false;
    const value = await askValue(a, processesFor(a, assumptions), typeof answerArg === 'string' ? answerArg : undefined);
    if (value === undefined) return false;
    return cache.setOverrides(doc, { ...cache.overridesOf(doc), [a.name]: value });
  });
}

/** A whole number ≥ 0 typed by the user, or the reason it is not one. */
export function wholeNumber(text: string): number | string {
  const t = text.trim().replace(/[,_\s]/g, '');
  if (!/^\d+$/.test(t)) return vscode.l10n.t('A whole number, like 50000');
  const n = Number(t);
  return Number.isSafeInteger(n) ? n : vscode.l10n.t('A whole number, like 50000');
}

async function askValue(a: Assumption, processes: number, scripted: string | undefined): Promise<number | string | undefined> {
  const ask = (o: vscode.InputBoxOptions): Thenable<string | undefined> => (scripted !== undefined ? Promise.resolve(o.validateInput?.(scripted) ? undefined : scripted) : vscode.window.showInputBox(o));
  const e = a.examples;
  const examples = examplesOf(a, processes);
  if (e && examples !== null) {
    const answer = await ask({
      title: vscode.l10n.t('Number of examples in {0}', e.dataset),
      prompt:
        e.processes && processes > 1
          ? vscode.l10n.t('{0} is then ⌈⌈examples / {1}⌉ / {2}⌉ batches per process (batch_size {1}, {3} = {2})', a.name, formatCount(e.batchSize), formatCount(processes), e.processes)
          : vscode.l10n.t('{0} is then ⌈examples / {1}⌉ batches (batch_size {1}{2})', a.name, formatCount(e.batchSize), e.dropLast ? vscode.l10n.t(', drop_last: ⌊…⌋') : ''),
      value: String(examples),
      validateInput: (s) => {
        const n = wholeNumber(s);
        return typeof n === 'string' ? n : undefined;
      },
    });
    if (answer === undefined) return undefined;
    const n = wholeNumber(answer);
    return typeof n === 'number' ? batchesOf(n, e, processes) : undefined;
  }
  const answer = await ask({
    title: vscode.l10n.t('Value of {0}', a.name),
    prompt: assumptionReason(a, vscode.l10n.t),
    value: String(a.value),
    validateInput: (s) => (typeof a.value === 'number' && !Number.isFinite(Number(s.trim().replace(/[,_]/g, ''))) ? vscode.l10n.t('A number') : undefined),
  });
  if (answer === undefined) return undefined;
  return typeof a.value === 'number' ? Number(answer.trim().replace(/[,_]/g, '')) : answer;
}
