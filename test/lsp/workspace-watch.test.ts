// Over JSON-RPC: the server registers for file events, indexes with $/progress and logs it, and a file
// created or deleted on disk re-checks the open documents that register its functions, and only those.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { startServer } from './lsp-client';

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'klp-watch-'));
const session = startServer();
after(async () => {
  await session.close();
  fs.rmSync(folder, { recursive: true, force: true });
});

const livepatch = (prefix: string) => `#include <linux/livepatch.h>
int ${prefix}_pre(struct klp_object *obj);
void ${prefix}_post(struct klp_object *obj) { }
static struct klp_func funcs[] = { { .old_name = "f", .new_func = g }, { } };
static struct klp_object objs[] = {
	{ .funcs = funcs, .callbacks = { .pre_patch = ${prefix}_pre, .post_unpatch = ${prefix}_post } },
	{ }
};
static struct klp_patch patch = { .mod = THIS_MODULE, .objs = objs };
`;

const file = (name: string) => path.join(folder, name);
const uriOf = (name: string) => pathToFileURL(file(name)).href;
const undefinedNames = (p: PublishDiagnosticsParams) =>
  p.diagnostics.filter((d) => d.code === 'undefined-callback').map((d) => d.message);

fs.writeFileSync(file('watched.c'), livepatch('watched'));
fs.writeFileSync(file('bystander.c'), livepatch('bystander'));
fs.writeFileSync(file('unrelated.c'), 'int unrelated(void) { return 0; }\n');

const registrations: unknown[] = [];
const progress: { kind?: string }[] = [];
session.connection.onRequest('client/registerCapability', (params: { registrations: unknown[] }) => {
  registrations.push(...params.registrations);
  return null;
});
session.connection.onRequest('window/workDoneProgress/create', () => null);
session.connection.onNotification('$/progress', (params: { value: { kind?: string } }) => {
  progress.push(params.value);
});

/** Everything published for `uri` so far and not yet consumed (a request round trip orders it). */
async function drain(uri: string): Promise<PublishDiagnosticsParams[]> {
  await session.connection.sendRequest('workspace/symbol', { query: 'x' });
  return session.unconsumed(uri);
}

test('file events update the index and re-check only the documents registering the changed names', async () => {
  await session.connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities: {
      workspace: { didChangeWatchedFiles: { dynamicRegistration: true } },
      window: { workDoneProgress: true },
    },
    workspaceFolders: [{ uri: pathToFileURL(folder).href, name: 'watch' }],
  });
  await session.connection.sendNotification('initialized', {});
  for (const name of ['watched.c', 'bystander.c']) {
    await session.connection.sendNotification('textDocument/didOpen', {
      textDocument: {
        uri: uriOf(name),
        languageId: 'c',
        version: 1,
        text: fs.readFileSync(file(name), 'utf8'),
      },
    });
  }
  // Once indexed, the undefined pre_patch of each file is reported.
  for (const name of ['watched.c', 'bystander.c']) {
    const published = await session.diagnostics(uriOf(name), (p) => undefinedNames(p).length > 0);
    assert.equal(undefinedNames(published).length, 1, name);
  }
  assert.deepEqual(
    registrations.map((r) => (r as { method: string }).method),
    ['workspace/didChangeWatchedFiles'],
  );
  assert.match(JSON.stringify(registrations), /\*\*\/\*\.\{c,h,patch,diff,klpscenario\}/);
  assert.equal(progress[0]?.kind, 'begin');
  assert.equal(progress.at(-1)?.kind, 'end');
  assert.ok(
    session.logged().some((m) => /indexed 3 C files \(2 with livepatch registrations\) in \d+ ms/.test(m)),
    session.logged().join('\n'),
  );
  assert.ok(session.logged().some((m) => /^klp-callbacks-ls \S+ \(Node/.test(m)));
  await drain(uriOf('watched.c'));
  await drain(uriOf('bystander.c'));

  // A file created on disk defines watched_pre: watched.c is checked again, bystander.c is not.
  fs.writeFileSync(file('helpers.c'), 'int watched_pre(struct klp_object *obj) { return 0; }\n');
  await session.connection.sendNotification('workspace/didChangeWatchedFiles', {
    changes: [{ uri: uriOf('helpers.c'), type: 1 }],
  });
  const fixed = await session.diagnostics(uriOf('watched.c'));
  assert.deepEqual(undefinedNames(fixed), []);
  assert.deepEqual(await drain(uriOf('bystander.c')), [], 'bystander.c registers no changed name');

  // A change that defines nothing new re-checks nothing.
  fs.writeFileSync(file('unrelated.c'), 'int unrelated(void) { return 1; }\n');
  await session.connection.sendNotification('workspace/didChangeWatchedFiles', {
    changes: [{ uri: uriOf('unrelated.c'), type: 2 }],
  });
  assert.deepEqual(await drain(uriOf('watched.c')), []);

  // Deleted again: the callback is undefined once more.
  fs.rmSync(file('helpers.c'));
  await session.connection.sendNotification('workspace/didChangeWatchedFiles', {
    changes: [{ uri: uriOf('helpers.c'), type: 3 }],
  });
  const broken = await session.diagnostics(uriOf('watched.c'));
  assert.equal(undefinedNames(broken).length, 1);
  assert.deepEqual(await drain(uriOf('bystander.c')), []);
  assert.deepEqual(session.loggedErrors(), []);
});
