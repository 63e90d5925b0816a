// Reads a .klpscenario for the oracle harness: the same line shapes the simulator's parser accepts.

const VERBS = new Set(['load', 'unload', 'disable', 'enable', 'fail', 'succeed', 'stall', 'settle']);

/**
 * Returns [{line, text, verb, args}], `text` being the line without its comment, whitespace collapsed
 * (the simulator echoes actions the same way). Throws on a line the harness cannot run.
 */
export function readScenario(source, fileName) {
  const actions = [];
  source.split(/\r?\n/).forEach((raw, index) => {
    const hash = raw.indexOf('#');
    const words = (hash >= 0 ? raw.slice(0, hash) : raw).trim().split(/\s+/).filter(Boolean);
    if (words.length === 0) return;
    const [verb, ...args] = words;
    if (!VERBS.has(verb)) throw new Error(`${fileName}:${index + 1}: unknown action '${verb}'`);
    for (const arg of args) {
      if (!/^[A-Za-z0-9_:=-]+$/.test(arg)) throw new Error(`${fileName}:${index + 1}: unexpected '${arg}'`);
    }
    actions.push({ line: index + 1, text: words.join(' '), verb, args });
  });
  return actions;
}

/** A module or patch name as the kernel spells it: '-' becomes '_'. */
export function moduleName(word) {
  return word.replace(/-/g, '_');
}

const ERRNO_NAMES = {
  EPERM: 1,
  ENOENT: 2,
  EIO: 5,
  EAGAIN: 11,
  ENOMEM: 12,
  EBUSY: 16,
  ENODEV: 19,
  EINVAL: 22,
};

/** `-19`, `-ENODEV` or `ENODEV` → -19. */
export function parseErrno(word) {
  if (word === undefined) return -19;
  if (/^-[0-9]+$/.test(word)) return Number(word);
  const value = ERRNO_NAMES[word.replace(/^-/, '')];
  if (value === undefined) throw new Error(`errno '${word}' is not one the harness knows`);
  return -value;
}
