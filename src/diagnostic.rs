//! The one diagnostic model. Everything claimcheck has to say — a claim's
//! finding, a malformed annotation file, an unreadable input, a bad
//! command line — is a [`Diagnostic`]: a [`Code`], a [`Severity`], a
//! message, a primary label in one file, secondary labels (in the
//! annotation file or the source), help, and the edits `fix` or `pin`
//! would make. Every output format (`report::*`) renders these values and
//! nothing else, so no two outputs can disagree.

use std::fmt;
use std::ops::Range;

use serde::Serialize;

use crate::text::TextFile;
use crate::verdict::ClaimStatus;

/// What a diagnostic is about. Each code has one rule in SARIF, one
/// section in `docs/codes.md`, and one default severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Code {
    /// Evidence found exactly, elsewhere than recorded.
    Moved,
    /// Evidence found several times; no hint decides which.
    Ambiguous,
    /// Evidence no longer in the source; a close passage is.
    Drifted,
    /// Nothing close to the evidence in the source.
    Broken,
    /// A claim without evidence, or with a fact its evidence does not back.
    Unsupported,
    /// An annotation file that is not valid claimcheck or W3C JSON.
    Schema,
    /// A `claimcheck.toml` that cannot be used.
    Config,
    /// An annotation file whose source cannot be used.
    Source,
    /// An input that cannot be read, or an output that cannot be written.
    Io,
    /// A command line that cannot be run.
    Usage,
    /// A file `fix` or `pin` will not rewrite.
    Fix,
    /// A choice made in reading an annotation file (which of several
    /// alternative selectors was checked, what was left out).
    Reading,
}

impl Code {
    pub const ALL: [Code; 12] = [
        Code::Moved,
        Code::Ambiguous,
        Code::Drifted,
        Code::Broken,
        Code::Unsupported,
        Code::Schema,
        Code::Config,
        Code::Source,
        Code::Io,
        Code::Usage,
        Code::Fix,
        Code::Reading,
    ];

    /// The short id: `moved`, `schema`, … (SARIF's rule id).
    pub fn id(self) -> &'static str {
        self.info().id
    }

    /// The code users see: `claimcheck::moved`.
    pub fn name(self) -> &'static str {
        self.info().name
    }

    /// One line: what the code means.
    pub fn summary(self) -> &'static str {
        self.info().summary
    }

    /// A paragraph: when the code is given and why.
    pub fn description(self) -> &'static str {
        self.info().description
    }

    /// What to do about it (Markdown).
    pub fn remedy(self) -> &'static str {
        self.info().remedy
    }

    /// The claim status this code reports, for the codes that report one.
    pub fn status(self) -> Option<ClaimStatus> {
        match self {
            Code::Moved => Some(ClaimStatus::Moved),
            Code::Ambiguous => Some(ClaimStatus::Ambiguous),
            Code::Drifted => Some(ClaimStatus::Drifted),
            Code::Broken => Some(ClaimStatus::Broken),
            Code::Unsupported => Some(ClaimStatus::Unsupported),
            _ => None,
        }
    }

    /// Where the code is documented, relative to the repository root.
    pub fn docs(self) -> String {
        format!("docs/codes.md#{}", self.id())
    }

    fn info(self) -> &'static CodeInfo {
        &CODES[self as usize]
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

struct CodeInfo {
    id: &'static str,
    name: &'static str,
    summary: &'static str,
    description: &'static str,
    remedy: &'static str,
}

/// In the order of [`Code`]'s variants.
const CODES: [CodeInfo; 12] = [
    CodeInfo {
        id: "moved",
        name: "claimcheck::moved",
        summary: "The quote was found exactly, elsewhere than recorded.",
        description: "The evidence quote is still in the source, word for word after typographic folding, but not in the paragraph or at the offsets its hints record: the article was edited around it. The claim is still supported; only its anchor is stale.",
        remedy: "Run `claimcheck fix` to re-anchor the evidence (its `paragraph`, `start` and `end` are rewritten in place).",
    },
    CodeInfo {
        id: "ambiguous",
        name: "claimcheck::ambiguous",
        summary: "The quote occurs several times and no hint decides which.",
        description: "The evidence quote occurs more than once in the source, and neither its `paragraph` and offsets nor its `prefix`/`suffix` single out one occurrence (contexts must be clearly more similar at one occurrence than at the others).",
        remedy: "Pin the evidence to one occurrence: run `claimcheck pin`, or add `paragraph`, `start` and `end`, or a `prefix`/`suffix`, or quote more of the passage.",
    },
    CodeInfo {
        id: "drifted",
        name: "claimcheck::drifted",
        summary: "The quote is no longer in the source; a close passage is.",
        description: "The evidence quote no longer occurs in the source, but a passage within a quarter of the quote's length in edits does. The report gives its location and a word diff between the quote and what the source now reads: a corrected figure, a reworded sentence, a changed name.",
        remedy: "Read the word diff. If the new wording still supports the claim, run `claimcheck fix --accept-drift` to take it; otherwise correct the claim or quote the passage that supports it now.",
    },
    CodeInfo {
        id: "broken",
        name: "claimcheck::broken",
        summary: "Nothing close to the quote is in the source.",
        description: "Neither the evidence quote nor anything within a quarter of its length in edits is in the source: the passage was cut or rewritten, or the annotation names the wrong article.",
        remedy: "Quote the passage that supports the claim now, or drop the claim. Check that the annotation file's `source` names the right article.",
    },
    CodeInfo {
        id: "unsupported",
        name: "claimcheck::unsupported",
        summary: "The claim has no evidence, or states a fact its evidence does not back.",
        description: "A claim with no evidence at all, or one that states a number, a quoted phrase, a name or a negation that none of its evidence quotes (or, for names, the paragraphs they are quoted from) contains.",
        remedy: "Quote the passage that states the fact, or correct the claim so that it says only what its evidence says.",
    },
    CodeInfo {
        id: "schema",
        name: "claimcheck::schema",
        summary: "The annotation file is not valid.",
        description: "The annotation file is not valid JSON, or not a claimcheck or W3C Web Annotation file: a missing or unknown field, a value of the wrong type, a duplicate claim id, an offset pair that is reversed or cannot hold its quote.",
        remedy: "Correct the field the diagnostic points at; where a field name is misspelt, the help suggests the right one.",
    },
    CodeInfo {
        id: "config",
        name: "claimcheck::config",
        summary: "The configuration file is not valid.",
        description: "`claimcheck.toml` (or the file given with `--config`) is not valid TOML, has an unknown key, or a value of the wrong type.",
        remedy: "Correct the key the diagnostic points at (the help suggests the right name), or run with `--no-config` to ignore the file.",
    },
    CodeInfo {
        id: "source",
        name: "claimcheck::source",
        summary: "The annotation file names no source that can be checked.",
        description: "The annotation file names no source, or names one outside the project root (a path that leaves it, an absolute path elsewhere, a device or special file), which claimcheck does not read by default.",
        remedy: "Name the article in `source` (relative to the annotation file's folder) or pass `--source FILE`; to read a source outside the project on purpose, pass `--allow-source-outside`.",
    },
    CodeInfo {
        id: "io",
        name: "claimcheck::io",
        summary: "A file could not be read or written.",
        description: "An annotation file or source does not exist, is a folder, cannot be read, is not UTF-8 text, or is larger than the size limit; or a report could not be written.",
        remedy: "Check the path the diagnostic names. Sources and annotation files must be UTF-8 text files.",
    },
    CodeInfo {
        id: "usage",
        name: "claimcheck::usage",
        summary: "The command line cannot be run.",
        description: "The command was given no annotation files and there is no `annotations/` folder, or options that do not go together.",
        remedy: "Run `claimcheck help` for the commands and their options.",
    },
    CodeInfo {
        id: "fix",
        name: "claimcheck::fix",
        summary: "The file cannot be rewritten.",
        description: "`fix` and `pin` rewrite only claimcheck annotation files; a W3C Web Annotation file is left as it is.",
        remedy: "Re-anchor it in the tool that made it, or convert it to the claimcheck format.",
    },
    CodeInfo {
        id: "reading",
        name: "claimcheck::reading",
        summary: "How an annotation file was read.",
        description: "A note, never a failure: a choice claimcheck made in reading a W3C Web Annotation file, such as which of several alternative selectors for one passage it checked, or a body or fragment it left out of the claim.",
        remedy: "Nothing to do if the choice is the right one; otherwise keep one selector per passage, or move the text into the claim's body.",
    },
];

/// How much a diagnostic matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Shown, never fails a run.
    Note,
    /// Fails a run only with `--deny-warnings`.
    Warning,
    /// Fails a run.
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// The severity of each claim status: the one place it is decided (the
/// contract's defaults, or a `[severity]` table of `claimcheck.toml`).
/// `None` is `off`: the status is counted but not reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Severities {
    moved: Option<Severity>,
    ambiguous: Option<Severity>,
    drifted: Option<Severity>,
    broken: Option<Severity>,
    unsupported: Option<Severity>,
}

impl Default for Severities {
    /// CONTRACT §4: `moved` is a warning, every other finding an error.
    fn default() -> Severities {
        Severities {
            moved: Some(Severity::Warning),
            ambiguous: Some(Severity::Error),
            drifted: Some(Severity::Error),
            broken: Some(Severity::Error),
            unsupported: Some(Severity::Error),
        }
    }
}

impl Severities {
    /// The severity of a claim (or evidence) with `status`; `verified`
    /// has none.
    pub fn of_status(&self, status: ClaimStatus) -> Option<Severity> {
        match status {
            ClaimStatus::Verified => None,
            ClaimStatus::Moved => self.moved,
            ClaimStatus::Ambiguous => self.ambiguous,
            ClaimStatus::Drifted => self.drifted,
            ClaimStatus::Broken => self.broken,
            ClaimStatus::Unsupported => self.unsupported,
        }
    }

    /// Sets the severity of `status` (`verified` has none to set).
    pub fn set(&mut self, status: ClaimStatus, severity: Option<Severity>) {
        match status {
            ClaimStatus::Verified => {}
            ClaimStatus::Moved => self.moved = severity,
            ClaimStatus::Ambiguous => self.ambiguous = severity,
            ClaimStatus::Drifted => self.drifted = severity,
            ClaimStatus::Broken => self.broken = severity,
            ClaimStatus::Unsupported => self.unsupported = severity,
        }
    }

    /// The severity of a diagnostic with `code`: a finding's comes from
    /// its status; problems with the inputs are always errors.
    pub fn of_code(&self, code: Code) -> Option<Severity> {
        match (code, code.status()) {
            (_, Some(status)) => self.of_status(status),
            (Code::Reading, None) => Some(Severity::Note),
            (_, None) => Some(Severity::Error),
        }
    }
}

/// Bytes of a file to point at, and what to say there.
#[derive(Debug, Clone)]
pub struct Label {
    pub file: TextFile,
    /// A byte range of `file.text` (empty: a point).
    pub span: Range<usize>,
    pub message: String,
}

impl Label {
    pub fn new(file: &TextFile, span: Range<usize>, message: impl Into<String>) -> Label {
        Label {
            file: file.clone(),
            span,
            message: message.into(),
        }
    }
}

/// A quote and what the source now reads in its place (a drifted quote):
/// each output shows the difference its own way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rewording {
    pub quote: String,
    pub now: String,
}

/// A change to a file's text: replace `span` with `replacement` (an
/// insertion when the span is empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub span: Range<usize>,
    pub replacement: String,
}

/// What a finding is about, beyond its file: the claim, and the evidence
/// quote or fact within it. Stable across unrelated edits of the file, so
/// outputs fingerprint findings and baselines match them by it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Subject {
    pub claim: String,
    pub detail: String,
}

#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    /// Where it is: in the annotation file for findings and schema errors,
    /// in the file that could not be read for input errors; `None` when no
    /// file is involved (a usage error).
    pub primary: Option<Label>,
    /// Other places worth seeing: where the quote is now in the source, the
    /// field that named a missing source.
    pub secondary: Vec<Label>,
    pub help: Option<String>,
    pub rewording: Option<Box<Rewording>>,
    /// What `fix` or `pin` would change in the primary file.
    pub edits: Vec<Edit>,
    pub subject: Option<Box<Subject>>,
}

impl Diagnostic {
    /// Only its code, severity and message.
    pub fn into_message(self) -> Diagnostic {
        Diagnostic::new(self.code, self.message).severity(self.severity)
    }

    /// A diagnostic with `code` at its default severity for inputs
    /// (error), with no labels yet.
    pub fn new(code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code,
            severity: Severity::Error,
            message: message.into(),
            primary: None,
            secondary: Vec::new(),
            help: None,
            rewording: None,
            edits: Vec::new(),
            subject: None,
        }
    }

    pub fn severity(mut self, severity: Severity) -> Diagnostic {
        self.severity = severity;
        self
    }

    pub fn at(mut self, label: Label) -> Diagnostic {
        self.primary = Some(label);
        self
    }

    pub fn also(mut self, label: Label) -> Diagnostic {
        self.secondary.push(label);
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    pub fn edits(mut self, edits: Vec<Edit>) -> Diagnostic {
        self.edits = edits;
        self
    }

    pub fn about(mut self, claim: &str, detail: impl Into<String>) -> Diagnostic {
        self.subject = Some(Box::new(Subject {
            claim: claim.to_owned(),
            detail: detail.into(),
        }));
        self
    }

    /// Whether it is a problem with the inputs (exit code 2) rather than a
    /// finding about a claim.
    pub fn is_input_error(&self) -> bool {
        self.code.status().is_none() && self.severity == Severity::Error
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_its_own_entry() {
        for (i, code) in Code::ALL.iter().enumerate() {
            assert_eq!(*code as usize, i);
            assert_eq!(code.name(), format!("claimcheck::{}", code.id()));
            assert!(code.summary().ends_with('.'), "{code}");
            assert!(!code.description().is_empty() && !code.remedy().is_empty());
        }
    }

    #[test]
    fn contract_severities() {
        let severities = Severities::default();
        assert_eq!(severities.of_status(ClaimStatus::Verified), None);
        assert_eq!(
            severities.of_status(ClaimStatus::Moved),
            Some(Severity::Warning)
        );
        for status in [
            ClaimStatus::Ambiguous,
            ClaimStatus::Drifted,
            ClaimStatus::Broken,
            ClaimStatus::Unsupported,
        ] {
            assert_eq!(severities.of_status(status), Some(Severity::Error));
        }
        assert_eq!(severities.of_code(Code::Io), Some(Severity::Error));
    }
}
