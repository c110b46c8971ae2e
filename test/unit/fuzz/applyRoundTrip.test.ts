// Fuzz: 1,000 seeded "Apply to code" round trips through the pure planner (src/features/chart/protocol/applyEdits.ts)
// on the fixture scripts and examples. Each plans random new values for 1 to 3 literal arguments
// of one scheduler (sometimes an argument the call does not write yet, which is inserted), applies
// the replacements to the text, and checks: the result parses (CPython's ast.parse when python3 is
// there, else lezer), re-analysis shows exactly the new values for the edited arguments and every
// other argument as it was, and the inverse edits (what the editor's undo applies) restore the
// original text byte for byte. The refusals (stale version, computed argument, no literal, the
// same argument twice) are exercised on the way. LRLENS_FUZZ_SEED / LRLENS_FUZZ_N replay.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { analyze } from '../../../src/core/model/analyze';
import { parseBlock } from '../../../src/core/python/parse';
import type { AnalysisResult, SchedulerFinding } from '../../../src/core/model/types';
import { SIGNATURES } from '../../../src/core/engine/signatures';
import { planApplyToCode, STALE_MESSAGE, type Replacement } from '../../../src/features/chart/protocol/applyEdits';
import type { ArgumentEdit, EditValue } from '../../../src/features/chart/protocol/messages';
import { fuzzCorpus, Rng } from './mutate';

const N = Number(process.env.LRLENS_FUZZ_N ?? 1000);
const FIRST_SEED = Number(process.env.LRLENS_FUZZ_SEED ?? 1);

/** Applies non-overlapping replacements (any order) to `text`. */
export function applyReplacements(text: string, reps: readonly Replacement[]): string {
  let out = text;
  for (const r of [...reps].sort((a, b) => b.start - a.start)) out = out.slice(0, r.start) + r.newText + out.slice(r.end);
  return out;
}

/** The edits that undo `reps` on the text they produced (what an editor's undo stack records). */
export function inverseOf(reps: readonly Replacement[]): Replacement[] {
  const sorted = [...reps].sort((a, b) => a.start - b.start);
  let shift = 0;
  return sorted.map((r) => {
    const start = r.start + shift;
    shift += r.newText.length - (r.end - r.start);
    return { ...r, start, end: start + r.newText.length, oldText: r.newText, newText: r.oldText };
  });
}

const STRINGS = ['cosine', 'linear', "it's", 'say "hi"', 'back\\slash', 'tab\there', 'new\nline', '학습률', '🚀', '', "'''", '\u2028', '\x7f'];

function randomNumber(r: Rng, old: unknown): number {
  const int = typeof old === 'number' ? Number.isInteger(old) : r.chance(0.5);
  if (int) return r.pick([0, 1, 2, 3, 10, 100, 999, 1000, 10_000, 123_456, 2 ** 31, r.int(1_000_000)]);
  return r.pick([0.1, 0.5, 1e-3, 3e-4, 5e-5, 1e-7, 0.95, 1.5, 2.0, 1e-300, 5e-324, 1.7976931348623157e308, r.next(), r.next() * 10 ** (r.int(12) - 8)]);
}

/** A new value of the type the argument is written as. */
function randomValue(r: Rng, written: string): EditValue {
  const t = written.trim();
  if (t === 'True' || t === 'False') return t === 'False';
  if (/^[rRbBuUfF]*['"]/.test(t)) return r.pick(STRINGS);
  if (t === 'None') return r.chance(0.5) ? null : randomNumber(r, undefined);
  return randomNumber(r, /[.eE]/.test(t) && !/^0[xX]/.test(t) ? 0.5 : 1);
}

/** What the analysis resolved an argument to: the schedule's parameter, or the Trainer's input. */
function resolved(f: SchedulerFinding, name: string): { found: boolean; value?: unknown } {
  if (name in f.params) return { found: true, value: f.params[name] };
  if (f.trainer && name in f.trainer) return { found: true, value: f.trainer[name] };
  return { found: false };
}

/** Python-equal: the re-analysis resolves a written literal to exactly the value planned. */
function sameValue(resolved: unknown, planned: EditValue): boolean {
  if (typeof planned === 'number' && typeof resolved === 'number') return Object.is(resolved, planned) || (resolved === planned && planned !== 0);
  return JSON.stringify(resolved) === JSON.stringify(planned);
}

function argTexts(a: AnalysisResult): string[][] {
  return a.schedulers.map((f) => f.arguments.map((x) => `${x.name}=${x.text ?? '<default>'}`));
}

function pyParseFailures(texts: string[]): number[] | null {
  const program = 'import ast, json, sys\nbad = []\nfor i, t in enumerate(json.load(sys.stdin)):\n    try: ast.parse(t)\n    except SyntaxError: bad.append(i)\nprint(json.dumps(bad))';
  const r = spawnSync('python3', ['-c', program], { input: JSON.stringify(texts), encoding: 'utf8', timeout: 60_000, maxBuffer: 1 << 24 });
  return r.status === 0 ? (JSON.parse(r.stdout) as number[]) : null;
}

describe('fuzz: Apply to code round trips', function () {
  this.timeout(120_000);

  it(`${N.toLocaleString('en-US')} random edits of literal arguments apply, re-analyze to the new values, and undo byte for byte`, () => {
    const corpus = fuzzCorpus().map((c) => ({ ...c, analysis: analyze(c.text) }));
    const editable = corpus.filter((c) => c.analysis.schedulers.some((f) => f.arguments.some((a) => a.isLiteral && a.range)));
    assert.ok(editable.length >= 5, `scripts with a scheduler with a literal argument: ${editable.length}`);
    const failures: string[] = [];
    const results: Array<{ where: string; text: string }> = [];
    const refusals = { stale: 0, computed: 0, noLiteral: 0, twice: 0 };
    let applied = 0;
    let inserted = 0;
    const t0 = performance.now();
    for (let i = 0; i < N; i++) {
      const seed = FIRST_SEED + i;
      const r = new Rng(seed);
      const c = r.pick(editable);
      const where = `seed ${seed} (${c.file}; replay: LRLENS_FUZZ_SEED=${seed} LRLENS_FUZZ_N=1)`;
      try {
        const fs = c.analysis.schedulers.filter((f) => f.arguments.some((a) => a.isLiteral && a.range));
        const f: SchedulerFinding = r.pick(fs);
        const version = 1 + r.int(100);

        // Refusals, on the way.
        const computed = c.analysis.schedulers.flatMap((g) => g.arguments.filter((a) => !a.isLiteral && a.range).map((a) => ({ g, a })));
        if (r.chance(0.1)) {
          const p = planApplyToCode(c.analysis, c.text, version + 1, version, [{ schedulerId: f.id, argument: f.arguments[0].name, value: 1 }]);
          assert.deepEqual(p, { ok: false, stale: true, message: STALE_MESSAGE }, `${where}: stale version`);
          refusals.stale++;
        }
        if (computed.length && r.chance(0.1)) {
          const { g, a } = r.pick(computed);
          const p = planApplyToCode(c.analysis, c.text, version, version, [{ schedulerId: g.id, argument: a.name, value: 3 }]);
          assert.ok(!p.ok && /is computed .* not a literal/.test(p.message), `${where}: computed ${a.name}: ${JSON.stringify(p)}`);
          refusals.computed++;
        }
        if (r.chance(0.05)) {
          const p = planApplyToCode(c.analysis, c.text, version, version, [{ schedulerId: f.id, argument: r.pick(f.arguments).name, value: r.pick([NaN, Infinity, -Infinity]) }]);
          assert.ok(!p.ok && /has no Python literal/.test(p.message), `${where}: NaN/Infinity: ${JSON.stringify(p)}`);
          refusals.noLiteral++;
        }
        const someLiteral = f.arguments.find((a) => a.isLiteral && a.range);
        if (someLiteral && r.chance(0.05)) {
          const a = someLiteral.name;
          const p = planApplyToCode(c.analysis, c.text, version, version, [{ schedulerId: f.id, argument: a, value: 1 }, { schedulerId: f.id, argument: a, value: 2 }]);
          assert.ok(!p.ok && /changed twice/.test(p.message), `${where}: twice: ${JSON.stringify(p)}`);
          refusals.twice++;
        }

        // The edit: 1-3 written literal arguments, sometimes one the call does not write yet.
        const literal = f.arguments.filter((a) => a.isLiteral && a.range && a.text !== undefined);
        const chosen = [...literal].sort(() => r.next() - 0.5).slice(0, 1 + r.int(Math.min(3, literal.length)));
        const edits: ArgumentEdit[] = chosen.map((a) => ({ schedulerId: f.id, argument: a.name, value: randomValue(r, a.text as string) }));
        const unwritten = (SIGNATURES[f.kind]?.params ?? []).filter(
          (p) => p.name !== 'optimizer' && typeof p.default === 'number' && !f.arguments.some((a) => a.name === p.name && a.text !== undefined),
        );
        if (unwritten.length && r.chance(0.3)) edits.push({ schedulerId: f.id, argument: r.pick(unwritten).name, value: randomNumber(r, undefined) });
        const plan = planApplyToCode(c.analysis, c.text, version, version, edits);
        if (!plan.ok) {
          // The only acceptable refusal here: every value is already what the code says.
          assert.match(plan.message, /already has these values/, `${where}: refused ${JSON.stringify(edits)}: ${plan.message}`);
          continue;
        }
        applied++;
        if (plan.replacements.some((x) => x.start === x.end)) inserted++;
        for (const x of plan.replacements) assert.equal(c.text.slice(x.start, x.end), x.oldText, `${where}: oldText is what the range holds`);
        const next = applyReplacements(c.text, plan.replacements);
        results.push({ where, text: next });

        // Re-analysis: the edited arguments have the new values, every other argument is as written before.
        const after = analyze(next);
        assert.equal(after.schedulers.length, c.analysis.schedulers.length, `${where}: same schedulers after the edit`);
        const g = after.schedulers.find((x) => x.line === f.line && x.kind === f.kind);
        assert.ok(g, `${where}: the edited scheduler is still found on line ${f.line}`);
        for (const e of edits) {
          const rep: Replacement | undefined = plan.replacements.find((x) => x.argument === e.argument);
          if (!rep) continue; // unchanged value
          const v = resolved(g, e.argument);
          // Arguments the schedule does not read (output_dir, logging_steps, …): the text is what was written.
          if (!v.found) assert.equal(g.arguments.find((a) => a.name === e.argument)?.text, rep.newText.replace(/^,?\s*\w+=/, ''), `${where}: ${e.argument} as written`);
          else assert.ok(sameValue(v.value, e.value), `${where}: ${e.argument} = ${JSON.stringify(v.value)} after the edit, planned ${JSON.stringify(e.value)} (written ${rep.newText})`);
        }
        const edited = new Set(plan.replacements.map((x) => x.argument));
        const before = argTexts(c.analysis);
        const now = argTexts(after);
        after.schedulers.forEach((h, k) => {
          const keep = (s: string) => h.id !== g.id || !edited.has(s.slice(0, s.indexOf('=')));
          assert.deepEqual(now[k].filter(keep), before[k].filter(keep), `${where}: other arguments of ${h.kind} line ${h.line} unchanged`);
          if (h.id !== g.id && h.id !== g.parent && !g.children.includes(h.id) && h.parent !== g.id) {
            assert.equal(JSON.stringify(h.params), JSON.stringify(c.analysis.schedulers[k].params), `${where}: ${h.kind} line ${h.line} resolves as before`);
          }
        });

        // Undo: the inverse edits restore the original byte for byte.
        const inv = inverseOf(plan.replacements);
        for (const x of inv) assert.equal(next.slice(x.start, x.end), x.oldText, `${where}: undo range holds the applied text`);
        assert.equal(applyReplacements(next, inv), c.text, `${where}: undo restores the original`);
      } catch (err) {
        failures.push((err as Error).message.split('\n')[0]);
      }
    }

    // Every edited text is valid Python (one CPython process for all; lezer when python3 is missing).
    const bad = pyParseFailures(results.map((x) => x.text));
    const parser = bad === null ? 'lezer' : 'CPython ast.parse';
    const badIdx = bad ?? results.flatMap((x, k) => (parseBlock(x.text).errors ? [k] : []));
    for (const k of badIdx) failures.push(`${results[k].where}: the edited text does not parse (${parser})`);
    console.log(
      `      ${N} round trips (seeds ${FIRST_SEED}..${FIRST_SEED + N - 1}) in ${((performance.now() - t0) / 1000).toFixed(1)} s: ` +
        `${applied} applied (${inserted} with an inserted argument), parsed by ${parser}; refusals checked: ${JSON.stringify(refusals)}`,
    );
    assert.deepEqual(failures.slice(0, 20), [], `${failures.length} of ${N} round trips failed`);
    assert.ok(applied >= N * 0.8, `most round trips apply an edit (${applied})`);
  });
});
