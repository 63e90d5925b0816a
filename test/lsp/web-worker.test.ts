// The web build (dist/web/server.js) as a real Chromium runs it: a dedicated worker speaking LSP over postMessage, with the same findings as the Node server.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import type { Diagnostic, Hover } from 'vscode-languageserver-protocol';
import { REPO_ROOT, SAMPLES } from '../helpers';
import { startServer } from './lsp-client';

const CHROMIUM = process.env.KLP_E2E_CHROMIUM ?? '/usr/bin/chromium';
const WORKER = path.join(REPO_ROOT, 'dist', 'web', 'server.js');
const skip = !fs.existsSync(CHROMIUM)
  ? `no Chromium at ${CHROMIUM} (apt-get install chromium)`
  : !fs.existsSync(WORKER)
    ? 'not built: run npm run build first'
    : false;

/** What the page may fetch: the worker bundle and the two wasm files, as the extension would serve them. */
const SERVED: Record<string, { file: string; type: string }> = {
  '/dist/web/server.js': { file: WORKER, type: 'text/javascript' },
  '/grammars/web-tree-sitter.wasm': {
    file: path.join(REPO_ROOT, 'grammars', 'web-tree-sitter.wasm'),
    type: 'application/wasm',
  },
  '/grammars/tree-sitter-c.wasm': {
    file: path.join(REPO_ROOT, 'grammars', 'tree-sitter-c.wasm'),
    type: 'application/wasm',
  },
  '/': { file: '', type: 'text/html' },
};

// A URI of the kind VS Code for the Web gives documents: not a file on any disk.
const URI = 'vscode-vfs://github/example/livepatch/leaky-probe.c';
const TEXT = fs.readFileSync(path.join(SAMPLES, 'buggy', 'leaky-probe.c'), 'utf8');

let server: http.Server;
let origin = '';
let browser: Browser;

before(async () => {
  if (skip) return;
  server = http.createServer((request, response) => {
    const served = SERVED[request.url ?? ''];
    if (!served) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': served.type });
    response.end(
      served.file ? fs.readFileSync(served.file) : '<!doctype html><title>klp-callbacks web worker</title>',
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
});

after(async () => {
  await browser?.close();
  server?.close();
});

interface WorkerRun {
  serverName: string;
  diagnostics: Diagnostic[];
  hover: Hover | null;
  shutdown: unknown;
}

/** Runs in the page: a worker from the bundle, JSON-RPC messages posted to it and read back. */
async function driveWorker(args: {
  uri: string;
  text: string;
  line: number;
  character: number;
}): Promise<WorkerRun> {
  type Message = {
    id?: number;
    method?: string;
    params?: { uri?: string; diagnostics?: Diagnostic[] };
    result?: unknown;
    error?: unknown;
  };
  // The page's Worker (this project compiles without DOM types: the shape used here, declared).
  interface PageWorker {
    onmessage: (event: { data: Message }) => void;
    onerror: (event: { message: string }) => void;
    postMessage(message: object): void;
    terminate(): void;
  }
  const PageWorker = (globalThis as unknown as { Worker: new (url: string) => PageWorker }).Worker;
  const worker = new PageWorker('/dist/web/server.js');
  const messages: Message[] = [];
  const errors: string[] = [];
  worker.onmessage = (event) => messages.push(event.data);
  worker.onerror = (event) => errors.push(event.message);
  const send = (message: object) => worker.postMessage({ jsonrpc: '2.0', ...message });
  const until = (accept: (m: Message) => boolean) =>
    new Promise<Message>((resolve, reject) => {
      const started = Date.now();
      const poll = () => {
        const found = messages.find(accept);
        if (found) return resolve(found);
        if (errors.length > 0 || Date.now() - started > 60_000) {
          return reject(
            new Error(
              `worker: ${errors.join('; ') || 'timed out'}; seen ${JSON.stringify(messages).slice(0, 400)}`,
            ),
          );
        }
        setTimeout(poll, 20);
      };
      poll();
    });
  send({ id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
  const initialized = (await until((m) => m.id === 1)).result as { serverInfo: { name: string } };
  send({ method: 'initialized', params: {} });
  send({
    method: 'textDocument/didOpen',
    params: { textDocument: { uri: args.uri, languageId: 'c', version: 1, text: args.text } },
  });
  const published = await until(
    (m) => m.method === 'textDocument/publishDiagnostics' && m.params?.uri === args.uri,
  );
  send({
    id: 2,
    method: 'textDocument/hover',
    params: { textDocument: { uri: args.uri }, position: { line: args.line, character: args.character } },
  });
  const hover = (await until((m) => m.id === 2)).result as Hover | null;
  send({ id: 3, method: 'shutdown' });
  const shutdown = await until((m) => m.id === 3);
  send({ method: 'exit' });
  worker.terminate();
  return {
    serverName: initialized.serverInfo.name,
    diagnostics: published.params?.diagnostics ?? [],
    hover,
    shutdown: shutdown.error ?? null,
  };
}

test(
  "the worker server initializes, publishes the Node server's diagnostics, hovers and shuts down in Chromium",
  { skip },
  async () => {
    const line = TEXT.split('\n').findIndex((l) => /\.pre_patch\s*=/.test(l));
    assert.ok(line >= 0, 'the sample registers a pre_patch');
    const character = TEXT.split('\n')[line].indexOf('pre_patch');
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    // tsx names functions through an `__name` helper, which the page does not have.
    await page.addInitScript({ content: 'globalThis.__name = (target) => target;' });
    await page.goto(`${origin}/`);
    const run = await page.evaluate(driveWorker, { uri: URI, text: TEXT, line, character });
    await page.close();
    assert.deepEqual(pageErrors, []);
    assert.equal(run.serverName, 'klp-callbacks-ls');
    assert.equal(run.shutdown, null);
    assert.ok(run.diagnostics.length > 0, 'the planted bugs are found');

    // The same document through the Node server: the worker must find exactly the same.
    const node = startServer();
    try {
      await node.connection.sendRequest('initialize', {
        processId: process.pid,
        rootUri: null,
        capabilities: {},
      });
      await node.connection.sendNotification('initialized', {});
      await node.connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri: URI, languageId: 'c', version: 1, text: TEXT },
      });
      const expected = await node.diagnostics(URI);
      const hover = await node.connection.sendRequest('textDocument/hover', {
        textDocument: { uri: URI },
        position: { line, character },
      });
      assert.deepEqual(run.diagnostics, expected.diagnostics);
      assert.ok(run.hover, 'a hover on the pre_patch registration');
      assert.deepEqual(run.hover, hover);
    } finally {
      await node.close();
    }
  },
);
