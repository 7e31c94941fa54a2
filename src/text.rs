//! Case folding for the widget's searches (folder filter, category combobox, typo hints).
//!
//! Unicode lower-casing needs Unicode's case tables; in the browser we ask JavaScript's
//! `String.prototype.toLowerCase` (same Unicode mapping) so those tables stay out of the bundle.
//! Native builds (tests, benches) use `str::to_lowercase`.

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowercase_follows_unicode() {
        assert_eq!(lowercase("Été INBOX"), "été inbox");
        assert_eq!(lowercase("ÜBER"), "über");
    }
}
