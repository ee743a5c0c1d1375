//! `schema/claimcheck.schema.json`, the JSON Schema editors use to complete
//! and check annotation files, against the Rust reader: what the reader
//! accepts validates, what it rejects for a schema reason fails, and both
//! name the same fields. Also checks that the vendored W3C test schemas
//! load and can fail.

#[path = "schemas/w3c_musts.rs"]
mod w3c_musts;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use claimcheck::annotation::{self, CLAIM_FIELDS, EVIDENCE_FIELDS, FILE_FIELDS, Format};
use jsonschema::Validator;
use serde_json::{Value, json};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn schema() -> Value {
    let text = std::fs::read_to_string(repo().join("schema/claimcheck.schema.json"))
        .expect("the schema file");
    serde_json::from_str(&text).expect("the schema is JSON")
}

fn validator() -> Validator {
    jsonschema::draft202012::new(&schema()).expect("the schema compiles")
}

/// Every `*.json` under `dir`, recursively.
fn json_files(dir: &Path, found: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            json_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "json") {
            found.push(path);
        }
    }
}

#[test]
fn the_schema_is_a_valid_draft_2020_12_schema() {
    let schema = schema();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    jsonschema::meta::validate(&schema).expect("valid against the 2020-12 meta-schema");
}

#[test]
fn every_file_the_reader_accepts_validates() {
    let validator = validator();
    let mut files = Vec::new();
    json_files(&repo().join("annotations"), &mut files);
    json_files(&repo().join("tests/fixtures"), &mut files);
    let mut checked = 0;
    for path in files {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let Ok(model) = annotation::parse(&text) else {
            continue;
        };
        if model.format != Format::Claimcheck {
            continue;
        }
        let value: Value = serde_json::from_str(text.trim_start_matches('\u{feff}'))
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
        checked += 1;
    }
    assert!(checked >= 8, "only {checked} fixtures checked");
}

/// A valid file whose one evidence item is `evidence`.
fn with_evidence(evidence: Value) -> Value {
    json!({"source": "a.txt", "claims": [{"id": "c", "claim": "x", "evidence": [evidence]}]})
}

fn with_claim(claim: Value) -> Value {
    json!({"source": "a.txt", "claims": [claim]})
}

#[test]
fn what_the_reader_rejects_for_a_schema_reason_fails_validation() {
    let validator = validator();
    let cases = [
        json!({"claims": []}),
        json!({"source": "a.txt"}),
        json!({"source": "", "claims": []}),
        json!({"source": " \t", "claims": []}),
        json!({"source": 3, "claims": []}),
        json!({"source": "a.txt", "claims": {}}),
        json!({"source": "a.txt", "claims": [], "version": 2}),
        json!({"$schema": true, "source": "a.txt", "claims": []}),
        json!(["not an object"]),
        with_claim(json!(7)),
        with_claim(json!({"claim": "x", "evidence": []})),
        with_claim(json!({"id": "c", "evidence": []})),
        with_claim(json!({"id": "c", "claim": "x"})),
        with_claim(json!({"id": "", "claim": "x", "evidence": []})),
        with_claim(json!({"id": "c", "claim": "   ", "evidence": []})),
        with_claim(json!({"id": "c", "claim": "x", "evidence": [], "note": 3})),
        with_claim(json!({"id": "c", "claim": "x", "evidence": [], "notes": "typo"})),
        with_claim(json!({"id": 1, "claim": "x", "evidence": []})),
        with_evidence(json!(null)),
        with_evidence(json!({"qoute": "a"})),
        with_evidence(json!({"quote": ""})),
        with_evidence(json!({"quote": 5})),
        with_evidence(json!({"quote": "a", "paragraph": "p0"})),
        with_evidence(json!({"quote": "a", "paragraph": "P2"})),
        with_evidence(json!({"quote": "a", "paragraph": "p02"})),
        with_evidence(json!({"quote": "a", "paragraph": 2})),
        with_evidence(json!({"quote": "a", "start": 3})),
        with_evidence(json!({"quote": "a", "end": 3})),
        with_evidence(json!({"quote": "a", "start": -1, "end": 3})),
        with_evidence(json!({"quote": "a", "start": "0", "end": 3})),
        with_evidence(json!({"quote": "a", "start": 0, "end": 4294967296_u64})),
        with_evidence(json!({"quote": "a", "prefix": 1})),
        with_evidence(json!({"quote": "a", "suffix": null})),
    ];
    for case in cases {
        let text = case.to_string();
        assert!(
            annotation::parse(&text).is_err(),
            "the reader accepts {text}"
        );
        assert!(!validator.is_valid(&case), "the schema accepts {text}");
    }
    let typo =
        std::fs::read_to_string(repo().join("tests/fixtures/bad/typo.json")).expect("fixture");
    let typo: Value = serde_json::from_str(&typo).expect("JSON");
    assert!(!validator.is_valid(&typo));
}

/// What a JSON Schema cannot say, the reader still checks (the schema's
/// description says so): these pass the schema and fail the reader.
#[test]
fn the_reader_checks_what_the_schema_cannot() {
    let validator = validator();
    let cases = [
        // Unique claim ids.
        json!({"source": "a.txt", "claims": [
            {"id": "c", "claim": "x", "evidence": []},
            {"id": "c", "claim": "y", "evidence": []}]}),
        // `start` before `end`, and a non-empty span.
        with_evidence(json!({"quote": "a", "start": 9, "end": 2})),
        with_evidence(json!({"quote": "a", "start": 2, "end": 2})),
    ];
    for case in cases {
        let text = case.to_string();
        assert!(validator.is_valid(&case), "{text}");
        assert!(annotation::parse(&text).is_err(), "{text}");
    }
}

/// The property names of the schema object at `pointer`.
fn properties(schema: &Value, pointer: &str) -> BTreeSet<String> {
    schema
        .pointer(pointer)
        .and_then(Value::as_object)
        .unwrap_or_else(|| panic!("{pointer} in the schema"))
        .keys()
        .cloned()
        .collect()
}

fn names(fields: &[&str]) -> BTreeSet<String> {
    fields.iter().map(|&name| name.to_owned()).collect()
}

#[test]
fn the_schema_names_exactly_the_fields_the_reader_allows() {
    let schema = schema();
    assert_eq!(properties(&schema, "/properties"), names(FILE_FIELDS));
    assert_eq!(
        properties(&schema, "/$defs/claim/properties"),
        names(CLAIM_FIELDS)
    );
    assert_eq!(
        properties(&schema, "/$defs/evidence/properties"),
        names(EVIDENCE_FIELDS)
    );
    for pointer in ["", "/$defs/claim", "/$defs/evidence"] {
        let object = schema.pointer(pointer).expect("an object schema");
        assert_eq!(object["additionalProperties"], false, "{pointer}");
        for (name, property) in object["properties"].as_object().into_iter().flatten() {
            assert!(
                property["description"].is_string(),
                "{pointer}/{name} has a description for editors"
            );
        }
    }
}

#[test]
fn the_schema_requires_what_the_reader_requires() {
    let validator = validator();
    let full = json!({
        "$schema": "../schema/claimcheck.schema.json",
        "source": "a.txt",
        "claims": [{
            "id": "c", "claim": "x", "note": "n",
            "evidence": [{"quote": "q", "paragraph": "p1", "start": 0, "end": 1, "prefix": "", "suffix": ""}]
        }]
    });
    assert!(validator.is_valid(&full));
    assert!(annotation::parse(&full.to_string()).is_ok());
    // Drop one field at a time: the reader and the schema agree on whether
    // the file is still valid (`start` and `end` only go together).
    for pointer in ["", "/claims/0", "/claims/0/evidence/0"] {
        let fields: Vec<String> = full
            .pointer(pointer)
            .and_then(Value::as_object)
            .map(|object| object.keys().cloned().collect())
            .unwrap_or_default();
        for field in fields {
            let mut without = full.clone();
            if let Some(object) = without.pointer_mut(pointer).and_then(Value::as_object_mut) {
                object.remove(&field);
            }
            let reader = annotation::parse(&without.to_string()).is_ok();
            assert_eq!(
                validator.is_valid(&without),
                reader,
                "without {pointer}/{field}: the reader says {reader}"
            );
        }
    }
}

#[test]
fn the_vendored_w3c_assertions_load_and_can_fail() {
    let musts = w3c_musts::Musts::annotation();
    assert!(musts.len() > 40, "{} assertions", musts.len());
    let valid = json!({
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": "http://example.org/anno1",
        "type": "Annotation",
        "body": {"type": "TextualBody", "value": "A claim."},
        "target": {"source": "http://example.org/article", "selector": {"type": "TextQuoteSelector", "exact": "a"}}
    });
    assert_eq!(musts.failures(&valid), Vec::<String>::new());
    let mut relative_id = valid.clone();
    relative_id["id"] = json!("anno1");
    let mut no_context = valid.clone();
    no_context
        .as_object_mut()
        .map(|object| object.remove("@context"));
    let mut body_and_value = valid.clone();
    body_and_value["bodyValue"] = json!("also");
    for (bad, assertion) in [
        (relative_id, "3.1-annotationIdValidated.json"),
        (no_context, "3.1-annotationContextValidated.json"),
        (body_and_value, "3.2.5-notBodyBodyValue.json"),
    ] {
        let failures = musts.failures(&bad);
        assert!(
            failures.iter().any(|f| f.contains(assertion)),
            "{assertion}: {failures:#?}"
        );
    }
}
