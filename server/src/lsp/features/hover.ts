// Hover: on a callback registration or a callback's definition, explain when the kernel runs it.
import { MarkupContent, MarkupKind, type Hover, type Position } from 'vscode-languageserver/node';
import { CALLBACK_CONTEXT, CALLBACK_TIMING } from '../../core/docs/callback-timing';
import { plainFunctionName } from '../../core/rules/callbacks';
import type { GoToCounterpartArgument, TracePreviewFocus } from '../../protocol';
import type {
  CallbackRegistration,
  FileModel,
  ObjectModel,
  ObjectNameOrigin,
  PatchModel,
  Range,
} from '../../core/model/types';
import type { Finding } from '../../core/rules/types';
import { toLspRange } from '../convert';
import { escapeMarkdown, inlineCode } from '../markdown';
import { containsPosition } from './registrations';

interface Use {
  patch: PatchModel;
  object: ObjectModel;
  registration: CallbackRegistration;
}

/**
 * `findings`: the document's findings if already computed; one on the position names its scenario.
 * Command links (go to counterpart, show in the trace panel) are added when the document's `uri` is given.
 */
export function provideHover(
  model: FileModel,
  position: Position,
  findings: readonly Finding[] = [],
  uri?: string,
): Hover | null {
  const scenarios = scenarioLines(findings, position);
  const hover = registrationHover(model, position, uri);
  const at = findings.find((f) => f.counterexample && containsPosition(f.range, position));
  if (!at) return hover;
  const below = hover && MarkupContent.is(hover.contents) ? [hover.contents.value] : [];
  const value = [...scenarios, ...below].join('\n\n');
  return { contents: { kind: MarkupKind.Markdown, value }, range: hover?.range ?? toLspRange(at.range) };
}

/** One line per lifecycle finding at the position: the scenario that shows it. */
function scenarioLines(findings: readonly Finding[], position: Position): string[] {
  return findings
    .filter((f) => f.counterexample && containsPosition(f.range, position))
    .map((f) => {
      const lines = (f.counterexample?.scenario ?? '').split('\n').map((line) => line.trim());
      const scenario = lines.filter((line) => line !== '' && !line.startsWith('#')).join('; ');
      const without = f.counterexample?.withoutCondition;
      const build = without === undefined ? '' : ` (built without ${inlineCode(without)})`;
      return `${inlineCode(f.rule)} happens in the scenario ${inlineCode(scenario)}${build}`;
    });
}

function registrationHover(model: FileModel, position: Position, uri?: string): Hover | null {
  const uses = callbackUses(model);
  const atRegistration = uses.find((use) => containsPosition(use.registration.range, position));
  if (atRegistration) return hoverFor([atRegistration], atRegistration.registration.range, uri);
  const definition = model.functions.find((fn) => containsPosition(fn.nameRange, position));
  if (!definition) return null;
  const registered = uses.filter((use) => use.registration.function === definition.name);
  return registered.length > 0 ? hoverFor(registered, definition.nameRange, uri) : null;
}

function hoverFor(uses: Use[], range: Range, uri: string | undefined): Hover {
  const sections = uses.map(({ patch, object, registration }) => {
    const timing = CALLBACK_TIMING[registration.kind];
    const counterpart = object.callbacks[timing.counterpart];
    const objectName = object.name ?? 'vmlinux';
    const lines = [
      `**${registration.kind}** of object ${inlineCode(objectName)} in livepatch ${inlineCode(patch.name)}` +
        ` (registered via ${registration.via}${registration.condition ? `, only when ${inlineCode(registration.condition)}` : ''})`,
      ...(object.nameOrigin ? ['', originLine(objectName, object.nameOrigin)] : []),
      '',
      timing.when,
      '',
      ...timing.caveats.map((caveat) => `- ${caveat}`),
      '',
      'Runs in:',
      ...CALLBACK_CONTEXT.map((fact) => `- ${fact}`),
      '',
      counterpart
        ? `Counterpart: ${timing.counterpart} → ${inlineCode(counterpart.function)}`
        : `Counterpart: no ${timing.counterpart} is registered for this object.`,
      ...(uri ? ['', commandLinks(uri, registration, counterpart !== undefined)] : []),
    ];
    return lines.join('\n');
  });
  return {
    contents: { kind: MarkupKind.Markdown, value: sections.join('\n\n---\n\n') },
    range: toLspRange(range),
  };
}

/** Links the VS Code extension trusts (command URIs); other editors show them as plain links. */
function commandLinks(uri: string, registration: CallbackRegistration, hasCounterpart: boolean): string {
  const links: string[] = [];
  if (hasCounterpart) {
    const at: GoToCounterpartArgument = { textDocument: { uri }, position: registration.range.start };
    links.push(`[Go to counterpart](${commandUri('klpCallbacks.goToCounterpart', at)})`);
  }
  const fn = plainFunctionName(registration.function);
  if (fn) {
    const focus: TracePreviewFocus = { uri, function: fn };
    links.push(`[Show in the trace panel](${commandUri('klpCallbacks.showTracePreview', focus)})`);
  }
  return links.join(' · ');
}

/** `command:ID?ARGS`: the JSON arguments are percent-encoded (parentheses too), so no text from the source can end the link. */
function commandUri(command: string, argument: unknown): string {
  const encoded = encodeURIComponent(JSON.stringify([argument])).replace(
    /[()!'*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `command:${command}?${encoded}`;
}

const ORIGIN_WORDS: Record<ObjectNameOrigin['kind'], string> = {
  setting: 'set by a setting',
  directive: 'named by a directive',
  kbuild: "from the kernel tree's Kbuild Makefiles",
  guess: '**a guess**',
  default: '**the default**',
};

/** Macros do not name their object: say where the name came from, and how to correct a guess. */
function originLine(objectName: string, origin: ObjectNameOrigin): string {
  const line = `Object ${inlineCode(objectName)} — ${ORIGIN_WORDS[origin.kind]}: ${escapeMarkdown(origin.detail)}.`;
  if (origin.kind !== 'guess' && origin.kind !== 'default') return line;
  return `${line} If it is wrong, name it: \`klp-callbacks: object PATH=MODULE\` in the patch, \`--object-for\` or the \`klpCallbacks.objects\` setting.`;
}

function callbackUses(model: FileModel): Use[] {
  const uses: Use[] = [];
  for (const patch of model.patches) {
    for (const object of patch.objects) {
      for (const registration of Object.values(object.callbacks)) {
        if (registration) uses.push({ patch, object, registration });
      }
      for (const registration of object.duplicateCallbacks) uses.push({ patch, object, registration });
    }
  }
  return uses;
}
