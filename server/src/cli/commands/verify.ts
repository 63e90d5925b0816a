// `klp-callbacks verify`: runs a scenario on a real kernel with mirror modules and compares it with the prediction.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseScenario, type ScenarioAction } from '../../core/lifecycle/scenario';
import type { LivepatchModule } from '../../core/lifecycle/state';
import { unbuildableReason, unsupportedActions } from '../../host/verify/real-callbacks';
import { realKernelLimits } from '../../host/verify/limits';
import { runCases } from '../../host/verify/run-cases';
import { aptLine, cacheRoot, findToolchain } from '../../host/verify/toolchain';
import { eventsFromLines } from '../../host/verify/trace-lines';
import {
  applySourceFlag,
  oneOf,
  SOURCE_FLAGS,
  sourceFlagsUsage,
  splitArguments,
  type SourceOptions,
} from '../args';
import { oneLine } from '../format/escape';
import { sideBySide } from '../format/verify-text';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError, type CliIO } from '../io';
import type { Command } from './command';
import { loadLivepatchModules, reportScenarioErrors, resolveScenario } from './trace';

const USAGE = `usage: klp-callbacks verify <files or folders...> --scenario FILE|BUILTIN [--kernel VMLINUZ --headers DIR] [--format text|json] [--keep] [--real-callbacks]

Runs the scenario on a real kernel in a throwaway qemu VM and compares what it does with what
'klp-callbacks trace' predicts. Your code is not built: each livepatch is mirrored from its extracted model
(same patch name, objects in order, callbacks, .replace, klp_state ids and versions) with callbacks that
only report, next to stand-ins for the target modules. Needs qemu-system-x86, busybox-static, cpio, gcc,
make and a kernel with its headers (Debian: linux-image-amd64 linux-headers-amd64).

options:
  --scenario FILE|BUILTIN  a .klpscenario file, or the name of a built-in scenario
  --kernel VMLINUZ         the kernel to boot (with --headers; default: the installed Debian kernel)
  --headers DIR            the headers to build against, e.g. /usr/src/linux-headers-6.1.0-57-amd64
  --format text|json       text (default): both traces side by side, the first difference marked;
                           json: {"agree","predicted":[events],"real":[events],"firstDifference",
                           "warnings","kernel"}
  --keep                   keep the VM's files (initramfs, console log, module sources) and print where
  --real-callbacks         build your .c livepatch modules as written and load them instead of the
                           mirrors; kprobe events show when their callbacks run (no fail/succeed,
                           stall/settle or replace= in the scenario; targets are stand-ins that have
                           the functions your patch replaces)
${sourceFlagsUsage(27)}

Built modules are cached under $XDG_CACHE_HOME/klp-callbacks (or ~/.cache/klp-callbacks).
Exit codes: 0 the kernel did what was predicted; 1 it did something else; 2 it could not run (missing
packages, with the apt-get line to install them; a module that does not build; usage errors).
`;

interface VerifyOptions {
  inputs: string[];
  scenario: string;
  format: 'text' | 'json';
  keep: boolean;
  realCallbacks: boolean;
  kernel?: string;
  headers?: string;
  extract: SourceOptions;
}

function parseArguments(args: string[]): VerifyOptions {
  const keep = args.includes('--keep');
  const realCallbacks = args.includes('--real-callbacks');
  const rest = args.filter((a) => a !== '--keep' && a !== '--real-callbacks');
  const { inputs, options } = splitArguments(rest, [
    '--scenario',
    '--format',
    '--kernel',
    '--headers',
    ...SOURCE_FLAGS,
  ]);
  const parsed: VerifyOptions = { inputs, scenario: '', format: 'text', keep, realCallbacks, extract: {} };
  for (const { flag, value } of options) {
    if (flag === '--scenario') parsed.scenario = value;
    else if (flag === '--format') parsed.format = oneOf(flag, value, ['json', 'text'] as const);
    else if (flag === '--kernel') parsed.kernel = value;
    else if (flag === '--headers') parsed.headers = value;
    else applySourceFlag(flag, value, parsed.extract);
  }
  if (inputs.length === 0) throw new UsageError('give at least one livepatch file or folder');
  if (!parsed.scenario)
    throw new UsageError('--scenario is required (a .klpscenario file or a built-in name)');
  if (Boolean(parsed.kernel) !== Boolean(parsed.headers))
    throw new UsageError('--kernel and --headers go together');
  return parsed;
}

export const verifyCommand: Command = {
  name: 'verify',
  summary: 'run a scenario on a real kernel (qemu) with mirror modules and compare it with the prediction',
  usage: USAGE,
  async run(args: string[], io: CliIO): Promise<number> {
    const options = parseArguments(args);
    const fail = (message: string) => {
      io.err(`klp-callbacks verify: ${oneLine(message)}\n`);
      return EXIT_USAGE;
    };
    const modules = await loadLivepatchModules(options.inputs, io, 'verify', options.extract);
    if (!modules) return EXIT_USAGE;
    if (modules.length === 0) return fail('no livepatch (struct klp_patch or callback macros) in the inputs');
    const scenario = resolveScenario(options.scenario, modules, io.cwd);
    if ('problem' in scenario) return fail(scenario.problem);
    const parsed = parseScenario(scenario.text);
    if (parsed.errors.length > 0) {
      reportScenarioErrors(scenario.label, parsed.errors, io);
      return EXIT_USAGE;
    }
    let real: Map<string, string> | undefined;
    if (options.realCallbacks) {
      const own = ownSources(modules, parsed.actions);
      if ('problems' in own) {
        for (const p of own.problems) io.err(`klp-callbacks verify: --real-callbacks: ${oneLine(p)}\n`);
        return EXIT_USAGE;
      }
      real = own.sources;
    }
    const found = findToolchain({ kernel: options.kernel, headers: options.headers });
    if ('missing' in found) {
      fail(`cannot run a real kernel: missing ${found.missing.join(', ')}`);
      if (found.packages.length > 0) io.err(`  install them with: ${aptLine(found.packages)}\n`);
      return EXIT_USAGE;
    }
    const warnings = realKernelLimits(modules, parsed.actions);
    for (const w of warnings) io.err(`klp-callbacks verify: warning: ${oneLine(w)}\n`);
    const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'klp-callbacks-verify-'));
    let results;
    try {
      results = await runCases([{ id: 'c0', modules, actions: parsed.actions, ...(real ? { real } : {}) }], {
        toolchain: found.toolchain,
        cache: cacheRoot(),
        workDir,
        progress: (m) => io.err(`klp-callbacks verify: ${m}\n`),
      });
    } catch (error) {
      if (!options.keep) fs.rmSync(workDir, { recursive: true, force: true });
      // A build failure's message lists the compiler's first errors, one per line.
      const [first = '', ...more] = (error instanceof Error ? error.message : String(error)).split('\n');
      for (const line of more) io.err(`${line}\n`);
      return fail(first);
    }
    const result = results[0];
    if (!result) return fail('no result');
    if (options.keep) {
      for (const [name, text] of result.sources) fs.writeFileSync(path.join(workDir, `${name}.c`), text);
      io.err(`klp-callbacks verify: the VM's files are in ${workDir}\n`);
    } else fs.rmSync(workDir, { recursive: true, force: true });
    if (result.problems.length > 0) {
      for (const p of result.problems) io.err(`klp-callbacks verify: ${oneLine(p)}\n`);
      return fail('the real kernel run is not usable (see above)');
    }
    const agree = result.firstDifference < 0;
    if (options.format === 'json') {
      const real = eventsFromLines(result.realLines);
      io.out(
        `${JSON.stringify({ agree, firstDifference: result.firstDifference, warnings, predicted: result.predicted, real }, null, 2)}\n`,
      );
    } else {
      io.out(sideBySide(result, io.isTTY));
      io.out(
        agree
          ? 'The real kernel did what klp-callbacks predicted.\n'
          : `The real kernel differs from the prediction from row ${result.firstDifference + 1} on (marked >>).\n`,
      );
    }
    return agree ? EXIT_OK : EXIT_FINDINGS;
  },
};

/** --real-callbacks: every input's own C text by patch name, or why the scenario cannot run on it. */
function ownSources(
  modules: readonly LivepatchModule[],
  actions: readonly ScenarioAction[],
): { sources: Map<string, string> } | { problems: string[] } {
  const problems = [...modules.map(unbuildableReason).filter(Boolean), ...unsupportedActions(actions)];
  if (problems.length > 0) return { problems };
  const sources = new Map<string, string>();
  for (const module of modules) {
    try {
      sources.set(module.patch.name, fs.readFileSync(module.path, 'utf8'));
    } catch (error) {
      problems.push(`${module.path}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return problems.length > 0 ? { problems } : { sources };
}
