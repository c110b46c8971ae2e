// Hover markdown from a hostile file: strings with backtick runs, link and image syntax, and
// command URIs end up inside code spans they cannot close. Rendered with a real CommonMark parser
// (markdown-it, html off as VS Code's hover), the only links are the two the extension builds, with
// its own arguments, and the only image is the sparkline's data URI.
import * as assert from 'node:assert/strict';
import { analyze } from '../../../src/core/model/analyze';
import { curveFor } from '../../../src/core/model/curves';
import { code, hoverMarkdown } from '../../../src/core/present/hoverMarkdown';

interface Token {
  type: string;
  content: string;
  attrGet(name: string): string | null;
  children: Token[] | null;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const MarkdownIt = require('markdown-it') as new (opts: { html: boolean }) => { parse(src: string, env: object): Token[] };
const md = new MarkdownIt({ html: false });

function walk(tokens: Token[], out: Token[] = []): Token[] {
  for (const t of tokens) {
    out.push(t);
    if (t.children) walk(t.children, out);
  }
  return out;
}

const EVIL = '`` ](command:lrLens.showChart?%5B%22file%3A%2F%2F%2Fetc%2Fpasswd%22%5D) ![x](https://evil.example/x.png) ``` `';
const SOURCE = `import torch
from transformers import get_scheduler
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
evil = ${JSON.stringify(EVIL)}
s1 = get_scheduler(evil, optimizer, num_warmup_steps=10, num_training_steps=100)
s2 = torch.optim.lr_scheduler.StepLR(optimizer, step_size=cfg.steps, gamma={"\`\`": evil}["\`\`"])
`;

describe('hover markdown of a hostile file: no content closes a code span or adds a link', () => {
  const uri = 'file:///work/train.py';
  const a = analyze(SOURCE);
  it('finds both schedulers', () => assert.equal(a.schedulers.length, 2));
  for (const f of a.schedulers) {
    it(`${f.kind}: links are only the extension's own, with its arguments; the image only the sparkline`, () => {
      const text = hoverMarkdown(uri, f, curveFor(f).curve);
      const tokens = walk(md.parse(text, {}));
      const links = tokens.filter((t) => t.type === 'link_open').map((t) => t.attrGet('href') ?? '');
      assert.ok(links.length >= 1);
      for (const href of links) {
        const m = /^command:(lrLens\.showChart|lrLens\.editAssumptions)\?(.*)$/.exec(href);
        assert.ok(m, `unexpected link ${href}`);
        assert.deepEqual(JSON.parse(decodeURIComponent(m[2])), [uri, f.id]);
      }
      for (const t of tokens.filter((x) => x.type === 'image')) assert.match(t.attrGet('src') ?? '', /^data:image\/svg\+xml;base64,/);
      // The hostile string is shown, inside code.
      const codes = tokens.filter((t) => t.type === 'code_inline').map((t) => t.content);
      assert.ok(codes.some((c) => c.toLowerCase().includes('](command:lrlens.showchart')), `the value is shown as code: ${JSON.stringify(codes)}`);
    });
  }
  it('code(): every run of backticks, a leading or trailing space, a line break and a table pipe', () => {
    for (const s of ['`', '``', 'a``b', '` x `', ' lead', 'trail ', 'a\nb', 'x | y', '````````']) {
      const tokens = walk(md.parse(code(s), {}));
      const c = tokens.filter((t) => t.type === 'code_inline');
      assert.equal(c.length, 1, `${JSON.stringify(s)} → ${code(s)}`);
      assert.ok(c[0].content.replace(/\\\|/g, '|').includes(s.replace(/\n/g, ' ').trim()), `${JSON.stringify(s)} → ${JSON.stringify(c[0].content)}`);
    }
  });
});
