// The installable command: `npm pack` of this package, installed into an empty project (offline:
// the package has no runtime dependencies), then `lr-lens` run from node_modules/.bin and by npx.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildCli, ROOT } from './bundle';
import { validator } from './sarifSchema';

const NOTEBOOK = path.join(ROOT, 'test/fixtures/workspace/step-order.ipynb');

function npm(args: string[], cwd: string) {
  const r = spawnSync('npm', args, { cwd, encoding: 'utf8', timeout: 240_000, env: { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' } });
  assert.equal(r.status, 0, `npm ${args.join(' ')}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

describe('cli: the bin entry from a packed install', function () {
  this.timeout(300_000);
  let app: string;
  let pkg: { name: string; version: string; bin: Record<string, string>; dependencies?: Record<string, string> };

  before(() => {
    buildCli();
    pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lrlens-pack-'));
    npm(['pack', '--pack-destination', tmp, '--silent'], ROOT);
    const tgz = path.join(tmp, `${pkg.name}-${pkg.version}.tgz`);
    assert.ok(fs.existsSync(tgz), tgz);
    app = path.join(tmp, 'app');
    fs.mkdirSync(app);
    fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true }));
    npm(['install', tgz, '--offline', '--no-audit', '--no-fund', '--ignore-scripts'], app);
    fs.copyFileSync(NOTEBOOK, path.join(app, 'train.ipynb'));
  });

  it('the package is the CLI alone, with no runtime dependency', () => {
    assert.deepEqual(pkg.bin, { 'lr-lens': 'dist/cli.js' });
    assert.equal(pkg.dependencies, undefined);
    const installed = path.join(app, 'node_modules', pkg.name);
    const files = fs.readdirSync(installed, { recursive: true }).map(String).sort();
    assert.deepEqual(files.filter((f) => !fs.statSync(path.join(installed, f)).isDirectory()), ['CHANGELOG.md', 'LICENSE', 'README.md', 'dist/cli.js', 'dist/cliAnalysis.cache', 'dist/cliAnalysis.js', 'dist/cliMain.js', 'dist/cliWorker.js', 'dist/csvRows.wasm', 'package.json']);
    assert.match(fs.readFileSync(path.join(installed, 'dist/cli.js'), 'utf8'), /^#!\/usr\/bin\/env node\n/);
  });

  it('the pre-commit hook and the README pin the version of this package', () => {
    const hook = fs.readFileSync(path.join(ROOT, '.pre-commit-hooks.yaml'), 'utf8');
    assert.match(hook, /^- id: lr-lens$/m);
    assert.match(hook, /^ {2}types_or: \[python, jupyter\]$/m);
    const pins = [...hook.matchAll(/lr-lens@([\w.-]+)/g), ...fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8').matchAll(/lr-lens@([\w.-]+)/g)].map((m) => m[1]);
    assert.ok(pins.length >= 3, pins.join(', '));
    for (const v of pins) assert.equal(v, pkg.version);
    assert.match(hook, /^ {2}entry: npx --yes lr-lens@[\w.-]+ diagnostics$/m);
  });

  it('node_modules/.bin/lr-lens diagnostics train.ipynb --format sarif', () => {
    const r = spawnSync(path.join(app, 'node_modules/.bin/lr-lens'), ['diagnostics', 'train.ipynb', '--format', 'sarif'], { cwd: app, encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 0, r.stderr);
    const log = JSON.parse(r.stdout);
    const validate = validator();
    assert.equal(validate(log), true, JSON.stringify(validate.errors));
    assert.equal(log.runs[0].tool.driver.version, pkg.version);
    const [res] = log.runs[0].results;
    assert.equal(res.ruleId, 'step-order');
    assert.equal(res.locations[0].physicalLocation.artifactLocation.uri, 'train.ipynb');
    assert.deepEqual(res.properties, { cell: 3, cellLine: 4, cellColumn: 9 });
  });

  it('npx lr-lens --version and analyze', () => {
    const v = spawnSync('npx', ['--offline', 'lr-lens', '--version'], { cwd: app, encoding: 'utf8', timeout: 120_000 });
    assert.equal(v.status, 0, v.stderr);
    assert.equal(v.stdout, `lr-lens ${pkg.version}\n`);
    const a = spawnSync('npx', ['--offline', 'lr-lens', 'analyze', 'train.ipynb', '--json'], { cwd: app, encoding: 'utf8', timeout: 120_000 });
    assert.equal(a.status, 0, a.stderr);
    const s = JSON.parse(a.stdout).schedulers[0];
    assert.equal(s.kind, 'StepLR');
    assert.equal(s.cell, 2);
  });
});
