/**
 * Pure builder of the hover's markdown for one scheduler: SVG sparkline (data-URI image), then the
 * headline (start, peak and last lr, run length and where it comes from, warm-up end) in two or
 * three short lines, the arguments and the assumptions as one compact paragraph each, the errors
 * and diagnostics, and command links — short enough not to scroll for a typical scheduler.
 * No vscode: hover.ts wraps the string in a trusted MarkdownString.
 */
import type { Curve } from '../engine/spec';
import type { SchedulerFinding } from '../model/types';
import { firstNonFinite } from '../model/curves';
import { english, localize, type Translate } from '../l10n/translate';
import { groupSeries, sparklineSvg, svgDataUri } from './sparkline';
import { curveStats, declaredWarmup, endDiffers, formatCount, formatLr, truncate, unitLabel } from './summary';
import { describeStepsSource } from '../l10n/stepsSource';
import { COMMANDS } from './commandIds';
import { assumptionReason } from './assumptionText';

export const SHOW_CHART = COMMANDS.showChart;
export const EDIT_ASSUMPTIONS = COMMANDS.editAssumptions;

/** `command:<id>?<encoded JSON args>` for a markdown link. */
export function commandUri(command: string, args: unknown[]): string {
  return `command:${command}?${encodeURIComponent(JSON.stringify(args))}`;
}

/** Escapes text for a markdown table cell or paragraph. */
export function escapeMd(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+!|<>]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

/**
 * Inline code no content can close: the fence is one backtick longer than the longest run of
 * backticks inside (CommonMark's rule), padded with spaces; line breaks become spaces (a code span
 * cannot hold a line break in a table), `|` is escaped for the table.
 */
export function code(text: string): string {
  const t = truncate(text, 80).replace(/[\r\n]+/g, ' ').replace(/\|/g, '\\|');
  let longest = 0;
  for (const m of t.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  const fence = '`'.repeat(longest + 1);
  return longest > 0 || t.startsWith(' ') || t.endsWith(' ') ? `${fence} ${t} ${fence}` : `${fence}${t}${fence}`;
}

/** A resolved parameter value as Python would print it (short). */
export function formatParam(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return Number.isInteger(v) && Math.abs(v) >= 1 ? String(v) : formatLr(v);
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return `[${v.map(formatParam).join(', ')}]`;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (typeof o.kind === 'string' && o.args && typeof o.args === 'object') return `${o.kind}(…)`;
    return `{${Object.entries(o).map(([k, x]) => `${k}: ${formatParam(x)}`).join(', ')}}`;
  }
  return String(v);
}

export interface HoverOptions {
  logScale?: boolean;
  width?: number;
  height?: number;
  /** Translation of the hover's text (vscode.l10n.t in the editor); English by default. */
  t?: Translate;
  /** In a notebook: the cell's number (1-based); the finding's line is within that cell. */
  cell?: number;
}

export function hoverMarkdown(uri: string, finding: SchedulerFinding, curve: Curve, opts: HoverOptions = {}): string {
  const t = opts.t ?? english;
  const lines: string[] = [];
  const name = finding.name ? ` · ${code(finding.name)}` : '';
  const inactive = finding.active ? '' : ` · *${t('not reached (branch not taken)')}*`;
  const where = opts.cell ? t('cell {0}, line {1}', opts.cell, finding.line) : t('line {0}', finding.line);
  lines.push(`**LR Lens: ${escapeMd(finding.kind)}**${name} · ${where}${inactive}`, '');
  // Still being typed: no curve from arguments that are not there yet.
  if (finding.incomplete) {
    lines.push(t('{0}: incomplete call', escapeMd(finding.kind)));
    return lines.join('\n');
  }

  const stats = curveStats(curve, finding.kind);
  if (curve.rows > 0) {
    const svg = sparklineSvg(groupSeries(curve, 0), {
      width: opts.width ?? 280,
      height: opts.height ?? 64,
      logScale: opts.logScale,
      markRow: stats.warmupEnd,
    });
    lines.push(`![${t('learning-rate curve')}](${svgDataUri(svg)})`, '');
  }

  // The headline first, as "label value" pairs (labels bold, values plain, no particle after a
  // number): start, peak and last lr with the step (or epoch) each is used at, then the run length
  // and warm-up end, then the end of the schedule where it differs from the last lr.
  const at = (v: number, k: number) => `${formatLr(v)} (${finding.unit === 'epoch' ? t('epoch {0}', formatCount(k)) : t('step {0}', formatCount(k))})`;
  const pair = (label: string, value: string) => `**${label}** ${value}`;
  const head: string[][] = [];
  if (curve.rows > 0) {
    head.push([pair(t('start lr'), formatLr(stats.initial)), pair(t('peak lr'), at(stats.peak, stats.peakStep)), pair(t('last lr'), at(stats.last, Math.max(0, stats.steps - 1)))]);
  }
  const source = finding.naturalStepsSource ? ` — ${describeStepsSource(finding.naturalStepsSource, t, code)}` : '';
  const second = [pair(t('run length'), `${unitLabel(finding, finding.naturalSteps, t)}${source}`)];
  if (curve.rows > 0) {
    const w = declaredWarmup(finding) ?? stats.warmupEnd;
    const warm =
      stats.warmupEnd === undefined && !stats.warmupUnfinished
        ? t('no warm-up')
        : stats.warmupUnfinished
          ? t('{0}, after the run ends', unitLabel(finding, w ?? stats.steps, t))
          : finding.unit === 'epoch'
            ? t('epoch {0}', formatCount(w!))
            : t('step {0}', formatCount(w!));
    second.push(pair(t('warm-up end'), warm));
  }
  head.push(second);
  const third: string[] = [];
  if (curve.rows > 0 && endDiffers(stats)) third.push(pair(t('end of schedule'), t('{0} after {1}', formatLr(stats.final), unitLabel(finding, stats.steps, t))));
  if (finding.baseLrs.length) third.push(pair(t('base lr'), finding.baseLrs.map(formatLr).join(', ')));
  if (curve.groups > 1) third.push(pair(t('param groups'), t('{0} (chart shows group 0)', curve.groups)));
  if (finding.metricDriven) third.push(pair(t('metric'), t('driven by the metric passed to `step()` (see assumptions)')));
  if (third.length) head.push(third);
  // Hard line breaks (two spaces): one short line each, no table to scroll through.
  lines.push(head.map((l) => l.join(' · ')).join('  \n'), '');

  if (curve.error) {
    const e = curve.error;
    const where = e.atStep > 0 ? t('at step {0}', formatCount(e.atStep)) : t('when constructed');
    lines.push(`⚠ **${escapeMd(e.type)}** ${where}: ${escapeMd(truncate(localize(e, t), 300))}`, '');
  }

  const nonFinite = curve.error ? undefined : firstNonFinite(curve);
  if (nonFinite) {
    const v = Number.isNaN(nonFinite.value) ? 'nan' : nonFinite.value > 0 ? 'inf' : '-inf';
    const at = formatCount(nonFinite.atStep);
    lines.push(
      curve.groups > 1
        ? t('⚠ the lr is {0} from step {1} (group {2}): what PyTorch computes from these values', v, at, nonFinite.group)
        : t('⚠ the lr is {0} from step {1}: what PyTorch computes from these values', v, at),
      '',
    );
  }

  // Arguments and assumptions compact: one paragraph each, `name` = `value` (the expression as
  // written, where it differs), the chart has the rest.
  const params = Object.entries(finding.params ?? {});
  if (params.length) {
    const items = params.map(([k, v]) => {
      const written = finding.arguments.find((a) => a.name === k)?.text;
      const resolved = formatParam(v);
      const note = written && written !== resolved ? ` (${code(written)})` : written ? '' : ` *(${t('default')})*`;
      return `${code(k)} = ${code(resolved)}${note}`;
    });
    lines.push(`**${t('Arguments')}** ${items.join(' · ')}`, '');
  }

  if (finding.assumptions.length) {
    const items = finding.assumptions.map((a) => {
      const over = a.overridden ? ` *(${t('edited')})*` : '';
      return `${code(a.name)} = ${code(String(a.value))} — ${escapeMd(assumptionReason(a, t))}${over}`;
    });
    lines.push(`**${t('Assumptions')}** ${items.join(' · ')}`, '');
  }
  for (const d of finding.diagnostics) {
    const icon = d.severity === 'error' ? '⚠' : d.severity === 'warning' ? '⚠' : 'ℹ';
    lines.push(`${icon} ${escapeMd(truncate(localize(d, t), 200))}`, '');
  }

  const args = [uri, finding.id];
  const links = [`[${t('Open chart')}](${commandUri(SHOW_CHART, args)} "${t('Open the LR Lens chart')}")`];
  if (finding.assumptions.length) links.push(`[${t('Edit assumptions')}](${commandUri(EDIT_ASSUMPTIONS, args)} "${t('Edit the assumed values')}")`);
  lines.push(links.join(' · '));
  return lines.join('\n');
}
