/** Prognos' version, from package.json (written into every manifest). */
import { readFileSync } from "node:fs";

let version: string | undefined;

export function prognosVersion(): string {
  version ??= String(
    (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version?: unknown })
      .version ?? "unknown",
  );
  return version;
}
