use std::process::ExitCode;

use clap::Parser;

/// mimalloc: see README, "Dependencies".
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay`: its index in `mi_option_t` (v3, the
/// crate's default; the test below checks it by its default of 1,000 ms).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// See `main`: measured against -1 (never), 0 and 10 in BENCHMARKS.md.
const PURGE_DELAY_MS: std::ffi::c_long = 100;

fn main() -> ExitCode {
    // Freed memory goes back to the OS 100 ms after it is freed, not the
    // default second: a run over an archive frees each file's memory as it
    // goes, and with the default (or never purging) the pages it keeps grow
    // with the archive (26 MB at 8,000 articles against 20 MB at 500, with
    // a heap that peaks at 3 MB). Not at once: a page handed back is zeroed
    // by the kernel when it is reused, and on the benchmark VM purging at
    // once cost up to 15% of an archive run. A run shorter than the delay
    // (the re-anchoring cases) purges nothing.
    // SAFETY: `mi_option_set` is not thread-safe; no other thread exists yet.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, PURGE_DELAY_MS) };
    huge_pages_for_large_input();
    let cli = claimcheck::cli::Cli::parse();
    ExitCode::from(claimcheck::cli::run(cli))
}

/// Transparent huge pages only once the input is large. mimalloc asks for
/// them on its arenas, and the kernel zeroes a whole 2 MB page at the
/// first touch of one: a third of `claimcheck --version`'s samples, and
/// a share of every small run (the bundled article's), which never fills
/// it. A big run (an archive, a 50 MB article) is up to a fifth faster
/// with them, so they come back once the files read pass
/// `workspace::LARGE_INPUT`. The kernel checks the flag at each page
/// fault, so the arenas already made follow it.
#[cfg(target_os = "linux")]
fn huge_pages_for_large_input() {
    fn allow(allowed: bool) {
        let disable: libc::c_ulong = if allowed { 0 } else { 1 };
        let unused: libc::c_ulong = 0;
        // SAFETY: PR_SET_THP_DISABLE only sets this process's flag; the
        // unused arguments must be zero. A kernel without it says EINVAL,
        // and the run goes on as it would have.
        unsafe { libc::prctl(libc::PR_SET_THP_DISABLE, disable, unused, unused, unused) };
    }
    allow(false);
    claimcheck::workspace::on_large_input(|| allow(true));
}

#[cfg(not(target_os = "linux"))]
fn huge_pages_for_large_input() {}

#[cfg(test)]
mod tests {
    #[test]
    fn the_purge_delay_option_is_the_one_set() {
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
            return;
        }
        // SAFETY: reading an option; no other test sets mimalloc options.
        let delay = unsafe { libmimalloc_sys::mi_option_get(super::MI_OPTION_PURGE_DELAY) };
        assert_eq!(delay, 1000, "mimalloc's default purge delay, in ms");
    }
}
