//! Turning check results into output: miette diagnostics for people,
//! JSON for scripts. Both read the same `Finding`s, so they never disagree.

pub mod findings;
pub mod github;
pub mod html;
pub mod human;
pub mod json;
pub mod sarif;
pub mod wdiff;

use crate::check::{Outcome, Placements};
use crate::verdict::{ClaimStatus, Severity};

/// Counts over a whole run (CONTRACT §6 `summary`).
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Summary {
    pub files: usize,
    pub claims: usize,
    pub verified: usize,
    pub moved: usize,
    pub ambiguous: usize,
    pub drifted: usize,
    pub broken: usize,
    pub unsupported: usize,
    /// Claims at error level.
    pub errors: usize,
    /// Claims at warning level.
    pub warnings: usize,
    /// Inputs that could not be read or parsed, or that contradict their source.
    pub input_errors: usize,
    /// With `--source`: evidence spans placed through the revision diff
    /// and by search.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub placed: Option<Placements>,
}

impl Summary {
    /// Counts one more file.
    pub fn add(&mut self, outcome: &Outcome) {
        self.files += 1;
        self.input_errors += outcome.problems().len();
        let Outcome::Checked { file, .. } = outcome else {
            return;
        };
        if let Some(p) = file.placements {
            let total = self.placed.get_or_insert_with(Placements::default);
            total.diff += p.diff;
            total.search += p.search;
        }
        for verdict in &file.verdicts {
            self.claims += 1;
            *self.count_mut(verdict.status) += 1;
            match verdict.status.severity() {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Fine => {}
            }
        }
    }

    /// The counts of one file.
    pub fn of(outcome: &Outcome) -> Summary {
        let mut summary = Summary::default();
        summary.add(outcome);
        summary
    }

    /// Adds the counts of `other` (e.g. one file's) to these.
    pub fn merge(&mut self, other: &Summary) {
        // Destructured, so that a new count cannot be forgotten here.
        let Summary {
            files,
            claims,
            verified,
            moved,
            ambiguous,
            drifted,
            broken,
            unsupported,
            errors,
            warnings,
            input_errors,
            placed,
        } = other;
        self.files += files;
        self.claims += claims;
        self.verified += verified;
        self.moved += moved;
        self.ambiguous += ambiguous;
        self.drifted += drifted;
        self.broken += broken;
        self.unsupported += unsupported;
        self.errors += errors;
        self.warnings += warnings;
        self.input_errors += input_errors;
        if let Some(p) = placed {
            let total = self.placed.get_or_insert_with(Placements::default);
            total.diff += p.diff;
            total.search += p.search;
        }
    }

    fn count_mut(&mut self, status: ClaimStatus) -> &mut usize {
        match status {
            ClaimStatus::Verified => &mut self.verified,
            ClaimStatus::Moved => &mut self.moved,
            ClaimStatus::Ambiguous => &mut self.ambiguous,
            ClaimStatus::Drifted => &mut self.drifted,
            ClaimStatus::Broken => &mut self.broken,
            ClaimStatus::Unsupported => &mut self.unsupported,
        }
    }

    pub fn count(&self, status: ClaimStatus) -> usize {
        match status {
            ClaimStatus::Verified => self.verified,
            ClaimStatus::Moved => self.moved,
            ClaimStatus::Ambiguous => self.ambiguous,
            ClaimStatus::Drifted => self.drifted,
            ClaimStatus::Broken => self.broken,
            ClaimStatus::Unsupported => self.unsupported,
        }
    }

    /// The process exit code of CONTRACT §5.
    pub fn exit_code(&self, deny_warnings: bool) -> u8 {
        if self.input_errors > 0 {
            2
        } else if self.errors > 0 || (deny_warnings && self.warnings > 0) {
            1
        } else {
            0
        }
    }

    /// One line for people, e.g. `32 claims in 1 file: 31 verified, 1 moved`.
    pub fn line(&self) -> String {
        let plural = |n: usize, word: &str| {
            if n == 1 {
                format!("{n} {word}")
            } else {
                format!("{n} {word}s")
            }
        };
        let statuses: Vec<String> = ClaimStatus::ALL
            .iter()
            .filter(|s| self.count(**s) > 0)
            .map(|s| format!("{} {s}", self.count(*s)))
            .collect();
        let mut line = format!(
            "{} in {}",
            plural(self.claims, "claim"),
            plural(self.files, "file")
        );
        if !statuses.is_empty() {
            line.push_str(": ");
            line.push_str(&statuses.join(", "));
        }
        if self.input_errors > 0 {
            line.push_str(&format!("; {}", plural(self.input_errors, "input error")));
        }
        line
    }
}
