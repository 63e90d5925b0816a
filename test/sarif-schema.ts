// The SARIF 2.1.0 schema as a validator, with the formats it uses (uri, uri-reference, date-time) checked rather than ignored.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv-draft-04';
import { REPO_ROOT } from './helpers';

const SCHEMA = path.join(REPO_ROOT, 'node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');

function isUri(value: string): boolean {
  return URL.canParse(value);
}

/** A relative reference (`src/a.c`, `%SRCROOT%`-based) or an absolute URI; no spaces or controls. */
function isUriReference(value: string): boolean {
  return (
    URL.canParse(value, 'file:///') && !/\s/.test(value) && ![...value].some((c) => c.charCodeAt(0) < 0x20)
  );
}

function isDateTime(value: string): boolean {
  return (
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i.test(value) &&
    !isNaN(Date.parse(value))
  );
}

/**
 * Unknown formats would make ajv print one line per use (26 of them, at the start of every test
 * run) and check nothing: each is given a real check instead.
 */
export function sarifValidator() {
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  ajv.addFormat('uri', isUri);
  ajv.addFormat('uri-reference', isUriReference);
  ajv.addFormat('date-time', isDateTime);
  return ajv.compile(JSON.parse(fs.readFileSync(SCHEMA, 'utf8')));
}
