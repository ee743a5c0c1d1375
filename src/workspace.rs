//! The file system, as claimcheck reads it: where the project is, which
//! annotation files a run covers, reading files safely, the cache of parsed
//! sources and the split of an archive into shards. Everything else in the
//! crate takes text and returns values; only this module (with `atomic`,
//! which writes) touches files.

mod cache;
mod discover;
mod read;
mod shard;

use std::path::{Component, Path, PathBuf};

pub use cache::{LoadedSource, SourceCache};
pub use discover::{Found, discover};
pub use read::read_text;
pub use shard::Shard;

use crate::diagnostic::{Code, Diagnostic};

/// Files larger than this are refused before they are read, unless the
/// configuration says otherwise: 256 MB.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 256 * 1024 * 1024;

/// Where a run looks and what it may read.
#[derive(Debug, Clone)]
pub struct Workspace {
    /// The current folder (absolute, symlinks resolved).
    pub cwd: PathBuf,
    /// The project root (absolute, symlinks resolved): sources named by
    /// annotation files must lie inside it.
    pub root: PathBuf,
    /// Read sources outside the root too (`--allow-source-outside`).
    pub allow_outside: bool,
    /// The largest file, in bytes, that is read.
    pub max_file_size: u64,
}

impl Workspace {
    /// The project that `cwd` is in: the folder of the configuration file
    /// when there is one, else the nearest folder above `cwd` holding a git
    /// work tree, else `cwd` itself.
    pub fn find(cwd: &Path, config_folder: Option<&Path>) -> Workspace {
        let cwd = std::fs::canonicalize(cwd).unwrap_or_else(|_| cwd.to_path_buf());
        let root = config_folder
            .and_then(|folder| std::fs::canonicalize(folder).ok())
            .or_else(|| {
                cwd.ancestors()
                    .find(|folder| folder.join(".git").exists())
                    .map(Path::to_path_buf)
            })
            .unwrap_or_else(|| cwd.clone());
        Workspace {
            cwd,
            root,
            allow_outside: false,
            max_file_size: DEFAULT_MAX_FILE_SIZE,
        }
    }

    /// A workspace that reads anything: for commands whose every input
    /// comes from the command line (`diff`, `paragraphs`).
    pub fn trusting(cwd: &Path) -> Workspace {
        Workspace {
            allow_outside: true,
            ..Workspace::find(cwd, None)
        }
    }

    /// Whether a source an annotation file names may be read: it must
    /// resolve, through every symlink, to a regular file inside the root.
    /// The error names the path and says nothing of what the file holds.
    pub fn admit_source(&self, path: &Path) -> Result<(), Diagnostic> {
        if self.allow_outside {
            return Ok(());
        }
        let refuse = |why: &str| {
            Diagnostic::new(
                Code::Source,
                format!("refusing to read the source `{}`: {why}", path.display()),
            )
            .help("sources must be files inside the project root; pass `--allow-source-outside` to read it anyway")
        };
        let Ok(real) = std::fs::canonicalize(path) else {
            // Not there: reading it reports what is wrong.
            return Ok(());
        };
        if !real.starts_with(&self.root) {
            return Err(refuse(&format!(
                "it is outside the project root `{}`",
                self.root.display()
            )));
        }
        match std::fs::metadata(&real) {
            Ok(meta) if meta.is_file() || meta.is_dir() => Ok(()),
            Ok(_) => Err(refuse("it is not a regular file")),
            Err(_) => Ok(()),
        }
    }
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

/// The folder `path` is in, `.` for a bare file name.
pub fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder,
        _ => Path::new("."),
    }
}

/// The path from folder `from` to `to`, both absolute and clean (no `.` or
/// `..`), written with `/` so that the annotation file reads the same on
/// every system. `None` when no relative path leads there (another drive)
/// or a path is not UTF-8.
pub fn relative_path(from: &Path, to: &Path) -> Option<String> {
    let from: Vec<Component> = from.components().collect();
    let to: Vec<Component> = to.components().collect();
    if from.first() != to.first() {
        return None;
    }
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<&str> = vec![".."; from.len() - common];
    for component in &to[common..] {
        match component {
            Component::Normal(name) => parts.push(name.to_str()?),
            _ => return None,
        }
    }
    if parts.is_empty() {
        return None;
    }
    Some(parts.join("/"))
}

/// `path` made absolute against `cwd` (not touching the file system).
pub fn absolute(cwd: &Path, path: &Path) -> PathBuf {
    clean_path(&cwd.join(path))
}

/// `path` as shown to a user in `cwd`: relative to it when it can be,
/// else as it is.
pub fn shown_from(cwd: &Path, path: &Path) -> PathBuf {
    if path.is_relative() {
        return clean_path(path);
    }
    relative_path(cwd, &clean_path(path)).map_or_else(|| path.to_path_buf(), PathBuf::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_path_is_lexical() {
        assert_eq!(
            clean_path(Path::new("annotations/../sources/a.txt")),
            PathBuf::from("sources/a.txt")
        );
        assert_eq!(clean_path(Path::new("./a/./b")), PathBuf::from("a/b"));
        assert_eq!(clean_path(Path::new("../x")), PathBuf::from("../x"));
    }

    #[cfg(unix)]
    #[test]
    fn sources_must_be_regular_files_inside_the_root() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = std::fs::canonicalize(dir.path()).expect("canonical");
        std::fs::write(root.join("a.txt"), "a").expect("file");
        std::os::unix::fs::symlink("/etc/hostname", root.join("out.txt")).expect("link");
        let workspace = Workspace::find(&root, Some(&root));
        assert!(workspace.admit_source(&root.join("a.txt")).is_ok());
        assert!(workspace.admit_source(&root.join("missing.txt")).is_ok());
        for refused in [
            root.join("out.txt"),
            root.join("../x/../../etc/hostname"),
            PathBuf::from("/etc/hostname"),
            PathBuf::from("/proc/self/environ"),
        ] {
            if refused.exists() {
                let error = workspace.admit_source(&refused).expect_err("refused");
                assert!(
                    error.message.contains("outside the project root"),
                    "{}",
                    error.message
                );
            }
        }
        let devices = Workspace::find(Path::new("/dev"), Some(Path::new("/dev")));
        let error = devices
            .admit_source(Path::new("/dev/null"))
            .expect_err("a device");
        assert!(error.message.contains("not a regular file"));
    }
    #[test]
    fn relative_paths_climb_out_of_the_folder() {
        let path = |p: &str| PathBuf::from(p);
        assert_eq!(
            relative_path(&path("/a/annotations"), &path("/a/sources/x.txt")),
            Some("../sources/x.txt".into())
        );
        assert_eq!(
            relative_path(&path("/a"), &path("/a/x.txt")),
            Some("x.txt".into())
        );
        assert_eq!(
            relative_path(&path("/a/b/c"), &path("/x.txt")),
            Some("../../../x.txt".into())
        );
        assert_eq!(relative_path(&path("/a"), &path("/a")), None);
    }
}
