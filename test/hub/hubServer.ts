// A stand-in for the Hugging Face hub on 127.0.0.1, in its URL layout (docs/fetch-model.md): the API's file list,
// resolve URLs that answer small files with their git blob SHA-1 as ETag and redirect LFS files to a storage URL
// with X-Linked-Etag (SHA-256) and X-Linked-Size, and byte ranges (Range, If-Range) on that storage URL.
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface HubRepo {
  files: Record<string, Uint8Array>;
  /** Files served the LFS way (redirect + X-Linked-*). */
  lfs: string[];
}

export interface HubBehaviour {
  /** Cut the connection after this many bytes of the first GET of this file. */
  cut?: { file: string; after: number };
  /** Announce a wrong SHA-256 for this LFS file. */
  wrongSha?: string;
  /** The API answers 500 (fetch-model then probes file names). */
  apiDown?: boolean;
}

export interface HubRequestLog {
  method: string;
  url: string;
  range?: string;
}

export const COMMIT = "0123456789abcdef0123456789abcdef01234567";

const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
const gitSha1 = (b: Uint8Array) => createHash("sha1").update(`blob ${b.length}\0`).update(b).digest("hex");

export class HubServer {
  readonly log: HubRequestLog[] = [];
  private cutDone = false;
  private constructor(
    private readonly server: Server,
    readonly endpoint: string,
    private readonly repos: Record<string, HubRepo>,
    readonly behaviour: HubBehaviour,
  ) {}

  static async start(repos: Record<string, HubRepo>, behaviour: HubBehaviour = {}): Promise<HubServer> {
    let hub: HubServer | undefined;
    const server = createServer((req, res) => hub!.handle(req, res));
    await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
    const { port } = server.address() as AddressInfo;
    hub = new HubServer(server, `http://127.0.0.1:${port}`, repos, behaviour);
    return hub;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((ok) => this.server.close(() => ok()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? "/", this.endpoint);
    this.log.push({ method: req.method ?? "", url: url.pathname, range: req.headers.range });
    const path = decodeURIComponent(url.pathname);
    const api = /^\/api\/models\/([^/]+\/[^/]+)$/.exec(path);
    if (api) {
      const repo = this.repos[api[1]!];
      if (this.behaviour.apiDown) return void res.writeHead(500).end("down");
      if (!repo) return void res.writeHead(404, { "content-type": "application/json" }).end('{"error":"not found"}');
      const body = { id: api[1], sha: COMMIT, siblings: Object.keys(repo.files).map((rfilename) => ({ rfilename })) };
      return void res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
    }
    const resolve = /^\/([^/]+\/[^/]+)\/resolve\/([^/]+)\/(.+)$/.exec(path);
    if (resolve) {
      const repo = this.repos[resolve[1]!];
      const name = resolve[3]!;
      const data = repo?.files[name];
      if (!repo || !data || resolve[2] !== "main") return void res.writeHead(404).end("Entry not found");
      if (repo.lfs.includes(name)) {
        const sha = this.behaviour.wrongSha === name ? "f".repeat(64) : sha256(data);
        return void res
          .writeHead(302, {
            location: `/cdn/${resolve[1]}/${name}`,
            etag: `"${sha}"`,
            "x-linked-etag": `"${sha}"`,
            "x-linked-size": String(data.length),
            "x-repo-commit": COMMIT,
          })
          .end();
      }
      res.writeHead(200, { etag: `"${gitSha1(data)}"`, "content-length": data.length, "x-repo-commit": COMMIT });
      return void (req.method === "HEAD" ? res.end() : res.end(data));
    }
    const cdn = /^\/cdn\/([^/]+\/[^/]+)\/(.+)$/.exec(path);
    const data = cdn ? this.repos[cdn[1]!]?.files[cdn[2]!] : undefined;
    if (!cdn || !data) return void res.writeHead(404).end();
    this.serveBytes(req, res, cdn[2]!, data);
  }

  private serveBytes(req: IncomingMessage, res: ServerResponse, name: string, data: Uint8Array): void {
    const etag = `"${sha256(data)}"`;
    let start = 0;
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? "");
    const ifRange = req.headers["if-range"];
    if (range && (ifRange === undefined || ifRange === etag)) {
      start = Number(range[1]);
      if (start >= data.length) {
        return void res.writeHead(416, { "content-range": `bytes */${data.length}` }).end();
      }
      res.writeHead(206, {
        etag,
        "content-length": data.length - start,
        "content-range": `bytes ${start}-${data.length - 1}/${data.length}`,
      });
    } else res.writeHead(200, { etag, "content-length": data.length });
    if (req.method === "HEAD") return void res.end();
    const cut = this.behaviour.cut;
    if (cut && cut.file === name && !this.cutDone) {
      this.cutDone = true;
      res.write(data.subarray(start, cut.after), () => setTimeout(() => res.socket?.destroy(), 20));
      return;
    }
    res.end(data.subarray(start));
  }
}
