/**
 * The names a loop body carries from one iteration to the next: rebound from their own value
 * (`total += len(loader)`, `n = n + 1`, `best = min(best, loss)`), and the names the body computes
 * from those (`avg = total / k`). Abstract mode reads a long loop's body once (and follows a `while`
 * for at most 1,000 iterations), so after it these names do not hold the program's values; the
 * interpreter makes them unknowns, which a later use turns into named assumptions. Syntactic: the
 * bodies of nested loops, `if`, `with` and `try` are looked into, `def` and `class` bodies are not.
 */
import type { Expr, Stmt } from './ast';

export function loopCarriedNames(body: readonly Stmt[]): Set<string> {
  const assigns: { targets: string[]; reads: Set<string> }[] = [];
  const carried = new Set<string>();
  collect(body, assigns, carried);
  for (const a of assigns) if (a.targets.some((t) => a.reads.has(t))) a.targets.forEach((t) => carried.add(t));
  // What is computed from a carried name is carried too (to a fixed point: each round adds a name or stops).
  for (let changed = carried.size > 0; changed; ) {
    changed = false;
    for (const a of assigns) {
      if (a.targets.every((t) => carried.has(t))) continue;
      if ([...a.reads].some((r) => carried.has(r))) {
        a.targets.forEach((t) => carried.add(t));
        changed = true;
      }
    }
  }
  return carried;
}

function collect(body: readonly Stmt[], assigns: { targets: string[]; reads: Set<string> }[], carried: Set<string>): void {
  for (const st of body) {
    switch (st.t) {
      case 'augassign':
        if (st.target.t === 'name') carried.add(st.target.id);
        reads(st.value, assigns);
        break;
      case 'expr':
        reads(st.e, assigns);
        break;
      case 'assign': {
        const targets = st.targets.flatMap(names);
        if (targets.length) assigns.push({ targets, reads: reads(st.value, assigns) });
        break;
      }
      case 'annassign':
        if (st.value && st.target.t === 'name') assigns.push({ targets: [st.target.id], reads: reads(st.value, assigns) });
        break;
      case 'if':
        st.bodies.forEach((b) => collect(b, assigns, carried));
        if (st.orelse) collect(st.orelse, assigns, carried);
        break;
      case 'for':
      case 'while':
        collect(st.body, assigns, carried);
        if (st.orelse) collect(st.orelse, assigns, carried);
        break;
      case 'with':
        collect(st.body, assigns, carried);
        break;
      case 'try':
        collect(st.body, assigns, carried);
        st.handlers.forEach((h) => collect(h, assigns, carried));
        if (st.orelse) collect(st.orelse, assigns, carried);
        if (st.final) collect(st.final, assigns, carried);
        break;
    }
  }
}

/** The plain names an assignment target binds (`a`, `a, b`, `(a, [b, c])`); attributes and subscripts bind none. */
function names(target: Expr): string[] {
  switch (target.t) {
    case 'name':
      return [target.id];
    case 'tuple':
    case 'list':
      return target.elts.flatMap(names);
    case 'paren':
      return names(target.e);
    case 'star':
      return names(target.e);
    default:
      return [];
  }
}

/**
 * Every name an expression reads (a lambda's or comprehension's own names included: an
 * over-approximation); a walrus inside it (`(m := k)`) is an assignment of its own, added to `assigns`.
 */
function reads(e: Expr, assigns: { targets: string[]; reads: Set<string> }[], out: Set<string> = new Set()): Set<string> {
  const walk = (x: Expr | null | undefined) => {
    if (x) reads(x, assigns, out);
  };
  switch (e.t) {
    case 'name':
      out.add(e.id);
      break;
    case 'attr':
      walk(e.obj);
      break;
    case 'sub':
      walk(e.obj);
      walk(e.index);
      break;
    case 'slice':
      walk(e.lo);
      walk(e.hi);
      walk(e.step);
      break;
    case 'call':
      walk(e.fn);
      e.args.forEach((a) => walk(a.value));
      break;
    case 'bin':
    case 'bool':
      walk(e.l);
      walk(e.r);
      break;
    case 'unary':
    case 'paren':
    case 'star':
      walk(e.e);
      break;
    case 'cmp':
      e.operands.forEach(walk);
      break;
    case 'ifexp':
      walk(e.test);
      walk(e.body);
      walk(e.orelse);
      break;
    case 'lambda':
      walk(e.body);
      break;
    case 'list':
    case 'tuple':
    case 'set':
      e.elts.forEach(walk);
      break;
    case 'dict':
      e.keys.forEach(walk);
      e.values.forEach(walk);
      break;
    case 'comp':
      walk(e.elt);
      walk(e.value);
      for (const g of e.gens) {
        walk(g.iter);
        g.ifs.forEach(walk);
      }
      break;
    case 'walrus': {
      // What the walrus binds reads its value; the expression around it reads that value too.
      const own = reads(e.value, assigns);
      assigns.push({ targets: [e.target], reads: own });
      own.forEach((n) => out.add(n));
      break;
    }
  }
  return out;
}
