// Reads a Kbuild Makefile's object lists: obj-y/obj-m/obj-$(CONFIG_X) goals, lib-y, composite objects.

/** 'y' built in, 'm' a module, or the CONFIG_ symbol the list depends on (y or m decided by .config). */
export type KbuildWhen = 'y' | 'm' | `CONFIG_${string}`;

export interface KbuildEntry {
  /** An object file (`foo.o`, `sub/foo.o`) or a subdirectory descent (`dir/`). */
  target: string;
  when: KbuildWhen;
  /** The list as written, e.g. `obj-$(CONFIG_INPUT_JOYDEV)`: shown to the user as the evidence. */
  list: string;
  /** 1-based line of the assignment. */
  line: number;
}

export interface KbuildFile {
  /** Entries of obj-y, obj-m, obj-$(CONFIG_…) and lib-y (lib.a is linked into vmlinux). */
  goals: KbuildEntry[];
  /** Composite objects: `foo.o` → its members from `foo-y`, `foo-objs`, `foo-$(CONFIG_…)`. */
  composites: Map<string, KbuildEntry[]>;
}

const ASSIGNMENT = /^([A-Za-z0-9_.-]+?)-(y|m|objs|\$\(CONFIG_[A-Za-z0-9_]+\))\s*(?:\+=|:=|\?=|=)(.*)$/;
/** `<prefix>-y` variables of Kbuild itself that name flags, helpers or other trees, never members. */
const NOT_COMPOSITE = new Set([
  'subdir',
  'ccflags',
  'asflags',
  'ldflags',
  'cflags',
  'always',
  'extra',
  'hostprogs',
  'userprogs',
  'targets',
  'clean',
  'core',
  'drivers',
  'libs',
  'head',
  'init',
  'net',
  'virt',
  'generic',
  'header-test',
]);

export function parseKbuild(text: string): KbuildFile {
  const file: KbuildFile = { goals: [], composites: new Map() };
  for (const { statement, line } of logicalLines(text)) {
    const match = ASSIGNMENT.exec(statement);
    if (!match) continue;
    const [, base, suffix, value] = match;
    const when = whenOf(suffix);
    const list = `${base}-${suffix}`;
    const targets = value.split(/\s+/).filter((word) => word !== '' && !word.includes('$('));
    if (base === 'obj' || base === 'lib') {
      const goalWhen: KbuildWhen = base === 'lib' ? 'y' : when;
      if (suffix === 'objs') continue;
      for (const target of targets) file.goals.push({ target, when: goalWhen, list, line });
    } else if (!NOT_COMPOSITE.has(base) && suffix !== 'm') {
      const composite = `${base}.o`;
      const members = file.composites.get(composite) ?? [];
      for (const target of targets) if (target.endsWith('.o')) members.push({ target, when, list, line });
      file.composites.set(composite, members);
    }
  }
  return file;
}

/** Kbuild lists built in when the module is: `-objs` and `-y` members follow their composite. */
function whenOf(suffix: string): KbuildWhen {
  if (suffix === 'y' || suffix === 'objs') return 'y';
  if (suffix === 'm') return 'm';
  return suffix.slice(2, -1) as KbuildWhen;
}

/** Comments removed, backslash-continued lines joined; each statement keeps its first line number. */
function logicalLines(text: string): { statement: string; line: number }[] {
  const statements: { statement: string; line: number }[] = [];
  let pending: { statement: string; line: number } | null = null;
  text.split('\n').forEach((raw, index) => {
    const withoutComment = raw.replace(/\r$/, '').replace(/(^|[^\\])#.*$/, '$1');
    const continued = /\\\s*$/.test(withoutComment);
    const body = withoutComment.replace(/\\\s*$/, ' ');
    if (pending) pending.statement += ` ${body.trim()}`;
    else pending = { statement: body.trim(), line: index + 1 };
    if (!continued) {
      statements.push(pending);
      pending = null;
    }
  });
  if (pending) statements.push(pending);
  return statements;
}

/** `CONFIG_X=y|m` lines of a .config (`# CONFIG_X is not set` and absent symbols are off). */
export function parseDotConfig(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const match of text.matchAll(/^(CONFIG_[A-Za-z0-9_]+)=(\S+)/gm)) values.set(match[1], match[2]);
  return values;
}
