// --real-callbacks: the user's livepatch built as written, its callbacks seen through kprobe events, both traces in comparable lines.
import type { ScenarioAction } from '../../core/lifecycle/scenario';
import type { LivepatchModule } from '../../core/lifecycle/state';
import { LOG_PREFIX } from './mirror-targets';

/** One kprobe event per callback function of a real livepatch: event `c<index>` is `probes[index]`. */
export interface CallbackProbe {
  patch: string;
  function: string;
}

export const PROBES_BEGIN = '===KLP-VERIFY-PROBES-BEGIN===';
export const PROBES_END = '===KLP-VERIFY-PROBES-END===';
const TRACING = '/sys/kernel/tracing';
const C_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Why the scenario cannot run on the user's own code, one line per action (empty: it can). Their callbacks
 * return what they return (`fail`), their module has no `replace` parameter, and `stall` needs the
 * mirror's patched busy function to hold a transition.
 */
export function unsupportedActions(actions: readonly ScenarioAction[]): string[] {
  const problems: string[] = [];
  for (const action of actions) {
    const line = `scenario line ${action.line} (${action.text})`;
    if (action.kind === 'fail' || action.kind === 'succeed')
      problems.push(`${line}: real callbacks return what their code returns; fail/succeed need the mirror`);
    else if (action.kind === 'stall' || action.kind === 'settle')
      problems.push(`${line}: only the mirror patches the function a held task sleeps in`);
    else if (action.kind === 'load' && action.replace !== undefined)
      problems.push(`${line}: a module built as written sets .replace itself; load it without replace=`);
  }
  return problems;
}

/** Why this module cannot be built as written (empty: it can): only C files with a struct klp_patch. */
export function unbuildableReason(module: LivepatchModule): string {
  if (module.patch.source !== 'klp_patch')
    return `${module.path}: ${module.patch.name} is built by kpatch-build or klp-build, not as a plain module`;
  if (!/\.c$/.test(module.path)) return `${module.path}: only a .c livepatch module can be built as written`;
  const bad = callbackFunctions(module).find((f) => !C_NAME.test(f));
  if (bad)
    return `${module.path}: the callback '${bad}' is not a function name the kernel's symbols can show`;
  return '';
}

function callbackFunctions(module: LivepatchModule): string[] {
  const names = module.patch.objects.flatMap((o) => Object.values(o.callbacks).map((c) => c.function));
  return [...new Set(names)];
}

export function callbackProbes(modules: readonly LivepatchModule[]): CallbackProbe[] {
  return modules.flatMap((m) => callbackFunctions(m).map((f) => ({ patch: m.patch.name, function: f })));
}

/** The functions the real livepatches replace in module `name`: its stand-in must have them. */
export function replacedFunctions(modules: readonly LivepatchModule[], name: string): string[] {
  const names = modules.flatMap((m) =>
    m.patch.objects.filter((o) => o.name === name).flatMap((o) => o.funcs.map((f) => f.oldName ?? '')),
  );
  return [...new Set(names.filter((n) => C_NAME.test(n)))];
}

/**
 * Guest lines before a case: kprobe events on the callbacks (`MOD:SYM` registers when the module loads,
 * before its init runs), with the object's name (`obj->name`, the first field; NULL for vmlinux), on the
 * `perf` trace clock, which is the kernel log's clock (local_clock), so both merge by time.
 */
export function probeSetupLines(probes: readonly CallbackProbe[]): string[] {
  return [
    `[ -e ${TRACING}/kprobe_events ] || mount -t tracefs nodev ${TRACING}`,
    `echo 0 > ${TRACING}/events/klpcb/enable 2>/dev/null`,
    `echo > ${TRACING}/kprobe_events`,
    `echo perf > ${TRACING}/trace_clock`,
    `echo > ${TRACING}/trace`,
    ...probes.map(
      (p, i) =>
        `echo 'p:klpcb/c${i} ${p.patch}:${p.function} obj=+0(+0(%di)):string' >> ${TRACING}/kprobe_events || oracle-loader mark "HARNESS-ERROR: no kprobe on ${p.function}"`,
    ),
    `echo 1 > ${TRACING}/events/klpcb/enable`,
  ];
}

/** Guest lines after a case: the trace buffer on the console between two marks. */
export function probeDumpLines(caseId: string): string[] {
  return [
    `echo 0 > ${TRACING}/events/klpcb/enable`,
    `echo ${PROBES_BEGIN} ${caseId}`,
    `cat ${TRACING}/trace`,
    `echo ${PROBES_END} ${caseId}`,
  ];
}

export interface ProbeHit {
  /** Microseconds, as the kernel log's records count them. */
  time: number;
  probe: number;
  /** null for vmlinux (obj->name is NULL: the string fetch faults). */
  object: string | null;
}

const HIT = /\s(\d+)\.(\d{6}): c(\d+): \([^)]*\)(?: obj=(?:"([^"]*)"|\(fault\)))?\s*$/;

/** The hits the guest printed for one case; null when its dump is missing. */
export function readProbeHits(consoleText: string, caseId: string): ProbeHit[] | null {
  const begin = consoleText.indexOf(`${PROBES_BEGIN} ${caseId}\n`);
  const end = consoleText.indexOf(`${PROBES_END} ${caseId}\n`, begin);
  if (begin < 0 || end < 0) return null;
  const hits: ProbeHit[] = [];
  for (const line of consoleText.slice(begin, end).split('\n')) {
    const match = HIT.exec(line);
    if (!match) continue;
    const [, seconds, micros, probe, object] = match;
    hits.push({ time: Number(seconds) * 1e6 + Number(micros), probe: Number(probe), object: object ?? null });
  }
  return hits;
}

/** A callback as both sides can show it for a real module: patch, object and function (no kind, state or result). */
function callbackLine(patch: string, object: string, fn: string): string {
  return `info ${LOG_PREFIX}${patch}: callback ${object} fn=${fn}`;
}

/** The kernel's lines and the callback hits in time order (a hit after a line logged in the same microsecond). */
export function mergeHits(
  lines: readonly string[],
  times: readonly number[],
  hits: readonly ProbeHit[],
  probes: readonly CallbackProbe[],
): string[] {
  const merged: string[] = [];
  let h = 0;
  lines.forEach((line, i) => {
    const time = times[i] ?? 0;
    for (; h < hits.length && (hits[h]?.time ?? 0) < time; h++)
      merged.push(hitLine(hits[h] as ProbeHit, probes));
    merged.push(line);
  });
  for (; h < hits.length; h++) merged.push(hitLine(hits[h] as ProbeHit, probes));
  return merged;
}

function hitLine(hit: ProbeHit, probes: readonly CallbackProbe[]): string {
  const probe = probes[hit.probe];
  return callbackLine(probe?.patch ?? '?', hit.object ?? 'vmlinux', probe?.function ?? `c${hit.probe}`);
}

const PREDICTED_CALLBACK = new RegExp(
  `^info ${LOG_PREFIX}(\\S+): (?:pre_patch|post_patch|pre_unpatch|post_unpatch) (\\S+)(?: (?:COMING|LIVE|GOING))? fn=(\\S+)(?: ret=-?\\d+)?$`,
);

/** A predicted line as a real module's run can show it (callbacks lose kind, module state and result). */
export function realComparable(line: string): string {
  const match = PREDICTED_CALLBACK.exec(line);
  return match ? callbackLine(match[1] ?? '', match[2] ?? '', match[3] ?? '') : line;
}
