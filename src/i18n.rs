//! Every string a person reads in the widget, one table per language.
//!
//! Adding a locale means adding one [`Strings`] table (every field, one-line literals: `xtask/src/early_paint.rs`
//! reads the Connect text out of this file), one [`Words`] table in the filter crate, its tag in [`LANGUAGES`]
//! and its split point below; components never hold text. Templates use `{name}` placeholders, filled by [`fill`].
//!
//! Counts: a field listed in [`PLURAL_FIELDS`] may hold one variant per CLDR plural category,
//! `one:{count} e-mail|other:{count} e-mails`; [`plural`] picks the variant `Intl.PluralRules` names for the
//! language (`other` when the table has no variant for that category), and numbers are written with
//! `Intl.NumberFormat` ([`number`]). A field with no `|` is its one form for every count (Japanese).
//!
//! Only English is in the first-load module: every other table (and its filter-summary words) is in its own
//! lazily loaded wasm chunk (`#[wasm_split(de)]` …), fetched by [`load`] when a widget's language needs it.

use outlook_connect_filter::summary::{self, Words};

/// Declares [`Strings`]: the three fixed fields (`tag`, `dir`, `summary_words`) and the text fields listed,
/// with [`Strings::NAMES`] (the text fields' names, for the `messages` config key and the tests),
/// [`Strings::texts`] and [`Strings::texts_mut`] in the same order.
macro_rules! strings_table {
    ($(#[$meta:meta])* pub struct Strings { $($(#[$field_meta:meta])* pub $field:ident: &'static str,)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct Strings {
            /// The language tag this table is for.
            pub tag: &'static str,
            /// The writing direction: `ltr` or `rtl` (set as `dir` on the widget's root).
            pub dir: &'static str,
            /// The words of the filter summary (the filter crate's table for this language).
            pub summary_words: &'static Words,
            $($(#[$field_meta])* pub $field: &'static str,)*
        }

        impl Strings {
            /// Every text field's name, as the `messages` config key spells it.
            pub const NAMES: &'static [&'static str] = &[$(stringify!($field)),*];

            /// Every text field, in [`Strings::NAMES`] order.
            pub fn texts(&self) -> Vec<&'static str> {
                vec![$(self.$field),*]
            }

            /// Every text field, writable, in [`Strings::NAMES`] order.
            pub fn texts_mut(&mut self) -> Vec<&mut &'static str> {
                vec![$(&mut self.$field),*]
            }
        }
    };
}

strings_table! {
/// The text of the widget in one language.
pub struct Strings {
    /// Used for `{org}` when the host gave no `orgName`.
    pub default_org: &'static str,
    pub connect_title: &'static str,
    /// One sentence: what will be read. `{org}` is the host's name.
    pub connect_lead: &'static str,
    pub connect_read_only: &'static str,
    pub connect_button: &'static str,
    pub brand_icon_alt: &'static str,
    pub powered_by: &'static str,
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
    /// Between the other folder names (", ").
    pub list_separator: &'static str,
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
}

pub static ENGLISH: Strings = Strings {
    tag: "en",
    dir: "ltr",
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
    folder_counts: "one:{total} e-mail, {unread} unread|other:{total} e-mails, {unread} unread",
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
    list_separator: ", ",
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
    accounts_more: "one:Show {count} more mailbox|other:Show more mailboxes ({count} more)",
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
    delete_confirm_many: "one:Delete {count} e-mail from {org}? It stays in Outlook.|other:Delete {count} e-mails from {org}? They stay in Outlook.",
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

pub static GERMAN: Strings = Strings {
    tag: "de",
    dir: "ltr",
    default_org: "Diese App",
    connect_title: "Outlook-Postfach verbinden",
    connect_lead: "{org} liest die E-Mails, die Sie in Ihrem Outlook-Postfach auswählen, um sie für Sie durchsuchen zu können.",
    connect_read_only: "Nur Lesezugriff: In Ihrem Postfach wird nichts gesendet, geändert oder gelöscht.",
    connect_button: "Mit Outlook verbinden",
    brand_icon_alt: "Logo von {org}",
    powered_by: "Geschützt durch outlook-connect",
    summary_words: &summary::GERMAN,
    choose_title: "E-Mails auswählen",
    choose_lead: "Wählen Sie die Ordner aus, die synchronisiert werden sollen, und grenzen Sie dann ein, welche E-Mails darin übernommen werden.",
    folders_title: "Ordner",
    folders_filter_label: "Ordner filtern",
    folders_filter_placeholder: "Zum Filtern Ordnernamen eingeben",
    folders_tree_label: "Ordner des Postfachs",
    folder_counts: "one:{total} E-Mail, {unread} ungelesen|other:{total} E-Mails, {unread} ungelesen",
    folders_no_match: "Kein Ordner passt zu \u{201e}{query}\u{201c}.",
    folders_selected: "{count} ausgewählt \u{2013} je Ordner eine Synchronisierung",
    folders_none_selected: "Wählen Sie mindestens einen Ordner aus.",
    filter_title: "Welche E-Mails",
    tab_visual: "Editor",
    tab_json: "JSON",
    tabs_label: "Filtereditor",
    operator_label: "Zutreffen muss",
    operator_and: "jede dieser Bedingungen (UND)",
    operator_or: "mindestens eine dieser Bedingungen (ODER)",
    root_group_label: "Alle Bedingungen",
    group_label: "Gruppe {position} von {count}",
    condition_label: "Bedingung {position} von {count}",
    add_condition: "Bedingung hinzufügen",
    add_group: "Gruppe hinzufügen",
    add_group_too_deep: "Eine Gruppe innerhalb einer Gruppe kann nur Bedingungen enthalten.",
    move_up: "Nach oben",
    move_down: "Nach unten",
    remove_condition: "Bedingung entfernen",
    remove_group: "Gruppe entfernen",
    key_label: "Bedingung",
    key_category: "Kategorie ist",
    key_after: "Empfangen am oder nach dem",
    key_before: "Empfangen vor dem",
    key_from: "Absender",
    key_is_flagged: "Ist zur Nachverfolgung gekennzeichnet",
    key_has_attachment: "Hat Anlagen",
    value_category: "Kategorie",
    value_date: "Datum",
    value_from: "Absenderadresse",
    from_placeholder: "name@beispiel.de",
    categories_label: "Kategorien",
    show_categories: "Kategorien anzeigen",
    no_conditions: "Keine Bedingungen: Alle E-Mails in den ausgewählten Ordnern werden synchronisiert.",
    warning_prefix: "Hinweis: ",
    summary_label: "Was synchronisiert wird",
    summary_filtered: "E-Mails in {folders}, {filter}.",
    summary_all: "Alle E-Mails in {folders}.",
    list_and: " und ",
    list_separator: ", ",
    summary_stale: "Der Editor enthält Fehler: Die Zusammenfassung zeigt den letzten gültigen Filter, und synchronisiert wird erst, wenn die Fehler behoben sind.",
    json_label: "Der Filter als JSON",
    json_help: "Bearbeitet denselben Filter. Ungültiger Text bleibt hier so stehen, wie Sie ihn eingegeben haben; der Editor behält den letzten gültigen Filter.",
    json_error_at: "Zeile {line}, Spalte {column}: {message}",
    folders_loading: "Die Ordner des Postfachs werden geladen\u{2026}",
    folders_failed: "Die Ordner konnten nicht geladen werden: {message}",
    categories_failed: "Die Kategorien konnten nicht geladen werden, daher macht der Kategoriefilter keine Vorschläge: {message}",
    folders_retry: "Erneut versuchen",
    options_title: "Optionen",
    option_attachments: "Anlagen synchronisieren",
    option_incremental: "Nur neue E-Mails seit der letzten Synchronisierung",
    sync_button: "Synchronisieren",
    sync_sending: "Die Synchronisierung wird gestartet\u{2026}",
    sync_needs_account: "Öffnen Sie zuerst ein Postfach.",
    sync_needs_valid_filter: "Beheben Sie die Fehler im Filter, um zu synchronisieren.",
    sync_needs_folder: "Wählen Sie mindestens einen Ordner zum Synchronisieren aus.",
    sync_failed: "Die Synchronisierung wurde nicht gestartet: {message}",
    sync_unanswered: "Es kam nicht rechtzeitig eine Antwort ({message}), daher wurde die Synchronisierung möglicherweise schon gestartet. Sie können bedenkenlos erneut synchronisieren: Keine E-Mail wird doppelt übernommen.",
    progress_title: "Ihre E-Mails werden synchronisiert",
    progress_running: "Die E-Mails werden während der Synchronisierung gezählt\u{2026}",
    progress_done: "Fertig: Jede E-Mail wurde synchronisiert oder ist fehlgeschlagen.",
    count_queued: "In der Warteschlange",
    count_syncing: "Wird synchronisiert",
    count_ready: "Fertig",
    count_failed: "Fehlgeschlagen",
    progress_folder: "Ordner",
    progress_total: "Gesamt",
    progress_folder_failed: "{folder}: Die Synchronisierung wurde nicht gestartet ({message})",
    progress_folder_unanswered: "{folder}: Es kam nicht rechtzeitig eine Antwort ({message}); die Synchronisierung wurde möglicherweise gestartet",
    progress_trouble: "Der Fortschritt konnte nicht abgerufen werden ({message}); es wird erneut versucht.",
    progress_counting_stopped: "Zählung angehalten.",
    progress_stopped: "Der Fortschritt konnte nicht abgerufen werden ({message}), daher wurde die Zählung angehalten. Die Synchronisierung läuft weiter: Die synchronisierten E-Mails sehen Sie später.",
    see_files: "Synchronisierte E-Mails ansehen",
    back: "Zurück",
    notice_dismiss: "Schließen",
    accounts_loading: "Ihre verbundenen Postfächer werden gesucht\u{2026}",
    accounts_load_failed: "Ihre verbundenen Postfächer konnten nicht geladen werden: {message}",
    disconnect_failed: "{mailbox} konnte nicht getrennt werden: {message}",
    retry: "Erneut versuchen",
    chunk_loading: "Wird geladen\u{2026}",
    chunk_failed: "Dieser Teil des Widgets konnte nicht geladen werden. Prüfen Sie Ihre Internetverbindung und versuchen Sie es erneut.",
    accounts_lead: "Legen Sie für jedes Postfach fest, welche E-Mails synchronisiert werden, oder sehen Sie sich an, was bereits synchronisiert wurde.",
    accounts_list_label: "Verbundene Outlook-Postfächer",
    accounts_more: "one:{count} weiteres Postfach anzeigen|other:{count} weitere Postfächer anzeigen",
    mailbox_unnamed: "Outlook-Postfach {id}",
    status_ready: "Bereit",
    status_syncing: "Wird synchronisiert",
    status_queued: "Wartet auf Synchronisierung",
    status_error: "Synchronisierung fehlgeschlagen",
    status_unknown: "Status unbekannt",
    last_synced: "Zuletzt synchronisiert: {when}",
    never_synced: "Noch nicht synchronisiert",
    reconnect: "Erneut verbinden",
    disconnect: "Trennen",
    add_mailbox: "Weiteres Postfach hinzufügen",
    confirm_disconnect: "{mailbox} trennen? {org} synchronisiert dann nichts mehr daraus; bereits synchronisierte E-Mails bleiben erhalten, bis Sie sie löschen.",
    confirm_disconnect_yes: "Trennen",
    confirm_disconnect_no: "Verbunden lassen",
    disconnecting: "Wird getrennt\u{2026}",
    signing_in_title: "Anmeldung bei Outlook",
    sign_in_opening: "Das Anmeldefenster wird geöffnet\u{2026}",
    sign_in_blocked: "Ihr Browser hat das Anmeldefenster blockiert.",
    sign_in_open_window: "Anmeldefenster öffnen",
    sign_in_preparing: "Die Microsoft-Anmeldeseite wird vorbereitet\u{2026}",
    sign_in_waiting: "Schließen Sie die Anmeldung in dem Fenster ab, das sich geöffnet hat.",
    sign_in_closed_hint: "Fenster geschlossen oder nicht zu finden? Öffnen Sie es erneut oder brechen Sie ab.",
    sign_in_open_again: "Anmeldefenster erneut öffnen",
    sign_in_connected: "Verbunden. Ihr Postfach wird geöffnet\u{2026}",
    cancel: "Abbrechen",
    sign_in_cancelled: "Die Anmeldung wurde abgebrochen.",
    sign_in_timed_out: "Die Anmeldung hat zu lange gedauert und wurde beendet. Versuchen Sie es erneut, sobald Sie so weit sind.",
    sign_in_failed: "Die Anmeldung ist fehlgeschlagen: {message}",
    mailbox_nav_label: "Postfach",
    all_mailboxes: "Alle Postfächer",
    files_title: "Synchronisierte E-Mails",
    files_search_label: "Nach Betreff suchen",
    files_search_placeholder: "Synchronisierte E-Mails durchsuchen",
    files_refresh: "Aktualisieren",
    files_loading: "Synchronisierte E-Mails werden geladen\u{2026}",
    files_empty: "Noch keine E-Mails synchronisiert.",
    files_empty_hint: "Wählen Sie Ordner und einen Filter aus und starten Sie die Synchronisierung: Die E-Mails erscheinen dann hier.",
    files_no_match: "Keine synchronisierte E-Mail passt zu \u{201e}{query}\u{201c}.",
    files_load_failed: "Die synchronisierten E-Mails konnten nicht geladen werden: {message}",
    files_retry: "Erneut versuchen",
    files_select_all: "Alle auf dieser Seite auswählen",
    files_select: "\u{201e}{name}\u{201c} auswählen",
    files_selected: "{count} ausgewählt",
    files_resync: "Erneut synchronisieren",
    files_delete: "Löschen",
    files_working: "Wird ausgeführt\u{2026}",
    files_range: "{first}\u{2013}{last} von {count}",
    files_previous: "Vorherige",
    files_next: "Nächste",
    files_pages_label: "Seiten",
    files_no_subject: "(kein Betreff)",
    file_status_queued: "In der Warteschlange",
    status_failed: "Fehlgeschlagen",
    resync_requested: "Erneute Synchronisierung angefordert",
    resync_conflict: "Wird noch synchronisiert \u{2013} bitte gleich noch einmal versuchen",
    resync_failed: "Erneute Synchronisierung fehlgeschlagen: {message}",
    delete_confirm_one: "1 E-Mail aus {org} löschen? In Outlook bleibt sie erhalten.",
    delete_confirm_many: "one:{count} E-Mail aus {org} löschen? In Outlook bleibt sie erhalten.|other:{count} E-Mails aus {org} löschen? In Outlook bleiben sie erhalten.",
    delete_confirm: "Löschen",
    delete_cancel: "Abbrechen",
    delete_failed: "Löschen nicht möglich: {message}",
    delete_not_done: "Die E-Mails wurden nicht gelöscht. Bitte versuchen Sie es erneut.",
    auto_sync_label: "Neue E-Mails automatisch synchronisieren",
    auto_sync_help: "Neue E-Mails in den ausgewählten Ordnern werden laufend von selbst synchronisiert.",
    auto_sync_failed: "Die automatische Synchronisierung konnte nicht geändert werden: {message}",
    accounts_title: "Verbundene Postfächer",
    account_choose: "E-Mails auswählen",
    account_files: "Synchronisierte E-Mails",
};

pub static FRENCH: Strings = Strings {
    tag: "fr",
    dir: "ltr",
    default_org: "Cette application",
    connect_title: "Connectez votre boîte aux lettres Outlook",
    connect_lead: "{org} lira les e-mails que vous choisirez dans votre boîte aux lettres Outlook, afin de pouvoir y faire des recherches pour vous.",
    connect_read_only: "Lecture seule\u{a0}: rien n\u{2019}est envoyé, modifié ni supprimé dans votre boîte aux lettres.",
    connect_button: "Connecter Outlook",
    brand_icon_alt: "Logo de {org}",
    powered_by: "Sécurisé par outlook-connect",
    summary_words: &summary::FRENCH,
    choose_title: "Choisir les e-mails",
    choose_lead: "Sélectionnez les dossiers à synchroniser, puis précisez quels e-mails de ces dossiers retenir.",
    folders_title: "Dossiers",
    folders_filter_label: "Filtrer les dossiers",
    folders_filter_placeholder: "Saisissez un nom pour filtrer",
    folders_tree_label: "Dossiers de la boîte aux lettres",
    folder_counts: "one:{total}\u{a0}e-mail, non lus\u{a0}: {unread}|many:{total}\u{a0}d\u{2019}e-mails, non lus\u{a0}: {unread}|other:{total}\u{a0}e-mails, non lus\u{a0}: {unread}",
    folders_no_match: "Aucun dossier ne correspond à «\u{a0}{query}\u{a0}».",
    folders_selected: "one:{count} dossier sélectionné \u{2014} une synchronisation par dossier|other:{count} dossiers sélectionnés \u{2014} une synchronisation par dossier",
    folders_none_selected: "Choisissez au moins un dossier.",
    filter_title: "Quels e-mails",
    tab_visual: "Éditeur visuel",
    tab_json: "JSON",
    tabs_label: "Éditeur de filtre",
    operator_label: "Correspondre à",
    operator_and: "toutes ces conditions (ET)",
    operator_or: "l\u{2019}une de ces conditions (OU)",
    root_group_label: "Toutes les conditions",
    group_label: "Groupe {position} sur {count}",
    condition_label: "Condition {position} sur {count}",
    add_condition: "Ajouter une condition",
    add_group: "Ajouter un groupe",
    add_group_too_deep: "Un groupe placé dans un autre groupe ne peut contenir que des conditions.",
    move_up: "Monter",
    move_down: "Descendre",
    remove_condition: "Supprimer la condition",
    remove_group: "Supprimer le groupe",
    key_label: "Condition",
    key_category: "La catégorie est",
    key_after: "Reçu le ou après le",
    key_before: "Reçu avant le",
    key_from: "Expéditeur",
    key_is_flagged: "Avec indicateur de suivi",
    key_has_attachment: "Avec pièces jointes",
    value_category: "Catégorie",
    value_date: "Date",
    value_from: "Adresse de l\u{2019}expéditeur",
    from_placeholder: "nom@exemple.fr",
    categories_label: "Catégories",
    show_categories: "Afficher les catégories",
    no_conditions: "Aucune condition\u{a0}: tous les e-mails des dossiers choisis sont synchronisés.",
    warning_prefix: "Attention\u{a0}: ",
    summary_label: "Ce qui sera synchronisé",
    summary_filtered: "Les e-mails de {folders} {filter}.",
    summary_all: "Tous les e-mails de {folders}.",
    list_and: " et ",
    list_separator: ", ",
    summary_stale: "L\u{2019}éditeur contient des erreurs\u{a0}: le résumé reprend le dernier filtre valide, et la synchronisation attendra qu\u{2019}elles soient corrigées.",
    json_label: "Le filtre au format JSON",
    json_help: "Modifie le même filtre. Un texte non valide reste ici tel que vous l\u{2019}avez saisi\u{a0}; l\u{2019}éditeur visuel conserve le dernier filtre valide.",
    json_error_at: "Ligne {line}, colonne {column}\u{a0}: {message}",
    folders_loading: "Chargement des dossiers de la boîte aux lettres\u{2026}",
    folders_failed: "Impossible de charger les dossiers\u{a0}: {message}",
    categories_failed: "Impossible de charger les catégories\u{a0}; le filtre par catégorie ne propose donc aucune suggestion\u{a0}: {message}",
    folders_retry: "Réessayer",
    options_title: "Options",
    option_attachments: "Synchroniser les pièces jointes",
    option_incremental: "Uniquement les nouveaux e-mails depuis la dernière synchronisation",
    sync_button: "Synchroniser",
    sync_sending: "Lancement de la synchronisation\u{2026}",
    sync_needs_account: "Ouvrez d\u{2019}abord une boîte aux lettres.",
    sync_needs_valid_filter: "Corrigez les erreurs du filtre pour synchroniser.",
    sync_needs_folder: "Sélectionnez au moins un dossier à synchroniser.",
    sync_failed: "La synchronisation n\u{2019}a pas démarré\u{a0}: {message}",
    sync_unanswered: "Aucune réponse n\u{2019}est arrivée à temps ({message})\u{a0}: la synchronisation a peut-être démarré. Vous pouvez la relancer sans risque\u{a0}: aucun e-mail n\u{2019}est synchronisé deux fois.",
    progress_title: "Synchronisation de vos e-mails",
    progress_running: "Décompte des e-mails au fil de la synchronisation\u{2026}",
    progress_done: "Terminé\u{a0}: chaque e-mail a été synchronisé ou a échoué.",
    count_queued: "En attente",
    count_syncing: "En cours",
    count_ready: "Prêts",
    count_failed: "Échecs",
    progress_folder: "Dossier",
    progress_total: "Total",
    progress_folder_failed: "{folder}\u{a0}: la synchronisation n\u{2019}a pas démarré ({message})",
    progress_folder_unanswered: "{folder}\u{a0}: aucune réponse à temps ({message})\u{a0}; la synchronisation a peut-être démarré",
    progress_trouble: "Impossible de vérifier la progression ({message})\u{a0}; nouvelle tentative en cours.",
    progress_counting_stopped: "Décompte interrompu.",
    progress_stopped: "Impossible de vérifier la progression ({message})\u{a0}: le décompte est interrompu. La synchronisation continue\u{a0}; consultez les e-mails synchronisés un peu plus tard.",
    see_files: "Voir les e-mails synchronisés",
    back: "Retour",
    notice_dismiss: "Fermer",
    accounts_loading: "Recherche de vos boîtes aux lettres connectées\u{2026}",
    accounts_load_failed: "Impossible de charger vos boîtes aux lettres connectées\u{a0}: {message}",
    disconnect_failed: "Impossible de déconnecter {mailbox}\u{a0}: {message}",
    retry: "Réessayer",
    chunk_loading: "Chargement\u{2026}",
    chunk_failed: "Cette partie du widget n\u{2019}a pas pu être chargée. Vérifiez votre connexion, puis réessayez.",
    accounts_lead: "Choisissez les e-mails à synchroniser dans chaque boîte aux lettres, ou consultez ce qui l\u{2019}a déjà été.",
    accounts_list_label: "Boîtes aux lettres Outlook connectées",
    accounts_more: "one:Afficher {count} autre boîte aux lettres|other:Afficher {count} autres boîtes aux lettres",
    mailbox_unnamed: "Boîte aux lettres Outlook {id}",
    status_ready: "Prête",
    status_syncing: "Synchronisation en cours",
    status_queued: "En attente de synchronisation",
    status_error: "Échec de la synchronisation",
    status_unknown: "État inconnu",
    last_synced: "Dernière synchronisation\u{a0}: {when}",
    never_synced: "Pas encore synchronisée",
    reconnect: "Reconnecter",
    disconnect: "Déconnecter",
    add_mailbox: "Ajouter une autre boîte aux lettres",
    confirm_disconnect: "Déconnecter {mailbox}\u{a0}? {org} cessera d\u{2019}en synchroniser les e-mails\u{a0}; ceux déjà synchronisés restent disponibles jusqu\u{2019}à ce que vous les supprimiez.",
    confirm_disconnect_yes: "Déconnecter",
    confirm_disconnect_no: "La conserver",
    disconnecting: "Déconnexion\u{2026}",
    signing_in_title: "Connexion à Outlook",
    sign_in_opening: "Ouverture de la fenêtre de connexion\u{2026}",
    sign_in_blocked: "Votre navigateur a bloqué la fenêtre de connexion.",
    sign_in_open_window: "Ouvrir la fenêtre de connexion",
    sign_in_preparing: "Préparation de la page de connexion Microsoft\u{2026}",
    sign_in_waiting: "Terminez la connexion dans la fenêtre qui vient de s\u{2019}ouvrir.",
    sign_in_closed_hint: "Vous l\u{2019}avez fermée ou ne la trouvez plus\u{a0}? Rouvrez-la, ou annulez.",
    sign_in_open_again: "Rouvrir la fenêtre de connexion",
    sign_in_connected: "Connexion établie. Ouverture de votre boîte aux lettres\u{2026}",
    cancel: "Annuler",
    sign_in_cancelled: "La connexion a été annulée.",
    sign_in_timed_out: "La connexion a pris trop de temps et a été interrompue. Réessayez quand vous le souhaitez.",
    sign_in_failed: "Échec de la connexion\u{a0}: {message}",
    mailbox_nav_label: "Boîte aux lettres",
    all_mailboxes: "Toutes les boîtes aux lettres",
    files_title: "E-mails synchronisés",
    files_search_label: "Rechercher par objet",
    files_search_placeholder: "Rechercher dans les e-mails synchronisés",
    files_refresh: "Actualiser",
    files_loading: "Chargement des e-mails synchronisés\u{2026}",
    files_empty: "Aucun e-mail synchronisé pour l\u{2019}instant.",
    files_empty_hint: "Choisissez des dossiers et un filtre, puis synchronisez\u{a0}: les e-mails apparaîtront ici.",
    files_no_match: "Aucun e-mail synchronisé ne correspond à «\u{a0}{query}\u{a0}».",
    files_load_failed: "Impossible de charger les e-mails synchronisés\u{a0}: {message}",
    files_retry: "Réessayer",
    files_select_all: "Tout sélectionner sur cette page",
    files_select: "Sélectionner «\u{a0}{name}\u{a0}»",
    files_selected: "one:{count} sélectionné|other:{count} sélectionnés",
    files_resync: "Resynchroniser",
    files_delete: "Supprimer",
    files_working: "Traitement en cours\u{2026}",
    files_range: "{first}\u{2013}{last} sur {count}",
    files_previous: "Précédent",
    files_next: "Suivant",
    files_pages_label: "Pagination",
    files_no_subject: "(sans objet)",
    file_status_queued: "En attente",
    status_failed: "Échec",
    resync_requested: "Resynchronisation demandée",
    resync_conflict: "Synchronisation encore en cours \u{2014} réessayez dans un instant",
    resync_failed: "Échec de la resynchronisation\u{a0}: {message}",
    delete_confirm_one: "Supprimer 1\u{a0}e-mail de {org}\u{a0}? Il reste dans Outlook.",
    delete_confirm_many: "one:Supprimer {count}\u{a0}e-mail de {org}\u{a0}? Il reste dans Outlook.|many:Supprimer {count}\u{a0}d\u{2019}e-mails de {org}\u{a0}? Ils restent dans Outlook.|other:Supprimer {count}\u{a0}e-mails de {org}\u{a0}? Ils restent dans Outlook.",
    delete_confirm: "Supprimer",
    delete_cancel: "Annuler",
    delete_failed: "Suppression impossible\u{a0}: {message}",
    delete_not_done: "L\u{2019}API n\u{2019}a pas supprimé les e-mails\u{a0}; réessayez.",
    auto_sync_label: "Synchroniser automatiquement les nouveaux e-mails",
    auto_sync_help: "Les nouveaux e-mails des dossiers choisis continuent d\u{2019}être synchronisés automatiquement.",
    auto_sync_failed: "Impossible de modifier la synchronisation automatique\u{a0}: {message}",
    accounts_title: "Boîtes aux lettres connectées",
    account_choose: "Choisir les e-mails",
    account_files: "E-mails synchronisés",
};

pub static SPANISH: Strings = Strings {
    tag: "es",
    dir: "ltr",
    default_org: "Esta aplicación",
    connect_title: "Conecte su buzón de Outlook",
    connect_lead: "{org} leerá los correos que elija de su buzón de Outlook para poder buscar en ellos por usted.",
    connect_read_only: "Solo lectura: no se envía, modifica ni elimina nada en su buzón.",
    connect_button: "Conectar Outlook",
    brand_icon_alt: "Logotipo de {org}",
    powered_by: "Protegido por outlook-connect",
    summary_words: &summary::SPANISH,
    choose_title: "Elegir correos",
    choose_lead: "Seleccione las carpetas que quiere sincronizar y, después, indique qué correos de esas carpetas se incluyen.",
    folders_title: "Carpetas",
    folders_filter_label: "Filtrar carpetas",
    folders_filter_placeholder: "Escriba para filtrar las carpetas",
    folders_tree_label: "Carpetas del buzón",
    folder_counts: "one:{total} correo, {unread} sin leer|other:{total} correos, {unread} sin leer",
    folders_no_match: "Ninguna carpeta coincide con \u{ab}{query}\u{bb}.",
    folders_selected: "one:{count} carpeta seleccionada \u{2014} una sincronización por carpeta|other:{count} carpetas seleccionadas \u{2014} una sincronización por carpeta",
    folders_none_selected: "Elija al menos una carpeta.",
    filter_title: "Qué correos",
    tab_visual: "Editor visual",
    tab_json: "JSON",
    tabs_label: "Editor de filtros",
    operator_label: "Deben cumplirse",
    operator_and: "todas estas condiciones (Y)",
    operator_or: "alguna de estas condiciones (O)",
    root_group_label: "Todas las condiciones",
    group_label: "Grupo {position} de {count}",
    condition_label: "Condición {position} de {count}",
    add_condition: "Añadir condición",
    add_group: "Añadir grupo",
    add_group_too_deep: "Un grupo dentro de otro grupo solo puede contener condiciones.",
    move_up: "Subir",
    move_down: "Bajar",
    remove_condition: "Quitar condición",
    remove_group: "Quitar grupo",
    key_label: "Condición",
    key_category: "La categoría es",
    key_after: "Recibido a partir del",
    key_before: "Recibido antes del",
    key_from: "Remitente",
    key_is_flagged: "Marcado para seguimiento",
    key_has_attachment: "Con datos adjuntos",
    value_category: "Categoría",
    value_date: "Fecha",
    value_from: "Dirección del remitente",
    from_placeholder: "nombre@ejemplo.es",
    categories_label: "Categorías",
    show_categories: "Mostrar categorías",
    no_conditions: "Sin condiciones: se sincronizan todos los correos de las carpetas elegidas.",
    warning_prefix: "Aviso: ",
    summary_label: "Qué se sincronizará",
    summary_filtered: "Los correos de {folders} {filter}.",
    summary_all: "Todos los correos de {folders}.",
    list_and: " y ",
    list_separator: ", ",
    summary_stale: "El editor tiene errores: el resumen muestra el último filtro válido y no se podrá sincronizar hasta que se corrijan.",
    json_label: "El filtro en formato JSON",
    json_help: "Edita el mismo filtro. El texto que no es válido se queda aquí tal como lo escribió; el editor visual conserva el último filtro válido.",
    json_error_at: "Línea {line}, columna {column}: {message}",
    folders_loading: "Cargando las carpetas del buzón\u{2026}",
    folders_failed: "No se pudieron cargar las carpetas: {message}",
    categories_failed: "No se pudieron cargar las categorías, así que el filtro de categoría no ofrece sugerencias: {message}",
    folders_retry: "Reintentar",
    options_title: "Opciones",
    option_attachments: "Sincronizar los datos adjuntos",
    option_incremental: "Solo los correos nuevos desde la última sincronización",
    sync_button: "Sincronizar",
    sync_sending: "Iniciando la sincronización\u{2026}",
    sync_needs_account: "Primero abra un buzón.",
    sync_needs_valid_filter: "Corrija los errores del filtro para poder sincronizar.",
    sync_needs_folder: "Seleccione al menos una carpeta para sincronizar.",
    sync_failed: "No se inició la sincronización: {message}",
    sync_unanswered: "No llegó respuesta a tiempo ({message}), así que es posible que la sincronización ya se haya iniciado. Puede volver a sincronizar sin riesgo: ningún correo se sincroniza dos veces.",
    progress_title: "Sincronizando sus correos",
    progress_running: "Contando los correos a medida que se sincronizan\u{2026}",
    progress_done: "Listo: todos los correos se han sincronizado o han fallado.",
    count_queued: "En cola",
    count_syncing: "Sincronizando",
    count_ready: "Listos",
    count_failed: "Con errores",
    progress_folder: "Carpeta",
    progress_total: "En total",
    progress_folder_failed: "{folder}: no se inició la sincronización ({message})",
    progress_folder_unanswered: "{folder}: no llegó respuesta a tiempo ({message}); es posible que la sincronización se haya iniciado",
    progress_trouble: "No se pudo comprobar el progreso ({message}); se volverá a intentar.",
    progress_counting_stopped: "Recuento detenido.",
    progress_stopped: "No se pudo comprobar el progreso ({message}), así que el recuento se ha detenido. La sincronización continúa: consulte los correos sincronizados más tarde.",
    see_files: "Ver los correos sincronizados",
    back: "Volver",
    notice_dismiss: "Cerrar",
    accounts_loading: "Buscando sus buzones conectados\u{2026}",
    accounts_load_failed: "No se pudieron cargar sus buzones conectados: {message}",
    disconnect_failed: "No se pudo desconectar {mailbox}: {message}",
    retry: "Reintentar",
    chunk_loading: "Cargando\u{2026}",
    chunk_failed: "No se pudo cargar esta parte del widget. Compruebe su conexión y vuelva a intentarlo.",
    accounts_lead: "Elija qué correos sincronizar de cada buzón o consulte lo que ya se ha sincronizado.",
    accounts_list_label: "Buzones de Outlook conectados",
    accounts_more: "one:Mostrar {count} buzón más|other:Mostrar {count} buzones más",
    mailbox_unnamed: "Buzón de Outlook {id}",
    status_ready: "Listo",
    status_syncing: "Sincronizando",
    status_queued: "Pendiente de sincronizar",
    status_error: "Error al sincronizar",
    status_unknown: "Estado desconocido",
    last_synced: "Última sincronización: {when}",
    never_synced: "Aún sin sincronizar",
    reconnect: "Volver a conectar",
    disconnect: "Desconectar",
    add_mailbox: "Añadir otro buzón",
    confirm_disconnect: "¿Desconectar {mailbox}? {org} dejará de sincronizar sus correos; los ya sincronizados se conservan hasta que usted los elimine.",
    confirm_disconnect_yes: "Desconectar",
    confirm_disconnect_no: "Mantenerlo",
    disconnecting: "Desconectando\u{2026}",
    signing_in_title: "Iniciando sesión en Outlook",
    sign_in_opening: "Abriendo la ventana de inicio de sesión\u{2026}",
    sign_in_blocked: "Su navegador bloqueó la ventana de inicio de sesión.",
    sign_in_open_window: "Abrir la ventana de inicio de sesión",
    sign_in_preparing: "Preparando la página de inicio de sesión de Microsoft\u{2026}",
    sign_in_waiting: "Termine de iniciar sesión en la ventana que se ha abierto.",
    sign_in_closed_hint: "¿La ha cerrado o no la encuentra? Vuelva a abrirla o cancele.",
    sign_in_open_again: "Volver a abrir la ventana de inicio de sesión",
    sign_in_connected: "Conectado. Abriendo su buzón\u{2026}",
    cancel: "Cancelar",
    sign_in_cancelled: "Se canceló el inicio de sesión.",
    sign_in_timed_out: "El inicio de sesión tardó demasiado y se detuvo. Vuelva a intentarlo cuando quiera.",
    sign_in_failed: "No se pudo iniciar sesión: {message}",
    mailbox_nav_label: "Buzón",
    all_mailboxes: "Todos los buzones",
    files_title: "Correos sincronizados",
    files_search_label: "Buscar por asunto",
    files_search_placeholder: "Buscar en los correos sincronizados",
    files_refresh: "Actualizar",
    files_loading: "Cargando los correos sincronizados\u{2026}",
    files_empty: "Aún no hay correos sincronizados.",
    files_empty_hint: "Elija las carpetas y un filtro, y sincronice: los correos aparecerán aquí.",
    files_no_match: "Ningún correo sincronizado coincide con \u{ab}{query}\u{bb}.",
    files_load_failed: "No se pudieron cargar los correos sincronizados: {message}",
    files_retry: "Reintentar",
    files_select_all: "Seleccionar todo en esta página",
    files_select: "Seleccionar \u{ab}{name}\u{bb}",
    files_selected: "one:{count} seleccionado|other:{count} seleccionados",
    files_resync: "Volver a sincronizar",
    files_delete: "Eliminar",
    files_working: "Procesando\u{2026}",
    files_range: "{first}\u{2013}{last} de {count}",
    files_previous: "Anterior",
    files_next: "Siguiente",
    files_pages_label: "Páginas",
    files_no_subject: "(sin asunto)",
    file_status_queued: "En cola",
    status_failed: "Con error",
    resync_requested: "Nueva sincronización solicitada",
    resync_conflict: "Aún se está sincronizando; inténtelo de nuevo en unos instantes",
    resync_failed: "No se pudo volver a sincronizar: {message}",
    delete_confirm_one: "¿Eliminar 1 correo de {org}? Se conservará en Outlook.",
    delete_confirm_many: "one:¿Eliminar {count} correo de {org}? Se conservará en Outlook.|other:¿Eliminar {count} correos de {org}? Se conservarán en Outlook.",
    delete_confirm: "Eliminar",
    delete_cancel: "Cancelar",
    delete_failed: "No se pudo eliminar: {message}",
    delete_not_done: "La API no eliminó los correos; vuelva a intentarlo.",
    auto_sync_label: "Sincronizar automáticamente los correos nuevos",
    auto_sync_help: "Los correos nuevos que lleguen a las carpetas elegidas se seguirán sincronizando solos.",
    auto_sync_failed: "No se pudo cambiar la sincronización automática: {message}",
    accounts_title: "Buzones conectados",
    account_choose: "Elegir correos",
    account_files: "Correos sincronizados",
};

pub static JAPANESE: Strings = Strings {
    tag: "ja",
    dir: "ltr",
    default_org: "このアプリ",
    connect_title: "Outlook メールボックスを接続",
    connect_lead: "{org} は、Outlook メールボックスからお客様が選んだメールを読み取り、代わりに検索できるようにします。",
    connect_read_only: "読み取り専用です。メールボックス内で送信・変更・削除が行われることはありません。",
    connect_button: "Outlook に接続",
    brand_icon_alt: "{org} のロゴ",
    powered_by: "outlook-connect で保護されています",
    summary_words: &summary::JAPANESE,
    choose_title: "メールを選択",
    choose_lead: "同期するフォルダーを選び、その中から同期するメールを絞り込んでください。",
    folders_title: "フォルダー",
    folders_filter_label: "フォルダーを絞り込む",
    folders_filter_placeholder: "入力してフォルダーを絞り込み",
    folders_tree_label: "メールボックスのフォルダー",
    folder_counts: "{total} 件、未読 {unread} 件",
    folders_no_match: "「{query}」に一致するフォルダーはありません。",
    folders_selected: "{count} 個を選択中 \u{2014} フォルダーごとに同期します",
    folders_none_selected: "フォルダーを 1 つ以上選んでください。",
    filter_title: "同期するメール",
    tab_visual: "ビルダー",
    tab_json: "JSON",
    tabs_label: "フィルターの編集",
    operator_label: "一致条件",
    operator_and: "すべての条件を満たす (AND)",
    operator_or: "いずれかの条件を満たす (OR)",
    root_group_label: "すべての条件",
    group_label: "グループ {position}/{count}",
    condition_label: "条件 {position}/{count}",
    add_condition: "条件を追加",
    add_group: "グループを追加",
    add_group_too_deep: "グループの中のグループには、条件だけを追加できます。",
    move_up: "上へ移動",
    move_down: "下へ移動",
    remove_condition: "条件を削除",
    remove_group: "グループを削除",
    key_label: "条件",
    key_category: "分類項目が次と一致",
    key_after: "次の日以降に受信",
    key_before: "次の日より前に受信",
    key_from: "差出人",
    key_is_flagged: "フラグが設定されている",
    key_has_attachment: "添付ファイルがある",
    value_category: "分類項目",
    value_date: "日付",
    value_from: "差出人のアドレス",
    from_placeholder: "name@example.jp",
    categories_label: "分類項目",
    show_categories: "分類項目を表示",
    no_conditions: "条件はありません。選んだフォルダー内のすべてのメールが同期されます。",
    warning_prefix: "注意: ",
    summary_label: "同期される内容",
    summary_filtered: "{folders} のメールのうち、次の条件に合うもの: {filter}。",
    summary_all: "{folders} のすべてのメール。",
    list_and: "、",
    list_separator: "、",
    summary_stale: "ビルダーにエラーがあります。概要には最後の有効なフィルターが表示されています。エラーを修正するまで同期はできません。",
    json_label: "JSON 形式のフィルター",
    json_help: "同じフィルターを編集します。無効なテキストは入力したままここに残り、ビルダーには最後の有効なフィルターが保持されます。",
    json_error_at: "{line} 行 {column} 列: {message}",
    folders_loading: "メールボックスのフォルダーを読み込んでいます\u{2026}",
    folders_failed: "フォルダーを読み込めませんでした: {message}",
    categories_failed: "分類項目を読み込めなかったため、分類項目の候補は表示されません: {message}",
    folders_retry: "再試行",
    options_title: "オプション",
    option_attachments: "添付ファイルも同期する",
    option_incremental: "前回の同期以降の新着メールのみ",
    sync_button: "同期",
    sync_sending: "同期を開始しています\u{2026}",
    sync_needs_account: "先にメールボックスを開いてください。",
    sync_needs_valid_filter: "同期するには、フィルターのエラーを修正してください。",
    sync_needs_folder: "同期するフォルダーを 1 つ以上選んでください。",
    sync_failed: "同期を開始できませんでした: {message}",
    sync_unanswered: "時間内に応答がなかったため ({message})、同期がすでに開始されている可能性があります。もう一度同期しても問題ありません。同じメールが二重に同期されることはありません。",
    progress_title: "メールを同期しています",
    progress_running: "同期されたメールを数えています\u{2026}",
    progress_done: "完了しました。すべてのメールの同期が終わったか、失敗しました。",
    count_queued: "待機中",
    count_syncing: "同期中",
    count_ready: "完了",
    count_failed: "失敗",
    progress_folder: "フォルダー",
    progress_total: "合計",
    progress_folder_failed: "{folder}: 同期を開始できませんでした ({message})",
    progress_folder_unanswered: "{folder}: 時間内に応答がありませんでした ({message})。同期が開始されている可能性があります",
    progress_trouble: "進行状況を確認できませんでした ({message})。再試行しています。",
    progress_counting_stopped: "カウントを停止しました。",
    progress_stopped: "進行状況を確認できなかったため ({message})、カウントを停止しました。同期は続いています。同期済みのメールは後でご確認ください。",
    see_files: "同期済みのメールを表示",
    back: "戻る",
    notice_dismiss: "閉じる",
    accounts_loading: "接続済みのメールボックスを探しています\u{2026}",
    accounts_load_failed: "接続済みのメールボックスを読み込めませんでした: {message}",
    disconnect_failed: "{mailbox} の接続を解除できませんでした: {message}",
    retry: "再試行",
    chunk_loading: "読み込んでいます\u{2026}",
    chunk_failed: "ウィジェットのこの部分を読み込めませんでした。接続を確認して、もう一度お試しください。",
    accounts_lead: "メールボックスごとに同期するメールを選ぶか、同期済みのメールを確認してください。",
    accounts_list_label: "接続済みの Outlook メールボックス",
    accounts_more: "ほかのメールボックスを表示 (あと {count} 個)",
    mailbox_unnamed: "Outlook メールボックス {id}",
    status_ready: "準備完了",
    status_syncing: "同期中",
    status_queued: "同期待ち",
    status_error: "同期に失敗しました",
    status_unknown: "状態不明",
    last_synced: "最終同期: {when}",
    never_synced: "まだ同期されていません",
    reconnect: "再接続",
    disconnect: "接続を解除",
    add_mailbox: "別のメールボックスを追加",
    confirm_disconnect: "{mailbox} の接続を解除しますか? {org} はこのメールボックスからの同期を停止します。同期済みのメールは、削除するまで残ります。",
    confirm_disconnect_yes: "接続を解除",
    confirm_disconnect_no: "接続したままにする",
    disconnecting: "接続を解除しています\u{2026}",
    signing_in_title: "Outlook にサインイン",
    sign_in_opening: "サインイン ウィンドウを開いています\u{2026}",
    sign_in_blocked: "ブラウザーによってサインイン ウィンドウがブロックされました。",
    sign_in_open_window: "サインイン ウィンドウを開く",
    sign_in_preparing: "Microsoft のサインイン ページを準備しています\u{2026}",
    sign_in_waiting: "開いたウィンドウでサインインを完了してください。",
    sign_in_closed_hint: "ウィンドウを閉じてしまった場合や見つからない場合は、もう一度開くか、キャンセルしてください。",
    sign_in_open_again: "サインイン ウィンドウをもう一度開く",
    sign_in_connected: "接続しました。メールボックスを開いています\u{2026}",
    cancel: "キャンセル",
    sign_in_cancelled: "サインインはキャンセルされました。",
    sign_in_timed_out: "サインインに時間がかかりすぎたため、中止しました。準備ができたら、もう一度お試しください。",
    sign_in_failed: "サインインできませんでした: {message}",
    mailbox_nav_label: "メールボックス",
    all_mailboxes: "すべてのメールボックス",
    files_title: "同期済みのメール",
    files_search_label: "件名で検索",
    files_search_placeholder: "同期済みのメールを検索",
    files_refresh: "最新の情報に更新",
    files_loading: "同期済みのメールを読み込んでいます\u{2026}",
    files_empty: "同期済みのメールはまだありません。",
    files_empty_hint: "フォルダーとフィルターを選んで同期すると、ここにメールが表示されます。",
    files_no_match: "「{query}」に一致する同期済みのメールはありません。",
    files_load_failed: "同期済みのメールを読み込めませんでした: {message}",
    files_retry: "再試行",
    files_select_all: "このページのメールをすべて選択",
    files_select: "「{name}」を選択",
    files_selected: "{count} 件を選択中",
    files_resync: "再同期",
    files_delete: "削除",
    files_working: "処理しています\u{2026}",
    files_range: "{count} 件中 {first}\u{2013}{last} 件",
    files_previous: "前へ",
    files_next: "次へ",
    files_pages_label: "ページ",
    files_no_subject: "(件名なし)",
    file_status_queued: "待機中",
    status_failed: "失敗",
    resync_requested: "再同期を依頼しました",
    resync_conflict: "まだ同期中です。しばらくしてからもう一度お試しください",
    resync_failed: "再同期できませんでした: {message}",
    delete_confirm_one: "{org} からメールを 1 件削除しますか? Outlook にはそのまま残ります。",
    delete_confirm_many: "{org} からメールを {count} 件削除しますか? Outlook にはそのまま残ります。",
    delete_confirm: "削除",
    delete_cancel: "キャンセル",
    delete_failed: "削除できませんでした: {message}",
    delete_not_done: "メールは削除されませんでした。もう一度お試しください。",
    auto_sync_label: "新着メールを自動で同期",
    auto_sync_help: "選んだフォルダーに届いた新着メールも、引き続き自動で同期されます。",
    auto_sync_failed: "自動同期の設定を変更できませんでした: {message}",
    accounts_title: "接続済みのメールボックス",
    account_choose: "メールを選択",
    account_files: "同期済みのメール",
};

pub static ARABIC: Strings = Strings {
    tag: "ar",
    dir: "rtl",
    default_org: "هذا التطبيق",
    connect_title: "اربط صندوق بريد Outlook",
    connect_lead: "سيقرأ {org} الرسائل التي تختارها من صندوق بريد Outlook، ليتمكّن من البحث فيها نيابةً عنك.",
    connect_read_only: "للقراءة فقط: لن يُرسَل أي شيء من صندوق بريدك ولن يُغيَّر أو يُحذَف.",
    connect_button: "ربط Outlook",
    brand_icon_alt: "شعار {org}",
    powered_by: "محميّ بواسطة outlook-connect",
    summary_words: &summary::ARABIC,
    choose_title: "اختيار الرسائل",
    choose_lead: "اختر المجلدات التي تريد مزامنتها، ثم حدّد الرسائل المطلوبة منها.",
    folders_title: "المجلدات",
    folders_filter_label: "تصفية المجلدات",
    folders_filter_placeholder: "اكتب لتصفية المجلدات",
    folders_tree_label: "مجلدات صندوق البريد",
    folder_counts: "zero:لا رسائل، غير المقروءة: {unread}|one:رسالة واحدة، غير المقروءة: {unread}|two:رسالتان، غير المقروءة: {unread}|few:{total} رسائل، غير المقروءة: {unread}|many:{total} رسالة، غير المقروءة: {unread}|other:{total} رسالة، غير المقروءة: {unread}",
    folders_no_match: "لا يوجد مجلد يطابق «{query}».",
    folders_selected: "one:مجلد واحد محدد \u{2014} مزامنة لكل مجلد|two:مجلدان محددان \u{2014} مزامنة لكل مجلد|few:{count} مجلدات محددة \u{2014} مزامنة لكل مجلد|many:{count} مجلدًا محددًا \u{2014} مزامنة لكل مجلد|other:{count} مجلد محدد \u{2014} مزامنة لكل مجلد",
    folders_none_selected: "اختر مجلدًا واحدًا على الأقل.",
    filter_title: "أي الرسائل",
    tab_visual: "المُنشئ",
    tab_json: "JSON",
    tabs_label: "محرر عامل التصفية",
    operator_label: "المطابقة مع",
    operator_and: "كل هذه الشروط (و)",
    operator_or: "أيٍّ من هذه الشروط (أو)",
    root_group_label: "كل الشروط",
    group_label: "المجموعة {position} من {count}",
    condition_label: "الشرط {position} من {count}",
    add_condition: "إضافة شرط",
    add_group: "إضافة مجموعة",
    add_group_too_deep: "المجموعة الموجودة داخل مجموعة أخرى لا يمكن أن تضم إلا شروطًا.",
    move_up: "نقل لأعلى",
    move_down: "نقل لأسفل",
    remove_condition: "إزالة الشرط",
    remove_group: "إزالة المجموعة",
    key_label: "الشرط",
    key_category: "الفئة هي",
    key_after: "تاريخ الاستلام في أو بعد",
    key_before: "تاريخ الاستلام قبل",
    key_from: "المرسِل",
    key_is_flagged: "عليها علامة متابعة",
    key_has_attachment: "تحتوي على مرفقات",
    value_category: "الفئة",
    value_date: "التاريخ",
    value_from: "عنوان المرسِل",
    from_placeholder: "name@example.com",
    categories_label: "الفئات",
    show_categories: "إظهار الفئات",
    no_conditions: "لا توجد شروط: ستتم مزامنة كل الرسائل في المجلدات المختارة.",
    warning_prefix: "تنبيه: ",
    summary_label: "ما ستتم مزامنته",
    summary_filtered: "الرسائل الموجودة في {folders} {filter}.",
    summary_all: "كل الرسائل الموجودة في {folders}.",
    list_and: " و",
    list_separator: "، ",
    summary_stale: "في المُنشئ أخطاء: يعرض الملخص آخر عامل تصفية صالح، ولن تبدأ المزامنة حتى تُصحَّح.",
    json_label: "عامل التصفية بصيغة JSON",
    json_help: "يحرّر عامل التصفية نفسه. يبقى النص غير الصالح هنا كما كتبته، ويحتفظ المُنشئ بآخر عامل تصفية صالح.",
    json_error_at: "السطر {line}، العمود {column}: {message}",
    folders_loading: "جارٍ تحميل مجلدات صندوق البريد\u{2026}",
    folders_failed: "تعذّر تحميل المجلدات: {message}",
    categories_failed: "تعذّر تحميل الفئات، لذا لن يقدّم عامل تصفية الفئة أي اقتراحات: {message}",
    folders_retry: "إعادة المحاولة",
    options_title: "الخيارات",
    option_attachments: "مزامنة المرفقات",
    option_incremental: "الرسائل الجديدة فقط منذ آخر مزامنة",
    sync_button: "مزامنة",
    sync_sending: "جارٍ بدء المزامنة\u{2026}",
    sync_needs_account: "افتح صندوق بريد أولًا.",
    sync_needs_valid_filter: "صحّح أخطاء عامل التصفية لتتمكّن من المزامنة.",
    sync_needs_folder: "اختر مجلدًا واحدًا على الأقل للمزامنة.",
    sync_failed: "لم تبدأ المزامنة: {message}",
    sync_unanswered: "لم يصل ردّ في الوقت المحدد ({message})، لذا ربما بدأت المزامنة بالفعل. يمكنك المزامنة مرة أخرى بأمان: لن تُزامَن أي رسالة مرتين.",
    progress_title: "جارٍ مزامنة رسائلك",
    progress_running: "جارٍ عدّ الرسائل أثناء مزامنتها\u{2026}",
    progress_done: "اكتملت العملية: تمت مزامنة كل رسالة أو تعذّرت مزامنتها.",
    count_queued: "في قائمة الانتظار",
    count_syncing: "قيد المزامنة",
    count_ready: "جاهزة",
    count_failed: "فشلت",
    progress_folder: "المجلد",
    progress_total: "الإجمالي",
    progress_folder_failed: "{folder}: لم تبدأ المزامنة ({message})",
    progress_folder_unanswered: "{folder}: لم يصل ردّ في الوقت المحدد ({message})؛ ربما بدأت المزامنة",
    progress_trouble: "تعذّر التحقق من التقدّم ({message})؛ جارٍ إعادة المحاولة.",
    progress_counting_stopped: "توقّف العدّ.",
    progress_stopped: "تعذّر التحقق من التقدّم ({message})، لذا توقّف العدّ. تستمر المزامنة: اطّلع على الرسائل التي تمت مزامنتها لاحقًا.",
    see_files: "عرض الرسائل التي تمت مزامنتها",
    back: "رجوع",
    notice_dismiss: "إغلاق",
    accounts_loading: "جارٍ البحث عن صناديق البريد المرتبطة\u{2026}",
    accounts_load_failed: "تعذّر تحميل صناديق البريد المرتبطة: {message}",
    disconnect_failed: "تعذّر فصل {mailbox}: {message}",
    retry: "إعادة المحاولة",
    chunk_loading: "جارٍ التحميل\u{2026}",
    chunk_failed: "تعذّر تحميل هذا الجزء من الأداة. تحقّق من اتصالك ثم أعد المحاولة.",
    accounts_lead: "اختر الرسائل التي تريد مزامنتها من كل صندوق بريد، أو اطّلع على ما تمت مزامنته.",
    accounts_list_label: "صناديق بريد Outlook المرتبطة",
    accounts_more: "one:عرض صندوق بريد آخر|two:عرض صندوقَي بريد آخرَين|few:عرض {count} صناديق بريد أخرى|many:عرض {count} صندوق بريد آخر|other:عرض {count} صندوق بريد آخر",
    mailbox_unnamed: "صندوق بريد Outlook {id}",
    status_ready: "جاهز",
    status_syncing: "قيد المزامنة",
    status_queued: "في انتظار المزامنة",
    status_error: "فشلت المزامنة",
    status_unknown: "حالة غير معروفة",
    last_synced: "آخر مزامنة: {when}",
    never_synced: "لم تتم المزامنة بعد",
    reconnect: "إعادة الربط",
    disconnect: "فصل",
    add_mailbox: "إضافة صندوق بريد آخر",
    confirm_disconnect: "هل تريد فصل {mailbox}؟ سيتوقف {org} عن المزامنة منه، وتبقى الرسائل التي تمت مزامنتها إلى أن تحذفها.",
    confirm_disconnect_yes: "فصل",
    confirm_disconnect_no: "الإبقاء عليه",
    disconnecting: "جارٍ الفصل\u{2026}",
    signing_in_title: "تسجيل الدخول إلى Outlook",
    sign_in_opening: "جارٍ فتح نافذة تسجيل الدخول\u{2026}",
    sign_in_blocked: "حظر متصفحك نافذة تسجيل الدخول.",
    sign_in_open_window: "فتح نافذة تسجيل الدخول",
    sign_in_preparing: "جارٍ تجهيز صفحة تسجيل الدخول من Microsoft\u{2026}",
    sign_in_waiting: "أكمل تسجيل الدخول في النافذة التي فُتحت.",
    sign_in_closed_hint: "هل أغلقتها أو لا تجدها؟ افتحها مرة أخرى أو ألغِ العملية.",
    sign_in_open_again: "فتح نافذة تسجيل الدخول مرة أخرى",
    sign_in_connected: "تم الربط. جارٍ فتح صندوق بريدك\u{2026}",
    cancel: "إلغاء",
    sign_in_cancelled: "أُلغي تسجيل الدخول.",
    sign_in_timed_out: "استغرق تسجيل الدخول وقتًا طويلًا فأُوقف. أعد المحاولة عندما تكون مستعدًا.",
    sign_in_failed: "تعذّر تسجيل الدخول: {message}",
    mailbox_nav_label: "صندوق البريد",
    all_mailboxes: "كل صناديق البريد",
    files_title: "الرسائل التي تمت مزامنتها",
    files_search_label: "البحث حسب الموضوع",
    files_search_placeholder: "البحث في الرسائل التي تمت مزامنتها",
    files_refresh: "تحديث",
    files_loading: "جارٍ تحميل الرسائل التي تمت مزامنتها\u{2026}",
    files_empty: "لم تتم مزامنة أي رسائل بعد.",
    files_empty_hint: "اختر المجلدات وعامل تصفية ثم ابدأ المزامنة: ستظهر الرسائل هنا.",
    files_no_match: "لا توجد رسالة تمت مزامنتها تطابق «{query}».",
    files_load_failed: "تعذّر تحميل الرسائل التي تمت مزامنتها: {message}",
    files_retry: "إعادة المحاولة",
    files_select_all: "تحديد كل ما في هذه الصفحة",
    files_select: "تحديد «{name}»",
    files_selected: "zero:لم تُحدَّد أي رسالة|one:رسالة واحدة محددة|two:رسالتان محددتان|few:{count} رسائل محددة|many:{count} رسالة محددة|other:{count} رسالة محددة",
    files_resync: "إعادة المزامنة",
    files_delete: "حذف",
    files_working: "جارٍ التنفيذ\u{2026}",
    files_range: "{first}\u{2013}{last} من {count}",
    files_previous: "السابق",
    files_next: "التالي",
    files_pages_label: "الصفحات",
    files_no_subject: "(بلا موضوع)",
    file_status_queued: "في قائمة الانتظار",
    status_failed: "فشلت",
    resync_requested: "طُلبت إعادة المزامنة",
    resync_conflict: "لا تزال المزامنة جارية \u{2014} أعد المحاولة بعد قليل",
    resync_failed: "فشلت إعادة المزامنة: {message}",
    delete_confirm_one: "هل تريد حذف رسالة واحدة من {org}؟ ستبقى في Outlook.",
    delete_confirm_many: "one:هل تريد حذف رسالة واحدة من {org}؟ ستبقى في Outlook.|two:هل تريد حذف رسالتين من {org}؟ ستبقيان في Outlook.|few:هل تريد حذف {count} رسائل من {org}؟ ستبقى في Outlook.|many:هل تريد حذف {count} رسالة من {org}؟ ستبقى في Outlook.|other:هل تريد حذف {count} رسالة من {org}؟ ستبقى في Outlook.",
    delete_confirm: "حذف",
    delete_cancel: "إلغاء",
    delete_failed: "تعذّر الحذف: {message}",
    delete_not_done: "لم تُحذَف الرسائل؛ أعد المحاولة.",
    auto_sync_label: "مزامنة الرسائل الجديدة تلقائيًا",
    auto_sync_help: "تستمر مزامنة الرسائل الجديدة في المجلدات التي اخترتها تلقائيًا.",
    auto_sync_failed: "تعذّر تغيير المزامنة التلقائية: {message}",
    accounts_title: "صناديق البريد المرتبطة",
    account_choose: "اختيار الرسائل",
    account_files: "الرسائل التي تمت مزامنتها",
};

/// Every language the widget speaks, by index: English first (the one in the first-load module).
pub const LANGUAGES: [&str; 6] = ["en", "de", "fr", "es", "ja", "ar"];

/// The fields that embed a count and may hold plural variants (`one:…|other:…`), with the placeholder the
/// variant is picked by.
pub const PLURAL_FIELDS: [(&str, &str); 5] = [
    ("folder_counts", "total"),
    ("folders_selected", "count"),
    ("accounts_more", "count"),
    ("files_selected", "count"),
    ("delete_confirm_many", "count"),
];

/// The CLDR plural categories a variant may be named by.
pub const PLURAL_CATEGORIES: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

/// The index in [`LANGUAGES`] of a BCP 47 tag's language (`de-AT` → German), if the widget speaks it.
pub fn language_index(tag: &str) -> Option<usize> {
    let language = tag.split(['-', '_']).next().unwrap_or_default();
    LANGUAGES
        .iter()
        .position(|known| known.eq_ignore_ascii_case(language))
}

/// The language for `auto`: the first of the browser's languages (`navigator.languages`, most preferred first)
/// the widget speaks; English when none.
pub fn first_supported<'a>(preferred: impl IntoIterator<Item = &'a str>) -> usize {
    preferred.into_iter().find_map(language_index).unwrap_or(0)
}

/// The table for a BCP 47 tag (`en-GB` → `en`) when it is at hand (English always; another language once its
/// chunk is loaded, see [`load`]); `None` when the tag's language still has to load. English when we have no
/// table for the tag's language.
pub fn table_for(tag: &str) -> Option<&'static Strings> {
    loaded(language_index(tag).unwrap_or(0))
}

/// A language's chunk could not be fetched or instantiated (the widget then speaks English).
#[derive(Debug, PartialEq, Eq)]
pub struct TableLoadFailed;

#[cfg(feature = "split")]
impl From<wasm_split_helpers::SplitLoaderError> for TableLoadFailed {
    fn from(_: wasm_split_helpers::SplitLoaderError) -> Self {
        TableLoadFailed
    }
}

/// A split point per language table (with the `split` feature, which only `cargo xtask dist` turns on): the
/// table and its summary words are reachable only from here, so they go into that language's chunk.
#[cfg(feature = "split")]
mod split_points {
    use crate::i18n::{Strings, TableLoadFailed as ChunkLoadFailed};
    use wasm_split_helpers::wasm_split;

    #[wasm_split(de, fallible)]
    pub fn de() -> Result<&'static Strings, ChunkLoadFailed> {
        Ok(&crate::i18n::GERMAN)
    }

    #[wasm_split(fr, fallible)]
    pub fn fr() -> Result<&'static Strings, ChunkLoadFailed> {
        Ok(&crate::i18n::FRENCH)
    }

    #[wasm_split(es, fallible)]
    pub fn es() -> Result<&'static Strings, ChunkLoadFailed> {
        Ok(&crate::i18n::SPANISH)
    }

    #[wasm_split(ja, fallible)]
    pub fn ja() -> Result<&'static Strings, ChunkLoadFailed> {
        Ok(&crate::i18n::JAPANESE)
    }

    #[wasm_split(ar, fallible)]
    pub fn ar() -> Result<&'static Strings, ChunkLoadFailed> {
        Ok(&crate::i18n::ARABIC)
    }
}

#[cfg(feature = "split")]
thread_local! {
    /// The tables loaded so far, by [`LANGUAGES`] index (a chunk is loaded once per page).
    static LOADED: std::cell::Cell<[Option<&'static Strings>; 6]> =
        const { std::cell::Cell::new([Some(&ENGLISH), None, None, None, None, None]) };
}

/// The table of language `index`, if it is loaded.
#[cfg(feature = "split")]
pub fn loaded(index: usize) -> Option<&'static Strings> {
    LOADED.with(|loaded| loaded.get().get(index).copied().flatten())
}

/// Every table is in the one module without the `split` feature.
#[cfg(not(feature = "split"))]
pub fn loaded(index: usize) -> Option<&'static Strings> {
    [&ENGLISH, &GERMAN, &FRENCH, &SPANISH, &JAPANESE, &ARABIC]
        .get(index)
        .copied()
}

/// Loads the table of language `index` (at once when it is in already; English for an unknown index).
#[cfg(feature = "split")]
pub async fn load(index: usize) -> Result<&'static Strings, TableLoadFailed> {
    if let Some(table) = loaded(index) {
        return Ok(table);
    }
    let table = match index {
        1 => split_points::de().await?,
        2 => split_points::fr().await?,
        3 => split_points::es().await?,
        4 => split_points::ja().await?,
        5 => split_points::ar().await?,
        _ => &ENGLISH,
    };
    LOADED.with(|loaded| {
        let mut all = loaded.get();
        if let Some(slot) = all.get_mut(index) {
            *slot = Some(table);
        }
        loaded.set(all);
    });
    Ok(table)
}

/// Without the `split` feature every table is at hand.
#[cfg(not(feature = "split"))]
pub async fn load(index: usize) -> Result<&'static Strings, TableLoadFailed> {
    Ok(loaded(index).unwrap_or(&ENGLISH))
}

/// `base` with the host's `messages` in place of its fields (names already checked by the config). The table is
/// leaked, once per `create` or `update` that changes the language or the messages: the views hold `&'static`
/// tables (compared by address), and a widget has one at a time.
pub fn with_messages(base: &'static Strings, messages: &[(String, String)]) -> &'static Strings {
    if messages.is_empty() {
        return base;
    }
    let mut table = base.clone();
    {
        let mut fields = table.texts_mut();
        for (name, text) in messages {
            if let Some(index) = Strings::NAMES.iter().position(|known| known == name) {
                *fields[index] = Box::leak(text.clone().into_boxed_str());
            }
        }
    }
    Box::leak(Box::new(table))
}

/// The `{name}`s of a template (every variant's, for a plural field), in order of first appearance.
pub fn placeholders(template: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        let name = &after[..close];
        if !names.contains(&name) {
            names.push(name);
        }
        rest = &after[close + 1..];
    }
    names
}

/// A plural field's variants as `(category, text)`; a template without `|` is one `other` variant.
pub fn variants(template: &str) -> Vec<(&str, &str)> {
    if !template.contains('|') {
        return vec![("other", template)];
    }
    template
        .split('|')
        .map(|variant| variant.split_once(':').unwrap_or(("other", variant)))
        .collect()
}

/// The variant of a plural field for `count` in `table`'s language (`Intl.PluralRules`), with `{name}` for the
/// count filled in through [`number`], then the other `values`.
pub fn plural(
    table: &Strings,
    template: &str,
    name: &str,
    count: u64,
    values: &[(&str, &str)],
) -> String {
    let category = plural_category(table.tag, count);
    let all = variants(template);
    let text = all
        .iter()
        .find(|(which, _)| *which == category)
        .or_else(|| all.iter().find(|(which, _)| *which == "other"))
        .map_or(template, |(_, text)| text);
    let count = number(table, count);
    let mut filled: Vec<(&str, &str)> = vec![(name, &count)];
    filled.extend_from_slice(values);
    fill(text, &filled)
}

/// `Intl.PluralRules(tag).select(count)`.
#[cfg(target_arch = "wasm32")]
fn plural_category(tag: &str, count: u64) -> String {
    let locales = js_sys::Array::of1(&tag.into());
    js_sys::Intl::PluralRules::new(&locales, &js_sys::Object::new())
        .select(count as f64)
        .into()
}

/// Natively (tests): English's rule, enough to test the picking.
#[cfg(not(target_arch = "wasm32"))]
fn plural_category(_tag: &str, count: u64) -> String {
    if count == 1 { "one" } else { "other" }.to_owned()
}

/// A count as the table's language writes it (`Intl.NumberFormat`: `1.234` in German, `١٢` in Arabic).
#[cfg(target_arch = "wasm32")]
pub fn number(table: &Strings, count: u64) -> String {
    let locales = js_sys::Array::of1(&table.tag.into());
    let format = js_sys::Intl::NumberFormat::new(&locales, &js_sys::Object::new()).format();
    format
        .call1(
            &wasm_bindgen::JsValue::UNDEFINED,
            &wasm_bindgen::JsValue::from_f64(count as f64),
        )
        .ok()
        .and_then(|text| text.as_string())
        .unwrap_or_else(|| count.to_string())
}

/// Natively (tests): plain digits.
#[cfg(not(target_arch = "wasm32"))]
pub fn number(_table: &Strings, count: u64) -> String {
    count.to_string()
}

/// An ISO 8601 timestamp as date and time in the table's language and the person's time zone
/// (`Intl.DateTimeFormat`, medium date, short time); `None` when the browser cannot read it.
#[cfg(target_arch = "wasm32")]
pub fn date_time(table: &Strings, stamp: &str) -> Option<String> {
    // The API writes UTC without an offset; `Date` would read that as local time.
    let time = stamp.get(11..).unwrap_or_default();
    let stamp = if time.is_empty() || time.contains(['Z', 'z', '+', '-']) {
        stamp.to_owned()
    } else {
        format!("{stamp}Z")
    };
    let date = js_sys::Date::new(&stamp.as_str().into());
    if date.get_time().is_nan() {
        return None;
    }
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"dateStyle".into(), &"medium".into());
    let _ = js_sys::Reflect::set(&options, &"timeStyle".into(), &"short".into());
    let locales = js_sys::Array::of1(&table.tag.into());
    let format = js_sys::Intl::DateTimeFormat::new(&locales, &options).format();
    format
        .call1(&wasm_bindgen::JsValue::UNDEFINED, &date)
        .ok()
        .and_then(|text| text.as_string())
}

/// Natively there is no `Intl`: the caller keeps its own rendering.
#[cfg(not(target_arch = "wasm32"))]
pub fn date_time(_table: &Strings, _stamp: &str) -> Option<String> {
    None
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
        assert_eq!(table_for("en-GB").map(|t| t.tag), Some("en"));
        assert_eq!(table_for("xx").map(|t| t.tag), Some("en"));
        assert_eq!(table_for("de-AT").map(|t| t.tag), Some("de"));
        assert_eq!(first_supported(["pt-BR", "fr-CA", "de"]), 2);
        assert_eq!(first_supported(["pt-BR", "zh"]), 0);
        assert_eq!(language_index("AR-eg"), Some(5));
    }

    /// The plural categories CLDR gives each language (what `Intl.PluralRules` may answer).
    fn categories(tag: &str) -> &'static [&'static str] {
        match tag {
            "en" | "de" => &["one", "other"],
            "fr" | "es" => &["one", "many", "other"],
            "ja" => &["other"],
            "ar" => &["zero", "one", "two", "few", "many", "other"],
            other => panic!("no plural categories for {other}"),
        }
    }

    fn all_tables() -> Vec<&'static Strings> {
        (0..LANGUAGES.len()).map(|i| loaded(i).unwrap()).collect()
    }

    #[test]
    fn every_language_has_every_string_with_the_same_placeholders() {
        let english = ENGLISH.texts();
        assert_eq!(english.len(), Strings::NAMES.len());
        for (index, table) in all_tables().into_iter().enumerate() {
            assert_eq!(table.tag, LANGUAGES[index]);
            assert!(table.dir == "ltr" || table.dir == "rtl");
            for ((name, text), original) in Strings::NAMES.iter().zip(table.texts()).zip(&english) {
                let at = format!("{}.{name}: {text:?}", table.tag);
                assert!(!text.trim().is_empty(), "{at} is empty");
                assert_eq!(
                    text.matches('{').count(),
                    text.matches('}').count(),
                    "{at}: stray brace"
                );
                let mut wanted = placeholders(original);
                let mut got = placeholders(text);
                wanted.sort_unstable();
                got.sort_unstable();
                assert_eq!(got, wanted, "{at}: placeholders");
                let plural = PLURAL_FIELDS.iter().find(|(field, _)| field == name);
                if plural.is_none() {
                    assert!(
                        !text.contains('|'),
                        "{at}: only plural fields have variants"
                    );
                }
            }
        }
    }

    #[test]
    fn plural_variants_are_valid_for_their_language() {
        for table in all_tables() {
            let texts = table.texts();
            for (field, count) in PLURAL_FIELDS {
                let index = Strings::NAMES
                    .iter()
                    .position(|name| *name == field)
                    .unwrap();
                let text = texts[index];
                let forms = variants(text);
                let at = format!("{}.{field}", table.tag);
                let named: Vec<&str> = forms.iter().map(|(category, _)| *category).collect();
                assert_eq!(named.last(), Some(&"other"), "{at}: `other` comes last");
                for category in &named {
                    assert!(
                        categories(table.tag).contains(category),
                        "{at}: {category} is no {} category",
                        table.tag
                    );
                    assert_eq!(
                        named.iter().filter(|c| *c == category).count(),
                        1,
                        "{at}: {category} twice"
                    );
                }
                let (_, other) = forms.last().unwrap();
                let mut wanted = placeholders(ENGLISH.texts()[index]);
                let mut got = placeholders(other);
                wanted.sort_unstable();
                got.sort_unstable();
                assert_eq!(got, wanted, "{at}: the `other` form has every placeholder");
                assert!(
                    placeholders(other).contains(&count),
                    "{at}: counts by {{{count}}}"
                );
                for (category, form) in &forms {
                    assert!(!form.is_empty(), "{at}.{category} is empty");
                }
            }
        }
    }

    #[test]
    fn plural_picks_the_variant_and_falls_back_to_other() {
        assert_eq!(
            plural(
                &ENGLISH,
                ENGLISH.folder_counts,
                "total",
                1,
                &[("unread", "0")]
            ),
            "1 e-mail, 0 unread"
        );
        assert_eq!(
            plural(
                &ENGLISH,
                ENGLISH.folder_counts,
                "total",
                12,
                &[("unread", "3")]
            ),
            "12 e-mails, 3 unread"
        );
        assert_eq!(
            plural(&JAPANESE, JAPANESE.files_selected, "count", 1, &[]),
            "1 件を選択中"
        );
        assert_eq!(
            variants("a|few:b|other:c"),
            vec![("other", "a"), ("few", "b"), ("other", "c")]
        );
    }

    #[test]
    fn messages_replace_only_the_fields_named() {
        let table = with_messages(
            &GERMAN,
            &[("connect_button".into(), "Outlook verknüpfen".into())],
        );
        assert_eq!(table.connect_button, "Outlook verknüpfen");
        assert_eq!(table.connect_title, GERMAN.connect_title);
        assert!(std::ptr::eq(with_messages(&GERMAN, &[]), &GERMAN));
    }

    #[test]
    fn placeholders_are_read_in_order_once_each() {
        assert_eq!(placeholders("{a} {b} {a}"), vec!["a", "b"]);
        assert_eq!(placeholders("none"), Vec::<&str>::new());
    }

    #[test]
    fn the_summary_reads_in_every_language() {
        use outlook_connect_filter::summary::summarize;
        let parsed = outlook_connect_filter::parse_str(
            r#"{"AND": [{"key": "after", "value": "2024/01/07"},
                {"OR": [{"key": "category", "value": "Alpha"}, {"key": "category", "value": "Beta"}]}]}"#,
        )
        .expect("valid");
        let mut seen = Vec::new();
        for table in all_tables() {
            let words = summarize(&parsed.filter, table.summary_words);
            assert!(
                words.contains("Alpha") && words.contains("Beta") && words.contains("2024"),
                "{words}"
            );
            assert!(
                !seen.contains(&words),
                "{}: the summary is another language's: {words}",
                table.tag
            );
            seen.push(words);
        }
    }
}
