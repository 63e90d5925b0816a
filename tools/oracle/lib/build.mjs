// Builds what the guest needs: the scenario's modules, the static loader, and the initramfs around them.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
// The scripts run this through tsx (see ../record): the product's TypeScript is imported as is.
import guestLoader from '../../../server/src/host/verify/guest-loader.ts';

const { LOADER_SOURCE } = guestLoader;

const BUSYBOX = '/bin/busybox';

/** The kernel release to run: $KLP_ORACLE_KERNEL, else the one with both a vmlinuz and headers. */
export function kernelRelease() {
  if (process.env.KLP_ORACLE_KERNEL) return process.env.KLP_ORACLE_KERNEL;
  const releases = fs
    .readdirSync('/usr/src')
    .map((d) => /^linux-headers-(.+-amd64)$/.exec(d)?.[1])
    .filter((r) => r && fs.existsSync(`/boot/vmlinuz-${r}`))
    .sort();
  if (releases.length === 0) {
    throw new Error(
      'no kernel with headers: apt-get install linux-image-amd64 linux-headers-amd64 (see README)',
    );
  }
  return releases[releases.length - 1];
}

/** Compiles every .c of the scenario directory as an out-of-tree module; returns the .ko paths. */
export function buildModules(scenarioDir, modules, workDir, release) {
  const buildDir = path.join(workDir, 'build');
  fs.rmSync(buildDir, { recursive: true, force: true });
  fs.mkdirSync(buildDir, { recursive: true });
  const objects = [];
  for (const module of modules.values()) {
    const object = `${module.name}.o`;
    fs.copyFileSync(path.join(scenarioDir, module.file), path.join(buildDir, `${module.name}.c`));
    objects.push(object);
  }
  fs.writeFileSync(path.join(buildDir, 'Kbuild'), `obj-m += ${objects.join(' ')}\n`);
  execFileSync('make', ['-s', '-C', `/usr/src/linux-headers-${release}`, `M=${buildDir}`, 'modules'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return [...modules.values()].map((m) => path.join(buildDir, `${m.name}.ko`));
}

/** The guest-side loader (the one `klp-callbacks verify` uses), rebuilt when its source changed. */
export function buildLoader(workRoot) {
  const source = path.join(workRoot, 'oracle-loader.c');
  const binary = path.join(workRoot, 'oracle-loader');
  const current = fs.existsSync(source) ? fs.readFileSync(source, 'utf8') : '';
  if (!fs.existsSync(binary) || current !== LOADER_SOURCE) {
    fs.mkdirSync(workRoot, { recursive: true });
    fs.writeFileSync(source, LOADER_SOURCE);
    execFileSync('gcc', ['-static', '-O2', '-Wall', '-o', binary, source], { stdio: 'inherit' });
  }
  return binary;
}

/** Writes a newc cpio holding busybox, the loader, the modules and /init; returns its path. */
export function buildInitramfs(workDir, loader, kos, init) {
  const root = path.join(workDir, 'rootfs');
  fs.rmSync(root, { recursive: true, force: true });
  for (const dir of ['bin', 'dev', 'proc', 'sys', 'modules'])
    fs.mkdirSync(path.join(root, dir), { recursive: true });
  fs.copyFileSync(BUSYBOX, path.join(root, 'bin', 'busybox'));
  fs.copyFileSync(loader, path.join(root, 'bin', 'oracle-loader'));
  fs.chmodSync(path.join(root, 'bin', 'oracle-loader'), 0o755);
  for (const ko of kos) fs.copyFileSync(ko, path.join(root, 'modules', path.basename(ko)));
  fs.writeFileSync(path.join(root, 'init'), init, { mode: 0o755 });
  // Before devtmpfs is mounted the kernel opens /dev/console from the initramfs itself.
  execFileSync('mknod', [path.join(root, 'dev', 'console'), 'c', '5', '1']);
  const cpio = path.join(workDir, 'initramfs.cpio');
  const list = execFileSync('find', ['.'], { cwd: root });
  const archive = execFileSync('cpio', ['-o', '-H', 'newc', '-R', '0:0', '--quiet'], {
    cwd: root,
    input: list,
    maxBuffer: 256 * 1024 * 1024,
  });
  fs.writeFileSync(cpio, archive);
  return cpio;
}
