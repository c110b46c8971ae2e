/**
 * A small Python AST, converted from the lezer tree of one top-level block. Offsets (`from`, `to`)
 * are relative to the start of the block's text, so a block's AST can be cached by its text and
 * reused when an edit elsewhere moves it; add `Block.start` to get file offsets.
 */

export interface Span {
  from: number;
  to: number;
}

export type Expr =
  | ({ t: 'num'; v: bigint | number } & Span)
  | ({ t: 'str'; v: string } & Span)
  | ({ t: 'fstr' } & Span)
  | ({ t: 'const'; v: boolean | null | 'Ellipsis' } & Span)
  | ({ t: 'name'; id: string } & Span)
  | ({ t: 'attr'; obj: Expr; name: string } & Span)
  | ({ t: 'sub'; obj: Expr; index: Expr } & Span)
  | ({ t: 'slice'; lo: Expr | null; hi: Expr | null; step: Expr | null } & Span)
  | ({ t: 'call'; fn: Expr; args: Arg[] } & Span)
  | ({ t: 'bin'; op: string; l: Expr; r: Expr } & Span)
  | ({ t: 'unary'; op: string; e: Expr } & Span)
  | ({ t: 'bool'; op: 'and' | 'or'; l: Expr; r: Expr } & Span)
  | ({ t: 'cmp'; ops: string[]; operands: Expr[] } & Span)
  | ({ t: 'ifexp'; test: Expr; body: Expr; orelse: Expr } & Span)
  | ({ t: 'lambda'; params: Param[]; body: Expr } & Span)
  | ({ t: 'list' | 'tuple' | 'set'; elts: Expr[] } & Span)
  | ({ t: 'dict'; keys: (Expr | null)[]; values: Expr[] } & Span)
  | ({ t: 'comp'; kind: 'list' | 'set' | 'gen' | 'dict'; elt: Expr; value: Expr | null; gens: CompFor[] } & Span)
  | ({ t: 'star'; e: Expr; double: boolean } & Span)
  | ({ t: 'walrus'; target: string; value: Expr } & Span)
  | ({ t: 'paren'; e: Expr } & Span)
  | ({ t: 'error'; text: string; /** Valid Python the analysis does not model (complex numbers). */ unsupported?: string; /** Nested deeper than the parser follows. */ tooDeep?: boolean } & Span);

export interface CompFor {
  target: Expr;
  iter: Expr;
  ifs: Expr[];
}

export interface Arg extends Span {
  kind: 'pos' | 'kw' | 'star' | 'dstar';
  name?: string;
  value: Expr;
}

export interface Param extends Span {
  name: string;
  kind: 'normal' | 'star' | 'dstar' | 'kwonly-marker';
  default: Expr | null;
  /** `args: TrainArgs`: the annotation, when written. */
  annotation?: Expr;
}

export type Stmt =
  | ({ t: 'expr'; e: Expr } & Span)
  | ({ t: 'assign'; targets: Expr[]; value: Expr } & Span)
  | ({ t: 'annassign'; target: Expr; value: Expr | null } & Span)
  | ({ t: 'augassign'; target: Expr; op: string; value: Expr } & Span)
  | ({ t: 'if'; tests: Expr[]; bodies: Stmt[][]; orelse: Stmt[] | null } & Span)
  | ({ t: 'for'; target: Expr; iter: Expr; body: Stmt[]; orelse: Stmt[] | null } & Span)
  | ({ t: 'while'; test: Expr; body: Stmt[]; orelse: Stmt[] | null } & Span)
  | ({ t: 'def'; name: string; nameSpan: Span; params: Param[]; body: Stmt[]; decorators: Expr[] } & Span)
  | ({ t: 'class'; name: string; bases: Arg[]; body: Stmt[]; decorators: Expr[] } & Span)
  | ({ t: 'return'; value: Expr | null } & Span)
  | ({ t: 'import'; names: { path: string; as: string | null }[] } & Span)
  | ({ t: 'from'; module: string; level: number; names: { name: string; as: string | null }[] } & Span)
  | ({ t: 'try'; body: Stmt[]; handlers: Stmt[][]; orelse: Stmt[] | null; final: Stmt[] | null } & Span)
  | ({ t: 'with'; items: { e: Expr; as: Expr | null }[]; body: Stmt[] } & Span)
  | ({ t: 'raise'; e: Expr | null } & Span)
  | ({ t: 'assert'; test: Expr; msg: Expr | null } & Span)
  | ({ t: 'global'; names: string[] } & Span)
  | ({ t: 'del'; targets: Expr[] } & Span)
  | ({ t: 'pass' | 'break' | 'continue' } & Span)
  | ({ t: 'error'; text: string } & Span);
