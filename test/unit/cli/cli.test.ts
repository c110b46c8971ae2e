// The CLI as a user runs it: node dist/cli.js analyze FILE [--steps N] [--metrics …] [--json],
// built from the current sources first (./bundle.ts).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildCli, cli as run, ROOT, STACK } from './bundle';

const SCRIPTS = path.join(ROOT, 'test/fixtures/scripts');

function cli(...args: string[]) {
  return run(args);
}

describe('cli: analyze and diagnostics', function () {
  this.timeout(120_000);
  before(() => buildCli());

  it('analyze --json prints one object with the documented fields', () => {
    const r = cli('analyze', path.join(SCRIPTS, 'tutorial_korean.py'), '--json');
    assert.equal(r.code, 0, r.err);
    const report = JSON.parse(r.out);
    assert.equal(report.file, 'tutorial_korean.py');
    assert.equal(report.schedulers.length, 3);
    const s = report.schedulers.find((x: { name: string }) => x.name === 'scheduler');
    for (const k of ['name', 'kind', 'library', 'line', 'params', 'baseLrs', 'unit', 'steps', 'lr', 'assumptions', 'diagnostics']) assert.ok(k in s, k);
    assert.equal(s.kind, 'LambdaLR');
    assert.equal(s.library, 'torch');
    assert.equal(s.line, 35);
    assert.deepEqual(s.baseLrs, [5e-4]);
    assert.equal(s.unit, 'step');
    assert.equal(s.steps, 500);
    assert.equal(s.lr.length, 501);
    assert.deepEqual(s.lr[0], [0]);
    assert.ok(Math.abs(s.lr[50][0] - 5e-4) < 1e-18);
    assert.deepEqual(s.lr[500], [0]);
  });

  it('--steps, the error field and momentum', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lrlens-'));
    const file = path.join(dir, 'onecycle.py');
    fs.writeFileSync(
      file,
      'import torch\nopt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)\n' +
        'scheduler = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=0.1, total_steps=20)\n',
    );
    const r = cli('analyze', file, '--steps', '25', '--json');
    assert.equal(r.code, 0, r.err);
    const s = JSON.parse(r.out).schedulers[0];
    assert.equal(s.steps, 25);
    assert.equal(s.error.atStep, 21);
    assert.equal(s.lr.length, 21);
    assert.equal(s.momentum.length, 21);
    assert.equal(s.momentum[0][0], 0.95);
  });

  it('reads the config files a script names beside it, in rounds (a ds_config JSON; a Hydra app and its config groups), never outside the folders it may read', () => {
    const ds = cli('analyze', path.join(SCRIPTS, 'deepspeed_train.py'), '--json');
    assert.equal(ds.code, 0, ds.err);
    const w = JSON.parse(ds.out).schedulers[0];
    assert.equal(w.kind, 'WarmupDecayLR');
    assert.deepEqual(w.params, { warmup_min_lr: 0, warmup_max_lr: 3e-4, warmup_num_steps: 200, total_num_steps: 2000, warmup_type: 'linear' });
    const hydra = cli('analyze', path.join(SCRIPTS, 'config/hydra_app/train.py'), '--json');
    assert.equal(hydra.code, 0, hydra.err);
    const c = JSON.parse(hydra.out).schedulers[0];
    assert.equal(c.kind, 'CosineAnnealingLR');
    assert.deepEqual(c.params, { T_max: 50, eta_min: 1e-4 }, 'conf/config.yaml, then conf/scheduler/cosine.yaml its defaults list names');
    assert.deepEqual(c.baseLrs, [0.1]);
    assert.equal(c.steps, 50);
    // Hydra's config_path="../configs" (lightning-hydra-template's layout): read while it stays inside the working directory.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lrlens-'));
    fs.mkdirSync(path.join(dir, 'src'));
    fs.mkdirSync(path.join(dir, 'configs/scheduler'), { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'src/train.py'),
      'import hydra, torch\n\n@hydra.main(version_base="1.3", config_path="../configs", config_name="train.yaml")\ndef main(cfg):\n' +
        '    opt = torch.optim.SGD([], lr=cfg.lr)\n    sched = hydra.utils.instantiate(cfg.scheduler)(optimizer=opt)\n\nmain()\n',
    );
    fs.writeFileSync(path.join(dir, 'configs/train.yaml'), 'defaults:\n  - _self_\n  - scheduler: step\nlr: 0.5\n');
    fs.writeFileSync(path.join(dir, 'configs/scheduler/step.yaml'), '_target_: torch.optim.lr_scheduler.StepLR\n_partial_: true\nstep_size: 4\ngamma: 0.25\n');
    const up = run(['analyze', 'src/train.py', '--json'], { cwd: dir });
    assert.equal(up.code, 0, up.err);
    const s = JSON.parse(up.out).schedulers[0];
    assert.deepEqual([s.kind, s.params, s.baseLrs], ['StepLR', { step_size: 4, gamma: 0.25 }, [0.5]]);
    const outside = run(['analyze', 'train.py', '--json'], { cwd: path.join(dir, 'src') });
    assert.equal(outside.code, 0, outside.err);
    const report = JSON.parse(outside.out);
    assert.equal(report.schedulers.length, 0, 'configs/ is outside both the working directory and the script folder');
    assert.ok(report.diagnostics.some((d: { message: string }) => /reads `\.\.\/configs\/train\.yaml`, which LR Lens has not read/.test(d.message)));
  });

  it('--metrics feeds ReduceLROnPlateau', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lrlens-'));
    const file = path.join(dir, 'plateau.py');
    fs.writeFileSync(file, 'import torch\nopt = torch.optim.SGD(p, lr=1.0)\nscheduler = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, patience=0, factor=0.5)\n');
    const r = cli('analyze', file, '--steps', '4', '--metrics', '1,1,1,1', '--json');
    assert.equal(r.code, 0, r.err);
    const s = JSON.parse(r.out).schedulers[0];
    assert.deepEqual(s.lr.map((x: number[]) => x[0]), [1, 1, 0.5, 0.25, 0.125]);
    assert.ok(!s.assumptions.some((a: { name: string }) => a.name === 'metrics'));
  });

  it('text mode prints a summary with a sparkline', () => {
    const r = cli('analyze', path.join(SCRIPTS, 'hf_no_trainer.py'));
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /get_scheduler/);
    assert.match(r.out, /line 70/);
    assert.match(r.out, /[▁▂▃▄▅▆▇█]{20,}/);
    assert.match(r.out, /assumed: {2}len\(train_dataloader\) = 1000 \(dataset size unknown: batches of 8 from `train_dataset`, about 8,000 examples\)/);
  });

  it('--version prints the package version, --help the usage with the exit codes', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const v = cli('--version');
    assert.equal(v.code, 0);
    assert.equal(v.out, `lr-lens ${pkg.version}\n`);
    const h = cli('--help');
    assert.equal(h.code, 0);
    assert.match(h.out, /^usage: lr-lens analyze PATH/);
    assert.match(h.out, /--format text\|json\|sarif\|github/);
    assert.match(h.out, /exit codes: 0 .*; 1 .*; 2 a usage error; 3 /s);
    assert.equal(cli('analyze', 'x.py', '-h').code, 0);
  });

  it('usage errors exit 2, unreadable files exit 1 with a clear message', () => {
    assert.equal(cli().code, 2);
    assert.equal(cli('analyze', 'x.py', '--format', 'sarif').code, 2);
    assert.equal(cli('diagnostics', 'x.py', '--format', 'csv').code, 2);
    assert.equal(cli('analyze', 'x.py', '--every', '0').code, 2);
    assert.equal(cli('analyze', 'x.py', '--every', '2', '--points', '9').code, 2);
    assert.equal(cli('analyze', 'x.py', '--json', '--format', 'csv').code, 2);
    assert.equal(cli('frobnicate', 'x.py').code, 2);
    assert.equal(cli('analyze').code, 2);
    assert.equal(cli('analyze', 'x.py', '--steps', 'many').code, 2);
    assert.equal(cli('analyze', 'x.py', '--bogus').code, 2);
    const missing = cli('analyze', path.join(SCRIPTS, 'does-not-exist.py'));
    assert.equal(missing.code, 1);
    assert.match(missing.err, /cannot read .*does-not-exist\.py.*no such file/);
    for (const r of [missing, cli('frobnicate'), cli('analyze', SCRIPTS)]) assert.doesNotMatch(r.err, STACK);
  });

  it('analyze --json gives each scheduler the diagnostics the diagnostics command gives', () => {
    const file = path.join(SCRIPTS, 'diagnostics', 'step-order.py');
    const a = cli('analyze', file, '--json');
    const d = cli('diagnostics', file, '--json');
    assert.equal(d.code, 0, d.err);
    const fromDiagnostics = JSON.parse(d.out).diagnostics;
    assert.ok(fromDiagnostics.length >= 1);
    const report = JSON.parse(a.out);
    const fromAnalyze = [...report.schedulers.flatMap((s: { diagnostics: unknown[] }) => s.diagnostics), ...report.diagnostics.filter((x: { rule?: string }) => x.rule)];
    const key = (x: { rule: string; line: number; column: number }) => `${x.rule}@${x.line}:${x.column}`;
    assert.deepEqual(fromAnalyze.map(key).sort(), fromDiagnostics.map(key).sort());
    const so = report.schedulers.flatMap((s: { diagnostics: { rule: string; message: string }[] }) => s.diagnostics).find((x: { rule: string }) => x.rule === 'step-order');
    assert.equal(so.message, fromDiagnostics.find((x: { rule: string }) => x.rule === 'step-order').message);
  });

  it('--fail-on: a warning fails CI only when asked', () => {
    const file = path.join(SCRIPTS, 'diagnostics', 'step-order.py');
    const d = JSON.parse(cli('diagnostics', file, '--json').out).diagnostics as { severity: string }[];
    assert.ok(d.some((x) => x.severity === 'warning') && !d.some((x) => x.severity === 'error'));
    assert.equal(cli('diagnostics', file).code, 0);
    assert.equal(cli('diagnostics', file, '--fail-on', 'warning').code, 1);
    assert.equal(cli('analyze', file, '--fail-on', 'warning').code, 1);
    assert.equal(cli('diagnostics', file, '--fail-on', 'never').code, 0);
  });

  it('- reads a Python script from standard input; a CSV of a file without a scheduler says so', () => {
    const source = fs.readFileSync(path.join(SCRIPTS, 'diagnostics', 'step-order.py'), 'utf8');
    const r = run(['diagnostics', '-'], { input: source });
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^-:\d+:\d+ warning step-order /);
    const fromFile = cli('diagnostics', path.join(SCRIPTS, 'diagnostics', 'step-order.py'));
    assert.equal(r.out.replace(/^-:/, ''), fromFile.out.replace(/^[^:]+:/, ''));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lrlens-'));
    fs.writeFileSync(path.join(dir, 'none.py'), 'import torch\nx = 1\n');
    const csv = cli('analyze', path.join(dir, 'none.py'), '--format', 'csv');
    assert.equal(csv.code, 0);
    assert.equal(csv.out, 'step,epoch,lr\n');
    assert.match(csv.err, /none\.py: no learning-rate scheduler found/);
  });

  it('diagnostics --json', () => {
    const r = cli('diagnostics', path.join(SCRIPTS, 'torchvision_reference.py'), '--json');
    assert.equal(r.code, 0, r.err);
    const d = JSON.parse(r.out);
    assert.equal(d.file, 'torchvision_reference.py');
    // The torchvision recipe is right as written: no diagnostic.
    assert.deepEqual(d.diagnostics, []);
  });
});
