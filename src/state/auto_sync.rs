//! The auto-sync switch's slice: what the person chose and whether the host's `onChange` is running. It belongs
//! to no mailbox, so opening another mailbox's e-mails leaves it as it is. Changed only through [`reduce`].

use super::shell::{Changed, Shell};

/// The auto-sync switch (shown only when the host gave `autoSync`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AutoSyncState {
    /// What the person last chose here; `None` follows the host's `autoSync.enabled`.
    pub chosen: Option<bool>,
    /// The host's `onChange` is running: the switch waits.
    pub busy: bool,
    /// Why the host's `onChange` failed last time (the switch went back).
    pub error: Option<String>,
}

impl AutoSyncState {
    /// What the switch shows, given the host's `autoSync.enabled`.
    pub fn enabled(&self, host_enabled: bool) -> bool {
        self.chosen.unwrap_or(host_enabled)
    }

    /// Whether a click that asks for `enabled` should call the host: not while a call runs, not for no change.
    pub fn should_change(&self, host_enabled: bool, enabled: bool) -> bool {
        !self.busy && self.enabled(host_enabled) != enabled
    }
}

/// A change to [`AutoSyncState`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AutoSyncAction {
    /// The host's `onChange(enabled)` was called: the switch shows `enabled` and waits.
    Started { enabled: bool },
    /// `onChange` resolved.
    Done,
    /// `onChange` threw or rejected: back to `previous`, with the reason.
    Failed { previous: bool, reason: String },
    /// The host passed a new `autoSync` through `update`: its `enabled` rules again.
    HostChanged,
}

pub fn reduce(
    auto_sync: &mut AutoSyncState,
    action: AutoSyncAction,
    _shell: &mut Shell,
) -> Changed {
    let before = auto_sync.clone();
    match action {
        AutoSyncAction::Started { enabled } => {
            auto_sync.chosen = Some(enabled);
            auto_sync.busy = true;
            auto_sync.error = None;
        }
        AutoSyncAction::Done => auto_sync.busy = false,
        AutoSyncAction::Failed { previous, reason } => {
            auto_sync.chosen = Some(previous);
            auto_sync.busy = false;
            auto_sync.error = Some(reason);
        }
        AutoSyncAction::HostChanged => {
            auto_sync.chosen = None;
            auto_sync.error = None;
        }
    }
    Changed::from(*auto_sync != before)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_switch_follows_the_host_until_the_person_chooses() {
        let idle = AutoSyncState::default();
        assert!(idle.enabled(true));
        assert!(idle.should_change(false, true));
        assert!(!idle.should_change(true, true), "no change, no call");
    }
}
