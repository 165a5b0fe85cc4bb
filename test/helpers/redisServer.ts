import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A redis-server (Debian's) that a test started: on 127.0.0.1, a free port, its own temporary folder. */
export interface TestRedis {
  /** redis://127.0.0.1:<port> */
  url: string;
  port: number;
  /** Its working folder: the RDB dump (dump.rdb) and the append-only files are written here. */
  dir: string;
  /** Stops it (SIGTERM: Redis writes its data out first) and waits for it to exit. */
  stop(): Promise<void>;
  /** Starts it again on the same port and folder (after `stop`): with persistence on, the data comes back. */
  restart(): Promise<void>;
  /** Stops it if running and removes its folder. */
  dispose(): Promise<void>;
}

/** A port nothing listens on now (the kernel's pick, released before Redis binds it). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/**
 * Starts `redis-server` for one test file. `persistence`: append-only file fsynced on every write, so a restart
 * (`stop` then `restart`) loses nothing. RDB strings are written uncompressed (`rdbcompression no`) so that a test
 * reading the dump for note text sees every byte as Redis stored it.
 */
export async function startTestRedis(options: { persistence?: boolean } = {}): Promise<TestRedis> {
  const dir = mkdtempSync(join(tmpdir(), "prognos-redis-"));
  const port = await freePort();
  const args = [
    ...["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", ""],
    ...["--rdbcompression", "no", "--protected-mode", "yes", "--daemonize", "no", "--loglevel", "notice"],
    ...(options.persistence ? ["--appendonly", "yes", "--appendfsync", "always"] : ["--appendonly", "no"]),
  ];
  let child: ChildProcess | null = null;
  const start = () =>
    new Promise<void>((resolve, reject) => {
      const c = spawn("redis-server", args, { stdio: ["ignore", "pipe", "pipe"] });
      child = c;
      let log = "";
      const timer = setTimeout(() => reject(new Error(`redis-server did not start in 10 s: ${log}`)), 10_000);
      const onData = (d: Buffer) => {
        log += d;
        if (/Ready to accept connections/.test(log)) {
          clearTimeout(timer);
          resolve();
        }
      };
      c.stdout!.on("data", onData);
      c.stderr!.on("data", onData);
      c.once("error", (e) => {
        clearTimeout(timer);
        reject(new Error(`redis-server could not start (apt-get install redis-server): ${e.message}`));
      });
      c.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`redis-server exited (${code}): ${log}`));
      });
    });
  await start();
  const stop = async () => {
    const c = child as ChildProcess | null;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      c.once("exit", () => resolve());
      c.kill("SIGTERM");
    });
    child = null;
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    stop,
    restart: start,
    async dispose() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
