// Finds what a real-kernel run needs (kernel, headers, qemu, busybox, cpio, gcc, make) and names the missing packages.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { appendAll } from '../../core/append';

export interface Toolchain {
  release: string;
  vmlinuz: string;
  headers: string;
  busybox: string;
}

export interface ToolchainOptions {
  kernel?: string;
  headers?: string;
}

/** The Debian packages that provide each thing verify needs. */
const NEEDS: readonly { what: string; found: () => boolean; pkg: string }[] = [
  { what: 'qemu-system-x86_64', found: () => onPath('qemu-system-x86_64'), pkg: 'qemu-system-x86' },
  { what: 'busybox (static)', found: () => fs.existsSync('/bin/busybox'), pkg: 'busybox-static' },
  { what: 'cpio', found: () => onPath('cpio'), pkg: 'cpio' },
  { what: 'gcc', found: () => onPath('gcc'), pkg: 'gcc' },
  { what: 'make', found: () => onPath('make'), pkg: 'make' },
  {
    what: 'static C library',
    found: () => fs.existsSync('/usr/lib/x86_64-linux-gnu/libc.a'),
    pkg: 'libc6-dev',
  },
];

export const KERNEL_PACKAGES = ['linux-image-amd64', 'linux-headers-amd64'];

export type ToolchainResult = { toolchain: Toolchain } | { missing: string[]; packages: string[] };

export function aptLine(packages: readonly string[]): string {
  return `apt-get install -y --no-install-recommends ${packages.join(' ')}`;
}

/** Everything verify needs, or what is missing and which Debian packages bring it. */
export function findToolchain(options: ToolchainOptions = {}): ToolchainResult {
  const missing: string[] = [];
  const packages: string[] = [];
  for (const need of NEEDS) {
    if (!need.found()) {
      missing.push(need.what);
      packages.push(need.pkg);
    }
  }
  const kernel = findKernel(options);
  if ('missing' in kernel) {
    missing.push(kernel.missing);
    appendAll(packages, KERNEL_PACKAGES);
  }
  if (missing.length > 0 || 'missing' in kernel) return { missing, packages: [...new Set(packages)] };
  return { toolchain: { ...kernel, busybox: '/bin/busybox' } };
}

function findKernel(
  options: ToolchainOptions,
): { release: string; vmlinuz: string; headers: string } | { missing: string } {
  if (options.kernel || options.headers) {
    if (!options.kernel || !options.headers) return { missing: 'both --kernel VMLINUZ and --headers DIR' };
    if (!fs.existsSync(options.kernel)) return { missing: `the kernel ${options.kernel}` };
    if (!fs.existsSync(path.join(options.headers, 'Makefile')))
      return { missing: `kernel headers in ${options.headers}` };
    return { release: path.basename(options.headers), vmlinuz: options.kernel, headers: options.headers };
  }
  const wanted = process.env.KLP_ORACLE_KERNEL;
  const releases = (fs.existsSync('/usr/src') ? fs.readdirSync('/usr/src') : [])
    .map((d) => /^linux-headers-(.+-amd64)$/.exec(d)?.[1])
    .filter((r): r is string => r !== undefined && fs.existsSync(`/boot/vmlinuz-${r}`))
    .filter((r) => !wanted || r === wanted)
    .sort();
  const release = releases[releases.length - 1];
  if (!release)
    return { missing: 'a kernel image with its headers (/boot/vmlinuz-*, /usr/src/linux-headers-*)' };
  return { release, vmlinuz: `/boot/vmlinuz-${release}`, headers: `/usr/src/linux-headers-${release}` };
}

function onPath(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/** $XDG_CACHE_HOME/klp-callbacks (or ~/.cache/klp-callbacks): built modules, the loader. */
export function cacheRoot(): string {
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'klp-callbacks', 'verify');
}
