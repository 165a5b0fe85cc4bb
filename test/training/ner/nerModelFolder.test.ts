import assert from "node:assert/strict";
import { test } from "node:test";
import { loadNerModel } from "../../../src/training/ner/nerModelFolder.ts";

test("ner models: a sequence classifier and an encoder-only folder are refused as token classifiers, naming the folder", async () => {
  for (const dir of ["test/fixtures/bert/tiny-relu-seqcls", "test/fixtures/bert/tiny-uncased-gelu"])
    await assert.rejects(loadNerModel(dir), (e: Error) => {
      assert.match(e.message, new RegExp(`^${dir}: not a token-classification model`));
      return true;
    });
});
