/**
 * The command table of `scim-jwt`. Each command lives in its own file and is listed here; adding
 * one means writing its file and adding one line below.
 */
import { decodeCommand } from './decodeCommand';
import type { CliIo } from './io';
import { verifyCommand } from './verifyCommand';
import { scanCommand } from './scanCommand';
import { doctorCommand } from './doctorCommand';
import { rehearseCommand } from './rehearseCommand';
import { suggestCommand } from './suggestCommand';
import { setupCommand } from './setupCommand';

export interface CliCommand {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** Full help text printed by `scim-jwt help NAME` and `scim-jwt NAME --help`. */
  help: string;
  /** Runs with the arguments after the command name; returns the exit code. Throws CliUsageError for usage mistakes. */
  run(args: string[], io: CliIo): Promise<number>;
}

export const COMMANDS: readonly CliCommand[] = [
  decodeCommand,
  verifyCommand,
  suggestCommand,
  scanCommand,
  doctorCommand,
  setupCommand,
  rehearseCommand,
];

export function findCommand(name: string): CliCommand | undefined {
  return COMMANDS.find((c) => c.name === name);
}
