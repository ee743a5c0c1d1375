//! Writing a user's file without ever losing it.
//!
//! The new contents go to a temporary file in the same folder, are flushed
//! to disk, get the old file's permissions, and are renamed over the old
//! file: a crash at any point leaves the old file or the new one, never half
//! of one. A symlink is followed, so the link stays and its target is
//! replaced. If the file changed on disk since it was read, nothing is
//! written.

use std::fs;
use std::io::{self, Write};
use std::path::Path;

/// Replaces the file at `path`, which held `expected` when it was read,
/// with `contents`.
pub fn replace(path: &Path, expected: &str, contents: &str) -> io::Result<()> {
    let target = fs::canonicalize(path)?;
    let folder = target
        .parent()
        .ok_or_else(|| io::Error::other("the file has no folder"))?;
    let permissions = fs::metadata(&target)?.permissions();
    if fs::read(&target)? != expected.as_bytes() {
        return Err(io::Error::other(
            "the file changed on disk since it was read; run the command again",
        ));
    }
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut temp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .tempfile_in(folder)?;
    temp.write_all(contents.as_bytes())?;
    temp.as_file().sync_all()?;
    fs::set_permissions(temp.path(), permissions)?;
    temp.persist(&target).map_err(|e| e.error)?;
    // The rename itself is durable only once the folder is flushed.
    if let Ok(dir) = fs::File::open(folder) {
        let _ = dir.sync_all();
    }
    Ok(())
}

/// Writes `contents` to `path`, whether or not it exists (a report, an
/// export), so that a reader sees the old file or the new one, never half
/// of one. An existing file keeps its permissions and a symlink its
/// target; a new file gets what any new file gets (the umask).
pub fn write(path: &Path, contents: &[u8]) -> io::Result<()> {
    let mut beside = Beside::new(path)?;
    beside.file().write_all(contents)?;
    beside.commit()
}

/// A temporary file in the folder of a file about to be written, renamed
/// over it by [`Beside::commit`]; dropped without a commit, it is removed.
/// Its name starts with `.` and does not end in `.json`, so a leftover is
/// never read as an annotation file.
pub struct Beside {
    temp: tempfile::NamedTempFile,
    target: std::path::PathBuf,
}

impl Beside {
    pub fn new(path: &Path) -> io::Result<Beside> {
        let target = match fs::canonicalize(path) {
            Ok(target) => target,
            Err(e) if e.kind() == io::ErrorKind::NotFound => path.to_path_buf(),
            Err(e) => return Err(e),
        };
        if target.is_dir() {
            return Err(io::Error::new(
                io::ErrorKind::IsADirectory,
                "it is a folder; name the file to write",
            ));
        }
        let folder = match target.parent() {
            Some(folder) if !folder.as_os_str().is_empty() => folder.to_path_buf(),
            _ => std::path::PathBuf::from("."),
        };
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let prefix = format!(".{name}.");
        let mut builder = tempfile::Builder::new();
        builder.prefix(&prefix).suffix(".tmp");
        // A new file is readable as any new file is (the umask applies),
        // not private as temporary files are.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(fs::Permissions::from_mode(0o666));
        }
        let temp = builder.tempfile_in(&folder)?;
        if let Ok(meta) = fs::metadata(&target) {
            fs::set_permissions(temp.path(), meta.permissions())?;
        }
        Ok(Beside { temp, target })
    }

    /// The temporary file, to write to.
    pub fn file(&mut self) -> &mut fs::File {
        self.temp.as_file_mut()
    }

    /// Flushes the file to disk and renames it over the target.
    pub fn commit(self) -> io::Result<()> {
        self.temp.as_file().sync_all()?;
        let folder = self.temp.path().parent().map(Path::to_path_buf);
        self.temp.persist(&self.target).map_err(|e| e.error)?;
        // The rename itself is durable only once the folder is flushed.
        if let Some(dir) = folder.and_then(|f| fs::File::open(f).ok()) {
            let _ = dir.sync_all();
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_and_keeps_permissions() -> io::Result<()> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("a.json");
        fs::write(&path, "old")?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&path, fs::Permissions::from_mode(0o640))?;
        }
        replace(&path, "old", "new")?;
        assert_eq!(fs::read_to_string(&path)?, "new");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(fs::metadata(&path)?.permissions().mode() & 0o777, 0o640);
        }
        // No temporary file is left behind.
        assert_eq!(fs::read_dir(dir.path())?.count(), 1);
        Ok(())
    }

    #[test]
    fn refuses_when_the_file_changed() -> io::Result<()> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("a.json");
        fs::write(&path, "changed by someone else")?;
        assert!(replace(&path, "old", "new").is_err());
        assert_eq!(fs::read_to_string(&path)?, "changed by someone else");
        Ok(())
    }

    #[cfg(unix)]
    #[test]
    fn writes_through_a_symlink() -> io::Result<()> {
        let dir = tempfile::tempdir()?;
        let target = dir.path().join("real.json");
        let link = dir.path().join("link.json");
        fs::write(&target, "old")?;
        std::os::unix::fs::symlink(&target, &link)?;
        replace(&link, "old", "new")?;
        assert!(fs::symlink_metadata(&link)?.file_type().is_symlink());
        assert_eq!(fs::read_to_string(&target)?, "new");
        Ok(())
    }

    #[test]
    fn write_creates_then_replaces_leaving_no_temporary_file() -> io::Result<()> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("report.html");
        write(&path, b"one")?;
        assert_eq!(fs::read_to_string(&path)?, "one");
        write(&path, b"two")?;
        assert_eq!(fs::read_to_string(&path)?, "two");
        assert_eq!(fs::read_dir(dir.path())?.count(), 1);
        let error = write(dir.path(), b"page").err();
        assert_eq!(error.map(|e| e.kind()), Some(io::ErrorKind::IsADirectory));
        Ok(())
    }

    #[cfg(unix)]
    #[test]
    fn a_new_file_gets_the_permissions_of_any_new_file() -> io::Result<()> {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir()?;
        let plain = dir.path().join("plain.html");
        fs::File::create(&plain)?;
        let path = dir.path().join("report.html");
        write(&path, b"page")?;
        let mode = |p: &Path| fs::metadata(p).map(|m| m.permissions().mode() & 0o777);
        // Not the 0600 of a temporary file: what the umask gives.
        assert_eq!(mode(&path)?, mode(&plain)?);
        Ok(())
    }
}
