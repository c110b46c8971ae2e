// The files a script reads (a ds_config JSON): the analysis names the ones it wants, the CLI reads
// them beside the script (or under the working directory), never outside those folders, and
// analyzes again with their text.
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { analyze } from '../analysis/analyze';
import type { AnalysisResult, AnalyzeOptions } from '../analysis/types';

/** `path` resolved inside `root`, or null when it would leave it. */
function inside(root: string, path: string): string | null {
  if (isAbsolute(path)) return null;
  const full = resolve(root, path);
  const rel = relative(root, full);
  return rel.startsWith('..') || isAbsolute(rel) ? null : full;
}

export function analyzeWithFiles(source: string, file: string, options: AnalyzeOptions = {}): AnalysisResult {
  let result = analyze(source, options);
  const wanted = (result.files ?? []).filter((f) => !f.read).map((f) => f.path);
  if (!wanted.length) return result;
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
  if (Object.keys(files).length) result = analyze(source, { ...options, files });
  return result;
}
