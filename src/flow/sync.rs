//! The sync part of the flow (see [`super`]): loading the active mailbox's folders and categories, "Sync"
//! (and `handle.sync()`), and polling the syncs' progress until every file is final.
//!
//! Decisions (what to send, when to stop polling, how long to wait) are pure, in `crate::state` (`plan`, and the
//! `sync`, `progress` and `poller` modules); this file only sends, waits and dispatches.

use super::files;
use crate::api::{
    self, new_request_id, request, ApiError, Client, Endpoint, FileOrder, FileQuery, OutlookSync,
    Page, UserFile,
};
use crate::bridge::set;
use crate::errors::{ErrorCode, WidgetError};
use crate::events::{failure_to_js, Event};
use crate::runtime::{Cancel, Ctx};
use crate::shape::Shape;
use crate::state::accounts::AccountsAction;
use crate::state::categories::{categories_from_shape, Category};
use crate::state::failure::Failure;
use crate::state::folders::FolderTree;
use crate::state::poller::{keeps_polling, Poller};
use crate::state::progress::{self, count_runs, ProgressAction, Run};
use crate::state::sync::{self, Refusal, SyncAction, SyncPlan};
use crate::state::{Action, Screen};
use futures::future::join;
use js_sys::{Array, Function, Object};
use serde_json::Value;
use std::rc::Rc;
use std::time::Duration;
use wasm_bindgen::JsValue;

pub use crate::intent::sync::Intent;

pub fn run(ctx: &Ctx, intent: Intent) {
    match intent {
        Intent::Open { data_source_id } => {
            ctx.dispatch(Action::Accounts(AccountsAction::Activate(data_source_id)));
            ctx.dispatch(Action::Navigate(Screen::Choose));
            load(ctx, data_source_id);
        }
        Intent::Retry => {
            if let Some(id) = ctx.state().and_then(|state| state.accounts.active) {
                load(ctx, id);
            }
        }
        Intent::RetryCategories => reload_categories(ctx),
        Intent::Sync => {
            let ctx = ctx.clone();
            // The button is disabled whenever `plan` refuses, and failures are shown in place: nothing to add.
            wasm_bindgen_futures::spawn_local(async move {
                let _ = start(&ctx).await;
            });
        }
        Intent::Back => {
            stop_polling(ctx);
            ctx.dispatch(Action::Navigate(Screen::Choose));
        }
        Intent::SeeFiles => {
            stop_polling(ctx);
            if let Some(data_source_id) = ctx.state().and_then(|state| state.accounts.active) {
                files::run(ctx, files::Intent::Open { data_source_id });
            }
        }
    }
}

/// Loads the folders and categories of `data_source_id`, unless they are loaded or loading already.
fn load(ctx: &Ctx, data_source_id: i64) {
    let Some(state) = ctx.state() else { return };
    if !sync::needs_load(&state.sync, data_source_id) {
        return;
    }
    let Some((sync_attachments, incremental_sync)) = ctx.config(|config| {
        let options = &config.sync_options;
        (options.sync_attachments, options.incremental_sync)
    }) else {
        return;
    };
    let Some(client) = ctx.client() else { return };
    ctx.dispatch(Action::Sync(SyncAction::Load {
        data_source_id,
        sync_attachments,
        incremental_sync,
    }));
    let ctx = ctx.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let (folders, categories) = join(
            read_json(&client, request::user_folders(data_source_id)),
            read_json(&client, request::user_categories(data_source_id)),
        )
        .await;
        match folders.and_then(|folders| read_tree(&folders)) {
            Ok(tree) => {
                let count = tree.folders.len();
                let categories = categories_result(&ctx, categories);
                ctx.dispatch(Action::MailboxLoaded {
                    data_source_id,
                    tree: Rc::new(tree),
                    categories,
                });
                ctx.emit(Event::FoldersLoaded {
                    data_source_id,
                    count,
                });
            }
            Err(error) if error.kind == api::ApiErrorKind::Cancelled => {}
            Err(error) => {
                let failure = Failure::from_api(&error, None);
                let event = Event::error(failure.code, failure.message.clone());
                ctx.dispatch(Action::Sync(SyncAction::LoadFailed {
                    data_source_id,
                    failure,
                }));
                ctx.emit(event);
            }
        }
    });
}

/// "Try again" under the category picker: the categories alone, the folder tree stays as it is.
fn reload_categories(ctx: &Ctx) {
    let Some(data_source_id) = ctx.state().and_then(|state| state.sync.mailbox) else {
        return;
    };
    let Some(client) = ctx.client() else { return };
    let ctx = ctx.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let answer = read_json(&client, request::user_categories(data_source_id)).await;
        if matches!(&answer, Err(error) if error.kind == api::ApiErrorKind::Cancelled) {
            return;
        }
        let categories = categories_result(&ctx, answer);
        ctx.dispatch(Action::CategoriesLoaded {
            data_source_id,
            categories,
        });
    });
}

/// The categories from `user_categories`' answer, or the failure shown under the picker (also sent as `error`).
fn categories_result(
    ctx: &Ctx,
    answer: Result<Value, ApiError>,
) -> Result<Rc<Vec<Category>>, Failure> {
    let categories = answer.and_then(|answer| read_categories(&answer));
    categories.map(Rc::new).map_err(|error| {
        let failure = Failure::from_api(&error, None);
        ctx.emit(Event::error(failure.code, failure.message.clone()));
        failure
    })
}

/// Sends `request` and parses the answer as JSON; the shape is checked by the one parser the host's
/// `setFolderTree`/`setCategories` also use.
async fn read_json<T: api::Transport>(
    client: &Client<T>,
    request: api::ApiRequest,
) -> Result<Value, ApiError> {
    let body = client.send(&request).await?;
    serde_json::from_str(&body)
        .map_err(|error| ApiError::malformed(request.endpoint.path(), format!("not JSON: {error}")))
}

/// The folder tree from `user_folders`' answer, checked by the one parser the host's `setFolderTree` also uses
/// (`Shape<Function>`: the same instance of it, so one copy in the bundle).
fn read_tree(folders: &Value) -> Result<FolderTree, ApiError> {
    FolderTree::from_shape("user_folders", &Shape::<Function>::from(folders))
        .map_err(|error| malformed(Endpoint::UserFolders, error))
}

/// The categories from `user_categories`' answer, checked by the parser `setCategories` also uses.
fn read_categories(categories: &Value) -> Result<Vec<Category>, ApiError> {
    categories_from_shape("user_categories", &Shape::<Function>::from(categories))
        .map_err(|error| malformed(Endpoint::UserCategories, error))
}

fn malformed(endpoint: Endpoint, error: WidgetError) -> ApiError {
    ApiError::malformed(endpoint.path(), error.message)
}

/// What `handle.sync()` resolves with: the accepted syncs' ids, and the folders the API refused.
pub struct Started {
    pub request_ids: Vec<String>,
    pub failed: Vec<Failure>,
}

impl Started {
    /// `{requestIds: [...], failed: [{folder, code, message}]}`.
    pub fn to_js(&self) -> JsValue {
        let result = Object::new();
        let ids: Array = self.request_ids.iter().map(JsValue::from).collect();
        set(&result, "requestIds", &ids);
        let failed: Array = self.failed.iter().map(failure_to_js).collect();
        set(&result, "failed", &failed);
        result.into()
    }
}

/// "Sync": one request per selected folder, each with a fresh `request_id` (kept on retries). At least one
/// accepted → the Progress screen and polling; none → the first failure, shown on the Choose screen.
pub async fn start(ctx: &Ctx) -> Result<Started, WidgetError> {
    let destroyed = || WidgetError::destroyed("sync");
    let state = ctx.state().ok_or_else(destroyed)?;
    let configured = ctx
        .config(|config| config.sync_options.clone())
        .ok_or_else(destroyed)?;
    let client = ctx.client().ok_or_else(destroyed)?;
    let plan = crate::state::plan(&state, &configured)
        .map_err(|refusal| WidgetError::new(refusal.error_code(), refusal_message(refusal)))?;
    ctx.dispatch(Action::Sync(SyncAction::Sending));
    let mut runs = Vec::new();
    let mut failed = Vec::new();
    // One folder after the other: a few quick requests, and the events come in the order of the selection.
    for folder in &plan.folders {
        match send_one(&client, &plan, folder.clone(), new_request_id()).await {
            Ok(run) => {
                ctx.emit(Event::SyncRequested {
                    data_source_id: plan.data_source_id,
                    folder: run.folder.clone(),
                    request_id: run.request_id.clone(),
                });
                runs.push(run);
            }
            Err(failure) => {
                ctx.emit(Event::SyncError(failure.clone()));
                failed.push(failure);
            }
        }
    }
    if runs.is_empty() {
        let first = failed.first().cloned().unwrap_or_else(|| Failure {
            code: SYNC_REJECTED,
            message: "The API accepted no sync".into(),
            folder: None,
        });
        let error = WidgetError::new(
            ErrorCode::Api(first.code),
            format!("sync: {}", first.message),
        );
        ctx.dispatch(Action::Sync(SyncAction::Failed(first)));
        return Err(error);
    }
    let request_ids = runs.iter().map(|run| run.request_id.clone()).collect();
    ctx.dispatch(Action::Progress(ProgressAction::Started {
        data_source_id: plan.data_source_id,
        runs: runs.clone(),
        failed: failed.clone(),
    }));
    poll(ctx, runs);
    Ok(Started {
        request_ids,
        failed,
    })
}

/// The code of a sync the API answered with `{"success": false}`.
const SYNC_REJECTED: &str = "sync_rejected";

/// One folder's `POST /integrations/outlook/sync`.
async fn send_one<T: api::Transport>(
    client: &Client<T>,
    plan: &SyncPlan,
    folder: String,
    request_id: String,
) -> Result<Run, Failure> {
    let sync = OutlookSync {
        data_source_id: plan.data_source_id,
        folder: &folder,
        filters: &plan.filters,
        request_id: &request_id,
        options: &plan.options,
    };
    match client.outlook_sync(&sync).await {
        Ok(answer) if answer.success => Ok(Run {
            folder,
            request_id,
            counts: Default::default(),
        }),
        Ok(_) => Err(Failure {
            code: SYNC_REJECTED,
            message: format!("The API did not start the sync of \"{folder}\""),
            folder: Some(folder),
        }),
        Err(error) => Err(Failure::from_api(&error, Some(&folder))),
    }
}

fn refusal_message(refusal: Refusal) -> &'static str {
    match refusal {
        Refusal::NoAccount => {
            "sync: no mailbox is open; open one from the Accounts screen (Choose e-mails) first"
        }
        Refusal::InvalidFilter => {
            "sync: the filter being edited has errors; fix them (see the editor) and sync again"
        }
        Refusal::NoFolder => {
            "sync: no folder is selected; select one with setFolders or the picker"
        }
        Refusal::Busy => "sync: the previous sync is still being sent; wait for it to finish",
    }
}

/// Stops the Progress screen's polling (a fresh flag is made for the next run).
fn stop_polling(ctx: &Ctx) {
    ctx.flow(|flow| flow.progress.cancel());
}

/// Counts the runs' files with backoff until every file is final, while the Progress screen shows them.
fn poll(ctx: &Ctx, runs: Vec<Run>) {
    let Some(cancel) = ctx.flow(|flow| {
        flow.progress.cancel();
        flow.progress = Cancel::default();
        flow.progress.clone()
    }) else {
        return;
    };
    let ctx = ctx.clone();
    let request_ids: Vec<String> = runs.iter().map(|run| run.request_id.clone()).collect();
    wasm_bindgen_futures::spawn_local(async move {
        let mut poller = Poller::default();
        let still_wanted = || {
            !cancel.is_cancelled()
                && ctx
                    .state()
                    .is_some_and(|state| state.screen == Screen::Progress)
        };
        loop {
            // The client of the moment: `update({apiUrl | tokenFetcher})` replaces it while the counting goes on.
            let Some(client) = ctx.client() else { return };
            let wait = Duration::from_millis(u64::from(poller.wait_ms()));
            api::Transport::sleep(client.transport(), wait).await;
            if !still_wanted() {
                return;
            }
            let Some(client) = ctx.client() else { return };
            let listed = list_files(&client, &request_ids).await;
            if !still_wanted() {
                return;
            }
            match listed {
                Ok(files) => {
                    let counts = count_runs(&runs, &files);
                    let observed = poller.observe(&counts);
                    let done = observed.done;
                    ctx.dispatch(Action::Progress(ProgressAction::Counted {
                        counts: counts.clone(),
                        done,
                    }));
                    // `done` needs the same counts twice, so it never comes with `changed`.
                    if observed.changed {
                        ctx.emit(Event::SyncProgress {
                            request_ids: request_ids.clone(),
                            counts: progress::total(&counts),
                        });
                    }
                    if done {
                        ctx.emit(Event::SyncCompleted {
                            request_ids: request_ids.clone(),
                            counts: progress::total(&counts),
                        });
                        return;
                    }
                }
                // The client was replaced while this count was on its way: count again with the new one.
                Err(error) if error.kind == api::ApiErrorKind::Cancelled => {}
                Err(error) => {
                    let failure = Failure::from_api(&error, None);
                    let retrying = keeps_polling(&error);
                    ctx.dispatch(Action::Progress(ProgressAction::CountFailed {
                        failure: failure.clone(),
                        retrying,
                    }));
                    if !retrying {
                        ctx.emit(Event::SyncError(failure));
                        return;
                    }
                    poller.failed();
                }
            }
        }
    });
}

/// Files listed per page while counting (ordered by id, so pages do not shift while statuses change).
const COUNT_PAGE: u32 = 1_000;
/// At most this many pages per count (100,000 files).
const MAX_COUNT_PAGES: u32 = 100;

/// Every file of the syncs `request_ids`, page by page.
async fn list_files<T: api::Transport>(
    client: &Client<T>,
    request_ids: &[String],
) -> Result<Vec<UserFile>, ApiError> {
    let mut files = Vec::new();
    for page in 0..MAX_COUNT_PAGES {
        let query = FileQuery {
            request_ids: request_ids.to_vec(),
            page: Some(Page {
                limit: COUNT_PAGE,
                offset: page * COUNT_PAGE,
            }),
            order: Some(FileOrder::ById),
            ..FileQuery::default()
        };
        let answer = client.user_files_v2(&query).await?;
        let got = answer.results.len();
        files.extend(answer.results);
        if got < COUNT_PAGE as usize || files.len() as i64 >= answer.count {
            break;
        }
    }
    Ok(files)
}

/// Native only: `block_on` needs the futures executor, a native dev-dependency.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::api::{ApiErrorKind, HttpRequest, HttpResponse, TokenSource, Transport};
    use crate::config::SyncOptions;
    use futures::executor::block_on;
    use futures::future::{FutureExt, LocalBoxFuture};
    use outlook_connect_filter::Filter;
    use serde_json::json;
    use std::cell::RefCell;

    /// Answers each request with the next scripted body (status 200), and records what was sent.
    #[derive(Clone, Default)]
    struct Scripted {
        answers: Rc<RefCell<Vec<(u16, String)>>>,
        sent: Rc<RefCell<Vec<HttpRequest>>>,
    }

    impl Transport for Scripted {
        fn send(
            &self,
            request: HttpRequest,
        ) -> LocalBoxFuture<'static, Result<HttpResponse, ApiError>> {
            self.sent.borrow_mut().push(request);
            let (status, body) = self.answers.borrow_mut().remove(0);
            async move {
                Ok(HttpResponse {
                    status,
                    body,
                    retry_after: None,
                })
            }
            .boxed_local()
        }
        fn sleep(&self, _delay: Duration) -> LocalBoxFuture<'static, ()> {
            async {}.boxed_local()
        }
        fn random(&self) -> f64 {
            0.0
        }
        fn now_ms(&self) -> f64 {
            0.0
        }
    }

    fn scripted(answers: Vec<(u16, String)>) -> (Client<Scripted>, Scripted) {
        let transport = Scripted {
            answers: Rc::new(RefCell::new(answers)),
            sent: Rc::default(),
        };
        let tokens = TokenSource::new(|| async { Ok("t".to_owned()) }.boxed_local());
        (
            Client::with_transport("http://api.test", tokens, transport.clone()),
            transport,
        )
    }

    fn page(ids: std::ops::Range<i64>, count: i64) -> (u16, String) {
        let results: Vec<Value> = ids
            .map(|id| {
                json!({"id": id, "sync_status": "READY", "request_id": "r", "created_at": "2026-11-27T00:00:00Z"})
            })
            .collect();
        (200, json!({"results": results, "count": count}).to_string())
    }

    fn sent_bodies(transport: &Scripted) -> Vec<Value> {
        transport
            .sent
            .borrow()
            .iter()
            .map(|request| serde_json::from_str(request.body.as_deref().unwrap_or("null")).unwrap())
            .collect()
    }

    #[test]
    fn counting_pages_through_every_file_of_the_syncs() {
        let (client, transport) = scripted(vec![
            page(0..1000, 2300),
            page(1000..2000, 2300),
            page(2000..2300, 2300),
        ]);
        let ids = vec!["a".to_owned(), "b".to_owned()];
        let files = block_on(list_files(&client, &ids)).unwrap();
        assert_eq!(files.len(), 2300);
        let bodies = sent_bodies(&transport);
        let offsets: Vec<&Value> = bodies.iter().map(|b| &b["pagination"]["offset"]).collect();
        assert_eq!(offsets, [&json!(0), &json!(1000), &json!(2000)]);
        assert!(bodies
            .iter()
            .all(|b| b["filters"]["request_ids"] == json!(["a", "b"])));
        assert!(
            bodies.iter().all(|b| b["order_by"] == "id"),
            "pages do not shift"
        );
    }

    #[test]
    fn counting_stops_at_a_short_page_even_if_the_count_grew() {
        let (client, transport) = scripted(vec![page(0..10, 5_000)]);
        let files = block_on(list_files(&client, &["a".to_owned()])).unwrap();
        assert_eq!(files.len(), 10);
        assert_eq!(transport.sent.borrow().len(), 1);
    }

    fn plan() -> SyncPlan {
        SyncPlan {
            data_source_id: 7,
            folders: vec!["Inbox".into()],
            filters: Filter::Empty,
            options: SyncOptions::default(),
        }
    }

    #[test]
    fn a_sync_the_api_did_not_start_is_a_failure_naming_the_folder() {
        let (client, _) = scripted(vec![(200, r#"{"success": false}"#.into())]);
        let failure =
            block_on(send_one(&client, &plan(), "Inbox".into(), "r-1".into())).unwrap_err();
        assert_eq!(
            (failure.code, failure.folder.as_deref()),
            (SYNC_REJECTED, Some("Inbox"))
        );

        let (client, transport) = scripted(vec![(200, r#"{"success": true}"#.into())]);
        let run = block_on(send_one(&client, &plan(), "Inbox".into(), "r-2".into())).unwrap();
        assert_eq!(
            (run.folder.as_str(), run.request_id.as_str()),
            ("Inbox", "r-2")
        );
        assert_eq!(sent_bodies(&transport)[0]["request_id"], "r-2");
    }

    #[test]
    fn a_mailbox_answer_of_the_wrong_shape_is_a_malformed_response_naming_the_field() {
        let folders = json!([{"id": "1", "displayName": "Inbox", "parentFolderId": null}]);
        let categories = json!([{"id": "c", "displayName": "Personal", "color": "preset0"}]);
        let (tree, categories_read) = (
            read_tree(&folders).unwrap(),
            read_categories(&categories).unwrap(),
        );
        assert_eq!((tree.folders.len(), categories_read.len()), (1, 1));

        let error = read_tree(&json!([{"id": "1"}])).unwrap_err();
        assert_eq!(error.kind, ApiErrorKind::Malformed);
        assert!(
            error.message.contains("/integrations/outlook/user_folders"),
            "{}",
            error.message
        );
        assert!(
            error.message.contains("folders[0].displayName"),
            "{}",
            error.message
        );
        let error = read_categories(&json!({"value": []})).unwrap_err();
        assert!(
            error
                .message
                .contains("/integrations/outlook/user_categories"),
            "{}",
            error.message
        );
    }
}
