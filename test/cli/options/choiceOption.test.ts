import assert from "node:assert/strict";
import { test } from "node:test";
import { choiceOption } from "../../../src/cli/options/choiceOption.ts";
import { PrognosError } from "../../../src/util/errors.ts";

test("choiceOption returns one of the choices and refuses anything else, listing them", () => {
  const splits = ["train", "val", "test"] as const;
  const split: "train" | "val" | "test" = choiceOption("val", "--split", splits);
  assert.equal(split, "val");
  for (const v of ["dev", "", "Test", " test", "test,val"]) {
    assert.throws(
      () => choiceOption(v, "--split", splits),
      (e: unknown) =>
        e instanceof PrognosError &&
        e.message === `--split: expected one of train, val, test, got ${JSON.stringify(v)}`,
    );
  }
});
