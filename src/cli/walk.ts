/** The files a command line names: files as given, folders walked for .py and .ipynb files. */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Folders never walked into: hidden ones (.git, .venv, …), caches, installed packages. */
const SKIP = new Set(['node_modules', '__pycache__', 'site-packages', 'venv', 'env', 'build', 'dist', '.ipynb_checkpoints']);

export function isAnalyzablePath(p: string): boolean {
  return /\.(py|ipynb)$/i.test(p);
}

export interface Walked {
  files: string[];
  /** Paths that do not exist or cannot be listed, with why. */
  problems: { path: string; why: string }[];
}

export function why(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'ENOENT') return 'no such file';
  if (e?.code === 'EISDIR') return 'is a directory';
  if (e?.code === 'EACCES' || e?.code === 'EPERM') return 'permission denied';
  return e?.message ?? String(err);
}

export function expandPaths(paths: readonly string[]): Walked {
  const out: Walked = { files: [], problems: [] };
  const seen = new Set<string>();
  const add = (f: string) => {
    if (!seen.has(f)) {
      seen.add(f);
      out.files.push(f);
    }
  };
  for (const p of paths) {
    if (p === '-') {
      add(p);
      continue;
    }
    let isDir = false;
    try {
      isDir = statSync(p).isDirectory();
    } catch (err) {
      // A missing file is reported when it is read (one message per path).
      add(p);
      continue;
    }
    if (!isDir) {
      add(p);
      continue;
    }
    // Iterative walk in sorted order; symbolic links to folders are not followed (no cycles).
    const found: string[] = [];
    const stack = [p];
    while (stack.length) {
      const dir = stack.pop() as string;
      let entries;
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch (err) {
        out.problems.push({ path: dir, why: why(err) });
        continue;
      }
      for (const e of entries) {
        const full = join(dir, e.name);
        if (e.isDirectory()) {
          if (!e.name.startsWith('.') && !SKIP.has(e.name)) stack.push(full);
        } else if ((e.isFile() || e.isSymbolicLink()) && isAnalyzablePath(e.name)) found.push(full);
      }
    }
    found.sort();
    for (const f of found) add(f);
  }
  return out;
}
