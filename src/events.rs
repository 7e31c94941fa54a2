//! The event stream's vocabulary: every event type a host can receive, by its wire name ([`EventType`]), and
//! every event with its data ([`Event`]), built one typed way everywhere (flows, the OAuth machine, the runtime).
//!
//! The enum is pure and compiles natively (the OAuth machine's tests compare events); [`Event::data`] is the one
//! conversion to the JS `data` object, built with js-sys (it compiles natively too, but runs only in the
//! browser, so native tests stay away from it).
//!
//! Events reach the host three ways with the same `{type, ts, data}` payload: the `onEvent` config callback,
//! listeners added with `handle.on(type, cb)`, and a DOM `CustomEvent('outlook-connect:' + type)` that bubbles
//! out of the shadow root (`composed: true`).

use crate::api::{ApiError, ApiErrorKind, FieldError, StageCounts};
use crate::bridge::{set, strings_to_js, to_js};
use crate::state::failure::Failure;
use js_sys::{Array, Object};
use outlook_connect_filter::Filter;
use wasm_bindgen::JsValue;

/// All event types, in the order the README's "Events" table lists them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EventType {
    Ready,
    PopupOpened,
    PopupBlocked,
    Connected,
    AuthCancelled,
    AuthTimeout,
    AuthError,
    Disconnected,
    FoldersLoaded,
    FiltersChanged,
    SyncRequested,
    SyncProgress,
    SyncCompleted,
    SyncError,
    FileResynced,
    FileDeleted,
    Error,
}

impl EventType {
    pub const ALL: [EventType; 17] = [
        EventType::Ready,
        EventType::PopupOpened,
        EventType::PopupBlocked,
        EventType::Connected,
        EventType::AuthCancelled,
        EventType::AuthTimeout,
        EventType::AuthError,
        EventType::Disconnected,
        EventType::FoldersLoaded,
        EventType::FiltersChanged,
        EventType::SyncRequested,
        EventType::SyncProgress,
        EventType::SyncCompleted,
        EventType::SyncError,
        EventType::FileResynced,
        EventType::FileDeleted,
        EventType::Error,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EventType::Ready => "ready",
            EventType::PopupOpened => "popup_opened",
            EventType::PopupBlocked => "popup_blocked",
            EventType::Connected => "connected",
            EventType::AuthCancelled => "auth_cancelled",
            EventType::AuthTimeout => "auth_timeout",
            EventType::AuthError => "auth_error",
            EventType::Disconnected => "disconnected",
            EventType::FoldersLoaded => "folders_loaded",
            EventType::FiltersChanged => "filters_changed",
            EventType::SyncRequested => "sync_requested",
            EventType::SyncProgress => "sync_progress",
            EventType::SyncCompleted => "sync_completed",
            EventType::SyncError => "sync_error",
            EventType::FileResynced => "file_resynced",
            EventType::FileDeleted => "file_deleted",
            EventType::Error => "error",
        }
    }

    /// The type named `name`, as a host passes it to `on`/`off`.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|event| event.as_str() == name)
    }

    /// The DOM event name dispatched on the host element.
    pub fn dom_name(self) -> String {
        format!("outlook-connect:{}", self.as_str())
    }
}

/// Which events a listener wants: one type, or every type (`"*"`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Subscription {
    One(EventType),
    All,
}

impl Subscription {
    pub fn parse(name: &str) -> Option<Self> {
        if name == "*" {
            Some(Subscription::All)
        } else {
            EventType::from_name(name).map(Subscription::One)
        }
    }

    pub fn wants(self, event: EventType) -> bool {
        self == Subscription::All || self == Subscription::One(event)
    }
}

/// One event with its data, exactly as the README's "Events" table lists them. Pure (built and compared in
/// native tests, by the OAuth machine too); [`Event::data`] is the one conversion to the JS `data` object.
#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    /// `{}`: the first render is done.
    Ready,
    /// `{}`: the sign-in popup opened.
    PopupOpened,
    /// `{}`: the browser blocked the popup.
    PopupBlocked,
    /// `{data_source_id}` (`null` when the API's answer did not say which mailbox).
    Connected { data_source_id: Option<i64> },
    /// `{reason}`.
    AuthCancelled { reason: CancelReason },
    /// `{timeout_ms}`.
    AuthTimeout { timeout_ms: u32 },
    /// `{code, message}`: `sign_in_failed` or the API's code.
    AuthError { code: String, message: String },
    /// `{data_source_id}`.
    Disconnected { data_source_id: i64 },
    /// `{data_source_id, count}`: how many folders.
    FoldersLoaded { data_source_id: i64, count: usize },
    /// `{filters}`: Carbon's JSON of the valid filter tree.
    FiltersChanged { filters: Filter },
    /// `{data_source_id, folder, request_id}`.
    SyncRequested {
        data_source_id: i64,
        folder: String,
        request_id: String,
    },
    /// `{request_ids, counts: {queued, syncing, ready, failed}}`, the total over the syncs.
    SyncProgress {
        request_ids: Vec<String>,
        counts: StageCounts,
    },
    /// As [`Event::SyncProgress`], once every file is final.
    SyncCompleted {
        request_ids: Vec<String>,
        counts: StageCounts,
    },
    /// `{code, message, folder?}`.
    SyncError(Failure),
    /// `{file_id}`.
    FileResynced { file_id: i64 },
    /// `{file_ids}`.
    FileDeleted { file_ids: Vec<i64> },
    /// `{code, message, fields?}`: `fields: [{field, message}]` for a 422, and `retry_after` (seconds) for a
    /// 429 that said it.
    Error {
        code: &'static str,
        message: String,
        fields: Vec<FieldError>,
        retry_after: Option<u32>,
    },
}

/// Why a sign-in was cancelled (`auth_cancelled`'s `reason`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CancelReason {
    /// Cancel was pressed (or `update` replaced the client).
    Cancelled,
    /// The popup closed before it reached the sign-in page.
    PopupClosed,
}

impl CancelReason {
    pub fn as_str(self) -> &'static str {
        match self {
            CancelReason::Cancelled => "cancelled",
            CancelReason::PopupClosed => "popup_closed",
        }
    }
}

impl Event {
    /// An `error` event with only a code and a message.
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Event::Error {
            code,
            message: message.into(),
            fields: Vec::new(),
            retry_after: None,
        }
    }

    /// The `error` event of an API failure: its code and message, the fields of a 422, a 429's `retry_after`.
    pub fn api_error(error: &ApiError) -> Self {
        Event::Error {
            code: error.code(),
            message: error.message.clone(),
            fields: error.field_errors().to_vec(),
            retry_after: match error.kind {
                ApiErrorKind::RateLimited { retry_after } => retry_after,
                _ => None,
            },
        }
    }

    pub fn event_type(&self) -> EventType {
        match self {
            Event::Ready => EventType::Ready,
            Event::PopupOpened => EventType::PopupOpened,
            Event::PopupBlocked => EventType::PopupBlocked,
            Event::Connected { .. } => EventType::Connected,
            Event::AuthCancelled { .. } => EventType::AuthCancelled,
            Event::AuthTimeout { .. } => EventType::AuthTimeout,
            Event::AuthError { .. } => EventType::AuthError,
            Event::Disconnected { .. } => EventType::Disconnected,
            Event::FoldersLoaded { .. } => EventType::FoldersLoaded,
            Event::FiltersChanged { .. } => EventType::FiltersChanged,
            Event::SyncRequested { .. } => EventType::SyncRequested,
            Event::SyncProgress { .. } => EventType::SyncProgress,
            Event::SyncCompleted { .. } => EventType::SyncCompleted,
            Event::SyncError(_) => EventType::SyncError,
            Event::FileResynced { .. } => EventType::FileResynced,
            Event::FileDeleted { .. } => EventType::FileDeleted,
            Event::Error { .. } => EventType::Error,
        }
    }

    /// The event's `data` as a plain JS object. Built with `bridge::set`, not serde: a serializer per type would
    /// cost bundle bytes (ARCHITECTURE.md, "Size rules"). Runs only in the browser (js-sys).
    pub fn data(&self) -> JsValue {
        let data: JsValue = Object::new().into();
        match self {
            Event::Ready | Event::PopupOpened | Event::PopupBlocked => {}
            Event::Connected { data_source_id } => {
                let id = data_source_id.map_or(JsValue::NULL, number);
                set(&data, "data_source_id", &id);
            }
            Event::AuthCancelled { reason } => set(&data, "reason", &reason.as_str().into()),
            Event::AuthTimeout { timeout_ms } => set(&data, "timeout_ms", &(*timeout_ms).into()),
            Event::AuthError { code, message } => {
                set(&data, "code", &code.as_str().into());
                set(&data, "message", &message.as_str().into());
            }
            Event::Disconnected { data_source_id } => {
                set(&data, "data_source_id", &number(*data_source_id));
            }
            Event::FoldersLoaded {
                data_source_id,
                count,
            } => {
                set(&data, "data_source_id", &number(*data_source_id));
                set(&data, "count", &JsValue::from_f64(*count as f64));
            }
            Event::FiltersChanged { filters } => set(&data, "filters", &to_js(&filters.to_json())),
            Event::SyncRequested {
                data_source_id,
                folder,
                request_id,
            } => {
                set(&data, "data_source_id", &number(*data_source_id));
                set(&data, "folder", &folder.as_str().into());
                set(&data, "request_id", &request_id.as_str().into());
            }
            Event::SyncProgress {
                request_ids,
                counts,
            }
            | Event::SyncCompleted {
                request_ids,
                counts,
            } => {
                set(&data, "request_ids", &strings_to_js(request_ids));
                let total: JsValue = Object::new().into();
                for (stage, count) in [
                    ("queued", counts.queued),
                    ("syncing", counts.syncing),
                    ("ready", counts.ready),
                    ("failed", counts.failed),
                ] {
                    set(&total, stage, &count.into());
                }
                set(&data, "counts", &total);
            }
            Event::SyncError(failure) => return failure_to_js(failure),
            Event::FileResynced { file_id } => set(&data, "file_id", &number(*file_id)),
            Event::FileDeleted { file_ids } => {
                let ids: Array = file_ids.iter().map(|id| number(*id)).collect();
                set(&data, "file_ids", &ids);
            }
            Event::Error {
                code,
                message,
                fields,
                retry_after,
            } => {
                set(&data, "code", &(*code).into());
                set(&data, "message", &message.as_str().into());
                if !fields.is_empty() {
                    let fields: Array = fields
                        .iter()
                        .map(|field| {
                            let item: JsValue = Object::new().into();
                            set(&item, "field", &field.field().into());
                            set(&item, "message", &field.msg.as_str().into());
                            item
                        })
                        .collect();
                    set(&data, "fields", &fields);
                }
                if let Some(seconds) = retry_after {
                    set(&data, "retry_after", &(*seconds).into());
                }
            }
        }
        data
    }
}

/// `{code, message, folder?}`: a `sync_error` event's data, and an item of `handle.sync()`'s `failed` list.
pub fn failure_to_js(failure: &Failure) -> JsValue {
    let data: JsValue = Object::new().into();
    set(&data, "code", &failure.code.into());
    set(&data, "message", &failure.message.as_str().into());
    if let Some(folder) = &failure.folder {
        set(&data, "folder", &folder.as_str().into());
    }
    data
}

/// An id as a JS number.
fn number(id: i64) -> JsValue {
    JsValue::from_f64(id as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_round_trips() {
        for event in EventType::ALL {
            assert_eq!(EventType::from_name(event.as_str()), Some(event));
        }
        assert_eq!(EventType::from_name("redy"), None);
    }

    #[test]
    fn star_subscribes_to_everything() {
        let all = Subscription::parse("*").unwrap();
        let one = Subscription::parse("ready").unwrap();
        assert!(all.wants(EventType::SyncError));
        assert!(one.wants(EventType::Ready));
        assert!(!one.wants(EventType::Error));
        assert_eq!(Subscription::parse("Ready"), None);
    }

    #[test]
    fn an_api_error_event_carries_the_code_message_and_details() {
        let body =
            r#"{"detail":[{"loc":["body","folder"],"msg":"Field required","type":"missing"}]}"#;
        let Event::Error {
            code,
            message,
            fields,
            retry_after,
        } = Event::api_error(&ApiError::from_response(422, body, None))
        else {
            panic!("an API error is an error event")
        };
        assert_eq!(
            (code, message.as_str(), retry_after),
            ("validation", "folder: Field required", None)
        );
        assert_eq!(
            fields
                .iter()
                .map(|f| (f.field(), f.msg.as_str()))
                .collect::<Vec<_>>(),
            [("folder".to_owned(), "Field required")]
        );
        assert_eq!(
            Event::api_error(&ApiError::from_response(429, "", Some(4))),
            Event::Error {
                code: "rate_limited",
                message: "Too many requests; slow down".into(),
                fields: vec![],
                retry_after: Some(4)
            }
        );
        assert_eq!(
            Event::api_error(&ApiError::new(ApiErrorKind::Offline, "offline")),
            Event::error("offline", "offline")
        );
    }

    #[test]
    fn every_event_has_its_type() {
        assert_eq!(Event::Ready.event_type(), EventType::Ready);
        assert_eq!(
            Event::Connected {
                data_source_id: None
            }
            .event_type(),
            EventType::Connected
        );
        assert_eq!(
            Event::AuthCancelled {
                reason: CancelReason::PopupClosed
            }
            .event_type()
            .as_str(),
            "auth_cancelled"
        );
        assert_eq!(CancelReason::PopupClosed.as_str(), "popup_closed");
        assert_eq!(
            Event::error("api_error", "no").event_type(),
            EventType::Error
        );
    }
}
