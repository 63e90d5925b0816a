// The list of CLI subcommands, in the order `--help` shows them.
import { checkCommand } from './check';
import type { Command } from './command';
import { extractCommand } from './extract';
import { scenariosCommand } from './scenarios';
import { traceCommand } from './trace';
import { verifyCommand } from './verify';

export const COMMANDS: readonly Command[] = [
  checkCommand,
  extractCommand,
  traceCommand,
  scenariosCommand,
  verifyCommand,
];
