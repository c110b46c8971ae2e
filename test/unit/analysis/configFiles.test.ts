// Values from config files (src/core/frameworks/configFiles.ts, adapters/config.ts): our own
// fixtures in the idioms of Hydra, torchtune and plain PyYAML/json scripts, analyzed the way a host
// analyzes them — the analysis names the files it wants, the host reads them beside the script and
// analyzes again, until nothing new is asked for.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../../../src/core/model/analyze';
import { curveFor, curveRows } from '../../../src/core/model/curves';
import type { AnalysisResult } from '../../../src/core/model/types';
import { closeTo } from '../helpers/oracle';

const CONFIG = path.resolve(__dirname, '../../../../test/fixtures/scripts/config');

function near(actual: number, expected: number, what: string): void {
  assert.ok(closeTo(actual, expected), `${what}: got ${actual}, expected ${expected}`);
}

/** Analyzes `dir/script` with the files it asks for read from `dir` (as src/cli/files.ts does), with `edit` applied to their texts. */
function analyzeWithFiles(dir: string, script: string, edit: (p: string, text: string) => string = (_p, t) => t): { r: AnalysisResult; rounds: number } {
  const src = fs.readFileSync(path.join(dir, script), 'utf8');
  const files: Record<string, string> = {};
  let r = analyze(src);
  let rounds = 1;
  for (;;) {
    const wanted = (r.files ?? []).filter((f) => !f.read && !(f.path in files) && fs.existsSync(path.join(dir, f.path)));
    if (!wanted.length) return { r, rounds };
    for (const f of wanted) files[f.path] = edit(f.path, fs.readFileSync(path.join(dir, f.path), 'utf8'));
    r = analyze(src, { files: { ...files } });
    rounds++;
  }
}

const lrs = (r: AnalysisResult, i = 0) => curveRows(curveFor(r.schedulers[i]).curve).map((row) => row[0]);

describe('analysis: values from config files', () => {
  it('Hydra: @hydra.main composes conf/config.yaml with its defaults list, instantiate(cfg.scheduler, optimizer=…) builds the _target_', () => {
    const dir = path.join(CONFIG, 'hydra_app');
    const src = fs.readFileSync(path.join(dir, 'train.py'), 'utf8');
    const first = analyze(src);
    assert.deepEqual(first.files, [{ path: 'conf/config.yaml', read: false }]);
    assert.equal(first.schedulers.length, 0);
    assert.ok(first.diagnostics.some((d) => d.severity === 'info' && /reads `conf\/config\.yaml`, which LR Lens has not read/.test(d.message)));

    const { r, rounds } = analyzeWithFiles(dir, 'train.py');
    assert.equal(rounds, 3, 'the primary config, then the groups its defaults list names');
    assert.deepEqual(
      (r.files ?? []).map((f) => [f.path, f.read]),
      [
        ['conf/config.yaml', true],
        ['conf/optimizer/sgd.yaml', true],
        ['conf/scheduler/cosine.yaml', true],
        ['conf/local/dev.yaml', false],
      ],
    );
    assert.ok(!r.diagnostics.some((d) => /has not read/.test(d.message)), 'an optional group that is absent is not reported');
    assert.ok(r.diagnostics.some((d) => d.message === 'Hydra composes `cfg` from conf/config.yaml; values given on the command line (`key=value` overrides) are not seen'));
    assert.equal(r.schedulers.length, 1);
    const f = r.schedulers[0];
    assert.equal(f.kind, 'CosineAnnealingLR');
    assert.equal(f.range.startPos.line, src.split('\n').findIndex((l) => l.includes('hydra.utils.instantiate(cfg.scheduler')), 'the finding is at the instantiate line');
    // T_max: ${trainer.max_epochs} (interpolated), eta_min: 1e-4 (a float for OmegaConf).
    assert.deepEqual(f.params, { T_max: 50, eta_min: 1e-4 });
    // The optimizer is the `_partial_: true` node, called with params=…
    assert.deepEqual(
      f.optimizer.paramGroups.map((g) => [g.lr, g.momentum]),
      [[0.1, 0.9]],
    );
    assert.equal(f.naturalSteps, 50, 'range(cfg.trainer.max_epochs)');
    assert.deepEqual(f.assumptions, []);
    assert.ok(
      f.diagnostics.some((d) => d.severity === 'info' && d.message === 'Built by `hydra.utils.instantiate` from conf/scheduler/cosine.yaml (`torch.optim.lr_scheduler.CosineAnnealingLR`): T_max=50, eta_min=0.0001'),
      JSON.stringify(f.diagnostics),
    );
    const lr = lrs(r);
    for (const k of [0, 1, 10, 25, 49, 50]) near(lr[k], 1e-4 + ((0.1 - 1e-4) * (1 + Math.cos((Math.PI * k) / 50))) / 2, `step ${k}`);

    // An edit of the group file changes the curve (the host re-reads it and analyzes again).
    const edited = analyzeWithFiles(dir, 'train.py', (p, t) => (p === 'conf/config.yaml' ? t.replace('max_epochs: 50', 'max_epochs: 20') : t)).r;
    assert.deepEqual(edited.schedulers[0].params, { T_max: 20, eta_min: 1e-4 });
    assert.equal(edited.schedulers[0].naturalSteps, 20);
    // The defaults list picks another option: `scheduler: step` (a file that is not there) leaves the scheduler unknown, said at the decorator.
    const other = analyzeWithFiles(dir, 'train.py', (p, t) => (p === 'conf/config.yaml' ? t.replace('scheduler: cosine', 'scheduler: step') : t)).r;
    assert.equal(other.schedulers.length, 0);
    assert.ok(other.diagnostics.some((d) => /reads `conf\/scheduler\/step\.yaml`, which LR Lens has not read/.test(d.message)));
  });

  it('Hydra defaults: `# @package _global_`, a group option from other choices (`${dataset}_${model}`), override hydra/…, a config of the same folder', () => {
    const src = [
      'import hydra, torch',
      'from hydra.utils import instantiate',
      '',
      '@hydra.main(config_path="conf", config_name="train")',
      'def train(cfg):',
      '    optimizer = instantiate(cfg.hparams.optimizer, torch.nn.Linear(2, 2).parameters())',
      '    scheduler = instantiate(cfg.hparams.scheduler, optimizer)',
      '    for epoch in range(cfg.hparams.epochs):',
      '        optimizer.step()',
      '        scheduler.step()',
      '',
      'train()',
      '',
    ].join('\n');
    const files = {
      'conf/train.yaml': 'defaults:\n  - base\n  - dataset: cifar10\n  - model: resnet18\n  - hparams: ${dataset}_${model}\n  - override hydra/job_logging: custom\n',
      'conf/base.yaml': 'seed: 1\nhparams:\n  epochs: 5\n',
      'conf/dataset/cifar10.yaml': 'name: cifar10\nnum_classes: 10\n',
      'conf/model/resnet18.yaml': 'depth: 18\n',
      'conf/hparams/cifar10_resnet18.yaml':
        '# @package _global_\n# hyper-parameters of this pair\nhparams:\n  epochs: 200\n  optimizer:\n    _target_: torch.optim.SGD\n    lr: 0.1\n    weight_decay: 5e-4\n    momentum: 0.9\n  scheduler:\n    _target_: torch.optim.lr_scheduler.MultiStepLR\n    milestones: [60, 120, 160]\n    gamma: 0.2\n',
    };
    const r = analyze(src, { files });
    assert.deepEqual(
      (r.files ?? []).map((f) => [f.path, f.read]),
      Object.keys(files).map((p) => [p, true]),
      'every file of the composition, and nothing of hydra/',
    );
    const f = r.schedulers[0];
    assert.equal(f.kind, 'MultiStepLR');
    assert.deepEqual(f.params, { milestones: [60, 120, 160], gamma: 0.2 });
    assert.deepEqual(
      f.optimizer.paramGroups.map((g) => [g.lr, g.momentum]),
      [[0.1, 0.9]],
    );
    assert.equal(f.naturalSteps, 200, 'the _global_ hparams file merged over base.yaml (epochs: 5)');
    const lr = lrs(r);
    near(lr[60], 0.1 * 0.2, 'first milestone');
    near(lr[199], 0.1 * 0.2 ** 3, 'after the third');
  });

  it("Hydra's compose API: initialize(config_path=…) then compose(config_name, overrides=[group=option, key=value, ~key])", () => {
    const src = [
      'import torch',
      'from hydra import compose, initialize',
      'from hydra.utils import instantiate',
      '',
      'with initialize(version_base=None, config_path="conf"):',
      '    cfg = compose(config_name="config", overrides=["scheduler=step", "scheduler.gamma=0.5", "trainer.max_epochs=12", "~trainer.name"])',
      'optimizer = torch.optim.SGD(torch.nn.Linear(2, 2).parameters(), lr=cfg.optimizer.lr)',
      'scheduler = instantiate(cfg.scheduler, optimizer=optimizer)',
      'for epoch in range(cfg.trainer.max_epochs):',
      '    optimizer.step()',
      '    scheduler.step()',
      '',
    ].join('\n');
    const files = {
      'conf/config.yaml': 'defaults:\n  - scheduler: cosine\n  - _self_\noptimizer:\n  lr: 0.1\ntrainer:\n  max_epochs: 50\n  name: x\n',
      'conf/scheduler/cosine.yaml': '_target_: torch.optim.lr_scheduler.CosineAnnealingLR\nT_max: 10\n',
      'conf/scheduler/step.yaml': '_target_: torch.optim.lr_scheduler.StepLR\nstep_size: 3\ngamma: 0.1\n',
    };
    const r = analyze(src, { files });
    assert.ok(!(r.files ?? []).some((f) => f.path === 'conf/scheduler/cosine.yaml'), 'the overridden choice is not read');
    const f = r.schedulers[0];
    assert.equal(f.kind, 'StepLR');
    assert.deepEqual(f.params, { step_size: 3, gamma: 0.5 });
    assert.equal(f.naturalSteps, 12);
  });

  it("torchtune: config.instantiate(cfg.lr_scheduler, optimizer, num_training_steps=…) builds torchtune's cosine with warm-up, exactly", () => {
    const { r } = analyzeWithFiles(path.join(CONFIG, 'torchtune_recipe'), 'recipe.py');
    assert.equal(r.schedulers.length, 1);
    const f = r.schedulers[0];
    assert.equal(f.kind, 'get_cosine_schedule_with_warmup');
    assert.deepEqual(f.params, { num_warmup_steps: 10, num_training_steps: 250, last_epoch: -1 });
    assert.deepEqual(f.baseLrs ?? f.optimizer.paramGroups.map((g) => g.lr), [3e-4], 'lr: 3e-4 is a float for OmegaConf');
    assert.equal(f.naturalSteps, 250, '2 epochs × 1000 batches / 8 accumulated');
    assert.ok(f.diagnostics.some((d) => /^Built by `config\.instantiate` from configs\/finetune\.yaml: lr_scheduler \(`torchtune\.training\.lr_schedulers\.get_cosine_schedule_with_warmup`\)/.test(d.message)));
    // torchtune/training/lr_schedulers.py's lr_lambda, as written there.
    const lrLambda = (step: number) => {
      if (step < 10) return step / Math.max(1, 10);
      const progress = (step - 10) / Math.max(1, 250 - 10);
      return Math.max(0.0, 0.5 * (1.0 + Math.cos(Math.PI * 0.5 * 2.0 * progress)));
    };
    const lr = lrs(r);
    assert.equal(lr.length, 251);
    lr.forEach((x, k) => near(x, 3e-4 * lrLambda(k), `step ${k}`));
  });

  it('plain PyYAML and json: with open(…) as f: yaml.safe_load(f), json.load(open(…)), a merge key; 1e-4 stays a string, and it is said', () => {
    const { r } = analyzeWithFiles(path.join(CONFIG, 'plain'), 'train.py');
    assert.deepEqual(
      (r.files ?? []).map((f) => [f.path, f.read]),
      [
        ['hparams.yaml', true],
        ['sched.json', true],
      ],
    );
    const f = r.schedulers[0];
    assert.equal(f.kind, 'StepLR');
    assert.deepEqual(f.params, { step_size: 10, gamma: 0.5 });
    assert.deepEqual(
      f.optimizer.paramGroups.map((g) => [g.lr, g.momentum]),
      [[0.02, 0.9]],
      '<<: *defaults, then lr overridden',
    );
    assert.equal(f.naturalSteps, 30);
    assert.ok(r.diagnostics.some((d) => d.severity === 'info' && d.message === 'PyYAML reads weight_decay: 1e-4 in `hparams.yaml` as a string, not a number (its floats need a dot: write 1.0e-4)'));
  });

  it("a path built with os.path from __file__ is beside the script; PyYAML's string lr is an error at the optimizer, as torch raises", () => {
    const src = [
      'import os',
      'import torch',
      'import yaml',
      '',
      'HERE = os.path.dirname(os.path.abspath(__file__))',
      'with open(os.path.join(HERE, "configs", "train.yaml")) as f:',
      '    cfg = yaml.safe_load(f)',
      'optimizer = torch.optim.SGD(torch.nn.Linear(2, 2).parameters(), lr=cfg["lr"])',
      'scheduler = torch.optim.lr_scheduler.StepLR(optimizer, cfg["step_size"])',
      '',
    ].join('\n');
    assert.deepEqual(analyze(src).files, [{ path: 'configs/train.yaml', read: false }]);
    const ok = analyze(src, { files: { 'configs/train.yaml': 'lr: 1.0e-3\nstep_size: 4\n' } });
    assert.deepEqual([ok.schedulers[0].baseLrs, ok.schedulers[0].params], [[1e-3], { step_size: 4 }]);
    const str = analyze(src, { files: { 'configs/train.yaml': 'lr: 1e-3\nstep_size: 4\n' } });
    assert.ok(str.diagnostics.some((d) => d.severity === 'info' && d.message === 'PyYAML reads lr: 1e-3 in `configs/train.yaml` as a string, not a number (its floats need a dot: write 1.0e-4)'));
    assert.ok(str.diagnostics.some((d) => d.severity === 'error' && d.range?.startPos.line === 7 && d.message === "The lr is the string '1e-3', not a number: SGD raises TypeError when it compares it with 0.0"));
  });

  it('pathlib: Path(__file__).resolve().parent / "configs" / …, .parents[0], read_text(), OmegaConf.load(path)', () => {
    const src = [
      'from pathlib import Path',
      'import torch, yaml',
      'from omegaconf import OmegaConf',
      'ROOT = Path(__file__).resolve().parent',
      'hp = yaml.safe_load((ROOT / "configs" / "hp.yaml").read_text())',
      'oc = OmegaConf.load(ROOT / "configs/oc.yaml")',
      'with open(Path(__file__).parents[0] / "extra.yaml") as f:',
      '    extra = yaml.safe_load(f)',
      'optimizer = torch.optim.SGD(torch.nn.Linear(2, 2).parameters(), lr=oc.lr)',
      'scheduler = torch.optim.lr_scheduler.StepLR(optimizer, hp["step"] + extra["step"], gamma=oc.gamma)',
      '',
    ].join('\n');
    const files = { 'configs/hp.yaml': 'step: 2\n', 'configs/oc.yaml': 'lr: 3e-4\ngamma: 0.5\n', 'extra.yaml': 'step: 4\n' };
    const r = analyze(src, { files });
    assert.deepEqual(
      (r.files ?? []).map((f) => f.path).sort(),
      Object.keys(files).sort(),
    );
    const f = r.schedulers[0];
    assert.deepEqual([f.params, f.baseLrs, f.assumptions], [{ step_size: 6, gamma: 0.5 }, [3e-4], []]);
  });

  it('OmegaConf interpolation: absolute, relative (${.x}, ${..x}) and in text; a resolver or ??? is a named unknown', () => {
    const src = [
      'import torch',
      'from omegaconf import OmegaConf',
      'cfg = OmegaConf.load("c.yaml")',
      'opt = torch.optim.SGD([torch.zeros(1)], lr=cfg.optim.lr)',
      'sched = torch.optim.lr_scheduler.StepLR(opt, step_size=cfg.sched.step, gamma=cfg["sched"]["gamma"])',
      'for epoch in range(cfg.sched.epochs):',
      '    opt.step()',
      '    sched.step()',
      '',
    ].join('\n');
    const yaml = ['base:', '  step: 7', 'optim:', '  lr: ${oc.env:LR}', 'sched:', '  step: ${..base.step}', '  epochs: ${.total}', '  total: 21', '  gamma: ${oc.decode:"0.5"}', 'name: run_${sched.step}_${base.step}', ''].join('\n');
    const r = analyze(src, { files: { 'c.yaml': yaml.replace('${oc.decode:"0.5"}', '0.5') } });
    const f = r.schedulers[0];
    assert.deepEqual(f.params, { step_size: 7, gamma: 0.5 });
    assert.equal(f.naturalSteps, 21);
    assert.deepEqual(
      f.assumptions.map((a) => [a.name, a.value]),
      [['os.environ["LR"]', 0.001]],
      'the resolver ${oc.env:LR} (no default) is unknown, named by the variable',
    );
    // `???` (a value to give on the command line) is unknown too.
    const missing = analyze(src, { files: { 'c.yaml': yaml.replace('${oc.decode:"0.5"}', '???') } }).schedulers[0];
    assert.deepEqual(
      missing.assumptions.map((a) => a.name).sort(),
      ['c.yaml: sched.gamma', 'os.environ["LR"]'],
    );
    // Resolvers as OmegaConf's own: oc.env is a string (its default str()-ed), a named assumption; oc.decode reads it as a number; oc.select falls back.
    const resolvers = (lr: string) =>
      analyze(src, {
        files: { 'c.yaml': yaml.replace('${oc.env:LR}', lr).replace('${oc.decode:"0.5"}', '${oc.select:sched.missing,0.25}').replace('step: ${..base.step}', 'step: ${base.${.which}}\n  which: step') },
      });
    const decoded = resolvers('${oc.decode:${oc.env:LR,0.01}}').schedulers[0];
    assert.deepEqual([decoded.baseLrs, decoded.params], [[0.01], { step_size: 7, gamma: 0.25 }]);
    assert.deepEqual(
      decoded.assumptions.map((a) => [a.name, a.value]),
      [['os.environ["LR"]', '0.01']],
    );
    const asString = resolvers('${oc.env:LR,0.01}');
    assert.ok(asString.diagnostics.some((d) => d.severity === 'error' && d.message === "The lr is the string '0.01', not a number: SGD raises TypeError when it compares it with 0.0"));
    // Text interpolation, read back through the script.    // Text interpolation, read back through the script.
    const named = analyze('from omegaconf import OmegaConf\nimport torch\ncfg = OmegaConf.load("c.yaml")\nassert cfg.name == "run_7_7"\nopt = torch.optim.SGD([], lr=0.1)\ns = torch.optim.lr_scheduler.StepLR(opt, 3 if cfg.name == "run_7_7" else 4)\n', {
      files: { 'c.yaml': yaml },
    });
    assert.deepEqual(named.schedulers[0].params, { step_size: 3 });
  });

  it('what cannot be read is said at its line: a path from the command line, torchtune\'s @config.parse, a YAML error', () => {
    const fromArgs = analyze(
      'import argparse, yaml, torch\np = argparse.ArgumentParser()\np.add_argument("--config")\nargs = p.parse_args()\ncfg = yaml.safe_load(open(args.config))\nopt = torch.optim.SGD([], lr=cfg["lr"])\ns = torch.optim.lr_scheduler.StepLR(opt, cfg["step_size"])\n',
    );
    assert.ok(fromArgs.diagnostics.some((d) => d.severity === 'info' && d.range?.startPos.line === 4 && /`yaml\.safe_load` reads a config file LR Lens cannot name without running the program \(`open\(args\.config\)`\)/.test(d.message)));
    assert.deepEqual(fromArgs.schedulers[0].assumptions.map((a) => a.name).sort(), ['cfg["lr"]', 'cfg["step_size"]']);
    const parse = analyze(
      'import torch\nfrom torchtune import config\n\n@config.parse\ndef recipe_main(cfg):\n    opt = torch.optim.AdamW([], lr=1e-3)\n    lr_scheduler = config.instantiate(cfg.lr_scheduler, opt, num_training_steps=100)\n',
    );
    assert.ok(parse.diagnostics.some((d) => d.range?.startPos.line === 3 && /`@config\.parse` reads the config named on the command line/.test(d.message)));
    assert.ok(parse.diagnostics.some((d) => d.range?.startPos.line === 6 && /`config\.instantiate` builds from `cfg\.lr_scheduler`, a config LR Lens cannot read/.test(d.message)));
    const bad = analyze('import yaml, torch\ncfg = yaml.safe_load(open("c.yaml"))\nopt = torch.optim.SGD([], lr=cfg["lr"])\ns = torch.optim.lr_scheduler.StepLR(opt, 3)\n', { files: { 'c.yaml': 'lr: [1, 2\n' } });
    assert.ok(bad.diagnostics.some((d) => d.severity === 'warning' && d.range?.startPos.line === 1 && /^`c\.yaml` could not be read as YAML: /.test(d.message)));
    assert.deepEqual(bad.schedulers[0].assumptions.map((a) => a.name), ['cfg["lr"]']);
  });

  it("a LightningModule calling a scheduler partial handed in (lightning-hydra-template's self.hparams.scheduler(optimizer=…)) says so", () => {
    const src = [
      'import torch',
      'from lightning import LightningModule',
      '',
      'class LitModule(LightningModule):',
      '    def __init__(self, net, optimizer, scheduler):',
      '        super().__init__()',
      '        self.save_hyperparameters(logger=False)',
      '        self.net = net',
      '',
      '    def configure_optimizers(self):',
      '        optimizer = self.hparams.optimizer(params=self.trainer.model.parameters())',
      '        if self.hparams.scheduler is not None:',
      '            scheduler = self.hparams.scheduler(optimizer=optimizer)',
      '            return {"optimizer": optimizer, "lr_scheduler": {"scheduler": scheduler, "monitor": "val/loss"}}',
      '        return {"optimizer": optimizer}',
      '',
    ].join('\n');
    const r = analyze(src);
    assert.equal(r.schedulers.length, 0);
    assert.ok(
      r.diagnostics.some((d) => d.range?.startPos.line === 12 && d.message.startsWith('`self.hparams.scheduler(optimizer=optimizer)` builds a scheduler LR Lens cannot see in this file')),
      JSON.stringify(r.diagnostics.map((d) => d.message)),
    );
  });

  it("hostile configs: OmegaConf copies what aliases name, within a budget; PyYAML's shared aliases cost nothing", () => {
    const levels = ['a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]'];
    const L = 'abcdefghij';
    for (let i = 1; i < 10; i++) levels.push(`${L[i]}: &${L[i]} [${Array(10).fill('*' + L[i - 1]).join(', ')}]`);
    levels.push('lr: 0.1');
    const laughs = levels.join('\n') + '\n';
    const src = (load: string) => `import torch, yaml\nfrom omegaconf import OmegaConf\ncfg = ${load}\nopt = torch.optim.SGD([], lr=cfg["lr"])\ns = torch.optim.lr_scheduler.StepLR(opt, 3)\n`;
    const py = analyze(src('yaml.safe_load(open("l.yaml"))'), { files: { 'l.yaml': laughs } });
    assert.deepEqual(py.schedulers[0].baseLrs, [0.1]);
    const oc = analyze(src('OmegaConf.load("l.yaml")'), { files: { 'l.yaml': laughs } });
    assert.ok(oc.diagnostics.some((d) => d.severity === 'warning' && /^`l\.yaml` expands to more than 100000 values/.test(d.message)));
    assert.deepEqual(oc.schedulers[0].assumptions.map((a) => a.name), ['cfg["lr"]']);
    // Interpolation cycles are unknown; interpolations that double a string each level stop at the cap, fast.
    const cyc = analyze('from omegaconf import OmegaConf\nimport torch\ncfg = OmegaConf.load("c.yaml")\nopt = torch.optim.SGD([], lr=cfg.a)\ns = torch.optim.lr_scheduler.StepLR(opt, cfg.n)\n', {
      files: { 'c.yaml': 'a: ${b}\nb: ${a}\nn: ${.m}\nm: 3\n' + Array.from({ length: 12 }, (_, i) => `x${i + 1}: "${'${x' + i + '}'.repeat(10)}"`).join('\n') + '\nx0: aaaa\n' },
    });
    assert.deepEqual(cyc.schedulers[0].params, { step_size: 3 });
    assert.equal(cyc.schedulers[0].assumptions.length, 1);
    assert.match(cyc.schedulers[0].assumptions[0].name, /^c\.yaml: [ab]$/, 'the cycle a ↔ b is unknown');
    // A path out of the script's folder is asked for as written: the host decides (and refuses what leaves the workspace).
    const up = analyze('import yaml\ncfg = yaml.safe_load(open("/etc/passwd"))\nimport torch\nopt = torch.optim.SGD([], lr=cfg["lr"])\ns = torch.optim.lr_scheduler.StepLR(opt, 3)\n');
    assert.deepEqual(up.files, [{ path: '/etc/passwd', read: false }]);
  });
});
