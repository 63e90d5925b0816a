// The soak's oracle: a fresh `klp-callbacks check --format json` of the final texts, compared with the server's diagnostics.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { REPO_ROOT } from '../../test/helpers';

interface JsonFinding {
  rule: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  range: Diagnostic['range'];
}

const SEVERITY = { error: 1, warning: 2, info: 3 } as const;

/** Findings per file path, as the CLI reports them for exactly these files together. */
export function freshCheck(files: readonly string[]): Map<string, string[]> {
  const run = spawnSync(
    process.execPath,
    [path.join(REPO_ROOT, 'bin', 'klp-callbacks.js'), 'check', '--format', 'json', ...files],
    { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
  );
  if (run.status !== 0 && run.status !== 1) throw new Error(`check failed: ${run.stderr}`);
  const parsed = JSON.parse(run.stdout) as { files: { path: string; findings: JsonFinding[] }[] };
  return new Map(
    parsed.files.map((file) => [
      path.resolve(file.path),
      file.findings.map((f) => key(f.rule, SEVERITY[f.severity], f.range, f.message)),
    ]),
  );
}

export function sameDiagnostics(diagnostics: readonly Diagnostic[], expected: readonly string[]): boolean {
  const got = diagnostics
    .map((d) =>
      key(
        String(d.code),
        d.severity ?? 0,
        d.range,
        typeof d.message === 'string' ? d.message : d.message.value,
      ),
    )
    .sort();
  const want = [...expected].sort();
  return got.length === want.length && got.every((k, i) => k === want[i]);
}

function key(rule: string, severity: number, range: Diagnostic['range'], message: string): string {
  return `${rule}|${severity}|${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}|${message}`;
}
