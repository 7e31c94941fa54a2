//! The accounts slice: connected mailboxes and signing in, as pure state — the data sources the API lists (and
//! whether that list is loading or failed), the active one, the sign-in flow's phase as the Signing-in screen
//! shows it, and a disconnect being confirmed or sent. Changed only through [`reduce`]; every decision here is
//! tested natively (the transitions through the root reducer in `state/tests/accounts.rs`).

use super::shell::{Changed, Notice, Screen, Shell};
use crate::api::{DataSource, DataSourceSyncStatus};
use crate::i18n::{fill, Strings};
use crate::oauth::{Phase, SourceSnapshot};
use std::rc::Rc;

/// Where the list of connected mailboxes stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Listing {
    /// Not asked yet.
    Idle,
    /// `user_data_sources` is on its way.
    Loading,
    /// The last attempt failed; the notice says why and offers "Try again".
    Failed,
    /// `sources` holds the API's last answer.
    Loaded,
}

/// What the Accounts and Signing-in screens show.
#[derive(Clone, Debug, PartialEq)]
pub struct AccountsState {
    /// The connected Outlook mailboxes as the API last listed them, a page at a time; `None` until the first
    /// answer.
    pub sources: Option<Rc<Vec<DataSource>>>,
    /// How many connected mailboxes the API has in all (its `count`): more than `sources` holds means "Show more".
    pub total: usize,
    /// The mailbox the Choose, Progress and Files screens are about.
    pub active: Option<i64>,
    pub listing: Listing,
    /// Numbers list requests, so an answer older than the latest request is ignored.
    pub list_request: u32,
    /// The sign-in flow's phase (`Phase::Idle` when none ran).
    pub sign_in: Phase,
    /// The screen the user left for the Signing-in screen: where a cancelled, timed-out or failed sign-in returns.
    pub return_to: Screen,
    /// The mailbox whose "Disconnect" asks for confirmation.
    pub confirm_disconnect: Option<i64>,
    /// The mailbox whose `revoke_access_token` is on its way.
    pub disconnecting: Option<i64>,
}

impl Default for AccountsState {
    fn default() -> Self {
        Self {
            sources: None,
            total: 0,
            active: None,
            listing: Listing::Idle,
            list_request: 0,
            sign_in: Phase::Idle,
            return_to: Screen::Connect,
            confirm_disconnect: None,
            disconnecting: None,
        }
    }
}

impl AccountsState {
    /// The listed mailbox with this id.
    pub fn source(&self, id: i64) -> Option<&DataSource> {
        self.sources
            .as_deref()?
            .iter()
            .find(|source| source.id == id)
    }

    /// What the sign-in flow compares its polls with: the listed mailboxes, once listed.
    pub fn snapshots(&self) -> Option<Vec<SourceSnapshot>> {
        let sources = self.sources.as_deref()?;
        Some(sources.iter().map(SourceSnapshot::from).collect())
    }
}

/// A change to [`AccountsState`] (and the screen it leads to).
#[derive(Clone, Debug, PartialEq)]
pub enum AccountsAction {
    /// Make this data source the one the Choose, Progress and Files screens are about.
    Activate(i64),
    /// The API listed the connected mailboxes: any leads to the Accounts screen, none to Connect.
    Listed(Rc<Vec<DataSource>>),
    /// A `user_data_sources` request numbered `request` was sent (numbers only grow).
    ListStarted { request: u32 },
    /// The answer to list request `request`: [`AccountsAction::Listed`] unless a later request was sent since.
    ListAnswered {
        request: u32,
        sources: Rc<Vec<DataSource>>,
        total: usize,
    },
    /// The answer to list request `request` for the page after the listed mailboxes ("Show more"): appended.
    MoreAnswered {
        request: u32,
        sources: Vec<DataSource>,
        total: usize,
    },
    /// List request `request` failed (the flow shows why in the notice).
    ListFailed { request: u32 },
    /// The sign-in flow entered `phase`.
    SignIn(Phase),
    /// "Disconnect" was clicked: ask to confirm (`None`: the user kept the mailbox).
    ConfirmDisconnect(Option<i64>),
    /// The confirmed disconnect was sent.
    DisconnectStarted(i64),
    /// The API revoked the mailbox: it leaves the list at once (the flow then lists again).
    Disconnected(i64),
    /// The revoke failed: the mailbox stays, as it was.
    DisconnectFailed(i64),
}

pub fn reduce(accounts: &mut AccountsState, action: AccountsAction, shell: &mut Shell) -> Changed {
    match action {
        AccountsAction::Activate(id) if accounts.active == Some(id) => return Changed::No,
        AccountsAction::Activate(id) => accounts.active = Some(id),
        AccountsAction::ListStarted { request } => {
            accounts.list_request = request;
            accounts.listing = Listing::Loading;
        }
        AccountsAction::ListAnswered { request, .. }
        | AccountsAction::MoreAnswered { request, .. }
        | AccountsAction::ListFailed { request }
            if request != accounts.list_request =>
        {
            return Changed::No
        }
        AccountsAction::Listed(sources) => {
            accounts.listing = Listing::Loaded;
            accounts.total = sources.len();
            show_sources(accounts, shell, sources);
        }
        AccountsAction::ListAnswered { sources, total, .. } => {
            accounts.listing = Listing::Loaded;
            accounts.total = total.max(sources.len());
            show_sources(accounts, shell, sources);
        }
        AccountsAction::MoreAnswered { sources, total, .. } => {
            accounts.listing = Listing::Loaded;
            let mut all = accounts.sources.as_deref().cloned().unwrap_or_default();
            for source in sources {
                // A page of at most 100: a linear look-up is enough, and a set type would add to the bundle.
                if !all.iter().any(|shown| shown.id == source.id) {
                    all.push(source);
                }
            }
            accounts.total = total.max(all.len());
            accounts.sources = Some(Rc::new(all));
        }
        AccountsAction::ListFailed { .. } => {
            accounts.listing = Listing::Failed;
            // Nothing known to list: the Connect screen (the notice above it says why and offers "Try again").
            if accounts.sources.is_none() && *shell.screen == Screen::Accounts {
                *shell.screen = Screen::Connect;
            }
        }
        AccountsAction::SignIn(phase) if phase == accounts.sign_in => return Changed::No,
        AccountsAction::SignIn(phase) => {
            if phase.is_active() && *shell.screen != Screen::SigningIn {
                accounts.return_to = *shell.screen;
                *shell.screen = Screen::SigningIn;
            } else if ends_back_where_it_started(&phase) && *shell.screen == Screen::SigningIn {
                *shell.screen = accounts.return_to;
            }
            accounts.sign_in = phase;
        }
        AccountsAction::ConfirmDisconnect(id) if id == accounts.confirm_disconnect => {
            return Changed::No
        }
        AccountsAction::ConfirmDisconnect(id) => accounts.confirm_disconnect = id,
        AccountsAction::DisconnectStarted(id) => {
            accounts.confirm_disconnect = None;
            accounts.disconnecting = Some(id);
        }
        AccountsAction::Disconnected(id) => {
            accounts.disconnecting = None;
            let remaining = accounts
                .sources
                .as_deref()
                .map(|sources| sources.iter().filter(|s| s.id != id).cloned().collect())
                .unwrap_or_default();
            show_sources(accounts, shell, Rc::new(remaining));
        }
        AccountsAction::DisconnectFailed(id) if accounts.disconnecting != Some(id) => {
            return Changed::No
        }
        AccountsAction::DisconnectFailed(_) => accounts.disconnecting = None,
    }
    Changed::Yes
}

/// Whether the flow ended without a mailbox, so the user goes back to the screen they signed in from.
fn ends_back_where_it_started(phase: &Phase) -> bool {
    matches!(
        phase,
        Phase::Idle | Phase::Cancelled | Phase::TimedOut | Phase::Failed { .. }
    )
}

/// Stores a fresh list and moves to the screen it calls for.
fn show_sources(accounts: &mut AccountsState, shell: &mut Shell, sources: Rc<Vec<DataSource>>) {
    let active_listed = accounts
        .active
        .is_some_and(|id| sources.iter().any(|source| source.id == id));
    if !active_listed {
        accounts.active = None;
    }
    // A tree the host gave before the list arrived keeps its Choose screen: the host chose to show it.
    let keeps_screen =
        active_listed || (*shell.screen == Screen::Choose && *shell.host_folder_tree);
    *shell.screen = screen_after_listing(*shell.screen, !sources.is_empty(), keeps_screen);
    accounts.sources = Some(sources);
}

/// The screen to show once the connected mailboxes are known: the Accounts screen when there are some, Connect
/// when there are none. Signing in stays where it is; the Choose, Progress and Files screens stay while
/// `keeps_screen` (their mailbox is still connected, or the host gave the Choose screen's folder tree).
pub fn screen_after_listing(current: Screen, any: bool, keeps_screen: bool) -> Screen {
    match current {
        Screen::SigningIn => current,
        Screen::Choose | Screen::Progress | Screen::Files if keeps_screen => current,
        _ if any => Screen::Accounts,
        _ => Screen::Connect,
    }
}

/// What the notice says when a sign-in ends without a mailbox; `None` for the phases that say nothing.
pub fn sign_in_notice(phase: &Phase, text: &Strings) -> Option<Notice> {
    let (code, message) = match phase {
        Phase::Cancelled => ("auth_cancelled", text.sign_in_cancelled.to_owned()),
        Phase::TimedOut => ("auth_timeout", text.sign_in_timed_out.to_owned()),
        Phase::Failed { message, .. } => (
            "auth_error",
            fill(text.sign_in_failed, &[("message", message)]),
        ),
        _ => return None,
    };
    Some(Notice {
        code: code.to_owned(),
        message,
    })
}

/// A mailbox's name as the screens show it: its address, or a numbered stand-in when the API gave none.
pub fn mailbox_name(source: &DataSource, text: &Strings) -> String {
    match source.data_source_external_id.as_deref() {
        Some(address) if !address.trim().is_empty() => address.to_owned(),
        _ => fill(text.mailbox_unnamed, &[("id", &source.id.to_string())]),
    }
}

/// The sync status in words.
pub fn status_text(status: DataSourceSyncStatus, text: &Strings) -> &'static str {
    match status {
        DataSourceSyncStatus::Ready => text.status_ready,
        DataSourceSyncStatus::Syncing => text.status_syncing,
        DataSourceSyncStatus::QueuedForSyncing => text.status_queued,
        DataSourceSyncStatus::SyncError => text.status_error,
        DataSourceSyncStatus::Other => text.status_unknown,
    }
}

/// "Last synced …" from the API's ISO 8601 timestamp (`2026-11-27T05:03:11.52Z` → `2026-11-27 05:03 UTC`), or
/// "Not synced yet". A value that is not such a timestamp is shown as given.
pub fn last_synced_text(last_synced_at: Option<&str>, text: &Strings) -> String {
    let Some(stamp) = last_synced_at.filter(|stamp| !stamp.trim().is_empty()) else {
        return text.never_synced.to_owned();
    };
    // In the browser: the table's language and the person's time zone (`Intl.DateTimeFormat`).
    let readable = crate::i18n::date_time(text, stamp).unwrap_or_else(|| {
        match (stamp.get(..10), stamp.get(10..11), stamp.get(11..16)) {
            (Some(date), Some("T" | " "), Some(time)) if is_utc(stamp) => {
                format!("{date} {time} UTC")
            }
            _ => stamp.to_owned(),
        }
    });
    fill(text.last_synced, &[("when", &readable)])
}

/// Whether an ISO 8601 timestamp is in UTC (`Z`, `+00:00`, or no offset, which the API uses for UTC).
fn is_utc(stamp: &str) -> bool {
    let time = stamp.get(11..).unwrap_or_default();
    let offset_at = time.find(['+', '-']);
    match offset_at {
        Some(at) => matches!(&time[at..], "+00:00" | "-00:00" | "+0000"),
        None => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::ENGLISH;

    fn waiting_phase() -> Phase {
        Phase::WaitingForSignIn {
            popup_closed: false,
        }
    }

    #[test]
    fn screen_after_listing_never_interrupts_signing_in() {
        assert_eq!(
            screen_after_listing(Screen::SigningIn, true, false),
            Screen::SigningIn
        );
        assert_eq!(
            screen_after_listing(Screen::SigningIn, false, false),
            Screen::SigningIn
        );
        assert_eq!(
            screen_after_listing(Screen::Files, true, true),
            Screen::Files
        );
        assert_eq!(
            screen_after_listing(Screen::Progress, true, false),
            Screen::Accounts
        );
        assert_eq!(
            screen_after_listing(Screen::Connect, true, false),
            Screen::Accounts
        );
        assert_eq!(
            screen_after_listing(Screen::Accounts, false, false),
            Screen::Connect
        );
    }

    #[test]
    fn every_unsuccessful_end_of_sign_in_has_a_notice_with_its_event_code() {
        let failed = Phase::Failed {
            code: "sign_in_failed".into(),
            message: "The user declined consent".into(),
        };
        let notice = sign_in_notice(&failed, &ENGLISH).unwrap();
        assert_eq!(notice.code, "auth_error");
        assert!(
            notice.message.contains("The user declined consent"),
            "{}",
            notice.message
        );
        assert_eq!(
            sign_in_notice(&Phase::TimedOut, &ENGLISH).unwrap().code,
            "auth_timeout"
        );
        assert_eq!(
            sign_in_notice(&Phase::Cancelled, &ENGLISH).unwrap().code,
            "auth_cancelled"
        );
        assert_eq!(sign_in_notice(&waiting_phase(), &ENGLISH), None);
        assert_eq!(
            sign_in_notice(
                &Phase::Connected {
                    data_source_id: Some(1)
                },
                &ENGLISH
            ),
            None
        );
    }

    #[test]
    fn mailboxes_are_named_by_address_or_by_number() {
        assert_eq!(
            mailbox_name(&DataSource::sample(4, "alex@contoso.test"), &ENGLISH),
            "alex@contoso.test"
        );
        let unnamed = DataSource {
            data_source_external_id: None,
            ..DataSource::sample(4, "")
        };
        assert_eq!(mailbox_name(&unnamed, &ENGLISH), "Outlook mailbox 4");
        assert_eq!(
            mailbox_name(&DataSource::sample(4, "  "), &ENGLISH),
            "Outlook mailbox 4"
        );
    }

    #[test]
    fn last_synced_is_readable_and_never_invents_a_time() {
        assert_eq!(last_synced_text(None, &ENGLISH), "Not synced yet");
        assert_eq!(
            last_synced_text(Some("2026-11-27T05:03:11.529Z"), &ENGLISH),
            "Last synced 2026-11-27 05:03 UTC"
        );
        assert_eq!(
            last_synced_text(Some("2026-11-27T05:03:11+00:00"), &ENGLISH),
            "Last synced 2026-11-27 05:03 UTC"
        );
        assert_eq!(
            last_synced_text(Some("2026-11-27T05:03:11+02:00"), &ENGLISH),
            "Last synced 2026-11-27T05:03:11+02:00",
            "another offset is shown as given, not mislabelled UTC"
        );
        assert_eq!(
            last_synced_text(Some("yesterday"), &ENGLISH),
            "Last synced yesterday"
        );
    }

    #[test]
    fn every_status_has_words() {
        for status in [
            DataSourceSyncStatus::Ready,
            DataSourceSyncStatus::Syncing,
            DataSourceSyncStatus::QueuedForSyncing,
            DataSourceSyncStatus::SyncError,
            DataSourceSyncStatus::Other,
        ] {
            assert!(!status_text(status, &ENGLISH).is_empty());
        }
        assert_ne!(
            status_text(DataSourceSyncStatus::Ready, &ENGLISH),
            status_text(DataSourceSyncStatus::SyncError, &ENGLISH)
        );
    }
}
