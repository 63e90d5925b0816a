// "Show the scenario where this happens": the code action's arguments, the trace they open, and the hover line.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { analyzeText } from '../../server/src/core/analyze';
import { provideCodeActions, SHOW_COUNTEREXAMPLE_COMMAND } from '../../server/src/lsp/features/code-actions';
import { provideHover } from '../../server/src/lsp/features/hover';
import { TraceRequest, VerifyScenarioCommand, type ShowCounterexampleArgs } from '../../server/src/protocol';
import { DocumentStore } from '../../server/src/lsp/documents';
import { provideTrace } from '../../server/src/lsp/features/trace';
import { engine, FIXTURES, SAMPLES } from '../helpers';
import { startInitialized, type LspSession } from './lsp-client';

const file = path.join(SAMPLES, 'buggy', 'leaky-probe.c');
const uri = pathToFileURL(file).href;
const text = fs.readFileSync(file, 'utf8');
const TITLE = 'Show the scenario where this happens';
let session: LspSession;

before(async () => {
  session = await startInitialized();
});

after(() => session.close());

interface CommandAction {
  title: string;
  command?: { command: string; arguments: unknown[] };
}

test('provideCodeActions offers the scenario of a lifecycle finding, and only of one', async () => {
  const analysis = analyzeText(await engine(), file, text);
  const lifecycle = analysis.findings.find((f) => f.rule === 'pre-patch-partial-cleanup');
  const structural = analysis.findings.find((f) => f.rule === 'shadow-unchecked-alloc');
  assert.ok(lifecycle?.counterexample && structural && !structural.counterexample);
  const show = provideCodeActions(analysis, uri, text, lifecycle.range).find((a) => a.title === TITLE);
  assert.deepEqual(show?.command, {
    title: TITLE,
    command: SHOW_COUNTEREXAMPLE_COMMAND,
    arguments: [
      { uri, scenario: lifecycle.counterexample.scenario, highlight: lifecycle.counterexample.highlight },
    ],
  });
  assert.equal(
    provideCodeActions(analysis, uri, text, structural.range).some((a) => a.title === TITLE),
    false,
  );
});

test('where a real kernel can run, a counterexample also offers to verify it there', async () => {
  const analysis = analyzeText(await engine(), file, text);
  const lifecycle = analysis.findings.find((f) => f.rule === 'pre-patch-partial-cleanup');
  assert.ok(lifecycle?.counterexample);
  const verifyTitle = 'Verify this scenario on a real kernel';
  const offered = provideCodeActions(analysis, uri, text, lifecycle.range, { verifyAvailable: true });
  assert.deepEqual(offered.find((a) => a.title === verifyTitle)?.command, {
    title: verifyTitle,
    command: VerifyScenarioCommand.id,
    arguments: [{ uri, scenario: lifecycle.counterexample.scenario }],
  });
  const without = provideCodeActions(analysis, uri, text, lifecycle.range, { verifyAvailable: false });
  assert.equal(
    without.some((a) => a.title === verifyTitle),
    false,
  );
});

test('provideHover names the scenario of a finding under the cursor in one line', async () => {
  const analysis = analyzeText(await engine(), file, text);
  const finding = analysis.findings.find((f) => f.rule === 'pre-patch-partial-cleanup');
  assert.ok(finding?.counterexample);
  const hover = provideHover(analysis.model, finding.range.start, analysis.findings);
  const value = (hover?.contents as { value: string }).value;
  assert.match(
    value,
    /^`pre-patch-partial-cleanup` happens in the scenario `fail leaky_probe:vmlinux; load leaky_probe`$/m,
  );
  assert.equal(provideHover(analysis.model, finding.range.start, []), null);
});

test('over JSON-RPC: the action carries ShowCounterexampleArgs whose trace highlights the failing pre_patch', async () => {
  await session.connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId: 'c', version: 1, text },
  });
  const published = await session.diagnostics(uri, (p) => p.version === 1);
  const diagnostic = published.diagnostics.find((d) => d.code === 'pre-patch-partial-cleanup');
  assert.ok(diagnostic);
  const actions = (await session.connection.sendRequest('textDocument/codeAction', {
    textDocument: { uri },
    range: diagnostic.range,
    context: { diagnostics: [diagnostic] },
  })) as CommandAction[];
  const show = actions.find((a) => a.title === TITLE);
  assert.equal(show?.command?.command, 'klpCallbacks.showCounterexample');
  const [args] = (show?.command?.arguments ?? []) as ShowCounterexampleArgs[];
  assert.deepEqual(Object.keys(args).sort(), ['highlight', 'scenario', 'uri']);
  assert.equal(args.uri, uri);

  const result = await session.connection.sendRequest(TraceRequest.type, { uri, scenario: args.scenario });
  const events = result?.scenarios.find((s) => s.name === 'custom')?.events ?? [];
  assert.ok(args.highlight.length > 0);
  const failing = args.highlight.map((index) => events[index]);
  assert.ok(
    failing.some((e) => e?.type === 'callback' && e.callback === 'pre_patch' && e.ret === -19),
    JSON.stringify(failing),
  );

  const hover = (await session.connection.sendRequest('textDocument/hover', {
    textDocument: { uri },
    position: diagnostic.range.start,
  })) as { contents: { value: string } } | null;
  assert.match(
    hover?.contents.value ?? '',
    /happens in the scenario `fail leaky_probe:vmlinux; load leaky_probe`/,
  );
  assert.deepEqual(session.loggedErrors(), []);
});

test('a counterexample of the build without an #if: the hover names the build, the trace panel replays that build', async () => {
  const ifdef = path.join(FIXTURES, 'rules', 'asymmetric-pair', 'bad-ifdef.c');
  const ifdefText = fs.readFileSync(ifdef, 'utf8');
  const analysis = analyzeText(await engine(), ifdef, ifdefText);
  const finding = analysis.findings.find((f) => f.rule === 'asymmetric-pair');
  assert.ok(finding?.counterexample?.withoutCondition === 'CONFIG_BANNER_CLEANUP');
  const hover = provideHover(analysis.model, finding.range.start, analysis.findings);
  assert.match(
    (hover?.contents as { value: string }).value,
    /^`asymmetric-pair` happens in the scenario `load bad_ifdef; disable bad_ifdef; unload bad_ifdef` \(built without `CONFIG_BANNER_CLEANUP`\)$/m,
  );
  // What "Show the scenario where this happens" asks the server for: the same events, that build's.
  const store = new DocumentStore(await engine());
  const ifdefUri = pathToFileURL(ifdef).href;
  try {
    store.openDocument(ifdefUri, 1, ifdefText);
    const traced = provideTrace(store, { uri: ifdefUri, scenario: finding.counterexample.scenario });
    // The panel's callback events carry their document's URI besides what `trace` prints.
    const events = traced.scenarios[0]?.events.map((event) => {
      if (event.type !== 'callback') return event;
      const plain: Partial<typeof event> = { ...event };
      delete plain.uri;
      return plain;
    });
    assert.deepEqual(events, finding.counterexample.events);
  } finally {
    store.disposeAll();
  }
});
