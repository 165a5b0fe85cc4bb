import assert from "node:assert/strict";
import { test } from "node:test";
import type { Command } from "commander";
import { buildProgram } from "../../../src/cli/main.ts";

function* commandsOf(command: Command): Generator<Command> {
  yield command;
  for (const sub of command.commands) yield* commandsOf(sub);
}

test("every command's --help marks each required option (and only those) as required", () => {
  let required = 0;
  for (const command of commandsOf(buildProgram())) {
    const help = command.helpInformation();
    for (const option of command.options) {
      const line = help
        .slice(help.indexOf(option.flags))
        .split(/\n {2}-/)[0]!
        .replace(/\s+/g, " ");
      const marked = /\(required(, or in --config)?\)/.test(line);
      // train's --model/--task/--out, and pretrain's --from/--notes/--out, are required unless --config gives them:
      // they say so in their description.
      const byConfig: Record<string, string[]> = {
        train: ["--model", "--task", "--out"],
        core: ["--from", "--notes", "--out"],
        mlm: ["--from", "--notes", "--out"],
      };
      const requiredByConfig =
        (command.name() === "train" || command.parent?.name() === "pretrain") &&
        (byConfig[command.name()] ?? []).includes(option.long!);
      assert.equal(marked, option.mandatory || requiredByConfig, `${command.name()} ${option.flags}: ${line}`);
      if (option.mandatory) required++;
    }
  }
  assert.ok(required >= 15, `only ${required} required options found`);
});

test("train's --model, --task and --out say they may come from --config instead", () => {
  const help = buildProgram()
    .commands.find((c) => c.name() === "train")!
    .helpInformation();
  for (const flag of ["--model <dir>", "--task <path>", "--out <dir>"]) {
    const line = help
      .slice(help.indexOf(flag))
      .split(/\n {2}-/)[0]!
      .replace(/\s+/g, " ");
    assert.match(line, /\(required, or in --config\)$/, flag);
  }
});
