//! Reading a whole file as UTF-8 text, with a size limit checked before
//! anything is read and again while reading (a special file reports no
//! size: `/dev/zero` never ends).

use std::io::{Error, ErrorKind, Read};
use std::path::Path;

use crate::diagnostic::{Code, Diagnostic};
use crate::text::TextFile;

/// Reads `path` (an annotation file or a source: `what` says which) as
/// UTF-8 text, refusing files larger than `max_size` bytes.
pub fn read_text(path: &Path, what: &str, max_size: u64) -> Result<TextFile, Diagnostic> {
    let cannot = |reason: String| {
        Diagnostic::new(
            Code::Io,
            format!("cannot read {what} `{}`: {reason}", path.display()),
        )
    };
    let bytes = match read_file(path, max_size) {
        Ok(bytes) => bytes,
        Err(Failure::TooLarge) => {
            return Err(
                cannot(format!("it is larger than the limit of {}", size(max_size)))
                    .help("raise `max_file_size` in claimcheck.toml to read it"),
            );
        }
        Err(Failure::Io(e)) => return Err(cannot(reason(&e))),
    };
    let text = String::from_utf8(bytes).map_err(|e| {
        cannot(format!(
            "it is not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        ))
        .help("save the file as UTF-8")
    })?;
    Ok(TextFile::new(path, text))
}

enum Failure {
    TooLarge,
    Io(Error),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Failure {
        Failure::Io(e)
    }
}

/// The bytes of the file at `path`; a folder is an `IsADirectory` error on
/// every platform. The folder check is made on the open file rather than
/// by one more `stat` of the path.
fn read_file(path: &Path, max_size: u64) -> Result<Vec<u8>, Failure> {
    let folder = || Error::from(ErrorKind::IsADirectory);
    // A folder that cannot be opened is still reported as a folder.
    let mut file =
        std::fs::File::open(path).map_err(|e| if path.is_dir() { folder() } else { e })?;
    let meta = file.metadata()?;
    if meta.is_dir() {
        return Err(folder().into());
    }
    if meta.len() > max_size {
        return Err(Failure::TooLarge);
    }
    let mut bytes = Vec::new();
    bytes
        .try_reserve_exact(usize::try_from(meta.len()).unwrap_or(0))
        .map_err(|_| Failure::TooLarge)?;
    // Through `take`, which reads into the room reserved above (rather than
    // `read_to_end`, which would `stat` and `lseek` again to size it) and
    // stops one byte past the limit, however much a special file offers.
    file.by_ref()
        .take(max_size.saturating_add(1))
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max_size {
        return Err(Failure::TooLarge);
    }
    Ok(bytes)
}

fn reason(error: &Error) -> String {
    match error.kind() {
        ErrorKind::NotFound => "no such file or folder".into(),
        ErrorKind::PermissionDenied => "permission denied".into(),
        ErrorKind::IsADirectory => "it is a folder, not a file".into(),
        ErrorKind::InvalidData => "it is not UTF-8 text".into(),
        _ => error.to_string(),
    }
}

/// `268435456` → `256 MB`.
fn size(bytes: u64) -> String {
    const MB: u64 = 1024 * 1024;
    if bytes >= MB && bytes % MB == 0 {
        format!("{} MB", bytes / MB)
    } else {
        format!("{bytes} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_what_is_too_large_even_without_a_size() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "0123456789").expect("write");
        assert!(read_text(&path, "source", 10).is_ok());
        let error = read_text(&path, "source", 9).expect_err("too large");
        assert!(
            error.message.ends_with("larger than the limit of 9 bytes"),
            "{}",
            error.message
        );
        #[cfg(unix)]
        {
            let error = read_text(Path::new("/dev/zero"), "source", 1 << 20).expect_err("endless");
            assert!(
                error.message.contains("larger than the limit of 1 MB"),
                "{}",
                error.message
            );
        }
    }

    #[test]
    fn says_what_is_wrong() {
        let dir = tempfile::tempdir().expect("temp dir");
        let missing = read_text(&dir.path().join("no.txt"), "source", 100).expect_err("missing");
        assert!(missing.message.ends_with("no such file or folder"));
        let folder = read_text(dir.path(), "annotations", 100).expect_err("folder");
        assert!(folder.message.ends_with("it is a folder, not a file"));
        let latin1 = dir.path().join("l.txt");
        std::fs::write(&latin1, b"caf\xe9").expect("write");
        let error = read_text(&latin1, "source", 100).expect_err("not UTF-8");
        assert!(
            error.message.ends_with("invalid byte at offset 3)"),
            "{}",
            error.message
        );
    }
}
