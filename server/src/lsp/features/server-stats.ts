// Server stats: process memory, the parser's WebAssembly memory and cache sizes, for soak runs.
import type { ServerStats, ServerStatsParams } from '../../protocol';

export interface StatsSources {
  wasmMemoryBytes(): number;
  openDocuments: number;
  flowCacheBytes: number;
}

export function provideServerStats(params: ServerStatsParams, sources: StatsSources): ServerStats {
  const gc = (globalThis as { gc?: () => void }).gc;
  // Without a collection heapUsed mostly measures garbage not collected yet.
  if (params.collect && gc) gc();
  const memory = process.memoryUsage();
  return {
    rss: memory.rss,
    heapUsed: memory.heapUsed,
    heapTotal: memory.heapTotal,
    external: memory.external,
    wasm: sources.wasmMemoryBytes(),
    openDocuments: sources.openDocuments,
    flowCacheBytes: sources.flowCacheBytes,
  };
}
