// What the rest of LR Lens reads from the kind descriptors (src/core/engine/kinds), pinned by value
// (issue 20): each kind's natural and declared run length with both sides of each rule and each
// default, its chart markers (step, kind and label), the role defaults and their reasons, the
// generator's import modules, and the lookups by name. The numbers are the descriptors' own rules
// (the library's defaults: StepLR three decays, MultiStepLR the last milestone + 25 %, …).
import * as assert from 'node:assert/strict';
import {
  ALL_KINDS,
  FAMILY_LIST,
  bareKind,
  declaredLength,
  defaultForParam,
  descriptorOf,
  familyOf,
  importModule,
  isCyclicKind,
  isMetricDriven,
  kindForPath,
  markersOf,
  naturalLength,
  roleOf,
  ruleFor,
  triggerWords,
  type ParamDecl,
  type ParamRule,
} from '../../../src/core/engine/kinds';
import { ROLE_ASSUMPTIONS, type ParamRole } from '../../../src/core/engine/kinds/roles';
import { simulate } from '../../../src/core/engine';
import type { Args } from '../../../src/core/engine/args';
import { fromTables } from '../../../src/core/engine/kinds/params';
import type { SimOptimizer } from '../../../src/core/engine/optimizer';
import type { Steppable } from '../../../src/core/engine/torch/lrScheduler';
import type { ArgValue, ScheduleSpec, SubclassProgram } from '../../../src/core/engine/spec';

const spec = (kind: string, args: Record<string, ArgValue> = {}): ScheduleSpec => ({ kind, args });

/** A descriptor as one line: each parameter `name[=default][:role][ rule]`, then its flags. */
function sheet(kind: string): string {
  const d = descriptorOf(kind)!;
  const rule = (r: ParamRule | undefined): string => {
    if (!r) return '';
    if (r.type === 'choice') return ` ${r.choices!.join('|')}`;
    if (r.type === 'intList') return ' ints';
    if (r.type === 'text') return ' text';
    if (r.min === undefined) return ` ${r.type}`;
    if (r.max === undefined) return ` ${r.type}${r.minExclusive ? '>' : '≥'}${r.min}`;
    return ` ${r.type}${r.minExclusive ? '(' : '['}${r.min},${r.max}${r.maxExclusive ? ')' : ']'}`;
  };
  const param = (p: ParamDecl) => `${p.name}${'default' in p ? '=' + JSON.stringify(p.default) : ''}${p.role ? ':' + p.role : ''}${rule(p.rule)}`;
  const flags = [
    d.varKeywords && '**kwargs',
    d.forwardsTo && '→' + d.forwardsTo,
    d.cyclic && 'cyclic',
    d.metricDriven === true && 'metric',
    typeof d.metricDriven === 'function' && 'metric(args)',
    d.askedRules && 'asks ' + Object.entries(d.askedRules).map(([n, r]) => n + rule(r)).join(','),
    d.notGenerated && 'notGenerated',
  ].filter(Boolean);
  return `${d.params.map(param).join(', ')}${flags.length ? ' | ' + flags.join(' ') : ''}`;
}

describe('engine kinds: every descriptor, parameter by parameter', () => {
  // Names, order and defaults are the libraries' signatures (torch's as torch 1.13's inspect.signature
  // prints them, without `verbose` (removed in 2.7) and with ChainedScheduler's `optimizer=None` (2.2));
  // the role decides the value assumed for an unknown argument, the rule what the generator accepts.
  const SHEET: [string, string][] = [
    ['LambdaLR', 'optimizer, lr_lambda, last_epoch=-1'],
    ['MultiplicativeLR', 'optimizer, lr_lambda, last_epoch=-1 | asks factor float>0'],
    ['StepLR', 'optimizer, step_size:period int≥1, gamma=0.1:decay float>0, last_epoch=-1'],
    ['MultiStepLR', 'optimizer, milestones ints, gamma=0.1:decay float>0, last_epoch=-1'],
    ['ConstantLR', 'optimizer, factor=0.3333333333333333:warmupFactor float(0,1], total_iters=5:runLength int≥1, last_epoch=-1'],
    ['LinearLR', 'optimizer, start_factor=0.3333333333333333:warmupFactor float(0,1], end_factor=1:endFactor float[0,1], total_iters=5:runLength int≥1, last_epoch=-1'],
    ['ExponentialLR', 'optimizer, gamma:stepDecay float>0, last_epoch=-1'],
    ['SequentialLR', 'optimizer, schedulers, milestones, last_epoch=-1 | asks warmup_steps int≥1'],
    ['PolynomialLR', 'optimizer, total_iters=5:runLength int≥1, power=1:power float>0, last_epoch=-1'],
    ['CosineAnnealingLR', 'optimizer, T_max:runLength int≥1, eta_min=0:minLr float≥0, last_epoch=-1'],
    ['ChainedScheduler', 'schedulers, optimizer=null | cyclic'],
    ['ParamwiseScheduler', 'schedulers | notGenerated'],
    ['ReduceLROnPlateau', 'optimizer, mode="min" min|max, factor=0.1:warmupFactor float(0,1), patience=10 int≥0, threshold=0.0001 float≥0, threshold_mode="rel" rel|abs, cooldown=0 int≥0, min_lr=0:minLr float≥0, eps=1e-8 | metric'],
    ['CyclicLR', 'optimizer, base_lr:baseLr float≥0, max_lr:peakLr float>0, step_size_up=2000:cycle int≥1, step_size_down=null, mode="triangular" triangular|triangular2|exp_range, gamma=1:decay float>0, scale_fn=null, scale_mode="cycle", cycle_momentum=true, base_momentum=0.8, max_momentum=0.9, last_epoch=-1 | cyclic'],
    ['CosineAnnealingWarmRestarts', 'optimizer, T_0:period int≥1, T_mult=1:multiplier int≥1, eta_min=0:minLr float≥0, last_epoch=-1 | cyclic'],
    ['OneCycleLR', 'optimizer, max_lr:peakLr float>0, total_steps=null:runLength int≥1, epochs=null:epochs, steps_per_epoch=null:stepsPerEpoch, pct_start=0.3:fraction float(0,1), anneal_strategy="cos" cos|linear, cycle_momentum=true, base_momentum=0.85, max_momentum=0.95, div_factor=25 float>0, final_div_factor=10000 float>0, three_phase=false, last_epoch=-1'],
    ['SWALR', 'optimizer, swa_lr:lr, anneal_epochs=10:epochs int≥0, anneal_strategy="cos" cos|linear, last_epoch=-1 | notGenerated'],
    ['LRScheduler subclass', 'optimizer, scheduler | **kwargs notGenerated'],
    ['get_constant_schedule', 'optimizer, last_epoch=-1'],
    ['get_constant_schedule_with_warmup', 'optimizer, num_warmup_steps:warmup int≥0, last_epoch=-1'],
    ['get_linear_schedule_with_warmup', 'optimizer, num_warmup_steps:warmup int≥0, num_training_steps:runLength int≥1, last_epoch=-1'],
    ['get_cosine_schedule_with_warmup', 'optimizer, num_warmup_steps:warmup int≥0, num_training_steps:runLength int≥1, num_cycles=0.5 float>0, last_epoch=-1'],
    ['get_cosine_with_hard_restarts_schedule_with_warmup', 'optimizer, num_warmup_steps:warmup int≥0, num_training_steps:runLength int≥1, num_cycles=1 float>0, last_epoch=-1 | cyclic'],
    ['get_polynomial_decay_schedule_with_warmup', 'optimizer, num_warmup_steps:warmup int≥0, num_training_steps:runLength int≥1, lr_end=1e-7 float≥0, power=1:power float>0, last_epoch=-1'],
    ['get_inverse_sqrt_schedule', 'optimizer, num_warmup_steps:warmup int≥0, timescale=null int≥1, last_epoch=-1'],
    ['get_cosine_with_min_lr_schedule_with_warmup', 'optimizer, num_warmup_steps:warmup int≥0, num_training_steps:runLength int≥1, num_cycles=0.5 float>0, last_epoch=-1, min_lr=null:minLr float≥0, min_lr_rate=null float[0,1]'],
    ['get_cosine_with_min_lr_schedule_with_warmup_lr_rate', 'optimizer, num_warmup_steps:warmup int≥0, num_training_steps:runLength int≥1, num_cycles=0.5 float>0, last_epoch=-1, min_lr=null:minLr float≥0, min_lr_rate=null float[0,1], warmup_lr_rate=null'],
    ['get_wsd_schedule', 'optimizer, num_warmup_steps:warmup int≥0, num_decay_steps:period int≥1, num_training_steps=null:runLength int≥1, num_stable_steps=null, warmup_type="linear" linear|cosine|1-sqrt, decay_type="cosine" linear|cosine|1-sqrt, min_lr_ratio=0 float[0,1], num_cycles=0.5 float>0, last_epoch=-1'],
    ['get_reduce_on_plateau_schedule', 'optimizer | **kwargs →ReduceLROnPlateau metric'],
    ['get_greedy_schedule', 'optimizer | **kwargs →GreedyLR metric'],
    ['GreedyLR', 'optimizer, mode="min" min|max, factor=0.95:warmupFactor float(0,1), patience=10 int≥0, threshold=0.000001 float≥0, threshold_mode="abs" rel|abs, cooldown=0 int≥0, warmup=0, min_lr=0.001:minLr float≥0, max_lr=1:peakLr float>0, eps=1e-8, verbose=false, smooth=false, window_size=50, reset_start=500 | metric'],
    ['get_scheduler', 'name linear|cosine|cosine_with_restarts|polynomial|constant|constant_with_warmup|inverse_sqrt, optimizer, num_warmup_steps=null:warmup int≥0, num_training_steps=null:runLength int≥1, scheduler_specific_kwargs=null | metric(args)'],
    ['diffusers.get_constant_schedule', 'optimizer, last_epoch=-1'],
    ['diffusers.get_constant_schedule_with_warmup', 'optimizer, num_warmup_steps:warmup int≥0, last_epoch=-1'],
    ['diffusers.get_piecewise_constant_schedule', 'optimizer, step_rules text, last_epoch=-1'],
    ['diffusers.get_linear_schedule_with_warmup', 'optimizer, num_warmup_steps:warmup int≥0, num_training_steps:runLength int≥1, last_epoch=-1, f_min=0 float[0,1], f_max=1 float[0,1]'],
    ['diffusers.get_cosine_schedule_with_warmup', 'optimizer, num_warmup_steps:warmup int≥0, num_training_steps:runLength int≥1, num_cycles=0.5 float>0, last_epoch=-1'],
    ['diffusers.get_cosine_with_hard_restarts_schedule_with_warmup', 'optimizer, num_warmup_steps:warmup int≥0, num_training_steps:runLength int≥1, num_cycles=1 float>0, last_epoch=-1 | cyclic'],
    ['diffusers.get_polynomial_decay_schedule_with_warmup', 'optimizer, num_warmup_steps:warmup int≥0, num_training_steps:runLength int≥1, lr_end=1e-7 float≥0, power=1:power float>0, last_epoch=-1'],
    ['diffusers.get_scheduler', 'name linear|cosine|cosine_with_restarts|polynomial|constant|constant_with_warmup, optimizer, step_rules=null text, num_warmup_steps=null:warmup int≥0, num_training_steps=null:runLength int≥1, num_cycles=1 float>0, power=1:power float>0, last_epoch=-1'],
    ['timm.CosineLRScheduler', 'optimizer, t_initial:runLength int≥1, lr_min=0:minLr float≥0, cycle_mul=1:multiplier float>0, cycle_decay=1:decay float≥0, cycle_limit=1 int≥1, warmup_t=0:warmup int≥0, warmup_lr_init=0:warmupLr float≥0, warmup_prefix=false, t_in_epochs=true, noise_range_t=null, noise_pct=0.67, noise_std=1, noise_seed=42, k_decay=1 float>0, initialize=true'],
    ['timm.TanhLRScheduler', 'optimizer, t_initial:runLength int≥1, lb=-7 float, ub=3 float, lr_min=0:minLr float≥0, cycle_mul=1:multiplier float>0, cycle_decay=1:decay float≥0, cycle_limit=1 int≥1, warmup_t=0:warmup int≥0, warmup_lr_init=0:warmupLr float≥0, warmup_prefix=false, t_in_epochs=true, noise_range_t=null, noise_pct=0.67, noise_std=1, noise_seed=42, initialize=true'],
    ['timm.StepLRScheduler', 'optimizer, decay_t:period int≥1, decay_rate=1:decay float>0, warmup_t=0:warmup int≥0, warmup_lr_init=0:warmupLr float≥0, warmup_prefix=true, t_in_epochs=true, noise_range_t=null, noise_pct=0.67, noise_std=1, noise_seed=42, initialize=true'],
    ['timm.MultiStepLRScheduler', 'optimizer, decay_t ints, decay_rate=1:decay float>0, warmup_t=0:warmup int≥0, warmup_lr_init=0:warmupLr float≥0, warmup_prefix=true, t_in_epochs=true, noise_range_t=null, noise_pct=0.67, noise_std=1, noise_seed=42, initialize=true'],
    ['timm.PolyLRScheduler', 'optimizer, t_initial:runLength int≥1, power=0.5:power float>0, lr_min=0:minLr float≥0, cycle_mul=1:multiplier float>0, cycle_decay=1:decay float≥0, cycle_limit=1 int≥1, warmup_t=0:warmup int≥0, warmup_lr_init=0:warmupLr float≥0, warmup_prefix=false, t_in_epochs=true, noise_range_t=null, noise_pct=0.67, noise_std=1, noise_seed=42, k_decay=1 float>0, initialize=true'],
    ['timm.PlateauLRScheduler', 'optimizer, decay_rate=0.1:decay float>0, patience_t=10 int≥0, threshold=0.0001 float≥0, cooldown_t=0 int≥0, warmup_t=0:warmup int≥0, warmup_lr_init=0:warmupLr float≥0, lr_min=0:minLr float≥0, mode="max" min|max, noise_range_t=null, noise_type="normal", noise_pct=0.67, noise_std=1, noise_seed=null, initialize=true | metric'],
    ['timm.create_scheduler_v2', 'optimizer, sched="cosine" cosine|tanh|step|multistep|plateau|poly, num_epochs=300:runLength int≥1, decay_epochs=90:period int≥1, decay_milestones=[90,180,270] ints, cooldown_epochs=0 int≥0, patience_epochs=10 int≥0, decay_rate=0.1:decay float>0, min_lr=0:minLr float≥0, warmup_lr=0.00001:warmupLr float≥0, warmup_epochs=0:warmup int≥0, warmup_prefix=false, noise=null, noise_pct=0.67, noise_std=1, noise_seed=42, cycle_mul=1:multiplier float>0, cycle_decay=0.1:decay float≥0, cycle_limit=1 int≥1, k_decay=1 float>0, plateau_mode="max" min|max, step_on_epochs=true, updates_per_epoch=0:stepsPerEpoch int≥0 | metric(args) notGenerated'],
    ['deepspeed.LRRangeTest', 'optimizer, lr_range_test_min_lr=0.001:baseLr float>0, lr_range_test_step_size=2000:period int≥1, lr_range_test_step_rate=1 float>0, lr_range_test_staircase=false, last_batch_iteration=-1 | notGenerated'],
    ['deepspeed.OneCycle', 'optimizer, cycle_min_lr:baseLr float≥0, cycle_max_lr:peakLr float>0, decay_lr_rate=0:decay float≥0, cycle_first_step_size=2000:cycle int≥1, cycle_second_step_size=null:cycle int≥1, cycle_first_stair_count=0 int≥0, cycle_second_stair_count=null int≥0, decay_step_size=0:period int≥0, cycle_momentum=true, cycle_min_mom=0.8 float≥0, cycle_max_mom=0.9 float≥0, decay_mom_rate=0 float≥0, last_batch_iteration=-1'],
    ['deepspeed.WarmupLR', 'optimizer, warmup_min_lr=0:warmupLr float≥0, warmup_max_lr=0.001:peakLr float>0, warmup_num_steps=1000:warmup int≥0, warmup_type="log" log|linear, last_batch_iteration=-1'],
    ['deepspeed.WarmupDecayLR', 'optimizer, total_num_steps:runLength int≥1, warmup_min_lr=0:warmupLr float≥0, warmup_max_lr=0.001:peakLr float>0, warmup_num_steps=1000:warmup int≥0, warmup_type="log" log|linear, last_batch_iteration=-1'],
    ['deepspeed.WarmupCosineLR', 'optimizer, total_num_steps:runLength int≥1, warmup_min_ratio=0:warmupFactor float[0,1], warmup_num_steps=1000:warmup int≥0, cos_min_ratio=0.0001:minRatio float[0,1], warmup_type="log" log|linear, last_batch_iteration=-1'],
    ['python.hand_written', 'lr_at | notGenerated'],
  ];
  it('lists every kind once', () => assert.deepEqual(SHEET.map((r) => r[0]), ALL_KINDS.map((d) => d.kind)));
  for (const [kind, line] of SHEET) it(kind, () => assert.equal(sheet(kind), line));
});

describe('engine kinds: natural run length (when the loops do not say)', () => {
  // [kind, args, fallback, length]
  const cases: [string, Record<string, ArgValue>, number, number][] = [
    // StepLR: three decays, at least the fallback; 10 when step_size is unknown.
    ['StepLR', { step_size: 20 }, 50, 60],
    ['StepLR', { step_size: 5 }, 100, 100],
    ['StepLR', {}, 10, 30],
    // MultiStepLR: the last milestone + 25 % (rounded up), the fallback without one.
    ['MultiStepLR', { milestones: [80, 30] }, 10, 100],
    ['MultiStepLR', { milestones: [3, 'x'] }, 1000, 4],
    ['MultiStepLR', { milestones: [] }, 77, 77],
    ['MultiStepLR', {}, 77, 77],
    // ConstantLR, LinearLR, PolynomialLR: twice total_iters (5 by default), at least the fallback.
    ['ConstantLR', { total_iters: 7 }, 5, 14],
    ['ConstantLR', { total_iters: 7 }, 20, 20],
    ['LinearLR', {}, 3, 10],
    ['PolynomialLR', { total_iters: 30 }, 1, 60],
    // SequentialLR: the last milestone and then the last child's own length (the fallback when it is no spec).
    ['SequentialLR', { schedulers: [spec('LinearLR', { total_iters: 5 }), spec('CosineAnnealingLR', { T_max: 90 })], milestones: [5] }, 10, 95],
    ['SequentialLR', { schedulers: [spec('CosineAnnealingLR', { T_max: 40 })], milestones: [] }, 10, 40],
    ['SequentialLR', { schedulers: [spec('StepLR', { step_size: 1 }), 3], milestones: [4, 7] }, 11, 18],
    ['SequentialLR', { schedulers: 'x', milestones: [4] }, 11, 15],
    ['CosineAnnealingLR', { T_max: 90 }, 10, 90],
    ['CosineAnnealingLR', {}, 33, 33],
    ['CosineAnnealingLR', { T_max: Infinity }, 9, 9],
    // Milestones that are not numbers are skipped; milestones that are no list are none.
    ['SequentialLR', { schedulers: [spec('CosineAnnealingLR', { T_max: 10 })], milestones: ['x', 4] }, 1, 14],
    ['SequentialLR', { schedulers: [spec('CosineAnnealingLR', { T_max: 10 })], milestones: 'x' }, 1, 10],
    // ChainedScheduler: its longest child, at least the fallback; elements that are no spec are skipped.
    ['ChainedScheduler', { schedulers: [spec('CosineAnnealingLR', { T_max: 200 }), spec('ConstantLR', { total_iters: 3 }), 7] }, 100, 200],
    ['ChainedScheduler', { schedulers: [spec('CosineAnnealingLR', { T_max: 20 })] }, 100, 100],
    ['ChainedScheduler', {}, 42, 42],
    // CyclicLR: three cycles of up + down (down = up by default, up = 2000).
    ['CyclicLR', { step_size_up: 10 }, 1, 60],
    ['CyclicLR', { step_size_up: 10, step_size_down: 20 }, 1, 90],
    ['CyclicLR', {}, 1, 12000],
    // CosineAnnealingWarmRestarts: three periods (T_0 10 by default), growing by T_mult.
    ['CosineAnnealingWarmRestarts', { T_0: 5 }, 1, 15],
    ['CosineAnnealingWarmRestarts', { T_0: 5, T_mult: 2 }, 1, 35],
    ['CosineAnnealingWarmRestarts', { T_mult: 3 }, 1, 130],
    // OneCycleLR: total_steps, else epochs × steps_per_epoch, else the fallback.
    ['OneCycleLR', { total_steps: 100, epochs: 2, steps_per_epoch: 3 }, 1, 100],
    ['OneCycleLR', { epochs: 3, steps_per_epoch: 7 }, 1, 21],
    ['OneCycleLR', { epochs: 3 }, 50, 50],
    ['OneCycleLR', { steps_per_epoch: 3 }, 50, 50],
    // SWALR: the annealing and as long again (10 epochs by default).
    ['SWALR', { anneal_epochs: 3 }, 1, 6],
    ['SWALR', {}, 1, 20],
    // A subclass: its first positive length-like argument.
    ['LRScheduler subclass', { warmup: 5, max_iters: 0, T_max: 40, total_steps: 9 }, 77, 40],
    ['LRScheduler subclass', { num_training_steps: 12 }, 77, 12],
    ['LRScheduler subclass', { warmup: 5, iters: 3 }, 77, 77],
    ['python.hand_written', { num_training_steps: 5 }, 64, 64],
    // transformers: num_training_steps, else five warm-ups (at least the fallback), else the fallback.
    ['get_linear_schedule_with_warmup', { num_warmup_steps: 100, num_training_steps: 300 }, 50, 300],
    ['get_cosine_schedule_with_warmup', { num_warmup_steps: 100 }, 50, 500],
    ['get_constant_schedule_with_warmup', { num_warmup_steps: 5 }, 50, 50],
    ['get_polynomial_decay_schedule_with_warmup', {}, 50, 50],
    ['get_wsd_schedule', { num_training_steps: 400, num_warmup_steps: 1 }, 9, 400],
    ['get_wsd_schedule', { num_warmup_steps: 10, num_stable_steps: 20, num_decay_steps: 30 }, 9, 60],
    ['get_wsd_schedule', { num_decay_steps: 30 }, 9, 30],
    ['get_wsd_schedule', {}, 9, 9],
    // No rule of its own: num_training_steps, else the fallback.
    ['LambdaLR', { num_training_steps: 30 }, 9, 30],
    ['LambdaLR', { num_training_steps: 0 }, 9, 9],
    ['no such kind', {}, 9, 9],
    // DeepSpeed: total_num_steps; WarmupLR the warm-up + 25 % (1000 by default); OneCycle both halves + 25 %.
    ['deepspeed.WarmupDecayLR', { total_num_steps: 300 }, 10, 300],
    ['deepspeed.WarmupCosineLR', {}, 10, 10],
    ['deepspeed.WarmupLR', { warmup_num_steps: 100 }, 10, 125],
    ['deepspeed.WarmupLR', { warmup_num_steps: 100 }, 200, 200],
    ['deepspeed.WarmupLR', {}, 10, 1250],
    ['deepspeed.OneCycle', { cycle_first_step_size: 100 }, 1, 250],
    ['deepspeed.OneCycle', { cycle_first_step_size: 101, cycle_second_step_size: 60 }, 1, 202],
    ['deepspeed.OneCycle', {}, 1, 5000],
    ['deepspeed.LRRangeTest', { lr_range_test_step_size: 10 }, 20, 50],
    ['deepspeed.LRRangeTest', { lr_range_test_step_size: 10 }, 70, 70],
    ['deepspeed.LRRangeTest', {}, 1, 10000],
    // diffusers: the warm-up kinds five warm-ups, the others num_training_steps.
    ['diffusers.get_cosine_schedule_with_warmup', { num_warmup_steps: 100 }, 50, 500],
    ['diffusers.get_constant_schedule', { num_warmup_steps: 100 }, 50, 50],
  ];
  for (const [kind, args, fallback, length] of cases) {
    it(`${kind} ${JSON.stringify(args)} (fallback ${fallback}) → ${length}`, () => {
      assert.equal(naturalLength(spec(kind, args), fallback), length);
    });
  }
});

describe('engine kinds: declared run length (what the schedule is sized for)', () => {
  const cases: [string, Record<string, ArgValue>, number | null][] = [
    ['OneCycleLR', { total_steps: 100, epochs: 2, steps_per_epoch: 5 }, 100],
    ['OneCycleLR', { total_steps: 0, epochs: 2, steps_per_epoch: 5 }, 10],
    ['OneCycleLR', { epochs: 2 }, null],
    ['OneCycleLR', { epochs: 0, steps_per_epoch: 5 }, null],
    ['OneCycleLR', { epochs: 2, steps_per_epoch: -5 }, null],
    ['get_linear_schedule_with_warmup', { num_training_steps: 50 }, 50],
    ['get_linear_schedule_with_warmup', { num_training_steps: 1 }, 1],
    ['get_linear_schedule_with_warmup', { num_training_steps: 0 }, null],
    ['get_linear_schedule_with_warmup', {}, null],
    ['no such kind', { num_training_steps: 5 }, 5],
  ];
  for (const [kind, args, length] of cases) {
    it(`${kind} ${JSON.stringify(args)} → ${length}`, () => assert.equal(declaredLength(spec(kind, args)), length));
  }
});

describe('engine kinds: chart markers', () => {
  /** Markers as `kind@step label`. */
  const marks = (kind: string, args: Record<string, ArgValue>, steps: number, offset = 0) =>
    markersOf({ kind, args }, steps, offset).map((m) => `${m.kind}@${m.step} ${m.label}`);
  const linear = (start: number, iters: number) => spec('LinearLR', { start_factor: start, total_iters: iters });

  const cases: [string, Record<string, ArgValue>, number, string[]][] = [
    ['StepLR', { step_size: 30 }, 90, ['milestone@30 step decay', 'milestone@60 step decay', 'milestone@90 step decay']],
    ['StepLR', {}, 90, []],
    ['MultiStepLR', { milestones: [50, 10, 200, 0] }, 100, ['milestone@10 milestone', 'milestone@50 milestone']],
    // ConstantLR / LinearLR: a warm-up end when the lr rises (factor < 1, start < end), else the end of the change.
    ['ConstantLR', { factor: 0.5, total_iters: 4 }, 100, ['warmup@4 warm-up end']],
    ['ConstantLR', { factor: 1, total_iters: 4 }, 100, ['milestone@4 ConstantLR end']],
    ['ConstantLR', {}, 100, ['warmup@5 warm-up end']],
    ['LinearLR', { start_factor: 0.1, total_iters: 10 }, 100, ['warmup@10 warm-up end']],
    ['LinearLR', { start_factor: 1, end_factor: 0.5, total_iters: 10 }, 100, ['milestone@10 LinearLR end']],
    ['LinearLR', { start_factor: 0.5, end_factor: 0.5 }, 100, ['milestone@5 LinearLR end']],
    ['LinearLR', { end_factor: 0.3 }, 100, ['milestone@5 LinearLR end']],
    ['LinearLR', { start_factor: 0.9 }, 100, ['warmup@5 warm-up end']],
    ['LinearLR', {}, 100, ['warmup@5 warm-up end']],
    ['PolynomialLR', { total_iters: 8 }, 100, ['milestone@8 decay end']],
    ['PolynomialLR', {}, 100, ['milestone@5 decay end']],
    ['PolynomialLR', { total_iters: Infinity }, 100, ['milestone@5 decay end']],
    // A kind nobody declares: only the warm-up end, from the name's role.
    ['no such kind', { num_warmup_steps: 7 }, 100, ['warmup@7 warm-up end']],
    // SequentialLR: each hand-over, and each child's markers from its start, up to its end.
    [
      'SequentialLR',
      { schedulers: [linear(0.1, 5), spec('StepLR', { step_size: 10 })], milestones: [5] },
      30,
      ['milestone@5 next scheduler', 'warmup@5 warm-up end', 'milestone@15 step decay', 'milestone@25 step decay'],
    ],
    // A first child whose marker lies past its milestone is cut there; a child that is no spec has none.
    ['SequentialLR', { schedulers: [linear(0.1, 8), [1], spec('StepLR', { step_size: 3 })], milestones: [4, 10] }, 20, ['milestone@4 next scheduler', 'milestone@10 next scheduler', 'milestone@13 step decay', 'milestone@16 step decay', 'milestone@19 step decay']],
    ['SequentialLR', { schedulers: [spec('StepLR', { step_size: 4 }), null], milestones: [9] }, 20, ['milestone@4 step decay', 'milestone@8 step decay', 'milestone@9 next scheduler']],
    // Milestones that are not finite numbers, or no list, are none: the first child runs to the end.
    ['SequentialLR', { schedulers: [spec('StepLR', { step_size: 4 }), spec('StepLR', { step_size: 3 })], milestones: ['x'] }, 10, ['milestone@4 step decay', 'milestone@8 step decay']],
    ['SequentialLR', { schedulers: [spec('StepLR', { step_size: 4 }), spec('StepLR', { step_size: 3 })], milestones: [NaN] }, 10, ['milestone@4 step decay', 'milestone@8 step decay']],
    ['SequentialLR', { schedulers: [spec('StepLR', { step_size: 4 })], milestones: 'x' }, 10, ['milestone@4 step decay', 'milestone@8 step decay']],
    ['SequentialLR', { schedulers: ['x', spec('StepLR', { step_size: 3 })], milestones: [4] }, 10, ['milestone@4 next scheduler', 'milestone@7 step decay', 'milestone@10 step decay']],
    // Two children marking the same step: one marker.
    ['ChainedScheduler', { schedulers: [spec('StepLR', { step_size: 10 }), spec('StepLR', { step_size: 10 })] }, 20, ['milestone@10 step decay', 'milestone@20 step decay']],
    ['ChainedScheduler', { schedulers: [linear(0.5, 3), spec('StepLR', { step_size: 10 }), 'x', [2]] }, 25, ['warmup@3 warm-up end', 'milestone@10 step decay', 'milestone@20 step decay']],
    ['CyclicLR', { step_size_up: 5, step_size_down: 7 }, 36, ['restart@12 cycle', 'restart@24 cycle', 'restart@36 cycle']],
    ['CyclicLR', { step_size_up: 5 }, 25, ['restart@10 cycle', 'restart@20 cycle']],
    ['CyclicLR', {}, 8000, ['restart@4000 cycle', 'restart@8000 cycle']],
    ['CosineAnnealingWarmRestarts', { T_0: 10, T_mult: 2 }, 70, ['restart@10 restart', 'restart@30 restart', 'restart@70 restart']],
    ['CosineAnnealingWarmRestarts', { T_0: 10 }, 35, ['restart@10 restart', 'restart@20 restart', 'restart@30 restart']],
    ['CosineAnnealingWarmRestarts', { T_0: 0 }, 35, []],
    // T_mult 0 (refused by the engine) still ends: at most 200 periods are walked.
    ['CosineAnnealingWarmRestarts', { T_0: 10, T_mult: 0 }, 100, ['restart@10 restart']],
    // OneCycleLR: the peak at pct_start·total − 1 (and the annealing end of three phases).
    ['OneCycleLR', { total_steps: 100 }, 100, ['warmup@29 warm-up end (peak)']],
    ['OneCycleLR', { total_steps: 100, three_phase: true }, 100, ['warmup@29 warm-up end (peak)', 'milestone@58 annealing end']],
    ['OneCycleLR', { epochs: 4, steps_per_epoch: 25, pct_start: 0.5, three_phase: 1 }, 100, ['warmup@49 warm-up end (peak)']],
    ['OneCycleLR', { epochs: 4 }, 100, []],
    ['OneCycleLR', { steps_per_epoch: 4 }, 100, []],
    ['SWALR', { anneal_epochs: 5 }, 100, ['milestone@5 annealing end']],
    ['LRScheduler subclass', { warmup_iters: 7, max_iters: 50 }, 100, ['warmup@7 warm-up end']],
    ['LRScheduler subclass', { max_iters: 50 }, 100, []],
    // transformers: the warm-up end from the warm-up role, restarts, the WSD decay start.
    [
      'get_cosine_with_hard_restarts_schedule_with_warmup',
      { num_warmup_steps: 10, num_training_steps: 70, num_cycles: 3 },
      100,
      ['warmup@10 warm-up end', 'restart@30 restart', 'restart@50 restart'],
    ],
    ['get_cosine_with_hard_restarts_schedule_with_warmup', { num_training_steps: 60, num_cycles: 2 }, 100, ['restart@30 restart']],
    ['get_cosine_with_hard_restarts_schedule_with_warmup', { num_training_steps: 60, num_cycles: 0.5 }, 100, []],
    ['get_cosine_with_hard_restarts_schedule_with_warmup', { num_training_steps: 60 }, 100, []],
    ['get_cosine_with_hard_restarts_schedule_with_warmup', { num_warmup_steps: 10, num_cycles: 3 }, 100, ['warmup@10 warm-up end']],
    ['get_wsd_schedule', { num_warmup_steps: 10, num_decay_steps: 20, num_training_steps: 100 }, 100, ['warmup@10 warm-up end', 'milestone@80 decay start']],
    ['get_wsd_schedule', { num_warmup_steps: 10, num_stable_steps: 50, num_decay_steps: 20, num_training_steps: 100 }, 100, ['warmup@10 warm-up end', 'milestone@60 decay start']],
    ['get_wsd_schedule', { num_stable_steps: 50 }, 100, ['milestone@50 decay start']],
    ['get_wsd_schedule', { num_training_steps: 100 }, 100, []],
    ['get_wsd_schedule', { num_decay_steps: 20 }, 100, []],
    // get_scheduler: the markers of the function its name calls, with scheduler_specific_kwargs.
    ['get_scheduler', { name: 'cosine_with_restarts', num_warmup_steps: 0, num_training_steps: 100, scheduler_specific_kwargs: { num_cycles: 2 } }, 100, ['restart@50 restart']],
    ['get_scheduler', { name: 'cosine_with_restarts', num_training_steps: 100, scheduler_specific_kwargs: [1] as unknown as ArgValue }, 100, []],
    ['get_scheduler', { name: 'nope', num_warmup_steps: 10 }, 100, ['warmup@10 warm-up end']],
  ];
  for (const [kind, args, steps, expected] of cases) {
    it(`${kind} ${JSON.stringify(args)} over ${steps}`, () => assert.deepEqual(marks(kind, args, steps), expected));
  }

  it('only within (0, steps − offset], at most 200, none for no spec or past six levels of nesting', () => {
    assert.deepEqual(marks('StepLR', { step_size: 30 }, 90, 30), ['milestone@30 step decay', 'milestone@60 step decay']);
    assert.deepEqual(marks('MultiStepLR', { milestones: [60, 61] }, 90, 30), ['milestone@60 milestone']);
    assert.equal(markersOf({ kind: 'StepLR', args: { step_size: 1 } }, 1000).length, 200);
    assert.equal(markersOf({ kind: 'MultiStepLR', args: { milestones: Array.from({ length: 300 }, (_, i) => i + 1) } }, 1000).length, 200);
    assert.deepEqual(markersOf(null, 100), []);
    let nested: ScheduleSpec = spec('StepLR', { step_size: 10 });
    for (let i = 0; i < 6; i++) nested = spec('ChainedScheduler', { schedulers: [nested] });
    assert.deepEqual(markersOf(nested, 20).map((m) => m.step), [10, 20], 'six levels down');
    assert.deepEqual(markersOf(spec('ChainedScheduler', { schedulers: [nested] }), 20), [], 'seven');
    assert.deepEqual(markersOf({ kind: 'StepLR', args: { step_size: 10 } }, 20, 0, 7), []);
  });
});

describe('engine kinds: what an unknown argument is assumed to be', () => {
  // Each role at a run of 95 and of 4 (the rounding and the floor of 1 both sides).
  const roles: [ParamRole, number, number, string][] = [
    ['runLength', 95, 4, 'run length unknown'],
    ['warmup', 10, 0, 'warm-up length unknown'],
    ['period', 32, 1, 'period unknown'],
    ['cycle', 10, 1, 'cycle length unknown'],
    ['epochs', 10, 10, 'number of epochs unknown'],
    ['stepsPerEpoch', 10, 1, 'batches per epoch unknown'],
    ['decay', 0.1, 0.1, 'decay factor unknown'],
    ['stepDecay', 0.95, 0.95, 'decay factor unknown'],
    ['peakLr', 0.01, 0.01, 'peak lr unknown'],
    ['lr', 0.001, 0.001, 'learning rate unknown'],
    ['baseLr', 0.001, 0.001, 'base lr unknown'],
    ['minLr', 0, 0, 'minimum lr unknown'],
    ['warmupLr', 0, 0, 'warm-up start lr unknown'],
    ['minRatio', 0.01, 0.01, 'final lr fraction unknown'],
    ['warmupFactor', 1 / 3, 1 / 3, 'warm-up factor unknown'],
    ['endFactor', 1, 1, 'end factor unknown'],
    ['multiplier', 1, 1, 'period multiplier unknown'],
    ['power', 1, 1, 'power unknown'],
    ['fraction', 0.3, 0.3, 'warm-up fraction unknown'],
  ];
  it('every role has its value and reason', () => {
    assert.deepEqual(Object.keys(ROLE_ASSUMPTIONS).sort(), roles.map((r) => r[0]).sort());
    for (const [role, at95, at4, reason] of roles) {
      assert.deepEqual(ROLE_ASSUMPTIONS[role]({ runLength: 95 }), { value: at95, reason }, role);
      assert.deepEqual(ROLE_ASSUMPTIONS[role]({ runLength: 4 }), { value: at4, reason }, role);
    }
  });

  it("a parameter's role is its kind's own declaration, else the name's wherever it is declared", () => {
    const cases: [string, string, ParamRole | undefined][] = [
      ['StepLR', 'step_size', 'period'],
      ['StepLR', 'gamma', 'decay'],
      ['ExponentialLR', 'gamma', 'stepDecay'],
      ['CyclicLR', 'gamma', 'decay'],
      ['ReduceLROnPlateau', 'factor', 'warmupFactor'],
      ['OneCycleLR', 'epochs', 'epochs'],
      ['OneCycleLR', 'three_phase', undefined],
      // A forwarding kind's parameters are its target's.
      ['get_reduce_on_plateau_schedule', 'min_lr', 'minLr'],
      ['get_greedy_schedule', 'max_lr', 'peakLr'],
      // Not the kind's own: the first declaration of the name, or a named role (`lr`).
      ['LambdaLR', 'T_max', 'runLength'],
      ['LambdaLR', 'lr', 'lr'],
      ['no such kind', 'step_size', 'period'],
      ['StepLR', 'no_such_parameter', undefined],
    ];
    for (const [kind, name, role] of cases) assert.equal(roleOf(kind, name), role, `${kind}.${name}`);
    assert.deepEqual(defaultForParam('StepLR', 'step_size', { runLength: 300 }), { value: 100, reason: 'period unknown' });
    assert.deepEqual(defaultForParam('get_reduce_on_plateau_schedule', 'factor', { runLength: 300 }), { value: 1 / 3, reason: 'warm-up factor unknown' });
    assert.equal(defaultForParam('StepLR', 'last_epoch', { runLength: 300 }), null);
  });

  it("the generator's rule: the kind's parameter, else its asked rules, else the name's first declaration", () => {
    assert.deepEqual(ruleFor('StepLR', 'step_size'), { type: 'int', min: 1 });
    assert.deepEqual(ruleFor('MultiplicativeLR', 'factor'), { type: 'float', min: 0, minExclusive: true });
    assert.deepEqual(ruleFor('SequentialLR', 'warmup_steps'), { type: 'int', min: 1 });
    assert.deepEqual(ruleFor('get_reduce_on_plateau_schedule', 'mode'), { type: 'choice', choices: ['min', 'max'] });
    assert.deepEqual(ruleFor('LambdaLR', 'T_max'), { type: 'int', min: 1 });
    assert.equal(ruleFor('StepLR', 'no_such_parameter'), undefined);
    assert.equal(ruleFor('no such kind', 'no_such_parameter'), undefined);
  });
});

describe('engine kinds: the builders of the table families and the hand-written kind', () => {
  it('diffusers.get_scheduler builds the function its name calls through the registry; python.hand_written reads lr_at', () => {
    const lr = (kind: string, args: Record<string, ArgValue>, steps: number) =>
      Array.from(simulate({ kind, args }, { type: 'SGD', paramGroups: [{ lr: 0.1 }] }, { steps }).lr, (x) => Number(x.toPrecision(10)));
    assert.deepEqual(lr('diffusers.get_scheduler', { name: 'linear', num_warmup_steps: 0, num_training_steps: 4 }, 4), [0.1, 0.075, 0.05, 0.025, 0]);
    assert.deepEqual(lr('python.hand_written', { lr_at: (t: number) => 0.1 / (t + 1) }, 3), [0.1, 0.05, 0.03333333333, 0.025]);
  });

  it('a subclass is built from its program (argument `scheduler`), its other arguments handed to it', () => {
    const program = (callsSuper: boolean): SubclassProgram => ({
      subclassOf: 'LRScheduler',
      className: 'Halving',
      create: (base, args) => ({
        construct() {
          if (!callsSuper) return;
          base.initState(-1);
          base.initialStep();
        },
        getLr: () => (base.isInitial ? [...base.baseLrs] : base.paramGroups.map((g) => g.lr * (args.factor as number))),
        hasClosedForm: false,
      }),
    });
    const run = (p: SubclassProgram) => simulate({ kind: 'LRScheduler subclass', args: { scheduler: p, factor: 0.5 } }, { type: 'SGD', paramGroups: [{ lr: 0.1 }] }, { steps: 2 });
    assert.deepEqual(Array.from(run(program(true)).lr), [0.1, 0.05, 0.025]);
    const e = run(program(false)).error;
    assert.deepEqual([e?.type, e?.message, e?.atStep], ['AttributeError', "'Halving' object has no attribute 'last_epoch' (its __init__ does not call super().__init__(optimizer))", 0]);
  });

  it('fromTables: one table per family, built once, its nested kinds handed to the registry', () => {
    let built = 0;
    const kinds = fromTables(
      { 'x.a': { params: [{ name: 'optimizer' }, { name: 'n', default: 1 }], varKeywords: true }, 'x.b': { params: [] } },
      (construct) => {
        built++;
        const nested = (_o: SimOptimizer, a: Args) => construct('x.inner', { n: a.raw('n') }, 'OPT' as unknown as SimOptimizer);
        return { 'x.a': nested, 'x.b': nested };
      },
    );
    assert.deepEqual(kinds.map((d) => [d.kind, d.params, d.varKeywords]), [
      ['x.a', [{ name: 'optimizer' }, { name: 'n', default: 1 }], true],
      ['x.b', [], undefined],
    ]);
    const seen: unknown[] = [];
    const registry = (spec: ScheduleSpec, o: SimOptimizer) => (seen.push([spec, o]), 'S' as unknown as Steppable);
    const args = { raw: (n: string) => (n === 'n' ? 7 : null) } as unknown as Args;
    assert.equal(kinds[0].build('OPT' as unknown as SimOptimizer, args, registry), 'S');
    assert.equal(kinds[1].build('OPT' as unknown as SimOptimizer, args, registry), 'S');
    assert.deepEqual(seen, [
      [{ kind: 'x.inner', args: { n: 7 } }, 'OPT'],
      [{ kind: 'x.inner', args: { n: 7 } }, 'OPT'],
    ]);
    assert.equal(built, 1);
  });
});

describe('engine kinds: names, modules and flags', () => {
  it("each family's label (the generator's library pick), kind prefix, stepping protocol and trigger words", () => {
    // [library, label, kindPrefix, protocol, noModule, triggers]
    const families: [string, string, string, string, boolean, string[]][] = [
      ['torch', 'PyTorch', '', 'step', false, []],
      ['transformers', 'Transformers', '', 'step', false, []],
      ['diffusers', 'Diffusers', 'diffusers.', 'step', false, ['get_scheduler', '_schedule']],
      ['timm', 'timm', 'timm.', 'timm', false, ['LRScheduler', 'create_scheduler']],
      ['deepspeed', 'DeepSpeed', 'deepspeed.', 'step', false, ['WarmupLR', 'WarmupDecayLR', 'WarmupCosineLR', 'OneCycle', 'LRRangeTest']],
      ['python', 'Python (hand-written)', 'python.', 'step', true, []],
    ];
    assert.deepEqual(
      FAMILY_LIST.map((f) => [f.library, f.label, f.kindPrefix, f.protocol, f.noModule ?? false, f.triggers]),
      families,
    );
  });

  it('the module a generated call imports each family from', () => {
    const cases: [string, string | undefined][] = [
      ['StepLR', 'torch.optim.lr_scheduler'],
      ['SWALR', 'torch.optim.swa_utils'],
      ['get_linear_schedule_with_warmup', 'transformers'],
      ['get_cosine_with_min_lr_schedule_with_warmup', 'transformers.optimization'],
      ['diffusers.get_scheduler', 'diffusers.optimization'],
      ['timm.CosineLRScheduler', 'timm.scheduler'],
      ['deepspeed.WarmupLR', 'deepspeed.runtime.lr_schedules'],
      ['python.hand_written', undefined],
      ['no such kind', undefined],
    ];
    for (const [kind, module] of cases) assert.equal(importModule(kind), module, kind);
  });

  it("bare names drop the family's prefix, also for a name the family does not have", () => {
    const cases: [string, string][] = [
      ['timm.CosineLRScheduler', 'CosineLRScheduler'],
      ['deepspeed.NoSuchSchedule', 'NoSuchSchedule'],
      ['StepLR', 'StepLR'],
      ['other.StepLR', 'other.StepLR'],
    ];
    for (const [kind, bare] of cases) assert.equal(bareKind(kind), bare);
    assert.equal(familyOf('timm.CosineLRScheduler')?.library, 'timm');
    assert.equal(familyOf('other.StepLR'), undefined);
  });

  it('paths: the module before the last dot, matched by the kind (or its family); no dot is no kind', () => {
    assert.deepEqual(kindForPath('torch.optim.swa_utils.SWALR'), { kind: 'SWALR', library: 'torch' });
    assert.equal(kindForPath('torch.optim.lr_scheduler.SWALR'), null);
    assert.deepEqual(kindForPath('transformers.trainer_pt_utils.get_linear_schedule_with_warmup'), { kind: 'get_linear_schedule_with_warmup', library: 'transformers' });
    assert.equal(kindForPath('StepLR'), null);
    assert.equal(kindForPath('timm.scheduler.timm.CosineLRScheduler'), null);
  });

  it('trigger words: the class names once (not ParamwiseScheduler), and each family\'s words', () => {
    const words = triggerWords();
    for (const w of ['StepLR', 'SWALR', 'GreedyLR', 'CosineLRScheduler', 'LRRangeTest', 'LRScheduler', 'create_scheduler', 'get_scheduler', '_schedule']) assert.ok(words.includes(w), w);
    for (const w of ['ParamwiseScheduler', 'get_linear_schedule_with_warmup', 'hand_written']) assert.ok(!words.includes(w), w);
    assert.equal(words.filter((w) => w === 'StepLR').length, 1);
  });

  it('metric-driven and cyclic, by name and by the arguments', () => {
    const metric: [string, Record<string, ArgValue>, boolean][] = [
      ['get_scheduler', { name: 'greedy' }, true],
      ['get_scheduler', { name: 'reduce_lr_on_plateau_x' }, false],
      ['get_scheduler', { name: 'x_greedy' }, false],
      ['ReduceLROnPlateau', {}, true],
      ['timm.PlateauLRScheduler', {}, true],
      ['StepLR', {}, false],
      ['no such kind', {}, false],
    ];
    for (const [kind, args, driven] of metric) assert.equal(isMetricDriven({ kind, args }), driven, `${kind} ${JSON.stringify(args)}`);
    for (const k of ['timm.CosineLRScheduler', 'diffusers.get_cosine_with_hard_restarts_schedule_with_warmup', 'get_cosine_with_hard_restarts_schedule_with_warmup']) {
      assert.equal(isCyclicKind(k), /hard_restarts/.test(k), k);
    }
  });

  it("get_scheduler resolves to the function its name calls, with scheduler_specific_kwargs merged (a dict only)", () => {
    const resolve = descriptorOf('get_scheduler')!.resolve!;
    assert.deepEqual(resolve({ kind: 'get_scheduler', args: { name: 'linear', num_training_steps: 9, scheduler_specific_kwargs: { power: 2 } } }), {
      kind: 'get_linear_schedule_with_warmup',
      args: { name: 'linear', num_training_steps: 9, scheduler_specific_kwargs: { power: 2 }, power: 2 },
    });
    assert.deepEqual(resolve({ kind: 'get_scheduler', args: { name: 'nope', scheduler_specific_kwargs: [1] } }), { kind: 'get_scheduler', args: { name: 'nope', scheduler_specific_kwargs: [1] } });
    assert.deepEqual(resolve({ kind: 'get_scheduler', args: { name: 3, scheduler_specific_kwargs: null } }), { kind: 'get_scheduler', args: { name: 3, scheduler_specific_kwargs: null } });
    assert.deepEqual(resolve({ kind: 'get_scheduler', args: { name: 'linear', scheduler_specific_kwargs: 'ab' } }), { kind: 'get_linear_schedule_with_warmup', args: { name: 'linear', scheduler_specific_kwargs: 'ab' } });
  });
});
