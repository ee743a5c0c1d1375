//! A way for the binary to hand memory back to the OS when a large part of
//! it was just freed. The library frees; whether the allocator keeps the
//! pages for a while (mimalloc does, for 100 ms: see `main.rs`) is the
//! binary's business, so the library only says when it matters.

use std::sync::OnceLock;

/// Freed at once, this much is worth handing back now: the search indexes
/// of an article of a few MB.
pub const LARGE_FREE_BYTES: usize = 4 << 20;

static RETURN_FREED: OnceLock<fn()> = OnceLock::new();

/// Sets what is called after a large free (once; later calls are ignored).
pub fn on_large_free(hand_back: fn()) {
    let _ = RETURN_FREED.set(hand_back);
}

/// Says that `bytes` were just freed at once.
pub(crate) fn freed(bytes: usize) {
    if bytes >= LARGE_FREE_BYTES {
        hand_back();
    }
}

/// Hands what was freed back now, however much: after a step on one
/// thread whose pages the threads working next would not reuse (an
/// archive's file list, made before its files are checked elsewhere).
pub(crate) fn hand_back() {
    if let Some(hand_back) = RETURN_FREED.get() {
        hand_back();
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    static HANDED_BACK: AtomicUsize = AtomicUsize::new(0);

    #[test]
    fn only_a_large_free_or_an_outright_ask_is_handed_back() {
        super::on_large_free(|| {
            HANDED_BACK.fetch_add(1, Ordering::Relaxed);
        });
        super::freed(super::LARGE_FREE_BYTES - 1);
        assert_eq!(HANDED_BACK.load(Ordering::Relaxed), 0);
        super::freed(super::LARGE_FREE_BYTES);
        assert_eq!(HANDED_BACK.load(Ordering::Relaxed), 1);
        // Asked for outright, whatever was freed.
        super::hand_back();
        assert_eq!(HANDED_BACK.load(Ordering::Relaxed), 2);
    }
}
