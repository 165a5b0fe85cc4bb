import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { test } from "node:test";
import { isPrognosError, PrognosError } from "../../src/util/errors.ts";
import { openDuckDB } from "../../src/util/openDuckDB.ts";
import { writeError, writing } from "../../src/util/writeError.ts";

// /dev/full answers every write with ENOSPC: a full disk, for root too.
test("a full disk while writing becomes a PrognosError naming the file", () => {
  assert.throws(
    () => writing("/dev/full", () => writeFileSync("/dev/full", "x")),
    (e) => isPrognosError(e) && e.message === "/dev/full: cannot write: no space left on device (ENOSPC)",
  );
});

test("DuckDB's I/O errors (COPY … TO) become a PrognosError naming the file", async () => {
  const db = await openDuckDB();
  const conn = db.connection;
  try {
    const e = await conn.run("COPY (SELECT range FROM range(100000)) TO '/dev/full' (HEADER)").then(
      () => assert.fail("COPY to /dev/full succeeded"),
      (err: unknown) => writeError(err, "/dev/full"),
    );
    assert.ok(isPrognosError(e));
    // DuckDB's "Could not write file …: No space left on device", said as Node's ENOSPC is.
    assert.equal(e.message, "/dev/full: cannot write: no space left on device (ENOSPC)");
  } finally {
    db.close();
  }
});

test("other errors pass through unchanged: a bug stays a bug", () => {
  const bug = new TypeError("x is undefined");
  assert.equal(writeError(bug, "/tmp/x"), bug);
  const user = new PrognosError("bad value");
  assert.equal(writeError(user, "/tmp/x"), user);
});
