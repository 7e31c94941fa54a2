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
    /// Shown under a disabled Connect button while sign-in is not available in this build.
    pub connect_unavailable: &'static str,
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
    /// Counting failed, polling goes on: `{message}`.
    pub progress_trouble: &'static str,
    pub see_files: &'static str,
    pub back: &'static str,
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
    connect_unavailable: "Signing in is not available in this version yet.",
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
    progress_trouble: "The progress could not be checked ({message}); trying again.",
    see_files: "See synced e-mails",
    back: "Back",
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
            s.connect_unavailable,
            s.brand_icon_alt,
            s.powered_by,
            s.choose_title,
            s.folders_failed,
            s.sync_failed,
            s.progress_folder_failed,
            s.progress_trouble,
            s.folder_counts,
            s.folders_no_match,
            s.group_label,
            s.condition_label,
            s.add_group_too_deep,
            s.summary_filtered,
            s.summary_all,
            s.summary_stale,
            s.json_error_at,
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
