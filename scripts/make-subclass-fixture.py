"""Writes test/fixtures/subclass.json: user subclasses of torch's LRScheduler, run in the real torch.

    /usr/bin/python3 scripts/make-subclass-fixture.py   # Debian's python3-torch (1.13.1)

Each case is run exactly as its `source` says (the prelude, then the source: the classes, the
optimizer and `scheduler = …`), then `optimizer.step(); scheduler.step()` `steps` times. Row 0 of
`lr` is each param group's lr right after construction, row k the lr after the k-th step (the
oracle's format, test/fixtures/oracle/README.md). An error case records where torch raised: step 0
for the constructor.

torch 1.13 names the base class `_LRScheduler` only; 2.x adds `LRScheduler` and keeps
`_LRScheduler` as its subclass. The base class's `__init__` (initial_lr, base_lrs, last_epoch, the
initial step), `step()` (`_step_count += 1; last_epoch += 1; values = get_lr()`, zipped into the
groups) and SequentialLR's `step(0)` at a milestone (`_get_closed_form_lr` when the class has one)
are the same in both (torch/optim/lr_scheduler.py), so the curves are 2.x's. The prelude gives
1.13 the 2.x name.
"""
import json, sys
import torch
import torch.optim.lr_scheduler as _sched

if not hasattr(_sched, 'LRScheduler'):
    _sched.LRScheduler = _sched._LRScheduler  # 2.x's name, for 1.13 (the analysed source never sees this line)

PRELUDE = (
    "import math\n"
    "import numpy as np\n"
    "import torch\n"
    "from torch import nn, optim\n"
    "from torch.optim.lr_scheduler import LRScheduler, _LRScheduler, CosineAnnealingLR, LinearLR, SequentialLR\n"
    "model = nn.Linear(4, 2)\n"
)

UVA = '''
class CosineWarmupScheduler(optim.lr_scheduler._LRScheduler):
    def __init__(self, optimizer, warmup, max_iters):
        self.warmup = warmup
        self.max_num_iters = max_iters
        super().__init__(optimizer)

    def get_lr(self):
        lr_factor = self.get_lr_factor(epoch=self.last_epoch)
        return [base_lr * lr_factor for base_lr in self.base_lrs]

    def get_lr_factor(self, epoch):
        lr_factor = 0.5 * (1 + np.cos(np.pi * epoch / self.max_num_iters))
        if epoch <= self.warmup:
            lr_factor *= epoch * 1.0 / self.warmup
        return lr_factor
'''

CHAINABLE = '''
class StepDecay(LRScheduler):
    """torch's own StepLR, written as a user would copy it: chainable, reading group['lr']."""

    def __init__(self, optimizer, step_size, gamma=0.1, last_epoch=-1):
        self.step_size = step_size
        self.gamma = gamma
        super(StepDecay, self).__init__(optimizer, last_epoch)

    def get_lr(self):
        if not self._get_lr_called_within_step:
            print("To get the last learning rate computed by the scheduler, please use `get_last_lr()`.")
        if (self.last_epoch == 0) or (self.last_epoch % self.step_size != 0):
            return [group['lr'] for group in self.optimizer.param_groups]
        return [group['lr'] * self.gamma for group in self.optimizer.param_groups]
'''

NOAM = '''
class NoamLR(torch.optim.lr_scheduler._LRScheduler):
    def __init__(self, optimizer, warmup_steps, last_epoch=-1):
        self.warmup_steps = warmup_steps
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        last_epoch = max(1, self.last_epoch)
        scale = self.warmup_steps ** 0.5 * min(last_epoch ** (-0.5), last_epoch * self.warmup_steps ** (-1.5))
        return [base_lr * scale for base_lr in self.base_lrs]
'''

STEP_COUNT = '''
class LinearWarmup(_LRScheduler):
    def __init__(self, optimizer, warmup_steps, total_steps, min_ratio=0.0):
        self.warmup_steps = warmup_steps
        self.total_steps = total_steps
        self.min_ratio = min_ratio
        super().__init__(optimizer)

    def get_lr(self):
        step = self._step_count
        if step < self.warmup_steps:
            factor = step / self.warmup_steps
        else:
            progress = min(1.0, (step - self.warmup_steps) / max(1, self.total_steps - self.warmup_steps))
            factor = max(self.min_ratio, 1.0 - progress)
        return [factor * base_lr for base_lr in self.base_lrs]
'''

SUBSUB = UVA + '''
class WarmupHold(CosineWarmupScheduler):
    def get_lr_factor(self, epoch):
        if epoch < self.warmup:
            return epoch / self.warmup
        return 1.0 if epoch < self.max_num_iters // 2 else 0.1
'''

MYCOS = '''
class MyCosine(CosineAnnealingLR):
    """A closed-form cosine on CosineAnnealingLR's attributes (T_max, eta_min), with a floor per group."""

    def get_lr(self):
        return self._get_closed_form_lr()

    def _get_closed_form_lr(self):
        return [self.eta_min + (base_lr - self.eta_min) * (1 + math.cos(math.pi * self.last_epoch / self.T_max)) / 2
                for base_lr in self.base_lrs]
'''

POLY_CLOSED = '''
class PolyDecay(LRScheduler):
    def __init__(self, optimizer, total_iters, power=1.0, last_epoch=-1):
        self.total_iters = total_iters
        self.power = power
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        if self.last_epoch == 0 or self.last_epoch > self.total_iters:
            return [group["lr"] for group in self.optimizer.param_groups]
        decay_factor = ((1.0 - self.last_epoch / self.total_iters) / (1.0 - (self.last_epoch - 1) / self.total_iters)) ** self.power
        return [group["lr"] * decay_factor for group in self.optimizer.param_groups]

    def _get_closed_form_lr(self):
        return [base_lr * (1.0 - min(self.total_iters, self.last_epoch) / self.total_iters) ** self.power for base_lr in self.base_lrs]
'''

LAST_LR = '''
class HalvingLR(LRScheduler):
    def __init__(self, optimizer, every, last_epoch=-1):
        self.every = every
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        if self.last_epoch == 0:
            return list(self.base_lrs)
        if self.last_epoch % self.every == 0:
            return [lr / 2 for lr in self.get_last_lr()]
        return self.get_last_lr()
'''

TWO_GROUPS = "optimizer = torch.optim.SGD([{'params': model.weight, 'lr': 0.1}, {'params': model.bias, 'lr': 0.02}], lr=0.1, momentum=0.9)"

CASES = [
    # (id, classes, optimizer source, constructor, steps)
    ('uva-math-cos', UVA.replace('np.cos', 'math.cos').replace('np.pi', 'math.pi'), 'optimizer = optim.Adam(model.parameters(), lr=1e-3)', 'CosineWarmupScheduler(optimizer=optimizer, warmup=50, max_iters=400)', 400),
    ('uva-cosine-warmup', UVA, 'optimizer = optim.Adam(model.parameters(), lr=1e-3)', 'CosineWarmupScheduler(optimizer=optimizer, warmup=50, max_iters=400)', 400),
    ('uva-positional-two-groups', UVA, TWO_GROUPS, 'CosineWarmupScheduler(optimizer, 10, 60)', 80),
    ('chainable-step-decay', CHAINABLE, 'optimizer = torch.optim.SGD(model.parameters(), lr=0.1)', 'StepDecay(optimizer, step_size=7, gamma=0.5)', 30),
    ('chainable-two-groups', CHAINABLE, TWO_GROUPS, 'StepDecay(optimizer, 5)', 20),
    ('noam', NOAM, 'optimizer = torch.optim.Adam(model.parameters(), lr=0.5)', 'NoamLR(optimizer, warmup_steps=40)', 200),
    ('step-count-linear', STEP_COUNT, 'optimizer = torch.optim.AdamW(model.parameters(), lr=3e-4)', 'LinearWarmup(optimizer, warmup_steps=10, total_steps=100, min_ratio=0.05)', 120),
    ('subclass-of-subclass', SUBSUB, 'optimizer = optim.Adam(model.parameters(), lr=2e-3)', 'WarmupHold(optimizer, warmup=8, max_iters=40)', 45),
    ('cosine-annealing-subclass', MYCOS, TWO_GROUPS, 'MyCosine(optimizer, T_max=25, eta_min=0.001)', 60),
    ('poly-in-sequential', POLY_CLOSED, 'optimizer = torch.optim.SGD(model.parameters(), lr=0.2)',
     'SequentialLR(optimizer, schedulers=[LinearLR(optimizer, start_factor=0.1, total_iters=5), PolyDecay(optimizer, total_iters=30, power=2.0)], milestones=[5])', 40),
    ('get-last-lr', LAST_LR, TWO_GROUPS, 'HalvingLR(optimizer, every=4)', 20),
]

ERRORS = [
    ('uva-warmup-zero', UVA, 'optimizer = optim.Adam(model.parameters(), lr=1e-3)', 'CosineWarmupScheduler(optimizer, warmup=0, max_iters=100)'),
    ('resumed-without-initial-lr', LAST_LR, 'optimizer = torch.optim.SGD(model.parameters(), lr=0.1)', 'HalvingLR(optimizer, every=3, last_epoch=5)'),
]


def build(classes, opt_src, ctor):
    torch.manual_seed(0)
    env = {}
    exec(PRELUDE, env)
    exec(classes + '\n' + opt_src + '\nscheduler = ' + ctor + '\n', env)
    return env['optimizer'], env['scheduler']


def run(classes, opt_src, ctor, steps):
    optimizer, scheduler = build(classes, opt_src, ctor)
    rows = [[g['lr'] for g in optimizer.param_groups]]
    for _ in range(steps):
        optimizer.step()
        scheduler.step()
        rows.append([g['lr'] for g in optimizer.param_groups])
    return rows


def source(classes, opt_src, ctor):
    return classes.lstrip('\n') + '\n' + opt_src + '\nscheduler = ' + ctor + '\n'


cases = []
for cid, classes, opt_src, ctor, steps in CASES:
    case = {'id': 'torch/subclass/' + cid, 'source': source(classes, opt_src, ctor), 'steps': steps, 'lr': run(classes, opt_src, ctor, steps)}
    if 'np.cos' in classes:
        # numpy's cos is numpy's own (SIMD) code, not the C library's: it differs from math.cos in
        # the last bit for most of these arguments, and 1 + cos x cancels near the end of a
        # cosine. Such a case is compared to 1e-12 of the curve's peak (see the test).
        case['numpy_cos'] = True
    cases.append(case)
for cid, classes, opt_src, ctor in ERRORS:
    try:
        build(classes, opt_src, ctor)
        raise SystemExit(cid + ' did not raise')
    except (ZeroDivisionError, KeyError) as e:
        # A KeyError's str() is the repr of its message; the message itself is what torch wrote.
        message = e.args[0] if isinstance(e, KeyError) else str(e)
        cases.append({'id': 'torch/subclass/' + cid, 'source': source(classes, opt_src, ctor), 'steps': 0, 'error': {'at_step': 0, 'type': type(e).__name__, 'message': message}})

json.dump({
    'made_by': 'scripts/make-subclass-fixture.py',
    'python': sys.version.split()[0], 'library': 'torch', 'library_version': torch.__version__,
    'prelude': PRELUDE, 'cases': cases,
}, open('test/fixtures/subclass.json', 'w'), indent=1)
print(len(cases), 'cases')
