// A translation unit's kpatch objname from the tree's Kbuild Makefiles: vmlinux (null) or its module.
import { normalizePath } from './glob';
import { parseDotConfig, parseKbuild, type KbuildEntry, type KbuildFile } from './kbuild-parse';
import type { KernelTree } from './kernel-tree';

export interface KbuildObject {
  /** null: built into vmlinux. */
  name: string | null;
  /** The Makefile lines that decide it, for the user to check: `fs/Makefile: obj-y += open.o (line 1)`. */
  evidence: string;
  /** What the .config says of the CONFIG_ symbol the lines depend on; '' when none does. */
  config: string;
  /** `evidence; config: conclusion`, in words. */
  detail: string;
  /** False when a CONFIG_ symbol decides and no .config says how it is set. */
  certain: boolean;
}

/** Undefined when no Makefile from the file's folder up to the root lists its object file. */
export function resolveFromKbuild(treePath: string, tree: KernelTree): KbuildObject | undefined {
  const path = normalizePath(treePath);
  if (!/\.[cS]$/.test(path)) return undefined;
  const parts = path.split('/');
  let objectFile = parts.pop()?.replace(/\.[cS]$/, '.o') ?? '';
  const reader = new CachedTree(tree);
  while (true) {
    const dir = parts.join('/');
    const kbuild = reader.kbuild(dir);
    const found = kbuild && findGoal(kbuild.parsed, objectFile);
    if (kbuild && found) return decide(found, kbuild.path, reader);
    // A member may be listed by a parent folder's Makefile (`foo-y += sub/a.o`): look there.
    const folder = parts.pop();
    if (folder === undefined) return undefined;
    objectFile = `${folder}/${objectFile}`;
  }
}

interface Found {
  goal: KbuildEntry;
  /** The composite's member entry when the object file is part of a multi-file object. */
  member?: KbuildEntry;
  composite?: string;
}

function findGoal(kbuild: KbuildFile, objectFile: string): Found | undefined {
  for (const [composite, members] of kbuild.composites) {
    const member = members.find((entry) => entry.target === objectFile);
    if (!member || composite === objectFile) continue;
    const goal = kbuild.goals.find((entry) => entry.target === composite);
    if (goal) return { goal, member, composite };
  }
  const goal = kbuild.goals.find((entry) => entry.target === objectFile);
  return goal ? { goal } : undefined;
}

function decide(found: Found, makefile: string, tree: CachedTree): KbuildObject {
  const { goal, member, composite } = found;
  const moduleName = (composite ?? goal.target).replace(/\.o$/, '').split('/').pop() ?? '';
  const module = moduleName.replace(/-/g, '_');
  const evidence = [
    member ? `${member.list} += ${member.target} (line ${member.line})` : '',
    `${goal.list} += ${goal.target} (line ${goal.line})`,
  ].filter((part) => part !== '');
  const where = `${makefile}: ${evidence.join(', ')}`;
  const result = (
    name: string | null,
    config: string,
    certain: boolean,
    conclusion: string,
  ): KbuildObject => ({
    name,
    evidence: where,
    config,
    detail: `${[where, config].filter((part) => part !== '').join('; ')}: ${conclusion}`,
    certain,
  });
  if (goal.when === 'y') return result(null, '', true, 'built into vmlinux');
  if (goal.when === 'm') return result(module, '', true, `module ${module}`);
  const value = tree.config()?.get(goal.when);
  if (value === 'y') return result(null, `.config has ${goal.when}=y`, true, 'built into vmlinux');
  if (value === 'm') return result(module, `.config has ${goal.when}=m`, true, `module ${module}`);
  const config = tree.config()
    ? `.config does not enable ${goal.when}`
    : `no .config says whether ${goal.when} is y or m`;
  return result(module, config, false, `module ${module} if it is m`);
}

/** Each Makefile read and parsed once per resolution. */
class CachedTree {
  private readonly files = new Map<string, { path: string; parsed: KbuildFile } | undefined>();
  private dotConfig: Map<string, string> | undefined | null = null;

  constructor(private readonly tree: KernelTree) {}

  kbuild(dir: string): { path: string; parsed: KbuildFile } | undefined {
    if (!this.files.has(dir)) {
      const file = this.tree.readKbuild(dir);
      this.files.set(dir, file && { path: file.path, parsed: parseKbuild(file.text) });
    }
    return this.files.get(dir);
  }

  config(): Map<string, string> | undefined {
    if (this.dotConfig === null) {
      const text = this.tree.readConfig();
      this.dotConfig = text === undefined ? undefined : parseDotConfig(text);
    }
    return this.dotConfig;
  }
}
