import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { chromium } from "playwright-core";
import { startServer } from "../../src/serving/startServer.ts";
import { binaryTask } from "../helpers/tinyTasks.ts";

// The page in a real browser (Debian's chromium, driven by playwright-core; .ci/run installs it): paste a note,
// predict, click the risk, see the words shaded with a legend. The screenshot lands in test-output/.
const CHROMIUM = "/usr/bin/chromium";
const root = mkdtempSync(join(tmpdir(), "prognos-page-"));
const OUTPUT = join("test-output", "serving");
let server: Awaited<ReturnType<typeof startServer>>;

before(async () => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install chromium (.ci/run does)`);
  const run = join(root, "run");
  const t = spawnSync(
    process.execPath,
    ["bin/prognos.js", "train", "--model", "test/fixtures/bert/tiny-uncased-gelu", "--out", run].concat(
      ["--task", binaryTask(join(root, "task"), [40, 10, 10]), "--epochs", "4", "--lr", "3e-3"],
      ["--warmup-steps", "0", "--batch-size", "8", "--threads", "1", "--dropout", "0"],
    ),
    { encoding: "utf8" },
  );
  assert.equal(t.status, 0, t.stderr);
  server = await startServer({
    models: [run],
    port: 0,
    host: "127.0.0.1",
    maxBodyBytes: 10 * 2 ** 20,
    maxQueuedNotes: 64,
    threads: 1,
    log: () => {},
  });
});
after(async () => {
  await server?.close();
  rmSync(root, { recursive: true, force: true });
});

test("the page in Chromium: paste a note, predict, click the risk, see the words shaded", {
  timeout: 120_000,
}, async () => {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
  try {
    const page = await browser.newPage();
    const outside: string[] = [];
    page.on("request", (r) => {
      if (!r.url().startsWith(`http://127.0.0.1:${server.port}/`)) outside.push(r.url());
    });
    await page.goto(`http://127.0.0.1:${server.port}/`);
    await page.fill("#note", "patient with sepsis");
    await page.focus("#note");
    await page.keyboard.press("Control+Enter"); // from the keyboard
    await page.waitForSelector("button.label");
    const labels = await page.$$eval("button.label", (bs) => bs.map((b) => b.textContent ?? ""));
    assert.equal(labels.length, 2);
    assert.match((await page.textContent(".risk")) ?? "", /Risk \d+\.\d%/);
    await page.click('button.label[data-label="1"]');
    await page.waitForSelector("#shaded span.w");
    const words = await page.$$eval("#shaded span.w", (s) => s.map((x) => [x.textContent, x.getAttribute("style")]));
    assert.deepEqual(
      words.map((w) => w[0]),
      ["patient", "with", "sepsis"],
    );
    assert.ok(
      words.every((w) => /background:\s*rgba\(/.test(w[1] ?? "")),
      "each word shaded",
    );
    assert.ok(await page.isVisible(".legend .scale"), "a legend for the colour scale");
    // A 20,000-word note is taken, predicted and shaded.
    await page.fill("#note", "patient with cough ".repeat(6667));
    await page.click("#predict");
    await page.waitForFunction(() => document.querySelector("#status")?.textContent?.startsWith("Click a label"));
    mkdirSync(OUTPUT, { recursive: true });
    const shot = join(OUTPUT, "page.png");
    await page.click('button.label[data-label="1"]');
    await page.waitForSelector("#shaded span.w");
    await page.screenshot({ path: shot, fullPage: false });
    assert.ok(statSync(shot).size > 10_000, "a screenshot was written");
    assert.deepEqual(outside, [], "the page fetches nothing from elsewhere");
  } finally {
    await browser.close();
  }
});
