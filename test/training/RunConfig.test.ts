import assert from "node:assert/strict";
import { test } from "node:test";
import { parseRunConfig, readRunConfigFields } from "../../src/training/RunConfig.ts";
import { PrognosError } from "../../src/util/errors.ts";

const base = { model: "m", task: "t", out: "o" };
const refused = (raw: unknown, message: RegExp) =>
  assert.throws(
    () => parseRunConfig(raw, "run.json"),
    (e: unknown) => e instanceof PrognosError && message.test(e.message),
    `${JSON.stringify(raw)} should be refused with ${message}`,
  );

test("defaults are CORe's, in the fields' order whatever order they were given in", () => {
  const a = parseRunConfig({ out: "o", epochs: 3, task: "t", model: "m" }, "run.json");
  const b = parseRunConfig({ ...base, epochs: 3 }, "run.json");
  assert.equal(JSON.stringify(a), JSON.stringify(b), "--resume compares this JSON");
  assert.equal(a.lr, 1e-5);
  assert.equal(a.warmupSteps, 5000);
  assert.equal(a.batchSize, 20);
  assert.equal(a.maxLength, 512);
  assert.equal(a.maxGradNorm, 1);
  assert.equal(a.classWeights, true);
  assert.equal(a.dropout, undefined);
  assert.deepEqual(Object.keys(a).slice(0, 5), ["model", "task", "out", "seed", "lr"]);
});

test("a field of the wrong type is refused, naming the file, the field and the value", () => {
  refused({ ...base, epochs: "3" }, /^run\.json: field "epochs": expected an integer from 1 to 10,000, got "3"$/);
  refused({ ...base, lr: null }, /^run\.json: field "lr": expected a number > 0, got null$/);
  refused({ ...base, maxGradNorm: "" }, /^run\.json: field "maxGradNorm": expected a number ≥ 0, got ""$/);
  refused({ ...base, shuffle: "no" }, /^run\.json: field "shuffle": expected true or false, got "no"$/);
  refused({ ...base, optimizer: "adam" }, /^run\.json: field "optimizer": expected one of "adamw", "sgd", got "adam"$/);
  refused({ ...base, model: 3 }, /^run\.json: field "model": expected a string, got 3$/);
});

test("a number out of its range is refused with the range", () => {
  refused({ ...base, epochs: -1 }, /field "epochs": expected an integer from 1 to 10,000, got -1$/);
  refused({ ...base, epochs: 2.5 }, /field "epochs": expected an integer from 1 to 10,000, got 2\.5$/);
  refused({ ...base, batchSize: 1e9 }, /field "batchSize": expected an integer from 1 to 65,536, got 1000000000$/);
  refused({ ...base, dropout: 1 }, /field "dropout": expected a number from 0 to 0\.99, got 1$/);
  refused({ ...base, maxLength: 1 }, /field "maxLength": expected an integer from 2 to 8,192, got 1$/);
});

test("unknown fields are refused, all of them listed", () => {
  refused(
    { ...base, lerning_rate: 1e-3, batch: 8 },
    /^run\.json: unknown fields "lerning_rate", "batch"; the fields are model, task, /,
  );
});

test("the config must be a JSON object with model, task and out", () => {
  refused(null, /^run\.json: expected a JSON object of run options, got null$/);
  refused([base], /^run\.json: expected a JSON object of run options, got an array$/);
  refused(5, /^run\.json: expected a JSON object of run options, got number$/);
  refused({ model: "m", task: "t" }, /^run\.json: field "out" is required$/);
});

test("readRunConfigFields checks the fields present without requiring any", () => {
  assert.deepEqual(readRunConfigFields({ epochs: 2 }, "run.json"), { epochs: 2 });
  assert.throws(() => readRunConfigFields({ epochs: 0 }, "run.json"), /field "epochs"/);
});
