//! Output: every format is a [`Renderer`] of the same values — the
//! diagnosed files of a check run, a source's paragraphs, a revision diff —
//! one file per format. Renderers are pure (values in, bytes out); [`Sink`]
//! writes the bytes and says when it could not.

pub mod github;
pub mod html;
pub mod human;
pub mod json;
mod nested_json;
pub mod sarif;
pub mod wdiff;

use std::io::{self, Write};
use std::path::Path;

use crate::diagnose::FileReport;
use crate::diagnostic::Severity;
use crate::diff::RevisionDiff;
use crate::pipeline::Placements;
use crate::source::Source;
use crate::verdict::ClaimStatus;

/// One output format.
pub trait Renderer: Sync {
    /// What comes before the first file.
    fn begin(&self, out: &mut Vec<u8>) {
        let _ = out;
    }

    /// One annotation file's report, calling [`Pieces::boundary`] after
    /// each claim. Called on the thread that checked the file, so rendering
    /// runs on every core (a file with many findings is instead written as
    /// it renders, see [`FileOut`]); the bytes are written in run order,
    /// with [`Renderer::separator`] between two files that are not empty.
    fn file(&self, file: &FileReport, out: &mut FileOut);

    /// What goes between the output of two files (a comma in JSON).
    fn separator(&self) -> &'static [u8] {
        b""
    }

    /// What comes after the last file.
    fn end(&self, summary: &Summary, out: &mut Vec<u8>);

    /// How a source splits into paragraphs (`claimcheck paragraphs`).
    fn paragraphs(&self, source: &Source, out: &mut Vec<u8>) {
        let _ = (source, out);
    }

    /// What a revision did (`claimcheck diff`), calling
    /// [`Pieces::boundary`] after each paragraph.
    fn revision(&self, diff: &RevisionDiff, out: &mut FileOut) {
        let _ = (diff, out);
    }
}

/// Text as it is written, held whole or, for output written as it
/// renders, handed over in pieces that each end at a boundary (a claim, a
/// paragraph). A big report (36 MB of SARIF for 16,000 findings, a 30 MB
/// page) is then never held whole beside what it reports.
pub struct Pieces<'a, B: Buffer> {
    text: B,
    drain: Option<Drain<'a, B>>,
}

/// A file's report as a renderer writes it.
pub type FileOut<'a> = Pieces<'a, Vec<u8>>;

/// What [`Pieces`] writes into: bytes, or text that stays UTF-8.
pub trait Buffer {
    /// What a piece is handed over as.
    type Piece: ?Sized;
    fn with_capacity(bytes: usize) -> Self;
    fn len(&self) -> usize;
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    fn clear(&mut self);
    fn piece(&self) -> &Self::Piece;
}

impl Buffer for Vec<u8> {
    type Piece = [u8];
    fn with_capacity(bytes: usize) -> Self {
        Vec::with_capacity(bytes)
    }
    fn len(&self) -> usize {
        self.len()
    }
    fn clear(&mut self) {
        self.clear();
    }
    fn piece(&self) -> &[u8] {
        self
    }
}

impl Buffer for String {
    type Piece = str;
    fn with_capacity(bytes: usize) -> Self {
        String::with_capacity(bytes)
    }
    fn len(&self) -> usize {
        self.len()
    }
    fn clear(&mut self) {
        self.clear();
    }
    fn piece(&self) -> &str {
        self
    }
}

struct Drain<'a, B: Buffer> {
    to: &'a mut dyn FnMut(&B::Piece),
    /// Bytes held before they are handed over at a boundary.
    piece: usize,
}

impl<'a, B: Buffer> Pieces<'a, B> {
    /// Text held whole, in `text` (with the room it has), until
    /// [`Pieces::finish`].
    pub fn held(text: B) -> Pieces<'static, B> {
        Pieces { text, drain: None }
    }

    /// Text handed to `to` in pieces of about `piece` bytes or more, each
    /// ending at a boundary.
    pub fn streamed(to: &'a mut dyn FnMut(&B::Piece), piece: usize) -> Pieces<'a, B> {
        Pieces {
            text: B::with_capacity(piece.saturating_mul(2).min(1 << 24)),
            drain: Some(Drain { to, piece }),
        }
    }

    /// Whether the text goes out as it is rendered: then reserving room
    /// for all of it is a waste.
    pub fn is_streamed(&self) -> bool {
        self.drain.is_some()
    }

    /// A claim or a paragraph ends here: streamed text hands over what it
    /// holds once that is a piece.
    pub fn boundary(&mut self) {
        if let Some(drain) = &mut self.drain
            && self.text.len() >= drain.piece
        {
            (drain.to)(self.text.piece());
            self.text.clear();
        }
    }

    /// The text held (empty when streamed: the rest is handed over).
    pub fn finish(mut self) -> B {
        match &mut self.drain {
            Some(drain) => {
                if !self.text.is_empty() {
                    (drain.to)(self.text.piece());
                }
                B::with_capacity(0)
            }
            None => self.text,
        }
    }
}

/// For a serializer: any byte it writes may end a piece, as a streamed
/// report's reader sees one stream.
impl io::Write for Pieces<'_, Vec<u8>> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.text.extend_from_slice(bytes);
        self.boundary();
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl<B: Buffer> std::ops::Deref for Pieces<'_, B> {
    type Target = B;
    fn deref(&self) -> &B {
        &self.text
    }
}

impl<B: Buffer> std::ops::DerefMut for Pieces<'_, B> {
    fn deref_mut(&mut self) -> &mut B {
        &mut self.text
    }
}

/// Counts over a whole run (CONTRACT §6 `summary`).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    /// Annotation files checked, or that could not be (not paths skipped
    /// with a warning, such as a dangling symlink).
    pub files: usize,
    pub claims: usize,
    pub verified: usize,
    pub moved: usize,
    pub ambiguous: usize,
    pub drifted: usize,
    pub broken: usize,
    pub unsupported: usize,
    /// Claims at error level, and inputs that could not be read or parsed
    /// (not counting claims known from a baseline).
    pub errors: usize,
    /// Claims at warning level, and warnings about the inputs (not counting
    /// claims known from a baseline).
    pub warnings: usize,
    /// Inputs that could not be read or parsed: counted in `errors` too.
    pub input_errors: usize,
    /// Findings already in the baseline: reported, not failing the run.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub known: Option<usize>,
    /// With `--source`: evidence spans placed through the revision diff
    /// and by search.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub placed: Option<Placements>,
}

impl Summary {
    /// Counts one more file.
    pub fn add(&mut self, file: &FileReport) {
        // A path skipped with a warning alone (a dangling symlink) is
        // reported, but it is no annotation file.
        let skipped = file.outcome.checked.is_none()
            && file
                .outcome
                .problems
                .iter()
                .all(|p| p.severity != Severity::Error);
        if !skipped {
            self.files += 1;
        }
        for problem in &file.outcome.problems {
            match problem.severity {
                Severity::Error => {
                    self.errors += 1;
                    self.input_errors += 1;
                }
                Severity::Warning => self.warnings += 1,
                Severity::Note => {}
            }
        }
        if let Some(p) = file.outcome.checked.as_ref().and_then(|c| c.placements) {
            self.placed.get_or_insert_with(Placements::default).add(&p);
        }
        for claim in &file.claims {
            self.claims += 1;
            *self.count_mut(claim.status) += 1;
            if claim.known {
                *self.known.get_or_insert(0) += 1;
                continue;
            }
            match claim.severity {
                Some(Severity::Error) => self.errors += 1,
                Some(Severity::Warning) => self.warnings += 1,
                Some(Severity::Note) | None => {}
            }
        }
    }

    /// The counts of one file.
    pub fn of(file: &FileReport) -> Summary {
        let mut summary = Summary::default();
        summary.add(file);
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
            known,
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
        if let Some(known) = known {
            *self.known.get_or_insert(0) += known;
        }
        if let Some(p) = placed {
            self.placed.get_or_insert_with(Placements::default).add(p);
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
        if let Some(known) = self.known {
            line.push_str(&format!(" ({known} known from the baseline)"));
        }
        if self.input_errors > 0 {
            line.push_str(&format!("; {}", plural(self.input_errors, "input error")));
        }
        line
    }
}

/// `1 claim`, `2 claims`.
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// Where an output goes, and whether it got there: every write is checked,
/// and the first failure is kept to be reported. A reader that went away
/// (`| head`) is not a failure: the rest is dropped quietly.
pub struct Sink {
    name: String,
    writer: Box<dyn Write + Send>,
    /// For a report file: written to a temporary file beside it, renamed
    /// over it when complete, so a failed run never leaves half a report.
    file: Option<crate::atomic::Beside>,
    state: SinkState,
}

enum SinkState {
    Open,
    /// The reader closed the pipe.
    Closed,
    Failed(io::Error),
}

impl Sink {
    pub fn stdout() -> Sink {
        Sink::new(
            "standard output",
            Box::new(io::BufWriter::new(io::stdout())),
        )
    }

    pub fn stderr() -> Sink {
        Sink::new("standard error", Box::new(io::stderr()))
    }

    /// A report file at `path`, written atomically.
    pub fn file(path: &Path) -> io::Result<Sink> {
        let mut beside = crate::atomic::Beside::new(path)?;
        let writer = Box::new(io::BufWriter::new(beside.file().try_clone()?));
        let mut sink = Sink::new(&format!("`{}`", path.display()), writer);
        sink.file = Some(beside);
        Ok(sink)
    }

    fn new(name: &str, writer: Box<dyn Write + Send>) -> Sink {
        Sink {
            name: name.to_owned(),
            writer,
            file: None,
            state: SinkState::Open,
        }
    }

    pub fn write(&mut self, bytes: &[u8]) {
        if !matches!(self.state, SinkState::Open) || bytes.is_empty() {
            return;
        }
        if let Err(e) = self.writer.write_all(bytes) {
            self.fail(e);
        }
    }

    fn fail(&mut self, e: io::Error) {
        self.state = if e.kind() == io::ErrorKind::BrokenPipe {
            SinkState::Closed
        } else {
            SinkState::Failed(e)
        };
    }

    /// Flushes (and for a file, puts it in place). `Err` says, in one line,
    /// what could not be written.
    pub fn finish(mut self) -> Result<(), String> {
        if matches!(self.state, SinkState::Open)
            && let Err(e) = self.writer.flush()
        {
            self.fail(e);
        }
        if let (SinkState::Open, Some(beside)) = (&self.state, self.file.take())
            && let Err(e) = beside.commit()
        {
            self.state = SinkState::Failed(e);
        }
        match self.state {
            SinkState::Open | SinkState::Closed => Ok(()),
            SinkState::Failed(e) => Err(format!(
                "error[claimcheck::io]: cannot write the report to {}: {e}",
                self.name
            )),
        }
    }
}
