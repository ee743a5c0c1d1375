//! The MUST assertions of the W3C Web Annotation test suite (vendored under
//! `tests/schemas/w3c/`), compiled once, to validate W3C files in tests.
//! Shared by the test crates that `#[path]`-include it.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use jsonschema::{Retrieve, Uri, Validator};
use serde_json::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/schemas/w3c")
}

/// Resolves the suite's relative `$ref`s (`id.json#/…`) to the vendored
/// `definitions/`: nothing is fetched.
struct Vendored;

impl Retrieve for Vendored {
    fn retrieve(
        &self,
        uri: &Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        let name = uri.path().as_str().rsplit('/').next().unwrap_or_default();
        let text = std::fs::read_to_string(root().join("definitions").join(name))?;
        Ok(serde_json::from_str(&text)?)
    }
}

/// One assertion: its file, its message, its validator.
struct Assertion {
    file: String,
    message: String,
    validator: Validator,
}

/// The MUST assertions of one `.test` file.
pub struct Musts(Vec<Assertion>);

impl Musts {
    /// The assertions listed in `test` (e.g. `annotations/annotationMusts.test`).
    pub fn load(test: &str) -> Musts {
        let list: Value = read_json(&root().join(test));
        let files = list["assertions"].as_array().expect("a list of assertions");
        let assertions = files
            .iter()
            .map(|file| {
                let file = file.as_str().expect("a path").to_owned();
                let schema = read_json(&root().join(&file));
                assert_eq!(schema["assertionType"], "must", "{file}");
                assert_eq!(schema["expectedResult"], "valid", "{file}");
                let validator = jsonschema::draft4::options()
                    .with_retriever(Vendored)
                    .should_validate_formats(true)
                    .build(&schema)
                    .unwrap_or_else(|e| panic!("{file} compiles: {e}"));
                Assertion {
                    message: schema["errorMessage"]
                        .as_str()
                        .unwrap_or_default()
                        .to_owned(),
                    file,
                    validator,
                }
            })
            .collect();
        Musts(assertions)
    }

    pub fn annotation() -> Musts {
        Musts::load("annotations/annotationMusts.test")
    }

    pub fn collection() -> Musts {
        Musts::load("collections/collectionMusts.test")
    }

    pub fn page() -> Musts {
        Musts::load("collections/pages/pageMusts.test")
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The assertions `value` fails, as "file: message".
    pub fn failures(&self, value: &Value) -> Vec<String> {
        self.0
            .iter()
            .filter(|assertion| !assertion.validator.is_valid(value))
            .map(|assertion| format!("{}: {}", assertion.file, assertion.message))
            .collect()
    }
}

/// Every MUST a W3C file fails: a single Annotation, an array of them, or
/// an AnnotationCollection (with its embedded first page and every
/// annotation on it). Empty when the file is valid.
pub fn w3c_failures(file: &Value) -> Vec<String> {
    let annotation = Musts::annotation();
    let each = |items: &[Value]| -> Vec<String> {
        items
            .iter()
            .enumerate()
            .flat_map(|(n, item)| {
                annotation
                    .failures(item)
                    .into_iter()
                    .map(move |failure| format!("annotation {}: {failure}", n + 1))
            })
            .collect()
    };
    match file {
        Value::Array(items) => each(items),
        Value::Object(object)
            if object.get("type") == Some(&Value::from("AnnotationCollection")) =>
        {
            let mut failures = Musts::collection().failures(file);
            failures.extend(Musts::page().failures(file));
            let items = file["first"]["items"]
                .as_array()
                .map(Vec::as_slice)
                .unwrap_or(&[]);
            failures.extend(each(items));
            failures
        }
        _ => annotation.failures(file),
    }
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}
