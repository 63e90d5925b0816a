// Cross-file facts for `undefined-callback` after a streamed check: which asked-for names some input defines.
import type { FileChecker, FileJob, FileOutcome } from './check-files';

/**
 * The names that files asked about (`asked`) and that some input defines: those parsed say
 * so themselves; a file the pre-filter skipped can define a name only if its text contains it,
 * so only such files are read again and parsed, and only when a name is still unresolved.
 */
export function definedAskedNames(
  jobs: readonly FileJob[],
  outcomes: readonly FileOutcome[],
  checker: () => FileChecker,
  readText: (job: FileJob) => string | undefined,
): Set<string> {
  const asked = new Set<string>();
  const defined = new Set<string>();
  const unparsed: FileJob[] = [];
  outcomes.forEach((outcome, index) => {
    if (!('parsed' in outcome)) return;
    for (const name of outcome.asked) asked.add(name);
    if (outcome.parsed) for (const name of outcome.defines) defined.add(name);
    else unparsed.push(jobs[index]);
  });
  const resolved = new Set([...asked].filter((name) => defined.has(name)));
  const open = [...asked].filter((name) => !resolved.has(name));
  if (open.length === 0) return resolved;
  for (const job of unparsed) {
    const text = readText(job);
    if (text === undefined || !open.some((name) => text.includes(name))) continue;
    for (const name of checker().definitions(job.absolutePath, job.path))
      if (asked.has(name)) resolved.add(name);
  }
  return resolved;
}

/** The files whose questions were answered wrong ("not defined" for a name another input defines). */
export function filesToRecheck(outcomes: readonly FileOutcome[], defined: ReadonlySet<string>): number[] {
  const indexes: number[] = [];
  outcomes.forEach((outcome, index) => {
    if ('asked' in outcome && outcome.asked.some((name) => defined.has(name))) indexes.push(index);
  });
  return indexes;
}
