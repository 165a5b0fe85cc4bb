import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { type Browser, chromium, type Page } from "playwright-core";
import type { ModelPrediction } from "../../src/serving/notePredictions.ts";
import { startInBrowserServer } from "../../src/serving/startInBrowserServer.ts";
import { startServer } from "../../src/serving/startServer.ts";
import { assertClose } from "../helpers/assertClose.ts";
import { binaryTask, multiLabelTask } from "../helpers/tinyTasks.ts";

// The page's in-browser mode in a real browser (Debian's chromium through playwright-core; .ci/run installs it):
// its predictions equal the server's for the same notes, explanations shade the words, no request carries the note,
// and the static build works from plain files. Screenshot: test-output/serving/in-browser.png.
const CHROMIUM = "/usr/bin/chromium";
const TOLERANCE = 1e-4; // docs/serving.md: in-browser probabilities equal the server's to this
const root = mkdtempSync(join(tmpdir(), "prognos-in-browser-"));
const OUTPUT = join("test-output", "serving");
const prognos = (...args: string[]) => spawnSync(process.execPath, ["bin/prognos.js", ...args], { encoding: "utf8" });
let models: string[];
let api: Awaited<ReturnType<typeof startServer>>;
let local: Awaited<ReturnType<typeof startInBrowserServer>>;
let browser: Browser;

function train(name: string, task: string, epochs: number, ...extra: string[]): string {
  const out = join(root, name);
  const t = prognos(
    ...["train", "--model", "test/fixtures/bert/tiny-uncased-gelu", "--out", out, "--task", task],
    ...["--epochs", String(epochs), "--lr", "3e-3", "--warmup-steps", "0", "--batch-size", "8", "--threads", "1"],
    ...extra,
  );
  assert.equal(t.status, 0, t.stderr);
  return out;
}

before(async () => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install chromium (.ci/run does)`);
  const mp = train("mp", binaryTask(join(root, "mp-task"), [40, 10, 10]), 4);
  const dia = train("dia", multiLabelTask(join(root, "dia-task")), 3);
  // The same multi-label model read in overlapping windows pooled by their mean: the page pools as the server does.
  const windows = join(root, "dia-windows");
  cpSync(join(dia, "best"), windows, { recursive: true });
  const config = JSON.parse(readFileSync(join(windows, "config.json"), "utf8"));
  config.prognos_head.long_notes = { policy: "windows", window: 16, stride: 8, pool: "mean" };
  writeFileSync(join(windows, "config.json"), JSON.stringify(config));
  // The same task read by label-wise attention (docs/training.md, "Pooling"): the page runs that head's graph too.
  const attention = train("dia-attention", multiLabelTask(join(root, "dia-task")), 3, "--pooling", "label-attention");
  models = [mp, dia, windows, attention];
  const common = { models, port: 0, host: "127.0.0.1", log: () => {} };
  api = await startServer({ ...common, maxBodyBytes: 10 * 2 ** 20, maxQueuedNotes: 64, threads: 1 });
  local = await startInBrowserServer(common);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
});
after(async () => {
  await browser?.close();
  await api?.close();
  await local?.close();
  rmSync(root, { recursive: true, force: true });
});

const statusText = (page: Page) => page.textContent("#status").then((s) => s ?? "");

/** Pastes `note`, clicks Predict and returns what the page shows (window.prognosResult). */
async function predictIn(page: Page, note: string): Promise<ModelPrediction[]> {
  await page.fill("#note", note);
  await page.click("#predict");
  await page.waitForFunction(() => {
    const s = document.querySelector("#status");
    return s?.textContent?.startsWith("Click a label") || s?.className === "error";
  });
  assert.match(await statusText(page), /^Click a label/);
  return page.evaluate(() => (window as unknown as { prognosResult: ModelPrediction[] }).prognosResult);
}

async function waitReady(page: Page): Promise<string> {
  await page.waitForFunction(() =>
    /^(Ready|The models could not)/.test(document.querySelector("#status")?.textContent ?? ""),
  );
  return statusText(page);
}

/** The in-browser answer equals the server's: the same labels and reading, probabilities within TOLERANCE. */
function assertSame(inPage: ModelPrediction[], server: ModelPrediction[]): number {
  assert.deepEqual(
    inPage.map((m) => [m.model, m.task, m.predicted, m.word_pieces, m.windows, m.cut]),
    server.map((m) => [m.model, m.task, m.predicted, m.word_pieces, m.windows, m.cut]),
  );
  let max = 0;
  for (const [k, m] of inPage.entries()) {
    const s = server[k]!;
    const byLabel = new Map(s.labels.map((l) => [l.label, l]));
    assert.deepEqual(
      m.labels.map((l) => [l.label, l.title, l.threshold]).sort(),
      s.labels.map((l) => [l.label, l.title, l.threshold]).sort(),
    );
    const p = m.labels.map((l) => l.probability);
    max = Math.max(
      max,
      assertClose(
        p,
        m.labels.map((l) => byLabel.get(l.label)!.probability),
        TOLERANCE,
        m.model,
      ),
    );
    if (m.risk !== null) max = Math.max(max, assertClose([m.risk], [s.risk!], TOLERANCE, `${m.model} risk`));
  }
  return max;
}

const NOTES = [
  "Patient with sepsis and zygomycosis",
  "Fièvre, toux; SpO2 88% — chest pain with fever!  Cough (3 days).",
  Array.from({ length: 60 }, (_, i) => ["patient with chest pain", "fever and cough", "sepsis"][i % 3]).join(", "),
];

test("in-browser predictions equal the server's (≤ 1e-4), a click shades the words, and no request carries the note", {
  timeout: 180_000,
}, async () => {
  const serverPage = await browser.newPage();
  const context = await browser.newContext();
  const page = await context.newPage();
  const requests: { method: string; url: string; body: string | null }[] = [];
  context.on("request", (r) => requests.push({ method: r.method(), url: r.url(), body: r.postData() }));
  await serverPage.goto(`http://127.0.0.1:${api.port}/`);
  await page.goto(`http://127.0.0.1:${local.port}/`);
  assert.match(await waitReady(page), /^Ready: mp, dia, dia-windows, dia-attention run in this page/);
  assert.equal(await page.$("#token"), null, "no token field: nothing is sent");

  let max = 0;
  for (const note of NOTES)
    max = Math.max(max, assertSame(await predictIn(page, note), await predictIn(serverPage, note)));
  const long = await predictIn(page, NOTES[2]!);
  assert.ok(long[2]!.windows > 1, "the long note is read in several windows");
  console.log(`# in-browser vs server: max |Δ probability| = ${max.toExponential(2)} over ${NOTES.length} notes`);

  // A 20,000-word note is read in the page too (the windows model: thousands of windows).
  const t0 = performance.now();
  const huge = await predictIn(page, "patient with cough ".repeat(6667));
  assert.ok(huge[2]!.windows > 1000 && huge[0]!.cut, "read in windows, or cut, as the heads say");
  console.log(`# a 20,000-word note in the page: ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  // A click on the risk: the words shaded by integrated gradients computed in the page, as the server computes them.
  await predictIn(page, NOTES[0]!);
  await page.click('button.label[data-model="0"][data-label="1"]');
  await page.waitForSelector("#shaded span.w");
  const words = await page.$$eval("#shaded span.w", (s) => s.map((x) => [x.textContent, x.getAttribute("style")]));
  assert.deepEqual(
    words.map((w) => w[0]),
    ["Patient", "with", "sepsis", "and", "zygomycosis"],
  );
  assert.ok(
    words.every((w) => /background:\s*rgba\(/.test(w[1] ?? "")),
    "each word shaded",
  );
  assert.ok(await page.isVisible(".legend .scale"), "a legend for the colour scale");
  const explained = await fetch(`http://127.0.0.1:${api.port}/v1/explain`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ notes: [{ id: "n", text: NOTES[0] }], models: ["mp"] }),
  }).then((r) => r.json());
  const want = explained.predictions[0].predictions[0].labels.find((l: { label: string }) => l.label === "1");
  type Explained = { attributions: { word: string; score: number }[]; explanation: { logit: number } };
  const got = await page.evaluate(() => (window as unknown as { prognosExplained: Explained }).prognosExplained);
  assert.deepEqual(
    got.attributions.map((a) => a.word),
    want.attributions.map((a: { word: string }) => a.word),
  );
  const scale = Math.max(...want.attributions.map((a: { score: number }) => Math.abs(a.score)));
  const diff = assertClose(
    got.attributions.map((a) => a.score / scale),
    want.attributions.map((a: { score: number }) => a.score / scale),
    1e-3,
    "attributions relative to the largest",
  );
  assertClose([got.explanation.logit], [want.explanation.logit], TOLERANCE, "the explained logit");
  console.log(`# in-browser vs server attributions: max |Δ| / max |score| = ${diff.toExponential(2)}`);
  mkdirSync(OUTPUT, { recursive: true });
  const shot = join(OUTPUT, "in-browser.png");
  await page.screenshot({ path: shot, fullPage: true });
  assert.ok(statSync(shot).size > 10_000, "a screenshot was written");

  // Every request of the in-browser page: a GET of a file from its own server, none with any of the notes.
  assert.ok(requests.length >= 8, "the page fetched its files");
  for (const r of requests) {
    assert.equal(r.method, "GET", r.url);
    assert.ok(r.url.startsWith(`http://127.0.0.1:${local.port}/`), r.url);
    assert.equal(r.body, null, r.url);
    for (const note of NOTES) {
      for (const word of ["zygomycosis", "sepsis", "Fièvre", "fever", note.slice(0, 12)]) {
        assert.ok(!r.url.includes(word) && !decodeURIComponent(r.url).includes(word), `${r.url} carries ${word}`);
      }
    }
  }
  // The server cannot be asked: it has no route that takes a note.
  const post = await fetch(`http://127.0.0.1:${local.port}/v1/predict`, { method: "POST", body: "{}" });
  assert.equal(post.status, 405);
  await context.close();
  await serverPage.close();
});

test("the static build works from plain files; an empty note and a model without a head get clear messages", {
  timeout: 180_000,
}, async () => {
  const site = join(root, "site");
  // With a plain Hugging Face classifier (no prognos_head): read with a warning, which the page shows.
  const plain = "test/fixtures/bert/tiny-relu-seqcls";
  const built = prognos("serve", "--in-browser", "--static-out", site, "--model", models[0]!, models[2]!, plain);
  assert.equal(built.status, 0, built.stderr);
  assert.match(built.stdout, /site: 18 files for mp, dia-windows, tiny-relu-seqcls; serve this folder with any web/);
  assert.match(built.stderr, /warning: .*tiny-relu-seqcls\/config\.json has no prognos_head/);
  const again = prognos("serve", "--in-browser", "--static-out", site, "--model", models[0]!);
  assert.equal(again.status, 1);
  assert.match(
    again.stderr,
    /--static-out .*site: already holds the in-browser page's files \(index\.html, web\); pass --overwrite/,
  );

  // Any web server will do: here Chromium gets the files straight from the folder, with no Prognos behind them.
  const context = await browser.newContext();
  const sent: string[] = [];
  await context.route("http://static.test/**", (route) => {
    const url = new URL(route.request().url());
    sent.push(`${route.request().method()} ${url.pathname} ${route.request().postData() ?? ""}`);
    const file = join(site, url.pathname === "/" ? "index.html" : url.pathname);
    return existsSync(file) ? route.fulfill({ path: file }) : route.fulfill({ status: 404, body: "" });
  });
  const page = await context.newPage();
  await page.goto("http://static.test/");
  assert.match(await waitReady(page), /^Ready: mp, dia-windows, tiny-relu-seqcls run in this page/);
  assert.match((await page.textContent("#model-warnings")) ?? "", /tiny-relu-seqcls\/config\.json has no prognos_head/);
  assert.ok(await page.isVisible("#model-warnings"));
  const serverPage = await browser.newPage();
  await serverPage.goto(`http://127.0.0.1:${api.port}/`);
  const fromServer = await predictIn(serverPage, NOTES[2]!);
  assertSame((await predictIn(page, NOTES[2]!)).slice(0, 2), [fromServer[0]!, fromServer[2]!]);
  assert.ok(
    sent.every((s) => s.startsWith("GET ") && !s.includes("sepsis")),
    sent.join("\n"),
  );

  // An empty note: a message, no prediction.
  await page.fill("#note", "  \n ");
  await page.click("#predict");
  assert.equal(await statusText(page), "Paste or drop a note first.");
  assert.equal(await page.getAttribute("#status", "class"), "error");

  // A build whose list of models lost a head: the page says which model and what to do.
  const headless = await context.newPage();
  await headless.route("http://static.test/web/models.json", (route) => {
    const manifest = JSON.parse(readFileSync(join(site, "web", "models.json"), "utf8"));
    delete manifest.models[0].prognos_head;
    return route.fulfill({ contentType: "application/json", body: JSON.stringify(manifest) });
  });
  await headless.goto("http://static.test/");
  assert.match(
    await waitReady(headless),
    /^The models could not be loaded: web\/models\.json \(model mp\): has no head \(its labels, thresholds and long-note policy\)/,
  );
  assert.equal(await headless.getAttribute("#status", "class"), "error");
  await headless.fill("#note", "patient with sepsis");
  await headless.click("#predict");
  await headless.waitForFunction(() => !document.querySelector("#status")?.textContent?.startsWith("Predicting"));
  assert.match(await statusText(headless), /web\/models\.json \(model mp\): has no head/);
  await context.close();
  await serverPage.close();

  // --overwrite replaces the earlier build: its web/ folder goes, so no file of a model no longer listed stays.
  const over = prognos("serve", "--in-browser", "--static-out", site, "--model", models[0]!, "--overwrite");
  assert.equal(over.status, 0, over.stderr);
  assert.deepEqual(
    JSON.parse(readFileSync(join(site, "web", "models.json"), "utf8")).models.map((m: { name: string }) => m.name),
    ["mp"],
  );
  assert.ok(!existsSync(join(site, "web", "m1")), "the earlier build's second model is gone");
});
