// The catalogue's data files, vocabulary identification and the pitfall warnings (docs/catalogue.md).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { catalogueFindings, type FolderFacts } from "../../src/catalogue/catalogueFindings.ts";
import { README_BEGIN, README_END, readmeSection } from "../../src/catalogue/formatCatalogue.ts";
import { identifyVocabulary, vocabularySha256 } from "../../src/catalogue/identifyVocabulary.ts";
import { loadDatasetCatalogue, loadModelCatalogue } from "../../src/catalogue/loadCatalogue.ts";
import { SOURCE_IDS } from "../../src/sources/Timeline.ts";
import { cased28996, fillerVocab } from "./vocabularies.ts";

const ROOT = join(import.meta.dirname, "..", "..");
const catalogue = loadModelCatalogue();
const BERT_UNCASED = readFileSync(join(ROOT, "data/vocab/bert-base-uncased/vocab.txt"), "utf8").split("\n");
BERT_UNCASED.pop(); // the file ends with a newline

test("the data files validate, and every model the issue names is in the catalogue with a source", () => {
  const ids = catalogue.models.map((m) => m.hubId);
  for (const id of [
    "emilyalsentzer/Bio_ClinicalBERT",
    "emilyalsentzer/Bio_Discharge_Summary_BERT",
    "dmis-lab/biobert-v1.1",
    "microsoft/BiomedNLP-PubMedBERT-base-uncased-abstract",
    "microsoft/BiomedNLP-PubMedBERT-base-uncased-abstract-fulltext",
    "allenai/scibert_scivocab_uncased",
    "allenai/scibert_scivocab_cased",
    "bvanaken/CORe-clinical-outcome-biobert-v1",
    "DATEXIS/CORe-clinical-diagnosis-prediction",
    "DATEXIS/CORe-clinical-mortality-prediction",
  ]) {
    assert.ok(ids.includes(id), id);
  }
  for (const key of ["huang-clinicalbert", "uth-bert", "si-concept-extraction"]) {
    assert.ok(
      catalogue.models.some((m) => m.key === key && m.hubId === null),
      key,
    );
  }
  const uth = catalogue.models.find((m) => m.key === "uth-bert")!;
  assert.equal(uth.prognos.embed.ok, false);
  assert.match(uth.prognos.embed.note!, /MeCab/);
  for (const m of catalogue.models) {
    for (const step of Object.values(m.prognos)) if (!step.ok) assert.ok(step.note, `${m.key}: a "no" says why`);
  }
  const datasets = loadDatasetCatalogue();
  for (const d of datasets.datasets) {
    if (d.reader) assert.ok((SOURCE_IDS as readonly string[]).includes(d.reader), d.key);
    else assert.ok(d.status, `${d.key}: says that no reader reads it`);
  }
  for (const key of ["mimic-iii", "mimic-iv", "n2c2-i2b2", "share-clef-2013", "semeval-2014-2015", "mednlpdoc"]) {
    assert.ok(
      datasets.datasets.some((d) => d.key === key),
      key,
    );
  }
});

test("the README's 'Which model for what' section is the one generated from the catalogue", () => {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf(README_BEGIN), readme.indexOf(README_END) + README_END.length);
  assert.equal(section, readmeSection(catalogue), "run npm run catalogue:readme");
});

test("BERT-base-uncased's vocabulary is recognised by its hash: Huang et al.'s ClinicalBERT uses it", () => {
  assert.equal(BERT_UNCASED.length, 30522);
  const id = identifyVocabulary(BERT_UNCASED, catalogue);
  assert.equal(id.sha256, "07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3");
  assert.deepEqual(
    id.vocabularies.map((v) => [v.key, v.matchedBy]),
    [["bert-base-uncased", "sha256"]],
  );
  assert.deepEqual(
    id.models.map((m) => m.key),
    ["huang-clinicalbert"],
  );
  assert.match(id.verdict, /^30,522 tokens, uncased: identical to BERT-base-uncased's .* used by ClinicalBERT \(Huang/);
});

test("another 30,522-token uncased vocabulary is not taken for BERT's: it is PubMedBERT-sized, and both PubMedBERTs are named", () => {
  const tokens = [...BERT_UNCASED];
  tokens[2000] = "hypertension"; // one token differs
  const id = identifyVocabulary(tokens, catalogue);
  assert.deepEqual(id.ruledOut, ["bert-base-uncased"]);
  assert.deepEqual(
    id.vocabularies.map((v) => [v.key, v.matchedBy]),
    [["pubmedbert-uncased", "size and casing"]],
  );
  assert.deepEqual(
    id.models.map((m) => m.key),
    ["pubmedbert-abstract", "pubmedbert-abstract-fulltext"],
  );
  assert.match(id.verdict, /not bert-base-uncased \(same size, different tokens\)/);
  assert.match(id.verdict, /cannot be told apart by their vocabulary/);
});

test("BERT-base-cased's vocabulary names the six models that share it and does not guess between them", () => {
  const id = identifyVocabulary(cased28996(), catalogue);
  assert.deepEqual(
    id.vocabularies.map((v) => [v.key, v.matchedBy]),
    [["bert-base-cased", "size, casing and sample tokens"]],
  );
  assert.deepEqual(id.models.map((m) => m.key).sort(), [
    "bio-clinicalbert",
    "bio-discharge-summary-bert",
    "biobert-v1.1",
    "core-clinical-diagnosis-prediction",
    "core-clinical-mortality-prediction",
    "core-clinical-outcome-biobert-v1",
  ]);
  assert.match(id.verdict, /used by 6 catalogue models .* cannot be told apart by their vocabulary/);
  // The same size lower-cased is not BERT-base-cased's; nor is a cased one with the uncased special layout.
  assert.equal(
    identifyVocabulary(
      cased28996().map((t) => t.toLowerCase()),
      catalogue,
    ).vocabularies.length,
    0,
  );
  const wrongLayout = cased28996();
  wrongLayout[1] = "[unused0]";
  assert.equal(identifyVocabulary(wrongLayout, catalogue).vocabularies.length, 0);
  assert.equal(vocabularySha256(["a", "b"]), vocabularySha256(["a", "b"]));
  assert.notEqual(vocabularySha256(["a", "b"]), vocabularySha256(["ab"]));
});

test("a vocabulary of a size the catalogue does not know is said to match nothing", () => {
  const id = identifyVocabulary(fillerVocab(1234, false), catalogue);
  assert.equal(id.vocabularies.length, 0);
  assert.equal(id.models.length, 0);
  assert.equal(id.verdict, "1,234 tokens, uncased: no vocabulary of the catalogue matches");
});

const facts = (over: Partial<FolderFacts>): FolderFacts => ({
  dir: "/m",
  configName: "config.json",
  configVocabSize: 30522,
  maxPositions: 512,
  tokens: BERT_UNCASED,
  ...over,
});

test("warning: fewer than 512 positions (e.g. 128)", () => {
  assert.deepEqual(catalogueFindings(facts({}), catalogue).warnings, []);
  const w = catalogueFindings(facts({ maxPositions: 128 }), catalogue).warnings;
  assert.equal(w.length, 1);
  assert.match(w[0]!, /config\.json: max_position_embeddings is 128: a note is cut after 126 word pieces/);
});

test("warning: models pre-trained further on 128-token sequences (Clinical BERT) when the vocabulary may be theirs", () => {
  const w = catalogueFindings(facts({ tokens: cased28996(), configVocabSize: 28996 }), catalogue).warnings;
  assert.equal(w.length, 1);
  assert.match(
    w[0]!,
    /if this is Bio\+Clinical BERT .* or Bio\+Discharge Summary BERT .*: it was pre-trained further on sequences of 128 word pieces only/,
  );
});

test("warning: a vocabulary larger than the embedding table", () => {
  const w = catalogueFindings(facts({ configVocabSize: 28996 }), catalogue).warnings;
  assert.ok(
    w.some((x) =>
      /the vocabulary has 30522 tokens but the embedding table \(config\.json vocab_size\) has 28996 rows/.test(x),
    ),
  );
});

test("warning: a Japanese vocabulary needs MeCab, which Prognos does not have", () => {
  const tokens = fillerVocab(500, false).map((t, i) => (i % 2 === 0 ? `患者${i}` : t));
  const w = catalogueFindings(facts({ tokens, configVocabSize: 500 }), catalogue).warnings;
  assert.equal(w.length, 1);
  assert.match(w[0]!, /250 of 500 tokens are Japanese or Chinese: .* needs MeCab word segmentation/);
});

test("warning: a bert_config.json folder without vocab.txt (Huang et al.'s fine-tuned folders)", () => {
  const w = catalogueFindings(facts({ tokens: undefined, configName: "bert_config.json" }), catalogue).warnings;
  assert.equal(w.length, 1);
  assert.match(w[0]!, /copy pretraining\/vocab\.txt \(BERT-base-uncased's\) into it/);
  assert.deepEqual(catalogueFindings(facts({ tokens: undefined }), catalogue).warnings, []);
});

test("the weights' head narrows models that share a vocabulary: 9,237 outputs, none, or an unknown head", () => {
  const base = { tokens: cased28996(), configVocabSize: 28996 };
  const diagnosis = catalogueFindings(facts({ ...base, classifierOutputs: 9237 }), catalogue).vocabulary!;
  assert.deepEqual(
    diagnosis.models.map((m) => m.key),
    ["core-clinical-diagnosis-prediction"],
  );
  assert.match(diagnosis.verdict, /the weights have a classifier of 9237 outputs, as only CORe diagnosis prediction/);
  const encoder = catalogueFindings(facts(base), catalogue);
  assert.deepEqual(encoder.vocabulary!.models.map((m) => m.key).sort(), [
    "bio-clinicalbert",
    "bio-discharge-summary-bert",
    "biobert-v1.1",
    "core-clinical-outcome-biobert-v1",
  ]);
  assert.match(encoder.vocabulary!.verdict, /no classifier, which leaves .* \(still not told apart\)/);
  const other = catalogueFindings(facts({ ...base, classifierOutputs: 5 }), catalogue).vocabulary!;
  assert.equal(other.models.length, 6);
  assert.match(other.verdict, /a classifier of 5 outputs, like none of their published checkpoints/);
  // The 128-token note only concerns the candidates that remain.
  assert.deepEqual(catalogueFindings(facts({ ...base, classifierOutputs: 9237 }), catalogue).warnings, []);
});
