//! Which annotation files a run covers: files named on the command line as
//! given, folders searched recursively for `*.json` in sorted order. Each
//! file is checked once however many ways it is named; a symlink in a
//! folder that leads nowhere is reported rather than skipped silently.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use super::Workspace;
use crate::diagnostic::{Code, Diagnostic, Severity};

/// One entry of a run: a file to check, or a path that cannot be (with
/// why). Warnings (a dangling symlink) are entries too, so they are
/// reported in order with the files around them.
#[derive(Debug, Clone)]
pub enum Found {
    File(PathBuf),
    Problem(PathBuf, Box<Diagnostic>),
}

impl Found {
    pub fn path(&self) -> &Path {
        match self {
            Found::File(path) | Found::Problem(path, _) => path,
        }
    }
}

/// Expands `paths` into the files of a run, in order, each once.
pub fn discover(paths: &[PathBuf], workspace: &Workspace) -> Vec<Found> {
    let mut walk = Walk {
        workspace,
        found: Vec::new(),
        seen: HashSet::new(),
    };
    for path in paths {
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => walk.folder(path),
            Ok(meta) => {
                if walk.first_time(FileKey::of(path, &meta)) {
                    walk.found.push(Found::File(path.clone()));
                }
            }
            Err(e) => walk.found.push(Found::Problem(
                path.clone(),
                Box::new(cannot_read(path, "annotations", &e)),
            )),
        }
    }
    walk.found
}

struct Walk<'w> {
    workspace: &'w Workspace,
    found: Vec<Found>,
    seen: HashSet<FileKey>,
}

impl Walk<'_> {
    fn first_time(&mut self, key: Option<FileKey>) -> bool {
        key.is_none_or(|key| self.seen.insert(key))
    }

    fn folder(&mut self, dir: &Path) {
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) => {
                self.found.push(Found::Problem(
                    dir.to_path_buf(),
                    Box::new(cannot_read(dir, "folder", &e)),
                ));
                return;
            }
        };
        let device = FileKey::device_of(dir);
        // Only what can lead to an annotation file is kept and sorted: a
        // folder of 8,000 articles beside their annotations is passed over,
        // not held as 8,000 paths for a moment.
        let may_lead_to_json = |e: &std::fs::DirEntry| match e.file_type() {
            Ok(t) if t.is_file() => Path::new(&e.file_name())
                .extension()
                .is_some_and(|x| x == "json"),
            _ => true,
        };
        let mut entries: Vec<(PathBuf, Option<std::fs::FileType>, Option<FileKey>)> = entries
            .filter_map(Result::ok)
            .filter(may_lead_to_json)
            .map(|e| {
                let key = device.map(|device| FileKey::of_entry(device, &e));
                (e.path(), e.file_type().ok(), key)
            })
            .collect();
        // Every path here is `dir` joined with one name, so comparing the
        // bytes orders them as comparing the paths would, without splitting
        // each into components.
        entries.sort_unstable_by(|a, b| a.0.as_os_str().cmp(b.0.as_os_str()));
        for (path, kind, key) in entries {
            match kind {
                // A symlinked folder is not followed (as ripgrep does not),
                // so a link loop cannot make the walk check files over and
                // over.
                Some(t) if t.is_dir() => self.folder(&path),
                _ if path.extension().is_none_or(|e| e != "json") => {}
                // The entry's own type says it is a file without a `stat`.
                Some(t) if t.is_file() => {
                    if self.first_time(key) {
                        self.found.push(Found::File(path));
                    }
                }
                // A symlink (or an unknown type): followed, to a file.
                _ => self.link(path),
            }
        }
    }

    fn link(&mut self, path: PathBuf) {
        let meta = match std::fs::metadata(&path) {
            Ok(meta) => meta,
            Err(e) => {
                let why = if e.raw_os_error() == Some(40) {
                    "it is a symlink loop"
                } else {
                    "it is a symlink to nothing"
                };
                let warning =
                    Diagnostic::new(Code::Io, format!("skipping `{}`: {why}", path.display()))
                        .severity(Severity::Warning)
                        .help("remove the link, or point it at an annotation file");
                self.found.push(Found::Problem(path, Box::new(warning)));
                return;
            }
        };
        if !meta.is_file() {
            return;
        }
        if !self.workspace.allow_outside {
            let inside = std::fs::canonicalize(&path)
                .is_ok_and(|real| real.starts_with(&self.workspace.root));
            if !inside {
                let refusal = Diagnostic::new(
                    Code::Source,
                    format!(
                        "refusing to read `{}`: it links to a file outside the project root `{}`",
                        path.display(),
                        self.workspace.root.display()
                    ),
                )
                .help("annotation files found in folders must be inside the project; name the file itself to read it");
                self.found.push(Found::Problem(path, Box::new(refusal)));
                return;
            }
        }
        if self.first_time(FileKey::of(&path, &meta)) {
            self.found.push(Found::File(path));
        }
    }
}

/// What makes two paths the same file: device and inode on Unix (known
/// from the folder listing without a `stat` per file), the canonical path
/// elsewhere.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum FileKey {
    #[cfg(unix)]
    Inode(u64, u64),
    #[cfg_attr(unix, allow(dead_code))]
    Path(PathBuf),
}

impl FileKey {
    #[cfg(unix)]
    fn of(_path: &Path, meta: &std::fs::Metadata) -> Option<FileKey> {
        use std::os::unix::fs::MetadataExt;
        Some(FileKey::Inode(meta.dev(), meta.ino()))
    }

    #[cfg(not(unix))]
    fn of(path: &Path, _meta: &std::fs::Metadata) -> Option<FileKey> {
        std::fs::canonicalize(path).ok().map(FileKey::Path)
    }

    #[cfg(unix)]
    fn device_of(dir: &Path) -> Option<u64> {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(dir).ok().map(|meta| meta.dev())
    }

    #[cfg(not(unix))]
    fn device_of(_dir: &Path) -> Option<u64> {
        None
    }

    #[cfg(unix)]
    fn of_entry(device: u64, entry: &std::fs::DirEntry) -> FileKey {
        use std::os::unix::fs::DirEntryExt;
        FileKey::Inode(device, entry.ino())
    }

    #[cfg(not(unix))]
    fn of_entry(_device: u64, entry: &std::fs::DirEntry) -> FileKey {
        FileKey::Path(entry.path())
    }
}

fn cannot_read(path: &Path, what: &str, error: &std::io::Error) -> Diagnostic {
    let reason = match error.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => error.to_string(),
    };
    Diagnostic::new(
        Code::Io,
        format!("cannot read {what} `{}`: {reason}", path.display()),
    )
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn names(found: &[Found]) -> Vec<String> {
        found
            .iter()
            .map(|f| match f {
                Found::File(p) => p.display().to_string(),
                Found::Problem(p, d) => format!("{}: {}", p.display(), d.message),
            })
            .collect()
    }

    #[test]
    fn each_file_once_links_reported_and_temp_files_ignored() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = std::fs::canonicalize(dir.path()).expect("canonical");
        let a = root.join("a");
        std::fs::create_dir_all(a.join("sub")).expect("folders");
        std::fs::write(a.join("x.json"), "{}").expect("file");
        std::fs::write(a.join("sub/y.json"), "{}").expect("file");
        std::fs::write(a.join(".x.json.Ab12.tmp"), "{}").expect("temp file");
        std::os::unix::fs::symlink(a.join("gone.json"), a.join("dangling.json")).expect("link");
        std::os::unix::fs::symlink(a.join("loop.json"), a.join("loop.json")).expect("loop");
        std::os::unix::fs::symlink(a.join("x.json"), a.join("z-link.json")).expect("link");
        std::os::unix::fs::symlink(&a, a.join("sub/back")).expect("folder link");
        let workspace = Workspace::find(&root, Some(&root));
        let found = discover(
            &[a.clone(), a.join("x.json"), root.join("./a/sub/../x.json")],
            &workspace,
        );
        let a = a.display();
        assert_eq!(
            names(&found),
            [
                format!(
                    "{a}/dangling.json: skipping `{a}/dangling.json`: it is a symlink to nothing"
                ),
                format!("{a}/loop.json: skipping `{a}/loop.json`: it is a symlink loop"),
                format!("{a}/sub/y.json"),
                format!("{a}/x.json"),
            ]
        );
    }
}
