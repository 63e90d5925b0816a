// Turns a scenario's actions into the guest's /init: one oracle-loader call per action, waits in between.
import { moduleName, parseErrno } from './scenario.mjs';

export const BEGIN = '===KLP-ORACLE-KMSG-BEGIN===';
export const END = '===KLP-ORACLE-KMSG-END===';
export const UNAME = '===KLP-ORACLE-UNAME===';

/* How long (in tenths of a second) to wait for transitions: a normal step must settle; a stalled
   step only waits long enough for the kernel's once-a-second retry to complete a reversal. */
const SETTLE_TENTHS = 150;
const STALLED_TENTHS = 25;

const PRELUDE = String.raw`#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t debugfs debugfs /sys/kernel/debug
echo 'file kernel/livepatch/* +p' > /sys/kernel/debug/dynamic_debug/control

# Every installed patch finished its transition and none is on its way out (a disabled or
# replaced patch's directory disappears when the core frees it; only then can it be unloaded).
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
# A task is asleep in a held function (the busy module's or a livepatch's replacement).
somebody_waits() {
  for p in /sys/module/*/parameters/waiting; do
    [ "$(cat "$p" 2>/dev/null)" = Y ] && return 0
  done
  return 1
}
hold_task() {
  set_holds 1
  i=0
  while ! somebody_waits; do
    i=$((i + 1))
    if [ "$i" -gt 100 ]; then
      oracle-loader mark "HARNESS-ERROR: no task is held (is oracle_busy loaded?)"
      return
    fi
    usleep 50000
  done
}
`;

const POSTLUDE = `oracle-loader mark end
echo "${UNAME} $(uname -r) $(uname -v)"
echo ${BEGIN}
oracle-loader dump
echo ${END}
poweroff -f
`;

/** The /init text for the actions, given the modules found next to the scenario. */
export function initScript(actions, modules) {
  const failures = new Map(); // patch → {all?: errno, objects: Map<object, errno>}
  let stalled = false;
  const body = [];
  for (const action of actions) {
    body.push(`oracle-loader mark ${quote(action.text)}`);
    const run = (command) => body.push(command);
    const [first, second] = action.args;
    switch (action.verb) {
      case 'load': {
        const name = moduleName(first);
        const module = requireModule(modules, name, action);
        const params = module.livepatch ? patchParams(module, failures.get(name), second, action) : [];
        run(`oracle-loader insmod ${quote(action.text)} /modules/${name}.ko ${params.join(' ')}`.trimEnd());
        break;
      }
      case 'unload':
        run(`oracle-loader rmmod ${quote(action.text)} ${moduleName(first)}`);
        break;
      case 'disable':
      case 'enable': {
        const file = `/sys/kernel/livepatch/${moduleName(first)}/enabled`;
        run(`oracle-loader write ${quote(action.text)} ${file} ${action.verb === 'enable' ? 1 : 0}`);
        break;
      }
      case 'fail':
      case 'succeed': {
        const [patch, object] = splitTarget(first);
        const module = requireModule(modules, patch, action);
        const spec = failures.get(patch) ?? { all: undefined, objects: new Map() };
        failures.set(patch, spec);
        const errno = action.verb === 'fail' ? parseErrno(second) : 0;
        if (object !== null && !module.retParams.has(object)) {
          throw new Error(`line ${action.line}: ${module.file} has no pre_patch_ret_${object} parameter`);
        }
        if (object === null) {
          spec.all = errno;
          spec.objects.clear();
        } else {
          spec.objects.set(object, errno);
        }
        // A patch already loaded reads its parameters when its callbacks run: update them in place.
        for (const [obj, param] of module.retParams) {
          const file = `/sys/module/${patch}/parameters/${param}`;
          run(`[ -e ${file} ] && echo ${resultFor(spec, obj)} > ${file}`);
        }
        break;
      }
      case 'stall':
        stalled = true;
        run('hold_task');
        break;
      case 'settle':
        stalled = false;
        run('set_holds 0');
        break;
    }
    run(stalled ? `wait_settled ${STALLED_TENTHS}` : 'must_settle');
  }
  return [PRELUDE, ...body, POSTLUDE].join('\n');
}

function patchParams(module, spec, replaceArg, action) {
  const params = [];
  for (const [object, param] of module.retParams) {
    const value = spec ? resultFor(spec, object) : 0;
    if (value !== 0) params.push(`${param}=${value}`);
  }
  if (replaceArg !== undefined) {
    const match = /^replace=([01])$/.exec(replaceArg);
    if (!match) throw new Error(`line ${action.line}: expected replace=0|1, not '${replaceArg}'`);
    if (!module.hasReplaceParam)
      throw new Error(`line ${action.line}: ${module.file} has no 'replace' parameter`);
    params.push(`replace=${match[1]}`);
  }
  return params;
}

function resultFor(spec, object) {
  return spec.objects.get(object) ?? spec.all ?? 0;
}

function splitTarget(word) {
  const colon = word.indexOf(':');
  if (colon < 0) return [moduleName(word), null];
  return [moduleName(word.slice(0, colon)), moduleName(word.slice(colon + 1))];
}

function requireModule(modules, name, action) {
  const module = modules.get(name);
  if (!module)
    throw new Error(`line ${action.line}: no source for module '${name}' in the scenario directory`);
  return module;
}

function quote(text) {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
