// Reads the guest's /dev/kmsg dump: livepatch core and harness lines per case, level named, timestamps kept aside.
import { BEGIN, CASE_END_MARK, CASE_MARK, END, UNAME } from './guest-script';
import { LOG_PREFIX } from './mirror-targets';

const LEVELS = ['emerg', 'alert', 'crit', 'err', 'warn', 'notice', 'info', 'debug'];
/* Lines that say the guest or the harness went wrong rather than what the scenario did. */
const TROUBLE = /HARNESS-ERROR|Oops|BUG:|WARNING:|Call Trace|Kernel panic|general protection/;
/* sysfs dumps the stack when a livepatch names one object twice: that refusal can be a scenario's
   subject, so the dump up to the next harness line is expected. */
const EXPECTED_DUMP = /^sysfs: cannot create duplicate filename '\/kernel\/livepatch\//;

export interface CaseLog {
  /** Normalised lines (test/fixtures/oracle/README.md's dmesg.txt format). */
  lines: string[];
  /** Each line's kernel timestamp in microseconds (local_clock), for merging with trace events. */
  times: number[];
  problems: string[];
}

export interface Capture {
  kernel: string;
  cases: Map<string, CaseLog>;
  /** Problems outside any case (the guest did not print its log, boot trouble). */
  problems: string[];
}

/** Parses the serial console's text into each case's lines. */
export function readCapture(consoleText: string): Capture {
  const begin = consoleText.indexOf(`${BEGIN}\n`);
  const end = consoleText.indexOf(`${END}\n`);
  const cases = new Map<string, CaseLog>();
  if (begin < 0 || end < begin) {
    return { kernel: '', cases, problems: ['the guest did not print its kernel log (see console.log)'] };
  }
  const kernel = new RegExp(`${UNAME} (.*)$`, 'm').exec(consoleText)?.[1] ?? 'unknown kernel';
  const problems: string[] = [];
  let current: CaseLog | null = null;
  let dumpExpected = false;
  let lastSequence: number | null = null;
  for (const record of consoleText.slice(begin + BEGIN.length + 1, end).split('\n')) {
    const match = /^(\d+),(\d+),(\d+),[^;]*;(.*)$/.exec(record);
    if (!match) continue; // continuation lines (" SUBSYSTEM=...") and anything the console interleaved
    // A gap in the records' sequence numbers is a record the serial console garbled: not a trace to trust.
    const sequence = Number(match[2]);
    if (lastSequence !== null && sequence !== lastSequence + 1)
      (current?.problems ?? problems).push(
        `the console lost kernel log records ${lastSequence + 1}..${sequence - 1}`,
      );
    lastSequence = sequence;
    const text = match[4] ?? '';
    const line = normalise(Number(match[1]) & 7, text);
    if (line?.startsWith(`== ${CASE_MARK} `)) {
      current = { lines: [], times: [], problems: [] };
      cases.set(line.slice(`== ${CASE_MARK} `.length), current);
      continue;
    }
    if (line?.startsWith(`== ${CASE_END_MARK} `)) {
      current = null;
      continue;
    }
    if (EXPECTED_DUMP.test(text)) dumpExpected = true;
    else if (line !== null) dumpExpected = false;
    const trouble = TROUBLE.test(text) && !(dumpExpected && line === null);
    if (trouble) (current?.problems ?? problems).push(`kernel log: ${text}`);
    if (line !== null && current) {
      current.lines.push(line);
      current.times.push(Number(match[3]));
    }
  }
  return { kernel, cases, problems };
}

function normalise(level: number, text: string): string | null {
  const step = new RegExp(`^${LOG_PREFIX}step (.*)$`).exec(text);
  if (step) return `== ${step[1]}`;
  if (text.startsWith('livepatch: ') || text.startsWith(LOG_PREFIX)) return `${LEVELS[level]} ${text}`;
  return null;
}
