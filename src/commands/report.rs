//! `claimcheck report --html OUT.html`: check, then write the page.

use std::fs;
use std::io::{self, Write};
use std::path::Path;

use super::Context;
use crate::cli::ReportArgs;
use crate::diagnose::FileReport;
use crate::diagnostic::{Code, Diagnostic};
use crate::pipeline::{CheckOptions, Run};
use crate::report::html::{self, HtmlReport};

pub fn run(args: &ReportArgs, context: &Context) -> u8 {
    let paths = match context.annotation_paths(&args.paths) {
        Ok(paths) => paths,
        Err(code) => return code,
    };
    let workspace = context.workspace(args.allow_source_outside);
    let options = CheckOptions {
        source_override: args.source.clone(),
        shard: None,
    };
    let run = Run::new(&workspace, &options);
    let found = run.discover(&paths);
    let mut files = Vec::with_capacity(found.len());
    run.stream(
        &found,
        |outcome| FileReport::new(outcome, &context.policy),
        |file| files.push(file),
    );
    let report = HtmlReport::from_files(&files);
    // Input errors are on the page, and on stderr for whoever ran it.
    let mut problems: Vec<Diagnostic> = files
        .iter()
        .flat_map(|f| f.outcome.problems.iter().cloned())
        .collect();
    drop(files);
    let page = html::render(&report);
    if let Err(e) = write_page(&args.html, &page) {
        problems.push(Diagnostic::new(
            Code::Io,
            format!("cannot write the report `{}`: {e}", args.html.display()),
        ));
        context.report(&problems);
        return 2;
    }
    context.report(&problems);
    let summary = &report.summary;
    if summary.files == 0 {
        context.say("warning: no annotation files (*.json) found\n");
    }
    let mut stdout = crate::report::Sink::stdout();
    stdout.write(
        format!(
            "report written to {} ({})\n",
            args.html.display(),
            summary.line()
        )
        .as_bytes(),
    );
    summary.exit_code(false).max(super::finish(stdout, context))
}

/// Writes `contents` to `path`, whether or not it exists, so that a
/// reader (a browser reloading it) sees the old page or the new one, never
/// half of one: a temporary file in the same folder, renamed over `path`.
/// An existing file keeps its permissions, and a symlink its target.
fn write_page(path: &Path, contents: &str) -> io::Result<()> {
    let target = match fs::canonicalize(path) {
        Ok(target) => target,
        Err(e) if e.kind() == io::ErrorKind::NotFound => path.to_path_buf(),
        Err(e) => return Err(e),
    };
    if target.is_dir() {
        return Err(io::Error::new(
            io::ErrorKind::IsADirectory,
            "it is a folder; name the file to write, e.g. `report.html`",
        ));
    }
    let folder = match target.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder,
        _ => Path::new("."),
    };
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    // A new page is readable as any new file is (the umask applies), not
    // private as temporary files are.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    let mut temp = builder.tempfile_in(folder)?;
    temp.write_all(contents.as_bytes())?;
    temp.as_file().sync_all()?;
    if let Ok(meta) = fs::metadata(&target) {
        fs::set_permissions(temp.path(), meta.permissions())?;
    }
    temp.persist(&target).map_err(|e| e.error)?;
    if let Ok(dir) = fs::File::open(folder) {
        let _ = dir.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn creates_then_replaces_leaving_no_temporary_file() -> io::Result<()> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("report.html");
        write_page(&path, "one")?;
        assert_eq!(fs::read_to_string(&path)?, "one");
        write_page(&path, "two")?;
        assert_eq!(fs::read_to_string(&path)?, "two");
        assert_eq!(fs::read_dir(dir.path())?.count(), 1);
        Ok(())
    }

    #[test]
    fn refuses_a_folder() -> io::Result<()> {
        let dir = tempfile::tempdir()?;
        let error = write_page(dir.path(), "page").err();
        assert_eq!(error.map(|e| e.kind()), Some(io::ErrorKind::IsADirectory));
        Ok(())
    }

    #[cfg(unix)]
    #[test]
    fn a_new_page_gets_the_permissions_of_any_new_file() -> io::Result<()> {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir()?;
        let plain = dir.path().join("plain.html");
        fs::File::create(&plain)?;
        let path = dir.path().join("report.html");
        write_page(&path, "page")?;
        let mode = |p: &Path| fs::metadata(p).map(|m| m.permissions().mode() & 0o777);
        // Not the 0600 of a temporary file: what the umask gives.
        assert_eq!(mode(&path)?, mode(&plain)?);
        Ok(())
    }
}
