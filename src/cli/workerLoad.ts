/**
 * The command line's analysis worker entry (dist/cliWorker.js, started by ./guard.ts): it runs the
 * analysis bundle beside it (dist/cliAnalysis.js, ./workerMain.ts) from V8's code cache
 * (dist/cliAnalysis.cache) when one made for exactly that bundle is there. Compiling the 460 KiB
 * bundle, and then compiling the parser, interpreter and engine functions lazily on their first
 * call, was about 40 ms of every command; from the cache it is a few. The cache is made at build
 * time (`node dist/cliWorker.js --make-code-cache`, scripts/build.mjs) by running the bundle on a
 * few scripts, so the functions an analysis calls are in it.
 *
 * The cache is a speed-up only: a missing one, one made for another bundle (it starts with a copy
 * of the bundle it was made for, compared byte for byte: exact, and without loading node:crypto,
 * which alone cost a few ms of every command) or one V8 rejects (another Node version) leaves the
 * bundle to compile as before, with the same result.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';

const BUNDLE = join(__dirname, 'cliAnalysis.js');
const CACHE = join(__dirname, 'cliAnalysis.cache');
/** The cache's first bytes: the length of the bundle copy that follows (uint32, little-endian). */
const LENGTH_BYTES = 4;

interface Loaded {
  script: Script;
  /** The bundle's bytes: what the cache starts with. */
  bundle: Buffer;
  exports: { runJob?: (job: unknown) => unknown };
  /** Whether V8 took the cache (false: no cache, another bundle's, or rejected). */
  fromCache: boolean;
}

/** The code cache in `c` when it was made for exactly `bundle`. */
function cacheFor(c: Buffer, bundle: Buffer): Buffer | undefined {
  if (c.length <= LENGTH_BYTES) return undefined;
  const n = c.readUInt32LE(0);
  const end = LENGTH_BYTES + n;
  return n === bundle.length && c.length > end && c.subarray(LENGTH_BYTES, end).equals(bundle) ? c.subarray(end) : undefined;
}

/** Runs the bundle as Node runs a CommonJS module (module, exports, require, __filename, __dirname). */
function load(withCache: boolean): Loaded {
  const bundle = readFileSync(BUNDLE);
  let cachedData: Buffer | undefined;
  if (withCache) {
    try {
      cachedData = cacheFor(readFileSync(CACHE), bundle);
    } catch {
      // No cache beside the bundle: compile it.
    }
  }
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${bundle.toString('utf8')}\n})`, {
    filename: BUNDLE,
    ...(cachedData ? { cachedData } : {}),
  });
  const module = { exports: {} as Loaded['exports'] };
  (script.runInThisContext() as (...a: unknown[]) => void)(module.exports, require, module, BUNDLE, dirname(BUNDLE));
  return { script, bundle, exports: module.exports, fromCache: cachedData !== undefined && script.cachedDataRejected === false };
}

/** The scripts whose analysis (and curves) warm the cache: the kinds and frameworks most files use. */
const WARM_SOURCES = [
  `import torch
model = torch.nn.Linear(4, 2)
optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=0.1, total_steps=1000)
for step in range(1000):
    optimizer.step()
    scheduler.step()
`,
  `import argparse
import torch
from torch.optim.lr_scheduler import CosineAnnealingLR, LambdaLR, StepLR
from transformers import get_linear_schedule_with_warmup
parser = argparse.ArgumentParser()
parser.add_argument("--lr", type=float, default=1e-3)
parser.add_argument("--epochs", type=int, default=3)
args = parser.parse_args()
optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr)
loader = torch.utils.data.DataLoader(dataset, batch_size=32)
def lr_lambda(step):
    if step < 100:
        return step / 100
    return max(0.0, (1000 - step) / 900)
a = LambdaLR(optimizer, lr_lambda)
b = StepLR(optimizer, step_size=30, gamma=0.1)
c = CosineAnnealingLR(optimizer, T_max=args.epochs)
d = get_linear_schedule_with_warmup(optimizer, 10, args.epochs * len(loader))
for epoch in range(args.epochs):
    for batch in loader:
        loss = model(batch)
        loss.backward()
        optimizer.step()
        d.step()
    c.step()
`,
];

if (process.argv.includes('--make-code-cache')) {
  const { script, bundle, exports } = load(false);
  for (const [i, source] of WARM_SOURCES.entries()) exports.runJob?.({ id: i + 1, kind: 'file', path: 'warm.py', source, inputs: {}, curves: true });
  const length = Buffer.alloc(LENGTH_BYTES);
  length.writeUInt32LE(bundle.length, 0);
  writeFileSync(CACHE, Buffer.concat([length, bundle, script.createCachedData()]));
} else {
  const { fromCache } = load(true);
  if (process.env.LRLENS_CODE_CACHE_REPORT) writeFileSync(process.env.LRLENS_CODE_CACHE_REPORT, fromCache ? 'accepted' : 'not used');
}
