//! Baselines: the findings of an earlier JSON report (`check --format
//! json`), so that an archive with known problems can gate on new ones
//! only. A claim is known when the earlier report has the same annotation
//! file, claim id and status; anything else about it may have changed.

use std::collections::HashSet;
use std::path::Path;

use crate::verdict::ClaimStatus;
use crate::workspace::clean_path;

#[derive(Debug, Clone, Default)]
pub struct Baseline {
    known: HashSet<(String, String, ClaimStatus)>,
}

impl Baseline {
    /// Reads an earlier report of CONTRACT §6. Verified claims are not
    /// findings and are not kept.
    pub fn parse(text: &str) -> Result<Baseline, String> {
        let report: serde_json::Value =
            serde_json::from_str(text).map_err(|e| format!("it is not JSON: {e}"))?;
        let files = report
            .get("files")
            .and_then(|f| f.as_array())
            .ok_or("it is not a claimcheck JSON report: there is no `files` array")?;
        let mut known = HashSet::new();
        for file in files {
            let Some(annotations) = file.get("annotations").and_then(|a| a.as_str()) else {
                continue;
            };
            let annotations = key(Path::new(annotations));
            for claim in file
                .get("claims")
                .and_then(|c| c.as_array())
                .into_iter()
                .flatten()
            {
                let id = claim.get("id").and_then(|i| i.as_str());
                let status = claim
                    .get("status")
                    .and_then(|s| s.as_str())
                    .and_then(ClaimStatus::parse);
                if let (Some(id), Some(status)) = (id, status)
                    && status != ClaimStatus::Verified
                {
                    known.insert((annotations.clone(), id.to_owned(), status));
                }
            }
        }
        Ok(Baseline { known })
    }

    /// Whether the claim `id` of the annotation file at `annotations`, now
    /// at `status`, was already there at that status.
    pub fn knows(&self, annotations: &Path, id: &str, status: ClaimStatus) -> bool {
        // Built only for lookups that can hit: most claims are verified.
        status != ClaimStatus::Verified
            && self
                .known
                .contains(&(key(annotations), id.to_owned(), status))
    }

    pub fn len(&self) -> usize {
        self.known.len()
    }

    pub fn is_empty(&self) -> bool {
        self.known.is_empty()
    }
}

/// The same file however it was named: `./a/x.json` is `a/x.json`.
fn key(path: &Path) -> String {
    clean_path(path).to_string_lossy().replace('\\', "/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_file_claim_and_status() {
        let report = r#"{"version": 1, "files": [
            {"annotations": "./a/x.json", "source": "s.txt", "claims": [
                {"id": "one", "status": "drifted"},
                {"id": "two", "status": "verified"},
                {"id": "three", "status": "broken"}]},
            {"annotations": "b.json", "source": null, "claims": [], "errors": []}
        ], "summary": {}}"#;
        let baseline = Baseline::parse(report).expect("a report");
        assert_eq!(baseline.len(), 2);
        assert!(baseline.knows(Path::new("a/x.json"), "one", ClaimStatus::Drifted));
        assert!(baseline.knows(Path::new("a/./x.json"), "three", ClaimStatus::Broken));
        assert!(!baseline.knows(Path::new("a/x.json"), "one", ClaimStatus::Broken));
        assert!(!baseline.knows(Path::new("a/x.json"), "two", ClaimStatus::Verified));
        assert!(!baseline.knows(Path::new("b.json"), "one", ClaimStatus::Drifted));
    }

    #[test]
    fn refuses_what_is_not_a_report() {
        assert!(Baseline::parse("nope").is_err());
        assert!(Baseline::parse("{\"version\": 1}").is_err());
    }
}
