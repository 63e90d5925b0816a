// The reference `check` is compared with: every file parsed, every file's functions known to all before any is checked.
import { formatJson } from '../../server/src/cli/format/json';
import type { FileResult } from '../../server/src/cli/format/results';
import { collectInputs } from '../../server/src/cli/inputs';
import { runCli } from '../../server/src/cli/main';
import { SourceOptionsResolver } from '../../server/src/cli/source-options';
import { DocumentAnalyzer } from '../../server/src/core/analyze';
import { relevantProblems, summarizeProblems } from '../../server/src/core/model/problem-summary';
import { loadEngine } from '../../server/src/core/parse/engine';

export async function checkJson(args: string[], cwd: string): Promise<string> {
  let out = '';
  await runCli(['check', '--format', 'json', ...args], {
    out: (text) => (out += text),
    err: () => undefined,
    isTTY: false,
    cwd,
  });
  return out;
}

/**
 * The straightforward way, as `check` worked before the pre-filter: every file parsed, every
 * file's functions known to every other file before any is checked.
 */
export async function everyFileTogether(inputs: string[], cwd: string): Promise<string> {
  const engine = await loadEngine();
  const { sources } = collectInputs(inputs, cwd);
  const resolver = new SourceOptionsResolver({}, cwd);
  const workspaceFunctions = new Set<string>();
  for (const source of sources) {
    const analyzer = new DocumentAnalyzer(engine, source.path, source.text);
    for (const fn of analyzer.model(resolver.forSource(source.absolutePath)).functions)
      workspaceFunctions.add(fn.name);
    analyzer.dispose();
  }
  const files: FileResult[] = sources.map((source) => {
    const analyzer = new DocumentAnalyzer(engine, source.path, source.text);
    try {
      const { findings, model } = analyzer.analyze({
        extract: resolver.forSource(source.absolutePath),
        check: { workspaceFunctions },
      });
      const problems = summarizeProblems(relevantProblems(model.problems, source.text));
      return { path: source.path, absolutePath: source.absolutePath, findings, problems };
    } finally {
      analyzer.dispose();
    }
  });
  return formatJson({ files, root: cwd, severities: {} });
}
