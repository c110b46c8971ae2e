"""Writes test/fixtures/cos.json: schedule-shaped cosine arguments with CPython's math.cos (glibc,
what PyTorch and transformers run) and the correctly rounded cosine (mpmath, 200 bits).

    python3 scripts/make-cos-fixture.py   # needs mpmath

Each array is little-endian float64, base64: x, glibc cos(x), correctly rounded cos(x) and the rest
of the exact value (exact + exactLow is cos(x) to ~2^-106); and for
some j the exact table entries: cos(j/512) as high + low doubles, sin(j/512) rounded.
"""
import base64, json, math, platform, random, struct, sys
import mpmath

mpmath.mp.prec = 200
xs = []
# CosineAnnealingLR / CosineAnnealingWarmRestarts: (pi * e) / T, sampled and at both ends.
for T in [3, 7, 10, 64, 100, 1000, 1234, 4096, 99999, 1000000]:
    es = sorted(set([*range(0, min(T, 40) + 1), *range(max(0, T - 40), T + 1), *(round(T * i / 150) for i in range(151))]))
    xs += [(math.pi * e) / T for e in es]
# transformers cosine: pi * num_cycles * 2.0 * progress, progress = (step - warmup) / (total - warmup).
for warmup, total, cycles in [(0, 100, 0.5), (10, 1000, 0.5), (500, 10000, 0.5), (10000, 1000000, 0.5), (0, 777, 0.45)]:
    for s in sorted(set([*range(warmup, warmup + 30), *range(total - 30, total + 1), *(warmup + (total - warmup) * i // 120 for i in range(121))])):
        xs.append(math.pi * float(cycles) * 2.0 * ((s - warmup) / max(1, total - warmup)))
# OneCycleLR: pi * pct.
for span in [29.0, 299.0, 2999.0, 299999.0]:
    xs += [math.pi * (k / span) for k in range(0, int(span) + 1, max(1, int(span) // 100))]
# Anywhere in [0, 3.25], and near the zero at pi/2.
rng = random.Random(20261125)
xs += [rng.uniform(0, 3.25) for _ in range(600)]
xs += [math.pi / 2 + d * 2.0 ** -40 for d in range(-20, 21)]
xs = sorted(set(xs))
glibc = [math.cos(x) for x in xs]
exact_mp = [mpmath.cos(mpmath.mpf(x)) for x in xs]
exact = [float(c) for c in exact_mp]
exact_low = [float(c - mpmath.mpf(h)) for c, h in zip(exact_mp, exact)]
# The table src/core/engine/cos.ts builds: cos(j/512) as a double-double (high, low) and sin(j/512).
js = [*range(0, 1666, 7), 1664, 1665]
hi, lo, sn = [], [], []
for j in js:
    c = mpmath.cos(mpmath.mpf(j) / 512)
    hi.append(float(c)); lo.append(float(c - mpmath.mpf(float(c)))); sn.append(float(mpmath.sin(mpmath.mpf(j) / 512)))
pack = lambda v: base64.b64encode(struct.pack('<%dd' % len(v), *v)).decode()
json.dump({
    'made_by': 'scripts/make-cos-fixture.py',
    'python': sys.version.split()[0], 'libc': ' '.join(platform.libc_ver()), 'mpmath': mpmath.__version__,
    'count': len(xs), 'x': pack(xs), 'glibc': pack(glibc), 'exact': pack(exact), 'exactLow': pack(exact_low),
    'table': {'j': js, 'cosHigh': pack(hi), 'cosLow': pack(lo), 'sin': pack(sn)},
}, open('test/fixtures/cos.json', 'w'), indent=1)
print(len(xs), 'arguments')
