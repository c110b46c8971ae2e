// The CLI's JSON path before streaming (kept only to show the memory test bites): the whole report
// as nested arrays, then one JSON string. Run as a child: node oldJsonPath.js FILE.
import { readFileSync } from 'node:fs';
import { analyze } from '../../../src/core/model/analyze';
import { reportJson } from '../../../src/core/model/json';

if (require.main === module) {
  const file = process.argv[2];
  const source = readFileSync(file, 'utf8');
  process.stdout.write(JSON.stringify(reportJson(file, analyze(source, { timeLimitMs: 10_000 }), {})) + '\n');
}
