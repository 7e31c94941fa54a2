//! Every string a person reads in the widget, one table per language.
//!
//! Adding a locale means adding one [`Strings`] table and one line in [`table_for`]; components never hold text.
//! Templates use `{name}` placeholders, filled by [`fill`].

use outlook_connect_filter::summary::{self, Words};

/// The text of the widget in one language.
#[derive(Debug, PartialEq, Eq)]
pub struct Strings {
    /// The language tag this table is for.
    pub tag: &'static str,
    /// Used for `{org}` when the host gave no `orgName`.
    pub default_org: &'static str,
    pub connect_title: &'static str,
    /// One sentence: what will be read. `{org}` is the host's name.
    pub connect_lead: &'static str,
    pub connect_read_only: &'static str,
    pub connect_button: &'static str,
    pub brand_icon_alt: &'static str,
    pub powered_by: &'static str,
    /// The words of the filter summary (the filter crate's table for this language).
    pub summary_words: &'static Words,
    pub choose_title: &'static str,
    pub choose_lead: &'static str,
    pub folders_title: &'static str,
    pub folders_filter_label: &'static str,
    pub folders_filter_placeholder: &'static str,
    pub folders_tree_label: &'static str,
    /// A folder's counts: `{total}` e-mails, `{unread}` unread.
    pub folder_counts: &'static str,
    /// No folder matches `{query}`.
    pub folders_no_match: &'static str,
    /// `{count}` folders selected, one sync each.
    pub folders_selected: &'static str,
    pub folders_none_selected: &'static str,
    pub filter_title: &'static str,
    pub tab_visual: &'static str,
    pub tab_json: &'static str,
    pub tabs_label: &'static str,
    pub operator_label: &'static str,
    pub operator_and: &'static str,
    pub operator_or: &'static str,
    pub root_group_label: &'static str,
    /// An inner group: `{position}` of `{count}`.
    pub group_label: &'static str,
    /// A condition: `{position}` of `{count}`.
    pub condition_label: &'static str,
    pub add_condition: &'static str,
    pub add_group: &'static str,
    /// Why "Add group" is disabled inside a group.
    pub add_group_too_deep: &'static str,
    pub move_up: &'static str,
    pub move_down: &'static str,
    pub remove_condition: &'static str,
    pub remove_group: &'static str,
    pub key_label: &'static str,
    pub key_category: &'static str,
    pub key_after: &'static str,
    pub key_before: &'static str,
    pub key_from: &'static str,
    pub key_is_flagged: &'static str,
    pub key_has_attachment: &'static str,
    pub value_category: &'static str,
    pub value_date: &'static str,
    pub value_from: &'static str,
    pub from_placeholder: &'static str,
    pub categories_label: &'static str,
    pub show_categories: &'static str,
    pub no_conditions: &'static str,
    pub warning_prefix: &'static str,
    pub summary_label: &'static str,
    /// The whole summary: e-mails in `{folders}`, then `{filter}` in words.
    pub summary_filtered: &'static str,
    /// The summary of `{}`: every e-mail in `{folders}`.
    pub summary_all: &'static str,
    /// Joins the last two folder names.
    pub list_and: &'static str,
    pub summary_stale: &'static str,
    pub json_label: &'static str,
    pub json_help: &'static str,
    /// A JSON syntax error: `{line}`, `{column}`, `{message}`.
    pub json_error_at: &'static str,
    // Choose e-mails: loading, options, Sync; the Progress screen.
    pub folders_loading: &'static str,
    /// The folders or categories did not load: `{message}`.
    pub folders_failed: &'static str,
    /// The categories failed while the folders loaded: `{message}`.
    pub categories_failed: &'static str,
    pub folders_retry: &'static str,
    pub options_title: &'static str,
    pub option_attachments: &'static str,
    pub option_incremental: &'static str,
    pub sync_button: &'static str,
    pub sync_sending: &'static str,
    /// Why the Sync button is disabled.
    pub sync_needs_account: &'static str,
    pub sync_needs_valid_filter: &'static str,
    pub sync_needs_folder: &'static str,
    /// No sync started: `{message}`.
    pub sync_failed: &'static str,
    /// No answer came to the sync requests (a timeout): they may have started. `{message}`.
    pub sync_unanswered: &'static str,
    pub progress_title: &'static str,
    pub progress_running: &'static str,
    pub progress_done: &'static str,
    pub count_queued: &'static str,
    pub count_syncing: &'static str,
    pub count_ready: &'static str,
    pub count_failed: &'static str,
    pub progress_folder: &'static str,
    pub progress_total: &'static str,
    /// A folder whose sync did not start: `{folder}`, `{message}`.
    pub progress_folder_failed: &'static str,
    /// No answer came to a folder's sync request: `{folder}`, `{message}`.
    pub progress_folder_unanswered: &'static str,
    /// Counting failed, polling goes on: `{message}`.
    pub progress_trouble: &'static str,
    /// Counting failed in a way waiting does not mend, and stopped: `{message}`.
    pub progress_stopped: &'static str,
    /// The status line once counting has stopped.
    pub progress_counting_stopped: &'static str,
    pub see_files: &'static str,
    pub back: &'static str,
    /// Dismisses the notice above the screen.
    pub notice_dismiss: &'static str,
    pub accounts_loading: &'static str,
    /// The list failed: `{message}` is the API's reason.
    pub accounts_load_failed: &'static str,
    /// Revoking `{mailbox}` failed: `{message}` is the API's reason.
    pub disconnect_failed: &'static str,
    pub retry: &'static str,
    /// While a screen's code is still downloading (rarely seen: it is fetched ahead).
    pub chunk_loading: &'static str,
    /// A screen's code could not be downloaded; "Try again" follows.
    pub chunk_failed: &'static str,
    pub accounts_lead: &'static str,
    pub accounts_list_label: &'static str,
    /// "Show more" under a list with more mailboxes than shown: `{count}` not shown yet.
    pub accounts_more: &'static str,
    /// A mailbox the API gave no address for: `{id}`.
    pub mailbox_unnamed: &'static str,
    pub status_ready: &'static str,
    pub status_syncing: &'static str,
    pub status_queued: &'static str,
    pub status_error: &'static str,
    pub status_unknown: &'static str,
    /// `{when}`: the date and time of the last sync.
    pub last_synced: &'static str,
    pub never_synced: &'static str,
    pub reconnect: &'static str,
    pub disconnect: &'static str,
    pub add_mailbox: &'static str,
    /// Asks to confirm disconnecting `{mailbox}`; `{org}` is the host's name.
    pub confirm_disconnect: &'static str,
    pub confirm_disconnect_yes: &'static str,
    pub confirm_disconnect_no: &'static str,
    pub disconnecting: &'static str,
    pub signing_in_title: &'static str,
    pub sign_in_opening: &'static str,
    pub sign_in_blocked: &'static str,
    pub sign_in_open_window: &'static str,
    pub sign_in_preparing: &'static str,
    pub sign_in_waiting: &'static str,
    /// Shown while waiting once the popup reads as closed (which may just be the sign-in page's COOP).
    pub sign_in_closed_hint: &'static str,
    pub sign_in_open_again: &'static str,
    pub sign_in_connected: &'static str,
    pub cancel: &'static str,
    pub sign_in_cancelled: &'static str,
    pub sign_in_timed_out: &'static str,
    /// A sign-in the API or Microsoft refused: `{message}` is their reason.
    pub sign_in_failed: &'static str,
    pub mailbox_nav_label: &'static str,
    pub all_mailboxes: &'static str,
    // Synced e-mails, resync, delete and auto-sync (files.rs).
    /// The Files screen's title.
    pub files_title: &'static str,
    /// The search box's label.
    pub files_search_label: &'static str,
    pub files_search_placeholder: &'static str,
    pub files_refresh: &'static str,
    pub files_loading: &'static str,
    /// The mailbox has no synced e-mail.
    pub files_empty: &'static str,
    /// Under [`Strings::files_empty`], before the Choose e-mails button.
    pub files_empty_hint: &'static str,
    /// No synced e-mail matches `{query}`.
    pub files_no_match: &'static str,
    /// Loading failed: `{message}` is the API's.
    pub files_load_failed: &'static str,
    pub files_retry: &'static str,
    /// The page's select-all checkbox.
    pub files_select_all: &'static str,
    /// A row's checkbox: `{name}` is the subject.
    pub files_select: &'static str,
    /// `{count}` e-mails selected.
    pub files_selected: &'static str,
    pub files_resync: &'static str,
    pub files_delete: &'static str,
    /// While a resync or delete runs.
    pub files_working: &'static str,
    /// The page: `{first}`–`{last}` of `{count}`.
    pub files_range: &'static str,
    pub files_previous: &'static str,
    pub files_next: &'static str,
    /// The pager's label.
    pub files_pages_label: &'static str,
    /// An e-mail without a subject.
    pub files_no_subject: &'static str,
    /// A synced e-mail waiting for its turn (a mailbox waiting is `status_queued`).
    pub file_status_queued: &'static str,
    pub status_failed: &'static str,
    /// A row's note after its resync.
    pub resync_requested: &'static str,
    /// A row's note after a 409.
    pub resync_conflict: &'static str,
    /// A row's note: `{message}` is the API's.
    pub resync_failed: &'static str,
    /// The confirmation for one e-mail: `{org}` is the host's name.
    pub delete_confirm_one: &'static str,
    /// The confirmation for `{count}` e-mails.
    pub delete_confirm_many: &'static str,
    pub delete_confirm: &'static str,
    pub delete_cancel: &'static str,
    /// `{message}` is the API's.
    pub delete_failed: &'static str,
    /// The API answered `success: false`.
    pub delete_not_done: &'static str,
    /// The auto-sync switch.
    pub auto_sync_label: &'static str,
    pub auto_sync_help: &'static str,
    /// The host's `onChange` failed: `{message}`.
    pub auto_sync_failed: &'static str,
    // Accounts and signing in.
    pub accounts_title: &'static str,
    /// On a mailbox's row: open its Choose screen.
    pub account_choose: &'static str,
    /// On a mailbox's row: open its synced e-mails.
    pub account_files: &'static str,
}

pub static ENGLISH: Strings = Strings {
    tag: "en",
    default_org: "This app",
    connect_title: "Connect your Outlook mailbox",
    connect_lead: "{org} will read the e-mails you choose from your Outlook mailbox, so it can search them for you.",
    connect_read_only: "Read-only: nothing is sent, changed or deleted in your mailbox.",
    connect_button: "Connect Outlook",
    brand_icon_alt: "{org} logo",
    powered_by: "Secured by outlook-connect",
    summary_words: &summary::ENGLISH,
    choose_title: "Choose e-mails",
    choose_lead: "Pick the folders to sync, then narrow down which e-mails in them.",
    folders_title: "Folders",
    folders_filter_label: "Filter folders",
    folders_filter_placeholder: "Type to filter folders",
    folders_tree_label: "Mailbox folders",
    folder_counts: "{total} e-mails, {unread} unread",
    folders_no_match: "No folder matches \u{201c}{query}\u{201d}.",
    folders_selected: "{count} selected \u{2014} one sync each",
    folders_none_selected: "Choose at least one folder.",
    filter_title: "Which e-mails",
    tab_visual: "Builder",
    tab_json: "JSON",
    tabs_label: "Filter editor",
    operator_label: "Match",
    operator_and: "all of these (AND)",
    operator_or: "any of these (OR)",
    root_group_label: "All conditions",
    group_label: "Group {position} of {count}",
    condition_label: "Condition {position} of {count}",
    add_condition: "Add condition",
    add_group: "Add group",
    add_group_too_deep: "A group inside a group can hold only conditions.",
    move_up: "Move up",
    move_down: "Move down",
    remove_condition: "Remove condition",
    remove_group: "Remove group",
    key_label: "Condition",
    key_category: "Category is",
    key_after: "Received on or after",
    key_before: "Received before",
    key_from: "From",
    key_is_flagged: "Is flagged",
    key_has_attachment: "Has attachments",
    value_category: "Category",
    value_date: "Date",
    value_from: "Sender address",
    from_placeholder: "name@example.com",
    categories_label: "Categories",
    show_categories: "Show categories",
    no_conditions: "No conditions: every e-mail in the chosen folders is synced.",
    warning_prefix: "Warning: ",
    summary_label: "What will sync",
    summary_filtered: "E-mails in {folders} {filter}.",
    summary_all: "All e-mails in {folders}.",
    list_and: " and ",
    summary_stale: "The builder has errors: the summary shows the last valid filter, and Sync waits until they are fixed.",
    json_label: "The filter as JSON",
    json_help: "Edits the same filter. Text that is not valid stays here as typed; the builder keeps the last valid filter.",
    json_error_at: "Line {line}, column {column}: {message}",
    folders_loading: "Loading the mailbox's folders…",
    folders_failed: "The folders could not be loaded: {message}",
    categories_failed: "The categories could not be loaded, so the category filter offers no suggestions: {message}",
    folders_retry: "Try again",
    options_title: "Options",
    option_attachments: "Sync attachments",
    option_incremental: "Only new e-mails since the last sync",
    sync_button: "Sync",
    sync_sending: "Starting the sync…",
    sync_needs_account: "Open a mailbox first.",
    sync_needs_valid_filter: "Fix the filter's errors to sync.",
    sync_needs_folder: "Select at least one folder to sync.",
    sync_failed: "The sync did not start: {message}",
    sync_unanswered: "No answer came in time ({message}), so the sync may have started. Syncing again is safe: no e-mail is synced twice.",
    progress_title: "Syncing your e-mails",
    progress_running: "Counting the e-mails as they sync…",
    progress_done: "Done: every e-mail has synced or failed.",
    count_queued: "Queued",
    count_syncing: "Syncing",
    count_ready: "Ready",
    count_failed: "Failed",
    progress_folder: "Folder",
    progress_total: "Total",
    progress_folder_failed: "{folder}: the sync did not start ({message})",
    progress_folder_unanswered: "{folder}: no answer came in time ({message}); the sync may have started",
    progress_trouble: "The progress could not be checked ({message}); trying again.",
    progress_counting_stopped: "Counting stopped.",
    progress_stopped: "The progress could not be checked ({message}), so counting has stopped. The sync goes on: see the synced e-mails later.",
    see_files: "See synced e-mails",
    back: "Back",
    notice_dismiss: "Dismiss",
    accounts_loading: "Looking for your connected mailboxes\u{2026}",
    accounts_load_failed: "Your connected mailboxes could not be loaded: {message}",
    disconnect_failed: "{mailbox} could not be disconnected: {message}",
    retry: "Try again",
    chunk_loading: "Loading…",
    chunk_failed: "This part of the widget could not be loaded. Check your connection and try again.",
    accounts_lead: "Choose which e-mails to sync from each mailbox, or see what was synced.",
    accounts_list_label: "Connected Outlook mailboxes",
    accounts_more: "Show more mailboxes ({count} more)",
    mailbox_unnamed: "Outlook mailbox {id}",
    status_ready: "Ready",
    status_syncing: "Syncing",
    status_queued: "Waiting to sync",
    status_error: "Sync failed",
    status_unknown: "Unknown status",
    last_synced: "Last synced {when}",
    never_synced: "Not synced yet",
    reconnect: "Reconnect",
    disconnect: "Disconnect",
    add_mailbox: "Add another mailbox",
    confirm_disconnect: "Disconnect {mailbox}? {org} stops syncing from it; e-mails already synced stay until you delete them.",
    confirm_disconnect_yes: "Disconnect",
    confirm_disconnect_no: "Keep it",
    disconnecting: "Disconnecting\u{2026}",
    signing_in_title: "Signing in to Outlook",
    sign_in_opening: "Opening the sign-in window\u{2026}",
    sign_in_blocked: "Your browser blocked the sign-in window.",
    sign_in_open_window: "Open sign-in window",
    sign_in_preparing: "Preparing the Microsoft sign-in page\u{2026}",
    sign_in_waiting: "Finish signing in in the window that opened.",
    sign_in_closed_hint: "Closed it, or can\u{2019}t find it? Open it again, or cancel.",
    sign_in_open_again: "Open the sign-in window again",
    sign_in_connected: "Connected. Opening your mailbox\u{2026}",
    cancel: "Cancel",
    sign_in_cancelled: "Signing in was cancelled.",
    sign_in_timed_out: "Signing in took too long and was stopped. Try again when you are ready.",
    sign_in_failed: "Signing in failed: {message}",
    mailbox_nav_label: "Mailbox",
    all_mailboxes: "All mailboxes",
    files_title: "Synced e-mails",
    files_search_label: "Search by subject",
    files_search_placeholder: "Search synced e-mails",
    files_refresh: "Refresh",
    files_loading: "Loading synced e-mails\u{2026}",
    files_empty: "No e-mails synced yet.",
    files_empty_hint: "Choose folders and a filter, then sync: the e-mails appear here.",
    files_no_match: "No synced e-mail matches \u{201c}{query}\u{201d}.",
    files_load_failed: "Could not load the synced e-mails: {message}",
    files_retry: "Retry",
    files_select_all: "Select all on this page",
    files_select: "Select \u{201c}{name}\u{201d}",
    files_selected: "{count} selected",
    files_resync: "Resync",
    files_delete: "Delete",
    files_working: "Working\u{2026}",
    files_range: "{first}\u{2013}{last} of {count}",
    files_previous: "Previous",
    files_next: "Next",
    files_pages_label: "Pages",
    files_no_subject: "(no subject)",
    file_status_queued: "Queued",
    status_failed: "Failed",
    resync_requested: "Resync requested",
    resync_conflict: "Still syncing \u{2014} try again shortly",
    resync_failed: "Resync failed: {message}",
    delete_confirm_one: "Delete 1 e-mail from {org}? It stays in Outlook.",
    delete_confirm_many: "Delete {count} e-mails from {org}? They stay in Outlook.",
    delete_confirm: "Delete",
    delete_cancel: "Cancel",
    delete_failed: "Could not delete: {message}",
    delete_not_done: "The API did not delete the e-mails; try again.",
    auto_sync_label: "Auto-sync new e-mails",
    auto_sync_help: "New e-mails in the folders you chose keep syncing on their own.",
    auto_sync_failed: "Could not change auto-sync: {message}",
    accounts_title: "Connected mailboxes",
    account_choose: "Choose e-mails",
    account_files: "Synced e-mails",
};

/// Every language the widget speaks.
static TABLES: [&Strings; 1] = [&ENGLISH];

/// The table for a BCP 47 tag (`en-GB` → `en`); English when we have no table for its language.
pub fn table_for(tag: &str) -> &'static Strings {
    let language = tag
        .split('-')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    TABLES
        .iter()
        .copied()
        .find(|table| table.tag == language)
        .unwrap_or(&ENGLISH)
}

/// Replaces each `{name}` in `template` with its value; unknown placeholders stay as written.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = template.to_owned();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_replaces_every_placeholder_once_each() {
        assert!(fill(ENGLISH.connect_lead, &[("org", "Acme")]).starts_with("Acme will read"));
        assert_eq!(
            fill("{a} and {a} but {b}", &[("a", "x")]),
            "x and x but {b}"
        );
    }

    #[test]
    fn unknown_languages_fall_back_to_english() {
        assert_eq!(table_for("en-GB").tag, "en");
        assert_eq!(table_for("xx").tag, "en");
    }

    #[test]
    fn no_english_string_is_empty_or_has_stray_braces() {
        let s = &ENGLISH;
        for text in [
            s.default_org,
            s.connect_title,
            s.connect_lead,
            s.connect_read_only,
            s.connect_button,
            s.mailbox_unnamed,
            s.accounts_more,
            s.last_synced,
            s.confirm_disconnect,
            s.sign_in_failed,
            s.accounts_load_failed,
            s.disconnect_failed,
            s.sign_in_waiting,
            s.brand_icon_alt,
            s.powered_by,
            s.choose_title,
            s.folders_failed,
            s.categories_failed,
            s.sync_failed,
            s.sync_unanswered,
            s.progress_folder_failed,
            s.progress_folder_unanswered,
            s.progress_trouble,
            s.progress_stopped,
            s.progress_counting_stopped,
            s.folder_counts,
            s.folders_no_match,
            s.group_label,
            s.condition_label,
            s.add_group_too_deep,
            s.summary_filtered,
            s.summary_all,
            s.summary_stale,
            s.json_error_at,
            s.folders_failed,
            s.sync_failed,
            s.progress_folder_failed,
            s.progress_trouble,
            s.files_title,
            s.files_search_label,
            s.files_search_placeholder,
            s.files_refresh,
            s.files_loading,
            s.files_empty,
            s.files_empty_hint,
            s.files_no_match,
            s.files_load_failed,
            s.files_retry,
            s.chunk_loading,
            s.chunk_failed,
            s.files_select_all,
            s.files_select,
            s.files_selected,
            s.files_resync,
            s.files_delete,
            s.files_working,
            s.files_range,
            s.files_previous,
            s.files_next,
            s.files_pages_label,
            s.files_no_subject,
            s.status_ready,
            s.status_syncing,
            s.status_queued,
            s.status_failed,
            s.status_unknown,
            s.resync_requested,
            s.resync_conflict,
            s.resync_failed,
            s.delete_confirm_one,
            s.delete_confirm_many,
            s.delete_confirm,
            s.delete_cancel,
            s.delete_failed,
            s.delete_not_done,
            s.auto_sync_label,
            s.auto_sync_help,
            s.auto_sync_failed,
        ] {
            assert!(!text.trim().is_empty());
            assert_eq!(
                text.matches('{').count(),
                text.matches('}').count(),
                "{text}"
            );
        }
    }
}
