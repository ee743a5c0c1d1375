//! Writing a user's file without ever losing it or changing anything else.
//!
//! The new contents go to a temporary file in the same folder, named
//! `.NAME.XXXXXX.tmp` (hidden, and never `*.json`, so no scan mistakes it
//! for an annotation file), are flushed to disk, get the old file's owner,
//! group and permissions, and are renamed over the old file: a crash at any
//! point leaves the old file or the new one, never half of one. A symlink is
//! followed, so the link stays and its target is replaced.
//!
//! Nothing is written when the file changed on disk since it was read, or
//! when it has other names (hard links): a rename would leave those names
//! with the old text, so the user decides (see [`WriteError::HardLinked`]).
//!
//! The temporary file is removed on every error path, and on SIGINT,
//! SIGTERM and SIGHUP (then the process dies of the signal, as it would
//! have). A run killed outright (SIGKILL, a power cut) leaves it behind;
//! the next write of the same file, or [`remove_stale_temps`], removes the
//! temporary files of exactly that file's naming pattern that no live
//! process holds (each writer holds an exclusive `flock` on its own).

use std::fmt;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Random chars in a temporary file's name (tempfile's default).
const RANDOM_CHARS: usize = 6;
const TEMP_SUFFIX: &str = ".tmp";

/// What a successful write wants the user to know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Note {
    /// The new file could not be given the old one's owner (and, unless
    /// `group_kept`, its group): only root may give a file away.
    OwnerNotKept {
        uid: u32,
        gid: u32,
        group_kept: bool,
    },
    /// A temporary file left by an interrupted run was removed.
    StaleTempRemoved(PathBuf),
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Note::OwnerNotKept {
                uid,
                gid,
                group_kept: true,
            } => write!(
                f,
                "the file now belongs to you, not to its owner (uid {uid}); its group (gid {gid}) is kept: only root can give a file to another user"
            ),
            Note::OwnerNotKept { uid, gid, .. } => write!(
                f,
                "the file now belongs to you and your group, not to uid {uid} and gid {gid}: only root can give a file to another user or a group you are not in"
            ),
            Note::StaleTempRemoved(path) => write!(
                f,
                "removed `{}`, a temporary file left by an interrupted run",
                path.display()
            ),
        }
    }
}

/// Why nothing was written.
#[derive(Debug)]
pub enum WriteError {
    /// The file changed on disk since it was read.
    Changed,
    /// The file has `links` names; replacing it would break the link.
    HardLinked {
        links: u64,
    },
    /// The path does not lead to a regular file.
    NotAFile,
    Io(io::Error),
}

impl WriteError {
    /// What the user can do about it.
    pub fn help(&self) -> &'static str {
        match self {
            WriteError::Changed => "the file was left as it was; run the command again",
            WriteError::HardLinked { .. } => {
                "the file was left as it was: edit it by hand, or break the link (`cp FILE FILE.new && mv FILE.new FILE`) and run the command again"
            }
            WriteError::NotAFile | WriteError::Io(_) => "the file was left as it was",
        }
    }
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WriteError::Changed => f.write_str("the file changed on disk since it was read"),
            WriteError::HardLinked { links } => write!(
                f,
                "it has {links} names (hard links); replacing it would leave the other {} with the old text",
                if *links == 2 { "name" } else { "names" }
            ),
            WriteError::NotAFile => f.write_str("it is not a regular file"),
            WriteError::Io(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for WriteError {}

impl From<io::Error> for WriteError {
    fn from(e: io::Error) -> Self {
        WriteError::Io(e)
    }
}

/// Whether the file at `path` holds exactly `expected`, read a block at a
/// time: a second copy of a 50 MB annotation file only to compare it would
/// be the biggest thing `fix` holds.
fn holds(path: &Path, expected: &[u8]) -> io::Result<bool> {
    use std::io::Read;
    let mut file = fs::File::open(path)?;
    let mut block = vec![0u8; 64 * 1024];
    let mut rest = expected;
    loop {
        let read = match file.read(&mut block) {
            Ok(read) => read,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if read == 0 {
            return Ok(rest.is_empty());
        }
        match rest.split_at_checked(read) {
            Some((head, tail)) if head == &block[..read] => rest = tail,
            _ => return Ok(false),
        }
    }
}

/// Replaces the file at `path`, which held `expected` when it was read,
/// with what `contents` writes (straight into the temporary file: the new
/// text is never held whole), keeping its owner, group and permissions.
pub fn replace(
    path: &Path,
    expected: &str,
    contents: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<Vec<Note>, WriteError> {
    let target = fs::canonicalize(path)?;
    let (folder, name) = folder_and_name(&target)?;
    let meta = fs::metadata(&target)?;
    if !meta.is_file() {
        return Err(WriteError::NotAFile);
    }
    if let Some(links) = hard_links(&meta) {
        return Err(WriteError::HardLinked { links });
    }
    if !holds(&target, expected.as_bytes())? {
        return Err(WriteError::Changed);
    }
    let mut notes: Vec<Note> = stale_temps_in(folder, &name)
        .into_iter()
        .map(Note::StaleTempRemoved)
        .collect();
    let temp = in_flight::create(folder, &name)?;
    // Dropping `temp` removes the file unless it was renamed into place.
    write_and_rename(&temp, &target, &meta, contents, &mut notes)?;
    drop(temp);
    // The rename itself is durable only once the folder is flushed.
    if let Ok(dir) = fs::File::open(folder) {
        let _ = dir.sync_all();
    }
    Ok(notes)
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

/// A file being written whole, in a temporary file beside it that
/// [`Beside::commit`] renames over it; dropped without a commit (an error,
/// a caught signal), the temporary file is removed.
pub struct Beside {
    temp: in_flight::Temp,
    file: fs::File,
    target: PathBuf,
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
            _ => PathBuf::from("."),
        };
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let existing = fs::metadata(&target).ok().map(|old| old.permissions());
        // A new file is readable as any new file is (the umask applies),
        // not private as a temporary file is.
        let temp = in_flight::create_with(&folder, &name, new_file_permissions())?;
        let file = temp.file()?;
        if let Some(permissions) = existing {
            file.set_permissions(permissions)?;
        }
        Ok(Beside { temp, file, target })
    }

    /// The temporary file, to write to.
    pub fn file(&mut self) -> &mut fs::File {
        &mut self.file
    }

    /// Flushes the file to disk and renames it over the target.
    pub fn commit(self) -> io::Result<()> {
        self.file.sync_all()?;
        drop(self.file);
        in_flight::persist(&self.temp, &self.target)?;
        if let Some(dir) = self.target.parent().and_then(|f| fs::File::open(f).ok()) {
            let _ = dir.sync_all();
        }
        Ok(())
    }
}

/// What `open(2)` gives a new file: `0666`, less the umask it applies
/// (elsewhere, what the platform gives).
fn new_file_permissions() -> Option<fs::Permissions> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        Some(fs::Permissions::from_mode(0o666))
    }
    #[cfg(not(unix))]
    {
        None
    }
}

/// Removes the temporary files an interrupted write of `path` left beside
/// it (see the module docs); returns those it removed.
pub fn remove_stale_temps(path: &Path) -> io::Result<Vec<PathBuf>> {
    let target = fs::canonicalize(path)?;
    let (folder, name) = folder_and_name(&target)?;
    Ok(stale_temps_in(folder, &name))
}

/// Whether `candidate` is a temporary file name of a write of the file
/// named `name`: `.NAME.XXXXXX.tmp`, X an ASCII letter or digit.
pub fn is_temp_name_of(name: &str, candidate: &str) -> bool {
    candidate
        .strip_prefix('.')
        .and_then(|rest| rest.strip_prefix(name))
        .and_then(|rest| rest.strip_prefix('.'))
        .and_then(|rest| rest.strip_suffix(TEMP_SUFFIX))
        .is_some_and(|random| {
            random.len() == RANDOM_CHARS && random.bytes().all(|b| b.is_ascii_alphanumeric())
        })
}

fn folder_and_name(target: &Path) -> io::Result<(&Path, String)> {
    let folder = target
        .parent()
        .ok_or_else(|| io::Error::other("the file has no folder"))?;
    let name = target
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| io::Error::other("the file name is not UTF-8"))?;
    Ok((folder, name.to_owned()))
}

/// The number of names of a file that has more than one.
#[cfg(unix)]
fn hard_links(meta: &fs::Metadata) -> Option<u64> {
    use std::os::unix::fs::MetadataExt;
    (meta.nlink() > 1).then_some(meta.nlink())
}

#[cfg(not(unix))]
fn hard_links(_: &fs::Metadata) -> Option<u64> {
    None
}

fn write_and_rename(
    temp: &in_flight::Temp,
    target: &Path,
    old: &fs::Metadata,
    contents: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    notes: &mut Vec<Note>,
) -> Result<(), WriteError> {
    let mut file = temp.file()?;
    contents(&mut file)?;
    // Owner first: a chown may clear the set-id bits the mode then restores.
    notes.extend(keep_owner(&file, old)?);
    file.set_permissions(old.permissions())?;
    file.sync_all()?;
    drop(file);
    in_flight::persist(temp, target)?;
    Ok(())
}

/// Gives the new file the old one's owner and group where the process may;
/// where it may not, keeps what it can and says so.
#[cfg(unix)]
fn keep_owner(file: &fs::File, old: &fs::Metadata) -> io::Result<Option<Note>> {
    use std::os::unix::fs::{MetadataExt, fchown};
    let now = file.metadata()?;
    let (uid, gid) = (old.uid(), old.gid());
    if (now.uid(), now.gid()) == (uid, gid) {
        return Ok(None);
    }
    let refused = |e: &io::Error| e.kind() == io::ErrorKind::PermissionDenied;
    match fchown(file, Some(uid), Some(gid)) {
        Ok(()) => return Ok(None),
        Err(e) if !refused(&e) => return Err(e),
        Err(_) => {}
    }
    let group_kept = match fchown(file, None, Some(gid)) {
        Ok(()) => true,
        Err(e) if refused(&e) => false,
        Err(e) => return Err(e),
    };
    Ok(Some(Note::OwnerNotKept {
        uid,
        gid,
        group_kept,
    }))
}

#[cfg(not(unix))]
fn keep_owner(_: &fs::File, _: &fs::Metadata) -> io::Result<Option<Note>> {
    Ok(None)
}

/// Removes the stale temporary files of `name` in `folder`; best effort,
/// as a stale file that cannot be removed harms nothing.
fn stale_temps_in(folder: &Path, name: &str) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(folder) else {
        return Vec::new();
    };
    let mut removed = Vec::new();
    for entry in entries.filter_map(Result::ok) {
        let is_ours = entry
            .file_name()
            .to_str()
            .is_some_and(|candidate| is_temp_name_of(name, candidate));
        // Never through a symlink, never a folder.
        if is_ours
            && entry.file_type().is_ok_and(|t| t.is_file())
            && in_flight::abandoned(&entry.path())
            && fs::remove_file(entry.path()).is_ok()
        {
            removed.push(entry.path());
        }
    }
    removed.sort();
    removed
}

/// The temporary files this process is writing, so that a signal can
/// remove them before the process dies.
mod in_flight {
    use std::fs;
    use std::io;
    use std::path::{Path, PathBuf};
    use std::sync::{Mutex, MutexGuard};

    /// Paths of the temporary files not yet renamed into place. Held while
    /// one is created and registered, and while one is renamed and
    /// forgotten, so a signal never sees a file that is not on the list.
    static PATHS: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

    fn paths() -> MutexGuard<'static, Vec<PathBuf>> {
        PATHS.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A temporary file beside the target, locked and registered.
    pub struct Temp {
        file: tempfile::NamedTempFile,
    }

    impl Temp {
        pub fn path(&self) -> &Path {
            self.file.path()
        }

        /// A second handle, for writing (the lock stays with the first).
        pub fn file(&self) -> io::Result<fs::File> {
            self.file.as_file().try_clone()
        }
    }

    pub fn create(folder: &Path, name: &str) -> io::Result<Temp> {
        create_with(folder, name, None)
    }

    /// [`create`], the file made with `permissions` (less the umask)
    /// rather than a temporary file's private ones.
    pub fn create_with(
        folder: &Path,
        name: &str,
        permissions: Option<fs::Permissions>,
    ) -> io::Result<Temp> {
        super::signals::install();
        let mut paths = paths();
        let prefix = format!(".{name}.");
        let mut builder = tempfile::Builder::new();
        builder
            .prefix(&prefix)
            .suffix(super::TEMP_SUFFIX)
            .rand_bytes(super::RANDOM_CHARS);
        if let Some(permissions) = permissions {
            builder.permissions(permissions);
        }
        let file = builder.tempfile_in(folder)?;
        lock(file.as_file());
        paths.push(file.path().to_path_buf());
        Ok(Temp { file })
    }

    /// Renames the temporary file over `target`. On failure the temporary
    /// file is removed (when `temp` is dropped).
    pub fn persist(temp: &Temp, target: &Path) -> io::Result<()> {
        let _paths = paths();
        fs::rename(temp.path(), target)
    }

    /// Removes every registered temporary file: called from the signal
    /// thread, which keeps the list locked until the process is gone.
    pub fn remove_all_and_hold() -> MutexGuard<'static, Vec<PathBuf>> {
        let paths = paths();
        for path in paths.iter() {
            let _ = fs::remove_file(path);
        }
        paths
    }

    #[cfg(test)]
    pub fn listed(path: &Path) -> bool {
        paths().iter().any(|p| p == path)
    }

    /// Whether no live process holds the temporary file at `path`: its
    /// writer's exclusive lock went with it. A file that cannot be opened
    /// or locked for another reason is left alone.
    pub fn abandoned(path: &Path) -> bool {
        fs::File::open(path).is_ok_and(|file| try_lock(&file))
    }

    #[cfg(unix)]
    fn lock(file: &fs::File) {
        use rustix::fs::{FlockOperation, flock};
        // Best effort: without a lock a concurrent run could take the file
        // for stale, and its rename would then fail cleanly.
        let _ = flock(file, FlockOperation::NonBlockingLockExclusive);
    }

    #[cfg(unix)]
    fn try_lock(file: &fs::File) -> bool {
        use rustix::fs::{FlockOperation, flock};
        flock(file, FlockOperation::NonBlockingLockExclusive).is_ok()
    }

    #[cfg(not(unix))]
    fn lock(_: &fs::File) {}

    /// Without locks, a temporary file is never known to be abandoned.
    #[cfg(not(unix))]
    fn try_lock(_: &fs::File) -> bool {
        false
    }

    impl Drop for Temp {
        /// Removes the file (nothing is left at its path once it was
        /// renamed) and takes it off the list, in one step.
        fn drop(&mut self) {
            let mut paths = paths();
            let _ = fs::remove_file(self.path());
            paths.retain(|p| p != self.path());
        }
    }
}

/// SIGINT, SIGTERM and SIGHUP remove the temporary files in flight, then
/// end the process as the signal would have. A signal the process was
/// started ignoring (`nohup`, a background job) stays ignored.
#[cfg(unix)]
mod signals {
    use std::sync::OnceLock;

    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    use signal_hook::iterator::Signals;

    static INSTALLED: OnceLock<()> = OnceLock::new();

    /// Installs the handler on the first write, once.
    pub fn install() {
        INSTALLED.get_or_init(|| {
            let caught: Vec<i32> = [SIGINT, SIGTERM, SIGHUP]
                .into_iter()
                .filter(|&s| !ignored(s))
                .collect();
            let Ok(mut signals) = Signals::new(&caught) else {
                return;
            };
            let _ = std::thread::Builder::new()
                .name("claimcheck-signals".into())
                .spawn(move || {
                    if let Some(signal) = signals.forever().next() {
                        let _held = super::in_flight::remove_all_and_hold();
                        let _ = signal_hook::low_level::emulate_default_handler(signal);
                        std::process::exit(128 + signal);
                    }
                });
        });
    }

    /// Whether `signal` is set to be ignored.
    fn ignored(signal: i32) -> bool {
        // SAFETY: with a null new action, sigaction only reads the current
        // one into `old`, a plain struct that zeroed memory initializes.
        unsafe {
            let mut old: libc::sigaction = std::mem::zeroed();
            libc::sigaction(signal, std::ptr::null(), &mut old) == 0
                && old.sa_sigaction == libc::SIG_IGN
        }
    }
}

#[cfg(not(unix))]
mod signals {
    pub fn install() {}
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `replace` is given to write `new`.
    fn text(new: &'static str) -> impl FnOnce(&mut dyn Write) -> io::Result<()> {
        move |file| file.write_all(new.as_bytes())
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .map(|entries| {
                entries
                    .filter_map(|e| e.ok()?.file_name().into_string().ok())
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    }

    #[test]
    fn replaces_and_keeps_permissions() -> Result<(), WriteError> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("a.json");
        fs::write(&path, "old")?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&path, fs::Permissions::from_mode(0o640))?;
        }
        assert_eq!(replace(&path, "old", text("new"))?, []);
        assert_eq!(fs::read_to_string(&path)?, "new");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(fs::metadata(&path)?.permissions().mode() & 0o777, 0o640);
        }
        assert_eq!(names(dir.path()), ["a.json"], "no temporary file left");
        Ok(())
    }

    #[test]
    fn a_file_holds_exactly_its_bytes_across_blocks() -> io::Result<()> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("a.json");
        // Longer than one block, so the comparison crosses block edges.
        let text: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        fs::write(&path, &text)?;
        assert!(holds(&path, &text)?);
        assert!(
            !holds(&path, &text[..text.len() - 1])?,
            "the file is longer"
        );
        let mut longer = text.clone();
        longer.push(b'x');
        assert!(!holds(&path, &longer)?, "the file is shorter");
        let mut other = text.clone();
        other[100_000] ^= 1;
        assert!(!holds(&path, &other)?, "one byte differs");
        fs::write(&path, "")?;
        assert!(holds(&path, b"")?);
        Ok(())
    }

    #[test]
    fn refuses_when_the_file_changed() -> io::Result<()> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("a.json");
        fs::write(&path, "changed by someone else")?;
        assert!(matches!(
            replace(&path, "old", text("new")),
            Err(WriteError::Changed)
        ));
        assert_eq!(fs::read_to_string(&path)?, "changed by someone else");
        assert_eq!(names(dir.path()), ["a.json"]);
        Ok(())
    }

    #[cfg(unix)]
    #[test]
    fn writes_through_a_symlink() -> Result<(), WriteError> {
        let dir = tempfile::tempdir()?;
        let target = dir.path().join("real.json");
        let link = dir.path().join("link.json");
        fs::write(&target, "old")?;
        std::os::unix::fs::symlink(&target, &link)?;
        replace(&link, "old", text("new"))?;
        assert!(fs::symlink_metadata(&link)?.file_type().is_symlink());
        assert_eq!(fs::read_to_string(&target)?, "new");
        Ok(())
    }

    #[cfg(unix)]
    #[test]
    fn refuses_to_break_a_hard_link() -> io::Result<()> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("a.json");
        fs::write(&path, "old")?;
        fs::hard_link(&path, dir.path().join("b.json"))?;
        let error = replace(&path, "old", text("new")).expect_err("refused");
        assert!(matches!(error, WriteError::HardLinked { links: 2 }));
        assert_eq!(
            error.to_string(),
            "it has 2 names (hard links); replacing it would leave the other name with the old text"
        );
        assert_eq!(fs::read_to_string(dir.path().join("b.json"))?, "old");
        assert_eq!(names(dir.path()), ["a.json", "b.json"]);
        Ok(())
    }

    #[test]
    fn temp_names_follow_one_pattern() {
        assert!(is_temp_name_of("a.json", ".a.json.Ab3xY9.tmp"));
        for other in [
            "a.json",
            ".a.json.Ab3xY9.tmp.json",
            ".a.json.Ab3xY.tmp",
            ".a.json.Ab3xY90.tmp",
            ".a.json.Ab-xY9.tmp",
            ".b.json.Ab3xY9.tmp",
            ".a.json.Ab3xY9.TMP",
            "a.json.Ab3xY9.tmp",
            ".xa.json.Ab3xY9.tmp",
        ] {
            assert!(!is_temp_name_of("a.json", other), "{other}");
        }
    }

    #[test]
    fn the_next_write_removes_stale_temps_of_its_own_file_only() -> Result<(), WriteError> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("a.json");
        fs::write(&path, "old")?;
        let keep = [
            ".b.json.Ab3xY9.tmp",
            ".a.json.Ab3xY9.tmp.json",
            ".a.json.notes.tmp",
            "a.json.bak",
        ];
        for name in keep.iter().chain([&".a.json.Ab3xY9.tmp"]) {
            fs::write(dir.path().join(name), "stale")?;
        }
        let notes = replace(&path, "old", text("new"))?;
        assert_eq!(
            notes,
            [Note::StaleTempRemoved(
                fs::canonicalize(dir.path())?.join(".a.json.Ab3xY9.tmp")
            )]
        );
        let mut expected: Vec<&str> = keep.to_vec();
        expected.push("a.json");
        expected.sort();
        assert_eq!(names(dir.path()), expected);
        Ok(())
    }

    #[cfg(unix)]
    #[test]
    fn a_temp_held_by_a_live_writer_is_not_stale() -> io::Result<()> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("a.json");
        fs::write(&path, "old")?;
        let temp = in_flight::create(dir.path(), "a.json")?;
        assert_eq!(remove_stale_temps(&path)?, Vec::<PathBuf>::new());
        assert!(temp.path().exists());
        drop(temp);
        assert_eq!(names(dir.path()), ["a.json"]);
        Ok(())
    }

    #[test]
    fn a_failed_rename_leaves_no_temp() -> io::Result<()> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("a.json");
        fs::write(&path, "old")?;
        let temp = in_flight::create(dir.path(), "a.json")?;
        // A folder cannot be replaced by a file.
        let folder = dir.path().join("sub");
        fs::create_dir(&folder)?;
        fs::write(folder.join("x"), "")?;
        assert!(in_flight::persist(&temp, &folder).is_err());
        drop(temp);
        assert_eq!(names(dir.path()), ["a.json", "sub"]);
        Ok(())
    }

    #[test]
    fn a_temp_is_listed_for_the_signal_handler_while_in_flight() -> io::Result<()> {
        let dir = tempfile::tempdir()?;
        let temp = in_flight::create(dir.path(), "a.json")?;
        let path = temp.path().to_path_buf();
        assert!(in_flight::listed(&path));
        drop(temp);
        assert!(!in_flight::listed(&path));
        assert!(!path.exists());
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
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640))?;
        write(&path, b"again")?;
        assert_eq!(mode(&path)?, 0o640, "a replaced file keeps its mode");
        Ok(())
    }
}
