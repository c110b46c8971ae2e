/**
 * The legend: one row per drawn scheduler — a checkbox that shows or hides its curve, its colour,
 * its name with tags (recomputed by the editor, inactive branch) and a link to its line.
 * Rebuilt when the state's `layout` changes; a checkbox toggled by the user is not rebuilt, so it
 * keeps the keyboard focus.
 */
import { t } from '../strings';
import { colorOf, topLevel, type State } from '../store';
import { labelOf } from '../viewModel';
import { byId, el, type View, type ViewContext } from './dom';

export function legendView(ctx: ViewContext): View {
  const root = byId<HTMLDivElement>('legend');

  function build(s: State): void {
    root.textContent = '';
    const hidden = new Set(s.page.hidden);
    topLevel(s).forEach((m, i) => {
      const row = el('label', 'legend-item');
      const box = el('input');
      box.type = 'checkbox';
      box.checked = !hidden.has(m.id);
      box.dataset.schedulerId = String(m.id);
      box.addEventListener('change', () => ctx.dispatch({ type: 'setVisible', schedulerId: m.id, visible: box.checked }));
      const sw = el('span', 'swatch');
      sw.style.backgroundColor = colorOf(s.theme, i);
      const name = el('span', 'legend-label', labelOf(m));
      if (m.spec === null && !s.host?.analysisInput) name.append(el('span', 'tag', t('recomputed by the editor')));
      if (!m.active) name.append(el('span', 'tag', t('inactive branch')));
      const link = el('a', 'line-link', t('line {0}', m.line));
      link.href = '#';
      link.title = t('Show in the editor');
      link.addEventListener('click', (ev) => {
        ev.preventDefault();
        const host = ctx.get().host;
        if (host) ctx.post({ type: 'reveal', uri: host.uri, schedulerId: m.id });
      });
      row.append(box, sw, name, link);
      root.append(row);
    });
  }

  return {
    render(s, prev) {
      if (!prev || s.layout !== prev.layout) return build(s);
      if (s.page.hidden !== prev.page.hidden) {
        const hidden = new Set(s.page.hidden);
        for (const box of root.querySelectorAll<HTMLInputElement>('input[data-scheduler-id]')) box.checked = !hidden.has(Number(box.dataset.schedulerId));
      }
    },
  };
}
