import * as fs from 'node:fs';
import * as path from 'node:path';

/** The oracle curves made by running real PyTorch and transformers (see test/fixtures/oracle/README.md). */
export interface OracleCase {
  id: string;
  library: 'torch' | 'transformers';
  scheduler: string;
  constructor: string;
  kwargs: Record<string, unknown>;
  optimizer: {
    type: string;
    lr: number;
    momentum?: number;
    param_groups: Array<{ lr: number; initial_lr?: number }>;
  };
  steps: number;
  source: string;
  metrics?: number[];
  lr: number[][];
  momentum?: number[][];
  error?: { at_step: number; type: string; message: string };
  differs_in_2x?: boolean;
  lr_2x?: number[][];
  momentum_2x?: number[][];
  note_2x?: string;
}

export interface OracleFile {
  prelude: string;
  cases: OracleCase[];
}

const ORACLE_DIR = path.resolve(__dirname, '../../../../test/fixtures/oracle');

export function loadOracle(): Array<{ prelude: string; c: OracleCase }> {
  const out: Array<{ prelude: string; c: OracleCase }> = [];
  for (const file of ['torch-1.13.json', 'transformers.json']) {
    const data = JSON.parse(fs.readFileSync(path.join(ORACLE_DIR, file), 'utf8')) as OracleFile;
    for (const c of data.cases) out.push({ prelude: data.prelude, c });
  }
  return out;
}

/** The curve the engine must match: PyTorch 2.x numbers where they differ from 1.13. */
export function expectedLr(c: OracleCase): number[][] {
  return c.lr_2x ?? c.lr;
}

export function expectedMomentum(c: OracleCase): number[][] | undefined {
  return c.momentum_2x ?? c.momentum;
}

/** The error message PyTorch 2.x raises, where the oracle notes that it differs from 1.13's. */
export function expectedErrorMessage(c: OracleCase): string | undefined {
  if (!c.error) return undefined;
  const m = c.note_2x && /2\.x error message: '([^']+)'/.exec(c.note_2x);
  return m ? m[1] : c.error.message;
}

/** Relative 1e-12, absolute 1e-15 near zero, as the oracle README prescribes. */
export function closeTo(actual: number, expected: number, rel = 1e-12, abs = 1e-15): boolean {
  if (Object.is(actual, expected)) return true;
  const diff = Math.abs(actual - expected);
  return diff <= abs || diff <= rel * Math.abs(expected);
}

/** First mismatch between two row tables, as a readable string, or null when they agree. */
export function compareRows(actual: number[][], expected: number[][], rel = 1e-12): string | null {
  if (actual.length !== expected.length) return `row count ${actual.length} != expected ${expected.length}`;
  for (let k = 0; k < expected.length; k++) {
    if (actual[k].length !== expected[k].length) return `row ${k}: ${actual[k].length} groups != ${expected[k].length}`;
    for (let g = 0; g < expected[k].length; g++) {
      if (!closeTo(actual[k][g], expected[k][g], rel)) {
        return `row ${k} group ${g}: got ${actual[k][g]}, expected ${expected[k][g]} (rel err ${Math.abs(actual[k][g] - expected[k][g]) / Math.abs(expected[k][g])})`;
      }
    }
  }
  return null;
}
