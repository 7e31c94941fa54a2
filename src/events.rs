//! The event stream's vocabulary: every event type a host can receive, by its wire name.
//!
//! Events reach the host three ways with the same `{type, ts, data}` payload: the `onEvent` config callback,
//! listeners added with `handle.on(type, cb)`, and a DOM `CustomEvent('outlook-connect:' + type)` that bubbles
//! out of the shadow root (`composed: true`).

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
}
