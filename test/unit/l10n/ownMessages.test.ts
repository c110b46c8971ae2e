// The messages the analysis and the engine word themselves carry their template, so the hover, the
// code lens and the page show them in Korean; the libraries' own messages stay as the library says,
// and the CLI's JSON stays English.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { analyze } from '../../../src/core/model/analyze';
import { curveFor } from '../../../src/core/model/curves';
import { reportJson } from '../../../src/core/model/json';
import { simulate } from '../../../src/core/engine';
import { hoverMarkdown } from '../../../src/core/present/hoverMarkdown';
import { fromTable, localize, ownMessage } from '../../../src/core/l10n/translate';
import { lensTitle } from '../../../src/core/present/summary';
import { describeError } from '../../../webview/viewModel';

const ROOT = path.resolve(__dirname, '../../../..');
const KO = JSON.parse(fs.readFileSync(path.join(ROOT, 'l10n/bundle.l10n.ko.json'), 'utf8')) as Record<string, string>;
const ko = fromTable(KO);
const HANGUL = /[\uac00-\ud7a3]/;

describe('l10n: the analysis and the engine’s own messages', () => {
  it('ownMessage keeps the English message, the template and the arguments as strings', () => {
    assert.deepStrictEqual(ownMessage('No metric value for step {0}: only {1} values were given.', 3, 2), {
      message: 'No metric value for step 3: only 2 values were given.',
      template: 'No metric value for step {0}: only {1} values were given.',
      args: ['3', '2'],
    });
    assert.strictEqual(localize({ message: 'as written' }, ko), 'as written', 'no template: the message as is');
  });

  it("the engine's own refusals translate; the library's messages do not", () => {
    const opt = { type: 'SGD', paramGroups: [{ lr: 0.1 }] };
    const tooLong = simulate({ kind: 'StepLR', args: { step_size: 3 } }, opt, { steps: 20_000_000 }).error!;
    assert.strictEqual(tooLong.message, '20,000,000 steps is more than LR Lens simulates (at most 10,000,000).');
    assert.strictEqual(localize(tooLong, ko), '20,000,000 스텝은 LR Lens가 시뮬레이션하는 최대 스텝 수(10,000,000)보다 많습니다.');

    const nan = simulate({ kind: 'StepLR', args: { step_size: NaN } }, opt, { steps: 5 }).error!;
    assert.strictEqual(nan.message, 'step_size is NaN; a learning-rate schedule needs a real number here');
    assert.strictEqual(nan.argument, 'step_size');
    assert.strictEqual(localize(nan, ko), 'step_size이(가) NaN입니다: 학습률 스케줄에는 여기에 실수가 필요합니다');

    const unknown = simulate({ kind: 'NotAScheduler', args: {} }, opt, { steps: 5 }).error!;
    assert.match(localize(unknown, ko), /^LR Lens가 모르는 스케줄러입니다: 'NotAScheduler'$/);

    const metric = simulate({ kind: 'ReduceLROnPlateau', args: {} }, opt, { steps: 5 }).error!;
    assert.ok(HANGUL.test(localize(metric, ko)) && localize(metric, ko).includes('ReduceLROnPlateau.step()'));

    const library = simulate({ kind: 'CosineAnnealingWarmRestarts', args: { T_0: 10 }, floats: ['T_0'] }, opt, { steps: 5 }).error!;
    assert.strictEqual(library.message, 'Expected positive integer T_0, but got 10.0');
    assert.strictEqual(library.template, undefined, "PyTorch's message carries no template");
    assert.strictEqual(localize(library, ko), 'Expected positive integer T_0, but got 10.0');
  });

  it('analysis diagnostics carry their template to the hover and the page; the CLI JSON stays English', () => {
    const src = 'from torch.optim.lr_scheduler import StepLR\nsched = StepLR(opt, step_size=10)\n';
    const result = analyze(src);
    const f = result.schedulers[0];
    const d = f.diagnostics.find((x) => x.template === 'Could not find the optimizer this scheduler wraps; assuming one param group with lr=0.001');
    assert.ok(d, JSON.stringify(f.diagnostics));
    assert.strictEqual(d.message, d.template);
    const korean = KO[d.template!];
    const curve = curveFor(f).curve;
    const hover = hoverMarkdown('file:///a.py', f, curve, { t: ko });
    assert.ok(hover.includes('이 스케줄러가 감싸는 옵티마이저를 찾을 수 없습니다'), hover);
    assert.ok(!hover.includes('Could not find the optimizer'), 'no English left for it in the Korean hover');
    assert.ok(hoverMarkdown('file:///a.py', f, curve).includes(d.message), 'the English hover shows the English message');
    assert.ok(korean && HANGUL.test(korean));

    const report = reportJson('a.py', result, {});
    const json = JSON.stringify(report);
    assert.ok(json.includes('Could not find the optimizer this scheduler wraps') && !json.includes('template'), 'the CLI report is English, no templates');
  });

  it('a diagnostic with arguments keeps them through the translation', () => {
    const src = 'import torch\nsched = torch.optim.lr_scheduler.StepLR(opt, 10, 0.1, -1, False, 7)\n';
    const f = analyze(src).schedulers[0];
    const d = f.diagnostics.find((x) => x.template === '{0}() takes at most {1} positional arguments');
    assert.ok(d, JSON.stringify(f.diagnostics));
    assert.strictEqual(localize(d, ko), `StepLR()은(는) 위치 인수를 최대 ${d.args![1]}개까지 받습니다`);
  });

  it('the lens title and the page show an engine refusal in Korean', () => {
    const f = analyze('from torch.optim.lr_scheduler import StepLR\nsched = StepLR(opt, step_size=float("nan"))\n').schedulers[0];
    const curve = curveFor(f).curve;
    assert.ok(curve.error?.template, JSON.stringify(curve.error));
    const title = lensTitle(f, curve, ko);
    assert.ok(title.includes('NaN입니다'), title);
    const page = describeError({ kind: f.kind }, curve.error!, ko);
    assert.ok(page.includes('step_size이(가) NaN입니다'), page);
    assert.ok(describeError({ kind: f.kind }, curve.error!).includes('step_size is NaN'), 'English without a table');
  });
});
