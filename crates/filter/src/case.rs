//! Unicode lower-casing, for every case-insensitive comparison and search (duplicate conditions,
//! category and sender matching, the widget's folder filter and category combobox).
//!
//! Rust's lower-casing carries Unicode's case tables (about 13 KB of WebAssembly); in the browser
//! JavaScript's `String.prototype.toLowerCase` applies the same Unicode mapping, so on `wasm32` we
//! ask it instead and the tables stay out of the widget's bundle. Native builds use `str::to_lowercase`.

/// `text` in lower case, by Unicode's default case mapping (`"ÉTÉ"` → `"été"`).
#[cfg(target_arch = "wasm32")]
pub fn lowercase(text: &str) -> String {
    js_sys::JsString::from(text).to_lower_case().into()
}

/// `text` in lower case, by Unicode's default case mapping (`"ÉTÉ"` → `"été"`).
#[cfg(not(target_arch = "wasm32"))]
pub fn lowercase(text: &str) -> String {
    text.to_lowercase()
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
}
