#!/usr/bin/python3
"""CORe's four MIMIC-III tasks (docs/core-method.md §1-2) in pandas, for bench/tasks only (not shipped, not a test).

    /usr/bin/python3 bench/tasks/core_tasks_pandas.py <MIMIC-III folder> <output folder>

Written after docs/core-method.md and bvanaken/clinical-outcome-prediction (tasks/mimic_utils.py, dia.py, pro.py,
mp.py, los.py), copied from scripts/fixtures/core_tasks_reference.py and extended to the reference's outputs: per
task train/val/test CSV files (id, text, label; every field quoted), rows split by CORe's SUBJECT_ID lists, shuffled
with a seed. The same documented Prognos decisions as that script (codes as strings so procedure codes keep their
leading zeros; CHARTDATE ties broken by ROW_ID; str.replace with regex=True), so the rows per split match Prognos'.
One liberty the reference does not take: NOTEEVENTS is read with `usecols` (the reference reads every column),
which only helps pandas. Prints one JSON line: rows per task and split, and seconds per stage.
"""
import csv
import json
import os
import re
import sys
import time

import pandas as pd

SPLITS_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data", "core-tasks")
SECTIONS = {
    "CHIEF_COMPLAINT": "chief complaint:",
    "PRESENT_ILLNESS": "present illness:",
    "MEDICAL_HISTORY": "medical history:",
    "MEDICATION_ADM": "medications on admission:",
    "ALLERGIES": "allergies:",
    "PHYSICAL_EXAM": "physical exam:",
    "FAMILY_HISTORY": "family history:",
    "SOCIAL_HISTORY": "social history:",
}


def read(src, name, **kw):
    df = pd.read_csv(os.path.join(src, name + ".csv"), **kw)
    df.columns = [c.upper() for c in df.columns]
    return df


def extract_sections(notes_df):
    notes_df = notes_df.copy()
    notes_df["TEXT"] = notes_df["TEXT"].str.replace(r"\n", r"\\n", regex=True)
    for key, section in SECTIONS.items():
        notes_df[key] = notes_df.TEXT.str.extract(r"(?i){}(.+?)\\n\\n[^(\\|\d|\.)]+?:".format(section))
        notes_df[key] = notes_df[key].str.replace(r"\\n", r" ", regex=True)
        notes_df[key] = notes_df[key].str.strip()
        notes_df[key] = notes_df[key].fillna("")
    return notes_df


def rebuild(notes_df):
    notes_df = notes_df[
        (notes_df.CHIEF_COMPLAINT != "") | (notes_df.PRESENT_ILLNESS != "") | (notes_df.MEDICAL_HISTORY != "")
    ]
    return notes_df.assign(
        TEXT="CHIEF COMPLAINT: " + notes_df.CHIEF_COMPLAINT.astype(str) + "\n\n"
        + "PRESENT ILLNESS: " + notes_df.PRESENT_ILLNESS.astype(str) + "\n\n"
        + "MEDICAL HISTORY: " + notes_df.MEDICAL_HISTORY.astype(str) + "\n\n"
        + "MEDICATION ON ADMISSION: " + notes_df.MEDICATION_ADM.astype(str) + "\n\n"
        + "ALLERGIES: " + notes_df.ALLERGIES.astype(str) + "\n\n"
        + "PHYSICAL EXAM: " + notes_df.PHYSICAL_EXAM.astype(str) + "\n\n"
        + "FAMILY HISTORY: " + notes_df.FAMILY_HISTORY.astype(str) + "\n\n"
        + "SOCIAL HISTORY: " + notes_df.SOCIAL_HISTORY.astype(str)
    )[["HADM_ID", "SUBJECT_ID", "ROW_ID", "TEXT"]]


def filter_notes(notes_df, admissions_df):
    adm_grownups = admissions_df[admissions_df.ADMISSION_TYPE != "NEWBORN"]
    notes_df = notes_df[notes_df.HADM_ID.isin(adm_grownups.HADM_ID)]
    notes_df = notes_df.dropna(subset=["TEXT", "HADM_ID"])
    notes_df = notes_df[notes_df.CATEGORY == "Discharge summary"]
    notes_df = notes_df.sort_values(by=["CHARTDATE", "ROW_ID"], kind="mergesort")
    notes_df = notes_df.drop_duplicates(subset=["TEXT"], keep="last")
    combined = notes_df.groupby("HADM_ID")["TEXT"].apply(lambda x: "\n\n".join(x)).reset_index()
    notes_df = notes_df[notes_df.DESCRIPTION == "Report"]
    notes_df = notes_df[["HADM_ID", "ROW_ID", "SUBJECT_ID", "CHARTDATE"]]
    notes_df = notes_df.drop_duplicates(subset=["HADM_ID"], keep="last")
    notes_df = pd.merge(combined, notes_df, on="HADM_ID", how="inner")
    notes_df["TEXT"] = notes_df["TEXT"].str.strip()
    notes_df = notes_df.dropna(subset=["HADM_ID", "SUBJECT_ID", "TEXT"])
    return rebuild(extract_sections(notes_df))


def remove_mentions_of_patients_death(df):
    special = re.compile(
        r"((?:PHYSICAL EXAM|MEDICATION ON ADMISSION):[^\n\n]*?)((?:patient|pt)?\s+(?:had\s|has\s)?(?:expired|died|passed away|deceased))",
        flags=re.IGNORECASE)
    anywhere = re.compile(r"(?:patient|pt)\s+(?:had\s|has\s)?(?:expired|died|passed away|deceased)", flags=re.IGNORECASE)
    df = df.copy()
    df["TEXT"] = df["TEXT"].replace(special, r"\1", regex=True)
    df = df[~df["TEXT"].str.contains(anywhere)]
    df = df[~df["TEXT"].str.contains("he expired", flags=re.IGNORECASE)]
    df = df[~df["TEXT"].str.contains("pronounced expired", flags=re.IGNORECASE)]
    df = df[~df["TEXT"].str.contains("time of death", flags=re.IGNORECASE)]
    return df


def save_splits(df, label_column, folder, split_ids, seed=123):
    """save_mimic_split_patient_wise: rows of each split's patients, shuffled, id/text/label, QUOTE_ALL."""
    os.makedirs(folder, exist_ok=True)
    df = df.rename(columns={"HADM_ID": "id", "TEXT": "text"})
    df["id"] = df["id"].astype(int)
    rows = {}
    for split, ids in split_ids.items():
        part = df[df.SUBJECT_ID.isin(ids)].sample(frac=1, random_state=seed)[["id", "text", label_column]]
        part.to_csv(os.path.join(folder, split + ".csv"), index=False, quoting=csv.QUOTE_ALL)
        rows[split] = len(part)
    return rows


def code_task(codes_df, notes, diagnoses):
    codes_df = codes_df[["SUBJECT_ID", "HADM_ID", "ICD9_CODE"]].dropna(how="any", subset=["ICD9_CODE"], axis=0)
    codes_df["SHORT_CODE"] = codes_df.ICD9_CODE.astype(str)
    if diagnoses:
        ve = codes_df.SHORT_CODE.str.startswith("V") | codes_df.SHORT_CODE.str.startswith("E")
        codes_df.loc[ve, "SHORT_CODE"] = codes_df.SHORT_CODE.str[:4]
        codes_df.loc[~ve, "SHORT_CODE"] = codes_df.SHORT_CODE.str[:3]
    else:
        codes_df["SHORT_CODE"] = codes_df.SHORT_CODE.str[:3]
    codes_df = codes_df.drop_duplicates(["HADM_ID", "SHORT_CODE"])
    grouped = codes_df.groupby(["HADM_ID", "SUBJECT_ID"])["SHORT_CODE"].apply(lambda d: ",".join(d.astype(str)))
    grouped = grouped.reset_index().rename(columns={"SHORT_CODE": "short_codes"})
    return pd.merge(grouped[["HADM_ID", "short_codes"]], notes, how="inner", on="HADM_ID")


def main():
    src, out = sys.argv[1], sys.argv[2]
    stages, t = {}, time.perf_counter()

    def stage(name):
        nonlocal t
        now = time.perf_counter()
        stages[name] = round(now - t, 2)
        t = now

    notes = read(src, "NOTEEVENTS", usecols=lambda c: c.upper() in
                 ("ROW_ID", "SUBJECT_ID", "HADM_ID", "CHARTDATE", "CATEGORY", "DESCRIPTION", "TEXT"))
    admissions = read(src, "ADMISSIONS")
    diagnoses = read(src, "DIAGNOSES_ICD", dtype={"ICD9_CODE": str})
    procedures = read(src, "PROCEDURES_ICD", dtype={"ICD9_CODE": str})
    split_ids = {s: pd.read_csv(os.path.join(SPLITS_DIR, "mimic_{}.csv".format(s))).SUBJECT_ID
                 for s in ("train", "val", "test")}
    stage("read")
    adm_notes = filter_notes(notes, admissions)
    del notes
    stage("admission notes")
    rows = {}
    rows["DIA_GROUPS_3_DIGITS_adm"] = save_splits(code_task(diagnoses, adm_notes, True), "short_codes",
                                                  os.path.join(out, "DIA_GROUPS_3_DIGITS_adm"), split_ids)
    rows["PRO_GROUPS_3_DIGITS_adm"] = save_splits(code_task(procedures, adm_notes, False), "short_codes",
                                                  os.path.join(out, "PRO_GROUPS_3_DIGITS_adm"), split_ids)
    mp = pd.merge(adm_notes, admissions[["HADM_ID", "HOSPITAL_EXPIRE_FLAG"]], how="left", on="HADM_ID")
    mp = mp.dropna(how="any", subset=["HOSPITAL_EXPIRE_FLAG"], axis=0)
    mp = remove_mentions_of_patients_death(mp).rename(columns={"HOSPITAL_EXPIRE_FLAG": "hospital_expire_flag"})
    rows["MP_IN_adm"] = save_splits(mp, "hospital_expire_flag", os.path.join(out, "MP_IN_adm"), split_ids)
    adm = admissions.copy()
    adm["ADMITTIME"] = pd.to_datetime(adm["ADMITTIME"])
    adm["DISCHTIME"] = pd.to_datetime(adm["DISCHTIME"])
    adm["LOS_days"] = round((adm["DISCHTIME"] - adm["ADMITTIME"]).dt.total_seconds() / (24 * 60 * 60), 1)
    adm.loc[adm["LOS_days"] <= 3, "los_label"] = 0
    adm.loc[(adm["LOS_days"] > 3) & (adm["LOS_days"] <= 7), "los_label"] = 1
    adm.loc[(adm["LOS_days"] > 7) & (adm["LOS_days"] <= 14), "los_label"] = 2
    adm.loc[(adm["LOS_days"] > 14), "los_label"] = 3
    adm.los_label = adm.los_label.astype(int)
    los = pd.merge(adm_notes, adm[["HADM_ID", "los_label", "HOSPITAL_EXPIRE_FLAG"]], how="left", on="HADM_ID")
    los = los[los["HOSPITAL_EXPIRE_FLAG"] == 0]
    rows["LOS_WEEKS_adm"] = save_splits(los, "los_label", os.path.join(out, "LOS_WEEKS_adm"), split_ids)
    stage("tasks")
    print(json.dumps({"admissionNotes": len(adm_notes), "rows": rows, "seconds": stages}))


if __name__ == "__main__":
    main()
