//! Every string a person reads in the widget, one table per language.
//!
//! Adding a locale means adding one [`Strings`] table and one line in [`table_for`]; components never hold text.
//! Templates use `{name}` placeholders, filled by [`fill`].

/// The text of the widget in one language.
#[derive(Debug, PartialEq, Eq)]
pub struct Strings {
    /// The language tag this table is for.
    pub tag: &'static str,
    /// Used for `{org}` when the host gave no `orgName`.
    pub default_org: &'static str,
    pub connect_title: &'static str,
    /// One sentence: what will be read. `{org}` is the host's name.
    pub connect_lead: &'static str,
    pub connect_read_only: &'static str,
    pub connect_button: &'static str,
    /// Shown under a disabled Connect button while sign-in is not available in this build.
    pub connect_unavailable: &'static str,
    pub brand_icon_alt: &'static str,
    pub powered_by: &'static str,
}

pub static ENGLISH: Strings = Strings {
    tag: "en",
    default_org: "This app",
    connect_title: "Connect your Outlook mailbox",
    connect_lead: "{org} will read the e-mails you choose from your Outlook mailbox, so it can search them for you.",
    connect_read_only: "Read-only: nothing is sent, changed or deleted in your mailbox.",
    connect_button: "Connect Outlook",
    connect_unavailable: "Signing in is not available in this version yet.",
    brand_icon_alt: "{org} logo",
    powered_by: "Secured by outlook-connect",
};

/// Every language the widget speaks.
static TABLES: [&Strings; 1] = [&ENGLISH];

/// The table for a BCP 47 tag (`en-GB` → `en`); English when we have no table for its language.
pub fn table_for(tag: &str) -> &'static Strings {
    let language = tag
        .split('-')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    TABLES
        .iter()
        .copied()
        .find(|table| table.tag == language)
        .unwrap_or(&ENGLISH)
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
        assert_eq!(table_for("en-GB").tag, "en");
        assert_eq!(table_for("xx").tag, "en");
    }

    #[test]
    fn no_english_string_is_empty_or_has_stray_braces() {
        let s = &ENGLISH;
        for text in [
            s.default_org,
            s.connect_title,
            s.connect_lead,
            s.connect_read_only,
            s.connect_button,
            s.connect_unavailable,
            s.brand_icon_alt,
            s.powered_by,
        ] {
            assert!(!text.trim().is_empty());
            assert_eq!(
                text.matches('{').count(),
                text.matches('}').count(),
                "{text}"
            );
        }
    }
}
