import type { ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** SIGKILLs a training child once `out`/log.jsonl holds at least `steps` step lines (fails after 120 s). */
export async function killAfterSteps(child: ChildProcess, out: string, steps: number): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const log = existsSync(join(out, "log.jsonl")) ? readFileSync(join(out, "log.jsonl"), "utf8") : "";
    if (log.split("\n").filter((l) => l.includes('"totalSteps"')).length >= steps) {
      child.kill("SIGKILL");
      await new Promise((r) => child.once("exit", r));
      return;
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  child.kill("SIGKILL");
  throw new Error("training did not reach the kill point in time");
}
