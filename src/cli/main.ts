// Command line over the pure layers:
//   node dist/cli.js analyze FILE [--steps N] [--metrics v1,v2,…] [--json]
//   node dist/cli.js diagnostics FILE [--json]
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { analyzeWithFiles } from './files';
import { lint } from '../analysis/diagnostics/index';
import { reportJson, reportText } from '../analysis/json';

const USAGE = `usage: lr-lens analyze FILE [--steps N] [--metrics v1,v2,...] [--json]
       lr-lens diagnostics FILE [--json]
`;

function fail(message: string, code: number): never {
  process.stderr.write(message.endsWith('\n') ? message : message + '\n');
  process.exit(code);
}

export function main(argv: string[]): number {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h') {
    process.stdout.write(USAGE);
    return command ? 0 : 2;
  }
  if (command !== 'analyze' && command !== 'diagnostics') fail(`lr-lens: unknown command '${command}'\n${USAGE}`, 2);
  let file: string | null = null;
  let steps: number | undefined;
  let metrics: number[] | undefined;
  let json = false;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === '--json') json = true;
    else if (a === '--steps' || a.startsWith('--steps=')) {
      const v = a.includes('=') ? a.slice(8) : rest[++i];
      const n = Number(v);
      if (v === undefined || !Number.isInteger(n) || n < 0) fail(`lr-lens: --steps needs a non-negative integer, got '${v ?? ''}'\n${USAGE}`, 2);
      steps = n;
    } else if (a === '--metrics' || a.startsWith('--metrics=')) {
      const v = a.includes('=') ? a.slice(10) : rest[++i];
      if (v === undefined) fail(`lr-lens: --metrics needs a comma-separated list of numbers\n${USAGE}`, 2);
      metrics = v.split(',').filter((s) => s.trim() !== '').map(Number);
      if (metrics.some((x) => Number.isNaN(x))) fail(`lr-lens: --metrics must be numbers, got '${v}'`, 2);
    } else if (a.startsWith('-')) fail(`lr-lens: unknown option '${a}'\n${USAGE}`, 2);
    else if (file === null) file = a;
    else fail(`lr-lens: more than one file given\n${USAGE}`, 2);
  }
  if (file === null) fail(`lr-lens: no file given\n${USAGE}`, 2);
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why = e.code === 'ENOENT' ? 'no such file' : e.code === 'EISDIR' ? 'is a directory' : e.code === 'EACCES' ? 'permission denied' : e.message;
    fail(`lr-lens: cannot read '${file}': ${why}`, 1);
  }
  const result = analyzeWithFiles(source, file);
  if (command === 'diagnostics') {
    const { diagnostics } = lint(result, source);
    if (json) {
      const out = diagnostics.map((d) => ({
        rule: d.rule,
        severity: d.severity,
        line: d.range.startPos.line + 1,
        column: d.range.startPos.character + 1,
        message: d.message,
        messageTemplate: d.messageTemplate,
        args: d.args,
        range: d.range,
        ...(d.fix ? { fix: d.fix } : {}),
      }));
      process.stdout.write(JSON.stringify({ file: basename(file), diagnostics: out }) + '\n');
    } else {
      for (const d of diagnostics)
        process.stdout.write(`${file}:${d.range.startPos.line + 1}:${d.range.startPos.character + 1} ${d.severity} ${d.rule} ${d.message}\n`);
    }
    return diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
  }
  const report = reportJson(basename(file), result, { steps, metrics });
  if (json) process.stdout.write(JSON.stringify(report) + '\n');
  else process.stdout.write(reportText(report));
  return 0;
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
