// "Verify on a real kernel": which modules and actions a request verifies, the result's words, and the request over JSON-RPC.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { extractFileModel } from '../../server/src/core/model/extract';
import type { FileModel } from '../../server/src/core/model/types';
import { findToolchain } from '../../server/src/host/verify/toolchain';
import {
  provideVerifyScenario,
  verifyJob,
  verifyResult,
  type Cancellation,
  type ScenarioVerifier,
  type VerifyJob,
  type VerifyOutcome,
} from '../../server/src/lsp/features/verify-scenario';
import type { TraceSource } from '../../server/src/lsp/features/trace';
import {
  TraceRequest,
  VerifyProgressNotification,
  VerifyScenarioRequest,
  type VerifyProgressParams,
} from '../../server/src/protocol';
import { engine, SAMPLES } from '../helpers';
import { startInitialized, type LspSession } from './lsp-client';

const demoFile = path.join(SAMPLES, 'livepatch-callbacks-demo.c');
const demoUri = pathToFileURL(demoFile).href;
const demoText = fs.readFileSync(demoFile, 'utf8');

async function sourceOf(files: Record<string, string>): Promise<TraceSource> {
  const parser = await engine();
  const models = new Map<string, FileModel>(
    Object.entries(files).map(([uri, text]) => [uri, extractFileModel(parser, new URL(uri).pathname, text)]),
  );
  return {
    has: (uri) => models.has(uri),
    uris: () => [...models.keys()],
    version: () => 1,
    model: (uri) => models.get(uri),
  };
}

const never: Cancellation = { isCancellationRequested: false, onCancellationRequested: () => undefined };

function fakeVerifier(outcome: VerifyOutcome, jobs: VerifyJob[] = []): ScenarioVerifier {
  return {
    probe: () => Promise.resolve({ kind: 'available' }),
    run(job, progress) {
      jobs.push(job);
      progress('booting');
      return Promise.resolve(outcome);
    },
  };
}

test('a built-in is verified by name with the document’s modules; scenario text with its actions', async () => {
  const source = await sourceOf({ [demoUri]: demoText });
  const builtin = verifyJob(source, { uri: demoUri, scenario: 'target-loaded-before-patch' });
  assert.ok('job' in builtin, JSON.stringify(builtin));
  assert.equal(builtin.scenario, 'target-loaded-before-patch');
  assert.deepEqual(
    builtin.job.modules.map((m) => m.patch.name),
    ['livepatch_callbacks_demo'],
  );
  assert.ok(builtin.job.actions.length > 2);
  const custom = verifyJob(source, {
    uri: demoUri,
    scenario: 'load livepatch_callbacks_demo\nload livepatch_callbacks_mod',
  });
  assert.ok('job' in custom);
  assert.equal(custom.scenario, 'custom');
  assert.deepEqual(
    custom.job.actions.map((a) => a.text),
    ['load livepatch_callbacks_demo', 'load livepatch_callbacks_mod'],
  );
});

test('what cannot be verified says why: a closed document, a file without a livepatch, bad scenario text', async () => {
  const source = await sourceOf({ [demoUri]: demoText, 'file:///plain.c': 'int x;\n' });
  const closed = verifyJob(source, { uri: 'file:///other.c', scenario: 'load p' });
  assert.match('problem' in closed ? closed.problem : '', /not open/);
  const plain = verifyJob(source, { uri: 'file:///plain.c', scenario: 'load p' });
  assert.match('problem' in plain ? plain.problem : '', /No livepatch/);
  const bad = verifyJob(source, { uri: demoUri, scenario: 'load\nfrobnicate x' });
  assert.match('problem' in bad ? bad.problem : '', /^Scenario line 1: /);
});

test('provideVerifyScenario runs the job, forwards progress, and words the outcome', async () => {
  const source = await sourceOf({ [demoUri]: demoText });
  const jobs: VerifyJob[] = [];
  const progress: string[] = [];
  const outcome: VerifyOutcome = {
    kind: 'ran',
    kernel: '6.1.0-57-amd64 #1 SMP',
    problems: [],
    predicted: ['== load p', 'info x'],
    real: ['== load p', 'info x'],
    firstDifference: -1,
  };
  const result = await provideVerifyScenario(
    source,
    { uri: demoUri, scenario: 'target-loaded-before-patch' },
    fakeVerifier(outcome, jobs),
    (m) => progress.push(m),
    never,
  );
  assert.equal(jobs.length, 1);
  assert.deepEqual(progress, ['booting']);
  assert.equal(result.status, 'agree');
  assert.match(result.summary, /^The real kernel \(6\.1\.0-57-amd64\) agrees with the prediction: 2 lines/);
  const probe = await provideVerifyScenario(
    source,
    { uri: demoUri, scenario: '', probe: true },
    fakeVerifier(outcome, jobs),
    () => {},
    never,
  );
  assert.equal(probe.status, 'available');
  assert.equal(jobs.length, 1, 'a probe runs nothing');
});

test('each outcome has its status and one line: difference, unusable run, missing packages, error, cancel', () => {
  const differ = verifyResult(
    {
      kind: 'ran',
      kernel: 'k',
      problems: [],
      predicted: ['a', 'b', 'c'],
      real: ['a', 'x'],
      firstDifference: 1,
    },
    'custom',
    ['scenario line 2: something'],
  );
  assert.equal(differ.status, 'differ');
  assert.equal(differ.summary, 'The real kernel (k) differs from row 2 on: predicted "b", real "x".');
  assert.deepEqual(differ.warnings, ['scenario line 2: something']);
  const unusable = verifyResult(
    {
      kind: 'ran',
      kernel: 'k',
      problems: ['qemu did not finish'],
      predicted: [],
      real: [],
      firstDifference: -1,
    },
    's',
    [],
  );
  assert.equal(unusable.status, 'failed');
  assert.match(unusable.summary, /not usable: qemu did not finish/);
  const missing = verifyResult(
    { kind: 'unavailable', missing: ['cpio'], aptLine: 'apt-get install -y cpio' },
    's',
    [],
  );
  assert.equal(missing.status, 'unavailable');
  assert.equal(missing.aptLine, 'apt-get install -y cpio');
  assert.equal(
    verifyResult({ kind: 'unavailable', missing: ['x'], aptLine: '' }, 's', []).aptLine,
    undefined,
  );
  assert.equal(verifyResult({ kind: 'error', message: 'boom' }, 's', []).status, 'failed');
  assert.equal(verifyResult({ kind: 'cancelled' }, 's', []).status, 'cancelled');
});

describeOverJsonRpc();

function describeOverJsonRpc(): void {
  let session: LspSession;
  const progress: VerifyProgressParams[] = [];
  let onProgress: (() => void) | undefined;

  before(async () => {
    session = await startInitialized();
    session.connection.onNotification(VerifyProgressNotification.method, (p: VerifyProgressParams) => {
      progress.push(p);
      onProgress?.();
    });
    await session.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: demoUri, languageId: 'c', version: 1, text: demoText },
    });
    await session.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: 'file:///plain.c', languageId: 'c', version: 1, text: 'int x;\n' },
    });
  });

  after(() => session.close());

  test('over JSON-RPC a probe says whether this machine can run a real kernel, as the toolchain finds it', async () => {
    const result = await session.connection.sendRequest(VerifyScenarioRequest.type, {
      uri: demoUri,
      scenario: '',
      probe: true,
    });
    const found = findToolchain();
    assert.equal(result?.status, 'missing' in found ? 'unavailable' : 'available', result?.summary);
    if ('missing' in found) assert.match(result?.aptLine ?? '', /^apt-get install/);
  });

  test('over JSON-RPC a file without a livepatch is answered at once, without a VM', async () => {
    const result = await session.connection.sendRequest(VerifyScenarioRequest.type, {
      uri: 'file:///plain.c',
      scenario: 'target-loaded-before-patch',
    });
    assert.equal(result?.status, 'failed');
    assert.match(result?.summary ?? '', /No livepatch/);
  });

  test('over JSON-RPC a run does not hold up other requests, reports progress, and a cancel ends it', async () => {
    if ('missing' in findToolchain()) return; // the probe test above covers this machine
    const { CancellationTokenSource } = await import('vscode-jsonrpc');
    const cancel = new CancellationTokenSource();
    const started = new Promise<void>((resolve) => (onProgress = resolve));
    const running = session.connection.sendRequest(
      VerifyScenarioRequest.type,
      { uri: demoUri, scenario: 'target-loaded-before-patch' },
      cancel.token,
    );
    await started;
    const trace = await session.connection.sendRequest(TraceRequest.type, { uri: demoUri });
    assert.ok(trace && trace.scenarios.length > 0, 'the trace was answered while the verify ran');
    assert.ok(progress.some((p) => p.uri === demoUri));
    cancel.cancel();
    const result = await running.catch((error: unknown) => ({ status: 'rejected', error }));
    assert.equal((result as { status?: string } | null)?.status, 'cancelled');
  });
}
