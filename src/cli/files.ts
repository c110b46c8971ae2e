// The files a script reads (a ds_config JSON): the analysis names the ones it wants, the CLI reads
// them beside the script (or under the working directory), never outside those folders, and
// analyzes again with their text.
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import type { AnalysisResult } from '../core/model/types';
import { DocumentModel, type ModelInputs } from '../core/model/documentModel';

/** `path` resolved inside `root`, or null when it would leave it. */
function inside(root: string, path: string): string | null {
  if (isAbsolute(path)) return null;
  const full = resolve(root, path);
  const rel = relative(root, full);
  return rel.startsWith('..') || isAbsolute(rel) ? null : full;
}

/** The document model of a script (src/core/model/documentModel.ts), with the config files it reads. */
export function modelWithFiles(source: string, file: string, inputs: ModelInputs): DocumentModel {
  const first = DocumentModel.of(source, inputs);
  const files = readWanted(first.analysis, file);
  return files ? DocumentModel.of(source, { ...inputs, files }) : first;
}

/** The config files an analysis asked for and that could be read, or undefined when none. */
function readWanted(result: AnalysisResult, file: string): Record<string, string> | undefined {
  const wanted = (result.files ?? []).filter((f) => !f.read).map((f) => f.path);
  if (!wanted.length) return undefined;
  const files: Record<string, string> = {};
  for (const p of wanted) {
    for (const root of [dirname(resolve(file)), process.cwd()]) {
      const full = inside(root, p);
      if (!full) continue;
      try {
        files[p] = readFileSync(full, 'utf8');
        break;
      } catch {
        /* try the next folder; unread files stay named in the result */
      }
    }
  }
  return Object.keys(files).length ? files : undefined;
}
