// The list of CLI subcommands, in the order `--help` shows them.
import type { Command } from './command';

export const COMMANDS: readonly Command[] = [];
