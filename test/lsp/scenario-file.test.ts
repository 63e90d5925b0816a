// Over JSON-RPC: a .klpscenario document gets the parser's diagnostics, completion of the open livepatch's
// names, and the "Run in trace panel" code lens; it is never analysed as C.
import * as assert from 'node:assert/strict';
import { after, test } from 'node:test';
import type { CodeLens, CompletionItem } from 'vscode-languageserver-protocol';
import { RunScenarioFileCommand } from '../../server/src/protocol';
import { startServer } from './lsp-client';

const session = startServer();
after(() => session.close());

const LIVEPATCH = `#include <linux/livepatch.h>
static int sc_pre(struct klp_object *obj) { return 0; }
static void sc_post(struct klp_object *obj) { }
static struct klp_func funcs[] = { { .old_name = "f", .new_func = g }, { } };
static struct klp_object objs[] = {
	{ .name = "sc_target", .funcs = funcs, .callbacks = { .pre_patch = sc_pre, .post_unpatch = sc_post } },
	{ }
};
static struct klp_patch patch = { .mod = THIS_MODULE, .objs = objs };
`;
const C_URI = 'file:///ws/scenario-demo.c';
const URI = 'file:///ws/reverse.klpscenario';

test('a scenario file: diagnostics, completion and code lens', async () => {
  await session.connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities: {},
  });
  await session.connection.sendNotification('initialized', {});
  await session.connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri: C_URI, languageId: 'c', version: 1, text: LIVEPATCH },
  });
  await session.connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri: URI, languageId: 'klpscenario', version: 1, text: 'load scenario_demo\nfrob\n' },
  });
  const first = await session.diagnostics(URI);
  assert.deepEqual(
    first.diagnostics.map((d) => [d.range.start.line, d.code, d.source]),
    [[1, 'scenario-syntax', 'klp-callbacks']],
  );
  assert.equal(first.version, 1);

  await session.connection.sendNotification('textDocument/didChange', {
    textDocument: { uri: URI, version: 2 },
    contentChanges: [
      { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 4 } }, text: 'fail ' },
    ],
  });
  const second = await session.diagnostics(URI, (p) => p.version === 2);
  assert.match(String(second.diagnostics[0]?.message), /missing argument for 'fail'/);

  const items = (await session.connection.sendRequest('textDocument/completion', {
    textDocument: { uri: URI },
    position: { line: 1, character: 5 },
  })) as CompletionItem[];
  assert.deepEqual(
    items.map((i) => i.label),
    ['scenario_demo'],
  );
  const objects = (await session.connection.sendRequest('textDocument/completion', {
    textDocument: { uri: URI },
    position: { line: 0, character: 5 },
  })) as CompletionItem[];
  assert.deepEqual(
    objects.map((i) => i.label),
    ['scenario_demo', 'sc_target'],
  );

  const lenses = (await session.connection.sendRequest('textDocument/codeLens', {
    textDocument: { uri: URI },
  })) as CodeLens[];
  assert.equal(lenses.length, 1);
  assert.equal(lenses[0].command?.command, RunScenarioFileCommand.id);
  assert.deepEqual(lenses[0].command?.arguments, [URI]);

  await session.connection.sendNotification('textDocument/didClose', { textDocument: { uri: URI } });
  const cleared = await session.diagnostics(URI, (p) => p.diagnostics.length === 0);
  assert.deepEqual(cleared.diagnostics, []);
  assert.deepEqual(session.loggedErrors(), []);
});
