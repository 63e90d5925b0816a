// Runs scenarios through the simulator and, with mirror modules, a real kernel in one VM boot; returns both traces per case.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { appendAll } from '../../core/append';
import type { TraceEvent } from '../../core/lifecycle/events';
import type { ScenarioAction } from '../../core/lifecycle/scenario';
import { simulate, type LivepatchModule } from '../../core/lifecycle/simulate';
import { buildCases, buildFixedParts, buildInitramfs } from './build';
import { guestScript, PROGRESS, type GuestCase } from './guest-script';
import { readCapture } from './kernel-log';
import { mirrorLivepatchSource } from './mirror-livepatch';
import { targetModuleSource } from './mirror-targets';
import {
  callbackProbes,
  mergeHits,
  readProbeHits,
  realComparable,
  replacedFunctions,
} from './real-callbacks';
import type { Toolchain } from './toolchain';
import { comparableLines, projectedLines } from './trace-lines';
import { bootGuest } from './vm';

export interface VerifyCase {
  id: string;
  modules: readonly LivepatchModule[];
  actions: readonly ScenarioAction[];
  /** --real-callbacks: patch name → the user's own C source, built and loaded as written. */
  real?: ReadonlyMap<string, string>;
}

export interface CaseResult {
  id: string;
  predicted: TraceEvent[];
  predictedLines: string[];
  /** The real kernel's normalised lines (retry lines included); empty when it could not run. */
  realLines: string[];
  /** The kernel that ran it (`uname -r -v`), empty when none did. */
  kernel: string;
  /** Why the real run is not usable (build errors, kernel trouble, a missing log). */
  problems: string[];
  /** Index in the comparable lines of the first difference; -1 when they agree. */
  firstDifference: number;
  /** The C sources the case was built from, module name → text. */
  sources: Map<string, string>;
}

export interface RunOptions {
  toolchain: Toolchain;
  cache: string;
  /** Where the initramfs and the console log go (kept with --keep). */
  workDir: string;
  progress: (message: string) => void;
}

/** The C sources of a case: a mirror per livepatch, a stand-in per other module the scenario loads. */
export function caseSources(c: VerifyCase): { sources: Map<string, string> } | { problem: string } {
  const sources = new Map<string, string>();
  for (const module of c.modules) {
    const own = c.real?.get(module.patch.name);
    if (own !== undefined) {
      sources.set(module.patch.name, own);
      continue;
    }
    const mirror = mirrorLivepatchSource(module.patch);
    if ('message' in mirror) return { problem: `${module.patch.name}: ${mirror.message}` };
    sources.set(module.patch.name, mirror.source);
  }
  for (const action of c.actions) {
    if (action.kind === 'load' && !sources.has(action.name)) {
      const own = c.modules.filter((m) => c.real?.has(m.patch.name));
      sources.set(action.name, targetModuleSource(action.name, replacedFunctions(own, action.name)));
    }
  }
  return { sources };
}

export async function runCases(cases: readonly VerifyCase[], options: RunOptions): Promise<CaseResult[]> {
  const results: CaseResult[] = cases.map((c) => {
    const predicted = simulate([...c.modules], [...c.actions]);
    const lines = projectedLines(predicted);
    return {
      id: c.id,
      predicted,
      // A module built as written shows its callbacks without kind, state or result (real-callbacks.ts).
      predictedLines: c.real ? lines.map(realComparable) : lines,
      realLines: [],
      kernel: '',
      problems: [],
      firstDifference: -1,
      sources: new Map(),
    };
  });
  const runnable: { c: VerifyCase; result: CaseResult }[] = [];
  cases.forEach((c, i) => {
    const result = results[i] as CaseResult;
    const built = caseSources(c);
    if ('problem' in built) result.problems.push(built.problem);
    else {
      result.sources = built.sources;
      runnable.push({ c, result });
    }
  });
  if (runnable.length === 0) return results;
  fs.mkdirSync(options.cache, { recursive: true });
  fs.mkdirSync(options.workDir, { recursive: true });
  const fixed = buildFixedParts(options.cache, options.toolchain);
  const kos = buildCases(
    options.cache,
    options.toolchain,
    runnable.map((r) => r.result.sources),
    (count) => options.progress(`building ${count} module(s) against ${options.toolchain.headers}`),
  );
  const guestCases: GuestCase[] = runnable.map(({ c }) => ({
    id: c.id,
    actions: [...c.actions],
    // A module built as written has no pre_patch_ret_* parameters to set.
    livepatches: new Map(
      c.modules.map((m) => [
        m.patch.name,
        c.real?.has(m.patch.name) ? [] : [...new Set(m.patch.objects.map((o) => o.name ?? 'vmlinux'))],
      ]),
    ),
    ...(c.real ? { probes: probesOf(c) } : {}),
  }));
  const init = guestScript(guestCases);
  const initramfs = buildInitramfs(
    options.workDir,
    options.toolchain,
    fixed,
    runnable.map(({ c }, i) => ({ id: c.id, kos: kos[i] ?? new Map<string, string>() })),
    init,
  );
  options.progress(`booting ${options.toolchain.vmlinuz} in qemu (TCG, 1 CPU)`);
  let started = 0;
  const boot = () =>
    bootGuest(options.toolchain, initramfs, 90_000 + 45_000 * runnable.length, (line) => {
      if (line.startsWith(`${PROGRESS} `)) {
        started += 1;
        options.progress(`running case ${started}/${runnable.length} (${line.slice(PROGRESS.length + 1)})`);
      }
    });
  let guest = await boot();
  // A guest that never reached its first case did not boot (a slow host can still upset an early check):
  // once more, then its console says why.
  if (readCapture(guest.console).cases.size === 0 && !guest.timedOut) {
    fs.writeFileSync(path.join(options.workDir, 'console-first-boot.log'), guest.console + guest.stderr);
    options.progress('the guest did not boot; booting it again');
    guest = await boot();
  }
  fs.writeFileSync(path.join(options.workDir, 'console.log'), guest.console + guest.stderr);
  const capture = readCapture(guest.console);
  const general = [...capture.problems];
  if (guest.timedOut) general.push('qemu did not finish in time');
  for (const { c, result } of runnable) {
    const log = capture.cases.get(c.id);
    if (!log) {
      appendAll(result.problems, [...general, 'the guest did not run this case (see console.log)']);
      continue;
    }
    result.realLines = log.lines;
    if (c.real) {
      const hits = readProbeHits(guest.console, c.id);
      if (hits === null) result.problems.push('the guest did not print the callbacks it traced');
      else result.realLines = mergeHits(log.lines, log.times, hits, probesOf(c));
    }
    result.kernel = capture.kernel;
    appendAll(result.problems, log.problems);
    result.firstDifference = firstDifference(
      comparableLines(result.predictedLines),
      comparableLines(result.realLines),
    );
  }
  return results;
}

function probesOf(c: VerifyCase) {
  return callbackProbes(c.modules.filter((m) => c.real?.has(m.patch.name)));
}

export function firstDifference(a: readonly string[], b: readonly string[]): number {
  const length = Math.max(a.length, b.length);
  for (let i = 0; i < length; i++) if (a[i] !== b[i]) return i;
  return -1;
}
