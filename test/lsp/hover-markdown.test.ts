// Hovers are Markdown: names and conditions from the source are shown as text, never as markup.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { provideHover } from '../../server/src/lsp/features/hover';
import { escapeMarkdown, inlineCode } from '../../server/src/lsp/markdown';
import { extractFileModel } from '../../server/src/core/model/extract';
import { engine } from '../helpers';

test('inlineCode: a fence longer than any backtick run inside; controls shown escaped', () => {
  assert.equal(inlineCode('vmlinux'), '`vmlinux`');
  assert.equal(inlineCode('a`b'), '``a`b``');
  assert.equal(inlineCode('`x``'), '``` `x`` ```');
  assert.equal(inlineCode('a\n\n[x](http://e)'), '`a\\n\\n[x](http://e)`');
});

test('escapeMarkdown: markup characters are literal', () => {
  assert.equal(
    escapeMarkdown('![i](http://e/x.png) **b** <img>'),
    '\\!\\[i\\]\\(http://e/x\\.png\\) \\*\\*b\\*\\* \\<img\\>',
  );
});

test('an object named with backticks and a link cannot inject Markdown into the hover', async () => {
  const hostile = 'm` ![tracker](http://example.invalid/t.png) `';
  const source = `static void evil_post(struct klp_object *obj) { }
static struct klp_func funcs[] = { { .old_name = "f", .new_func = g }, { } };
static struct klp_object objs[] = {
\t{ .name = "${hostile}", .funcs = funcs,
#if defined(CONFIG_X) \`\`
\t  .callbacks = { .post_patch = evil_post },
#endif
\t},
\t{ }
};
static struct klp_patch patch = { .mod = THIS_MODULE, .objs = objs };
`;
  const model = extractFileModel(await engine(), 'hover.c', source);
  const hover = provideHover(model, { line: 0, character: 13 });
  assert.ok(hover, 'a hover on the callback definition');
  const value = (hover.contents as { value: string }).value;
  assert.ok(value.includes(`of object ${inlineCode(hostile)} in livepatch \`hover\``), value);
  assert.ok(value.includes(inlineCode('defined(CONFIG_X) ``')), value);
  // Outside the code spans, no link or image syntax survives.
  const outsideSpans = value.replace(/(`+)[^`]*?(?:`(?!\1)[^`]*?)*\1/g, '');
  assert.doesNotMatch(outsideSpans, /!\[|\]\(/);
});
