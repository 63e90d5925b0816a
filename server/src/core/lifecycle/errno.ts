// Linux errno names, numbers and the texts glibc's strerror and modprobe print for them.

interface ErrnoInfo {
  name: string;
  value: number;
  text: string;
}

const ERRNOS: readonly ErrnoInfo[] = [
  { name: 'EPERM', value: 1, text: 'Operation not permitted' },
  { name: 'ENOENT', value: 2, text: 'No such file or directory' },
  { name: 'ESRCH', value: 3, text: 'No such process' },
  { name: 'EINTR', value: 4, text: 'Interrupted system call' },
  { name: 'EIO', value: 5, text: 'Input/output error' },
  { name: 'ENXIO', value: 6, text: 'No such device or address' },
  { name: 'E2BIG', value: 7, text: 'Argument list too long' },
  { name: 'ENOEXEC', value: 8, text: 'Exec format error' },
  { name: 'EBADF', value: 9, text: 'Bad file descriptor' },
  { name: 'ECHILD', value: 10, text: 'No child processes' },
  { name: 'EAGAIN', value: 11, text: 'Resource temporarily unavailable' },
  { name: 'ENOMEM', value: 12, text: 'Cannot allocate memory' },
  { name: 'EACCES', value: 13, text: 'Permission denied' },
  { name: 'EFAULT', value: 14, text: 'Bad address' },
  { name: 'EBUSY', value: 16, text: 'Device or resource busy' },
  { name: 'EEXIST', value: 17, text: 'File exists' },
  { name: 'EXDEV', value: 18, text: 'Invalid cross-device link' },
  { name: 'ENODEV', value: 19, text: 'No such device' },
  { name: 'ENOTDIR', value: 20, text: 'Not a directory' },
  { name: 'EISDIR', value: 21, text: 'Is a directory' },
  { name: 'EINVAL', value: 22, text: 'Invalid argument' },
  { name: 'ENFILE', value: 23, text: 'Too many open files in system' },
  { name: 'EMFILE', value: 24, text: 'Too many open files' },
  { name: 'ENOTTY', value: 25, text: 'Inappropriate ioctl for device' },
  { name: 'EFBIG', value: 27, text: 'File too large' },
  { name: 'ENOSPC', value: 28, text: 'No space left on device' },
  { name: 'EROFS', value: 30, text: 'Read-only file system' },
  { name: 'EPIPE', value: 32, text: 'Broken pipe' },
  { name: 'EDOM', value: 33, text: 'Numerical argument out of domain' },
  { name: 'ERANGE', value: 34, text: 'Numerical result out of range' },
  { name: 'EDEADLK', value: 35, text: 'Resource deadlock avoided' },
  { name: 'ENAMETOOLONG', value: 36, text: 'File name too long' },
  { name: 'ENOSYS', value: 38, text: 'Function not implemented' },
  { name: 'ENOTEMPTY', value: 39, text: 'Directory not empty' },
  { name: 'ENODATA', value: 61, text: 'No data available' },
  { name: 'ETIME', value: 62, text: 'Timer expired' },
  { name: 'EPROTO', value: 71, text: 'Protocol error' },
  { name: 'EBADMSG', value: 74, text: 'Bad message' },
  { name: 'EOVERFLOW', value: 75, text: 'Value too large for defined data type' },
  { name: 'EOPNOTSUPP', value: 95, text: 'Operation not supported' },
  { name: 'ETIMEDOUT', value: 110, text: 'Connection timed out' },
  { name: 'EALREADY', value: 114, text: 'Operation already in progress' },
  { name: 'EINPROGRESS', value: 115, text: 'Operation now in progress' },
  { name: 'ECANCELED', value: 125, text: 'Operation canceled' },
  { name: 'ENOTSUPP', value: 524, text: 'Unknown error 524' },
];

/** The errno names a scenario may write (`fail PATCH -ENOMEM`), in the table's order. */
export const ERRNO_NAMES: readonly string[] = ERRNOS.map((e) => e.name);

export const ENOENT = -2;
export const EAGAIN = -11;
export const EBUSY = -16;
export const EEXIST = -17;
export const ENODEV = -19;
export const EINVAL = -22;

/** Accepts `-19`, `-ENODEV` or `ENODEV`; returns the negative errno, or null when the text is none of these. */
export function parseErrno(text: string): number | null {
  if (/^-[0-9]+$/.test(text)) {
    const value = Number(text);
    return Number.isSafeInteger(value) && value < 0 && value >= -4095 ? value : null;
  }
  const name = text.startsWith('-') ? text.slice(1) : text;
  const found = ERRNOS.find((e) => e.name === name);
  return found ? -found.value : null;
}

/** strerror's text for a (negative or positive) errno. */
export function errnoText(errno: number): string {
  const found = ERRNOS.find((e) => e.value === Math.abs(errno));
  return found ? found.text : `Unknown error ${Math.abs(errno)}`;
}

/** What modprobe prints after "could not insert 'm': " (it rewords a few errnos). */
export function insertErrorText(errno: number): string {
  const value = Math.abs(errno);
  if (value === 2 || value === 3) return 'Unknown symbol in module, or unknown parameter (see dmesg)';
  if (value === 8) return 'Invalid module format';
  return errnoText(errno);
}

/** The module loader's refusal as modprobe reports it. */
export function insertFailure(module: string, errno: number): string {
  return `could not insert '${module}': ${insertErrorText(errno)}`;
}
