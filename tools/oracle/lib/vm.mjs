// Boots the scenario's initramfs in qemu (TCG, one CPU) and returns everything the serial console printed.
import { spawnSync } from 'node:child_process';

const TIMEOUT_MS = 240_000;

export function bootGuest(release, initramfs) {
  const args = [
    ['-accel', 'tcg'],
    ['-kernel', `/boot/vmlinuz-${release}`],
    ['-initrd', initramfs],
    // loglevel=1 keeps the kernel's own chatter off the console; the log itself keeps everything.
    ['-append', 'console=ttyS0 quiet loglevel=1 panic=-1 log_buf_len=1M'],
    ['-nographic', '-no-reboot'],
    ['-m', '1024'],
    // One CPU makes transitions complete synchronously, so the order of lines is deterministic.
    ['-smp', '1'],
  ].flat();
  const result = spawnSync('qemu-system-x86_64', args, {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: TIMEOUT_MS,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw new Error(`qemu: ${result.error.message}`);
  return { console: result.stdout.replace(/\r/g, ''), stderr: result.stderr, status: result.status };
}
