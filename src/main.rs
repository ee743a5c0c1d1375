use std::process::ExitCode;

use clap::Parser;

/// mimalloc: see README, "Dependencies".
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay`: its index in `mi_option_t` (v3, the
/// crate's default; the test below checks it by its default of 1,000 ms).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() -> ExitCode {
    // Freed memory stays with the process for the rest of the run instead
    // of going back to the OS a second later: a run frees and allocates
    // hundreds of megabytes on a big article, and every page handed back
    // is zeroed again by the kernel when it is reused (on the benchmark
    // VM, most of the system time of such runs). A run is short; its peak
    // memory is the same either way.
    // SAFETY: `mi_option_set` is not thread-safe; no other thread exists yet.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
    let cli = claimcheck::cli::Cli::parse();
    ExitCode::from(claimcheck::cli::run(cli))
}

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
