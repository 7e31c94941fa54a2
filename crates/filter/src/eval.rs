//! Evaluation of a filter against one e-mail — the semantics, written down once.
//!
//! | key | a message matches when |
//! |---|---|
//! | `after D` | it was received **at or after D 00:00:00 UTC** — mail received on day D itself is included (the Gmail-style reading of `after:2024/01/07`) |
//! | `before D` | it was received **before D 00:00:00 UTC** — mail received on day D itself is excluded |
//! | `from A` | its sender address equals `A`, ignoring case |
//! | `category C` | one of its categories equals `C`, ignoring case (Outlook treats category names so) |
//! | `is flagged` | it is flagged |
//! | `has attachment` | it has attachments |
//!
//! So `after D AND before E` is the half-open interval `[D, E)` in UTC, and it is empty exactly
//! when `D >= E` (the `empty_range` error). All days are UTC days; a user's time zone plays no
//! part. "Ignoring case" means: equal after Unicode lower-casing
//! ([`crate::case::same_text_ignoring_case`]), the one comparison used both here and by the emulated Graph.
//! `Empty` matches everything, an AND of nothing matches everything, an OR of nothing matches
//! nothing. A condition whose value is not valid for its key (only possible for a tree built by
//! hand, never for a parsed one) matches nothing.

use crate::case::same_text_ignoring_case;
use crate::date;
use crate::tree::{Condition, Filter, Key, HAS_ATTACHMENT, IS_FLAGGED};

/// What a filter looks at in one e-mail.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Message {
    /// When it was received, Unix seconds (UTC).
    pub received_unix: i64,
    /// The sender's e-mail address.
    pub from: String,
    /// Its Outlook category names.
    pub categories: Vec<String>,
    pub has_attachments: bool,
    pub flagged: bool,
}

/// Whether the message was received at or after `unix` (the `after` boundary).
pub(crate) fn received_at_or_after(message: &Message, unix: i64) -> bool {
    message.received_unix >= unix
}

/// Whether the message was received strictly before `unix` (the `before` boundary).
pub(crate) fn received_before(message: &Message, unix: i64) -> bool {
    message.received_unix < unix
}

pub(crate) fn sent_by(message: &Message, address: &str) -> bool {
    same_text_ignoring_case(&message.from, address)
}

pub(crate) fn in_category(message: &Message, name: &str) -> bool {
    message
        .categories
        .iter()
        .any(|category| same_text_ignoring_case(category, name))
}

/// Whether one condition holds for `message` (semantics in the module documentation).
pub fn condition_matches(condition: &Condition, message: &Message) -> bool {
    let value = condition.value.as_str();
    match condition.key {
        Key::Category => in_category(message, value),
        Key::After => date::midnight_utc_of(value)
            .is_some_and(|boundary| received_at_or_after(message, boundary)),
        Key::Before => {
            date::midnight_utc_of(value).is_some_and(|boundary| received_before(message, boundary))
        }
        Key::From => sent_by(message, value),
        Key::Is => value == IS_FLAGGED && message.flagged,
        Key::Has => value == HAS_ATTACHMENT && message.has_attachments,
    }
}

impl Filter {
    /// Whether `message` passes this filter; `Empty` passes everything.
    /// The semantics of each key are written down in this module.
    pub fn matches(&self, message: &Message) -> bool {
        match self {
            Filter::Empty => true,
            Filter::Condition(condition) => condition_matches(condition, message),
            Filter::And(items) => items.iter().all(|item| item.matches(message)),
            Filter::Or(items) => items.iter().any(|item| item.matches(message)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tree::Filter;

    const JAN_7_2024: i64 = 1_704_585_600;

    fn received(unix: i64) -> Message {
        Message {
            received_unix: unix,
            ..Message::default()
        }
    }

    #[test]
    fn after_includes_the_whole_day_from_midnight_utc() {
        let after = Filter::condition(Key::After, "2024/01/07");
        assert!(!after.matches(&received(JAN_7_2024 - 1)));
        assert!(after.matches(&received(JAN_7_2024)));
        assert!(after.matches(&received(JAN_7_2024 + 86_399)));
        assert!(after.matches(&received(JAN_7_2024 + 86_400)));
    }

    #[test]
    fn before_excludes_the_day_itself() {
        let before = Filter::condition(Key::Before, "2024/01/07");
        assert!(before.matches(&received(JAN_7_2024 - 1)));
        assert!(!before.matches(&received(JAN_7_2024)));
        assert!(!before.matches(&received(JAN_7_2024 + 3_600)));
    }

    #[test]
    fn sender_and_category_ignore_case() {
        let message = Message {
            from: "Alice@Example.COM".into(),
            categories: vec!["Personal".into(), "ÉTÉ".into()],
            ..Message::default()
        };
        assert!(Filter::condition(Key::From, "alice@example.com").matches(&message));
        assert!(!Filter::condition(Key::From, "bob@example.com").matches(&message));
        assert!(Filter::condition(Key::Category, "personal").matches(&message));
        assert!(Filter::condition(Key::Category, "été").matches(&message));
        assert!(!Filter::condition(Key::Category, "Person").matches(&message));
    }

    #[test]
    fn flags_attachments_and_invalid_hand_built_values() {
        let message = Message {
            flagged: true,
            has_attachments: true,
            ..Message::default()
        };
        assert!(Filter::condition(Key::Is, "flagged").matches(&message));
        assert!(Filter::condition(Key::Has, "attachment").matches(&message));
        assert!(!Filter::condition(Key::Is, "Flagged").matches(&message));
        assert!(!Filter::condition(Key::After, "2024-01-07").matches(&message));
        assert!(!Filter::condition(Key::Is, "flagged").matches(&Message::default()));
        assert!(Filter::And(vec![]).matches(&message));
        assert!(!Filter::Or(vec![]).matches(&message));
        assert!(Filter::Empty.matches(&message));
    }
}
