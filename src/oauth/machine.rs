//! The sign-in popup flow (its steps are listed in `oauth/mod.rs`) as a pure state machine: [`Machine::handle`] takes one [`Input`] (a click,
//! an API answer, a timer tick with the popup's `closed` flag, a `message` event) and returns the [`Command`]s
//! the edge must run. Time is an input, so every path — blocked, cancelled, COOP-severed, timed out, failed,
//! connected by poll or by message — is tested natively.
//!
//! Completion is detected by polling `user_data_sources`: a data source that was not there when the flow started,
//! or one that [`looks_reconnected`]. What "there when the flow started" means is the view's list, or when the view
//! had none yet (a click before the list arrived, or after it failed) the first poll's answer: the popup goes to the
//! sign-in page only after that answer, so a sign-in that comes straight back (Microsoft remembers the person)
//! cannot finish before it and hide its own mailbox in it. A first poll that fails does not hold the sign-in back.
//!
//! A `message` from this flow's popup, at the API's origin (exactly) and of the exact shape the callback page posts
//! is a fast path. `popup.closed` means "cancelled" only before the popup navigated: after, Microsoft's
//! `Cross-Origin-Opener-Policy` makes it read `true` while the user is still signing in.

use crate::api::error::ApiError;
use crate::api::request::ConnectMode;
use crate::api::response::{DataSource, DataSourceSyncStatus, LastSyncAction};
use crate::events::{CancelReason, Event};
use serde_json::Value;

/// How often the edge ticks while a flow runs (popup `closed` checks, timeout, poll scheduling).
pub const TICK_INTERVAL_MS: u32 = 500;
/// How often `user_data_sources` is polled while waiting.
pub const POLL_INTERVAL_MS: f64 = 1_500.0;
pub const POPUP_WIDTH: f64 = 500.0;
pub const POPUP_HEIGHT: f64 = 600.0;
/// The popup's window name.
pub const POPUP_NAME: &str = "outlook-connect-sign-in";
/// `type` of the callback page's message.
pub const MESSAGE_TYPE: &str = "outlook-connect:oauth";

/// The host window's place on screen (`screenX`, `screenY`, `outerWidth`, `outerHeight`).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct HostWindow {
    pub left: f64,
    pub top: f64,
    pub width: f64,
    pub height: f64,
}

/// `window.open` features for a 500×600 popup centred on the host window (never off the top-left edge).
pub fn popup_features(host: &HostWindow) -> String {
    let left = (host.left + (host.width - POPUP_WIDTH) / 2.0)
        .max(0.0)
        .round();
    let top = (host.top + (host.height - POPUP_HEIGHT) / 2.0)
        .max(0.0)
        .round();
    // Whole pixels as integers: formatting an f64 would pull ~14 KB of float printing into the bundle.
    let (width, height) = (POPUP_WIDTH as i64, POPUP_HEIGHT as i64);
    let (left, top) = (left as i64, top as i64);
    format!("popup=yes,width={width},height={height},left={left},top={top}")
}

/// The origin (`scheme://host[:port]`) of an http(s) URL, as a browser writes `MessageEvent.origin`: scheme and
/// host lowercased, default ports dropped, path removed.
pub fn origin_of(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
    let scheme = scheme.to_ascii_lowercase();
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let authority = authority
        .rsplit('@')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    let default_port = match scheme.as_str() {
        "https" => ":443",
        "http" => ":80",
        _ => "",
    };
    let authority = match authority.strip_suffix(default_port) {
        Some(host) if !default_port.is_empty() => host,
        _ => authority.as_str(),
    };
    format!("{scheme}://{authority}")
}

/// What the flow remembers of one data source to notice a sign-in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceSnapshot {
    pub id: i64,
    pub updated_at: String,
    pub last_sync_action: LastSyncAction,
    pub sync_status: DataSourceSyncStatus,
}

impl From<&DataSource> for SourceSnapshot {
    fn from(source: &DataSource) -> Self {
        Self {
            id: source.id,
            updated_at: source.updated_at.clone(),
            last_sync_action: source.last_sync_action,
            sync_status: source.sync_status,
        }
    }
}

/// Whether `after` is `before` signed in again (reconnecting a mailbox, or adding one already connected). A
/// sign-in changes `updated_at` without touching the sync status (except clearing a `SYNC_ERROR`), or changes
/// `last_sync_action`; a running sync changes `updated_at` together with the status, so it does not count.
pub fn looks_reconnected(before: &SourceSnapshot, after: &SourceSnapshot) -> bool {
    use DataSourceSyncStatus::{Ready, SyncError};
    before.updated_at != after.updated_at
        && (before.last_sync_action != after.last_sync_action
            || (before.sync_status == SyncError && after.sync_status == Ready)
            || (before.sync_status == after.sync_status
                && matches!(after.sync_status, Ready | SyncError)))
}

/// The data source a sign-in produced, comparing a poll with the list known when the flow started.
pub fn find_connected(known: &[SourceSnapshot], now: &[SourceSnapshot]) -> Option<i64> {
    now.iter()
        .find(
            |source| match known.iter().find(|old| old.id == source.id) {
                None => true,
                Some(old) => looks_reconnected(old, source),
            },
        )
        .map(|source| source.id)
}

/// Where the flow is; the view renders this.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Nothing running: show "Connect Outlook".
    Idle,
    /// `window.open` is being called (synchronously, inside the click).
    PopupOpening,
    /// The browser blocked the popup: say so and offer "Open sign-in window" (a fresh click).
    Blocked,
    /// The popup shows `about:blank` while `oauth_url` is asked for (and, when the view had no list, the first
    /// poll that the flow compares the later ones with).
    WaitingForUrl,
    /// The popup went to the sign-in page; waiting for the poll or the message. `popup_closed` once the popup read
    /// as closed, which after navigation may just be COOP: keep waiting, offer Cancel and "Open the sign-in
    /// window again".
    WaitingForSignIn {
        popup_closed: bool,
    },
    Connected {
        data_source_id: Option<i64>,
    },
    Cancelled,
    TimedOut,
    Failed {
        code: String,
        message: String,
    },
}

impl Phase {
    /// Whether a flow is in progress (Cancel is available).
    pub fn is_active(&self) -> bool {
        matches!(
            self,
            Phase::PopupOpening
                | Phase::Blocked
                | Phase::WaitingForUrl
                | Phase::WaitingForSignIn { .. }
        )
    }
}

/// Something that happened.
#[derive(Clone, Debug, PartialEq)]
pub enum Input {
    /// "Connect Outlook", "Add another mailbox" or "Reconnect" was clicked. `known` is the list of data sources the
    /// view already has; `None` makes the flow take it from its first poll.
    Start {
        mode: ConnectMode,
        known: Option<Vec<SourceSnapshot>>,
        host: HostWindow,
        now_ms: f64,
    },
    /// "Open sign-in window" (after a block) or "Open the sign-in window again" was clicked.
    OpenWindow { host: HostWindow, now_ms: f64 },
    /// The edge ran [`Command::OpenPopup`] and got a window.
    PopupOpened,
    /// The edge ran [`Command::OpenPopup`] and got `null`.
    PopupBlocked,
    /// The answer to [`Command::RequestOAuthUrl`]: the sign-in URL.
    OAuthUrlAnswered {
        attempt: u32,
        result: Result<String, ApiError>,
    },
    /// The answer to [`Command::PollDataSources`].
    PollAnswered {
        attempt: u32,
        result: Result<Vec<SourceSnapshot>, ApiError>,
    },
    /// A `message` event on the host window, with `data` as JSON (`Value::Null` when it is not plain data).
    /// `from_popup`: its `source` is this flow's popup — another widget's popup on the same page (another
    /// customer, same API origin) must not complete this flow.
    Message {
        origin: String,
        from_popup: bool,
        data: Value,
    },
    /// The edge's timer, with the popup's `closed` flag read just now.
    Tick { now_ms: f64, popup_closed: bool },
    /// "Cancel" was clicked.
    Cancel,
}

/// Something the edge must do, in order.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// `window.open('about:blank', name, features)`, synchronously; answer with `PopupOpened`/`PopupBlocked`.
    OpenPopup {
        name: &'static str,
        features: String,
    },
    /// Point the popup at the sign-in page.
    NavigatePopup { url: String },
    /// Close the popup if the browser still lets us.
    ClosePopup,
    /// `POST /integrations/oauth_url`; answer with `OAuthUrlAnswered { attempt, .. }`.
    RequestOAuthUrl { attempt: u32, mode: ConnectMode },
    /// `POST /user_data_sources` (`DataSourceQuery::connected()`); answer with `PollAnswered { attempt, .. }`.
    PollDataSources { attempt: u32 },
    /// Start the tick timer and the `message` listener.
    StartTicking { interval_ms: u32 },
    /// Stop the tick timer and remove the `message` listener.
    StopTicking,
    /// Send this event to the host.
    Emit(Event),
}

/// What a running flow knows.
#[derive(Clone, Debug)]
struct Flow {
    mode: ConnectMode,
    known: Option<Vec<SourceSnapshot>>,
    /// The first poll, sent because `known` was `None`, has not answered: the popup stays blank until it does.
    awaits_baseline: bool,
    deadline_ms: f64,
    now_ms: f64,
    url: Option<String>,
    url_requested: bool,
    ticking: bool,
    poll_in_flight: bool,
    last_poll_ms: f64,
}

/// The sign-in flow of one widget.
#[derive(Clone, Debug)]
pub struct Machine {
    api_origin: String,
    timeout_ms: f64,
    phase: Phase,
    attempt: u32,
    flow: Option<Flow>,
}

impl Machine {
    /// `api_url` is the validated config value (its origin is the only one messages are accepted from);
    /// `timeout_ms` the config's `authTimeoutMs`.
    pub fn new(api_url: &str, timeout_ms: u32) -> Self {
        Self {
            api_origin: origin_of(api_url),
            timeout_ms: f64::from(timeout_ms),
            phase: Phase::Idle,
            attempt: 0,
            flow: None,
        }
    }

    pub fn phase(&self) -> &Phase {
        &self.phase
    }

    /// The id that answers to async commands must carry; answers from earlier flows are ignored.
    pub fn attempt(&self) -> u32 {
        self.attempt
    }

    /// Applies one input; returns what the edge must do.
    pub fn handle(&mut self, input: Input) -> Vec<Command> {
        match input {
            Input::Start {
                mode,
                known,
                host,
                now_ms,
            } => self.start(mode, known, host, now_ms),
            Input::OpenWindow { host, now_ms } => self.open_window(host, now_ms),
            Input::PopupOpened => self.popup_opened(),
            Input::PopupBlocked if self.phase == Phase::PopupOpening => {
                self.phase = Phase::Blocked;
                vec![Command::Emit(Event::PopupBlocked)]
            }
            Input::PopupBlocked => Vec::new(),
            Input::OAuthUrlAnswered { attempt, result } if self.is_current(attempt) => match result
            {
                Ok(url) => self.url_answered(url),
                Err(error) => {
                    let code = error.code().to_owned();
                    self.fail(code, error.message)
                }
            },
            Input::PollAnswered { attempt, result } if self.is_current(attempt) => {
                self.poll_answered(result)
            }
            Input::OAuthUrlAnswered { .. } | Input::PollAnswered { .. } => Vec::new(),
            Input::Message {
                origin,
                from_popup,
                data,
            } => self.message(&origin, from_popup, &data),
            Input::Tick {
                now_ms,
                popup_closed,
            } => self.tick(now_ms, popup_closed),
            Input::Cancel if self.phase.is_active() => {
                let mut commands = self.finish(Phase::Cancelled);
                commands.push(Command::Emit(Event::AuthCancelled {
                    reason: CancelReason::Cancelled,
                }));
                commands
            }
            Input::Cancel => Vec::new(),
        }
    }

    fn is_current(&self, attempt: u32) -> bool {
        attempt == self.attempt && self.flow.is_some()
    }

    fn start(
        &mut self,
        mode: ConnectMode,
        known: Option<Vec<SourceSnapshot>>,
        host: HostWindow,
        now_ms: f64,
    ) -> Vec<Command> {
        let mut commands = if self.flow.is_some() {
            self.finish(Phase::Idle)
        } else {
            Vec::new()
        };
        self.attempt = self.attempt.wrapping_add(1);
        self.flow = Some(Flow {
            mode,
            awaits_baseline: known.is_none(),
            known,
            deadline_ms: now_ms + self.timeout_ms,
            now_ms,
            url: None,
            url_requested: false,
            ticking: false,
            poll_in_flight: false,
            last_poll_ms: f64::NEG_INFINITY,
        });
        self.phase = Phase::PopupOpening;
        commands.push(open_popup(&host));
        commands
    }

    fn open_window(&mut self, host: HostWindow, now_ms: f64) -> Vec<Command> {
        let timeout_ms = self.timeout_ms;
        let Some(flow) = self.flow.as_mut() else {
            return Vec::new();
        };
        let had_popup = match self.phase {
            Phase::Blocked => false,
            Phase::WaitingForUrl | Phase::WaitingForSignIn { .. } => true,
            _ => return Vec::new(),
        };
        flow.now_ms = now_ms;
        flow.deadline_ms = now_ms + timeout_ms;
        self.phase = Phase::PopupOpening;
        let mut commands = Vec::new();
        if had_popup {
            commands.push(Command::ClosePopup);
        }
        commands.push(open_popup(&host));
        commands
    }

    fn popup_opened(&mut self) -> Vec<Command> {
        let attempt = self.attempt;
        let (Phase::PopupOpening, Some(flow)) = (&self.phase, self.flow.as_mut()) else {
            return Vec::new();
        };
        let mut commands = vec![Command::Emit(Event::PopupOpened)];
        match &flow.url {
            Some(url) if !flow.awaits_baseline => {
                commands.push(Command::NavigatePopup { url: url.clone() });
                self.phase = Phase::WaitingForSignIn {
                    popup_closed: false,
                };
            }
            _ => self.phase = Phase::WaitingForUrl,
        }
        if !flow.url_requested {
            flow.url_requested = true;
            commands.push(Command::RequestOAuthUrl {
                attempt,
                mode: flow.mode,
            });
        }
        if !flow.ticking {
            flow.ticking = true;
            commands.push(Command::StartTicking {
                interval_ms: TICK_INTERVAL_MS,
            });
        }
        if flow.known.is_none() && !flow.poll_in_flight {
            flow.poll_in_flight = true;
            flow.last_poll_ms = flow.now_ms;
            commands.push(Command::PollDataSources { attempt });
        }
        commands
    }

    fn url_answered(&mut self, url: String) -> Vec<Command> {
        let lowered = url.trim_start().to_ascii_lowercase();
        if !(lowered.starts_with("https://") || lowered.starts_with("http://")) {
            return self.fail(
                "malformed_response".to_owned(),
                "The API answered oauth_url with a sign-in address that is not an http(s) URL"
                    .to_owned(),
            );
        }
        let Some(flow) = self.flow.as_mut() else {
            return Vec::new();
        };
        flow.url = Some(url);
        self.navigate_when_ready()
    }

    /// Sends the blank popup to the sign-in page once its URL is known and nothing is compared yet.
    fn navigate_when_ready(&mut self) -> Vec<Command> {
        match (&self.phase, &self.flow) {
            (Phase::WaitingForUrl, Some(flow)) if !flow.awaits_baseline => {
                let Some(url) = flow.url.clone() else {
                    return Vec::new();
                };
                self.phase = Phase::WaitingForSignIn {
                    popup_closed: false,
                };
                vec![Command::NavigatePopup { url }]
            }
            _ => Vec::new(),
        }
    }

    fn poll_answered(&mut self, result: Result<Vec<SourceSnapshot>, ApiError>) -> Vec<Command> {
        let Some(flow) = self.flow.as_mut() else {
            return Vec::new();
        };
        flow.poll_in_flight = false;
        flow.awaits_baseline = false;
        let Ok(sources) = result else {
            // A failed poll changes nothing else: the next tick polls again (the first to answer is then the
            // baseline), and the timeout ends the wait.
            return self.navigate_when_ready();
        };
        match &flow.known {
            None => {
                flow.known = Some(sources);
                self.navigate_when_ready()
            }
            Some(known) => match find_connected(known, &sources) {
                Some(id) => self.connect(Some(id)),
                None => Vec::new(),
            },
        }
    }

    fn message(&mut self, origin: &str, from_popup: bool, data: &Value) -> Vec<Command> {
        if self.flow.is_none() || !from_popup || origin != self.api_origin {
            return Vec::new();
        }
        match CallbackMessage::parse(data) {
            Some(CallbackMessage::Connected { data_source_id }) => {
                self.connect(Some(data_source_id))
            }
            Some(CallbackMessage::Error { message }) => {
                self.fail("sign_in_failed".to_owned(), message)
            }
            None => Vec::new(),
        }
    }

    fn tick(&mut self, now_ms: f64, popup_closed: bool) -> Vec<Command> {
        let attempt = self.attempt;
        let Some(flow) = self.flow.as_mut().filter(|flow| flow.ticking) else {
            return Vec::new();
        };
        flow.now_ms = now_ms;
        if now_ms >= flow.deadline_ms {
            // `authTimeoutMs` as the config gave it (a u32, kept as f64 for the arithmetic).
            let timeout_ms = self.timeout_ms as u32;
            let mut commands = self.finish(Phase::TimedOut);
            commands.push(Command::Emit(Event::AuthTimeout { timeout_ms }));
            return commands;
        }
        match self.phase {
            Phase::WaitingForUrl if popup_closed => {
                let mut commands = self.finish(Phase::Cancelled);
                commands.push(Command::Emit(Event::AuthCancelled {
                    reason: CancelReason::PopupClosed,
                }));
                return commands;
            }
            Phase::WaitingForSignIn {
                popup_closed: false,
            } if popup_closed => {
                self.phase = Phase::WaitingForSignIn { popup_closed: true };
            }
            _ => {}
        }
        if !flow.poll_in_flight && now_ms - flow.last_poll_ms >= POLL_INTERVAL_MS {
            flow.poll_in_flight = true;
            flow.last_poll_ms = now_ms;
            return vec![Command::PollDataSources { attempt }];
        }
        Vec::new()
    }

    fn connect(&mut self, data_source_id: Option<i64>) -> Vec<Command> {
        let mut commands = self.finish(Phase::Connected { data_source_id });
        commands.push(Command::Emit(Event::Connected { data_source_id }));
        commands
    }

    fn fail(&mut self, code: String, message: String) -> Vec<Command> {
        let event = Event::AuthError {
            code: code.clone(),
            message: message.clone(),
        };
        let mut commands = self.finish(Phase::Failed { code, message });
        commands.push(Command::Emit(event));
        commands
    }

    /// Ends the flow: close the popup, stop the timer, enter `phase`.
    fn finish(&mut self, phase: Phase) -> Vec<Command> {
        let mut commands = vec![Command::ClosePopup];
        if self.flow.take().is_some_and(|flow| flow.ticking) {
            commands.push(Command::StopTicking);
        }
        self.phase = phase;
        commands
    }
}

fn open_popup(host: &HostWindow) -> Command {
    Command::OpenPopup {
        name: POPUP_NAME,
        features: popup_features(host),
    }
}

/// The callback page's message: `{type: "outlook-connect:oauth", status, data_source_id, message}` and nothing else.
#[derive(Debug, PartialEq, Eq)]
enum CallbackMessage {
    Connected { data_source_id: i64 },
    Error { message: String },
}

impl CallbackMessage {
    fn parse(data: &Value) -> Option<Self> {
        const KEYS: [&str; 4] = ["type", "status", "data_source_id", "message"];
        let object = data.as_object()?;
        if object.keys().any(|key| !KEYS.contains(&key.as_str()))
            || object.get("type")? != MESSAGE_TYPE
        {
            return None;
        }
        let message = match object.get("message") {
            None | Some(Value::Null) => None,
            Some(Value::String(text)) => Some(text.clone()),
            Some(_) => return None,
        };
        match (
            object.get("status")?.as_str()?,
            object.get("data_source_id"),
        ) {
            ("connected", Some(id)) => Some(CallbackMessage::Connected {
                data_source_id: id.as_i64()?,
            }),
            ("error", None | Some(Value::Null)) => Some(CallbackMessage::Error {
                message: message
                    .filter(|text| !text.trim().is_empty())
                    .unwrap_or_else(|| "Signing in to Outlook failed".to_owned()),
            }),
            _ => None,
        }
    }
}
