/**
 * `diagnostics` output: lines for a terminal (`path:line:col severity rule message`), JSON, SARIF
 * 2.1.0 for code scanning, and GitHub workflow commands (annotations on the pull request).
 */
import { basename, isAbsolute, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { RULES, type LintDiagnostic, type Severity } from '../../core/lint/types';
import { diagnosticJson, placeOf, placeText, type Loaded } from '../load';
import type { Output } from '../output';
import { VERSION } from '../version';

const HOME = 'https://github.com/lr-lens/lr-lens';
const HELP_URI = `${HOME}#schedule-diagnostics`;

export function writeDiagnosticsText(out: Output, file: Loaded): void {
  for (const d of file.diagnostics) {
    const p = placeOf(file, d.range.startPos);
    const where = p.cell !== undefined ? ` (${placeText(p)})` : '';
    out.text(`${file.path}:${p.fileLine}:${p.fileColumn} ${d.severity} ${d.rule} ${d.message}${where}\n`);
  }
}

export function diagnosticsJson(file: Loaded): Record<string, unknown> {
  return { file: basename(file.path), path: file.path, ...(file.notebook ? { notebook: true } : {}), diagnostics: file.diagnostics.map((d) => diagnosticJson(file, d)) };
}

// ---------------------------------------------------------------------------------------------
// SARIF 2.1.0

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

function ruleName(id: string): string {
  return id.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase());
}

/** Plain text of a rule description (the settings UI's markdown without backticks). */
function plain(md: string): string {
  return md.replace(/`([^`]*)`/g, '$1');
}

/** The SARIF driver's rules: every rule, with its description and how to silence it. */
export function sarifRules(): Record<string, unknown>[] {
  return RULES.map((r) => ({
    id: r.id,
    name: ruleName(r.id),
    shortDescription: { text: plain(r.description).replace(/:.*$/, '').replace(/\.$/, '') },
    fullDescription: { text: plain(r.description) },
    help: {
      text: `${plain(r.description)} Silence one line with the comment "# lr-lens: ignore[${r.id}]"; switch the rule off in VS Code with the setting lrLens.diagnostics.${r.setting}.`,
      markdown: `${r.description}\n\nSilence one line with \`# lr-lens: ignore[${r.id}]\`; switch the rule off in VS Code with the setting \`lrLens.diagnostics.${r.setting}\`.`,
    },
    helpUri: HELP_URI,
    properties: { tags: ['learning-rate', 'pytorch'] },
  }));
}

/** The artifact URI of a path: relative to the working directory (GitHub wants repository paths), else a file: URI. */
export function artifactUri(path: string, cwd = process.cwd()): { uri: string; uriBaseId?: string } {
  const rel = isAbsolute(path) ? relative(cwd, path) : relative(cwd, path);
  if (rel && !rel.startsWith('..') && !isAbsolute(rel)) return { uri: rel.split(sep).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
  return { uri: pathToFileURL(path).href };
}

function sarifResult(file: Loaded, d: LintDiagnostic, ruleIndex: Map<string, number>): Record<string, unknown> {
  const p = placeOf(file, d.range.startPos);
  const e = placeOf(file, d.range.endPos);
  const region: Record<string, number> = { startLine: p.fileLine, startColumn: p.fileColumn };
  // The end only when it is in the same cell (a notebook range cannot run across cells in the file).
  if (e.cell === p.cell && (e.fileLine > p.fileLine || (e.fileLine === p.fileLine && e.fileColumn > p.fileColumn))) {
    region.endLine = e.fileLine;
    region.endColumn = e.fileColumn;
  }
  return {
    ruleId: d.rule,
    ruleIndex: ruleIndex.get(d.rule) ?? -1,
    level: LEVEL[d.severity],
    message: { text: p.cell !== undefined ? `${d.message} (${placeText(p)})` : d.message },
    locations: [{ physicalLocation: { artifactLocation: artifactUri(file.path), region } }],
    ...(p.cell !== undefined ? { properties: { cell: p.cell, cellLine: p.line, cellColumn: p.column } } : {}),
  };
}

export function sarifLog(files: Loaded[], problems: { path: string; message: string }[]): Record<string, unknown> {
  const rules = sarifRules();
  const ruleIndex = new Map(rules.map((r, i) => [r.id as string, i]));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'LR Lens', version: VERSION, semanticVersion: VERSION, informationUri: HOME, rules } },
        originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileURL(process.cwd() + sep).href } },
        columnKind: 'utf16CodeUnits',
        invocations: [
          {
            executionSuccessful: problems.length === 0,
            ...(problems.length
              ? { toolExecutionNotifications: problems.map((p) => ({ level: 'error', message: { text: p.message }, locations: [{ physicalLocation: { artifactLocation: artifactUri(p.path) } }] })) }
              : {}),
          },
        ],
        results: files.flatMap((f) => f.diagnostics.map((d) => sarifResult(f, d, ruleIndex))),
      },
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// GitHub workflow commands: ::warning file=…,line=…,col=…,title=…::message

/** The message of a workflow command (toolkit's escapeData). */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A property value of a workflow command (toolkit's escapeProperty). */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

const GITHUB_LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

export function writeGithub(out: Output, file: Loaded): void {
  const path = artifactUri(file.path).uriBaseId ? relative(process.cwd(), file.path).split(sep).join('/') : file.path;
  for (const d of file.diagnostics) {
    const p = placeOf(file, d.range.startPos);
    const e = placeOf(file, d.range.endPos);
    const props = [`file=${escapeProperty(path)}`, `line=${p.fileLine}`, `col=${p.fileColumn}`];
    if (e.cell === p.cell && e.fileLine === p.fileLine && e.fileColumn > p.fileColumn) props.push(`endColumn=${e.fileColumn}`);
    props.push(`title=${escapeProperty(`LR Lens: ${d.rule}`)}`);
    const msg = p.cell !== undefined ? `${d.message} (${placeText(p)})` : d.message;
    out.text(`::${GITHUB_LEVEL[d.severity]} ${props.join(',')}::${escapeData(msg)}\n`);
  }
}
