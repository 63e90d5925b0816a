// Keeps the workspace index current: builds it in the background with work done progress, then follows file events.
import { fileURLToPath } from 'node:url';
import {
  DidChangeWatchedFilesNotification,
  FileChangeType,
  type ClientCapabilities,
  type Connection,
  type FileEvent,
} from 'vscode-languageserver/node';
import type { WorkspaceIndex } from './workspace-index';

/** The files the server cares about on disk: indexed sources, patches and scenario files. */
export const WATCHED_GLOB = '**/*.{c,h,patch,diff,klpscenario}';

/** Whether the client lets the server register for file events (VS Code does). */
export function canWatchFiles(capabilities: ClientCapabilities): boolean {
  return capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
}

/** Asks the client for file events (only once initialized: registrations come after the handshake). */
export function registerFileWatching(connection: Connection): void {
  connection.client
    .register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: WATCHED_GLOB }] })
    .catch((error: unknown) =>
      connection.console.error(`klp-callbacks: the client refused file watching: ${String(error)}`),
    );
}

/** Builds the index, reporting `$/progress` (when the client supports it) and logging what was read. */
export async function buildWithProgress(
  connection: Connection,
  index: WorkspaceIndex,
  folders: readonly string[],
): Promise<void> {
  const progress = await connection.window.createWorkDoneProgress();
  progress.begin('klp-callbacks: indexing the workspace', 0, 'finding C files', false);
  let lastPercent = -1;
  try {
    const summary = await index.build(folders, ({ done, total }) => {
      const percent = total === 0 ? 100 : Math.floor((done * 100) / total);
      if (percent === lastPercent) return;
      lastPercent = percent;
      progress.report(percent, `${done} of ${total} files`);
    });
    connection.console.info(
      `klp-callbacks: indexed ${summary.files} C files (${summary.livepatchFiles} with livepatch registrations) ` +
        `in ${Math.round(summary.milliseconds)} ms: ${folders.join(', ')}`,
    );
  } finally {
    progress.done();
  }
}

/**
 * Applies a batch of file events to the index. Returns the function names whose definitions
 * appeared or disappeared: only documents registering one of them need checking again.
 */
export function applyFileEvents(index: WorkspaceIndex, events: readonly FileEvent[]): Set<string> {
  const changed = new Set<string>();
  for (const event of events) {
    const file = filePath(event.uri);
    if (!file) continue;
    const names = event.type === FileChangeType.Deleted ? index.remove(file) : index.update(file);
    for (const name of names) changed.add(name);
  }
  return changed;
}

function filePath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}
