// The server's settings (`klpCallbacks.*`), read from initializationOptions or a configuration change.
import type { AnalyzeOptions } from '../core/analyze';
import { objectName } from '../core/model/directives';
import type { ObjectOverride } from '../core/model/objname/resolve';
import type { Severity } from '../core/rules/types';

export interface ServerSettings {
  /** Per-rule severity override, e.g. `{ "asymmetric-pair": "error", "replace-without-takeover": "off" }`. */
  rules?: Record<string, Severity | 'off'>;
  /** The module that kpatch/klp-build macro callbacks belong to; empty or absent means vmlinux. */
  kpatchObject?: string;
  /** `{ "drivers/input/*.c": "joydev" }`: the object of the macros of the files each glob matches, first match first. */
  objects?: ObjectOverride[];
  /**
   * Per-folder values (VS Code's `resource` scope): a document under a folder's URI takes that
   * folder's settings, the deepest folder first; a setting the folder lacks falls back to the top level.
   */
  folders?: { uri: string; settings: ServerSettings }[];
}

const SEVERITIES = new Set(['error', 'warning', 'info', 'off']);

/**
 * Accepts `{klpCallbacks: {...}}` or the bare object; ignores values of the wrong type. The schema:
 * docs/initialization-options.schema.json (generated from package.json).
 */
export function readSettings(raw: unknown): ServerSettings {
  const record = asRecord(raw);
  const source = asRecord(record?.klpCallbacks) ?? record;
  const settings = readFolderSettings(source);
  const folders = asRecord(source?.folders);
  if (folders) {
    settings.folders = Object.entries(folders)
      .filter(([uri, value]) => uri !== '' && asRecord(value))
      .map(([uri, value]) => ({
        uri: uri.endsWith('/') ? uri : `${uri}/`,
        settings: readFolderSettings(asRecord(value)),
      }))
      .sort((a, b) => b.uri.length - a.uri.length);
  }
  return settings;
}

/** The settings that apply to one document: its deepest folder's, key by key over the top level. */
export function settingsFor(settings: ServerSettings, documentUri: string): ServerSettings {
  const { folders, ...topLevel } = settings;
  const folder = folders?.find((f) => documentUri.startsWith(f.uri));
  return folder ? { ...topLevel, ...folder.settings } : topLevel;
}

function readFolderSettings(source: Record<string, unknown> | undefined): ServerSettings {
  const settings: ServerSettings = {};
  const rules = asRecord(source?.rules);
  if (rules) {
    settings.rules = {};
    for (const [id, value] of Object.entries(rules)) {
      if (typeof value === 'string' && SEVERITIES.has(value)) settings.rules[id] = value as Severity | 'off';
    }
  }
  if (typeof source?.kpatchObject === 'string' && source.kpatchObject.trim() !== '') {
    settings.kpatchObject = source.kpatchObject.trim();
  }
  const objects = asRecord(source?.objects);
  if (objects) {
    settings.objects = Object.entries(objects)
      .filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1].trim() !== '')
      .map(([glob, name]) => ({ glob, name: objectName(name.trim()) }));
  }
  return settings;
}

export function toAnalyzeOptions(settings: ServerSettings): AnalyzeOptions {
  return {
    extract: {
      ...(settings.kpatchObject ? { kpatchObject: objectName(settings.kpatchObject) } : {}),
      ...(settings.objects?.length ? { objectsFor: settings.objects } : {}),
    },
    check: settings.rules ? { severities: settings.rules } : {},
  };
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
