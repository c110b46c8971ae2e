import * as assert from 'node:assert/strict';
import { base64, bucketize, extent, groupSeries, sparklineSvg, svgDataUri, unicodeSparkline } from '../../../src/sparkline';

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

  it('base64 matches Node and the data URI prefix is right', () => {
    for (const s of ['', 'a', 'ab', 'abc', '<svg>→ ▁█</svg>', 'x'.repeat(1000)]) {
      assert.equal(base64(s), Buffer.from(s, 'utf8').toString('base64'));
    }
    const uri = svgDataUri('<svg/>');
    assert.ok(uri.startsWith('data:image/svg+xml;base64,'));
    assert.equal(Buffer.from(uri.split(',')[1], 'base64').toString(), '<svg/>');
  });

  it('groupSeries picks one param group out of the flat rows', () => {
    const s = groupSeries({ groups: 2, rows: 3, lr: [1, 10, 2, 20, 3, 30] }, 1);
    assert.deepEqual(Array.from(s), [10, 20, 30]);
  });
});
