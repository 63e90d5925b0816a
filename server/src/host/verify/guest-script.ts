// Turns scenarios into the guest's /init: one loader call per action, waits in between, several cases per boot.
import type { ScenarioAction } from '../../core/lifecycle/scenario';
import { BUSY_MODULE } from './mirror-targets';
import { retParam } from './mirror-livepatch';
import { probeDumpLines, probeSetupLines, type CallbackProbe } from './real-callbacks';

export const BEGIN = '===KLP-VERIFY-KMSG-BEGIN===';
export const END = '===KLP-VERIFY-KMSG-END===';
export const UNAME = '===KLP-VERIFY-UNAME===';
/** Marks in the kernel log that start and end one case's stretch. */
export const CASE_MARK = '@case';
/** Printed on the console as each case starts, for the host's progress line. */
export const PROGRESS = 'KLP-VERIFY-PROGRESS';
export const CASE_END_MARK = '@end';

/* How long (tenths of a second) to wait for transitions: a normal step must settle; a stalled step
   only waits long enough for the kernel's once-a-second retry to complete a reversal. */
const SETTLE_TENTHS = 150;
const STALLED_TENTHS = 25;

/** What differs between verify's mirror cases and tools/oracle's hand-written modules. */
export interface GuestOptions {
  /** Load the hidden busy module before the cases (the mirrors patch its functions). */
  busyModule: boolean;
  /** How many tasks `stall` waits to see asleep in a held function. */
  heldTasks: number;
}

/** verify's mirrors: the busy module's two threads (one per kind of mirror) are what `stall` holds. */
export const MIRROR_GUEST: GuestOptions = { busyModule: true, heldTasks: 2 };

export interface GuestCase {
  id: string;
  actions: ScenarioAction[];
  /** Livepatch module name → the labels (`vmlinux`, module names) of its objects. */
  livepatches: ReadonlyMap<string, readonly string[]>;
  /** Livepatches built as written (--real-callbacks): their callbacks, seen through kprobe events. */
  probes?: readonly CallbackProbe[];
}

const PRELUDE = String.raw`#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
exec >/dev/console 2>&1
mount -t debugfs debugfs /sys/kernel/debug
echo 'file kernel/livepatch/* +p' > /sys/kernel/debug/dynamic_debug/control

# Every installed patch finished its transition and none is on its way out.
settled() {
  for d in /sys/kernel/livepatch/*; do
    [ -e "$d" ] || continue
    [ "$(cat "$d/transition" 2>/dev/null)" = 0 ] || return 1
    [ "$(cat "$d/enabled" 2>/dev/null)" = 1 ] || return 1
  done
  return 0
}
wait_settled() {
  i=0
  while ! settled; do
    i=$((i + 1))
    [ "$i" -gt "$1" ] && return 1
    usleep 100000
  done
  return 0
}
must_settle() {
  wait_settled ${SETTLE_TENTHS} || oracle-loader mark "HARNESS-ERROR: transitions did not settle"
}
set_holds() {
  for p in /sys/module/*/parameters/hold; do
    [ -e "$p" ] && echo "$1" > "$p"
  done
}
# At least $1 tasks asleep in a held function (a busy module's own, or a livepatch's replacement).
tasks_wait() {
  n=0
  for p in /sys/module/*/parameters/waiting*; do
    [ "$(cat "$p" 2>/dev/null)" = Y ] && n=$((n + 1))
  done
  [ "$n" -ge "$1" ]
}
hold_task() {
  set_holds 1
  i=0
  while ! tasks_wait "$1"; do
    i=$((i + 1))
    if [ "$i" -gt 100 ]; then
      oracle-loader mark "HARNESS-ERROR: no task is held"
      return
    fi
    usleep 50000
  done
}
# Back to a kernel without livepatches or case modules, so the next case starts clean.
cleanup() {
  set_holds 0
  wait_settled ${SETTLE_TENTHS}
  for round in 1 2 3 4 5; do
    for d in /sys/kernel/livepatch/*; do
      [ -e "$d/enabled" ] && echo 0 > "$d/enabled" 2>/dev/null
      wait_settled ${SETTLE_TENTHS}
    done
    for m in "$@"; do
      [ -e "/sys/module/$m" ] && rmmod "$m" 2>/dev/null
    done
  done
  for m in "$@"; do
    [ -e "/sys/module/$m" ] && oracle-loader mark "HARNESS-ERROR: cleanup left module $m"
  done
  [ -e /sys/kernel/livepatch ] && [ -n "$(ls /sys/kernel/livepatch)" ] && oracle-loader mark "HARNESS-ERROR: cleanup left a livepatch"
}
`;

const LOAD_BUSY = `oracle-loader insmod busy /modules/${BUSY_MODULE}.ko || oracle-loader mark "HARNESS-ERROR: the busy module did not load"`;

const POSTLUDE = `echo "${UNAME} $(uname -r) $(uname -v)"
echo ${BEGIN}
oracle-loader dump
echo ${END}
# The kernel's own "Power down" line goes straight to the serial port: let the console drain first.
sleep 2
poweroff -f
`;

/** The /init text for the cases, each case's modules under /modules/ID/. */
export function guestScript(cases: readonly GuestCase[], options: GuestOptions = MIRROR_GUEST): string {
  const body = cases.flatMap((c) => [
    `echo ${PROGRESS} ${c.id}`,
    ...(c.probes ? probeSetupLines(c.probes) : []),
    `oracle-loader mark ${quote(`${CASE_MARK} ${c.id}`)}`,
    ...caseLines(c, options),
    `oracle-loader mark ${quote(`${CASE_END_MARK} ${c.id}`)}`,
    ...(c.probes ? probeDumpLines(c.id) : []),
    `cleanup ${[...moduleNames(c)].join(' ')}`,
  ]);
  return [PRELUDE, ...(options.busyModule ? [LOAD_BUSY] : []), ...body, POSTLUDE].join('\n');
}

function moduleNames(c: GuestCase): Set<string> {
  const names = new Set<string>(c.livepatches.keys());
  for (const action of c.actions) if (action.kind === 'load') names.add(action.name);
  return names;
}

function caseLines(c: GuestCase, options: GuestOptions): string[] {
  const failures = new Map<string, { all?: number; objects: Map<string, number> }>();
  let stalled = false;
  const lines: string[] = [];
  for (const action of c.actions) {
    lines.push(`oracle-loader mark ${quote(action.text)}`);
    switch (action.kind) {
      case 'load': {
        const labels = c.livepatches.get(action.name);
        const params: string[] = [];
        if (labels) {
          const spec = failures.get(action.name);
          for (const l of labels) {
            const value = spec ? (spec.objects.get(l) ?? spec.all ?? 0) : 0;
            if (value !== 0) params.push(`${retParam(l)}=${value}`);
          }
          if (action.replace !== undefined) params.push(`replace=${action.replace ? 1 : 0}`);
        }
        const file = `/modules/${c.id}/${action.name}.ko`;
        lines.push(`oracle-loader insmod ${quote(action.text)} ${file} ${params.join(' ')}`.trimEnd());
        break;
      }
      case 'unload':
        lines.push(`oracle-loader rmmod ${quote(action.text)} ${action.name}`);
        break;
      case 'enable':
      case 'disable': {
        const file = `/sys/kernel/livepatch/${action.patch}/enabled`;
        lines.push(`oracle-loader write ${quote(action.text)} ${file} ${action.kind === 'enable' ? 1 : 0}`);
        break;
      }
      case 'fail':
      case 'succeed': {
        const spec = failures.get(action.patch) ?? { objects: new Map<string, number>() };
        failures.set(action.patch, spec);
        const errno = action.kind === 'fail' ? action.errno : 0;
        if (action.object === null) {
          spec.all = errno;
          spec.objects.clear();
        } else spec.objects.set(action.object, errno);
        // A patch already loaded reads its parameters when its callbacks run: update them in place.
        for (const l of c.livepatches.get(action.patch) ?? []) {
          const file = `/sys/module/${action.patch}/parameters/${retParam(l)}`;
          lines.push(`[ -e ${file} ] && echo ${spec.objects.get(l) ?? spec.all ?? 0} > ${file}`);
        }
        break;
      }
      case 'stall':
        stalled = true;
        lines.push(`hold_task ${options.heldTasks}`);
        break;
      case 'settle':
        stalled = false;
        lines.push('set_holds 0');
        break;
    }
    lines.push(stalled ? `wait_settled ${STALLED_TENTHS}` : 'must_settle');
  }
  // A case that ends stalled is released by cleanup, after its end mark: what follows is not its trace.
  return lines;
}

function quote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
