"""Writes test/fixtures/handwritten/expected.json: the lr each hand-written-schedule fixture trains
with, from running the fixture script itself in CPython.

    python3 scripts/make-handwritten-fixture.py

No torch is needed (nor used): `torch`, `torchvision` and the fixtures' unknown config modules are
replaced by stand-ins that do nothing, except the optimizer, which keeps its param groups as torch
does (one dict per group, `lr` from the group or the constructor) and records every group's lr at
each `optimizer.step()`, and the datasets and DataLoader, which have the length torch gives them
(`TensorDataset(torch.randn(N, …))` has N items, a DataLoader ceil(N / batch_size) batches, floor
with drop_last). The lr arithmetic is the fixtures' own Python, run by CPython.

Each case keeps the lr at every `stride`-th optimizer step: a schedule written once per epoch is
compared per epoch (stride = the stand-in loader's batches per epoch). A value the analysis cannot
know is given the value LR Lens assumes for it (`assume`), so the numbers are the ones it must draw.
"""
import importlib.abc
import importlib.machinery
import io
import json
import math
import os
import runpy
import sys
import types
from contextlib import redirect_stdout

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCRIPTS = os.path.join(ROOT, 'test', 'fixtures', 'scripts')

STEPS = []  # one entry per optimizer.step() of the optimizer being recorded
RECORD = {'optimizer': None}


class Stub:
    """Anything torch returns that the lr does not depend on."""

    def __init__(self, n=0):
        self._n = n

    def __getattr__(self, name):
        return Stub()

    def __call__(self, *a, **k):
        return Stub()

    def __len__(self):
        return self._n

    def __iter__(self):
        return iter(())

    def __bool__(self):
        return True

    def item(self):
        return 1.0

    def __float__(self):
        return 1.0

    def _arith(self, *a):
        return Stub()

    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = __truediv__ = __rtruediv__ = _arith
    __iadd__ = __isub__ = __imul__ = __itruediv__ = __pow__ = __neg__ = _arith


class Tensor(Stub):
    pass


def sized(*shape, **_):
    if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
        shape = tuple(shape[0])
    return Tensor(int(shape[0]) if shape else 0)


def randint(*a, **_):
    size = a[2] if len(a) >= 3 else a[1]
    return sized(size)


class TensorDataset:
    def __init__(self, *tensors):
        self.tensors = tensors

    def __len__(self):
        return len(self.tensors[0])


class DataLoader:
    def __init__(self, dataset, batch_size=1, shuffle=False, drop_last=False, **_):
        n = len(dataset) if hasattr(dataset, '__len__') and not isinstance(dataset, Stub) else 2 * batch_size
        self.n = n // batch_size if drop_last else -(-n // batch_size)
        self.width = len(dataset.tensors) if isinstance(dataset, TensorDataset) else 2

    def __len__(self):
        return self.n

    def __iter__(self):
        return iter([tuple(Stub() for _ in range(self.width)) for _ in range(self.n)])


class Optimizer:
    def __init__(self, params, lr=1e-3, *a, **k):
        params = list(params) if isinstance(params, (list, tuple)) else [params]
        if params and all(isinstance(p, dict) for p in params):
            self.param_groups = [dict(p, lr=p.get('lr', lr)) for p in params]
        else:
            self.param_groups = [{'params': params, 'lr': lr}]
        for g in self.param_groups:
            g.pop('params', None)
        RECORD['count'] += 1
        if RECORD['count'] == RECORD['which']:
            RECORD['optimizer'] = self

    def step(self, *a, **k):
        if self is RECORD['optimizer']:
            STEPS.append([g['lr'] for g in self.param_groups])

    def zero_grad(self, *a, **k):
        pass


class StubModule(types.ModuleType):
    def __getattr__(self, name):
        if name.startswith('__'):
            raise AttributeError(name)
        return Stub()


def module(name, **attrs):
    m = StubModule(name)
    m.__path__ = []
    for k, v in attrs.items():
        setattr(m, k, v)
    return m


class Finder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """torch, torchvision and the fixtures' config modules are stand-ins."""

    TOPS = ('torch', 'torchvision', 'project')

    def find_spec(self, name, path, target=None):
        if name.split('.')[0] in self.TOPS:
            return importlib.machinery.ModuleSpec(name, self, is_package=True)
        return None

    def create_module(self, spec):
        return MODULES.get(spec.name) or module(spec.name)

    def exec_module(self, m):
        pass


optim = module('torch.optim', SGD=Optimizer, Adam=Optimizer, AdamW=Optimizer)
data = module('torch.utils.data', DataLoader=DataLoader, TensorDataset=TensorDataset)
MODULES = {
    'torch': module('torch', randn=sized, rand=sized, zeros=sized, ones=sized, randint=randint, optim=optim),
    'torch.optim': optim,
    'torch.utils': module('torch.utils', data=data),
    'torch.utils.data': data,
}
MODULES['torch'].utils = MODULES['torch.utils']
sys.meta_path.insert(0, Finder())


class Config:
    """An object whose attributes are the values LR Lens assumes for them."""

    def __init__(self, values):
        self.__dict__.update(values)


# fixture → which optimizer (1-based, in construction order), stride, argv, assumed values.
CASES = [
    {'script': 'hand_nanogpt.py', 'finding': 0, 'stride': 1},
    {'script': 'hand_mae.py', 'finding': 0, 'stride': 1},
    # 2 batches an epoch from the stand-in ImageFolder loader; the schedule is per epoch.
    {'script': 'hand_step_decay.py', 'finding': 0, 'stride': 2, 'argv': ['/data/imagenet']},
    # 10 batches an epoch (500 samples / 50); the first optimizer's schedule is per epoch.
    {'script': 'hand_milestones.py', 'finding': 0, 'stride': 10},
    {'script': 'hand_milestones.py', 'finding': 1, 'which': 2, 'stride': 1},
    # LR Lens assumes cfg.lr = 0.001 (learning rate unknown) and cfg.epochs = 10 (number of epochs unknown).
    {'script': 'hand_assumed.py', 'finding': 0, 'stride': 1, 'assume': {'lr': 0.001, 'epochs': 10}},
]


def run(case):
    STEPS.clear()
    RECORD.update(optimizer=None, count=0, which=case.get('which', 1))
    if 'assume' in case:
        MODULES['project.config'] = module('project.config', load_config=lambda: Config(case['assume']))
    path = os.path.join(SCRIPTS, case['script'])
    sys.argv = [path, *case.get('argv', [])]
    for k in [k for k in sys.modules if k.split('.')[0] in Finder.TOPS and k not in MODULES]:
        del sys.modules[k]
    with redirect_stdout(io.StringIO()):
        runpy.run_path(path, run_name='__main__')
    rows = STEPS[:: case['stride']]
    return {'script': case['script'], 'finding': case['finding'], 'stride': case['stride'], 'rows': len(rows), 'lr': rows}


out = {
    'python': sys.version.split()[0],
    'note': 'lr of each param group at every stride-th optimizer.step(), from running the fixture in CPython (scripts/make-handwritten-fixture.py)',
    'cases': [run(c) for c in CASES],
}
dest = os.path.join(ROOT, 'test', 'fixtures', 'handwritten', 'expected.json')
with open(dest, 'w') as f:
    json.dump(out, f, separators=(',', ':'))
    f.write('\n')
for c in out['cases']:
    print(c['script'], c['finding'], c['rows'], 'rows, first', c['lr'][0], 'last', c['lr'][-1])
