//! Unicode lower-casing, for every case-insensitive comparison and search (duplicate conditions,
//! category and sender matching, the widget's folder filter and category combobox).
//!
//! Rust's lower-casing carries Unicode's case tables (about 13 KB of WebAssembly); in the browser
//! JavaScript's `String.prototype.toLowerCase` applies the same Unicode mapping, so on `wasm32` we
//! ask it instead and the tables stay out of the widget's bundle. Native builds use `str::to_lowercase`.
//! Since every lower-casing of non-ASCII text is then a call into JavaScript, code that compares many texts
//! lower-cases each once ([`folded`]) instead of once per pair.

use std::borrow::Cow;

#[cfg(test)]
thread_local! {
    /// How many times [`lowercase`] ran on this thread: lets unit tests count work instead of timing it.
    pub(crate) static LOWERCASE_CALLS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// `text` in lower case, by Unicode's default case mapping (`"ÉTÉ"` → `"été"`).
#[cfg(target_arch = "wasm32")]
pub fn lowercase(text: &str) -> String {
    js_sys::JsString::from(text).to_lower_case().into()
}

/// `text` in lower case, by Unicode's default case mapping (`"ÉTÉ"` → `"été"`).
#[cfg(not(target_arch = "wasm32"))]
pub fn lowercase(text: &str) -> String {
    #[cfg(test)]
    LOWERCASE_CALLS.with(|calls| calls.set(calls.get() + 1));
    text.to_lowercase()
}

/// `text` as compared ignoring case: [`same_text_ignoring_case`]`(a, b)` holds exactly when `folded(a) ==
/// folded(b)`, so repeats among many texts are found with one lower-casing per text and a hash set, not a
/// comparison per pair. ASCII text is lower-cased here, without [`lowercase`] (which is the same on ASCII).
pub fn folded(text: &str) -> Cow<'_, str> {
    if !text.is_ascii() {
        Cow::Owned(lowercase(text))
    } else if text.bytes().any(|byte| byte.is_ascii_uppercase()) {
        Cow::Owned(text.to_ascii_lowercase())
    } else {
        Cow::Borrowed(text)
    }
}

/// Whether `left` and `right` are the same text ignoring case (Unicode lower-casing).
pub fn same_text_ignoring_case(left: &str, right: &str) -> bool {
    if left.is_ascii() && right.is_ascii() {
        return left.eq_ignore_ascii_case(right);
    }
    lowercase(left) == lowercase(right)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowercase_follows_unicode() {
        assert_eq!(lowercase("Été INBOX"), "été inbox");
        assert_eq!(lowercase("ÜBER"), "über");
    }

    #[test]
    fn same_text_ignores_case_beyond_ascii() {
        assert!(same_text_ignoring_case("Personal", "PERSONAL"));
        assert!(same_text_ignoring_case("Überweisung", "überweisung"));
        assert!(!same_text_ignoring_case("Personal", "Personnel"));
    }

    #[test]
    fn folded_texts_are_equal_exactly_when_the_texts_are_the_same_ignoring_case() {
        let texts = [
            "Personal",
            "PERSONAL",
            "personal",
            "Personnel",
            "Été",
            "ÉTÉ",
            "été",
            "ete",
            "\u{212A}elvin",
            "kelvin",
            "KELVIN",
            "İstanbul",
            "i\u{307}stanbul",
            "istanbul",
            "ΣΑΣ",
            "σας",
            "Straße",
            "STRASSE",
            "",
        ];
        for left in texts {
            for right in texts {
                assert_eq!(
                    folded(left) == folded(right),
                    same_text_ignoring_case(left, right),
                    "{left:?} vs {right:?}"
                );
            }
        }
        assert!(matches!(folded("already lower"), Cow::Borrowed(_)));
    }
}
