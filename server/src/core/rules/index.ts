// Every lint rule, in the order their documentation is listed.
import { asymmetricPair } from './asymmetric-pair';
import { brokenDeclaration } from './broken-declaration';
import { callbackSignature } from './callback-signature';
import { duplicateMacroCallback } from './duplicate-macro-callback';
import { duplicateObject } from './duplicate-object';
import { enableFromCallback } from './enable-from-callback';
import { initPartialCleanup } from './init-partial-cleanup';
import { internalField } from './internal-field';
import { lockAcrossCallbacks } from './lock-across-callbacks';
import { missingFuncs } from './missing-funcs';
import { missingTerminator } from './missing-terminator';
import { postUnpatchAssumesPostPatch } from './post-unpatch-assumes-post-patch';
import { prePatchPartialCleanup } from './pre-patch-partial-cleanup';
import { replaceWithoutTakeover } from './replace-without-takeover';
import { shadowCtorSleeps } from './shadow-ctor-sleeps';
import { shadowFreeInExit } from './shadow-free-in-exit';
import { shadowUncheckedAlloc } from './shadow-unchecked-alloc';
import { sleepInAtomic } from './sleep-in-atomic';
import { stateIdZero } from './state-id-zero';
import type { Rule } from './types';
import { unanalysedCallbacks } from './unanalysed-callbacks';
import { undefinedCallback } from './undefined-callback';
import { unpairedResource } from './unpaired-resource';
import { vmlinuxName } from './vmlinux-name';

export const ALL_RULES: readonly Rule[] = [
  asymmetricPair,
  callbackSignature,
  undefinedCallback,
  unpairedResource,
  prePatchPartialCleanup,
  initPartialCleanup,
  postUnpatchAssumesPostPatch,
  lockAcrossCallbacks,
  shadowUncheckedAlloc,
  shadowFreeInExit,
  shadowCtorSleeps,
  sleepInAtomic,
  replaceWithoutTakeover,
  internalField,
  enableFromCallback,
  missingFuncs,
  missingTerminator,
  vmlinuxName,
  duplicateObject,
  stateIdZero,
  duplicateMacroCallback,
  brokenDeclaration,
  unanalysedCallbacks,
];

export function findRule(id: string): Rule | undefined {
  return ALL_RULES.find((rule) => rule.id === id);
}

export type { Finding, RelatedLocation, Rule, RuleDocs, Severity } from './types';
