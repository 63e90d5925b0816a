// The documented guess of a changed file's objname from its path alone, used when no Kbuild Makefile says.
import { compileGlob, expandCaptures } from './glob';

export interface PathGuess {
  /** Tree-relative glob; `*` captures are `$1`, `$2`… in `object`. First matching entry wins. */
  glob: string;
  /** The module name ('-' already turned into '_'), or null for vmlinux. */
  object: string | null;
  /** Why the guess is usually right: shown with the guess so the user can judge it. */
  why: string;
}

export const PATH_GUESSES: readonly PathGuess[] = [
  { glob: 'arch/*/kvm/vmx/**/*.c', object: 'kvm_intel', why: "KVM's Intel half is the kvm-intel module" },
  { glob: 'arch/*/kvm/svm/**/*.c', object: 'kvm_amd', why: "KVM's AMD half is the kvm-amd module" },
  { glob: 'arch/*/kvm/**/*.c', object: 'kvm', why: 'KVM is the kvm module' },
  { glob: 'virt/kvm/**/*.c', object: 'kvm', why: "KVM's common code is linked into the kvm module" },
  { glob: 'arch/**/*.c', object: null, why: 'architecture code is built in' },
  {
    glob: '{kernel,mm,init,ipc,block,lib,security,io_uring}/**/*.c',
    object: null,
    why: 'core kernel code is built in',
  },
  { glob: 'fs/*.c', object: null, why: 'the VFS core (files directly in fs/) is built in' },
  {
    glob: 'fs/{proc,sysfs,kernfs,debugfs,tracefs,ramfs,devpts,notify,iomap,crypto,verity,hugetlbfs,quota}/**/*.c',
    object: null,
    why: 'these pseudo filesystems and VFS helpers are built in',
  },
  { glob: 'fs/overlayfs/**/*.c', object: 'overlay', why: 'overlayfs is the overlay module' },
  { glob: 'fs/smb/client/**/*.c', object: 'cifs', why: 'the SMB client is the cifs module' },
  {
    glob: 'fs/*/**/*.c',
    object: '$1',
    why: 'a filesystem in its own folder is usually a module of that name',
  },
  {
    glob: 'net/{core,ipv4,unix,ethernet,netlink,packet}/**/*.c',
    object: null,
    why: 'core networking is built in',
  },
  { glob: 'net/*.c', object: null, why: 'the socket layer (files directly in net/) is built in' },
  {
    glob: 'net/netfilter/**/*.c',
    object: '$1',
    why: 'netfilter parts are usually modules named after their file',
  },
  {
    glob: 'net/sched/**/*.c',
    object: '$1',
    why: 'queueing disciplines, classifiers and actions are usually modules named after their file',
  },
  {
    glob: 'net/*/**/*.c',
    object: '$1',
    why: 'a protocol in its own folder is usually a module of that name',
  },
  {
    glob: 'drivers/{base,tty,pci}/**/*.c',
    object: null,
    why: 'the driver core, the tty core and PCI are built in',
  },
  { glob: 'drivers/char/{mem,random,misc}.c', object: null, why: 'these character devices are built in' },
  {
    glob: 'drivers/**/*.c',
    object: '$1',
    why: 'a driver is usually a module named after its file (a multi-file driver is not)',
  },
  { glob: 'sound/**/*.c', object: 'snd_$1', why: 'sound drivers are usually modules named snd-<file>' },
];

export interface GuessedObject {
  name: string | null;
  entry: PathGuess;
}

/** The first table entry matching the tree-relative path; undefined when none does. */
export function guessObject(treePath: string): GuessedObject | undefined {
  for (const entry of PATH_GUESSES) {
    const captures = compileGlob(entry.glob).match(treePath);
    if (!captures) continue;
    const name = entry.object === null ? null : expandCaptures(entry.object, captures).replace(/-/g, '_');
    return { name, entry };
  }
  return undefined;
}
