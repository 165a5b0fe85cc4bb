import type { Command } from "commander";

export const REQUIRED = "(required)";

/**
 * Appends "(required)" to the --help description of every option declared with `requiredOption`, in `command` and
 * all its sub-commands (commander's help shows nothing special for them). Called once on the whole program, so
 * every command gets it. Options that are required in other ways (train's --model unless in --config) say so in
 * their own description.
 */
export function markRequiredOptions(command: Command): void {
  for (const option of command.options) {
    if (option.mandatory && !option.description.includes(REQUIRED)) {
      option.description = option.description ? `${option.description} ${REQUIRED}` : REQUIRED;
    }
  }
  for (const sub of command.commands) markRequiredOptions(sub);
}
