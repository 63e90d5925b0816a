// SARIF 2.1.0 for GitHub code scanning: the rules with their help, 1-based regions, %SRCROOT%-relative URIs.
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Log, ReportingDescriptor, Result, PhysicalLocation } from 'sarif';
import type { Range } from '../../core/model/types';
import { ALL_RULES } from '../../core/rules/index';
import type { Severity } from '../../core/rules/types';
import { resolveFrom, sarifCodeFlows } from './counterexample';
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
      defaultConfiguration:
        severity === 'off'
          ? { enabled: false, level: LEVEL[rule.defaultSeverity] }
          : { level: LEVEL[severity] },
    };
  });
  const ruleIndex = new Map(ALL_RULES.map((rule, index) => [rule.id, index]));
  const sarifResults: Result[] = [];
  for (const file of results.files) {
    for (const finding of file.findings) {
      sarifResults.push({
        ruleId: finding.rule,
        ruleIndex: ruleIndex.get(finding.rule),
        level: LEVEL[finding.severity],
        message: { text: finding.message },
        locations: [{ physicalLocation: location(results.root, file.absolutePath, finding.range) }],
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
