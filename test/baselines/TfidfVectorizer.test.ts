import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { type TfidfOptions, TfidfVectorizer } from "../../src/baselines/bow/TfidfVectorizer.ts";
import { PrognosError } from "../../src/util/errors.ts";

interface Case {
  name: string;
  options: TfidfOptions;
  train: string[];
  apply: string[];
  terms: string[];
  df: number[];
  idf: number[];
  analyzed: string[][] | null;
  rows: Array<{ indices: number[]; values: number[] }>;
}

const FIXTURE = JSON.parse(readFileSync("test/fixtures/baselines/sklearn_tfidf.json", "utf8")) as {
  sklearn: string;
  cases: Case[];
};

for (const c of FIXTURE.cases) {
  test(`tf-idf as scikit-learn ${FIXTURE.sklearn}: ${c.name}`, () => {
    const v = TfidfVectorizer.fit(c.train, c.options);
    const docs = [...c.train, ...c.apply];
    if (c.analyzed) {
      docs.forEach((d, i) => assert.deepEqual(v.terms(d), c.analyzed![i], `analyzer, document ${i}`));
    }
    assert.deepEqual(v.vocabulary.terms, c.terms);
    assert.deepEqual(v.vocabulary.df, c.df);
    assert.equal(v.vocabulary.documents, c.train.length);
    v.vocabulary.idf.forEach((x, i) => assert.ok(Math.abs(x - c.idf[i]!) < 1e-12, `idf of ${c.terms[i]}`));
    docs.forEach((d, i) => {
      const row = v.transform(d);
      assert.deepEqual(Array.from(row.indices), c.rows[i]!.indices, `indices of document ${i}`);
      row.values.forEach((x, k) =>
        assert.ok(
          Math.abs(x - c.rows[i]!.values[k]!) < 1e-7,
          `value ${k} of document ${i}: ${x} vs ${c.rows[i]!.values[k]}`,
        ),
      );
    });
  });
}

test("the vocabulary round-trips through JSON", () => {
  const c = FIXTURE.cases[1]!;
  const v = TfidfVectorizer.fit(c.train, c.options);
  const back = TfidfVectorizer.fromJSON(JSON.parse(JSON.stringify(v.toJSON())));
  for (const d of c.apply) assert.deepEqual(back.transform(d), v.transform(d));
});

test("max features: ties at the cut are broken alphabetically", () => {
  const v = TfidfVectorizer.fit(["bb aa cc dd", "dd ee"], { maxFeatures: 3 });
  assert.deepEqual(v.vocabulary.terms, ["aa", "bb", "dd"]);
});

test("bad options and empty vocabularies are PrognosErrors naming the option", () => {
  const bad: Array<[TfidfOptions, RegExp]> = [
    [{ ngramRange: [2, 1] }, /`ngramRange`/],
    [{ minDf: 1.5 }, /`minDf` must be an integer ≥ 1 or a fraction/],
    [{ maxDf: 0 }, /`maxDf` must be in \(0, 1\]/],
    [{ maxFeatures: 0 }, /`maxFeatures` must be a positive integer/],
  ];
  for (const [o, re] of bad)
    assert.throws(
      () => TfidfVectorizer.fit(["aa bb"], o),
      (e) => e instanceof PrognosError && re.test(e.message),
    );
  assert.throws(() => TfidfVectorizer.fit(["a b", "!"]), /empty vocabulary: the 2 training documents/);
  assert.throws(
    () => TfidfVectorizer.fit(["aa bb", "cc"], { minDf: 2 }),
    /no term is left after the document-frequency filter/,
  );
  assert.throws(
    () => TfidfVectorizer.fit(["aa", "aa", "bb", "cc"], { minDf: 3, maxDf: 0.5 }),
    /maxDf \(0\.5\) keeps fewer documents than minDf \(3\)/,
  );
});
