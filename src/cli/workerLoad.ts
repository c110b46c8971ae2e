/**
 * The command line's analysis worker entry (dist/cliWorker.js, started by ./guard.ts): it runs the
 * analysis bundle beside it (dist/cliAnalysis.js, ./workerMain.ts) from V8's code cache
 * (dist/cliAnalysis.cache) when one made for exactly that bundle is there. Compiling the 460 KiB
 * bundle, and then compiling the parser, interpreter and engine functions lazily on their first
 * call, was about 40 ms of every command; from the cache it is a few. The cache is made at build
 * time (`node dist/cliWorker.js --make-code-cache`, scripts/build.mjs) by running the bundle on a
 * few scripts, so the functions an analysis calls are in it.
 *
 * The cache is a speed-up only: a missing one, one made for another bundle (its first 32 bytes are
 * the SHA-256 of the bundle's text) or one V8 rejects (another Node version) leaves the bundle to
 * compile as before, with the same result.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';

const BUNDLE = join(__dirname, 'cliAnalysis.js');
const CACHE = join(__dirname, 'cliAnalysis.cache');
const HASH_BYTES = 32;

interface Loaded {
  script: Script;
  /** SHA-256 of the bundle's text: the cache's first bytes. */
  digest: Buffer;
  exports: { runJob?: (job: unknown) => unknown };
  /** Whether V8 took the cache (false: no cache, another bundle's, or rejected). */
  fromCache: boolean;
}

/** Runs the bundle as Node runs a CommonJS module (module, exports, require, __filename, __dirname). */
function load(withCache: boolean): Loaded {
  const text = readFileSync(BUNDLE);
  const digest = createHash('sha256').update(text).digest();
  let cachedData: Buffer | undefined;
  if (withCache) {
    try {
      const c = readFileSync(CACHE);
      if (c.length > HASH_BYTES && c.subarray(0, HASH_BYTES).equals(digest)) cachedData = c.subarray(HASH_BYTES);
    } catch {
      // No cache beside the bundle: compile it.
    }
  }
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${text.toString('utf8')}\n})`, {
    filename: BUNDLE,
    ...(cachedData ? { cachedData } : {}),
  });
  const module = { exports: {} as Loaded['exports'] };
  (script.runInThisContext() as (...a: unknown[]) => void)(module.exports, require, module, BUNDLE, dirname(BUNDLE));
  return { script, digest, exports: module.exports, fromCache: cachedData !== undefined && script.cachedDataRejected === false };
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
  const { script, digest, exports } = load(false);
  for (const [i, source] of WARM_SOURCES.entries()) exports.runJob?.({ id: i + 1, kind: 'file', path: 'warm.py', source, inputs: {}, curves: true });
  writeFileSync(CACHE, Buffer.concat([digest, script.createCachedData()]));
} else {
  const { fromCache } = load(true);
  if (process.env.LRLENS_CODE_CACHE_REPORT) writeFileSync(process.env.LRLENS_CODE_CACHE_REPORT, fromCache ? 'accepted' : 'not used');
}
