import { Command, CommanderError } from "commander";
import { isPrognosError } from "../util/errors.ts";
import { ENVIRONMENT_ERROR_CODES, isSystemError, systemErrorText } from "../util/writeError.ts";
import { commands } from "./commands/index.ts";
import { markRequiredOptions } from "./options/markRequiredOptions.ts";

/** Builds the `prognos` program: one sub-command per file in ./commands, registered in ./commands/index.ts. */
export function buildProgram(): Command {
  const program = new Command("prognos")
    .description("Clinical outcome prediction from admission notes and structured EHR, on ONNX Runtime.")
    .version("0.1.0")
    .showHelpAfterError()
    .exitOverride();
  for (const register of commands) register(program);
  markRequiredOptions(program);
  return program;
}

/**
 * Runs the CLI and returns the exit code. User errors (PrognosError) and the machine's (disk full, no permission)
 * print one line without a stack trace and return 1; anything else is a bug: its stack, and 70.
 */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: "user" });
    // A command may set a non-zero status without an error (`doctor`: 2 when a check is flagged).
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode;
    if (isPrognosError(e)) {
      process.stderr.write(`prognos: error: ${e.message}\n`);
      return 1;
    }
    if (isSystemError(e) && ENVIRONMENT_ERROR_CODES.has(e.code)) {
      // Disk full, read-only, no permission: the machine's doing, not a bug (the write paths name their files;
      // this catches any that do not).
      process.stderr.write(`prognos: error: ${e.path ? `${e.path}: ` : ""}${systemErrorText(e)}\n`);
      return 1;
    }
    process.stderr.write(`prognos: internal error (please report): ${(e as Error)?.stack ?? String(e)}\n`);
    return 70;
  }
}
