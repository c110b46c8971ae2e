// The streaming memory bound: a 10^6-step OneCycleLR (with momentum) as JSON and as CSV from a CLI
// whose JavaScript heap is capped at 32 MiB. Building the report as arrays and one string (the
// path before streaming, ./oldJsonPath.ts) dies of "heap out of memory" under the same cap.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { oneCycleScript } from '../../../bench/cliBench';
import { buildCli, cli, ROOT, STACK } from './bundle';

const HEAP = ['--max-old-space-size=32'];
const STEPS = 1_000_000;

describe('cli: long curves in bounded memory', function () {
  this.timeout(300_000);
  let file: string;
  before(() => {
    buildCli();
    file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lrlens-mem-')), 'onecycle.py');
    fs.writeFileSync(file, oneCycleScript(STEPS));
  });

  it('the report built whole (the old path) runs out of a 32 MiB heap', () => {
    const r = spawnSync(process.execPath, [...HEAP, path.join(ROOT, 'out/test/unit/cli/oldJsonPath.js'), file], { encoding: 'utf8', timeout: 120_000, maxBuffer: 1 << 30 });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /heap out of memory|Allocation failed/);
  });

  it('--format json streams 10^6 rows of lr and momentum in the same 32 MiB heap', () => {
    const r = cli(['analyze', file, '--json'], { nodeArgs: HEAP });
    assert.equal(r.code, 0, r.err);
    assert.doesNotMatch(r.err, STACK);
    const s = JSON.parse(r.out).schedulers[0];
    assert.equal(s.lr.length, STEPS + 1);
    assert.equal(s.momentum.length, STEPS + 1);
    assert.deepEqual(s.lr[0], [0.0040000000000000036]);
    assert.deepEqual(s.momentum[0], [0.95]);
  });

  it("the peak RSS read is the measured process's own, not its parent's (a 150 MiB parent spawning `node -e 0`)", () => {
    // getrusage's maxRSS of a fork + exec child starts at the parent's size: a big test runner
    // would be what the CSV bound below measured.
    const rssFile = path.join(path.dirname(file), 'rss-small');
    const parent = `const hog = Buffer.alloc(150 << 20, 1);
      const r = require('node:child_process').spawnSync(process.execPath, ['-r', ${JSON.stringify(path.join(ROOT, 'bench/maxRss.cjs'))}, '-e', '0'], { env: { ...process.env, LRLENS_MAX_RSS_FILE: ${JSON.stringify(rssFile)} } });
      process.exit(r.status + hog[0] - 1);`;
    const r = spawnSync(process.execPath, ['-e', parent], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 0, r.stderr);
    const rssMiB = (JSON.parse(fs.readFileSync(rssFile, 'utf8')) as { maxRssKiB: number }).maxRssKiB / 1024;
    assert.ok(rssMiB > 10 && rssMiB < 100, `peak RSS ${rssMiB.toFixed(1)} MiB`);
  });

  it('--format csv streams 10^6 rows in the same 32 MiB heap, and its peak RSS stays under 100 MiB', () => {
    const rssFile = path.join(path.dirname(file), 'rss');
    const r = cli(['analyze', file, '--format', 'csv'], { nodeArgs: [...HEAP, '-r', path.join(ROOT, 'bench/maxRss.cjs')], env: { ...process.env, LRLENS_MAX_RSS_FILE: rssFile } });
    assert.equal(r.code, 0, r.err);
    const lines = r.out.split('\n');
    assert.equal(lines.length, STEPS + 3); // header, STEPS + 1 rows, final newline
    assert.equal(lines[1], '0,0,0.0040000000000000036');
    const rssMiB = (JSON.parse(fs.readFileSync(rssFile, 'utf8')) as { maxRssKiB: number }).maxRssKiB / 1024;
    assert.ok(rssMiB > 10 && rssMiB <= 100, `peak RSS ${rssMiB.toFixed(1)} MiB`);
  });
});
