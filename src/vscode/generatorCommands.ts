/**
 * "LR Lens: Generate Scheduler…" and "LR Lens: Change Scheduler…": a multi-step quick pick
 * (library → schedule → each parameter, with a back button) that previews the schedule live in the
 * chart panel and writes the code with one undoable edit. The choices, code and edits come from the
 * pure generator (src/core/generator/); this file only asks and applies. Scripted use (tests, other
 * extensions): pass `GenerateArgs` and the same path runs without the UI.
 */
import * as vscode from 'vscode';
import { isPythonDocument } from './documents';
import { hostT } from './l10nHost';
import type { AnalysisResult } from '../core/model/types';
import type { ChartPanelHandle } from '../features/chart/host/chartPanel';
import { groupSeries, unicodeSparkline } from '../core/present/sparkline';
import { CATALOGUE, GROUP_LABELS, entryById, stepCounter, type CatalogueEntry, type Group } from '../core/generator/catalogue';
import { formatParam, parseParam, ruleFor, type ParamValue } from '../core/generator/params';
import { contextFrom, existingValues, findingAt, planGeneration, schedulersOn, type FileContext, type GenerateMode } from '../core/generator/plan';
import { previewOptimizer, simulateCall } from '../core/generator/spec';
import { defaultOf, resolveValues } from '../core/generator/validate';
import { toCurveData } from '../features/chart/protocol/models';
import type { Library } from '../core/engine/signatures';
import { COMMANDS, INTERNAL_COMMANDS } from '../core/present/commandIds';
import { FAMILY_LIST, bareKind } from '../core/engine/kinds';

export const GENERATE_COMMAND = COMMANDS.generateScheduler;
export const CHANGE_COMMAND = COMMANDS.changeScheduler;
/** Test mode only: which step of the quick pick is showing, and the last result. */
export const GENERATOR_TEST_STATE = INTERNAL_COMMANDS.generatorState;

/** Scripted answers: the same path as the UI without asking. */
export interface GenerateArgs {
  /** Catalogue id (`torch.warmupCosine`), or… */
  entry?: string;
  /** …an engine kind (`StepLR`), with `library` to choose between entries of one kind. */
  kind?: string;
  library?: Library;
  /** Parameter values (numbers, lists or text); missing ones take the file's defaults. */
  params?: Record<string, unknown>;
  mode?: GenerateMode;
  /** When the optimizer already has a scheduler: add the new one anyway (default for scripted use) or stop. */
  second?: 'add' | 'cancel';
}

export interface GenerateResult {
  ok: boolean;
  message: string;
  code?: string;
}

export interface GeneratorDeps {
  /** The document's analysis once the worker has vetted its text (a text it stops on gives none). */
  analysisOf(doc: vscode.TextDocument): Promise<AnalysisResult | undefined>;
  defaultRunLength(): number;
  chart: ChartPanelHandle;
  log(message: string): void;
}

const FALLBACK_LR = 1e-3;
const BACK = Symbol('back');
type Back = typeof BACK;

/** A curve of the entry with the file's defaults, as a sparkline glyph for its quick pick item. */
function glyph(entry: CatalogueEntry, ctx: FileContext): string {
  try {
    const r = resolveValues(entry, {}, ctx, ctx.optimizerType);
    if (!r.ok) return '········';
    const curve = simulateCall(r.call, previewOptimizer(ctx.lr, ctx.optimizerType), Math.min(ctx.steps, 5000), ctx.stepsPerEpoch);
    return unicodeSparkline(groupSeries(curve), 8) || '········';
  } catch {
    return '········';
  }
}

function isScripted(a: unknown): a is GenerateArgs {
  if (!a || typeof a !== 'object') return false;
  const o = a as Record<string, unknown>;
  return typeof o.entry === 'string' || typeof o.kind === 'string';
}

class Generator {
  /** The step showing (test mode): `library`, `schedule`, or a parameter name. */
  step: string | null = null;
  last: GenerateResult | null = null;

  constructor(private readonly deps: GeneratorDeps) {}

  private previewOf(entry: CatalogueEntry, values: Record<string, unknown>, ctx: FileContext): void {
    try {
      const r = resolveValues(entry, values, ctx, ctx.optimizerType, hostT);
      if (!r.ok) return;
      const curve = simulateCall(r.call, previewOptimizer(ctx.lr, ctx.optimizerType), ctx.steps, ctx.stepsPerEpoch);
      this.deps.chart.setPreview({ label: `${hostT(entry.title)} (${bareKind(entry.kind)})`, curve: toCurveData(curve) });
    } catch (e) {
      this.deps.log(`generator preview failed: ${String(e)}`);
    }
  }

  async run(mode: GenerateMode, args: unknown): Promise<GenerateResult> {
    /**
     * Where to write: the active Python editor at its cursor; with a notebook focused and none of
     * its cells' editors active (the notebook itself has the focus), its selected code cell, at
     * the cell's end.
     */
    const generationTarget = (): { doc: vscode.TextDocument; cursor: number; viewColumn?: vscode.ViewColumn } | undefined => {
      const editor = vscode.window.activeTextEditor;
      const nb = vscode.window.activeNotebookEditor;
      const inNotebook = editor && nb && editor.document.uri.scheme === 'vscode-notebook-cell' && editor.document.uri.path === nb.notebook.uri.path;
      if (editor && isPythonDocument(editor.document) && (!nb || inNotebook)) return { doc: editor.document, cursor: editor.document.offsetAt(editor.selection.active), viewColumn: editor.viewColumn };
      if (nb) {
        const cell = nb.notebook.cellAt(nb.selection.start);
        if (cell && cell.kind === vscode.NotebookCellKind.Code && isPythonDocument(cell.document)) return { doc: cell.document, cursor: cell.document.getText().length, viewColumn: nb.viewColumn };
      }
      if (editor && isPythonDocument(editor.document)) return { doc: editor.document, cursor: editor.document.offsetAt(editor.selection.active), viewColumn: editor.viewColumn };
      return undefined;
    };
    const finish = (r: GenerateResult) => {
      this.last = r;
      this.step = null;
      this.deps.chart.setPreview(null);
      return r;
    };
    try {
      const target0 = generationTarget();
      if (!target0) {
        const message = vscode.l10n.t('Open a Python file to generate a learning-rate scheduler in it.');
        void vscode.window.showWarningMessage(message);
        return finish({ ok: false, message });
      }
      const { doc, cursor, viewColumn } = target0;
      const analysis = await this.deps.analysisOf(doc);
      let ctx = contextFrom(doc.getText(), analysis, cursor, { lr: FALLBACK_LR, steps: this.deps.defaultRunLength() });
      const under = findingAt(analysis, doc.getText(), cursor);
      // Scripted answers name a schedule; anything else (a Uri from a menu) means "ask".
      const scripted = isScripted(args) ? args : undefined;
      if (scripted?.mode) mode = scripted.mode;
      // Changing a call: parameters the new schedule shares keep their values (and their expressions).
      if (mode === 'replace' && under) ctx = { ...ctx, existing: existingValues(under) };
      if (mode === 'replace' && !under) {
        const message = vscode.l10n.t('There is no scheduler call under the cursor. Put the cursor on one, or use "Generate Scheduler…" to insert a new one.');
        void vscode.window.showWarningMessage(message);
        return finish({ ok: false, message });
      }
      // A second scheduler on the same optimizer: both would scale one lr. Say so before asking anything.
      const others = mode === 'insert' ? schedulersOn(analysis, ctx.optimizer) : [];
      if (others.length) {
        const o = others[0];
        const add = vscode.l10n.t('Add a second scheduler');
        const text = vscode.l10n.t('{0} already has a scheduler: {1} on line {2}. A second one on the same optimizer multiplies its lr as well (use "Change Scheduler…" on line {2} to replace it).', ctx.optimizer, o.kind, String(o.line));
        const choice = scripted ? (scripted.second === 'cancel' ? undefined : add) : await vscode.window.showWarningMessage(text, { modal: true }, add);
        if (choice !== add) return finish({ ok: false, message: text });
      }
      let answers: { entry: CatalogueEntry; values: Record<string, unknown> } | undefined;
      if (scripted) {
        const entry = scripted.entry
          ? entryById(scripted.entry)
          : CATALOGUE.find((e) => (e.kind === scripted.kind || bareKind(e.kind) === scripted.kind) && (!scripted.library || e.library === scripted.library));
        if (!entry) return finish({ ok: false, message: vscode.l10n.t('No schedule {0} in the generator.', String(scripted.entry ?? scripted.kind)) });
        answers = { entry, values: { ...(scripted.params ?? {}) } };
      } else {
        await vscode.commands.executeCommand(COMMANDS.showChart, doc.uri);
        const library: Library = under?.library ?? (/\btransformers\b/.test(doc.getText()) && !/lr_scheduler/.test(doc.getText()) ? 'transformers' : 'torch');
        answers = await this.ask(ctx, library, mode);
        if (!answers) return finish({ ok: false, message: vscode.l10n.t('Cancelled.') });
      }
      // The quick pick and the chart preview may have hidden the editor it started in: write into
      // the document through an editor that shows it now, at the cursor it had when asked.
      const target = vscode.window.visibleTextEditors.find((e) => e.document === doc) ?? (await vscode.window.showTextDocument(doc, viewColumn));
      return finish(await this.write(target, cursor, mode, answers.entry, answers.values, ctx));
    } catch (e) {
      this.deps.log(`generator failed: ${e instanceof Error ? e.stack : String(e)}`);
      const message = vscode.l10n.t('LR Lens could not generate the scheduler: {0}', e instanceof Error ? e.message : String(e));
      void vscode.window.showErrorMessage(message);
      return finish({ ok: false, message });
    }
  }

  /** Plans against the document as it is now and applies ONE edit (one undo step). */
  private async write(editor: vscode.TextEditor, cursor: number, mode: GenerateMode, entry: CatalogueEntry, values: Record<string, unknown>, ctx: FileContext): Promise<GenerateResult> {
    const r = resolveValues(entry, values, ctx, ctx.optimizerType, hostT);
    if (!r.ok) {
      void vscode.window.showErrorMessage(vscode.l10n.t('LR Lens: {0}', r.message));
      return { ok: false, message: r.message };
    }
    const doc = editor.document;
    const source = doc.getText();
    const plan = planGeneration({
      source,
      cursor,
      call: r.call,
      mode,
      analysis: await this.deps.analysisOf(doc),
      ...(mode === 'insert' ? { optimizer: ctx.optimizer } : {}),
    });
    if (!plan.ok) {
      const message = hostT(plan.message);
      void vscode.window.showWarningMessage(message);
      return { ok: false, message };
    }
    const version = doc.version;
    const ok = await editor.edit(
      (b) => {
        for (const e of plan.edits) b.replace(new vscode.Range(doc.positionAt(e.start), doc.positionAt(e.end)), e.newText);
      },
      { undoStopBefore: true, undoStopAfter: true },
    );
    if (!ok) {
      const message = vscode.l10n.t('VS Code refused the edit (is the file read-only?). Nothing was changed.');
      void vscode.window.showErrorMessage(message);
      return { ok: false, message };
    }
    this.deps.log(`generator: ${mode} ${entry.id} in ${doc.uri.toString()} (v${version} → v${doc.version})`);
    const optimizer = mode === 'insert' ? ctx.optimizer : 'optimizer';
    const variable = /^[ \t]*([\w.]+)[ \t]*=/.exec(plan.code.split('\n').find((l) => / = /.test(l)) ?? '')?.[1] ?? 'scheduler';
    let message = vscode.l10n.t('Wrote {0}.', bareKind(entry.kind));
    if (plan.step && plan.epochStep) {
      message +=
        ' ' +
        vscode.l10n.t(
          'Nothing stepped it: added `{0}` after line {1}, once per batch, and `{2}` after line {3}, once per epoch.',
          plan.step.text,
          String(plan.step.afterLine + 1),
          plan.epochStep.text,
          String(plan.epochStep.afterLine + 1),
        );
    } else if (plan.step) {
      message += ' ' + (plan.step.unit === 'batch'
        ? vscode.l10n.t('Nothing stepped it: added `{0}` after line {1}, once per batch.', plan.step.text, String(plan.step.afterLine + 1))
        : vscode.l10n.t('Nothing stepped it: added `{0}` after line {1}, once per epoch.', plan.step.text, String(plan.step.afterLine + 1)));
    } else if (plan.stepNote) {
      message += ' ' + vscode.l10n.t(plan.stepNote, `${optimizer}`, variable);
      void vscode.window.showInformationMessage(message);
    }
    return { ok: true, message, code: plan.code };
  }

  /** The quick pick: library, schedule, then each parameter; undefined when cancelled. */
  private async ask(ctx: FileContext, initialLibrary: Library, mode: GenerateMode): Promise<{ entry: CatalogueEntry; values: Record<string, unknown> } | undefined> {
    const title = mode === 'replace' ? vscode.l10n.t('Change Scheduler') : vscode.l10n.t('Generate Scheduler');
    let library: Library = initialLibrary;
    let entry: CatalogueEntry | undefined;
    const values: Record<string, unknown> = {};
    let stage = 0;
    for (;;) {
      const params = entry?.params ?? [];
      // The library step does not know the schedule yet (a range); later steps know it.
      const stepTitle = `${title} (${stepCounter(stage, stage === 0 ? undefined : library, stage <= 1 ? undefined : entry)})`;
      if (stage === 0) {
        const r = await this.pickLibrary(stepTitle, library);
        if (r === undefined) return undefined;
        if (r === BACK) continue;
        library = r;
        stage = 1;
      } else if (stage === 1) {
        const r = await this.pickEntry(stepTitle, library, ctx, entry);
        if (r === undefined) return undefined;
        if (r === BACK) {
          stage = 0;
          continue;
        }
        if (r !== entry) for (const k of Object.keys(values)) delete values[k];
        entry = r;
        if (!entry.params.length) return { entry, values };
        stage = 2;
      } else {
        const q = params[stage - 2];
        const r = await this.askParam(stepTitle, entry!, q.name, values, ctx);
        if (r === undefined) return undefined;
        if (r === BACK) {
          stage--;
          continue;
        }
        // A changed answer drops the later ones, so their defaults follow it (warm-up → the decay's length).
        if (values[q.name] !== undefined && JSON.stringify(values[q.name]) !== JSON.stringify(r)) {
          for (const later of params.slice(stage - 1)) delete values[later.name];
        }
        values[q.name] = r;
        if (stage - 2 === params.length - 1) return { entry: entry!, values };
        stage++;
      }
    }
  }

  private pickLibrary(title: string, current: Library): Promise<Library | Back | undefined> {
    type Item = vscode.QuickPickItem & { library: Library };
    // The families the catalogue has schedules of, in the registry's order, named as their descriptors name them.
    const families = FAMILY_LIST.filter((f) => CATALOGUE.some((e) => e.library === f.library));
    const items: Item[] = families.map(({ library: l, label }) => ({
      library: l,
      label,
      description: l === 'torch' ? 'torch.optim.lr_scheduler' : l === 'transformers' ? vscode.l10n.t('transformers get_*_schedule_with_warmup') : (FAMILY_LIST.find((f) => f.library === l)?.importFrom?.('') ?? l),
    }));
    return this.pick<Item, Library>(title, 'library', items, items.find((i) => i.library === current), false, (i) => i.library, vscode.l10n.t('Which library'));
  }

  private pickEntry(title: string, library: Library, ctx: FileContext, current: CatalogueEntry | undefined): Promise<CatalogueEntry | Back | undefined> {
    type Item = vscode.QuickPickItem & { entry?: CatalogueEntry };
    const items: Item[] = [];
    const groups: Group[] = ['warmup', 'decay', 'step', 'cyclic', 'plateau', 'custom'];
    for (const g of groups) {
      const es = CATALOGUE.filter((e) => e.library === library && e.group === g);
      if (!es.length) continue;
      items.push({ label: vscode.l10n.t(GROUP_LABELS[g]), kind: vscode.QuickPickItemKind.Separator });
      for (const e of es) items.push({ entry: e, label: `${glyph(e, ctx)}  ${vscode.l10n.t(e.title)}`, description: bareKind(e.kind), detail: vscode.l10n.t(e.description) });
    }
    const active = (current && items.find((i) => i.entry === current)) || items.find((i) => i.entry);
    return this.pick<Item, CatalogueEntry>(
      title,
      'schedule',
      items,
      active,
      true,
      (i) => i.entry,
      vscode.l10n.t('Schedule — previewed in the chart; defaults from this file (lr {0}, {1} steps)', String(ctx.lr), String(ctx.steps)),
      (i) => i.entry && this.previewOf(i.entry, {}, ctx),
    );
  }

  private pick<I extends vscode.QuickPickItem, R>(
    title: string,
    step: string,
    items: I[],
    active: I | undefined,
    back: boolean,
    result: (i: I) => R | undefined,
    placeholder: string,
    onActive?: (i: I) => void,
  ): Promise<R | Back | undefined> {
    return new Promise((resolve) => {
      const qp = vscode.window.createQuickPick<I>();
      const subs: vscode.Disposable[] = [qp];
      let done = false;
      const end = (v: R | Back | undefined) => {
        if (done) return;
        done = true;
        resolve(v);
        for (const d of subs) d.dispose();
      };
      qp.title = title;
      qp.placeholder = placeholder;
      qp.items = items;
      qp.matchOnDescription = true;
      qp.matchOnDetail = true;
      if (active) qp.activeItems = [active];
      if (back) qp.buttons = [vscode.QuickInputButtons.Back];
      subs.push(
        qp.onDidTriggerButton((b) => b === vscode.QuickInputButtons.Back && end(BACK)),
        qp.onDidChangeActive((a) => a[0] && onActive?.(a[0])),
        qp.onDidAccept(() => {
          const r = qp.selectedItems[0] ?? qp.activeItems[0];
          const v = r ? result(r) : undefined;
          if (v !== undefined) end(v);
        }),
        qp.onDidHide(() => end(undefined)),
      );
      this.step = step;
      qp.show();
      if (active) onActive?.(active);
    });
  }

  private askParam(title: string, entry: CatalogueEntry, name: string, values: Record<string, unknown>, ctx: FileContext): Promise<ParamValue | Back | undefined> {
    const q = entry.params.find((p) => p.name === name)!;
    const rule = ruleFor(entry.kind, name);
    const current = (values[name] as ParamValue | undefined) ?? defaultOf(entry, name, ctx, values);
    if (rule?.type === 'choice') {
      type Item = vscode.QuickPickItem & { value: string };
      const items: Item[] = (rule.choices ?? []).map((c) => ({ value: c, label: c, ...(c === current ? { description: vscode.l10n.t('current') } : {}) }));
      return this.pick<Item, ParamValue>(
        title,
        name,
        items,
        items.find((i) => i.value === current),
        true,
        (i) => i.value,
        `${name}: ${vscode.l10n.t(q.prompt)}`,
        (i) => this.previewOf(entry, { ...values, [name]: i.value }, ctx),
      );
    }
    return new Promise((resolve) => {
      const box = vscode.window.createInputBox();
      const subs: vscode.Disposable[] = [box];
      let done = false;
      const end = (v: ParamValue | Back | undefined) => {
        if (done) return;
        done = true;
        resolve(v);
        for (const d of subs) d.dispose();
      };
      const check = (text: string): { value?: ParamValue; message?: string } => {
        const parsed = parseParam(entry.kind, name, text, hostT);
        if (!parsed.ok) return { message: parsed.message };
        const all = resolveValues(entry, { ...values, [name]: parsed.value }, ctx, ctx.optimizerType, hostT);
        if (!all.ok) return { message: all.message };
        return { value: parsed.value };
      };
      box.title = title;
      box.prompt = `${name}: ${vscode.l10n.t(q.prompt)}`;
      box.value = formatParam(entry.kind, name, current);
      box.buttons = [vscode.QuickInputButtons.Back];
      subs.push(
        box.onDidTriggerButton((b) => b === vscode.QuickInputButtons.Back && end(BACK)),
        box.onDidChangeValue((text) => {
          const c = check(text);
          box.validationMessage = c.message;
          if (c.value !== undefined) this.previewOf(entry, { ...values, [name]: c.value }, ctx);
        }),
        box.onDidAccept(() => {
          const c = check(box.value);
          box.validationMessage = c.message;
          if (c.value !== undefined) end(c.value);
        }),
        box.onDidHide(() => end(undefined)),
      );
      this.step = name;
      box.show();
      this.previewOf(entry, values, ctx);
    });
  }
}

/** Registers the two generator commands (and, in test mode, the generator's state command). */
export function registerGenerator(context: vscode.ExtensionContext, deps: GeneratorDeps): void {
  const g = new Generator(deps);
  context.subscriptions.push(
    vscode.commands.registerCommand(GENERATE_COMMAND, (args?: unknown) => g.run('insert', args)),
    vscode.commands.registerCommand(CHANGE_COMMAND, (args?: unknown) => g.run('replace', args)),
  );
  if (context.extensionMode === vscode.ExtensionMode.Test) {
    context.subscriptions.push(vscode.commands.registerCommand(GENERATOR_TEST_STATE, () => ({ step: g.step, last: g.last })));
  }
}
