//! The progress polling schedule, as pure logic: when to count a sync's files again, and when the syncs are
//! done. Held by `crate::flow::sync` while it polls (not part of `WidgetState`); what it decides reaches the state
//! as `ProgressAction`s.

use crate::api::{ApiError, ApiErrorKind, StageCounts};

/// The first wait before counting a sync's files, and the wait after counts changed.
pub const FIRST_POLL_MS: u32 = 1_000;
/// The longest wait between two counts.
pub const MAX_POLL_MS: u32 = 8_000;
/// Unchanged counts needed before a sync with no files at all counts as finished: its files may appear a moment
/// after the API accepted it, so zero right away is not "done" (with the doubling waits, about 15 s).
pub const EMPTY_POLLS_BEFORE_DONE: u32 = 3;

fn files_in(counts: &StageCounts) -> u32 {
    counts.queued + counts.syncing + counts.ready + counts.failed
}

/// When to count again and when to stop: the wait starts at [`FIRST_POLL_MS`], doubles while nothing changes
/// (up to [`MAX_POLL_MS`]) and starts over when the counts move. The syncs are done when every file is final and
/// the counts did not change since the previous count (more files may still be arriving otherwise); a sync with
/// no files yet needs [`EMPTY_POLLS_BEFORE_DONE`] unchanged counts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Poller {
    wait_ms: u32,
    previous: Option<Vec<StageCounts>>,
    unchanged: u32,
}

impl Default for Poller {
    fn default() -> Self {
        Self {
            wait_ms: FIRST_POLL_MS,
            previous: None,
            unchanged: 0,
        }
    }
}

/// What a count means for the polling.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Observed {
    /// The counts differ from the previous ones (send `sync_progress`).
    pub changed: bool,
    /// Every sync is finished (send `sync_completed`, stop polling).
    pub done: bool,
}

impl Poller {
    /// How long to wait before the next count.
    pub fn wait_ms(&self) -> u32 {
        self.wait_ms
    }

    /// Takes one count (one entry per run) and decides.
    pub fn observe(&mut self, counts: &[StageCounts]) -> Observed {
        let changed = self.previous.as_deref() != Some(counts);
        if changed {
            self.unchanged = 0;
            self.wait_ms = FIRST_POLL_MS;
            self.previous = Some(counts.to_vec());
        } else {
            self.unchanged += 1;
            self.back_off();
        }
        let all_final = counts.iter().all(StageCounts::is_settled);
        let needed = if counts.iter().any(|c| files_in(c) == 0) {
            EMPTY_POLLS_BEFORE_DONE
        } else {
            1
        };
        Observed {
            changed,
            done: all_final && self.unchanged >= needed,
        }
    }

    /// A count failed: wait longer before the next one.
    pub fn failed(&mut self) {
        self.back_off();
    }

    fn back_off(&mut self) {
        self.wait_ms = self.wait_ms.saturating_mul(2).min(MAX_POLL_MS);
    }
}

/// Whether a failed count is worth repeating: the connection or the server may come back, and a garbled answer
/// may be a one-off; a refused token or access will not change by waiting.
pub fn keeps_polling(error: &ApiError) -> bool {
    error.is_transient() || matches!(error.kind, ApiErrorKind::Offline | ApiErrorKind::Malformed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn polling_backs_off_while_nothing_changes_and_starts_over_on_change() {
        let mut poller = Poller::default();
        assert_eq!(poller.wait_ms(), 1_000);
        let moving = poller.observe(&[StageCounts::of(3, 0, 0, 0)]);
        assert_eq!((moving.changed, moving.done), (true, false));
        assert_eq!(poller.wait_ms(), 1_000);
        let mut waits = vec![];
        for _ in 0..5 {
            poller.observe(&[StageCounts::of(3, 0, 0, 0)]);
            waits.push(poller.wait_ms());
        }
        assert_eq!(waits, [2_000, 4_000, 8_000, 8_000, 8_000]);
        poller.observe(&[StageCounts::of(1, 2, 0, 0)]);
        assert_eq!(poller.wait_ms(), 1_000, "progress starts the schedule over");
        poller.failed();
        assert_eq!(poller.wait_ms(), 2_000);
    }

    #[test]
    fn done_needs_every_file_final_and_the_same_counts_twice() {
        let mut poller = Poller::default();
        assert!(
            !poller.observe(&[StageCounts::of(0, 0, 5, 0)]).done,
            "more files may still come"
        );
        let settled = poller.observe(&[StageCounts::of(0, 0, 5, 0)]);
        assert_eq!((settled.changed, settled.done), (false, true));

        let mut poller = Poller::default();
        poller.observe(&[StageCounts::of(0, 1, 4, 0)]);
        assert!(
            !poller.observe(&[StageCounts::of(0, 1, 4, 0)]).done,
            "a file is still syncing"
        );
    }

    #[test]
    fn zero_files_right_after_the_request_is_not_done() {
        let mut poller = Poller::default();
        let seen: Vec<bool> = (0..4)
            .map(|_| {
                poller
                    .observe(&[StageCounts::of(0, 0, 0, 0), StageCounts::of(0, 0, 2, 0)])
                    .done
            })
            .collect();
        assert_eq!(seen, [false, false, false, true]);
    }

    #[test]
    fn polling_goes_on_through_outages_but_not_refusals() {
        let offline = ApiError::new(ApiErrorKind::Offline, "offline");
        let server = ApiError::new(ApiErrorKind::Server { status: 502 }, "down");
        let refused = ApiError::new(ApiErrorKind::Forbidden, "no");
        assert!(keeps_polling(&offline) && keeps_polling(&server));
        assert!(!keeps_polling(&refused));
    }
}
