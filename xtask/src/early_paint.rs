//! What the loader needs to draw the first screen before the wasm is ready: the widget's style sheet (minified
//! `src/styles.css`) and the Connect screen's text in every locale (read from `src/i18n.rs`, so the text has one
//! source). `cargo xtask dist` puts both into the loader at [`STYLES_MARKER`] and [`TEXT_MARKER`].

use crate::minify_css::minify_css;
use serde_json::{Map, Value};

/// In `www/outlook-connect.js`: `var STYLES = /*@@STYLES@@*/'';` — the empty string is the unbuilt default.
pub const STYLES_MARKER: &str = "/*@@STYLES@@*/''";
/// In `www/outlook-connect.js`: `var CONNECT_TEXT = /*@@CONNECT_TEXT@@*/{};`.
pub const TEXT_MARKER: &str = "/*@@CONNECT_TEXT@@*/{}";

/// The `Strings` fields the early Connect screen shows, and the names the loader reads them by.
const CONNECT_FIELDS: [(&str, &str); 8] = [
    ("tag", "tag"),
    ("dir", "dir"),
    ("connect_title", "title"),
    ("connect_lead", "lead"),
    ("connect_read_only", "readOnly"),
    ("connect_button", "button"),
    ("brand_icon_alt", "iconAlt"),
    ("powered_by", "poweredBy"),
];

/// `loader` with the minified `styles_css` and the Connect text of every table in `i18n_rs` in place of the
/// markers (each must appear exactly once).
pub fn splice(loader: &str, styles_css: &str, i18n_rs: &str) -> Result<String, String> {
    let styles = Value::String(minify_css(styles_css)).to_string();
    let text = connect_text(i18n_rs)?.to_string();
    let loader = replace_once(loader, STYLES_MARKER, &styles)?;
    replace_once(&loader, TEXT_MARKER, &text)
}

fn replace_once(text: &str, marker: &str, with: &str) -> Result<String, String> {
    match text.matches(marker).count() {
        1 => Ok(text.replacen(marker, with, 1)),
        n => Err(format!(
            "the marker {marker} appears {n} times; it must appear exactly once"
        )),
    }
}

/// `{ "<tag>": { "title": …, "lead": …, … } }` for every `pub static …: Strings = Strings { … }` table.
pub fn connect_text(i18n_rs: &str) -> Result<Value, String> {
    let mut locales = Map::new();
    let mut rest = i18n_rs;
    while let Some(start) = rest.find(": Strings = Strings {") {
        let body = &rest[start..];
        let end = body
            .find("\n};")
            .ok_or("src/i18n.rs: a Strings table has no closing `};` line")?;
        let table = &body[..end];
        let mut strings = Map::new();
        for (field, name) in CONNECT_FIELDS {
            strings.insert(name.to_owned(), Value::String(field_value(table, field)?));
        }
        let tag = strings["tag"].as_str().unwrap_or_default().to_owned();
        locales.insert(tag, Value::Object(strings));
        rest = &body[end..];
    }
    if locales.is_empty() {
        return Err("src/i18n.rs: no `Strings = Strings { … }` table found".into());
    }
    Ok(Value::Object(locales))
}

/// The text of `field: "…",` on one line of `table`.
fn field_value(table: &str, field: &str) -> Result<String, String> {
    let prefix = format!("{field}: \"");
    let line = table
        .lines()
        .map(str::trim)
        .find(|line| line.starts_with(&prefix))
        .ok_or_else(|| format!("src/i18n.rs: no one-line `{field}: \"…\",` in a Strings table"))?;
    let literal = line[prefix.len()..].strip_suffix("\",").ok_or_else(|| {
        format!("src/i18n.rs: `{field}` must be a one-line string literal ending in `\",`")
    })?;
    unescape(literal).map_err(|problem| format!("src/i18n.rs: `{field}`: {problem}"))
}

/// A Rust string literal's contents as text (the escapes the tables use).
fn unescape(literal: &str) -> Result<String, String> {
    let mut out = String::with_capacity(literal.len());
    let mut chars = literal.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('0') => out.push('\0'),
            Some(c @ ('\\' | '"' | '\'')) => out.push(c),
            Some('u') => {
                let rest: String = chars.by_ref().take_while(|&c| c != '}').collect();
                let hex = rest.strip_prefix('{').ok_or("`\\u` without `{`")?;
                let code =
                    u32::from_str_radix(hex, 16).map_err(|_| format!("bad escape \\u{{{hex}}}"))?;
                out.push(char::from_u32(code).ok_or_else(|| format!("no character \\u{{{hex}}}"))?);
            }
            other => return Err(format!("unsupported escape \\{}", other.unwrap_or(' '))),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_connect_text_of_the_real_tables() {
        let i18n = include_str!("../../src/i18n.rs");
        let text = connect_text(i18n).unwrap();
        let english = &text["en"];
        assert_eq!(english["button"], "Connect Outlook");
        assert_eq!(english["tag"], "en");
        assert_eq!(english["dir"], "ltr");
        assert_eq!(text["ar"]["dir"], "rtl");
        assert_eq!(text["de"]["button"], "Mit Outlook verbinden");
        assert_eq!(
            text.as_object().unwrap().len(),
            6,
            "every language's Connect text"
        );
        assert!(english["lead"].as_str().unwrap().contains("{org}"));
        for (_, name) in CONNECT_FIELDS {
            assert!(!english[name].as_str().unwrap().is_empty(), "{name}");
        }
    }

    #[test]
    fn unescapes_rust_literals() {
        assert_eq!(
            unescape(r#"a \"b\" \u{2026} \\ c"#).unwrap(),
            "a \"b\" \u{2026} \\ c"
        );
        assert!(unescape(r"\x41").is_err());
    }

    #[test]
    fn splices_both_markers_once_and_names_a_missing_one() {
        let i18n = include_str!("../../src/i18n.rs");
        let loader = format!("var S = {STYLES_MARKER};\nvar T = {TEXT_MARKER};\n");
        let out = splice(&loader, "a  {  color : red ; } /* x */", i18n).unwrap();
        assert!(out.contains("var S = \"a{color :red;}\";"), "{out}");
        assert!(out.contains("\"button\":\"Connect Outlook\""), "{out}");
        let missing = splice("var S = '';", "", i18n).unwrap_err();
        assert!(missing.contains(STYLES_MARKER), "{missing}");
    }

    #[test]
    fn the_shipped_sheet_is_minified() {
        let source = include_str!("../../src/styles.css");
        let styles = minify_css(source);
        assert!(
            styles.len() < source.len() * 9 / 10,
            "minifying saves bytes"
        );
        assert!(!styles.contains("/*") && !styles.contains('\n'));
        assert!(styles.contains(".oc-root *,.oc-root *::before"));
        assert!(styles.contains("@media (prefers-color-scheme:dark){"));
    }
}
