// npm run generate: writes what is derived from the rule registry (rule docs, the rules settings schema); --check only compares.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ALL_RULES } from '../server/src/core/rules/index';
import { loadEngine } from '../server/src/core/parse/engine';
import { ruleDocsUrl } from '../server/src/rule-docs';
import { renderRuleDoc, renderRuleIndex } from './generate/rule-docs';
import { initializationOptionsSchema, rulesSchema } from './generate/settings-schema';

const ROOT = path.join(__dirname, '..');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'rules');

/** The settings the language server reads (server/src/lsp/settings.ts), in package.json's order. */
export const SERVER_SETTING_KEYS = ['rules', 'kpatchObject', 'objects'] as const;

/** Every generated file, path relative to the repository → its content (rule pages run the checker). */
export async function generatedFiles(): Promise<Map<string, string>> {
  const engine = await loadEngine();
  const files = new Map<string, string>();
  for (const rule of ALL_RULES)
    files.set(`docs/rules/${rule.id}.md`, renderRuleDoc(rule, FIXTURES, ROOT, engine));
  files.set('docs/rules/README.md', renderRuleIndex(ALL_RULES));
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    version: string;
    contributes: { configuration: { properties: Record<string, unknown> } };
  };
  const properties = manifest.contributes.configuration.properties;
  properties['klpCallbacks.rules'] = rulesSchema(ALL_RULES, (id) => ruleDocsUrl(id, manifest.version));
  files.set('package.json', `${JSON.stringify(manifest, null, 2)}\n`);
  files.set(
    'docs/initialization-options.schema.json',
    `${JSON.stringify(initializationOptionsSchema(properties, SERVER_SETTING_KEYS), null, 2)}\n`,
  );
  return files;
}

/** The generated files whose committed content differs. */
export async function staleFiles(): Promise<string[]> {
  return [...(await generatedFiles())].flatMap(([file, content]) => {
    const full = path.join(ROOT, file);
    return fs.existsSync(full) && fs.readFileSync(full, 'utf8') === content ? [] : [file];
  });
}

async function main(): Promise<void> {
  if (process.argv.includes('--check')) {
    const stale = await staleFiles();
    if (stale.length > 0) {
      console.error(`generate: out of date (run npm run generate): ${stale.join(', ')}`);
      process.exit(1);
    }
    return;
  }
  const wanted = await generatedFiles();
  for (const [file, content] of wanted) {
    fs.mkdirSync(path.dirname(path.join(ROOT, file)), { recursive: true });
    fs.writeFileSync(path.join(ROOT, file), content);
  }
  // A rule that was removed leaves no page behind.
  for (const name of fs.readdirSync(path.join(ROOT, 'docs', 'rules'))) {
    if (!wanted.has(`docs/rules/${name}`)) fs.rmSync(path.join(ROOT, 'docs', 'rules', name));
  }
}

if (require.main === module) void main();
