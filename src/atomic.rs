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
}
