// The hot loops of a long curve are compiled once by V8 and then stay compiled: a loop that bails
// out of its optimized code (a deoptimization) runs in a slower tier until it is compiled again,
// which in a cold command is several ms of a 10^6-step curve. Read off V8's own trace
// (--trace-deopt) of the CLI bundle the tests build (unminified: the functions keep their names).
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { oneCycleScript } from '../../../bench/cliBench';
import { buildCli } from './bundle';

describe('cli: the loops of a 10^6-step curve are compiled once', function () {
  this.timeout(120_000);

  it("OneCycleLR's cosine phase loop is never deoptimized, through both phases", () => {
    const cli = buildCli();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lrlens-deopt-'));
    const file = path.join(dir, 'one.py');
    fs.writeFileSync(file, oneCycleScript(1_000_000));
    const r = spawnSync(process.execPath, ['--trace-opt', '--trace-deopt', cli, 'analyze', file, '--format', 'csv'], { encoding: 'utf8', maxBuffer: 1 << 30, timeout: 60_000 });
    fs.rmSync(dir, { recursive: true, force: true });
    assert.equal(r.status, 0, r.stderr);
    // V8 prints its trace on stdout, between the CSV's rows.
    const trace = r.stdout.split('\n').filter((l) => l.startsWith('['));
    assert.ok(trace.some((l) => /completed optimizing .*cosinePhaseLoop/.test(l)), 'the loop was optimized (the trace is read)');
    assert.deepEqual(trace.filter((l) => /deoptimizing .*cosinePhaseLoop/.test(l)), []);
  });
});
