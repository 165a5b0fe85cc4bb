import { readdirSync } from "node:fs";
import { openDuckDB } from "./src/util/openDuckDB.ts";
import { csvScan } from "./src/sources/common/csvTable.ts";
import { readCsvHeader } from "./src/sources/common/readCsvHeader.ts";
for (const f of readdirSync("/tmp").filter((n) => n.startsWith("faults-combo-")).sort()) {
  const p = "/tmp/" + f;
  const header = (await readCsvHeader(p)).map((h) => h.toUpperCase());
  const db = await openDuckDB();
  try { const r = await db.connection.runAndReadAll(`SELECT count(*), sum(length("TEXT")) FROM ${csvScan(p, header)}`); console.log(f, "ok", r.getRows()); }
  catch (e) { console.log(f, (e as Error).message.split("\n")[0]); }
  db.close();
}
