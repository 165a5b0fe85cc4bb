/**
 * OMOP CDM 5.4 tables the generator writes: file names as the Synthea27Nj sample ships them (upper case) and the
 * columns, in order, exactly as the sample's header lines (test/fixtures/synth-ehr/ holds copies the tests compare
 * with). OBSERVATION_PERIOD is not in the sample: its columns are the CDM 5.4 specification's.
 */
export interface OmopTable {
  file: string;
  columns: readonly string[];
}

const table = (file: string, header: string): OmopTable => ({ file, columns: header.split(",") });

export const PERSON = table(
  "PERSON.csv",
  "person_id,gender_concept_id,year_of_birth,month_of_birth,day_of_birth,birth_datetime,race_concept_id,ethnicity_concept_id,location_id,provider_id,care_site_id,person_source_value,gender_source_value,gender_source_concept_id,race_source_value,race_source_concept_id,ethnicity_source_value,ethnicity_source_concept_id",
);
export const OBSERVATION_PERIOD = table(
  "OBSERVATION_PERIOD.csv",
  "observation_period_id,person_id,observation_period_start_date,observation_period_end_date,period_type_concept_id",
);
export const VISIT_OCCURRENCE = table(
  "VISIT_OCCURRENCE.csv",
  "visit_occurrence_id,person_id,visit_concept_id,visit_start_date,visit_start_datetime,visit_end_date,visit_end_datetime,visit_type_concept_id,provider_id,care_site_id,visit_source_value,visit_source_concept_id,admitted_from_concept_id,admitted_from_source_value,discharged_to_concept_id,discharged_to_source_value,preceding_visit_occurrence_id",
);
export const CONDITION_OCCURRENCE = table(
  "CONDITION_OCCURRENCE.csv",
  "condition_occurrence_id,person_id,condition_concept_id,condition_start_date,condition_start_datetime,condition_end_date,condition_end_datetime,condition_type_concept_id,condition_status_concept_id,stop_reason,provider_id,visit_occurrence_id,visit_detail_id,condition_source_value,condition_source_concept_id,condition_status_source_value",
);
export const DRUG_EXPOSURE = table(
  "DRUG_EXPOSURE.csv",
  "drug_exposure_id,person_id,drug_concept_id,drug_exposure_start_date,drug_exposure_start_datetime,drug_exposure_end_date,drug_exposure_end_datetime,verbatim_end_date,drug_type_concept_id,stop_reason,refills,quantity,days_supply,sig,route_concept_id,lot_number,provider_id,visit_occurrence_id,visit_detail_id,drug_source_value,drug_source_concept_id,route_source_value,dose_unit_source_value",
);
export const PROCEDURE_OCCURRENCE = table(
  "PROCEDURE_OCCURRENCE.csv",
  "procedure_occurrence_id,person_id,procedure_concept_id,procedure_date,procedure_datetime,procedure_end_date,procedure_end_datetime,procedure_type_concept_id,modifier_concept_id,quantity,provider_id,visit_occurrence_id,visit_detail_id,procedure_source_value,procedure_source_concept_id,modifier_source_value",
);
export const DEATH = table(
  "DEATH.csv",
  "person_id,death_date,death_datetime,death_type_concept_id,cause_concept_id,cause_source_value,cause_source_concept_id",
);
export const CONCEPT = table(
  "CONCEPT.csv",
  "concept_id,concept_name,domain_id,vocabulary_id,concept_class_id,standard_concept,concept_code,valid_start_date,valid_end_date,invalid_reason",
);

export const OMOP_TABLES: readonly OmopTable[] = [
  PERSON,
  OBSERVATION_PERIOD,
  VISIT_OCCURRENCE,
  CONDITION_OCCURRENCE,
  DRUG_EXPOSURE,
  PROCEDURE_OCCURRENCE,
  DEATH,
  CONCEPT,
];
