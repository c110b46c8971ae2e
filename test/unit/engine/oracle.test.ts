import * as assert from 'node:assert/strict';
import { curveRows, simulate, type ArgValue, type OptimizerSpec, type ScheduleSpec } from '../../../src/engine';
import { compareRows, expectedErrorMessage, expectedLr, expectedMomentum, loadOracle, type OracleCase } from '../helpers/oracle';

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
    spec: { kind: c.scheduler, args: toArgs(c.kwargs) },
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

describe('engine reproduces the real libraries (oracle, 1e-12)', () => {
  const cases = loadOracle();

  it('has all 121 oracle cases', () => {
    assert.equal(cases.length, 121);
  });

  for (const { c } of cases) {
    const title = c.differs_in_2x ? `${c.id} (PyTorch 2.x numbers: lr_2x)` : c.id;
    it(title, () => {
      const { spec, optimizer } = specOf(c);
      const curve = simulate(spec, optimizer, { steps: c.steps, metrics: c.metrics });
      if (c.error) {
        assert.ok(curve.error, 'expected an error');
        assert.equal(curve.error.atStep, c.error.at_step);
        assert.equal(curve.error.type, c.error.type);
        assert.equal(curve.error.message, expectedErrorMessage(c));
      } else {
        assert.equal(curve.error, undefined, curve.error?.message);
      }
      const mismatch = compareRows(curveRows(curve), expectedLr(c));
      assert.equal(mismatch, null, mismatch ?? '');
      const m = expectedMomentum(c);
      if (m) {
        assert.ok(curve.momentum, 'expected momentum rows');
        const mm = compareRows(curveRows(curve, 'momentum'), m);
        assert.equal(mm, null, mm ?? '');
      } else {
        assert.equal(curve.momentum, undefined);
      }
    });
  }
});
