import * as assert from 'node:assert/strict';
import { bucketize, extent, groupSeries, sparklineSvg, svgDataUri, unicodeSparkline } from '../../../src/core/present/sparkline';

describe('sparkline (pure)', () => {
  it('unicode sparkline of a warm-up then decay has the right shape and width', () => {
    const v = Array.from({ length: 1001 }, (_, k) => (k < 100 ? k / 100 : (1000 - k) / 900));
    const s = unicodeSparkline(v, 16);
    assert.equal([...s].length, 16);
    const level = (c: string) => '▁▂▃▄▅▆▇█'.indexOf(c);
    assert.ok(level(s[0]) < level(s[1]), `rises first: ${s}`);
    assert.equal(s[1], '█', s);
    assert.equal(s[s.length - 1], '▁');
    for (let i = 2; i < s.length; i++) assert.ok(level(s[i]) <= level(s[i - 1]), `then decays: ${s}`);
    for (const ch of s) assert.ok('▁▂▃▄▅▆▇█'.includes(ch));
  });

  it('flat curves, short curves and empty curves', () => {
    assert.equal(unicodeSparkline([0.1, 0.1, 0.1], 16), '▄▄▄');
    assert.equal(unicodeSparkline([], 16), '');
    assert.equal(unicodeSparkline([1, 0], 2), '█▁');
    assert.equal(unicodeSparkline([NaN, NaN], 4), '··');
  });

  it('buckets cover every value exactly once', () => {
    const v = Array.from({ length: 103 }, (_, i) => i);
    const b = bucketize(v, 10);
    assert.equal(b.length, 10);
    assert.equal(b[0].min, 0);
    assert.equal(b[9].max, 102);
    assert.deepEqual(extent([3, NaN, -1, Infinity]), [-1, 3]);
  });

  it('SVG is ASCII, well-formed and keeps a step drop', () => {
    const v = Array.from({ length: 100 }, (_, k) => (k < 30 ? 0.1 : k < 60 ? 0.01 : 0.001));
    const svg = sparklineSvg(v, { width: 120, height: 40 });
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*>.*<\/svg>$/);
    assert.ok(/^[\x20-\x7e]*$/.test(svg), 'ASCII only');
    assert.match(svg, /<polyline points="[\d., ]+"/);
    const log = sparklineSvg(v, { logScale: true, markRow: 30 });
    assert.match(log, /stroke-dasharray="2 2"/);
    assert.match(sparklineSvg([]), /<line/);
    assert.match(sparklineSvg([0.5]), /<polyline/);
  });

  it('the data URI holds the SVG in base64; characters past ASCII become character references', () => {
    const decode = (uri: string) => {
      assert.ok(uri.startsWith('data:image/svg+xml;base64,'), uri);
      return Buffer.from(uri.split(',')[1], 'base64').toString('latin1');
    };
    assert.equal(decode(svgDataUri('<svg/>')), '<svg/>');
    const svg = sparklineSvg([1, 0.5, 0.25, 0.125]);
    assert.equal(decode(svgDataUri(svg)), svg);
    assert.equal(svgDataUri(svg).split(',')[1], Buffer.from(svg, 'utf8').toString('base64'));
    assert.equal(decode(svgDataUri('<svg><text>→ ▁█ 😀</text></svg>')), '<svg><text>&#x2192; &#x2581;&#x2588; &#x1f600;</text></svg>');
    assert.equal(svgDataUri(''), 'data:image/svg+xml;base64,');
  });

  it('groupSeries picks one param group out of the flat rows', () => {
    const s = groupSeries({ groups: 2, rows: 3, lr: [1, 10, 2, 20, 3, 30] }, 1);
    assert.deepEqual(Array.from(s), [10, 20, 30]);
  });
});
