/** The command line: `lr-lens COMMAND PATH… [options]`, parsed without a library. */

export type Command = 'analyze' | 'diagnostics';
export type Format = 'text' | 'json' | 'csv' | 'sarif' | 'github';
export type FailOn = 'error' | 'warning' | 'info' | 'never';

export interface CliOptions {
  command: Command;
  paths: string[];
  format: Format;
  steps?: number;
  metrics?: number[];
  /** `--assume NAME=VALUE` (repeatable): assumption overrides, as the chart's assumption fields set them in the editor. */
  assume: Record<string, number | string>;
  every?: number;
  points?: number;
  /** The scheduler to print (CSV): its variable name or #id. */
  scheduler?: string;
  failOn: FailOn;
  /** `--max-memory MB`: the analysis worker's heap cap (./guard.ts). */
  maxMemoryMb?: number;
  /** `--timeout SECONDS`: one file's analysis deadline (./guard.ts). */
  timeoutS?: number;
}

export type Parsed = { kind: 'help' } | { kind: 'version' } | { kind: 'run'; options: CliOptions } | { kind: 'usage'; message: string };

export const USAGE = `usage: lr-lens analyze PATH... [--steps N] [--metrics v1,v2,...] [--assume NAME=VALUE]... [--format text|json|csv] [--json]
                       [--every N | --points N] [--scheduler NAME|#ID] [--fail-on error|warning|info|never]
                       [--max-memory MB] [--timeout SECONDS]
       lr-lens diagnostics PATH... [--format text|json|sarif|github] [--json] [--fail-on LEVEL]
                       [--max-memory MB] [--timeout SECONDS]
       lr-lens compare FILE --log PATH [--json]
       lr-lens --version | --help

PATH is a Python file, a Jupyter notebook (.ipynb: its code cells are analyzed together, in order,
and reported by cell and line), a folder (every .py and .ipynb under it), or - for a Python script
on standard input.

  --steps N          simulate N scheduler steps instead of the run length the code shows
  --metrics v,...    the metric series passed to ReduceLROnPlateau.step() (the last value repeats)
  --assume N=V       give the assumption named N (as the output names it, e.g. 'len(train_loader)')
                     the value V (a number, else text); repeatable; every number resting on it follows
  --format csv       analyze: step,epoch and one lr column per param group, streamed (one file)
  --every N          keep every N-th step, plus the min and max of each N steps and the last step
  --points N         at most N rows per curve, keeping each bucket's first row, min and max
  --scheduler NAME   analyze --format csv: only this scheduler (its variable name or #id)
  --fail-on LEVEL    exit 1 when a diagnostic of this severity or worse is found (default: error)
  --max-memory MB    the memory one file's analysis may use (default: 384); a file that needs
                     more is reported as stopped (exit 3) and the other files still run
  --timeout SECONDS  the time one file's analysis may take (default: 60), likewise
  --log PATH         compare: the run's log (trainer_state.json, events.out.tfevents.*, metrics.csv,
                     a W&B history CSV); prints the first step where the logged lr leaves the
                     predicted one, the largest relative difference and the likely reason

exit codes: 0 nothing at or above --fail-on; 1 a diagnostic at or above --fail-on, or a path that
could not be read; 2 a usage error; 3 a file's analysis stopped (--max-memory, --timeout) or LR Lens
itself failed (the message says where).
`;

const FORMATS: Record<Command, Format[]> = {
  analyze: ['text', 'json', 'csv'],
  diagnostics: ['text', 'json', 'sarif', 'github'],
};

function positiveInt(flag: string, v: string | undefined, min: number): number | string {
  const n = Number(v);
  if (v === undefined || v.trim() === '' || !Number.isInteger(n) || n < min) return `${flag} needs an integer of at least ${min}, got '${v ?? ''}'`;
  return n;
}

export function parseArgs(argv: readonly string[]): Parsed {
  if (argv.includes('--help') || argv.includes('-h') || argv[0] === 'help') return { kind: 'help' };
  if (argv.includes('--version') || argv.includes('-V')) return { kind: 'version' };
  const [command, ...rest] = argv;
  if (!command) return { kind: 'usage', message: 'no command given' };
  if (command !== 'analyze' && command !== 'diagnostics') return { kind: 'usage', message: `unknown command '${command}'` };
  const o: CliOptions = { command, paths: [], format: 'text', failOn: 'error', assume: {} };
  let format: Format | undefined;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string | undefined => (eq > 0 ? arg.slice(eq + 1) : rest[++i]);
    if (flag === '--json') {
      if (format && format !== 'json') return { kind: 'usage', message: `--json and --format ${format} together` };
      format = 'json';
    } else if (flag === '--format') {
      const v = value();
      const allowed = FORMATS[command];
      if (!v || !(allowed as string[]).includes(v)) return { kind: 'usage', message: `${command} --format is one of ${allowed.join(', ')}; got '${v ?? ''}'` };
      if (format && format !== v) return { kind: 'usage', message: `--format ${v} and --${format === 'json' ? 'json' : `format ${format}`} together` };
      format = v as Format;
    } else if (flag === '--steps' || flag === '--every' || flag === '--points') {
      if (command !== 'analyze') return { kind: 'usage', message: `${flag} is an option of analyze` };
      const n = positiveInt(flag, value(), flag === '--steps' ? 0 : flag === '--points' ? 2 : 1);
      if (typeof n === 'string') return { kind: 'usage', message: n };
      if (flag === '--steps') o.steps = n;
      else if (flag === '--every') o.every = n;
      else o.points = n;
    } else if (flag === '--metrics') {
      if (command !== 'analyze') return { kind: 'usage', message: '--metrics is an option of analyze' };
      const v = value();
      if (v === undefined) return { kind: 'usage', message: '--metrics needs a comma-separated list of numbers' };
      const parts = v.split(',').filter((s) => s.trim() !== '');
      const metrics = parts.map(Number);
      if (metrics.some((x) => Number.isNaN(x))) return { kind: 'usage', message: `--metrics must be numbers, got '${v}'` };
      o.metrics = metrics;
    } else if (flag === '--assume') {
      const v = value();
      const eqAt = v === undefined ? -1 : v.indexOf('=');
      if (v === undefined || eqAt <= 0) return { kind: 'usage', message: `--assume needs NAME=VALUE, got '${v ?? ''}'` };
      const name = v.slice(0, eqAt).trim();
      const text = v.slice(eqAt + 1).trim();
      const n = Number(text);
      o.assume[name] = text !== '' && Number.isFinite(n) ? n : text;
    } else if (flag === '--scheduler') {
      const v = value();
      if (!v) return { kind: 'usage', message: '--scheduler needs a variable name or #id' };
      o.scheduler = v;
    } else if (flag === '--max-memory') {
      const n = positiveInt(flag, value(), 32);
      if (typeof n === 'string') return { kind: 'usage', message: n };
      o.maxMemoryMb = n;
    } else if (flag === '--timeout') {
      const v = value();
      const n = Number(v);
      if (v === undefined || v.trim() === '' || !Number.isFinite(n) || n <= 0) return { kind: 'usage', message: `--timeout needs a number of seconds above 0, got '${v ?? ''}'` };
      o.timeoutS = n;
    } else if (flag === '--fail-on') {
      const v = value();
      if (v !== 'error' && v !== 'warning' && v !== 'info' && v !== 'never') return { kind: 'usage', message: `--fail-on is one of error, warning, info, never; got '${v ?? ''}'` };
      o.failOn = v;
    } else if (arg.startsWith('-') && arg !== '-') return { kind: 'usage', message: `unknown option '${arg}'` };
    else o.paths.push(arg);
  }
  if (o.every !== undefined && o.points !== undefined) return { kind: 'usage', message: '--every and --points together: choose one' };
  if (o.paths.length === 0) return { kind: 'usage', message: 'no file given' };
  o.format = format ?? 'text';
  return { kind: 'run', options: o };
}
