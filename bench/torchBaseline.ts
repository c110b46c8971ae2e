import { spawnSync } from 'node:child_process';
import type { EngineBenchCase } from './engineCases';

/**
 * Times the real PyTorch scheduler for each bench case, in a child Python, when one with torch is
 * installed (Debian: `apt-get install python3-torch`). transformers schedules are written inline
 * as the LambdaLRs transformers builds, so only torch is needed. Returns ns/step per case name, or
 * the reason there is no baseline.
 */
export interface TorchBaseline {
  python?: string;
  version?: string;
  nsPerStep: Record<string, number>;
  unavailable?: string;
}

const TRANSFORMERS_SHIM = `
import math, types
from functools import partial
from torch.optim.lr_scheduler import LambdaLR
transformers = types.SimpleNamespace()
def _w(s, w): return float(s) / float(max(1, w))
def _lin(s, *, w, t): return _w(s, w) if s < w else max(0.0, float(t - s) / float(max(1, t - w)))
def _cos(s, *, w, t, c, m=0.0):
    if s < w: return _w(s, w)
    p = float(s - w) / float(max(1, t - w)); f = 0.5 * (1.0 + math.cos(math.pi * float(c) * 2.0 * p)); f = f * (1 - m) + m
    return max(0, f)
def _hard(s, *, w, t, c):
    if s < w: return _w(s, w)
    p = float(s - w) / float(max(1, t - w))
    return 0.0 if p >= 1.0 else max(0.0, 0.5 * (1.0 + math.cos(math.pi * ((float(c) * p) % 1.0))))
def _poly(s, *, w, t, e, pw, i):
    if s < w: return _w(s, w)
    if s > t: return e / i
    return ((i - e) * (1 - (s - w) / (t - w)) ** pw + e) / i
def _isq(s, *, w, ts):
    if s < w: return _w(s, w)
    return 1.0 / math.sqrt((s + ts - w) / ts)
def _cw(s, *, w): return float(s) / float(max(1.0, w)) if s < w else 1.0
def _wsd(s, *, w, st, d):
    if s < w: return _w(s, w)
    if s < w + st: return 1.0
    if s < w + st + d:
        p = float(s - w - st) / float(max(1, d)); return max(0.0, 0.5 * (1.0 + math.cos(math.pi * 0.5 * 2.0 * p)))
    return 0
transformers.get_linear_schedule_with_warmup = lambda o, w, t: LambdaLR(o, partial(_lin, w=w, t=t))
transformers.get_cosine_schedule_with_warmup = lambda o, w, t: LambdaLR(o, partial(_cos, w=w, t=t, c=0.5))
transformers.get_cosine_with_hard_restarts_schedule_with_warmup = lambda o, w, t, num_cycles=1: LambdaLR(o, partial(_hard, w=w, t=t, c=num_cycles))
transformers.get_polynomial_decay_schedule_with_warmup = lambda o, w, t, lr_end=1e-7, power=1.0: LambdaLR(o, partial(_poly, w=w, t=t, e=lr_end, pw=power, i=o.defaults['lr']))
transformers.get_inverse_sqrt_schedule = lambda o, w: LambdaLR(o, partial(_isq, w=w, ts=w or 10000))
transformers.get_constant_schedule_with_warmup = lambda o, w: LambdaLR(o, partial(_cw, w=w))
transformers.get_cosine_with_min_lr_schedule_with_warmup = lambda o, w, t, min_lr: LambdaLR(o, partial(_cos, w=w, t=t, c=0.5, m=min_lr / o.defaults['lr']))
transformers.get_wsd_schedule = lambda o, w, d, num_training_steps: LambdaLR(o, partial(_wsd, w=w, st=num_training_steps - w - d, d=d))
`;

function findPython(): { python: string; version: string } | undefined {
  for (const python of ['python3', '/usr/bin/python3']) {
    const r = spawnSync(python, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8', timeout: 60_000 });
    if (r.status === 0) return { python, version: r.stdout.trim() };
  }
  return undefined;
}

export function timeTorch(cases: EngineBenchCase[], steps: number): TorchBaseline {
  const found = findPython();
  if (!found) return { nsPerStep: {}, unavailable: 'no torch (apt-get install python3-torch)' };
  const program = [
    'import json, sys, time, warnings',
    'warnings.filterwarnings("ignore")',
    'import torch',
    'from torch import nn',
    TRANSFORMERS_SHIM,
    `STEPS = ${steps}`,
    'out = {}',
    ...cases.map((c) =>
      [
        'model = nn.Linear(4, 2)',
        c.python,
        'g = optimizer.param_groups[0]',
        't0 = time.perf_counter_ns()',
        c.metric
          ? 'for k in range(STEPS):\n    scheduler.step(1.0 / (1 + (k % 97)))\n    lr = g["lr"]'
          : 'for k in range(STEPS):\n    scheduler.step()\n    lr = g["lr"]',
        `out[${JSON.stringify(c.name)}] = (time.perf_counter_ns() - t0) / STEPS`,
      ].join('\n'),
    ),
    'print(json.dumps(out))',
  ].join('\n');
  const r = spawnSync(found.python, ['-c', program], { encoding: 'utf8', timeout: 20 * 60_000, maxBuffer: 1 << 20 });
  if (r.status !== 0) return { ...found, nsPerStep: {}, unavailable: `torch run failed: ${(r.stderr || '').trim().split('\n').pop()}` };
  return { ...found, nsPerStep: JSON.parse(r.stdout.trim().split('\n').pop() as string) as Record<string, number> };
}
