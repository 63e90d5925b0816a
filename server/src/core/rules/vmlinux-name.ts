// vmlinux-name: an object named "vmlinux", which the kernel takes for a module of that name.
import type { Rule, RuleFinding } from './types';

export const vmlinuxName: Rule = {
  id: 'vmlinux-name',
  defaultSeverity: 'error',
  docs: {
    summary: 'An object is named "vmlinux" instead of leaving `.name` NULL.',
    description: [
      'The kernel object is the one whose `.name` is NULL. An object named "vmlinux" is taken for a',
      'module called vmlinux, which never loads: its functions are never patched and its callbacks',
      'never run, silently.',
      '',
      'Remove `.name` (or set it to NULL) for the kernel object.',
    ].join('\n'),
  },
  check(ctx) {
    const findings: RuleFinding[] = [];
    for (const patch of ctx.model.patches) {
      for (const object of patch.objects) {
        if (object.name !== 'vmlinux') continue;
        findings.push({
          message: `.name = "vmlinux" makes the kernel wait for a module called vmlinux, which never loads: nothing in this object is ever patched and its callbacks never run. Leave .name unset (NULL) for the kernel.`,
          range: object.nameRange ?? object.range,
          ...(object.nameRange
            ? {
                fixes: [
                  {
                    title: 'Use NULL, the kernel object',
                    edits: [{ range: object.nameRange, newText: 'NULL' }],
                  },
                ],
              }
            : {}),
        });
      }
    }
    return findings;
  },
};
