// The files a script reads (a ds_config JSON): the analysis names the ones it wants, the CLI reads
// them beside the script (or under the working directory), never outside those folders, and
// analyzes again with their text.
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { DocumentModel, type ModelInputs } from '../core/model/documentModel';

/** `path` resolved inside `root`, or null when it would leave it. */
function inside(root: string, path: string): string | null {
  if (isAbsolute(path)) return null;
  const full = resolve(root, path);
  const rel = relative(root, full);
  return rel.startsWith('..') || isAbsolute(rel) ? null : full;
}

/** Most rounds of reading: a file read can name others (a Hydra defaults list names its config groups). */
const MAX_ROUNDS = 8;

/** The document model of a script (src/core/model/documentModel.ts), with the config files it reads. */
export function modelWithFiles(source: string, file: string, inputs: ModelInputs): DocumentModel {
  let model = DocumentModel.of(source, inputs);
  const files: Record<string, string> = {};
  const tried = new Set<string>();
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const wanted = (model.analysis.files ?? []).filter((f) => !f.read && !tried.has(f.path)).map((f) => f.path);
    if (!wanted.length) break;
    wanted.forEach((p) => tried.add(p));
    const read = readWanted(wanted, file);
    if (!read) break;
    Object.assign(files, read);
    model = DocumentModel.of(source, { ...inputs, files: { ...files } });
  }
  return model;
}

/**
 * The files that could be read: beside the script (a path relative to its folder, which may go up,
 * as Hydra's `config_path="../configs"` does, but not out of the working directory or the script's
 * folder), or under the working directory; never outside those folders.
 */
function readWanted(wanted: string[], file: string): Record<string, string> | undefined {
  const files: Record<string, string> = {};
  const scriptDir = dirname(resolve(file));
  const cwd = process.cwd();
  for (const p of wanted) {
    if (isAbsolute(p)) continue;
    const besideScript = resolve(scriptDir, p);
    const candidates = [inside(scriptDir, p) ?? (inside(cwd, relative(cwd, besideScript)) ? besideScript : null), inside(cwd, p)];
    for (const full of candidates) {
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
