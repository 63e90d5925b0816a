// Turns the guest's /dev/kmsg dump into dmesg.txt: livepatch core and oracle lines only, level named, no timestamps.
import { BEGIN, END, UNAME } from './init-script.mjs';

const LEVELS = ['emerg', 'alert', 'crit', 'err', 'warn', 'notice', 'info', 'debug'];
/* Lines that say the guest or the harness went wrong rather than what the scenario did. */
const TROUBLE = /HARNESS-ERROR|Oops|BUG:|WARNING:|Call Trace|Kernel panic|general protection/;
/* sysfs dumps the stack when a livepatch names one object twice: that refusal is a scenario's
   subject (duplicate-object), so the dump up to the next oracle line is expected. */
const EXPECTED_DUMP = /^sysfs: cannot create duplicate filename '\/kernel\/livepatch\//;

/** Parses the console capture; returns {lines, kernel, problems}. */
export function readCapture(consoleText) {
  const problems = [];
  const begin = consoleText.indexOf(`${BEGIN}\n`);
  const end = consoleText.indexOf(`${END}\n`);
  if (begin < 0 || end < begin) {
    return { lines: [], kernel: '', problems: ['the guest did not print its kernel log (see console.log)'] };
  }
  const kernel = new RegExp(`${UNAME} (.*)$`, 'm').exec(consoleText)?.[1] ?? 'unknown kernel';
  const lines = [];
  let dumpExpected = false;
  for (const record of consoleText.slice(begin + BEGIN.length + 1, end).split('\n')) {
    const match = /^(\d+),\d+,\d+,[^;]*;(.*)$/.exec(record);
    if (!match) continue; // continuation lines (" SUBSYSTEM=...") and anything the console interleaved
    const text = match[2];
    const line = normalise(Number(match[1]) & 7, text);
    if (EXPECTED_DUMP.test(text)) dumpExpected = true;
    else if (line !== null) dumpExpected = false;
    if (TROUBLE.test(text) && !(dumpExpected && line === null)) problems.push(`kernel log: ${text}`);
    if (line !== null) lines.push(line);
  }
  if (!lines.includes('== end')) problems.push('the scenario did not run to its end (see console.log)');
  return { lines: lines.filter((l) => l !== '== end'), kernel, problems };
}

function normalise(level, text) {
  const step = /^klp_oracle: step (.*)$/.exec(text);
  if (step) return `== ${step[1]}`;
  if (text.startsWith('livepatch: ') || text.startsWith('klp_oracle: ')) return `${LEVELS[level]} ${text}`;
  return null;
}
