#!/usr/bin/python3
"""The DHF cohort and its Med-BERT sequences from OMOP CSV files, in pandas: bench/ehr's peer (not shipped, no test).

    /usr/bin/python3 bench/ehr/dhf_pandas.py <OMOP folder> <output folder>

Written from docs/ehr-cohorts.md (what `prognos ehr build --source omop --cohort dhf` does with default options), as
an analyst would in pandas: CONCEPT, PERSON, VISIT_OCCURRENCE and CONDITION_OCCURRENCE read with `usecols`;
concepts → (system, code) by the source concept, else the standard one; usable visits (id, person, start ≤ end);
emergency visits grouped into the inpatient stay they lead into (start ≤ the stay's start, end ≥ its start − 24 h;
the earliest); diagnoses on usable visits; the DHF rules per encounter; then the input window (visits and codes
strictly before the index), a code once per visit, the last 64 codes in visit order, visit indices, the seeded
split, the train-only vocabulary, written as sequences.jsonl (sorted by patient id) and vocab.json.

Liberties that only help pandas: whole-row duplicate events are not looked for (a duplicate is the same code in the
same visit, so neither the cohort nor the sequences change), no skip is reported, no Parquet is written, and the
events other than diagnoses (drugs, procedures) are not read. Prints one JSON line: statuses and seconds per stage.
"""
import hashlib
import json
import os
import sys
import time

import pandas as pd

SYSTEMS = {"snomed": "SNOMED", "icd9cm": "ICD9", "icd9proc": "ICD9PROC", "icd10cm": "ICD10", "icd10": "ICD10",
           "icd10pcs": "ICD10PCS", "rxnorm": "RXNORM", "loinc": "LOINC", "cpt4": "CPT", "ndc": "NDC"}
# docs/ehr-cohorts.md: ICD entries are prefixes (x = one digit), SNOMED entries whole codes; dots removed
T2D = {"ICD9": r"^250[0-9][02]", "ICD10": r"^E11", "SNOMED": {"44054006"}}
EXCLUDED = {"ICD9": r"^(?:250[0-9][13]|2535|6488|249|7751)", "ICD10": r"^(?:E10|E232|O244|E08|E09|E13|P702)",
            "SNOMED": {"46635009", "15771004", "11687002", "8801005", "427089005"}}
HF = {"ICD9": r"^(?:428|402[0-9]1|404[0-9][13])", "ICD10": r"^(?:I50|I110|I130|I132)",
      "SNOMED": {"84114007", "88805009"}}
MAX_CODES, SPLIT_SEED, MIN_DAYS, MIN_HF, MIN_T2D = 64, 0, 30, 2, 2
STAGES = {}


def stage(name, t0):
    STAGES[name] = round(time.perf_counter() - t0, 2)
    return time.perf_counter()


def read(src, table, cols):
    """A CSV as text (empty = missing, nothing else), only `cols` (any case in the header), names lower-cased."""
    path = next(os.path.join(src, f) for f in os.listdir(src) if f.lower() == table + ".csv")
    header = pd.read_csv(path, nrows=0).columns
    actual = [c for c in header if c.lower() in cols]
    df = pd.read_csv(path, usecols=actual, dtype=str, keep_default_na=False, na_values=[""])
    df.columns = [c.lower() for c in df.columns]
    for c in cols:
        if c not in df.columns:
            df[c] = pd.NA
    return df


def text(s):
    s = s.str.strip()
    return s.where(s != "")


def when(df, base):
    """The `<base>_datetime` column parsed, else `<base>_date`; NaT when missing or unparsable."""
    dt = pd.to_datetime(text(df[base + "_datetime"]), errors="coerce")
    return dt.fillna(pd.to_datetime(text(df[base + "_date"]), errors="coerce"))


def in_set(systems, codes, sets):
    hit = pd.Series(False, index=codes.index)
    for system, rule in sets.items():
        of = systems == system
        hit |= of & (codes.isin(rule) if isinstance(rule, set) else codes.str.contains(rule, regex=True, na=False))
    return hit


def split_of(pid):
    u = (int(hashlib.sha256(f"prognos-split:{SPLIT_SEED}:{pid}".encode()).hexdigest()[:16], 16) >> 11) / 2.0**53
    return "train" if u < 0.7 else "val" if u < 0.8 else "test"


def main(src, out):
    t = time.perf_counter()
    concept = read(src, "concept", ["concept_id", "vocabulary_id", "concept_code"])
    concept["concept_id"] = concept.concept_id.str.strip()
    concept = concept.drop_duplicates("concept_id")
    concept["system"] = concept.vocabulary_id.str.strip().str.lower().map(SYSTEMS)
    concept["code"] = text(concept.concept_code)
    concept = concept.dropna(subset=["system", "code"]).set_index("concept_id")[["system", "code"]]
    person = text(read(src, "person", ["person_id"]).person_id)
    persons = set(person[~person.duplicated() & person.notna()])
    t = stage("read concept, person", t)

    v = read(src, "visit_occurrence", ["visit_occurrence_id", "person_id", "visit_concept_id", "visit_start_date",
                                       "visit_start_datetime", "visit_end_date", "visit_end_datetime"])
    v = pd.DataFrame({"stay_id": text(v.visit_occurrence_id), "pid": text(v.person_id),
                      "type": v.visit_concept_id.str.strip(), "start": when(v, "visit_start"),
                      "end": when(v, "visit_end")})
    v = v[v.stay_id.notna() & ~v.stay_id.duplicated()]
    stays = v[v.pid.isin(persons) & v.start.notna() & v.end.notna() & (v.end >= v.start)]
    t = stage("read visits", t)

    er = stays[stays.type == "9203"]
    ip = stays[stays.type.isin(["9201", "262"])]
    pairs = er.merge(ip, on="pid", suffixes=("", "_ip"))
    pairs = pairs[(pairs.start <= pairs.start_ip) & (pairs.end >= pairs.start_ip - pd.Timedelta(hours=24))]
    pairs = pairs.sort_values(["stay_id", "start_ip", "stay_id_ip"]).drop_duplicates("stay_id")
    into = pairs.set_index("stay_id").stay_id_ip
    t = stage("group emergency visits", t)

    c = read(src, "condition_occurrence", ["person_id", "condition_concept_id", "condition_start_date",
                                           "condition_start_datetime", "visit_occurrence_id",
                                           "condition_source_concept_id"])
    c["source_row"] = c.index + 1
    src_id = c.condition_source_concept_id.str.strip().replace("0", pd.NA)
    std_id = c.condition_concept_id.str.strip().replace("0", pd.NA)
    mapped = concept.reindex(src_id).reset_index(drop=True)
    fallback = concept.reindex(std_id).reset_index(drop=True)
    use_src = mapped.system.notna()
    ev = pd.DataFrame({"pid": text(c.person_id), "visit": text(c.visit_occurrence_id), "time": when(c, "condition_start"),
                       "system": mapped.system.where(use_src, fallback.system),
                       "code": mapped.code.where(use_src, fallback.code), "source_row": c.source_row})
    del c, mapped, fallback
    ev = ev[ev.system.notna() & ev.time.notna() & ev.pid.isin(persons) & ev.visit.notna()]
    ev = ev.merge(v[["stay_id", "pid"]].rename(columns={"stay_id": "visit", "pid": "visit_pid"}), on="visit")
    ev = ev[ev.visit_pid == ev.pid].drop(columns="visit_pid")
    ev["stay_id"] = ev.visit.map(into).fillna(ev.visit)
    ev = ev.merge(stays[["stay_id", "start", "end"]], on="stay_id")  # events of unusable visits drop out here
    t = stage("read and map diagnoses", t)

    codes = ev[["system", "code"]].drop_duplicates()
    bare = codes.code.str.replace(".", "", regex=False).str.upper()
    codes["q"], codes["x"], codes["o"] = (in_set(codes.system, bare, s) for s in (T2D, EXCLUDED, HF))
    dx = ev.merge(codes, on=["system", "code"])
    per_stay = dx.groupby(["pid", "stay_id"]).agg(t=("start", "min"), q=("q", "any"), x=("x", "any"), o=("o", "any"))
    per_stay = per_stay.reset_index()
    qs, hf = per_stay[per_stay.q], per_stay[per_stay.o]
    pts = stays.groupby("pid").start.max().rename("last_enc").to_frame()
    pts["nq"] = qs.groupby("pid").size()
    pts["first_q"] = qs.groupby("pid").t.min()
    pts["x"] = per_stay.groupby("pid").x.any()
    pts["n_o"] = hf.groupby("pid").size()
    pts["first_o"] = hf.groupby("pid").t.min()
    pts[["nq", "n_o"]] = pts[["nq", "n_o"]].fillna(0)
    pts["x"] = pts.x.fillna(False).astype(bool)
    pts["index_time"] = pts.first_o.where(pts.n_o > 0, pts.last_enc)
    case = (pts.n_o >= MIN_HF) & (pts.first_q.isna() | (pts.first_o >= pts.first_q + pd.Timedelta(days=MIN_DAYS)))
    status = pd.Series("near case (outcome fails the 30-day or 2-encounter rule)", index=pts.index)
    status[case] = "case"
    status[pts.n_o == 0] = "control"
    status[pts.x] = "excluded diagnosis (any time)"
    status[pts.nq < MIN_T2D] = f"fewer than {MIN_T2D} qualifying encounters"
    pts["status"] = status
    t = stage("cohort", t)

    kept = pts[pts.status.isin(["case", "control"])][["index_time", "status"]]
    inp = ev.merge(kept, left_on="pid", right_index=True)
    inp = inp[(inp.start < inp.index_time) & (inp.time < inp.index_time)]
    plos = (inp.end - inp.start > pd.Timedelta(days=7)).groupby(inp.pid).any()
    inp = inp.sort_values(["pid", "stay_id", "system", "code", "time", "source_row"])
    inp = inp.drop_duplicates(["pid", "stay_id", "system", "code"])
    inp = inp.sort_values(["pid", "start", "stay_id", "time", "source_row", "code"])
    inp = inp[inp.groupby("pid").cumcount(ascending=False) < MAX_CODES].copy()
    new_visit = (inp.stay_id != inp.stay_id.shift()) | (inp.pid != inp.pid.shift())
    inp["visit"] = new_visit.astype(int).groupby(inp.pid).cumsum()
    inp["position"] = inp.groupby("pid").cumcount()
    inp["token"] = inp.system + "_" + inp.code
    seq = inp.groupby("pid").agg(tokens=("token", list), visits=("visit", list), positions=("position", list))
    seq = seq.join(kept).sort_index()
    seq["split"] = [split_of(p) for p in seq.index]
    t = stage("sequences", t)

    counts = pd.Series([tok for toks in seq.tokens[seq.split == "train"] for tok in toks]).value_counts()
    counts = counts.rename_axis("token").reset_index(name="n").sort_values(["n", "token"], ascending=[False, True])
    vocab = {"[PAD]": 0, "[UNK]": 1, "[MASK]": 2, **{tok: 3 + i for i, tok in enumerate(counts.token)}}
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "sequences.jsonl"), "w") as f:
        for pid, r in seq.iterrows():
            ids = [vocab.get(tok, 1) for tok in r.tokens]
            f.write(json.dumps({
                "patient_id": pid, "split": r.split, "label": int(r.status == "case"),
                "index_time": r.index_time.strftime("%Y-%m-%d %H:%M:%S"), "tokens": r.tokens, "token_ids": ids,
                "visits": r.visits, "positions": r.positions, "n_codes": len(ids), "n_visits": r.visits[-1],
                "plos_label": int(plos.get(pid, False)), "n_unk": ids.count(1)}, separators=(",", ":")) + "\n")
    with open(os.path.join(out, "vocab.json"), "w") as f:
        json.dump([{"token": k, "id": i, "count": int(counts_n)} for (k, i), counts_n in
                   zip(vocab.items(), [0, 0, 0, *counts.n])], f)
    stage("vocabulary and output", t)
    statuses = {k: int(n) for k, n in pts.status.value_counts().sort_index().items()}
    print(json.dumps({"statuses": statuses, "kept": len(seq), "events": len(ev), "seconds": STAGES}))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
