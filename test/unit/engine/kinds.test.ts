// The kind registry (src/core/engine/kinds): every kind declared once, in its family, reachable from its
// family's module path; the tables the rest of LR Lens reads are the descriptors' own.
import * as assert from 'node:assert/strict';
import { ALL_KINDS, FAMILY_LIST, bareKind, descriptorOf, familyOf, isCyclicKind, isMetricDriven, kindForPath, markersOf, roleOf, ruleFor } from '../../../src/core/engine/kinds';
import { METRIC_DRIVEN_KINDS, SIGNATURES } from '../../../src/core/engine/signatures';
import { CATALOGUE } from '../../../src/core/generator/catalogue';
import { describeRule } from '../../../src/core/generator/params';

describe('engine: the kind registry', () => {
  it('has every family and the 50 kinds the engine simulated before SWALR', () => {
    assert.deepEqual(FAMILY_LIST.map((f) => f.library), ['torch', 'transformers', 'diffusers', 'timm', 'deepspeed', 'python']);
    assert.ok(ALL_KINDS.length >= 50, `${ALL_KINDS.length} kinds`);
  });

  it('SIGNATURES are the descriptors, in registry order, with each family as the library', () => {
    assert.deepEqual(Object.keys(SIGNATURES), ALL_KINDS.map((d) => d.kind));
    for (const d of ALL_KINDS) {
      assert.equal(SIGNATURES[d.kind].library, familyOf(d.kind)?.library);
      assert.deepEqual(SIGNATURES[d.kind].params.map((p) => p.name), d.params.map((p) => p.name), d.kind);
    }
  });

  it("every kind is named by its family's module path (or its own), and by no other family's", () => {
    for (const f of FAMILY_LIST) {
      // A hand-written schedule is no library's: no module path names it.
      if (f.noModule) {
        for (const d of f.kinds) assert.equal(kindForPath(`torch.optim.lr_scheduler.${bareKind(d.kind)}`), null, d.kind);
        continue;
      }
      for (const d of f.kinds) {
        const mod = d.modules ? d.modules.source.replace(/^\^|\$$/g, '').replace(/\\\./g, '.').replace(/\(.*$/, '') : f.modules.source.replace(/^\^|\$$/g, '').replace(/\\\./g, '.').replace(/\(.*$/, '');
        assert.deepEqual(kindForPath(`${mod}.${bareKind(d.kind)}`), { kind: d.kind, library: f.library }, `${mod}.${bareKind(d.kind)}`);
      }
    }
    assert.equal(kindForPath('torch.optim.lr_scheduler.get_linear_schedule_with_warmup'), null);
    assert.equal(kindForPath('transformers.StepLR'), null);
    assert.equal(kindForPath('timm.scheduler.StepLR'), null, 'timm has StepLRScheduler, not StepLR');
  });

  it('metric-driven and cyclic flags are the descriptors', () => {
    assert.deepEqual([...METRIC_DRIVEN_KINDS].sort(), ['GreedyLR', 'ReduceLROnPlateau', 'get_greedy_schedule', 'get_reduce_on_plateau_schedule', 'timm.PlateauLRScheduler']);
    assert.equal(isMetricDriven({ kind: 'get_scheduler', args: { name: 'reduce_lr_on_plateau' } }), true);
    assert.equal(isMetricDriven({ kind: 'get_scheduler', args: { name: 'linear' } }), false);
    assert.equal(isMetricDriven({ kind: 'timm.create_scheduler_v2', args: { sched: 'plateau' } }), true);
    assert.equal(isMetricDriven({ kind: 'timm.create_scheduler_v2', args: { sched: 'cosine' } }), false);
    for (const k of ['CyclicLR', 'CosineAnnealingWarmRestarts', 'ChainedScheduler', 'get_cosine_with_hard_restarts_schedule_with_warmup']) assert.ok(isCyclicKind(k), k);
    for (const k of ['OneCycleLR', 'StepLR', 'get_scheduler', 'TrainingArguments', 'OneCycle', '']) assert.ok(!isCyclicKind(k), k);
  });

  it('every value the generator asks for has a rule from a descriptor', () => {
    for (const e of CATALOGUE) {
      for (const q of e.params) {
        const r = ruleFor(e.kind, q.name);
        assert.ok(r, `${e.id}: ${q.name}`);
        assert.ok(describeRule(r).length > 0);
      }
    }
    assert.deepEqual(ruleFor('get_greedy_schedule', 'factor'), ruleFor('GreedyLR', 'factor'), 'a forwarding kind reads its target');
    assert.notDeepEqual(ruleFor('ReduceLROnPlateau', 'factor'), ruleFor('ConstantLR', 'factor'));
  });

  it("timm, diffusers and DeepSpeed parameters have their roles, from each library's own signatures", () => {
    const roles = (kind: string) => Object.fromEntries(descriptorOf(kind)!.params.filter((p) => p.role).map((p) => [p.name, p.role]));
    assert.deepEqual(roles('timm.CosineLRScheduler'), {
      t_initial: 'runLength',
      lr_min: 'minLr',
      cycle_mul: 'multiplier',
      cycle_decay: 'decay',
      warmup_t: 'warmup',
      warmup_lr_init: 'warmupLr',
    });
    assert.equal(roleOf('timm.StepLRScheduler', 'decay_t'), 'period');
    assert.equal(descriptorOf('timm.MultiStepLRScheduler')!.params.find((p) => p.name === 'decay_t')!.role, undefined, 'a list of epochs, not one period');
    assert.deepEqual(ruleFor('timm.MultiStepLRScheduler', 'decay_t')?.type, 'intList');
    assert.equal(roleOf('timm.create_scheduler_v2', 'num_epochs'), 'runLength');
    assert.equal(roleOf('timm.create_scheduler_v2', 'updates_per_epoch'), 'stepsPerEpoch');
    assert.deepEqual(roles('deepspeed.WarmupDecayLR'), { total_num_steps: 'runLength', warmup_min_lr: 'warmupLr', warmup_max_lr: 'peakLr', warmup_num_steps: 'warmup' });
    assert.deepEqual(roles('deepspeed.WarmupCosineLR'), { total_num_steps: 'runLength', warmup_min_ratio: 'warmupFactor', warmup_num_steps: 'warmup', cos_min_ratio: 'minRatio' });
    assert.deepEqual(roles('deepspeed.OneCycle'), {
      cycle_min_lr: 'baseLr',
      cycle_max_lr: 'peakLr',
      decay_lr_rate: 'decay',
      cycle_first_step_size: 'cycle',
      cycle_second_step_size: 'cycle',
      decay_step_size: 'period',
    });
    assert.deepEqual(roles('diffusers.get_scheduler'), { num_warmup_steps: 'warmup', num_training_steps: 'runLength', power: 'power' });
    assert.deepEqual(roles('diffusers.get_polynomial_decay_schedule_with_warmup'), { num_warmup_steps: 'warmup', num_training_steps: 'runLength', power: 'power' });
    // Every timm, diffusers and DeepSpeed length is declared (a length parameter without a role would get the name's guess).
    for (const d of ALL_KINDS.filter((k) => /^(timm|diffusers|deepspeed)\./.test(k.kind))) {
      for (const p of d.params) if (/(_t|_steps|_size|epochs|t_initial)$/.test(p.name) && !/noise|stair|t_in_epochs|step_on_epochs/.test(p.name)) assert.ok(p.role || p.rule, `${d.kind}.${p.name}`);
    }
  });

  it('the warm-up marker comes from the warm-up role (DeepSpeed, diffusers), never at an epoch count on timm\'s per-step axis', () => {
    assert.deepEqual(markersOf({ kind: 'deepspeed.WarmupDecayLR', args: { total_num_steps: 1000, warmup_num_steps: 100 } }, 1000), [{ step: 100, kind: 'warmup', label: 'warm-up end' }]);
    assert.deepEqual(markersOf({ kind: 'diffusers.get_scheduler', args: { name: 'cosine', num_warmup_steps: 50, num_training_steps: 500 } }, 500), [{ step: 50, kind: 'warmup', label: 'warm-up end' }]);
    assert.deepEqual(markersOf({ kind: 'timm.CosineLRScheduler', args: { t_initial: 100, warmup_t: 5 } }, 10000), []);
  });

  it('descriptors of forwarding kinds name a registered kind', () => {
    for (const d of ALL_KINDS) if (d.forwardsTo) assert.ok(descriptorOf(d.forwardsTo), `${d.kind} → ${d.forwardsTo}`);
  });
});
