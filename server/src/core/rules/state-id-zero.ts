// state-id-zero: a klp_state with id 0, which is the array terminator's value.
import type { Rule, RuleFinding } from './types';

export const stateIdZero: Rule = {
  id: 'state-id-zero',
  defaultSeverity: 'error',
  docs: {
    summary: 'A `struct klp_state` has id 0.',
    description: [
      'The states array ends at the first element whose id is 0 (`klp_for_each_state`). A state with',
      'id 0 therefore ends the array early: it and every state after it are invisible to the',
      'compatibility check and to `klp_get_state()`/`klp_get_prev_state()`.',
      '',
      'Give every state a non-zero id, unique for the system state it stands for.',
    ].join('\n'),
  },
  check(ctx) {
    const findings: RuleFinding[] = [];
    for (const patch of ctx.model.patches) {
      for (const state of patch.states ?? []) {
        if (state.id !== 0) continue;
        findings.push({
          message: `state id ${state.idText} is 0, the value that ends the states array: this state and all after it are ignored by the compatibility check and by klp_get_state(). Use a non-zero id.`,
          range: state.range,
        });
      }
    }
    return findings;
  },
};
