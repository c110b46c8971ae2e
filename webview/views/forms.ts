/**
 * The schedulers' forms: per top-level scheduler a <details> with its run length, hints, the
 * curve's error, its diagnostics, a field per argument (children of a composite inside it) and its
 * assumptions. Fields dispatch edits; the forms are rebuilt only when the state's `layout` changes
 * (so typing keeps the focus), the error boxes follow every recompute, and a `focus` opens the
 * scheduler's form (and with `section: 'assumptions'` focuses its first assumption).
 */
import { SIGNATURES } from '../../src/core/engine/signatures';
import { describeStepsSource } from '../../src/core/l10n/stepsSource';
import { localize } from '../../src/core/l10n/translate';
import type { EditValue, FocusTarget, ScheduleModel } from '../../src/features/chart/protocol/messages';
import { t } from '../strings';
import { assumptionReason } from '../../src/core/present/assumptionText';
import { colorOf, modelById, rootOf, topLevel, type State } from '../store';
import { describeError, labelOf } from '../viewModel';
import { byId, el, type View, type ViewContext } from './dom';

/** A field's text for a value (lists as `1, 2`, structures as JSON). */
export function valueText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.map((x) => String(x)).join(', ');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** A field's text as a value like the code's (`like`) or the default's; undefined when it does not parse. */
export function parseField(raw: string, like: unknown, defaultValue: unknown): EditValue | undefined {
  const s = raw.trim();
  if (s === '' || s === 'None') return like === null || defaultValue === null ? null : undefined;
  if (Array.isArray(like) || /^\[.*\]$/.test(s)) {
    const parts = s.replace(/^[[(]|[\])]$/g, '').split(',').map((p) => p.trim()).filter(Boolean);
    const nums = parts.map((p) => Number(p.replace(/_/g, '')));
    return nums.every((n) => Number.isFinite(n)) ? nums : undefined;
  }
  if (typeof like === 'number' || typeof defaultValue === 'number' || (like === null && /^[-+.\d]/.test(s))) {
    const n = Number(s.replace(/_/g, ''));
    return Number.isFinite(n) ? n : undefined;
  }
  if (s === 'True') return true;
  if (s === 'False') return false;
  return s.replace(/^(['"])(.*)\1$/, '$2');
}

export function formsView(ctx: ViewContext): View {
  const root = byId<HTMLDivElement>('forms');

  function paramForm(s: State, m: ScheduleModel, container: HTMLElement): void {
    const sig = SIGNATURES[m.kind];
    const argInfo = new Map(m.arguments.map((a) => [a.name, a]));
    const names = sig ? sig.params.map((p) => p.name) : Object.keys(m.params);
    const grid = el('div', 'fields');
    for (const name of names) {
      if (name === 'optimizer' || name === 'schedulers') continue;
      const p = sig?.params.find((x) => x.name === name);
      const def = p && 'default' in p ? p.default : undefined;
      const orig = m.spec ? m.spec.args[name] : m.params[name];
      const a = argInfo.get(name);
      const callable = m.spec === null && typeof m.params[name] === 'string' && /lambda|def |<callable>|\(/.test(String(m.params[name])) && a && !a.isLiteral;
      const edited = s.page.edits[m.id]?.[name];
      const current = edited !== undefined ? edited : orig !== undefined ? orig : def;
      const label = el('label', 'field-label', name);
      label.htmlFor = `f-${m.id}-${name}`;
      if (a?.text !== undefined && !a.isLiteral) label.title = t('Computed in the code: {0}', a.text);
      else if (a?.text === undefined) label.title = t('Not written in the code (default {0})', valueText(def));
      const edit = (value: EditValue) => {
        ctx.dispatch({ type: 'editArgument', schedulerId: m.id, name, value });
        markChanged();
      };
      let input: HTMLInputElement;
      if (typeof current === 'boolean' || typeof def === 'boolean') {
        input = el('input');
        input.type = 'checkbox';
        input.checked = current === true;
        input.addEventListener('change', () => edit(input.checked));
      } else {
        input = el('input');
        input.type = 'text';
        input.spellcheck = false;
        input.value = valueText(current);
        input.placeholder = def === null ? 'None' : def === undefined ? t('required') : valueText(def);
        if (callable || (current !== null && typeof current === 'object' && !Array.isArray(current))) {
          input.readOnly = true;
          input.title = t('A Python callable or structure: edit it in the code');
        }
        input.addEventListener('input', () => {
          const v = parseField(input.value, orig ?? def, def);
          input.classList.toggle('invalid', v === undefined && input.value.trim() !== '');
          if (v !== undefined) edit(v);
        });
      }
      input.id = `f-${m.id}-${name}`;
      input.dataset.param = name;
      const markChanged = () => {
        const changed = ctx.get().page.edits[m.id]?.[name] !== undefined;
        input.classList.toggle('changed', changed);
        label.classList.toggle('changed', changed);
      };
      markChanged();
      const note = el('span', 'field-note');
      if (a?.text !== undefined && !a.isLiteral) note.textContent = `= ${a.text}`;
      else if (a?.text === undefined) note.textContent = t('default');
      grid.append(label, input, note);
    }
    container.append(grid);
  }

  function assumptionsForm(s: State, m: ScheduleModel, container: HTMLElement): void {
    if (!m.assumptions.length) return;
    const h = el('div', 'subhead', t('Assumptions'));
    h.id = `assumptions-${m.id}`;
    container.append(h);
    const grid = el('div', 'fields');
    for (const a of m.assumptions) {
      const label = el('label', 'field-label', a.name);
      label.title = assumptionReason(a, t);
      const input = el('input');
      input.type = 'text';
      input.spellcheck = false;
      const override = s.page.assumptions[a.name];
      input.value = String(override ?? a.value);
      input.id = `a-${m.id}-${a.name}`;
      label.htmlFor = input.id;
      input.classList.toggle('changed', override !== undefined);
      input.addEventListener('change', () => {
        const text = input.value.trim().replace(/_/g, '');
        const n = Number(text);
        const value: number | string = text !== '' && Number.isFinite(n) ? n : input.value.trim();
        // The page reruns the analysis with the new assumptions (run lengths, computed arguments
        // and the assumption list can all change), and the forms are rebuilt from it.
        ctx.dispatch({ type: 'editAssumption', schedulerId: m.id, name: a.name, value });
      });
      grid.append(label, input, el('span', 'field-note', assumptionReason(a, t)));
    }
    container.append(grid);
  }

  function runLength(s: State, m: ScheduleModel): HTMLElement {
    const run = el('div', 'fields');
    const rl = el('label', 'field-label', t('run length'));
    const ri = el('input');
    ri.type = 'number';
    ri.min = '0';
    ri.max = '10000000';
    ri.step = '1';
    ri.id = `steps-${m.id}`;
    rl.htmlFor = ri.id;
    ri.value = String(s.page.steps[m.id] ?? m.steps);
    ri.classList.toggle('changed', s.page.steps[m.id] !== undefined);
    ri.addEventListener('input', () => {
      const n = Number(ri.value);
      if (!Number.isInteger(n) || n < 0 || n > 10_000_000) return ri.classList.add('invalid');
      ri.classList.remove('invalid');
      ctx.dispatch({ type: 'editSteps', schedulerId: m.id, steps: n });
      ri.classList.toggle('changed', ctx.get().page.steps[m.id] !== undefined);
    });
    run.append(rl, ri, el('span', 'field-note', `${m.unit === 'epoch' ? t('epochs') : t('steps')}${m.stepsSource ? ` — ${describeStepsSource(m.stepsSource, t)}` : ''}`));
    return run;
  }

  function build(s: State): void {
    root.textContent = '';
    const open = new Set<number>();
    if (s.focusedId !== null) open.add(rootOf(s, modelById(s, s.focusedId) ?? ({ parent: null, id: s.focusedId } as ScheduleModel)).id);
    const top = topLevel(s);
    top.forEach((m, i) => {
      const d = el('details', 'sched');
      d.id = `sched-${m.id}`;
      d.open = open.has(m.id) || s.page.open.includes(m.id) || top.length === 1;
      // The open state is the store's, so a rebuild (an edit, a new state) keeps it.
      d.addEventListener('toggle', () => ctx.dispatch({ type: 'setOpen', schedulerId: m.id, open: d.open }));
      const sum = el('summary');
      const sw = el('span', 'swatch');
      sw.style.backgroundColor = colorOf(s.theme, i);
      sum.append(sw, el('span', 'sched-title', t('{0} — line {1}', labelOf(m), m.line)));
      d.append(sum);
      const body = el('div', 'sched-body');
      body.append(runLength(s, m));
      if (m.spec === null) body.append(el('div', 'hint', s.host?.analysisInput ? t('This schedule calls Python code (a lambda or function): the chart reruns it here as you edit a field.') : t('This schedule calls Python code (a lambda or function): the editor recomputes it when you change a field.')));
      if (m.metricDriven) body.append(el('div', 'hint', t('Metric-driven: drawn for a synthetic metric that improves, then flattens (an assumption; a training log gives the real one).')));
      const err = el('div', 'error');
      err.id = `err-${m.id}`;
      err.hidden = true;
      body.append(err);
      for (const dg of m.diagnostics) body.append(el('div', `diag ${dg.severity}`, localize(dg, t)));
      paramForm(s, m, body);
      for (const cid of m.children) {
        const c = modelById(s, cid);
        if (!c) continue;
        const sub = el('div', 'child');
        sub.append(el('div', 'subhead', t('{0} — line {1}', labelOf(c), c.line)));
        paramForm(s, c, sub);
        assumptionsForm(s, c, sub);
        body.append(sub);
      }
      assumptionsForm(s, m, body);
      d.append(body);
      root.append(d);
    });
  }

  function renderErrors(s: State): void {
    for (const e of s.entries) {
      const box = document.getElementById(`err-${e.model.id}`);
      if (!box) continue;
      box.textContent = e.curve.error ? describeError(e.model, e.curve.error, t) : '';
      box.hidden = !e.curve.error;
    }
  }

  /** Opens the focused scheduler's form; for `section: 'assumptions'` scrolls to and focuses its first assumption. */
  function reveal(s: State, f: FocusTarget): void {
    if (f.schedulerId === null) return;
    const m = modelById(s, f.schedulerId);
    if (!m) return;
    const r = rootOf(s, m);
    const d = document.getElementById(`sched-${r.id}`) as HTMLDetailsElement | null;
    if (!d) return;
    d.open = true;
    const target =
      (f.section === 'assumptions' && document.getElementById(`assumptions-${m.id}`)) ||
      (f.section === 'assumptions' && document.getElementById(`assumptions-${r.id}`)) ||
      d;
    target.scrollIntoView({ block: 'nearest' });
    if (f.section === 'assumptions') {
      const first = d.querySelector<HTMLInputElement>(`[id^="a-${m.id}-"]`) ?? d.querySelector<HTMLInputElement>('[id^="a-"]');
      first?.focus();
    }
  }

  return {
    render(s, prev, action) {
      const rebuilt = !prev || s.layout !== prev.layout;
      if (rebuilt) build(s);
      if (rebuilt || s.entries !== prev?.entries) renderErrors(s);
      if (action?.type === 'focus') reveal(s, action.focus);
      else if (action?.type === 'hostState' && action.state.focus.section) reveal(s, action.state.focus);
    },
  };
}
