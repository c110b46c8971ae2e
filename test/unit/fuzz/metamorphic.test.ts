// Fuzz of the answers, not just of robustness (issue 20): seeded edits of the fixture scripts and
// examples that cannot change a schedule must give the same curves, and an edit of one literal
// argument must change exactly that argument.
//   - a comment line or a blank line before a top-level statement;
//   - a variable renamed consistently (every occurrence of a name the file binds by assignment);
//   - two adjacent independent top-level statements swapped (no name in common);
//   - a number literal argument of a scheduler call changed: that parameter takes the new value,
//     every other parameter and the rest of the file's findings stay as they were.
// A failure prints the seed: LRLENS_FUZZ_SEED=<seed> LRLENS_FUZZ_N=1 replays it.
import * as assert from 'node:assert/strict';
import { parser } from '@lezer/python';
import { analyze } from '../../../src/core/model/analyze';
import { curveFor } from '../../../src/core/model/curves';
import type { AnalysisResult, SchedulerFinding } from '../../../src/core/model/types';
import { fuzzCorpus, Rng } from './mutate';

const N = Number(process.env.LRLENS_FUZZ_N ?? 400);
const FIRST_SEED = Number(process.env.LRLENS_FUZZ_SEED ?? 1);
/** Rows compared per finding: enough to cover warm-ups and first decays, cheap for interpreted lambdas. */
const CURVE_STEPS = 400;

interface Stmt {
  from: number;
  to: number;
  names: Set<string>;
  kind: string;
}

/** Top-level statements with the names they mention (every VariableName inside). */
function topLevel(src: string): Stmt[] {
  const tree = parser.parse(src);
  const out: Stmt[] = [];
  const top = tree.topNode.firstChild;
  for (let c = top; c; c = c.nextSibling) {
    if (c.type.isError || c.name === 'Comment') continue;
    const names = new Set<string>();
    let error = false;
    c.toTree().iterate({
      enter: (n) => {
        if (n.type.isError) error = true;
        if (n.name === 'VariableName') names.add(src.slice(c.from + n.from, c.from + n.to));
      },
    });
    if (!error) out.push({ from: c.from, to: c.to, names, kind: c.name });
  }
  return out;
}

/** Every VariableName token of a name, and whether the file binds it by plain assignment. */
function occurrences(src: string): Map<string, { spans: Array<[number, number]>; assigned: boolean; unsafe: boolean }> {
  const out = new Map<string, { spans: Array<[number, number]>; assigned: boolean; unsafe: boolean }>();
  const tree = parser.parse(src);
  tree.iterate({
    enter: (n) => {
      if (n.name !== 'VariableName') return;
      const name = src.slice(n.from, n.to);
      const e = out.get(name) ?? { spans: [], assigned: false, unsafe: false };
      e.spans.push([n.from, n.to]);
      const parent = n.node.parent;
      const next = n.node.nextSibling;
      // `x = …` at any level binds x; a keyword argument name (`f(x=…)`), an import, a parameter,
      // a def/class name or a global statement makes renaming unsafe (it would change meaning).
      if (parent?.name === 'AssignStatement' && next && src.slice(next.from, next.to) === '=' ) e.assigned = true;
      if (parent && /Import|ArgList|ParamList|FunctionDefinition|ClassDefinition|ScopeStatement|Lambda/.test(parent.name)) e.unsafe = true;
      // A name bound in a class body is an attribute (`opt.cos_lr` reads it by its name): not a variable.
      for (let up = parent; up; up = up.parent) if (up.name === 'Body' && up.parent?.name === 'ClassDefinition') e.unsafe = true;
      out.set(name, e);
    },
  });
  return out;
}

/** What a schedule is, leaving out where it stands and what its variables are called. */
function summary(r: AnalysisResult, opts: { rename?: [string, string] } = {}) {
  const unname = (s: string) => (opts.rename ? s.split(opts.rename[1]).join(opts.rename[0]) : s);
  return r.schedulers.map((f) => {
    const c = curveFor(f, { steps: Math.min(f.naturalSteps, CURVE_STEPS) }).curve;
    return {
      kind: f.kind,
      library: f.library,
      active: f.active,
      unit: f.unit,
      naturalSteps: f.naturalSteps,
      baseLrs: f.baseLrs,
      params: unname(JSON.stringify(f.params)),
      assumptions: f.assumptions.map((a) => `${unname(a.name)}=${a.value}`),
      error: c.error ? `${c.error.type}@${c.error.atStep}` : null,
      lr: Array.from(c.lr.subarray(0, c.rows * c.groups)),
    };
  });
}

function argumentOf(f: SchedulerFinding, name: string): unknown {
  return (f.params as Record<string, unknown>)[name];
}

describe(`fuzz: ${N} edits that cannot change a schedule give the same curves`, function () {
  this.timeout(600_000);
  const corpus = fuzzCorpus().map((c) => ({ ...c, base: analyze(c.text) }));
  const withSchedulers = corpus.filter((c) => c.base.schedulers.length > 0);
  const baseSummary = new Map(withSchedulers.map((c) => [c.file, summary(c.base)]));

  it('comments, blank lines, consistent renames and independent reorders', () => {
    const failures: string[] = [];
    const counts: Record<string, number> = { comment: 0, blank: 0, rename: 0, reorder: 0 };
    for (let i = 0; i < N; i++) {
      const seed = FIRST_SEED + i;
      const r = new Rng(seed);
      const c = r.pick(withSchedulers);
      const where = `seed ${seed} (${c.file}; replay: LRLENS_FUZZ_SEED=${seed} LRLENS_FUZZ_N=1)`;
      const stmts = topLevel(c.text);
      const which = r.pick(['comment', 'blank', 'rename', 'reorder'] as const);
      let text: string | null = null;
      let rename: [string, string] | undefined;
      if (which === 'comment' || which === 'blank') {
        const s = r.pick(stmts);
        const line = c.text.lastIndexOf('\n', s.from - 1) + 1;
        text = c.text.slice(0, line) + (which === 'comment' ? '# a note that changes nothing\n' : '\n') + c.text.slice(line);
      } else if (which === 'rename') {
        const names = [...occurrences(c.text)].filter(([, e]) => e.assigned && !e.unsafe).map(([n]) => n).sort();
        if (!names.length) continue;
        const name = r.pick(names);
        const to = `${name}_r${seed}`;
        rename = [name, to];
        const spans = occurrences(c.text).get(name)!.spans;
        text = '';
        let at = 0;
        for (const [a, b] of spans) {
          text += c.text.slice(at, a) + to;
          at = b;
        }
        text += c.text.slice(at);
      } else {
        // Adjacent plain statements (no def/class/import/if/for/with: their effects reach further) with no name in common.
        const plain = (s: Stmt) => /^(AssignStatement|ExpressionStatement|UpdateStatement)$/.test(s.kind);
        const pairs: number[] = [];
        for (let k = 0; k + 1 < stmts.length; k++) {
          const a = stmts[k];
          const b = stmts[k + 1];
          if (!plain(a) || !plain(b)) continue;
          if ([...a.names].some((x) => b.names.has(x))) continue;
          // Both on their own lines.
          if (c.text.slice(a.to, b.from).trim() !== '') continue;
          pairs.push(k);
        }
        if (!pairs.length) continue;
        const k = r.pick(pairs);
        const a = stmts[k];
        const b = stmts[k + 1];
        text = c.text.slice(0, a.from) + c.text.slice(b.from, b.to) + c.text.slice(a.to, b.from) + c.text.slice(a.from, a.to) + c.text.slice(b.to);
      }
      counts[which]++;
      try {
        const got = summary(analyze(text), { rename });
        assert.deepEqual(got, baseSummary.get(c.file));
      } catch (e) {
        failures.push(`${where}: ${which}${rename ? ` ${rename[0]} → ${rename[1]}` : ''}: ${(e as Error).message.split('\n').slice(0, 12).join(' ')}`);
      }
    }
    console.log(`      ${N} edits (seeds ${FIRST_SEED}..${FIRST_SEED + N - 1}): ${JSON.stringify(counts)}`);
    assert.deepEqual(failures.slice(0, 10), [], `${failures.length} edits changed a schedule`);
    // Each kind of edit was really tried.
    for (const k of Object.keys(counts)) assert.ok(counts[k] >= N / 20, `${k}: only ${counts[k]} edits`);
  });

  it('a number literal argument changed: exactly that parameter changes', () => {
    // The scripts with a torch scheduler (a hand-written schedule has no arguments to edit).
    const withTorch = withSchedulers.filter((c) => c.base.schedulers.some((f) => f.library === 'torch'));
    const failures: string[] = [];
    let tried = 0;
    for (let i = 0; i < N; i++) {
      const seed = FIRST_SEED + i;
      const r = new Rng(seed);
      const c = r.pick(withTorch);
      const where = `seed ${seed} (${c.file}; replay: LRLENS_FUZZ_SEED=${seed} LRLENS_FUZZ_N=1)`;
      // Literal number arguments of torch schedulers, passed by keyword, whose parameter is read as written.
      const candidates = c.base.schedulers.flatMap((f) =>
        f.library === 'torch' && f.active
          ? f.arguments
              .filter((a) => a.isLiteral && !a.positional && a.range && /^\d+(\.\d*)?([eE]-?\d+)?$/.test(a.text ?? '') && argumentOf(f, a.name) === Number(a.text))
              .map((a) => ({ f, a }))
          : [],
      );
      if (!candidates.length) continue;
      const { f, a } = r.pick(candidates);
      const old = Number(a.text);
      // An int stays an int (PyTorch checks some with isinstance); a float is scaled and written with a point.
      const isInt = /^\d+$/.test(a.text!);
      const value = isInt ? old + 1 + r.int(50) : old * (1.25 + r.int(4) / 4);
      const written = isInt ? String(value) : /[.e]/.test(String(value)) ? String(value) : `${value}.0`;
      const text = c.text.slice(0, a.range!.start) + written + c.text.slice(a.range!.end);
      tried++;
      try {
        const after = analyze(text);
        assert.equal(after.schedulers.length, c.base.schedulers.length, 'same number of findings');
        const g = after.schedulers.find((x) => x.line === f.line && x.kind === f.kind);
        assert.ok(g, 'the finding is still there');
        assert.equal(argumentOf(g, a.name), value, `${a.name} takes the new value`);
        const others = (p: Record<string, unknown>) => JSON.stringify({ ...p, [a.name]: null });
        assert.equal(others(g.params as Record<string, unknown>), others(f.params as Record<string, unknown>), 'the other parameters stay');
        // Every other finding is unchanged (a composite that holds this one may change, by design).
        for (const x of c.base.schedulers) {
          if (x.id === f.id || x.children.includes(f.id) || x.id === f.parent) continue;
          const y = after.schedulers.find((z) => z.line === x.line && z.kind === x.kind);
          assert.ok(y, `finding at line ${x.line} still there`);
          assert.equal(JSON.stringify(y.params), JSON.stringify(x.params), `finding at line ${x.line} unchanged`);
        }
      } catch (e) {
        failures.push(`${where}: ${f.kind}(${a.name}=${old} → ${value}) at line ${f.line}: ${(e as Error).message.split('\n').slice(0, 8).join(' ')}`);
      }
    }
    console.log(`      ${tried} literal edits`);
    assert.deepEqual(failures.slice(0, 10), [], `${failures.length} of ${tried} literal edits changed more or less than their argument`);
    assert.ok(tried >= N / 4, `only ${tried} literal edits tried`);
  });
});
