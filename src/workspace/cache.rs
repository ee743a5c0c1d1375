//! Sources already read, by their real path: each is read and parsed once
//! however many annotation files cite it, even from several threads at
//! once. A source no file has cited for a whole batch is let go, so memory
//! stays flat over an archive of many articles.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use super::read_text;
use crate::diagnostic::Diagnostic;
use crate::source::Source;
use crate::text::TextFile;

/// A source as read and parsed.
#[derive(Debug, Clone)]
pub struct LoadedSource {
    pub file: TextFile,
    pub source: Arc<Source>,
}

#[derive(Default)]
pub struct SourceCache {
    loaded: Mutex<HashMap<PathBuf, CachedSource>>,
    /// Canonical paths of the folders sources were found in.
    folders: Mutex<HashMap<PathBuf, Option<PathBuf>>>,
}

struct CachedSource {
    cell: Arc<OnceLock<Result<LoadedSource, Diagnostic>>>,
    used_this_batch: bool,
}

impl SourceCache {
    /// The source at `path`, read (refusing files over `max_size` bytes)
    /// and parsed on first use.
    pub fn load(&self, path: &Path, max_size: u64) -> Result<LoadedSource, Diagnostic> {
        let key = self.real_path(path);
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
            let file = read_text(path, "source", max_size)?;
            let source = Source::of_file(&file);
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
    pub fn real_path(&self, path: &Path) -> PathBuf {
        let in_canonical_folder = || {
            let name = path.file_name()?;
            if std::fs::symlink_metadata(path)
                .ok()?
                .file_type()
                .is_symlink()
            {
                return None;
            }
            Some(self.real_folder(super::folder_of(path))?.join(name))
        };
        in_canonical_folder()
            .unwrap_or_else(|| std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()))
    }

    /// `fs::canonicalize(folder)`, once per folder.
    pub fn real_folder(&self, folder: &Path) -> Option<PathBuf> {
        let mut folders = self.folders.lock().unwrap_or_else(|e| e.into_inner());
        folders
            .entry(folder.to_path_buf())
            .or_insert_with(|| std::fs::canonicalize(folder).ok())
            .clone()
    }

    /// Lets go of the sources no file cited since the last call.
    pub fn end_batch(&self) {
        let mut loaded = self.loaded.lock().unwrap_or_else(|e| e.into_inner());
        loaded.retain(|_, cached| std::mem::take(&mut cached.used_this_batch));
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
            assert_eq!(cache.real_path(&path), expected, "{}", path.display());
        }
    }
}
