import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../../../src/core/model/analyze';
import { simulateSchedule } from '../../../src/core/model/curves';
import { hoverMarkdown } from '../../../src/core/present/hoverMarkdown';
import { describeStepsSource } from '../../../src/core/l10n/stepsSource';
import { fromTable } from '../../../src/core/l10n/translate';

// Issue 18 item 10: the hover leads with the sparkline and the headline, arguments and assumptions
// compact, short enough not to scroll for the examples' schedulers.
const ROOT = path.resolve(__dirname, '../../../..');
const OPTIONS = { defaultRunLength: 100, defaultDatasetSize: 1000, timeLimitMs: 2000 };
const ko = fromTable(JSON.parse(fs.readFileSync(path.join(ROOT, 'l10n/bundle.l10n.ko.json'), 'utf8')) as Record<string, string>);

function hovers(file: string, t = ko) {
  const a = analyze(fs.readFileSync(path.join(ROOT, 'examples', file), 'utf8'), OPTIONS);
  return a.schedulers
    .filter((f) => f.parent === null)
    .map((f) => ({ f, md: hoverMarkdown('file:///x.py', f, simulateSchedule(f.spec, f.optimizer, f.naturalSteps, f.metricDriven), { t }) }));
}

describe('hover layout (issue 18 item 10)', () => {
  const examples = fs.readdirSync(path.join(ROOT, 'examples')).filter((f) => f.endsWith('.py'));

  it('every example scheduler: at most 13 markdown lines, no tables; sparkline, then start/peak/last, then the run length', () => {
    let n = 0;
    for (const file of examples) {
      for (const { f, md } of hovers(file, (s, ...a) => s.replace(/\{(\d+)\}/g, (_m, i: string) => String(a[Number(i)])))) {
        const lines = md.split('\n');
        assert.ok(lines.length <= 13, `${file} ${f.kind}: ${lines.length} lines\n${md}`);
        assert.doesNotMatch(md, /\|---/, `${file} ${f.kind}: no table`);
        const spark = lines.findIndex((l) => l.startsWith('![learning-rate curve]'));
        const headline = lines.findIndex((l) => l.startsWith('**start lr** '));
        assert.ok(spark === 2 && headline === 4, `${file} ${f.kind}: sparkline then headline\n${md}`);
        assert.match(lines[headline], / · \*\*peak lr\*\* .* · \*\*last lr\*\* /);
        assert.match(lines[headline + 1], /^\*\*run length\*\* /);
        n++;
      }
    }
    assert.ok(n >= 9, `${n} schedulers`);
  });

  it("OneCycleLR: the numbers and where the run length comes from; an epoch schedule's positions are epochs", () => {
    const [{ md }] = hovers('onecycle.py', (s, ...a) => s.replace(/\{(\d+)\}/g, (_m, i: string) => String(a[Number(i)])));
    assert.match(md, /\*\*start lr\*\* 4e-3 · \*\*peak lr\*\* 0\.1 \(step 4,999\) · \*\*last lr\*\* 4e-7 \(step 19,999\) {2}\n/);
    assert.match(md, /\*\*run length\*\* 20,000 steps — loops: `range\(EPOCHS\)` \(20\) × `train_loader` \(1000\) · \*\*warm-up end\*\* step 4,999/);
    assert.match(md, /\*\*Arguments\*\* `max_lr` = `0\.1` · `epochs` = `20` \(`EPOCHS`\) · /);
    assert.match(md, /\*\*Assumptions\*\* `len\(train_loader\)` = `1000` — /);
    const step = hovers('tutorial_warmup_linear.py').find((h) => h.f.kind === 'StepLR')!.md;
    assert.match(step, /\*\*마지막 학습률\*\* 0\.0125 \(에폭 9\)/);
    assert.doesNotMatch(step, /스텝 9\b/);
  });

  it('Korean: labels and values apart, no particle right after a number, the loops described in Korean', () => {
    for (const file of examples) {
      for (const { f, md } of hovers(file)) {
        const prose = md.replace(/`[^`]*`/g, '').replace(/\]\([^)]*\)/g, ']');
        assert.doesNotMatch(prose, /[\d.]+(이\(가\)|을\(를\)|은\(는\)|와\(과\)|\(으\)로)/, `${file} ${f.kind}: a particle after a number\n${md}`);
        assert.doesNotMatch(prose, /\bloops:|\(schedule\)|— schedule\b|\bevery \d/, `${file} ${f.kind}: English loop description\n${md}`);
      }
    }
    assert.equal(describeStepsSource('loops: range(E) (10) × train_loader (1000) × every 4', ko), '루프: `range(E)` (10) × `train_loader` (1000) × 4회마다');
    assert.equal(describeStepsSource('schedule', ko), '스케줄 자체의 길이');
    assert.equal(describeStepsSource('updates: loader (50), epochs: schedule (300)', ko), '업데이트: `loader` (50), 에폭: 스케줄 자체의 길이 (300)');
    assert.equal(describeStepsSource('Trainer(max_steps=500)', ko), '`Trainer(max_steps=500)`');
  });

  it('in a notebook the hover names the cell: "cell 3, line 2" (item 9)', () => {
    const [{ f }] = hovers('onecycle.py');
    const c = simulateSchedule(f.spec, f.optimizer, 10, false);
    assert.match(hoverMarkdown('u', { ...f, line: 2 }, c, { cell: 3 }).split('\n')[0], / · cell 3, line 2$/);
    assert.match(hoverMarkdown('u', { ...f, line: 2 }, c, { cell: 3, t: ko }).split('\n')[0], / · 셀 3, 줄 2$/);
    assert.match(hoverMarkdown('u', { ...f, line: 2 }, c).split('\n')[0], / · line 2$/);
  });
});
