// The shape every CLI subcommand implements.
import type { CliIO } from '../io';

export interface Command {
  name: string;
  /** One line for `klp-callbacks --help`. */
  summary: string;
  /** Full usage text for `klp-callbacks <name> --help`. */
  usage: string;
  run(args: string[], io: CliIO): Promise<number>;
}
