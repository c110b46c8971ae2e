// The page compares a log itself, so it needs src/logs' reasons in its string table.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { ALL_PAGE_TEMPLATES, LOG_MESSAGES } from '../../../src/features/chart/protocol/pageStrings';
import { collectTemplates } from '../l10n/collect';

const ROOT = path.resolve(__dirname, '../../../..');

describe('logs: the page string table', () => {
  it("LOG_MESSAGES is exactly compare.ts's and fill.ts's templates, and the page gets them", () => {
    const files = ['src/core/logs/compare.ts', 'src/core/logs/fill.ts'].map((f) => path.join(ROOT, f));
    const { found, dynamic } = collectTemplates(ROOT, files);
    assert.deepEqual(dynamic, []);
    const templates = [...new Set(found.map((f) => f.template))].sort();
    assert.ok(templates.length >= 10, `${templates.length}`);
    assert.deepEqual([...LOG_MESSAGES].sort(), templates);
    for (const m of LOG_MESSAGES) assert.ok(ALL_PAGE_TEMPLATES.includes(m), m);
  });
});
