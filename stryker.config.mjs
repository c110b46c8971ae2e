import * as fs from 'node:fs';
// `npm run mutation`: StrykerJS over the pure core's decision code (issue 20). Each mutant is a
// one-line wrong change; a mutant the unit tests do not notice ("survived") is a behaviour no
// test pins. Scores per folder go into the README beside the speed table.
//
// The unit tests run from tsc's output (out/), so Stryker instruments the TypeScript, compiles it
// with the buildCommand, and runs mocha on the compiled tests. The fuzz suites (minutes, and they
// assert robustness, not values) and the CLI suites (they run the esbuild bundle, which mutants
// never reach) are left out of the mutation run, and so are the checks that read the source text
// (l10n completeness, import purity); everything else is in.
//
// LRLENS_MUTATE=glob[,glob] narrows the files (CI runs an incremental subset; see scripts/mutation.mjs).
/** A comma-separated list of globs, commas inside `{a,b}` kept (`src/core/engine/torch/{a,b}.ts`). */
const globs = (v) => v?.split(/,(?![^{]*\})/).filter(Boolean);
const narrowed = globs(process.env.LRLENS_MUTATE);
// LRLENS_MUTATION_SPEC=glob[,glob] narrows the tests run (compiled paths under out/): a score measured
// so is a lower bound of the whole spec's (README "Mutation testing" says which runs were narrowed).
// Mocha 11's glob reads a brace list without a wildcard (`analysis/{pinned,cells}.test.js`) literally
// and only warns that it matched nothing, so such a list is expanded here into its files, and a file
// that does not exist stops the run instead of narrowing it silently.
const spec = globs(process.env.LRLENS_MUTATION_SPEC)?.flatMap(expandBraces);

/** `a/{b,c}.js` → `a/b.js`, `a/c.js` when the pattern has no wildcard (each must exist); other globs as they are. */
function expandBraces(pattern) {
  if (/[*?[\]]/.test(pattern) || !/\{[^}]*\}/.test(pattern)) return [pattern];
  const m = /^(.*?)\{([^}]*)\}(.*)$/.exec(pattern);
  const files = m[2].split(',').flatMap((item) => expandBraces(m[1] + item + m[3]));
  for (const f of files) if (!/\{/.test(f) && !fs.existsSync(f)) throw new Error(`LRLENS_MUTATION_SPEC: no file ${f} (from ${pattern}); run npx tsc -p tsconfig.test.json first`);
  return files;
}

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'mocha',
  // LRLENS_MUTATION_NO_CHECKER=1: no TypeScript checker (one process checking each mutant is the slow
  // part for a large file); mutants that would not type-check then run as JavaScript and count.
  checkers: process.env.LRLENS_MUTATION_NO_CHECKER === '1' ? [] : ['typescript'],
  tsconfigFile: 'tsconfig.test.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  buildCommand: 'npx tsc -p tsconfig.test.json',
  mochaOptions: {
    config: '.mocharc.json',
    // Not test/unit/l10n: it reads the source text for the templates, and instrumented source differs.
    spec: spec ?? ['out/test/unit/{analysis,editor,engine,generator,logs,model,panel,webview}/**/*.test.js'],
    // The consistency suite compares every surface with the CLI's bundle, which mutants never reach.
    ignore: ['out/test/unit/model/consistency.test.js'],
    // The import-purity check reads the source text too, and Stryker's instrumented source names `process`.
    grep: '^(?!pure layers stay pure)',
  },
  mutate: narrowed ?? [
    // constructor validation and argument reading in the engine
    'src/core/engine/args.ts',
    'src/core/engine/build.ts',
    'src/core/engine/errors.ts',
    'src/core/engine/torch/*.ts',
    // run-length and unit inference, assumptions
    'src/core/frameworks/stepCalls.ts',
    // lint rules
    'src/core/lint/*.ts',
    // the document model and the kind descriptors
    'src/core/model/*.ts',
    'src/core/engine/kinds/*.ts',
    // protocol validation
    'src/features/chart/protocol/validate.ts',
  ],
  ignorePatterns: ['dist', 'out', '.vscode-test', 'reports', 'screenshots', 'test-results', '*.vsix'],
  coverageAnalysis: 'perTest',
  // LRLENS_MUTATION_IGNORE_STATIC=1: leave out the mutants Stryker cannot tie to tests (run at import,
  // or by a suite that analyzes in its describe body): each runs the whole spec. The README says which runs did.
  ignoreStatic: process.env.LRLENS_MUTATION_IGNORE_STATIC === '1',
  concurrency: Number(process.env.LRLENS_MUTATION_CONCURRENCY ?? 2),
  timeoutMS: 20_000,
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  reporters: ['clear-text', 'progress', 'json', 'html'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  thresholds: { high: 90, low: 85, break: null },
};
