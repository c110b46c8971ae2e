/**
 * Where a script's run writes its log, read from the script's text: `TrainingArguments(output_dir=…,
 * logging_dir=…)` (trainer_state.json in output_dir and each checkpoint-N/, TensorBoard files under
 * logging_dir or output_dir/runs/*), `SummaryWriter(log_dir)` (default runs/*), Lightning's
 * `CSVLogger(save_dir, name)` / `Trainer(default_root_dir=…)` (lightning_logs/version_N/metrics.csv).
 * Only string literals are followed; the result is glob patterns relative to the script's folder,
 * best first, and `pickBest` orders the files a search found (newest checkpoint, version, event file).
 */

export interface LogPattern {
  glob: string;
  /** Why this place: shown in the pick list. */
  from: string;
}

const STR = `(?:r|f|rf|fr)?(["'])((?:(?!\\1)[^\\\\\\n]|\\\\.)*)\\1`;

/** The string literal values of keyword `kw` in calls of `callee` (also positional index `pos`). */
function literalArgs(source: string, callee: RegExp, kw: string, pos: number | null): string[] {
  const out: string[] = [];
  const re = new RegExp(`${callee.source}\\s*\\(`, 'g');
  for (let m = re.exec(source); m; m = re.exec(source)) {
    // The argument text up to the matching parenthesis (bounded).
    let depth = 1;
    let i = re.lastIndex;
    const end = Math.min(source.length, i + 5000);
    for (; i < end && depth > 0; i++) {
      const c = source[i];
      if (c === '(' || c === '[' || c === '{') depth++;
      else if (c === ')' || c === ']' || c === '}') depth--;
    }
    const args = source.slice(re.lastIndex, i - 1);
    const k = new RegExp(`\\b${kw}\\s*=\\s*${STR}`).exec(args);
    if (k) out.push(k[2]);
    else if (pos === 0) {
      const p = new RegExp(`^\\s*${STR}`).exec(args);
      if (p) out.push(p[2]);
    }
  }
  return out;
}

const clean = (dir: string) => dir.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '') || '.';
const join = (dir: string, rest: string) => (clean(dir) === '.' ? rest : `${clean(dir)}/${rest}`);

/** Where to look, best first. Always includes the libraries' default places. */
export function logPatterns(source: string): LogPattern[] {
  const out: LogPattern[] = [];
  const add = (glob: string, from: string) => {
    if (!out.some((p) => p.glob === glob)) out.push({ glob, from });
  };
  for (const d of literalArgs(source, /\b\w*TrainingArguments/, 'output_dir', 0)) {
    add(join(d, 'trainer_state.json'), `output_dir="${d}"`);
    add(join(d, 'checkpoint-*/trainer_state.json'), `output_dir="${d}"`);
    add(join(d, 'runs/*/events.out.tfevents.*'), `output_dir="${d}"`);
  }
  for (const d of literalArgs(source, /\b\w*TrainingArguments/, 'logging_dir', null)) add(join(d, 'events.out.tfevents.*'), `logging_dir="${d}"`);
  for (const d of literalArgs(source, /\bSummaryWriter/, 'log_dir', 0)) add(join(d, 'events.out.tfevents.*'), `SummaryWriter("${d}")`);
  for (const d of literalArgs(source, /\bTensorBoardLogger/, 'save_dir', 0)) add(join(d, '**/events.out.tfevents.*'), `TensorBoardLogger("${d}")`);
  for (const d of literalArgs(source, /\bCSVLogger/, 'save_dir', 0)) {
    const names = literalArgs(source, /\bCSVLogger/, 'name', null);
    add(join(join(d, names[0] ?? 'lightning_logs'), 'version_*/metrics.csv'), `CSVLogger("${d}")`);
  }
  for (const d of literalArgs(source, /\bTrainer/, 'default_root_dir', null)) add(join(d, 'lightning_logs/version_*/metrics.csv'), `default_root_dir="${d}"`);
  if (/\bSummaryWriter\s*\(/.test(source)) add('runs/*/events.out.tfevents.*', 'SummaryWriter()');
  if (/lightning/.test(source)) add('lightning_logs/version_*/metrics.csv', 'Lightning');
  return out;
}

/** A number in a path part (`checkpoint-500`, `version_3`, `events.out.tfevents.1742826235…`). */
function rank(path: string): number[] {
  const parts = path.split('/');
  return parts.map((p) => {
    const m = /(?:checkpoint-|version_|tfevents\.)(\d+)/.exec(p);
    return m ? Number(m[1]) : p === 'trainer_state.json' && parts.length > 1 ? Infinity : -1;
  });
}

/**
 * The files found for one pattern, best first: output_dir's own trainer_state.json (the end of the
 * run) before the highest checkpoint; the highest version; the newest event file.
 */
export function pickBest(paths: readonly string[]): string[] {
  const top = paths.filter((p) => !/checkpoint-\d+\//.test(p) && /trainer_state\.json$/.test(p));
  const rest = paths.filter((p) => !top.includes(p));
  const cmp = (a: string, b: string) => {
    const ra = rank(a);
    const rb = rank(b);
    for (let i = 0; i < Math.max(ra.length, rb.length); i++) {
      const d = (rb[i] ?? -1) - (ra[i] ?? -1);
      if (d !== 0 && Number.isFinite(d)) return d;
    }
    return a < b ? -1 : a > b ? 1 : 0;
  };
  return [...top.sort(), ...rest.sort(cmp)];
}
