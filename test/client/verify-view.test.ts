// The panel's "Verify on a real kernel" bar: when the button works, what it says when it cannot, and a run's result as text.
import * as assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { parseWebviewMessage, parseVerifyTarget } from '../../client/src/preview/messages';
import { PanelVerify } from '../../client/src/preview/panel-verify';
import { createVerifyBar, updateVerifyBar } from '../../client/webview/render-verify';
import { initialVerifyState, reduceVerify, verifyView } from '../../client/webview/verify-view';
import type { TraceScenario, VerifyScenarioResult } from '../../server/src/protocol';
import { FakeElement, installFakeDocument } from './fake-dom';

const HOSTILE = '<img src=x onerror="alert(1)">';
const scenario = (name: string, applicable = true): TraceScenario => ({
  name,
  title: `Title of ${name}`,
  description: '',
  applicable,
  text: 'load p',
  events: [],
});
const result = (over: Partial<VerifyScenarioResult>): VerifyScenarioResult => ({
  status: 'agree',
  summary: 'The real kernel (6.1) agrees with the prediction: 2 lines, event for event.',
  scenario: 'target-loaded-before-patch',
  kernel: '6.1',
  warnings: [],
  problems: [],
  predicted: [],
  real: [],
  firstDifference: -1,
  ...over,
});

before(installFakeDocument);

test('the button waits for the probe, then works for one applicable scenario only', () => {
  let state = initialVerifyState();
  const selected = scenario('target-loaded-before-patch');
  assert.equal(verifyView(state, selected.name, selected).enabled, false);
  assert.match(verifyView(state, selected.name, selected).note, /Checking/);
  state = reduceVerify(state, { type: 'verifyAvailability', available: true, reason: '' });
  assert.equal(verifyView(state, selected.name, selected).enabled, true);
  assert.equal(verifyView(state, 'all', undefined).enabled, false);
  assert.match(verifyView(state, 'all', undefined).note, /Select one scenario/);
  const other = scenario('atomic-replace', false);
  assert.equal(verifyView(state, other.name, other).enabled, false);
  assert.match(verifyView(state, other.name, other).note, /does not apply/);
});

test('without the packages the button is disabled and says why, with the install line', () => {
  const reason = 'Cannot run a real kernel here: missing cpio. apt-get install -y cpio';
  const state = reduceVerify(initialVerifyState(), { type: 'verifyAvailability', available: false, reason });
  const view = verifyView(state, 'custom', scenario('custom'));
  assert.equal(view.enabled, false);
  assert.equal(view.tooltip, reason);
  assert.equal(view.note, reason);
});

test('a run shows progress, then its result under the scenario it ran; a missing package found late disables it', () => {
  let state = reduceVerify(initialVerifyState(), { type: 'verifyAvailability', available: true, reason: '' });
  state = reduceVerify(state, { type: 'verifyProgress', scenario: 'custom', text: 'booting' });
  const shown = scenario('target-loaded-before-patch');
  assert.equal(verifyView(state, shown.name, shown).note, 'booting');
  assert.equal(verifyView(state, shown.name, shown).enabled, false);
  state = reduceVerify(state, { type: 'verifyResult', result: result({}) });
  const view = verifyView(state, shown.name, shown);
  assert.equal(view.status, 'agree');
  assert.match(view.summary, /agrees/);
  assert.equal(view.enabled, true);
  assert.equal(verifyView(state, 'custom', scenario('custom')).status, '', 'another scenario has no result');
  state = reduceVerify(state, {
    type: 'verifyResult',
    result: result({
      status: 'unavailable',
      scenario: 'custom',
      summary: 'missing qemu',
      aptLine: 'apt-get x',
    }),
  });
  assert.equal(state.available, false);
  assert.equal(state.reason, 'missing qemu apt-get x');
});

test('a difference shows the rows around it, the first different one marked, all as text', () => {
  const state = reduceVerify(initialVerifyState(), {
    type: 'verifyResult',
    result: result({
      status: 'differ',
      summary: HOSTILE,
      predicted: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'],
      real: ['a', 'b', 'c', 'd', 'E', 'f', 'g', 'h', 'i'],
      firstDifference: 4,
      warnings: [HOSTILE],
    }),
  });
  const view = verifyView(state, 'target-loaded-before-patch', scenario('target-loaded-before-patch'));
  assert.deepEqual(
    view.rows.map((r) => [r.index, r.differs]),
    [
      [1, false],
      [2, false],
      [3, false],
      [4, true],
      [5, false],
      [6, false],
      [7, false],
    ],
  );
  const bar = createVerifyBar(() => {});
  updateVerifyBar(bar, view);
  const root = bar.root as unknown as FakeElement;
  assert.equal(root.find('verify-summary').textContent, HOSTILE);
  assert.equal(root.find('verify-detail').textContent, `warning: ${HOSTILE}`);
  assert.match(root.find('verify-rows').textContent, />> 5eE/);
});

test('the button reports a click; its message and the command’s argument are checked', () => {
  let clicks = 0;
  const bar = createVerifyBar(() => (clicks += 1));
  (bar.button as unknown as FakeElement).dispatch('click');
  assert.equal(clicks, 1);
  assert.deepEqual(parseWebviewMessage({ type: 'verify', scenario: 'custom' }), {
    type: 'verify',
    scenario: 'custom',
  });
  assert.equal(parseWebviewMessage({ type: 'verify', scenario: ' ' }), undefined);
  assert.equal(parseWebviewMessage({ type: 'verify' }), undefined);
  assert.deepEqual(parseVerifyTarget([{ uri: 'file:///a.c', scenario: 'load p' }]), {
    uri: 'file:///a.c',
    scenario: 'load p',
  });
  assert.equal(parseVerifyTarget({ uri: '', scenario: 'load p' }), undefined);
  assert.equal(parseVerifyTarget({ uri: 'file:///a.c' }), undefined);
});

test('the panel’s probe tells the page whether the button works; a click verifies the shown scenario', async () => {
  const posted: unknown[] = [];
  let answer: VerifyScenarioResult | null = result({
    status: 'unavailable',
    summary: 'Missing qemu.',
    aptLine: 'apt-get x',
  });
  const shown = { uri: 'file:///a.c' as string | undefined, customText: 'load p\n' };
  const verify = new PanelVerify(
    { verify: () => Promise.resolve(answer) },
    (m) => posted.push(m),
    () => shown,
  );
  await verify.probe();
  answer = result({ status: 'available' });
  await verify.probe();
  answer = null; // the server is starting: nothing is said yet
  await verify.probe();
  assert.deepEqual(posted, [
    { type: 'verifyAvailability', available: false, reason: 'Missing qemu. apt-get x' },
    { type: 'verifyAvailability', available: true, reason: '' },
  ]);
  assert.deepEqual(verify.target('custom'), { uri: 'file:///a.c', scenario: 'load p\n' });
  assert.deepEqual(verify.target('target-not-present'), {
    uri: 'file:///a.c',
    scenario: 'target-not-present',
  });
  assert.deepEqual(
    verify.target(),
    { uri: 'file:///a.c', scenario: 'target-not-present' },
    'the last one again',
  );
  shown.uri = undefined;
  assert.equal(verify.target('custom'), undefined);
});
