import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { startServer } from "../../src/serving/startServer.ts";
import { fhirSchemaErrors } from "../helpers/fhirSchema.ts";
import { binaryTask, multiLabelTask } from "../helpers/tinyTasks.ts";

const root = mkdtempSync(join(tmpdir(), "prognos-fhir-"));
const dia = join(root, "dia");
const mp = join(root, "mp");
const FIXTURES = "test/fixtures/fhir";
const fixture = (name: string) => JSON.parse(readFileSync(join(FIXTURES, name), "utf8"));
const prognos = (...args: string[]) => spawnSync(process.execPath, ["bin/prognos.js", ...args], { encoding: "utf8" });
const logs: string[] = [];
let server: Awaited<ReturnType<typeof startServer>>;
let url = "";
const TOKEN = "fhir-token-1";
const auth = { authorization: `Bearer ${TOKEN}`, "content-type": "application/fhir+json" };

// biome-ignore lint/suspicious/noExplicitAny: parsed FHIR JSON, checked field by field
type Resource = Record<string, any>;
interface Prediction {
  model: string;
  risk: number | null;
  labels: { label: string; title: string | null; probability: number; threshold: number | null; predicted: boolean }[];
}

before(async () => {
  const train = (out: string, task: string) => {
    const t = prognos(
      ...["train", "--model", "test/fixtures/bert/tiny-uncased-gelu", "--out", out, "--task", task],
      ...["--epochs", "2", "--lr", "3e-3", "--warmup-steps", "0", "--batch-size", "5", "--threads", "1"],
    );
    assert.equal(t.status, 0, t.stderr);
  };
  train(dia, multiLabelTask(join(root, "dia-task")));
  train(mp, binaryTask(join(root, "mp-task")));
  server = await startServer({
    models: [dia, mp],
    port: 0,
    host: "127.0.0.1",
    token: TOKEN,
    maxBodyBytes: 64 * 1024,
    maxQueuedNotes: 40,
    threads: 1,
    log: (l) => logs.push(l),
  });
  url = `http://127.0.0.1:${server.port}`;
});
after(async () => {
  await server?.close();
  rmSync(root, { recursive: true, force: true });
});

/** `prognos predict --format jsonl` on the same input: the reference every FHIR answer is compared with. */
function jsonlPredictions(input: string): Map<string, Prediction[]> {
  const r = prognos("predict", "--model", dia, mp, "--input", input, "--threads", "1", "--no-progress");
  assert.equal(r.status, 0, r.stderr);
  return new Map(
    r.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l))
      .map((x: { id: string; predictions: Prediction[] }) => [x.id, x.predictions]),
  );
}

/** A RiskAssessment against the JSON prediction of the same note and model: every field the mapping defines. */
function checkAssessment(ra: Resource, basis: string, subject: string, p: Prediction, task: string) {
  assert.deepEqual(fhirSchemaErrors(ra), [], "valid FHIR R4");
  assert.equal(ra.status, "final");
  assert.deepEqual(ra.subject, { reference: subject });
  assert.deepEqual(ra.basis, [{ reference: basis, type: "DocumentReference" }]);
  assert.match(ra.occurrenceDateTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
  assert.equal(ra.code.text, task);
  assert.equal(ra.method.coding[0].system, "urn:prognos:model");
  assert.match(ra.method.coding[1].code, /^[0-9a-f]{64}$/);
  assert.match(ra.method.text, new RegExp(`^Prognos model ${ra.method.coding[0].code} \\(task ${task}`));
  if (p.risk !== null) {
    assert.equal(ra.prediction.length, 1);
    assert.equal(ra.prediction[0].outcome.coding[0].code, "1");
    const positive = p.labels.find((l) => l.label === "1")!;
    assert.equal(ra.prediction[0].outcome.text, positive.title ?? `${task}: 1`);
    assert.ok(Math.abs(ra.prediction[0].probabilityDecimal - p.risk) < 1e-6);
  } else {
    assert.deepEqual(
      ra.prediction.map((x: Resource) => x.outcome.coding[0]),
      p.labels.map((l) => ({
        system: "http://hl7.org/fhir/sid/icd-9-cm",
        code: l.label,
        ...(l.title === null ? {} : { display: l.title }),
      })),
    );
    ra.prediction.forEach((x: Resource, i: number) => {
      assert.ok(Math.abs(x.probabilityDecimal - p.labels[i]!.probability) < 1e-6);
      assert.match(x.rationale, p.labels[i]!.predicted ? /^predicted/ : /^not predicted/);
    });
  }
}

test("predict --format fhir: a Bundle of DocumentReferences in, a Bundle of valid RiskAssessments out, same numbers as JSON", () => {
  const input = join(FIXTURES, "bundle.json");
  const want = jsonlPredictions(input);
  const out = join(root, "ra.json");
  const r = prognos(
    "predict",
    "--model",
    dia,
    mp,
    "--input",
    input,
    "--format",
    "fhir",
    "--out",
    out,
    "--threads",
    "1",
  );
  assert.equal(r.status, 0, r.stderr);
  const bundle = JSON.parse(readFileSync(out, "utf8"));
  assert.deepEqual(fhirSchemaErrors(bundle), []);
  assert.equal(bundle.resourceType, "Bundle");
  assert.equal(bundle.type, "collection");
  assert.equal(bundle.entry.length, 4, "2 notes x 2 models");
  const notes = [
    ["DocumentReference/note-1", "Patient/pat-1"],
    ["urn:uuid:8f2b1c0e-5d0a-4c7e-9a1b-2f3d4e5f6a7b", "Patient/pat-2"],
  ];
  notes.forEach(([basis, subject], i) => {
    const [d, m] = want.get(basis!)!;
    checkAssessment(bundle.entry[2 * i].resource, basis!, subject!, d!, "dia-task");
    checkAssessment(bundle.entry[2 * i + 1].resource, basis!, subject!, m!, "mp-task");
    assert.equal(bundle.entry[2 * i].resource.method.coding[0].code, "dia");
    assert.equal(bundle.entry[2 * i + 1].resource.method.coding[0].code, "mp");
  });
  assert.deepEqual(bundle.entry[0].resource.encounter, { reference: "Encounter/enc-1" });
  assert.ok(!r.stderr.includes("chest"), "no note text on stderr");
});

test("predict --format fhir: one DocumentReference and one model give one RiskAssessment; wrong inputs are refused", () => {
  const input = join(FIXTURES, "document-reference.json");
  const r = prognos("predict", "--model", mp, "--input", input, "--format", "fhir", "--threads", "1", "--no-progress");
  assert.equal(r.status, 0, r.stderr);
  const ra = JSON.parse(r.stdout);
  assert.equal(ra.resourceType, "RiskAssessment");
  checkAssessment(
    ra,
    "DocumentReference/note-1",
    "Patient/pat-1",
    jsonlPredictions(input).get("DocumentReference/note-1")![1]!,
    "mp-task",
  );
  const text = prognos("predict", "--model", mp, "--text", "cough", "--format", "fhir");
  assert.notEqual(text.status, 0);
  assert.match(text.stderr, /--format fhir: give the notes as FHIR/);
  const noSubject = fixture("document-reference.json");
  delete noSubject.subject;
  const path = join(root, "no-subject.json");
  writeFileSync(path, JSON.stringify(noSubject));
  const e = prognos("predict", "--model", mp, "--input", path, "--format", "fhir", "--no-progress");
  assert.notEqual(e.status, 0);
  assert.match(
    e.stderr,
    /the DocumentReference|DocumentReference\/note-1: no subject; a RiskAssessment needs the patient/,
  );
});

const post = (path: string, body: unknown, headers: Record<string, string> = auth) =>
  fetch(`${url}${path}`, { method: "POST", headers, body: typeof body === "string" ? body : JSON.stringify(body) });

test("serve: POST /fhir/RiskAssessment/$predict answers FHIR, the same numbers as /v1/predict; errors are OperationOutcomes", async () => {
  const r = await post("/fhir/RiskAssessment/$predict", fixture("document-reference.json"));
  assert.equal(r.status, 200);
  assert.match(r.headers.get("content-type") ?? "", /^application\/fhir\+json/);
  const bundle = await r.json();
  assert.deepEqual(fhirSchemaErrors(bundle), []);
  assert.equal(bundle.entry.length, 2, "one note, two models: a Bundle");
  const v1 = await post(
    "/v1/predict",
    { notes: [{ id: "x", text: "patient with chest pain" }] },
    { ...auth, "content-type": "application/json" },
  );
  const [d, m] = (await v1.json()).predictions[0].predictions as Prediction[];
  checkAssessment(bundle.entry[0].resource, "DocumentReference/note-1", "Patient/pat-1", d!, "dia-task");
  checkAssessment(bundle.entry[1].resource, "DocumentReference/note-1", "Patient/pat-1", m!, "mp-task");
  // ?model= picks one model: a lone RiskAssessment
  const one = await (await post("/fhir/RiskAssessment/$predict?model=mp", fixture("document-reference.json"))).json();
  assert.equal(one.resourceType, "RiskAssessment");
  const bad = fixture("bundle.json");
  bad.entry[1].resource.content[0].attachment = { contentType: "text/plain", url: "http://ehr.example/n.txt" };
  const cases: [Promise<Response>, number, RegExp][] = [
    [
      post("/fhir/RiskAssessment/$predict", bad),
      400,
      /entry 2 \(urn:uuid:[^)]+\): content\[\]\.attachment has only a url/,
    ],
    [post("/fhir/RiskAssessment/$predict", "{oops"), 400, /body: malformed JSON at line 1/],
    [
      post("/fhir/RiskAssessment/$predict", { resourceType: "Patient" }),
      400,
      /resourceType: expected DocumentReference or Bundle/,
    ],
    [post("/fhir/RiskAssessment/$predict?model=nope", fixture("bundle.json")), 404, /unknown model\(s\): nope/],
    [
      post("/fhir/RiskAssessment/$predict", fixture("bundle.json"), { "content-type": "application/fhir+json" }),
      401,
      /unauthorized/,
    ],
  ];
  for (const [response, status, message] of cases) {
    const res = await response;
    assert.equal(res.status, status);
    const body = await res.json();
    const text = body.resourceType === "OperationOutcome" ? body.issue[0].diagnostics : body.error;
    assert.match(text, message);
    if (body.resourceType) assert.deepEqual(fhirSchemaErrors(body), []);
  }
  const doc = await (await fetch(`${url}/openapi.json`, { headers: auth })).json();
  for (const p of ["/fhir/RiskAssessment/$predict", "/cds-services", "/cds-services/prognos-outcomes"])
    assert.ok(doc.paths[p], p);
});

test("CDS Hooks: discovery, a patient-view call answered with cards, bad calls refused, no note text in the logs", async () => {
  const d = await fetch(`${url}/cds-services`);
  assert.equal(d.status, 200, "discovery needs no token");
  const discovery = await d.json();
  assert.deepEqual(
    discovery.services.map((s: Resource) => [s.hook, s.id]),
    [["patient-view", "prognos-outcomes"]],
  );
  assert.match(discovery.services[0].prefetch.notes, /^DocumentReference\?patient=\{\{context\.patientId\}\}/);
  assert.ok(discovery.services[0].title && discovery.services[0].description);
  const call = fixture("cds-request.json");
  const jsonAuth = { ...auth, "content-type": "application/json" };
  const r = await post("/cds-services/prognos-outcomes", call, jsonAuth);
  assert.equal(r.status, 200);
  const { cards } = await r.json();
  assert.equal(cards.length, 2, "one card per prefetched note (the outcome entry skipped)");
  const v1 = await post("/v1/predict", { notes: [{ id: 1, text: "patient with chest pain" }] }, jsonAuth);
  const m = ((await v1.json()).predictions[0].predictions as Prediction[])[1]!;
  const positive = m.labels.find((l) => l.threshold !== null)!;
  const want = !positive.predicted ? "info" : m.risk! >= 0.5 ? "critical" : "warning";
  for (const card of cards) {
    assert.ok(card.summary.length < 140);
    assert.ok(["info", "warning", "critical"].includes(card.indicator));
    assert.equal(card.source.label, "Prognos");
    assert.deepEqual(card.links, [{ label: "Open Prognos", url: `${url}/`, type: "absolute" }]);
  }
  assert.equal(cards[0].indicator, want);
  const pct = `${(m.risk! * 100).toFixed(m.risk! < 0.1 ? 1 : 0)}%`;
  assert.match(cards[0].summary, new RegExp(`^Prognos: \\d+ diagnoses predicted; .* ${pct.replace(".", "\\.")}$`));
  assert.match(cards[0].detail, /^Scored from DocumentReference\/note\\-1 by Prognos\./);
  assert.match(
    cards[0].detail,
    /\*\*(Predicted diagnoses|No diagnoses reach their thresholds; the most probable)\*\* \(model dia\):\n\n- (428|486)[ :]/,
  );
  const other = structuredClone(call);
  other.prefetch.notes.entry[1].resource.subject.reference = "Patient/someone-else";
  const cases: [unknown, number, RegExp][] = [
    [{ ...call, hook: "order-select" }, 400, /hook: this service answers patient-view, got "order-select"/],
    [{ ...call, context: {} }, 400, /context\.patientId/],
    [{ ...call, prefetch: {} }, 412, /prefetch\.notes: missing; Prognos does not query the FHIR server itself/],
    [{ ...call, prefetch: { notes: null } }, 412, /prefetch\.notes: missing/],
    [
      other,
      400,
      /prefetch\.notes: entry 2 \(DocumentReference\/note-3\): subject Patient\/someone-else is not the context's patient pat-1/,
    ],
    ["{", 400, /./],
  ];
  cases.push([call, 401, /unauthorized/]);
  for (const [k, [body, status, message]] of cases.entries()) {
    const headers = k === cases.length - 1 ? { "content-type": "application/json" } : jsonAuth;
    const res = await post("/cds-services/prognos-outcomes", body, headers);
    assert.equal(res.status, status, JSON.stringify(body).slice(0, 80));
    assert.match((await res.json()).error, message);
  }
  const empty = { ...call, prefetch: { notes: { resourceType: "Bundle", type: "searchset", total: 0 } } };
  assert.deepEqual(await (await post("/cds-services/prognos-outcomes", empty, jsonAuth)).json(), { cards: [] });
  const all = logs.join("\n");
  for (const text of ["chest", "sepsis", "fever"]) assert.ok(!all.includes(text), `no "${text}" in the request logs`);
  assert.match(all, /POST \/cds-services\/prognos-outcomes 200/);
});
