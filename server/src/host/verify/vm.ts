// Boots an initramfs in qemu (TCG, one CPU) and returns everything the serial console printed.
import { spawn } from 'node:child_process';
import type { Toolchain } from './toolchain';

export interface GuestRun {
  console: string;
  stderr: string;
  status: number | null;
  timedOut: boolean;
}

/**
 * One CPU makes transitions complete synchronously, so the order of lines is deterministic. `onLine` sees
 * each console line as it comes (progress). KVM is not used: it is often unavailable in CI and containers.
 */
export function bootGuest(
  toolchain: Toolchain,
  initramfs: string,
  timeoutMs: number,
  onLine: (line: string) => void = () => {},
): Promise<GuestRun> {
  const args = [
    ['-accel', 'tcg'],
    ['-kernel', toolchain.vmlinuz],
    ['-initrd', initramfs],
    // loglevel=1 keeps the kernel's own chatter off the console; the log itself keeps everything.
    // no_timer_check: on a busy host TCG is slow enough for the boot-time timer check to panic
    // ("IO-APIC + timer doesn't work!").
    ['-append', 'console=ttyS0 quiet loglevel=1 panic=-1 log_buf_len=4M no_timer_check'],
    ['-nographic', '-no-reboot'],
    ['-m', '1024'],
    ['-smp', '1'],
    // No network device (qemu adds one by default): a module built from the input reaches nothing.
    ['-nic', 'none'],
  ].flat();
  return new Promise((resolve, reject) => {
    const child = spawn('qemu-system-x86_64', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let pending = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) onLine(line.replace(/\r/g, ''));
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`qemu: ${error.message}`));
    });
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ console: out.replace(/\r/g, ''), stderr: err, status, timedOut });
    });
  });
}
