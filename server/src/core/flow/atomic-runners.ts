// Calls that run a function they are given in atomic context, as data: that function must not sleep.

export interface AtomicRunner {
  name: string;
  /** The index of the function argument that is run atomically. */
  fnArg: number;
  /** Finishes "… runs fn() …" in messages. */
  context: string;
}

const runner = (name: string, fnArg: number, context: string): AtomicRunner => ({ name, fnArg, context });

const STOPPED = 'with every CPU stopped and interrupts disabled';
const IPI = 'in interrupt context (an IPI)';

export const ATOMIC_RUNNERS: readonly AtomicRunner[] = [
  runner('stop_machine', 0, STOPPED),
  runner('stop_machine_cpuslocked', 0, STOPPED),
  runner('stop_one_cpu', 1, 'in the CPU stopper, with preemption disabled'),
  runner('on_each_cpu', 0, IPI),
  runner('on_each_cpu_mask', 1, IPI),
  runner('on_each_cpu_cond', 1, IPI),
  runner('on_each_cpu_cond_mask', 1, IPI),
  runner('smp_call_function', 0, IPI),
  runner('smp_call_function_single', 1, IPI),
  runner('smp_call_function_many', 1, IPI),
  runner('smp_call_function_any', 1, IPI),
];

const byName = new Map(ATOMIC_RUNNERS.map((entry) => [entry.name, entry]));

/** The runner a call is, if it runs one of its arguments in atomic context. */
export function atomicRunner(callee: string): AtomicRunner | undefined {
  return byName.get(callee);
}
