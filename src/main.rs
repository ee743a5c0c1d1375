use std::process::ExitCode;

use clap::Parser;

/// mimalloc: see README, "Dependencies".
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay`: its index in `mi_option_t` (v3, the
/// crate's default; the test below checks it by its default of 1,000 ms).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// See `main`: measured against -1 (never), 0, 10, 50 and 100 in
/// BENCHMARKS.md.
const PURGE_DELAY_MS: std::ffi::c_long = 20;

fn main() -> ExitCode {
    // Freed memory goes back to the OS 20 ms after it is freed, not the
    // default second: a run over an archive frees each file's memory as it
    // goes, and the pages mimalloc keeps until then grow with the run, not
    // the article (a heap of 2.6 MB at 8,000 articles; 100 ms kept the
    // first tenth of a second's pages, 11.1 MB against 8.9 MB at 500
    // articles; 20 ms, 10.9). Not at once: a page handed back is zeroed
    // by the kernel when it is reused, and on the benchmark VM purging at
    // once cost up to 15% of an archive run (20 ms: 1.5%, 10 ms: 3-4%). A
    // run shorter than the delay (the bundled re-anchoring case) purges
    // nothing.
    // SAFETY: `mi_option_set` is not thread-safe; no other thread exists yet.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, PURGE_DELAY_MS) };
    no_huge_pages();
    claimcheck::memory::on_large_free(hand_back_freed);
    let cli = claimcheck::cli::Cli::parse();
    ExitCode::from(claimcheck::cli::run(cli))
}

/// Purges what mimalloc holds freed now rather than after the delay: once
/// an article's search indexes go, the report that follows would otherwise
/// take fresh pages beside them (16,000 findings: 80–91 MB peak without
/// this, 80–82 with it; BENCHMARKS.md, eighth session).
fn hand_back_freed() {
    // SAFETY: `mi_collect` may be called from any thread at any time.
    unsafe { libmimalloc_sys::mi_collect(true) };
}

/// No transparent huge pages for this process. mimalloc advises them on
/// its arenas, and a huge page is resident whole from its first touch:
/// each thread's pages of each size class spread over 2 MB pages most of
/// which stay empty (16,000 findings: 104 MB RSS with them, 90 MB without;
/// 4,000 drifted quotes on 3 MB: 81 against 52 MB). And the kernel zeroes
/// each whole at that first touch: a quarter of the samples of a run over
/// a 50 MB article, which on the benchmark VM was a fifth faster without
/// them (BENCHMARKS.md, seventh session).
#[cfg(target_os = "linux")]
fn no_huge_pages() {
    let (disable, unused): (libc::c_ulong, libc::c_ulong) = (1, 0);
    // SAFETY: PR_SET_THP_DISABLE only sets this process's flag; the unused
    // arguments must be zero. A kernel without it says EINVAL, and the run
    // goes on as it would have.
    unsafe { libc::prctl(libc::PR_SET_THP_DISABLE, disable, unused, unused, unused) };
}

#[cfg(not(target_os = "linux"))]
fn no_huge_pages() {}

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
