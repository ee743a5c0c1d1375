//! The check pipeline: find annotation files, read each with its source,
//! judge every claim. Data flows one way: paths → inputs → verdicts; the
//! `report` module turns the result into output.

use std::collections::HashMap;
use std::ops::Range;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use rayon::prelude::*;

use crate::annotation::{self, AnnotationFile, Evidence};
use crate::revision::{Alignment, Placement, resolve_across};
use crate::source::{Source, SourceKind};
use crate::verdict::{self, ClaimVerdict};

/// A file that is read in full and kept for diagnostics.
#[derive(Debug, Clone)]
pub struct TextFile {
    /// The path as shown to users.
    pub path: Arc<Path>,
    pub text: Arc<String>,
    /// Byte offset of every line's start, built on first use: a report may
    /// ask for the line of hundreds of spans in one large source.
    line_starts: Arc<OnceLock<Vec<usize>>>,
}

impl TextFile {
    pub fn new(path: &Path, text: String) -> TextFile {
        TextFile {
            path: path.into(),
            text: Arc::new(text),
            line_starts: Arc::default(),
        }
    }

    /// 1-based line and char column of byte `byte` (clamped to the text).
    pub fn line_column(&self, byte: usize) -> (usize, usize) {
        let text = self.text.as_str();
        let byte = byte.min(text.len());
        let starts = self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
                .collect()
        });
        let line = starts.partition_point(|&start| start <= byte);
        let line_start = starts[line - 1];
        let before = text.get(line_start..byte).unwrap_or("");
        // A BOM opening the file is not a column an editor shows.
        let before = if line_start == 0 {
            before.strip_prefix('\u{feff}').unwrap_or(before)
        } else {
            before
        };
        (line, before.chars().count() + 1)
    }
}

/// A problem with an input (exit code 2), pointing into a file when it can.
#[derive(Debug, Clone)]
pub struct Problem {
    /// Diagnostic code, e.g. `claimcheck::schema`.
    pub code: &'static str,
    pub message: String,
    /// The file it is about, and the bytes in it, when there are any.
    pub file: Option<TextFile>,
    pub span: Option<Range<usize>>,
    pub help: Option<String>,
}

impl Problem {
    pub fn io(path: &Path, what: &str, error: &std::io::Error) -> Problem {
        Problem {
            code: "claimcheck::io",
            message: format!(
                "cannot read {what} `{}`: {}",
                path.display(),
                io_reason(error)
            ),
            file: None,
            span: None,
            help: None,
        }
    }
}

fn io_reason(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        std::io::ErrorKind::IsADirectory => "it is a folder, not a file".into(),
        std::io::ErrorKind::InvalidData => "it is not UTF-8 text".into(),
        _ => error.to_string(),
    }
}

/// The source an annotation file was checked against.
#[derive(Debug, Clone)]
pub struct LoadedSource {
    pub file: TextFile,
    pub source: Arc<Source>,
}

/// One annotation file, checked.
#[derive(Debug, Clone)]
pub struct CheckedFile {
    pub annotations: TextFile,
    pub model: AnnotationFile,
    pub source: LoadedSource,
    /// One verdict per claim, in file order.
    pub verdicts: Vec<ClaimVerdict>,
    /// With `--source`, how the spans were placed in the other revision.
    pub placements: Option<Placements>,
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
}

/// Claims are judged in parallel too: one file of many drifted quotes
/// against a long source should not leave cores idle.
fn judge_all(model: &AnnotationFile, source: &Source) -> Vec<ClaimVerdict> {
    model
        .claims
        .par_iter()
        .map(|claim| verdict::judge(source, claim))
        .collect()
}

/// What happened to one annotation file.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// Checked; `problems` lists hints that do not fit the source (the
    /// claims were still judged).
    Checked {
        file: Box<CheckedFile>,
        problems: Vec<Problem>,
    },
    /// Could not be checked at all.
    Failed {
        annotations: PathBuf,
        problems: Vec<Problem>,
    },
}

impl Outcome {
    pub fn problems(&self) -> &[Problem] {
        match self {
            Outcome::Checked { problems, .. } | Outcome::Failed { problems, .. } => problems,
        }
    }
}

/// Options of a check run.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// Check every file against this source instead of the one it names.
    pub source_override: Option<PathBuf>,
    /// Check only this part of the files.
    pub shard: Option<Shard>,
}

/// Checks every annotation file found under `paths`, each independently: a
/// bad file is reported and the others are still checked.
pub fn run(paths: &[PathBuf], options: &CheckOptions) -> Vec<Outcome> {
    let mut outcomes = Vec::new();
    run_streaming(paths, options, |outcome| outcomes.push(outcome));
    outcomes
}

/// Files checked in parallel at a time. Each batch's outcomes are handed
/// on, in order, and dropped, so memory stays flat however large the
/// archive.
const BATCH: usize = 128;

/// Like [`run`], but hands each outcome to `sink` as soon as its batch is
/// done, in discovery order.
pub fn run_streaming(paths: &[PathBuf], options: &CheckOptions, sink: impl FnMut(Outcome)) {
    run_streaming_with(paths, options, |outcome| outcome, sink);
}

/// Like [`run_streaming`], but each outcome first goes through `prepare`
/// on the thread that checked it (e.g. to render it), and `sink` gets what
/// `prepare` made of it, in discovery order. The outcome is dropped where
/// it was built, and rendering runs on every core rather than between
/// batches.
pub fn run_streaming_with<T: Send>(
    paths: &[PathBuf],
    options: &CheckOptions,
    prepare: impl Fn(Outcome) -> T + Sync,
    mut sink: impl FnMut(T),
) {
    let found: Vec<_> = discover(paths)
        .into_iter()
        .filter(|f| options.shard.is_none_or(|shard| shard.owns(found_path(f))))
        .collect();
    let sources = SourceCache::default();
    for batch in found.chunks(BATCH) {
        let prepared: Vec<T> = batch
            .par_iter()
            .map(|found| {
                prepare(match found {
                    Ok(path) => check_file(path, options, &sources),
                    Err((path, problem)) => Outcome::Failed {
                        annotations: path.clone(),
                        problems: vec![problem.clone()],
                    },
                })
            })
            .collect();
        sources.end_batch();
        prepared.into_iter().for_each(&mut sink);
    }
}

fn found_path(found: &Result<PathBuf, (PathBuf, Problem)>) -> &Path {
    match found {
        Ok(path) | Err((path, _)) => path,
    }
}

/// One of N deterministic parts of the files, for spreading an archive
/// over a CI matrix: `--shard 2/4` is the second of four.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// 1-based.
    pub index: u64,
    pub count: u64,
}

impl Shard {
    /// Parses `I/N` with 1 ≤ I ≤ N.
    pub fn parse(text: &str) -> Result<Shard, String> {
        let (index, count) = text
            .split_once('/')
            .ok_or_else(|| format!("expected I/N (e.g. 2/4), found `{text}`"))?;
        let number = |s: &str| {
            s.trim()
                .parse::<u64>()
                .map_err(|_| format!("`{s}` is not a whole number"))
        };
        let shard = Shard {
            index: number(index)?,
            count: number(count)?,
        };
        if shard.count == 0 || shard.index == 0 || shard.index > shard.count {
            return Err(format!(
                "I must be from 1 to N, found {}/{}",
                shard.index, shard.count
            ));
        }
        Ok(shard)
    }

    /// Files go to shards by a hash of their path, so a file stays in its
    /// shard when others are added or removed.
    pub fn owns(&self, path: &Path) -> bool {
        let hash = xxhash_rust::xxh3::xxh3_64(path.to_string_lossy().as_bytes());
        hash % self.count == self.index - 1
    }
}

/// Expands folders (recursively, `*.json`, sorted) and keeps files as given.
pub fn discover(paths: &[PathBuf]) -> Vec<Result<PathBuf, (PathBuf, Problem)>> {
    let mut found = Vec::new();
    for path in paths {
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => walk(path, &mut found),
            Ok(_) => found.push(Ok(path.clone())),
            Err(e) => found.push(Err((path.clone(), Problem::io(path, "annotations", &e)))),
        }
    }
    found
}

fn walk(dir: &Path, found: &mut Vec<Result<PathBuf, (PathBuf, Problem)>>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            found.push(Err((dir.to_path_buf(), Problem::io(dir, "folder", &e))));
            return;
        }
    };
    let mut entries: Vec<(PathBuf, Option<std::fs::FileType>)> = entries
        .filter_map(Result::ok)
        .map(|e| (e.path(), e.file_type().ok()))
        .collect();
    // Every path here is `dir` joined with one name, so comparing the
    // bytes orders them as comparing the paths would, without splitting
    // each into components.
    entries.sort_by(|a, b| a.0.as_os_str().cmp(b.0.as_os_str()));
    for (path, kind) in entries {
        // A symlinked folder is not followed (as ripgrep does not), so a
        // link loop cannot make the walk check files over and over.
        if kind.is_some_and(|t| t.is_dir()) {
            walk(&path, found);
        } else if path.extension().is_some_and(|e| e == "json")
            // The entry's own type says so without a `stat`, unless it is
            // a symlink (followed, to a file) or unknown.
            && match kind {
                Some(t) if !t.is_symlink() => t.is_file(),
                _ => path.is_file(),
            }
        {
            found.push(Ok(path));
        }
    }
}

/// Reads a whole file as UTF-8 text.
pub fn read_text(path: &Path, what: &str) -> Result<TextFile, Problem> {
    let bytes = read_file(path).map_err(|e| Problem::io(path, what, &e))?;
    let text = String::from_utf8(bytes).map_err(|e| Problem {
        code: "claimcheck::io",
        message: format!(
            "cannot read {what} `{}`: it is not UTF-8 text (invalid byte at offset {})",
            path.display(),
            e.utf8_error().valid_up_to()
        ),
        file: None,
        span: None,
        help: Some("save the file as UTF-8".into()),
    })?;
    Ok(TextFile::new(path, text))
}

/// The bytes of the file at `path`; a folder is an `IsADirectory` error on
/// every platform. As `fs::read`, with the folder check on the open file
/// rather than one more `stat` of the path.
fn read_file(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::{Error, ErrorKind, Read};
    let folder = || Error::from(ErrorKind::IsADirectory);
    // A folder that cannot be opened is still reported as a folder.
    let mut file =
        std::fs::File::open(path).map_err(|e| if path.is_dir() { folder() } else { e })?;
    let meta = file.metadata()?;
    if meta.is_dir() {
        return Err(folder());
    }
    let mut bytes = Vec::new();
    bytes.try_reserve_exact(usize::try_from(meta.len()).unwrap_or(0))?;
    // Through `take`, which reads into the room reserved above, rather than
    // `File::read_to_end`, which would `stat` and `lseek` again to size it.
    file.by_ref().take(u64::MAX).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Sources already read, by path: each is read and parsed once however many
/// annotation files cite it, even from several threads at once. A source
/// no file has cited for a whole batch is let go.
#[derive(Default)]
pub struct SourceCache {
    loaded: Mutex<HashMap<PathBuf, CachedSource>>,
    /// Canonical paths of the folders sources were found in.
    folders: Mutex<HashMap<PathBuf, Option<PathBuf>>>,
}

struct CachedSource {
    cell: Arc<OnceLock<Result<LoadedSource, Problem>>>,
    used_this_batch: bool,
}

impl SourceCache {
    pub fn load(&self, path: &Path) -> Result<LoadedSource, Problem> {
        let key = self.key(path);
        let cell = {
            let mut loaded = self.loaded.lock().unwrap_or_else(|e| e.into_inner());
            let entry = loaded.entry(key).or_insert_with(|| CachedSource {
                cell: Arc::new(OnceLock::new()),
                used_this_batch: true,
            });
            entry.used_this_batch = true;
            Arc::clone(&entry.cell)
        };
        // Outside the lock: other sources load meanwhile; a second caller
        // for this one waits for the first.
        cell.get_or_init(|| {
            let file = read_text(path, "source")?;
            let source = Source::parse(file.text.as_ref().clone(), SourceKind::from_path(path));
            Ok(LoadedSource {
                file,
                source: Arc::new(source),
            })
        })
        .clone()
    }

    /// What `fs::canonicalize(path)` gives (or `path` when it fails), in one
    /// `lstat` when `path` is not a symlink: each folder is canonicalized
    /// once, not once per source in it.
    fn key(&self, path: &Path) -> PathBuf {
        let in_canonical_folder = || {
            let name = path.file_name()?;
            if std::fs::symlink_metadata(path)
                .ok()?
                .file_type()
                .is_symlink()
            {
                return None;
            }
            let folder = match path.parent() {
                Some(folder) if !folder.as_os_str().is_empty() => folder,
                _ => Path::new("."),
            };
            let mut folders = self.folders.lock().unwrap_or_else(|e| e.into_inner());
            let canonical = folders
                .entry(folder.to_path_buf())
                .or_insert_with(|| std::fs::canonicalize(folder).ok());
            Some(canonical.as_ref()?.join(name))
        };
        in_canonical_folder()
            .unwrap_or_else(|| std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()))
    }

    fn end_batch(&self) {
        let mut loaded = self.loaded.lock().unwrap_or_else(|e| e.into_inner());
        loaded.retain(|_, cached| std::mem::take(&mut cached.used_this_batch));
    }
}

/// Reads and parses one annotation file; schema errors point into it.
pub fn read_annotations(path: &Path) -> Result<(TextFile, AnnotationFile), Vec<Problem>> {
    let annotations = read_text(path, "annotations").map_err(|p| vec![p])?;
    match annotation::parse(&annotations.text) {
        Ok(model) => Ok((annotations, model)),
        Err(errors) => Err(errors
            .into_iter()
            .map(|e| Problem {
                code: "claimcheck::schema",
                message: e.message,
                file: Some(annotations.clone()),
                span: Some(e.span),
                help: e.help,
            })
            .collect()),
    }
}

fn check_file(path: &Path, options: &CheckOptions, sources: &SourceCache) -> Outcome {
    let failed = |problems| Outcome::Failed {
        annotations: path.to_path_buf(),
        problems,
    };
    let (annotations, model) = match read_annotations(path) {
        Ok(read) => read,
        Err(problems) => return failed(problems),
    };
    let folder = match path.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder,
        _ => Path::new("."),
    };
    // The source the file names: its own revision of the article.
    let named = model.source.as_ref().map(|named| {
        if named.value.contains("://") {
            // A URL (W3C targets often are one) is not a path to clean.
            PathBuf::from(&named.value)
        } else {
            clean_path(&folder.join(&named.value))
        }
    });
    let Some(source_path) = options.source_override.clone().or_else(|| named.clone()) else {
        return failed(vec![Problem {
            code: "claimcheck::source",
            message: "the annotation file names no source".into(),
            file: Some(annotations.clone()),
            span: Some(0..0),
            help: Some("add a `source` (W3C: `target.source`) or pass `--source FILE`".into()),
        }]);
    };
    let source = match sources.load(&source_path) {
        Ok(source) => source,
        Err(mut problem) => {
            // Point at the field that named the missing source.
            if options.source_override.is_none()
                && let Some(field) = &model.source
            {
                problem.file = Some(annotations.clone());
                problem.span = Some(field.span.clone());
                if field.value.contains("://") {
                    problem.help = Some(
                        "claimcheck reads local files: pass the article with `--source FILE`"
                            .into(),
                    );
                } else if problem.help.is_none() {
                    problem.help = Some(format!(
                        "`source` is resolved relative to the annotation file's folder, `{}`",
                        folder.display()
                    ));
                }
            }
            return failed(vec![problem]);
        }
    };
    let (problems, verdicts, placements) = match (&options.source_override, named) {
        (None, _) => (
            stale_hints(&model, &source.source, &annotations),
            judge_all(&model, &source.source),
            None,
        ),
        // Checking another revision: when the file's own revision can be
        // read, carry each span through the diff between the two.
        (Some(_), Some(own)) => match sources.load(&own) {
            Ok(old) if !Arc::ptr_eq(&old.source, &source.source) => {
                let alignment = Alignment::new(&old.source, &source.source);
                let mut placements = Placements::default();
                let verdicts = model
                    .claims
                    .iter()
                    .map(|claim| {
                        verdict::judge_with(&source.source, claim, |evidence, _| {
                            let (resolution, placement) =
                                resolve_across(&alignment, &old.source, &source.source, evidence);
                            placements.count(placement);
                            resolution
                        })
                    })
                    .collect();
                (Vec::new(), verdicts, Some(placements))
            }
            _ => (Vec::new(), judge_all(&model, &source.source), None),
        },
        (Some(_), None) => (Vec::new(), judge_all(&model, &source.source), None),
    };
    Outcome::Checked {
        file: Box::new(CheckedFile {
            annotations,
            model,
            source,
            verdicts,
            placements,
        }),
        problems,
    }
}

/// Pinned paragraphs and offsets that lie outside the source they name: the
/// annotation file is wrong about its own source (CONTRACT §3).
fn stale_hints(model: &AnnotationFile, source: &Source, file: &TextFile) -> Vec<Problem> {
    let mut problems = Vec::new();
    let problem = |span: Range<usize>, message: String, help: String| Problem {
        code: "claimcheck::schema",
        message,
        file: Some(file.clone()),
        span: Some(span),
        help: Some(help),
    };
    for claim in &model.claims {
        for (n, evidence) in claim.evidence.iter().enumerate() {
            let Evidence {
                paragraph, offsets, ..
            } = evidence;
            // Formatted only when there is a problem to report.
            let what = || format!("evidence {} of claim `{}`", n + 1, claim.id.value);
            let Some(paragraph) = paragraph else { continue };
            let Some(target) = source.paragraphs.get(paragraph.value) else {
                problems.push(problem(
                    paragraph.span.clone(),
                    format!(
                        "{} is pinned to p{}, but the source has {}",
                        what(),
                        paragraph.value + 1,
                        match source.paragraphs.len() {
                            1 => "1 paragraph".to_owned(),
                            n => format!("{n} paragraphs"),
                        }
                    ),
                    "run `claimcheck fix` to re-anchor it, or correct `paragraph`".into(),
                ));
                continue;
            };
            if let Some(offsets) = offsets
                && offsets.value.end > target.char_len()
            {
                problems.push(problem(
                    offsets.span.clone(),
                    format!(
                        "{} has offsets {}..{}, past the end of {} ({} characters)",
                        what(),
                        offsets.value.start,
                        offsets.value.end,
                        target.id(),
                        target.char_len()
                    ),
                    "run `claimcheck fix` to re-anchor it, or correct `start` and `end`".into(),
                ));
            }
        }
    }
    problems
}

/// `a/b/../c` → `a/c`, without touching the file system, so that paths are
/// shown the way users think of them.
pub fn clean_path(path: &Path) -> PathBuf {
    let mut parts: Vec<Component> = Vec::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir if matches!(parts.last(), Some(Component::Normal(_))) => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    if parts.is_empty() {
        PathBuf::from(".")
    } else {
        parts.iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_keys_are_canonical_paths() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        std::fs::create_dir(root.join("sources")).expect("folder");
        std::fs::write(root.join("sources/a.txt"), "a").expect("file");
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(root.join("sources/a.txt"), root.join("link.txt"))
                .expect("file link");
            std::os::unix::fs::symlink(root.join("sources"), root.join("folder-link"))
                .expect("folder link");
        }
        let cache = SourceCache::default();
        for path in [
            "sources/a.txt",
            "sources/../sources/a.txt",
            "link.txt",
            "folder-link/a.txt",
            "sources/missing.txt",
            "missing/a.txt",
            "sources",
            "sources/a.txt/",
        ] {
            let path = root.join(path);
            let expected = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
            assert_eq!(cache.key(&path), expected, "{}", path.display());
        }
    }

    #[test]
    fn clean_path_is_lexical() {
        assert_eq!(
            clean_path(Path::new("annotations/../sources/a.txt")),
            PathBuf::from("sources/a.txt")
        );
        assert_eq!(clean_path(Path::new("./a/./b")), PathBuf::from("a/b"));
        assert_eq!(clean_path(Path::new("../x")), PathBuf::from("../x"));
    }
}
