// The .klpscenario features called directly: diagnostics from the CLI's parser, completion of actions and names, the code lens.
import * as assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { CompletionItem } from 'vscode-languageserver/node';
import { DocumentAnalyzer } from '../../server/src/core/analyze';
import { parseScenario } from '../../server/src/core/lifecycle/scenario';
import type { ParserEngine } from '../../server/src/core/parse/engine';
import { RunScenarioFileCommand } from '../../server/src/protocol';
import { provideScenarioCodeLens } from '../../server/src/lsp/features/scenario-code-lens';
import {
  provideScenarioCompletion,
  SCENARIO_VERBS,
  scenarioNames,
  type ScenarioNames,
} from '../../server/src/lsp/features/scenario-completion';
import { provideScenarioDiagnostics } from '../../server/src/lsp/features/scenario-diagnostics';
import { isScenarioDocument } from '../../server/src/lsp/scenario-documents';
import { engine } from '../helpers';

let parser: ParserEngine;
before(async () => {
  parser = await engine();
});

const NAMES: ScenarioNames = {
  patches: ['demo_fix'],
  objects: new Map([['demo_fix', ['target_mod', 'other_mod']]]),
};

const labels = (items: CompletionItem[]) => items.map((i) => i.label);

test('diagnostics are the parser errors, on the action without its comment', () => {
  const text = 'load demo_fix\n  frobnicate x   # not an action\nload vmlinux\nfail demo_fix EWHAT\n';
  const diagnostics = provideScenarioDiagnostics(text);
  assert.deepEqual(
    diagnostics.map((d) => [d.range.start.line, d.range.start.character, d.range.end.character]),
    [
      [1, 2, 14],
      [2, 0, 12],
      [3, 0, 19],
    ],
  );
  assert.deepEqual(
    diagnostics.map((d) => d.message),
    parseScenario(text).errors.map((e) => e.message),
  );
  assert.match(String(diagnostics[0].message), /unknown action 'frobnicate'/);
  assert.deepEqual(provideScenarioDiagnostics('load demo_fix\n# done\n\nsettle\n'), []);
});

test('every action completes to a snippet the parser accepts once its placeholders are filled', () => {
  const items = provideScenarioCompletion('', { line: 0, character: 0 }, NAMES);
  assert.deepEqual(
    labels(items),
    SCENARIO_VERBS.map((v) => v.verb),
  );
  for (const verb of SCENARIO_VERBS) {
    const filled = verb.snippet.replace(/\$\{\d+:([^}]*)\}/g, 'demo_fix');
    assert.deepEqual(parseScenario(filled).errors, [], `${verb.verb}: ${filled}`);
    assert.ok(verb.doc.length > 10, verb.verb);
  }
});

test('arguments complete to the open livepatches, their objects, replace= and errnos', () => {
  const at = (line: string) => provideScenarioCompletion(line, { line: 0, character: line.length }, NAMES);
  assert.deepEqual(labels(at('load ')), ['demo_fix', 'target_mod', 'other_mod']);
  assert.deepEqual(labels(at('unload tar')), ['demo_fix', 'target_mod', 'other_mod']);
  assert.deepEqual(labels(at('disable ')), ['demo_fix']);
  assert.deepEqual(labels(at('fail demo_fix:')), [
    'demo_fix:vmlinux',
    'demo_fix:target_mod',
    'demo_fix:other_mod',
  ]);
  const object = at('fail demo_fix:ta').find((i) => i.label === 'demo_fix:target_mod');
  assert.deepEqual(object?.textEdit, {
    range: { start: { line: 0, character: 5 }, end: { line: 0, character: 16 } },
    newText: 'demo_fix:target_mod',
  });
  assert.deepEqual(labels(at('load demo_fix ')), ['replace=1', 'replace=0']);
  assert.ok(labels(at('fail demo_fix ')).includes('-ENOMEM'));
  assert.deepEqual(at('stall '), []);
  assert.deepEqual(at('load x # comment '), []);
  assert.deepEqual(
    labels(at('  lo')),
    SCENARIO_VERBS.map((v) => v.verb),
  );
});

test('the names come from the open models: one per patch, module objects only', () => {
  const analyzer = new DocumentAnalyzer(
    parser,
    '/ws/demo-fix.c',
    `#include <linux/livepatch.h>
static struct klp_func funcs[] = { { .old_name = "f", .new_func = g }, { } };
static struct klp_object objs[] = { { .name = NULL, .funcs = funcs }, { .name = "target_mod", .funcs = funcs }, { } };
static struct klp_patch patch = { .mod = THIS_MODULE, .objs = objs };
`,
  );
  try {
    const names = scenarioNames([analyzer.model(), analyzer.model()]);
    assert.deepEqual(names.patches, ['demo_fix']);
    assert.deepEqual(names.objects.get('demo_fix'), ['target_mod']);
  } finally {
    analyzer.dispose();
  }
});

test('the code lens sits above the first action and names the command and the file', () => {
  const uri = 'file:///ws/reverse.klpscenario';
  const [lens, ...rest] = provideScenarioCodeLens(uri, '# reversal\n\nload demo_fix\ndisable demo_fix\n');
  assert.equal(rest.length, 0);
  assert.equal(lens.range.start.line, 2);
  assert.equal(lens.command?.command, RunScenarioFileCommand.id);
  assert.deepEqual(lens.command?.arguments, [uri]);
  assert.match(lens.command?.title ?? '', /Run in trace panel \(2 actions\)/);
  assert.match(provideScenarioCodeLens(uri, 'bogus\n')[0].command?.title ?? '', /1 line to fix first/);
  assert.deepEqual(provideScenarioCodeLens(uri, '# only a comment\n'), []);
});

test('scenario documents are told by language id or file name', () => {
  assert.equal(isScenarioDocument('file:///a.klpscenario'), true);
  assert.equal(isScenarioDocument('untitled:Untitled-1', 'klpscenario'), true);
  assert.equal(isScenarioDocument('file:///a.c', 'c'), false);
});
