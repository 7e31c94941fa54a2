//! The Files screen's slice: the synced e-mails list as pure state — the page on screen, the search, the
//! selection, what a resync or delete is doing. Changed only through [`reduce`]; the decisions the flow takes
//! (which page to ask for, what a resync's answer means) live here too, so they are tested natively.

use super::shell::{Changed, Shell};
use crate::api::{ApiError, ApiErrorKind, FileOrder, FileQuery, Page, SyncStage, UserFile};
use std::rc::Rc;

/// E-mails per page of the list.
pub const PAGE_SIZE: u32 = 20;

/// One page of a mailbox's synced e-mails, as the API answered it.
#[derive(Clone, Debug, PartialEq)]
pub struct FilePage {
    pub files: Vec<UserFile>,
    /// Every file matching the search, not only this page's.
    pub count: u32,
    /// Where this page starts in the whole list.
    pub offset: u32,
    /// The search this page answers (empty: none).
    pub search: String,
}

impl FilePage {
    /// `(first, last, count)` for "21–40 of 134", 1-based; `None` for an empty page.
    pub fn range(&self) -> Option<(u32, u32, u32)> {
        let shown = u32::try_from(self.files.len()).unwrap_or(u32::MAX);
        (shown > 0).then(|| {
            let last = self.offset.saturating_add(shown);
            (self.offset + 1, last, self.count.max(last))
        })
    }

    pub fn has_previous(&self) -> bool {
        self.offset > 0
    }

    pub fn has_next(&self) -> bool {
        let shown = u32::try_from(self.files.len()).unwrap_or(u32::MAX);
        self.offset.saturating_add(shown) < self.count
    }

    pub fn previous_offset(&self) -> u32 {
        self.offset.saturating_sub(PAGE_SIZE)
    }

    pub fn next_offset(&self) -> u32 {
        self.offset.saturating_add(PAGE_SIZE)
    }

    /// When this page came back empty although files match (the last page emptied by a delete, or a list that
    /// shrank), the offset of the last page that has some; `None` when the page is fine as it is.
    pub fn refetch_offset(&self) -> Option<u32> {
        (self.files.is_empty() && self.offset > 0)
            .then(|| self.count.saturating_sub(1) / PAGE_SIZE * PAGE_SIZE)
    }

    fn contains(&self, file_id: i64) -> bool {
        self.files.iter().any(|file| file.id == file_id)
    }
}

/// A change the list is making to the selected e-mails.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Work {
    Resyncing,
    Deleting,
}

/// What one e-mail's resync came to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ResyncOutcome {
    /// The API queued it again (`file_resynced`).
    Resynced,
    /// 409: the e-mail is still queued or syncing; the person can try again shortly.
    StillSyncing,
    /// Any other failure, with the API's message.
    Failed(String),
}

impl ResyncOutcome {
    /// What `resync_file`'s answer means for the person.
    pub fn of(answer: &Result<UserFile, ApiError>) -> Self {
        match answer {
            Ok(_) => ResyncOutcome::Resynced,
            Err(error) if error.kind == ApiErrorKind::Conflict => ResyncOutcome::StillSyncing,
            Err(error) => ResyncOutcome::Failed(error.message.clone()),
        }
    }
}

/// Why the last delete did not happen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DeleteProblem {
    /// The API refused or failed, with its message.
    Api(String),
    /// The API answered `{success: false}`.
    NotDone,
}

/// What the Files screen shows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FilesState {
    /// The mailbox the list is about.
    pub data_source_id: Option<i64>,
    /// The search box, as typed (applied on Enter or after a pause).
    pub search: String,
    /// What the page being loaded (or on screen) is for.
    pub offset: u32,
    pub applied_search: String,
    /// Counts every load asked for; an answer for an older one is stale and dropped.
    pub serial: u32,
    pub loading: bool,
    /// The last page the API answered; kept on screen while the next one loads.
    pub page: Option<Rc<FilePage>>,
    /// Why the last load failed (the API's message).
    pub load_error: Option<String>,
    /// Selected file ids, all on the page on screen.
    pub selected: Vec<i64>,
    /// The in-widget "Delete N e-mails?" confirmation is open.
    pub confirming_delete: bool,
    pub working: Option<Work>,
    /// The last resync's outcome for each e-mail it covered.
    pub notes: Rc<Vec<(i64, ResyncOutcome)>>,
    pub delete_problem: Option<DeleteProblem>,
}

impl FilesState {
    /// The `user_files_v2` query of the page to load: the mailbox's root files, newest first, one page.
    pub fn query(&self) -> Option<FileQuery> {
        let data_source_id = self.data_source_id?;
        Some(FileQuery {
            data_source_id: Some(data_source_id),
            request_ids: Vec::new(),
            name: Some(self.applied_search.clone()).filter(|name| !name.trim().is_empty()),
            page: Some(Page {
                limit: PAGE_SIZE,
                offset: self.offset,
            }),
            order: Some(FileOrder::NewestFirst),
            root_files_only: true,
        })
    }

    pub fn is_selected(&self, file_id: i64) -> bool {
        self.selected.contains(&file_id)
    }

    /// Whether every e-mail of a non-empty page is selected.
    pub fn all_selected(&self) -> bool {
        self.page.as_ref().is_some_and(|page| {
            !page.files.is_empty() && page.files.iter().all(|file| self.is_selected(file.id))
        })
    }

    /// The outcome of the last resync of `file_id`, if it covered that e-mail.
    pub fn note(&self, file_id: i64) -> Option<&ResyncOutcome> {
        self.notes
            .iter()
            .find(|(id, _)| *id == file_id)
            .map(|(_, outcome)| outcome)
    }

    /// Whether the search box holds text the list does not show yet.
    pub fn search_pending(&self) -> bool {
        self.search.trim() != self.applied_search.trim()
    }

    fn start_load(&mut self, offset: u32, search: String) {
        self.offset = offset;
        self.applied_search = search;
        self.serial = self.serial.wrapping_add(1);
        self.loading = true;
    }
}

/// A change to [`FilesState`].
#[derive(Clone, Debug, PartialEq)]
pub enum FilesAction {
    /// Show this mailbox's list from its first page (a fresh list: no search, nothing selected).
    Open {
        data_source_id: i64,
    },
    /// Typed in the search box.
    Typed(String),
    /// Load the page at `offset` for `search` (a new search starts at 0).
    Load {
        offset: u32,
        search: String,
    },
    /// The API answered load number `serial`.
    Loaded {
        serial: u32,
        files: Vec<UserFile>,
        count: u32,
    },
    LoadFailed {
        serial: u32,
        message: String,
    },
    /// Checked or unchecked one e-mail of the page.
    Toggle(i64),
    /// Checked (or cleared) every e-mail of the page.
    SelectPage(bool),
    /// Open or close the delete confirmation.
    ConfirmDelete(bool),
    Started(Work),
    /// The resync of the selected e-mails finished: each row says how it went, and the selection stays (so
    /// the same e-mails can be resynced again, or deleted).
    Resynced(Vec<(i64, ResyncOutcome)>),
    Deleted(Vec<i64>),
    DeleteFailed(DeleteProblem),
}

/// Applies `action`; `No` when it does not apply (stale answer, nothing to select, work running) or leaves the
/// list as it was.
pub fn reduce(files: &mut FilesState, action: FilesAction, _shell: &mut Shell) -> Changed {
    let before = files.clone();
    Changed::from(apply(files, action) && *files != before)
}

/// Applies `action`; false when it does not apply (stale answer, nothing to select, work running).
fn apply(files: &mut FilesState, action: FilesAction) -> bool {
    match action {
        FilesAction::Open { data_source_id } => {
            *files = FilesState {
                data_source_id: Some(data_source_id),
                serial: files.serial,
                ..FilesState::default()
            };
            files.start_load(0, String::new());
        }
        FilesAction::Typed(search) => files.search = search,
        FilesAction::Load { .. } if files.data_source_id.is_none() => return false,
        FilesAction::Load { offset, search } => {
            if search != files.applied_search {
                files.selected.clear();
            }
            files.confirming_delete = false;
            files.start_load(offset, search);
        }
        FilesAction::Loaded { serial, .. } | FilesAction::LoadFailed { serial, .. }
            if serial != files.serial =>
        {
            return false
        }
        FilesAction::Loaded {
            files: list, count, ..
        } => {
            let page = FilePage {
                files: list,
                count,
                offset: files.offset,
                search: files.applied_search.clone(),
            };
            files.selected.retain(|id| page.contains(*id));
            if files.notes.iter().any(|(id, _)| !page.contains(*id)) {
                files.notes = Rc::new(
                    files
                        .notes
                        .iter()
                        .filter(|(id, _)| page.contains(*id))
                        .cloned()
                        .collect(),
                );
            }
            if files.selected.is_empty() {
                files.confirming_delete = false;
            }
            files.page = Some(Rc::new(page));
            files.loading = false;
            files.load_error = None;
        }
        FilesAction::LoadFailed { message, .. } => {
            files.loading = false;
            files.load_error = Some(message);
        }
        FilesAction::Toggle(_) | FilesAction::SelectPage(_) if files.working.is_some() => {
            return false
        }
        FilesAction::Toggle(file_id) => {
            if let Some(at) = files.selected.iter().position(|id| *id == file_id) {
                files.selected.remove(at);
            } else if files
                .page
                .as_ref()
                .is_some_and(|page| page.contains(file_id))
            {
                files.selected.push(file_id);
            } else {
                return false;
            }
            files.confirming_delete = false;
        }
        FilesAction::SelectPage(select) => {
            files.selected = match (&files.page, select) {
                (Some(page), true) => page.files.iter().map(|file| file.id).collect(),
                _ => Vec::new(),
            };
            files.confirming_delete = false;
        }
        FilesAction::ConfirmDelete(open) => {
            if open && (files.selected.is_empty() || files.working.is_some()) {
                return false;
            }
            files.confirming_delete = open;
            files.delete_problem = None;
        }
        FilesAction::Started(_) if files.working.is_some() || files.selected.is_empty() => {
            return false
        }
        FilesAction::Started(work) => {
            files.working = Some(work);
            files.confirming_delete = false;
            files.delete_problem = None;
            if work == Work::Resyncing {
                files.notes = Rc::new(Vec::new());
            }
        }
        FilesAction::Resynced(outcomes) => {
            files.working = None;
            files.notes = Rc::new(outcomes);
        }
        FilesAction::Deleted(ids) => {
            files.working = None;
            files.selected.retain(|id| !ids.contains(id));
        }
        FilesAction::DeleteFailed(problem) => {
            files.working = None;
            files.delete_problem = Some(problem);
        }
    }
    true
}

/// Which of the four words the list shows for a file's status; `None` for a status this widget does not know.
pub fn status_stage(file: &UserFile) -> Option<SyncStage> {
    (file.sync_status != crate::api::FileSyncStatus::Other).then(|| file.sync_status.stage())
}

/// The day an e-mail was received (`source_created_at`, else when it was synced) as `YYYY/mm/dd`, the filter
/// crate's date form, so the summary's date words can show it.
pub fn received_day(file: &UserFile) -> Option<String> {
    let stamp = file
        .source_created_at
        .as_deref()
        .unwrap_or(&file.created_at);
    let day = stamp.get(..10)?;
    let bytes = day.as_bytes();
    (bytes[4] == b'-' && bytes[7] == b'-').then(|| day.replace('-', "/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(id: i64, status: &str) -> UserFile {
        UserFile {
            source_created_at: Some("2024-01-07T09:30:00Z".into()),
            ..UserFile::sample(id, status)
        }
    }

    fn page(offset: u32, shown: i64, count: u32) -> FilePage {
        FilePage {
            files: (0..shown).map(|id| file(id + 1, "READY")).collect(),
            count,
            offset,
            search: String::new(),
        }
    }

    #[test]
    fn page_arithmetic_says_21_to_40_of_134() {
        let second = page(20, 20, 134);
        assert_eq!(second.range(), Some((21, 40, 134)));
        assert!(second.has_previous() && second.has_next());
        assert_eq!((second.previous_offset(), second.next_offset()), (0, 40));
        let last = page(120, 14, 134);
        assert_eq!(last.range(), Some((121, 134, 134)));
        assert!(!last.has_next());
        let first = page(0, 20, 134);
        assert!(!first.has_previous());
        assert_eq!(page(0, 0, 0).range(), None);
        assert!(!page(0, 0, 0).has_next());
    }

    #[test]
    fn an_emptied_last_page_goes_back_to_the_last_page_with_files() {
        assert_eq!(page(40, 0, 40).refetch_offset(), Some(20));
        assert_eq!(page(40, 0, 41).refetch_offset(), Some(40));
        assert_eq!(page(20, 0, 0).refetch_offset(), Some(0));
        assert_eq!(page(0, 0, 0).refetch_offset(), None);
        assert_eq!(page(20, 5, 25).refetch_offset(), None);
    }

    #[test]
    fn the_query_is_root_files_of_the_mailbox_newest_first_one_page() {
        let mut state = FilesState {
            data_source_id: Some(7),
            offset: 40,
            applied_search: "  ".into(),
            ..FilesState::default()
        };
        let query = state.query().unwrap();
        assert_eq!(query.data_source_id, Some(7));
        assert_eq!(
            query.page,
            Some(Page {
                limit: 20,
                offset: 40
            })
        );
        assert_eq!(query.order, Some(FileOrder::NewestFirst));
        assert!(query.root_files_only);
        assert_eq!(query.name, None, "a blank search sends no name filter");
        let request = crate::api::request::user_files_v2(&query).unwrap();
        assert_eq!(
            request.body.unwrap()["filters"],
            serde_json::json!({
                "source": "OUTLOOK",
                "organization_user_data_source_id": [7],
                "root_files_only": true,
            })
        );
        state.applied_search = "invoice".into();
        assert_eq!(state.query().unwrap().name.as_deref(), Some("invoice"));
        assert_eq!(FilesState::default().query(), None);
    }

    #[test]
    fn a_409_means_still_syncing_and_other_errors_keep_their_message() {
        let conflict = ApiError::from_response(409, r#"{"detail":"File is syncing"}"#, None);
        assert_eq!(
            ResyncOutcome::of(&Err(conflict)),
            ResyncOutcome::StillSyncing
        );
        let server = ApiError::from_response(500, "", None);
        assert_eq!(
            ResyncOutcome::of(&Err(server)),
            ResyncOutcome::Failed("The API failed (HTTP 500)".into())
        );
        assert_eq!(
            ResyncOutcome::of(&Ok(file(1, "QUEUED_FOR_SYNC"))),
            ResyncOutcome::Resynced
        );
    }

    #[test]
    fn unknown_statuses_have_no_stage_and_days_come_from_the_received_date() {
        assert_eq!(status_stage(&file(1, "READY")), Some(SyncStage::Ready));
        assert_eq!(
            status_stage(&file(1, "QUEUED_FOR_SYNC")),
            Some(SyncStage::Queued)
        );
        assert_eq!(status_stage(&file(1, "ARCHIVED")), None);
        assert_eq!(
            received_day(&file(1, "READY")).as_deref(),
            Some("2024/01/07")
        );
        let mut synced_only = file(2, "READY");
        synced_only.source_created_at = None;
        assert_eq!(received_day(&synced_only).as_deref(), Some("2026/11/27"));
        synced_only.created_at = "yesterday".into();
        assert_eq!(received_day(&synced_only), None);
    }
}
