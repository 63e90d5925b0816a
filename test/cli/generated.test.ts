// What `npm run generate` derives from the rule registry is committed up to date: rule pages, the rules settings schema.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { ALL_RULES, type Finding } from '../../server/src/core/rules/index';
import { toDiagnostic } from '../../server/src/lsp/convert';
import { REPOSITORY_URL, ruleDocsUrl } from '../../server/src/rule-docs';
import { generatedFiles, staleFiles } from '../../scripts/generate';
import { badExcerpt, goodExcerpt } from '../../scripts/generate/rule-docs';
import { REPO_ROOT } from '../helpers';

interface Manifest {
  version: string;
  repository: { url: string };
  contributes: { configuration: { properties: Record<string, Record<string, unknown>> } };
}
const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as Manifest;

test('the committed rule pages, rules schema and initializationOptions schema are up to date (npm run generate)', async () => {
  assert.deepEqual(await staleFiles(), []);
});

test('klpCallbacks.rules: one property per rule id, the severities as enum, the default, per folder', () => {
  const schema = manifest.contributes.configuration.properties['klpCallbacks.rules'];
  const properties = schema.properties as Record<string, { enum: string[]; default: string }>;
  assert.deepEqual(
    Object.keys(properties),
    ALL_RULES.map((rule) => rule.id),
  );
  for (const rule of ALL_RULES) {
    assert.deepEqual(properties[rule.id].enum, ['off', 'info', 'warning', 'error']);
    assert.equal(properties[rule.id].default, rule.defaultSeverity);
  }
  assert.equal(schema.additionalProperties, false);
  assert.equal(schema.scope, 'resource');
});

test('the initializationOptions schema holds the same rules schema as package.json', async () => {
  const schema = JSON.parse(
    (await generatedFiles()).get('docs/initialization-options.schema.json') ?? '{}',
  ) as {
    properties: Record<string, unknown>;
    definitions: { settings: { properties: Record<string, unknown> } };
  };
  const rules = { ...manifest.contributes.configuration.properties['klpCallbacks.rules'] };
  delete rules.scope;
  assert.deepEqual(schema.definitions.settings.properties.rules, rules);
  assert.deepEqual(schema.properties.rules, rules);
  assert.ok(schema.properties.folders);
});

test('one page per rule with its summary, a reported and a not-reported example', async () => {
  const generated = await generatedFiles();
  for (const rule of ALL_RULES) {
    const page = generated.get(`docs/rules/${rule.id}.md`) ?? '';
    assert.ok(page.includes(rule.docs.summary), rule.id);
    assert.ok(page.includes('## Reported') && page.includes(`← ${rule.id}`), `${rule.id}: bad example`);
    assert.ok(page.includes('## Not reported'), `${rule.id}: good example`);
  }
  const pages = fs.readdirSync(path.join(REPO_ROOT, 'docs', 'rules')).filter((f) => f !== 'README.md');
  assert.deepEqual(pages.sort(), ALL_RULES.map((rule) => `${rule.id}.md`).sort());
});

test("the lifecycle rules' pages say when it happens from the simulator's counterexample, not in prose", async () => {
  const generated = await generatedFiles();
  for (const rule of ALL_RULES) {
    const page = generated.get(`docs/rules/${rule.id}.md`) ?? '';
    const lifecycle = /the model checker finds it/.test(rule.docs.description);
    assert.equal(page.includes('## When it happens'), lifecycle, rule.id);
    if (!lifecycle) continue;
    // The trace block: the counterexample line and at least one violating event, as --explain prints them.
    assert.match(page, /^counterexample: .+$/m, rule.id);
    assert.match(page, /^> {3}\S/m, rule.id);
    // The description itself names no moment at which a callback runs or does not.
    assert.doesNotMatch(
      rule.docs.description,
      /\b(runs|never runs|does not call|is not called) (when|after|before)\b/,
      rule.id,
    );
  }
  const lifecycleRules = ALL_RULES.filter((rule) =>
    generated.get(`docs/rules/${rule.id}.md`)?.includes('## When it happens'),
  );
  assert.deepEqual(lifecycleRules.map((rule) => rule.id).sort(), [
    'asymmetric-pair',
    'lock-across-callbacks',
    'post-unpatch-assumes-post-patch',
    'pre-patch-partial-cleanup',
    'replace-without-takeover',
    'shadow-free-in-exit',
    'unpaired-resource',
  ]);
});

test('excerpts: the marked top-level declarations of a bad fixture, a good one without boilerplate', () => {
  const bad = [
    '// What goes wrong.',
    '#include <linux/module.h>',
    '',
    'static int helper(void)',
    '{',
    '\treturn 0;',
    '}',
    '',
    'static int pre(struct klp_object *obj)',
    '{',
    '\tint x;',
    '',
    '\tp = kzalloc(1, GFP_KERNEL); /* expect: unpaired-resource */',
    '\treturn 0;',
    '}',
  ].join('\n');
  assert.equal(
    badExcerpt(bad),
    [
      '// What goes wrong.',
      '',
      'static int pre(struct klp_object *obj)',
      '{',
      '\tint x;',
      '',
      '\tp = kzalloc(1, GFP_KERNEL); /* ← unpaired-resource */',
      '\treturn 0;',
      '}',
    ].join('\n'),
  );
  assert.equal(
    goodExcerpt('// Right.\n#include <a.h>\n\nint x;\n\nmodule_init(f);\nMODULE_LICENSE("GPL");\n'),
    '// Right.\n\nint x;',
  );
});

test("the repository URL is package.json's, and diagnostics link their rule's page", () => {
  assert.equal(manifest.repository.url, `git+${REPOSITORY_URL}.git`);
  assert.equal(
    ruleDocsUrl('vmlinux-name', manifest.version),
    `${REPOSITORY_URL}/blob/v${manifest.version}/docs/rules/vmlinux-name.md`,
  );
  const finding: Finding = {
    rule: 'vmlinux-name',
    severity: 'error',
    message: 'm',
    path: '/src/a.c',
    range: { start: { line: 1, character: 2 }, end: { line: 1, character: 5 } },
    related: [],
  };
  const href = toDiagnostic(finding, 'file:///src/a.c').codeDescription?.href ?? '';
  assert.equal(href, `${REPOSITORY_URL}/blob/main/docs/rules/vmlinux-name.md`);
});
