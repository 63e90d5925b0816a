// SARIF 2.1.0 for GitHub code scanning: the rules with their help and docs, 1-based regions, %SRCROOT%-relative URIs, stable fingerprints.
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Log, ReportingDescriptor, Result, PhysicalLocation } from 'sarif';
import type { Range } from '../../core/model/types';
import { ALL_RULES } from '../../core/rules/index';
import type { Severity } from '../../core/rules/types';
import { resolveFrom, sarifCodeFlows } from './counterexample';
import { ruleDocsUrl } from '../../rule-docs';
import type { CheckResults } from './results';

const SRCROOT = '%SRCROOT%';
const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
};

export function formatSarif(results: CheckResults, version: string): string {
  const rules: ReportingDescriptor[] = ALL_RULES.map((rule) => {
    const severity = results.severities[rule.id] ?? rule.defaultSeverity;
    return {
      id: rule.id,
      name: pascalCase(rule.id),
      shortDescription: { text: rule.docs.summary },
      fullDescription: { text: rule.docs.description },
      help: { text: rule.docs.description, markdown: `**${rule.docs.summary}**\n\n${rule.docs.description}` },
      helpUri: ruleDocsUrl(rule.id, version),
      properties: { tags: ['livepatch', 'linux-kernel'] },
      defaultConfiguration:
        severity === 'off'
          ? { enabled: false, level: LEVEL[rule.defaultSeverity] }
          : { level: LEVEL[severity] },
    };
  });
  const ruleIndex = new Map(ALL_RULES.map((rule, index) => [rule.id, index]));
  const sarifResults: Result[] = [];
  for (const file of results.files) {
    const fingerprints = new Fingerprints();
    for (const finding of file.findings) {
      sarifResults.push({
        ruleId: finding.rule,
        ruleIndex: ruleIndex.get(finding.rule),
        level: LEVEL[finding.severity],
        message: { text: finding.message },
        locations: [{ physicalLocation: location(results.root, file.absolutePath, finding.range) }],
        partialFingerprints: {
          [FINGERPRINT_KEY]: fingerprints.next(
            finding.rule,
            relativeUri(results.root, file.absolutePath),
            finding.message,
          ),
        },
        relatedLocations: finding.related.map((related, id) => ({
          id,
          message: { text: related.message },
          physicalLocation: location(
            results.root,
            related.path === finding.path ? file.absolutePath : path.resolve(results.root, related.path),
            related.range,
          ),
        })),
        ...(finding.counterexample
          ? {
              codeFlows: sarifCodeFlows(finding.counterexample, (source, range) =>
                location(results.root, resolveFrom(results.root, source), range),
              ),
            }
          : {}),
      });
    }
  }
  const log: Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'klp-callbacks',
            version,
            informationUri: 'https://docs.kernel.org/livepatch/callbacks.html',
            rules,
          },
        },
        originalUriBaseIds: { [SRCROOT]: { uri: directoryUri(results.root) } },
        columnKind: 'utf16CodeUnits',
        results: sarifResults,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

/**
 * GitHub code scanning tracks an alert across commits by `partialFingerprints`. Ours does not
 * depend on line numbers, so an edit above a finding keeps its alert: the rule, the file and the
 * message (which names functions and objects, not lines; any "line N" in it is masked), plus an
 * occurrence count for identical findings in one file.
 */
export const FINGERPRINT_KEY = 'klpCallbacksFinding/v1';

class Fingerprints {
  private readonly seen = new Map<string, number>();

  next(rule: string, file: string, message: string): string {
    const base = `${rule}\0${file}\0${message.replace(/\blines? \d+(-\d+)?/g, 'line N')}`;
    const occurrence = this.seen.get(base) ?? 0;
    this.seen.set(base, occurrence + 1);
    return `${createHash('sha256').update(base).digest('hex').slice(0, 32)}:${occurrence + 1}`;
  }
}

function relativeUri(root: string, absolutePath: string): string {
  return path.relative(root, absolutePath).split(path.sep).join('/');
}

function location(root: string, absolutePath: string, range: Range): PhysicalLocation {
  const relative = path.relative(root, absolutePath);
  const inside = relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
  return {
    artifactLocation: inside
      ? { uri: relative.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: SRCROOT }
      : { uri: pathToFileURL(absolutePath).href },
    region: {
      startLine: range.start.line + 1,
      startColumn: range.start.character + 1,
      endLine: range.end.line + 1,
      endColumn: range.end.character + 1,
    },
  };
}

function directoryUri(dir: string): string {
  const href = pathToFileURL(dir).href;
  return href.endsWith('/') ? href : `${href}/`;
}

function pascalCase(id: string): string {
  return id.replace(/(^|-)(\w)/g, (_, __, letter: string) => letter.toUpperCase());
}
