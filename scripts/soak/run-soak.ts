// The language server soak: open documents, rapid incremental edits with requests interleaved, close/reopen cycles.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { PublishDiagnosticsNotification } from 'vscode-languageserver-protocol/node';
import {
  SERVER_EXEC_ARGV,
  ServerStatsRequest,
  TraceRequest,
  type ServerStats,
} from '../../server/src/protocol';
import { startServer, type LspSession } from '../../test/lsp/lsp-client';
import { seededRandom, type Random } from '../seeded-random';
import { pickEpisode, soakDocument } from './corpus';
import { freshCheck, sameDiagnostics } from './fresh-check';

export interface SoakOptions {
  documents: number;
  edits: number;
  cycles: number;
  seed: number;
  /** Edits between memory samples. */
  sampleEvery: number;
  /** Extra node options for the server (it gets --expose-gc for the samples, and the extension's SERVER_EXEC_ARGV). */
  serverNodeOptions?: readonly string[];
  log?: (line: string) => void;
}

export interface MemorySample {
  edits: number;
  stats: ServerStats;
  /** CPU time the server process used so far (Linux /proc; 0 elsewhere): unlike latency, untouched by other load. */
  cpuMs: number;
}

export interface SoakReport {
  edits: number;
  hovers: number;
  codeActions: number;
  traces: number;
  cycles: number;
  /** Error responses, and errors the server logged (analyses it survived). */
  errors: string[];
  /** Keystroke-to-diagnostics milliseconds, in edit order (one per awaited burst). */
  latencies: number[];
  memory: MemorySample[];
  /** Documents whose final diagnostics differ from a fresh `check --format json`. */
  mismatches: string[];
}

interface OpenText {
  uri: string;
  file: string;
  text: string;
  version: number;
}

export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const random = seededRandom(options.seed);
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'klp-soak-'));
  const docs: OpenText[] = Array.from({ length: options.documents }, (_, i) => {
    const file = path.join(folder, `soak_${i}.c`);
    const text = soakDocument(i, options.documents);
    fs.writeFileSync(file, text);
    return { uri: pathToFileURL(file).href, file, text, version: 1 };
  });
  const report: SoakReport = {
    ...{ edits: 0, hovers: 0, codeActions: 0, traces: 0, cycles: 0 },
    ...{ errors: [], latencies: [], memory: [], mismatches: [] },
  };
  const session = startServer(undefined, undefined, [
    '--expose-gc',
    ...SERVER_EXEC_ARGV,
    ...(options.serverNodeOptions ?? []),
  ]);
  const published = watchDiagnostics(session);
  const request = async <T>(method: string, params: unknown): Promise<T | undefined> => {
    try {
      return await session.connection.sendRequest<T>(method, params);
    } catch (error) {
      report.errors.push(`${method}: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  };
  const sample = async () => {
    const stats = await request<ServerStats>(ServerStatsRequest.method, { collect: true });
    if (stats) report.memory.push({ edits: report.edits, stats, cpuMs: cpuMsOf(session.pid) });
  };
  try {
    await request('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: {},
      workspaceFolders: [{ uri: pathToFileURL(folder).href, name: 'soak' }],
    });
    await session.connection.sendNotification('initialized', {});
    await sample();
    for (const doc of docs) await open(session, doc);
    await Promise.all(docs.map((doc) => published.settled(doc.uri, doc.version)));
    await sample();

    const cycleEvery = Math.max(1, Math.floor(options.edits / Math.max(1, options.cycles)));
    let nextSample = options.sampleEvery;
    let nextCycle = cycleEvery;
    while (report.edits < options.edits) {
      const doc = random.pick(docs);
      await runEpisode(
        doc,
        random,
        options.edits - report.edits,
        async (change) => {
          doc.version++;
          report.edits++;
          await session.connection.sendNotification('textDocument/didChange', {
            textDocument: { uri: doc.uri, version: doc.version },
            contentChanges: [change],
          });
          return doc.version;
        },
        async (version) => {
          const sent = performance.now();
          await published.settled(doc.uri, version);
          report.latencies.push(performance.now() - sent);
          await interleave(doc, random, report, request);
        },
      );
      if (report.edits >= nextCycle && report.cycles < options.cycles) {
        nextCycle += cycleEvery;
        const cycled = random.pick(docs);
        await session.connection.sendNotification('textDocument/didClose', {
          textDocument: { uri: cycled.uri },
        });
        cycled.version++;
        await open(session, cycled);
        await published.settled(cycled.uri, cycled.version);
        report.cycles++;
      }
      if (report.edits >= nextSample) {
        nextSample += options.sampleEvery;
        await sample();
        options.log?.(`${report.edits} edits, rss ${mb(report.memory.at(-1)?.stats.rss)} MB`);
      }
    }
    for (const doc of docs) await published.settled(doc.uri, doc.version);
    await published.quiet(400);
    await sample();
    for (const doc of docs) fs.writeFileSync(doc.file, doc.text);
    const expected = freshCheck(docs.map((doc) => doc.file));
    for (const doc of docs) {
      const got = published.latest(doc.uri);
      if (!sameDiagnostics(got ?? [], expected.get(doc.file) ?? [])) report.mismatches.push(doc.file);
    }
    report.errors.push(...session.loggedErrors());
    return report;
  } finally {
    await session.close();
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

type Change = { range: { start: Position; end: Position }; text: string };
interface Position {
  line: number;
  character: number;
}

/**
 * Types an episode key by key in bursts of one to four keys, waiting for the diagnostics of each
 * burst's last version (that wait is the latency measured), then takes it back unless it is kept.
 */
async function runEpisode(
  doc: OpenText,
  random: Random,
  budget: number,
  send: (change: Change) => Promise<number>,
  settle: (version: number) => Promise<void>,
): Promise<void> {
  const episode = pickEpisode(doc.text, random);
  const typed = episode.kind === 'type' ? episode.snippet : episode.suffix;
  const keys: { insert?: string; offset: number }[] = [];
  for (let k = 0; k < typed.length; k++) keys.push({ insert: typed[k], offset: episode.offset + k });
  if (episode.kind === 'rename' || !episode.keep) {
    for (let k = typed.length - 1; k >= 0; k--) keys.push({ offset: episode.offset + k });
  }
  let burst = 0;
  let burstSize = 1 + random.below(4);
  for (const key of keys.slice(0, Math.max(1, budget))) {
    const start = positionAt(doc.text, key.offset);
    const end = key.insert === undefined ? positionAt(doc.text, key.offset + 1) : start;
    const text = key.insert ?? '';
    doc.text =
      doc.text.slice(0, key.offset) + text + doc.text.slice(key.offset + (key.insert === undefined ? 1 : 0));
    const version = await send({ range: { start, end }, text });
    if (++burst >= burstSize || key === keys.at(-1)) {
      await settle(version);
      burst = 0;
      burstSize = 1 + random.below(4);
    }
  }
}

/** Hovers, code actions and trace requests between keystrokes, as an editor sends them. */
async function interleave(
  doc: OpenText,
  random: Random,
  report: SoakReport,
  request: <T>(method: string, params: unknown) => Promise<T | undefined>,
): Promise<void> {
  const textDocument = { uri: doc.uri };
  const somewhere = () => positionAt(doc.text, random.below(doc.text.length));
  if (random.chance(0.3)) {
    report.hovers++;
    await request('textDocument/hover', { textDocument, position: somewhere() });
  }
  if (random.chance(0.2)) {
    report.codeActions++;
    const start = somewhere();
    await request('textDocument/codeAction', {
      textDocument,
      range: { start, end: start },
      context: { diagnostics: [] },
    });
  }
  if (random.chance(0.1)) {
    report.traces++;
    await request(TraceRequest.method, { uri: doc.uri });
  }
}

async function open(session: LspSession, doc: OpenText): Promise<void> {
  await session.connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri: doc.uri, languageId: 'c', version: doc.version, text: doc.text },
  });
}

function positionAt(text: string, offset: number): Position {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

/** Keeps only the newest diagnostics per document (an unbounded log would grow the harness, not the server). */
function watchDiagnostics(session: LspSession) {
  const newest = new Map<string, { version?: number; diagnostics: Diagnostic[] }>();
  const waiters: { uri: string; version: number; resolve: () => void }[] = [];
  let lastArrival = performance.now();
  session.connection.onNotification(
    PublishDiagnosticsNotification.type,
    (params: PublishDiagnosticsParams) => {
      lastArrival = performance.now();
      newest.set(params.uri, { version: params.version, diagnostics: params.diagnostics });
      for (let i = waiters.length - 1; i >= 0; i--) {
        const waiter = waiters[i];
        if (waiter.uri === params.uri && (params.version ?? -1) >= waiter.version) {
          waiters.splice(i, 1);
          waiter.resolve();
        }
      }
    },
  );
  return {
    /** Resolves once diagnostics for `version` (or a later one) of `uri` arrived. */
    settled(uri: string, version: number): Promise<void> {
      if ((newest.get(uri)?.version ?? -1) >= version) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ uri, version, resolve }));
    },
    async quiet(ms: number): Promise<void> {
      while (performance.now() - lastArrival < ms) await new Promise((r) => setTimeout(r, ms / 4));
    },
    latest: (uri: string) => newest.get(uri)?.diagnostics,
  };
}

/** utime + stime of a process, from /proc/PID/stat (fields 14 and 15, in clock ticks of 10 ms). */
function cpuMsOf(pid: number | undefined): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

function mb(bytes: number | undefined): string {
  return bytes === undefined ? '?' : (bytes / 1048576).toFixed(1);
}
