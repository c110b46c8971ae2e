import * as vscode from 'vscode';
import type { Translate } from '../core/l10n/translate';

/** vscode.l10n.t as the pure layers' Translate (l10n/bundle.l10n.<language>.json, else English). */
export const hostT: Translate = (template, ...args) => vscode.l10n.t(template, ...args);
