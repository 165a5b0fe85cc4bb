import { basename, join } from "node:path";

/**
 * The names models are served under, one per model folder: the folder's name, or the run's for `RUN/best`;
 * a name already taken gets `-2`, `-3`… (GET /v1/models, the KServe routes and the page use them).
 */
export function modelNames(modelDirs: readonly string[]): string[] {
  const names: string[] = [];
  for (const dir of modelDirs) {
    let name = basename(dir) === "best" ? basename(join(dir, "..")) : basename(dir);
    while (names.includes(name)) name = `${name}-${names.length + 1}`;
    names.push(name);
  }
  return names;
}
