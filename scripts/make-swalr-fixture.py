"""Writes test/fixtures/swalr.json: torch.optim.swa_utils.SWALR curves recorded from the real torch.

    /usr/bin/python3 scripts/make-swalr-fixture.py   # Debian's python3-torch

Each case is run exactly as its `source` says (the prelude, then the source), then
`optimizer.step(); scheduler.step()` `steps` times. Row 0 of `lr` is each param group's lr right
after construction, row k the lr after the k-th step (the oracle's format, test/fixtures/oracle/README.md).
SWALR's get_lr, _get_initial_lr and anneal functions are the same in torch 1.13 and 2.x
(torch/optim/swa_utils.py), so the curves are 2.x's; the list-length error message is 2.x's
`_format_param` (checked by hand in the test, 1.13 words it differently).
"""
import json, math, sys
import torch
from torch import nn

PRELUDE = "import math\nimport torch\nfrom torch import nn\nfrom torch.optim.swa_utils import SWALR\nmodel = nn.Linear(4, 2)\n"

CASES = [
    # (id, optimizer source, constructor, steps)
    ('default-cos', 'optimizer = torch.optim.SGD(model.parameters(), lr=0.1)', 'SWALR(optimizer, swa_lr=0.05)', 15),
    ('linear-20', 'optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)', "SWALR(optimizer, swa_lr=0.05, anneal_epochs=20, anneal_strategy='linear')", 30),
    ('cos-up', 'optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)', "SWALR(optimizer, swa_lr=0.02, anneal_epochs=7, anneal_strategy='cos')", 12),
    ('anneal-0', 'optimizer = torch.optim.SGD(model.parameters(), lr=0.1)', 'SWALR(optimizer, swa_lr=0.01, anneal_epochs=0)', 5),
    ('anneal-1-linear', 'optimizer = torch.optim.SGD(model.parameters(), lr=0.3)', "SWALR(optimizer, 0.03, 1, 'linear')", 4),
    ('two-groups-list', "optimizer = torch.optim.SGD([{'params': model.weight, 'lr': 0.1}, {'params': model.bias, 'lr': 0.02}], lr=0.1)",
     "SWALR(optimizer, swa_lr=[0.05, 0.001], anneal_epochs=6)", 10),
    ('two-groups-scalar', "optimizer = torch.optim.SGD([{'params': model.weight, 'lr': 0.1}, {'params': model.bias, 'lr': 0.02}], lr=0.1)",
     "SWALR(optimizer, swa_lr=0.01, anneal_epochs=3, anneal_strategy='linear')", 6),
    ('long-cos', 'optimizer = torch.optim.SGD(model.parameters(), lr=0.05)', 'SWALR(optimizer, swa_lr=0.0125, anneal_epochs=333)', 400),
]

ERRORS = [
    ('bad-strategy', 'optimizer = torch.optim.SGD(model.parameters(), lr=0.1)', "SWALR(optimizer, swa_lr=0.05, anneal_strategy='exp')"),
    ('negative-epochs', 'optimizer = torch.optim.SGD(model.parameters(), lr=0.1)', 'SWALR(optimizer, swa_lr=0.05, anneal_epochs=-1)'),
    ('float-epochs', 'optimizer = torch.optim.SGD(model.parameters(), lr=0.1)', 'SWALR(optimizer, swa_lr=0.05, anneal_epochs=10.0)'),
]

def run(opt_src, ctor, steps):
    torch.manual_seed(0)
    env = {}
    exec(PRELUDE, env)
    exec(opt_src + '\nscheduler = ' + ctor + '\n', env)
    optimizer, scheduler = env['optimizer'], env['scheduler']
    rows = [[g['lr'] for g in optimizer.param_groups]]
    for _ in range(steps):
        optimizer.step()
        scheduler.step()
        rows.append([g['lr'] for g in optimizer.param_groups])
    return rows

cases = []
for cid, opt_src, ctor, steps in CASES:
    cases.append({'id': 'torch/SWALR/' + cid, 'scheduler': 'SWALR', 'source': opt_src + '\nscheduler = ' + ctor + '\n', 'steps': steps, 'lr': run(opt_src, ctor, steps)})
for cid, opt_src, ctor in ERRORS:
    env = {}
    exec(PRELUDE, env)
    exec(opt_src, env)
    try:
        exec('scheduler = ' + ctor, env)
        raise SystemExit(cid + ' did not raise')
    except ValueError as e:
        cases.append({'id': 'torch/SWALR/' + cid, 'scheduler': 'SWALR', 'source': opt_src + '\nscheduler = ' + ctor + '\n', 'steps': 0, 'error': {'at_step': 0, 'type': 'ValueError', 'message': str(e)}})

json.dump({
    'made_by': 'scripts/make-swalr-fixture.py',
    'python': sys.version.split()[0], 'library': 'torch', 'library_version': torch.__version__,
    'prelude': PRELUDE, 'cases': cases,
}, open('test/fixtures/swalr.json', 'w'), indent=1)
print(len(cases), 'cases')
