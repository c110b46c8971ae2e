import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ArgValue, OptimizerSpec, ScheduleSpec } from '../../../src/core/engine';

/** The oracle curves made by running real PyTorch and transformers (see test/fixtures/oracle/README.md). */
export interface OracleCase {
  id: string;
  library: 'torch' | 'transformers' | 'timm' | 'diffusers' | 'deepspeed';
  scheduler: string;
  constructor: string;
  kwargs: Record<string, unknown>;
  optimizer: {
    type: string;
    lr: number;
    momentum?: number;
    param_groups: Array<{ lr: number; initial_lr?: number; lr_scale?: number }>;
  };
  steps: number;
  source: string;
  metrics?: number[];
  lr: number[][];
  momentum?: number[][];
  error?: { at_step: number; type: string; message: string; call?: string };
  /** timm: train.py's loop (epochs × updates) and one label per lr row. */
  protocol?: { epochs: number; updates_per_epoch: number };
  calls?: string[];
  returned_num_epochs?: number;
  /** DeepSpeed: the same scheduler as a ds_config. */
  ds_config?: { scheduler: { type: string; params: Record<string, unknown> } };
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

/** The timm, diffusers and DeepSpeed oracle cases (see test/fixtures/oracle/README.md). */
export function loadFamilyOracle(): Array<{ prelude: string; c: OracleCase }> {
  const out: Array<{ prelude: string; c: OracleCase }> = [];
  for (const file of ['diffusers.json', 'timm.json', 'deepspeed.json']) {
    const data = JSON.parse(fs.readFileSync(path.join(ORACLE_DIR, file), 'utf8')) as OracleFile;
    for (const c of data.cases) out.push({ prelude: data.prelude, c });
  }
  return out;
}

/** The engine kind of a case: families beyond torch and transformers are qualified (`timm.CosineLRScheduler`). */
export function kindOf(c: OracleCase): string {
  return c.library === 'torch' || c.library === 'transformers' ? c.scheduler : `${c.library}.${c.scheduler}`;
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

/**
 * Relative 1e-12, and absolute 1e-15 only near zero (|expected| < 1e-12), as the oracle README
 * prescribes — a tiny lr such as 1e-9 is still held to 1e-12 relative.
 */
export function closeTo(actual: number, expected: number, rel = 1e-12, abs = 1e-15): boolean {
  if (Object.is(actual, expected)) return true;
  const diff = Math.abs(actual - expected);
  if (Math.abs(expected) < 1e-12) return diff <= abs;
  return diff <= rel * Math.abs(expected);
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

/**
 * Every oracle case, with the engine's description built by hand from the case's `kwargs` table
 * (lambdas from their recorded JavaScript twins). The analyzer's tests feed the same cases from
 * their Python source instead.
 */
function toArg(v: unknown): ArgValue {
  if (Array.isArray(v)) return v.map(toArg);
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (typeof o.js === 'string') return new Function(`return (${o.js});`)() as (x: number) => number;
    if (typeof o.scheduler === 'string' && typeof o.constructor === 'string') {
      return { kind: o.scheduler, args: toArgs(o.kwargs as Record<string, unknown>) };
    }
    return toArgs(o) as ArgValue;
  }
  return v as ArgValue;
}

function toArgs(kwargs: Record<string, unknown>): Record<string, ArgValue> {
  const out: Record<string, ArgValue> = {};
  for (const [k, v] of Object.entries(kwargs)) out[k] = toArg(v);
  return out;
}

export function specOf(c: OracleCase): { spec: ScheduleSpec; optimizer: OptimizerSpec } {
  return {
    spec: { kind: kindOf(c), args: toArgs(c.kwargs) },
    optimizer: {
      type: c.optimizer.type,
      defaultLr: c.optimizer.lr,
      paramGroups: c.optimizer.param_groups.map((g) => ({
        ...g,
        ...(c.optimizer.momentum !== undefined ? { momentum: c.optimizer.momentum } : {}),
      })),
    },
  };
}

