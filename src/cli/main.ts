import { Command, CommanderError } from "commander";
import { isPrognosError } from "../util/errors.ts";
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
 * Runs the CLI and returns the exit code. User errors (PrognosError) print one line without a stack trace;
 * anything else is a bug and prints its stack.
 */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: "user" });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode;
    if (isPrognosError(e)) {
      process.stderr.write(`prognos: error: ${e.message}\n`);
      return 1;
    }
    process.stderr.write(`prognos: internal error (please report): ${(e as Error)?.stack ?? String(e)}\n`);
    return 70;
  }
}
