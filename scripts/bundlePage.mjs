// Bundles the in-browser page's script (src/serving/web/browser/main.ts: the product's own tokenizer, long-note
// windows, pooling, scores and explanation arithmetic, compiled for the browser) into dist/web/prognos-web.js, which
// `prognos serve --in-browser` ships (docs/serving.md). onnxruntime-web is not bundled: the page loads its own files.
import * as esbuild from "esbuild";

// A few shared modules import Node built-ins for functions the page never calls (BertTokenizer.fromFolder reads a
// folder; the page builds its tokenizer from JSON): those imports become objects whose every function throws.
const nodeStub = {
  name: "node-built-ins-absent",
  setup(build) {
    build.onResolve({ filter: /^node:/ }, (a) => ({ path: a.path, namespace: "node-stub" }));
    build.onLoad({ filter: /.*/, namespace: "node-stub" }, (a) => ({
      loader: "js",
      contents: `module.exports = new Proxy({}, { get: (_, k) => () => { throw new Error(${JSON.stringify(a.path)} + "." + String(k) + " is not available in the page"); } });`,
    }));
  },
};

export async function bundlePage(outfile = "dist/web/prognos-web.js") {
  await esbuild.build({
    entryPoints: ["src/serving/web/browser/main.ts"],
    outfile,
    bundle: true,
    format: "iife",
    platform: "browser",
    target: "chrome109",
    minify: true,
    legalComments: "none",
    logLevel: "warning",
    plugins: [nodeStub],
  });
}
