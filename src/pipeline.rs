//! The check pipeline: for every annotation file of a run, read it and the
//! source it names (through the workspace, which owns the file system),
//! resolve every evidence span and judge every claim. Data flows one way:
//! paths → files → verdicts; `diagnose` turns the outcome into diagnostics
//! and `report` renders them.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, Weak};

use rayon::prelude::*;

use crate::annotation::{self, AnnotationFile};
use crate::diagnostic::{Code, Diagnostic, Label};
use crate::revision::{Alignment, Placement, resolve_across};
use crate::source::Source;
use crate::text::TextFile;
use crate::verdict::{self, ClaimVerdict};
use crate::workspace::{Found, LoadedSource, Shard, SourceCache, Workspace, clean_path, folder_of};

/// Options of a check run.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// Check every file against this source instead of the one it names.
    pub source_override: Option<PathBuf>,
    /// Check only this part of the files.
    pub shard: Option<Shard>,
    /// Claims whose id matches one of these are skipped (`[ignore] claims`).
    pub ignore: Vec<crate::config::ClaimPattern>,
    /// The command searches the sources again after judging (`pin` lists
    /// where an ambiguous quote occurs): their search indexes are kept,
    /// not let go once each file's claims are judged.
    pub searches_after: bool,
}

/// An annotation file that could be checked, with what was found.
#[derive(Debug, Clone)]
pub struct Checked {
    pub model: AnnotationFile,
    /// The source it was checked against.
    pub source: LoadedSource,
    /// One verdict per claim, in file order.
    pub verdicts: Vec<ClaimVerdict>,
    /// With `--source`, how the spans were placed in the other revision.
    pub placements: Option<Placements>,
}

impl Checked {
    /// The claims of `annotations` judged against `source`, in memory: the
    /// pipeline without the file system.
    pub fn from_texts(
        annotations: &str,
        source: TextFile,
    ) -> Result<Checked, Vec<annotation::SchemaError>> {
        let model = annotation::parse(annotations)?;
        let parsed = Source::of_file(&source);
        let verdicts = judge_all(&model, &parsed);
        Ok(Checked {
            model,
            source: LoadedSource {
                file: source,
                source: Arc::new(parsed),
            },
            verdicts,
            placements: None,
        })
    }
}

/// What happened to one annotation file of a run.
#[derive(Debug, Clone)]
pub struct FileOutcome {
    /// The annotation file (without text when it could not be read).
    pub annotations: TextFile,
    /// The source the file is checked against, as a path from the current
    /// folder: `--source`, else the one it names.
    pub source_path: Option<PathBuf>,
    /// `None` when the file could not be checked at all.
    pub checked: Option<Checked>,
    /// Problems with the inputs (and warnings about them).
    pub problems: Vec<Diagnostic>,
}

impl FileOutcome {
    fn failed(annotations: TextFile, problems: Vec<Diagnostic>) -> FileOutcome {
        FileOutcome {
            annotations,
            source_path: None,
            checked: None,
            problems,
        }
    }
}

/// How many evidence spans the revision diff placed, and how many had to
/// be searched for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Placements {
    pub diff: usize,
    pub search: usize,
}

impl Placements {
    fn count(&mut self, placement: Placement) {
        match placement {
            Placement::Diff => self.diff += 1,
            Placement::Search => self.search += 1,
        }
    }

    pub fn add(&mut self, other: &Placements) {
        self.diff += other.diff;
        self.search += other.search;
    }
}

/// Files checked in parallel at a time. Each batch's outcomes are handed
/// on, in order, and dropped, so memory stays flat however large the
/// archive.
const BATCH: usize = 128;

/// A run over the files `found` (see `workspace::discover`).
pub struct Run<'a> {
    pub workspace: &'a Workspace,
    pub options: &'a CheckOptions,
    pub sources: SourceCache,
    /// The revision alignments of the run, one per (old, new) pair of
    /// sources: with `--source`, every file written against the same
    /// revision shares one.
    alignments: Alignments,
}

/// Alignments keyed by the two sources' allocations. The entry holds weak
/// references to them, so the address cannot be reused by another source
/// while it is cached, and the sources are not kept alive by it.
#[derive(Default)]
struct Alignments {
    made: Mutex<HashMap<(usize, usize), CachedAlignment>>,
}

struct CachedAlignment {
    old: Weak<Source>,
    new: Weak<Source>,
    alignment: Arc<OnceLock<Alignment>>,
}

impl Alignments {
    /// The alignment of `old` with `new`, made by the first file that needs
    /// it (a file wanting it meanwhile waits for that one).
    fn get(&self, old: &Arc<Source>, new: &Arc<Source>) -> Arc<OnceLock<Alignment>> {
        let key = (Arc::as_ptr(old) as usize, Arc::as_ptr(new) as usize);
        let mut made = self.made.lock().unwrap_or_else(|e| e.into_inner());
        let entry = made.entry(key).or_insert_with(|| CachedAlignment {
            old: Arc::downgrade(old),
            new: Arc::downgrade(new),
            alignment: Arc::default(),
        });
        Arc::clone(&entry.alignment)
    }

    /// Lets go of the alignments whose sources are gone.
    fn end_batch(&self) {
        let mut made = self.made.lock().unwrap_or_else(|e| e.into_inner());
        made.retain(|_, cached| cached.old.strong_count() > 0 && cached.new.strong_count() > 0);
    }
}

impl<'a> Run<'a> {
    pub fn new(workspace: &'a Workspace, options: &'a CheckOptions) -> Run<'a> {
        Run {
            workspace,
            options,
            sources: SourceCache::default(),
            alignments: Alignments::default(),
        }
    }

    /// Checks every file of `found`, each independently (a bad file is
    /// reported and the others are still checked). Each outcome first goes
    /// through `prepare` on the thread that checked it (to be diagnosed
    /// and rendered there), and `sink` gets what `prepare` made of it, in
    /// the order of `found`, one batch at a time.
    pub fn stream<T: Send>(
        &self,
        found: &[Found],
        prepare: impl Fn(FileOutcome) -> T + Sync,
        mut sink: impl FnMut(T),
    ) {
        for batch in found.chunks(BATCH) {
            // A W3C file that targets several sources is one outcome per
            // source.
            let prepared: Vec<T> = batch
                .par_iter()
                .flat_map_iter(|found| {
                    match found {
                        Found::File(path) => self.check_file(path),
                        Found::Problem(path, problem) => vec![FileOutcome::failed(
                            TextFile::unread(path),
                            vec![problem.as_ref().clone()],
                        )],
                    }
                    .into_iter()
                    .map(&prepare)
                })
                .collect();
            self.sources.end_batch();
            self.alignments.end_batch();
            prepared.into_iter().for_each(&mut sink);
        }
    }

    /// Every outcome of `found`, in order (for commands that need them all).
    pub fn collect(&self, found: &[Found]) -> Vec<FileOutcome> {
        let mut outcomes = Vec::with_capacity(found.len());
        self.stream(found, |outcome| outcome, |outcome| outcomes.push(outcome));
        outcomes
    }

    /// The files of `paths` this run covers: discovered, then sharded.
    pub fn discover(&self, paths: &[PathBuf]) -> Vec<Found> {
        let found = crate::workspace::discover(paths, self.workspace)
            .into_iter()
            .filter(|found| {
                self.options
                    .shard
                    .is_none_or(|shard| shard.owns(found.path()))
            })
            .collect();
        // What the walk read and sorted was freed on this thread; the
        // files are checked on others, which would take fresh pages
        // beside it (8,000 articles: 10.3-10.9 MB peak, 9.8-10.2 without).
        crate::memory::hand_back();
        found
    }

    /// Checks one annotation file: one outcome per source its claims cite.
    fn check_file(&self, path: &Path) -> Vec<FileOutcome> {
        match read_annotations(path, self.workspace.max_file_size) {
            Ok((annotations, model)) => model
                .by_source()
                .into_iter()
                .map(|part| self.check_part(path, &annotations, part))
                .collect(),
            Err((annotations, problems)) => vec![FileOutcome::failed(annotations, problems)],
        }
    }

    fn check_part(
        &self,
        path: &Path,
        annotations: &TextFile,
        mut model: AnnotationFile,
    ) -> FileOutcome {
        // How the file was read, said once, with its first part.
        let outcome_notes = reading_notes(&mut model, annotations);
        if !self.options.ignore.is_empty() {
            let ignore = &self.options.ignore;
            model
                .claims
                .retain(|claim| !ignore.iter().any(|p| p.matches(&claim.id.value)));
        }
        let named = model
            .source
            .as_ref()
            .map(|named| self.resolve_named(path, &named.value));
        let mut outcome = FileOutcome {
            annotations: annotations.clone(),
            source_path: self
                .options
                .source_override
                .clone()
                .or_else(|| named.clone()),
            checked: None,
            problems: outcome_notes,
        };
        // A problem with the source this file names points at its `source`.
        let at_source_field = |problem: Diagnostic| match &model.source {
            Some(field) => problem.at(Label::new(annotations, field.span.clone(), "named here")),
            None => problem,
        };
        let source_path = match (&self.options.source_override, &named) {
            (Some(given), _) => given.clone(),
            (None, Some(named)) => named.clone(),
            (None, None) => {
                outcome.problems.push(
                    Diagnostic::new(Code::Source, "the annotation file names no source")
                        .at(Label::new(annotations, 0..0, "here"))
                        .help("add a `source` (W3C: `target.source`) or pass `--source FILE`"),
                );
                return outcome;
            }
        };
        if self.options.source_override.is_none()
            && let Err(refused) = self.workspace.admit_source(&source_path)
        {
            outcome.problems.push(at_source_field(refused));
            return outcome;
        }
        let source = match self.load(&source_path) {
            Ok(source) => source,
            Err(problem) if self.options.source_override.is_some() => {
                outcome.problems.push(problem);
                return outcome;
            }
            Err(mut problem) => {
                let is_url = model
                    .source
                    .as_ref()
                    .is_some_and(|s| s.value.contains("://"));
                if is_url {
                    problem.help = Some(
                        "claimcheck reads local files: pass the article with `--source FILE`"
                            .into(),
                    );
                } else if problem.help.is_none() {
                    problem.help = Some(format!(
                        "`source` is resolved relative to the annotation file's folder, `{}`",
                        folder_of(path).display()
                    ));
                }
                outcome.problems.push(at_source_field(problem));
                return outcome;
            }
        };
        // The file's own revision, when checking it against another.
        let own_revision = match (&self.options.source_override, &named) {
            (Some(_), Some(own)) => self.own_revision(own),
            _ => None,
        };
        // The indexes built to search the article (and its own revision)
        // last while claims are judged, and go before the reports are made.
        let searching = (!self.options.searches_after).then(|| {
            (
                source.source.searching(),
                own_revision.as_ref().map(|own| own.source.searching()),
            )
        });
        // W3C evidence given by position is read in the revision it was
        // made on.
        crate::position::prepare(&mut model, &own_revision.as_ref().unwrap_or(&source).source);
        // What preparing chose (an alternative selector, a passage split at
        // a paragraph break).
        outcome
            .problems
            .extend(reading_notes(&mut model, annotations));
        let (verdicts, placements) = match (&self.options.source_override, &own_revision) {
            // Checking another revision: when the file's own revision can be
            // read, carry each span through the diff between the two.
            (Some(_), Some(old)) if !Arc::ptr_eq(&old.source, &source.source) => {
                let alignment = self.alignments.get(&old.source, &source.source);
                let alignment =
                    alignment.get_or_init(|| Alignment::new(&old.source, &source.source));
                let (verdicts, placements) =
                    judge_across(&model, alignment, &old.source, &source.source);
                (verdicts, Some(placements))
            }
            _ => (judge_all(&model, &source.source), None),
        };
        drop(searching);
        outcome.checked = Some(Checked {
            model,
            source,
            verdicts,
            placements,
        });
        outcome
    }

    fn load(&self, path: &Path) -> Result<LoadedSource, Diagnostic> {
        self.sources.load(path, self.workspace.max_file_size)
    }

    /// The revision an annotation file names, when checking it against
    /// another: only if it may and can be read.
    fn own_revision(&self, own: &Path) -> Option<LoadedSource> {
        self.workspace.admit_source(own).ok()?;
        self.load(own).ok()
    }

    /// The path a `source` value names, resolved against the real folder of
    /// the annotation file (through any symlinks), shown from the current
    /// folder where it can be.
    fn resolve_named(&self, annotations: &Path, named: &str) -> PathBuf {
        if named.contains("://") {
            // A URL (W3C targets often are one) is not a path to clean.
            return PathBuf::from(named);
        }
        let folder = folder_of(annotations);
        let lexical = clean_path(&folder.join(named));
        let Some(real_folder) = self.sources.real_folder(folder) else {
            return lexical;
        };
        let as_written = clean_path(&self.workspace.cwd.join(folder));
        if real_folder == as_written {
            return lexical;
        }
        // The annotation file is reached through a symlinked folder: its
        // source is next to where the file really is.
        let real = clean_path(&real_folder.join(named));
        match real.strip_prefix(&self.workspace.cwd) {
            Ok(relative) if !relative.as_os_str().is_empty() => relative.to_path_buf(),
            _ => real,
        }
    }
}

/// Claims are judged in parallel too: one file of many drifted quotes
/// against a long source should not leave cores idle.
///
/// First every claim whose quotes are where their pins say (the common
/// case); then, if any is left, the article's whole-text index is built
/// here, before the rest are judged. Built inside the first claim that
/// needs it, the other workers would wait on it blocked instead of
/// helping to normalize the article (a third of a 3 M-char re-anchoring
/// run, on one core of two).
pub fn judge_all(model: &AnnotationFile, source: &Source) -> Vec<ClaimVerdict> {
    let mut verdicts: Vec<Result<ClaimVerdict, verdict::Unsettled>> = model
        .claims
        .par_iter()
        .map(|claim| verdict::judge_at_pins(source, claim))
        .collect();
    if verdicts.iter().any(Result::is_err) {
        source.index();
        // Finished in place: one vector of verdicts, not a second beside it.
        verdicts
            .par_iter_mut()
            .zip(&model.claims)
            .for_each(|(verdict, claim)| {
                if let Err(unsettled) = verdict {
                    let unsettled = std::mem::take(unsettled);
                    *verdict = Ok(verdict::judge_unsettled(source, claim, unsettled));
                }
            });
    }
    // Every one is settled by now.
    verdicts.into_iter().filter_map(Result::ok).collect()
}

/// Every claim judged against `new`, each span carried from `old` (the
/// revision the file was written against) through `alignment`, the diff
/// between them.
pub fn judge_across(
    model: &AnnotationFile,
    alignment: &Alignment,
    old: &Source,
    new: &Source,
) -> (Vec<ClaimVerdict>, Placements) {
    let mut placements = Placements::default();
    let verdicts = model
        .claims
        .iter()
        .map(|claim| {
            verdict::judge_with(new, claim, |evidence, _| {
                let (resolution, placement) = resolve_across(alignment, old, new, evidence);
                placements.count(placement);
                resolution
            })
        })
        .collect();
    (verdicts, placements)
}

/// Reads and parses one annotation file. On failure, the file as far as it
/// was read, and why: schema errors point into it.
pub fn read_annotations(
    path: &Path,
    max_size: u64,
) -> Result<(TextFile, AnnotationFile), (TextFile, Vec<Diagnostic>)> {
    let annotations = crate::workspace::read_text(path, "annotations", max_size)
        .map_err(|problem| (TextFile::unread(path), vec![problem]))?;
    match annotation::parse(annotations.text()) {
        Ok(model) => Ok((annotations, model)),
        Err(errors) => {
            let problems = schema_problems(&annotations, errors);
            Err((annotations, problems))
        }
    }
}

/// The schema errors of an annotation file, as diagnostics pointing into it.
pub fn schema_problems(
    annotations: &TextFile,
    errors: Vec<annotation::SchemaError>,
) -> Vec<Diagnostic> {
    errors
        .into_iter()
        .map(|e| {
            let mut problem = Diagnostic::new(Code::Schema, e.message).at(Label::new(
                annotations,
                e.span,
                "here",
            ));
            problem.help = e.help;
            problem
        })
        .collect()
}

/// The model's notes on how it was read, as `claimcheck::reading` notes
/// (taken out of the model, so each is said once).
fn reading_notes(model: &mut AnnotationFile, annotations: &TextFile) -> Vec<Diagnostic> {
    std::mem::take(&mut model.notes)
        .into_iter()
        .map(|note| {
            let mut problem = Diagnostic::new(Code::Reading, note.message)
                .severity(crate::diagnostic::Severity::Note)
                .at(Label::new(annotations, note.span, "here"));
            problem.help = note.help;
            problem
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceKind;

    #[test]
    fn files_across_the_same_revisions_share_one_alignment() {
        let source = |text: &str| Arc::new(Source::parse(text.to_owned(), SourceKind::PlainText));
        let (old, new, other) = (source("One.\n"), source("One.\nTwo.\n"), source("Three.\n"));
        let alignments = Alignments::default();
        let first = alignments.get(&old, &new);
        first.get_or_init(|| Alignment::new(&old, &new));
        assert!(Arc::ptr_eq(&first, &alignments.get(&old, &new)));
        assert!(!Arc::ptr_eq(&first, &alignments.get(&other, &new)));
        // Once a source is let go, so are its alignments.
        drop(other);
        alignments.end_batch();
        assert_eq!(alignments.made.lock().map(|m| m.len()).unwrap_or(0), 1);
    }
}
