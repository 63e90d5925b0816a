// undefined-callback: a registered callback name defined neither in this file nor elsewhere in the workspace.
import type { Node } from 'web-tree-sitter';
import { describeCallback, registeredCallbacks } from './callbacks';
import type { Rule, RuleFinding } from './types';

const BLOCKS = new Set(['preproc_if', 'preproc_ifdef', 'preproc_else', 'preproc_elif', 'preproc_elifdef']);

export const undefinedCallback: Rule = {
  id: 'undefined-callback',
  defaultSeverity: 'error',
  docs: {
    summary: 'A callback is registered under a name that no file in the workspace defines.',
    description: [
      'The registered function is defined neither in this file nor in any other file of the workspace',
      '(the files given to `klp-callbacks check`, or the open folder in the editor). The module does',
      'not build, or links against a function of the same name that is not a callback.',
      '',
      'A non-`static` prototype in this file (or an `extern` one) counts as "defined in another',
      'translation unit": the linker resolves it, so it is not reported. A `static` prototype with no',
      'definition is reported: nothing else can provide it. Patch files (.patch/.diff) are not',
      'checked: they show only the changed lines of a file.',
      '',
      'Define the function, or fix the name in the registration.',
    ].join('\n'),
  },
  check(ctx) {
    const findings: RuleFinding[] = [];
    // A .patch shows only its hunks: the function may well sit in unchanged lines around them.
    if (ctx.model.kind === 'patch') return findings;
    const external = new Set(ctx.units.flatMap((unit) => [...externalPrototypes(unit.root)]));
    for (const callback of registeredCallbacks(ctx.model)) {
      const name = callback.functionName;
      if (!name || ctx.flow.functions.has(name) || ctx.workspaceFunctions.has(name)) continue;
      if (ctx.model.functions.some((fn) => fn.name === name)) continue;
      // A prototype promises a definition in another file: only a workspace known whole can tell it is missing.
      if (external.has(name) && !ctx.workspaceIsWholeProject) continue;
      const where = external.has(name)
        ? `is declared but defined in no file of the workspace: modpost reports ${name} undefined and the module does not load`
        : 'is not defined in this file or anywhere in the workspace: the module will not link';
      findings.push({
        message: `${describeCallback(callback)} ${where}. Define ${name}() or register the function that exists.`,
        range: callback.registration.range,
      });
    }
    return findings;
  },
};

/** Names declared by non-static function prototypes at file level. */
function externalPrototypes(root: Node): Set<string> {
  const names = new Set<string>();
  const visit = (node: Node) => {
    for (const child of node.namedChildren) {
      if (BLOCKS.has(child.type)) visit(child);
      if (child.type !== 'declaration') continue;
      const isStatic = child.namedChildren.some(
        (c) => c.type === 'storage_class_specifier' && c.text === 'static',
      );
      if (isStatic) continue;
      for (const declarator of child.childrenForFieldName('declarator')) {
        let current: Node | null = declarator;
        while (current && current.type === 'pointer_declarator')
          current = current.childForFieldName('declarator');
        const name = current?.type === 'function_declarator' ? current.childForFieldName('declarator') : null;
        if (name?.type === 'identifier') names.add(name.text);
      }
    }
  };
  visit(root);
  return names;
}
