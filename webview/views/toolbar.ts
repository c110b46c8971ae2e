/**
 * The toolbar and what sits above the chart: the file's title, the host's note, the banner (errors
 * stay until dismissed, information goes after 6 s), and the buttons — log/linear y, steps/epochs
 * x, reset zoom, compare with a training log, PNG, CSV, revert, apply to code. Their labels and
 * enabled states are selectors of the state; clicks dispatch actions or post to the host.
 */
import { t } from '../strings';
import { applyMessage, canRevert, changedEdits, epochAxisOk, logScale, logScaleIsAuto, shownXUnit, type State } from '../store';
import { byId, el, type View, type ViewContext } from './dom';

export interface ToolbarOptions {
  /** The chart as a PNG data URL on the theme's background, or null before it is drawn. */
  png(): string | null;
  /** The CSV of the state (store.ts exportCsv). */
  csv(s: State): string;
}

export function toolbarView(ctx: ViewContext, opts: ToolbarOptions): View {
  const titleEl = byId<HTMLSpanElement>('title');
  const noteEl = byId<HTMLDivElement>('note');
  const bannerEl = byId<HTMLDivElement>('banner');
  const btnLog = byId<HTMLButtonElement>('btn-log');
  const btnX = byId<HTMLButtonElement>('btn-x');
  const btnReset = byId<HTMLButtonElement>('btn-reset');
  const btnPng = byId<HTMLButtonElement>('btn-png');
  const btnCsv = byId<HTMLButtonElement>('btn-csv');
  const btnApply = byId<HTMLButtonElement>('btn-apply');
  const btnRevert = byId<HTMLButtonElement>('btn-revert');
  const btnCompare = el('button', '', t('Compare with log…'));
  btnCompare.id = 'btn-compare-log';
  btnCompare.title = t("Draw the run's own training log over the predicted curve (trainer_state.json, TensorBoard, Lightning or W&B CSV)");
  btnPng.before(btnCompare);

  const baseName = () => (ctx.get().host?.fileName ?? 'lr').replace(/\.[^.]*$/, '').replace(/[^\w.-]+/g, '_') || 'lr';
  btnLog.addEventListener('click', () => ctx.dispatch({ type: 'toggleLogScale' }));
  btnX.addEventListener('click', () => ctx.dispatch({ type: 'toggleXMode' }));
  btnReset.addEventListener('click', () => ctx.dispatch({ type: 'zoom', range: null }));
  btnCompare.addEventListener('click', () => ctx.post({ type: 'compareLog' }));
  btnApply.addEventListener('click', () => {
    const m = applyMessage(ctx.get());
    if (m) ctx.post(m);
  });
  btnRevert.addEventListener('click', () => ctx.dispatch({ type: 'revert' }));
  btnPng.addEventListener('click', () => {
    const dataUrl = opts.png();
    if (dataUrl) ctx.post({ type: 'savePng', fileName: `${baseName()}-lr.png`, dataUrl });
  });
  btnCsv.addEventListener('click', () => {
    const s = ctx.get();
    ctx.post({ type: 'exportCsv', fileName: `${baseName()}-lr.csv`, csv: opts.csv(s) });
  });

  let bannerTimer: number | undefined;
  function renderBanner(s: State): void {
    window.clearTimeout(bannerTimer);
    const b = s.banner;
    if (!b) {
      bannerEl.hidden = true;
      return;
    }
    bannerEl.textContent = '';
    bannerEl.className = `banner ${b.kind}`;
    bannerEl.append(el('span', '', b.message));
    const close = el('button', 'icon', '×');
    close.title = t('Dismiss');
    close.addEventListener('click', () => ctx.dispatch({ type: 'dismissBanner' }));
    bannerEl.append(close);
    bannerEl.hidden = false;
    if (b.kind === 'info') {
      bannerTimer = window.setTimeout(() => {
        if (ctx.get().banner?.seq === b.seq) ctx.dispatch({ type: 'dismissBanner' });
      }, 6000);
    }
  }

  return {
    render(s, prev) {
      if (s.host && s.host !== prev?.host) {
        titleEl.textContent = s.host.fileName;
        noteEl.textContent = s.host.note ?? '';
        noteEl.hidden = !s.host.note;
      }
      if (s.banner !== prev?.banner && prev) renderBanner(s);
      const log = logScale(s);
      btnLog.textContent = log ? (logScaleIsAuto(s) ? t('Log y (auto)') : t('Log y')) : t('Linear y');
      btnLog.setAttribute('aria-pressed', String(log));
      const epochOk = epochAxisOk(s);
      // The unit the chart's x is drawn in (not only the chosen mode: schedules in epochs whose
      // steps per epoch are unknown are drawn in epochs whatever the mode).
      const unit = shownXUnit(s);
      btnX.disabled = !epochOk && unit === s.page.xMode;
      btnX.textContent = unit === 'epoch' ? t('x: epochs') : t('x: steps');
      btnX.title = epochOk ? t('Switch the x axis between optimizer steps and epochs') : t('Steps per epoch are not known for this file');
      btnReset.disabled = !s.page.zoom;
      const n = changedEdits(s).length;
      btnApply.disabled = n === 0;
      btnApply.textContent = n ? t('Apply to code ({0})', n) : t('Apply to code');
      btnRevert.disabled = !canRevert(s);
    },
  };
}
