// A rule context for one source file, so tests can ask the model checker directly.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DocumentAnalyzer } from '../../../server/src/core/analyze';
import { FileFlow } from '../../../server/src/core/flow/file-flow';
import { FileSyntax } from '../../../server/src/core/flow/syntax-units';
import type { RuleContext } from '../../../server/src/core/rules/types';
import { engine } from '../../helpers';

/** The context the rules get for `file` (named by its base name, as the fixture tests do). */
export async function contextOf(file: string): Promise<RuleContext> {
  const text = fs.readFileSync(file, 'utf8');
  const name = path.basename(file);
  const analyzer = new DocumentAnalyzer(await engine(), name, text);
  const model = analyzer.model({});
  const syntax = FileSyntax.open(analyzer.tree, name, text);
  return {
    path: name,
    text,
    units: syntax.units,
    model,
    flow: new FileFlow(syntax.units),
    workspaceFunctions: new Set(),
    workspaceIsWholeProject: false,
  };
}
