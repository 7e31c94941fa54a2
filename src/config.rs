//! The host's configuration: validation of `OutlookConnect.create(config)` and `handle.update(partial)`.
//!
//! Pure Rust over [`Shape`], so every rule is tested natively. Validation never stops at the first problem: it
//! collects one [`ConfigIssue`] per bad field (with its path, e.g. `syncOptions.chunkSize`, and what was expected)
//! and the edge throws them all at once as one `config_invalid` error.

use crate::shape::{describe_number, Shape, TOO_DEEP};
use outlook_connect_contract::EMBEDDING_GENERATORS;
use outlook_connect_filter::case::lowercase;
use outlook_connect_filter::{
    edit_distance, parse_str, parse_value, ErrorCode, Filter, FilterError, Parsed,
};
use serde::Serialize;
use serde_json::{Map, Value};

/// Carbon's production API, used when the host gives no `apiUrl`.
pub const DEFAULT_API_URL: &str = "https://api.carbon.ai";
/// Ten minutes: long enough to find a password or approve a sign-in on a phone.
pub const DEFAULT_AUTH_TIMEOUT_MS: u32 = 600_000;
const AUTH_TIMEOUT_RANGE: MsRange = MsRange {
    min: 1_000,
    max: 3_600_000,
    expected: "a whole number of milliseconds from 1000 to 3600000",
};
/// How long the host's `tokenFetcher` may take before the call fails with `token_fetcher` (its backend hangs).
pub const DEFAULT_TOKEN_FETCHER_TIMEOUT_MS: u32 = 30_000;
const TOKEN_FETCHER_TIMEOUT_RANGE: MsRange = MsRange {
    min: 1_000,
    max: 300_000,
    expected: "a whole number of milliseconds from 1000 to 300000",
};
const MAX_TEXT_LEN: usize = 200;
const MODE_EXPECTED: &str = "\"inline\", \"frame\" or \"auto\"";
const MAX_FOLDERS: usize = 50;

/// Every key `create` accepts, for "did you mean" hints.
const KEYS: &[&str] = &[
    "tokenFetcher",
    "apiUrl",
    "orgName",
    "brandIcon",
    "folders",
    "filters",
    "syncOptions",
    "theme",
    "locale",
    "messages",
    "autoSync",
    "onEvent",
    "authTimeoutMs",
    "tokenFetcherTimeoutMs",
    "mode",
];
const SYNC_OPTION_KEYS: &[&str] = &[
    "syncAttachments",
    "incrementalSync",
    "chunkSize",
    "chunkOverlap",
    "skipEmbeddingGeneration",
    "embeddingModel",
    "generateSparseVectors",
    "prependFilenameToChunks",
    "tags",
];
const AUTO_SYNC_KEYS: &[&str] = &["enabled", "onChange"];

/// Light, dark, or follow the visitor's system setting.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
    #[default]
    System,
}

impl Theme {
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
            Theme::System => "system",
        }
    }
}

/// `auto` (the browser's language) or an explicit BCP 47 tag such as `en-GB`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Locale {
    #[default]
    Auto,
    Tag(String),
}

/// Options passed through to `POST /integrations/outlook/sync`, already in the contract's snake_case.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct SyncOptions {
    pub sync_attachments: bool,
    pub incremental_sync: bool,
    /// The other contract fields the host set (`chunk_size`, `tags`, …), sent as given.
    #[serde(flatten)]
    pub pass_through: Map<String, Value>,
}

/// The host's auto-sync switch: its state and the host callback that persists it.
#[derive(Clone, Debug, PartialEq)]
pub struct AutoSync<F> {
    pub enabled: bool,
    pub on_change: F,
}

/// A validated configuration. `F` is the host's function type (see [`Shape`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Config<F> {
    pub token_fetcher: F,
    pub api_url: String,
    pub org_name: Option<String>,
    pub brand_icon: Option<String>,
    pub folders: Vec<String>,
    pub filters: Filter,
    pub sync_options: SyncOptions,
    pub theme: Theme,
    pub locale: Locale,
    /// The host's `messages`: `(field name, template)` in the order given, each name a `Strings` field and each
    /// template with the same placeholders as that field's.
    pub messages: Vec<(String, String)>,
    pub auto_sync: Option<AutoSync<F>>,
    pub on_event: Option<F>,
    pub auth_timeout_ms: u32,
    /// How long one call of `token_fetcher` may take.
    pub token_fetcher_timeout_ms: u32,
}

/// One bad field: where it is, what we expected there, and a sentence for people.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ConfigIssue {
    pub path: String,
    pub expected: String,
    pub message: String,
}

impl ConfigIssue {
    fn new(
        path: impl Into<String>,
        expected: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            path: path.into(),
            expected: expected.into(),
            message: message.into(),
        }
    }

    fn wrong_type<F>(path: &str, expected: &str, got: &Shape<F>) -> Self {
        // A value that could not be read (or something inside it) is named at its own path: `folders[1]`.
        if let Some((at, why)) = got.unreadable(path) {
            let message = format!("{at}: {why}");
            return Self::new(at, expected, message);
        }
        Self::new(
            path,
            expected,
            format!("{path}: expected {expected}, got {}", got.kind()),
        )
    }
}

/// Every problem found in one config, in the order the fields were written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ConfigError {
    pub issues: Vec<ConfigIssue>,
}

impl ConfigError {
    /// One message naming every bad field, for the thrown error's `message`.
    pub fn message(&self) -> String {
        let lines: Vec<&str> = self
            .issues
            .iter()
            .map(|issue| issue.message.as_str())
            .collect();
        format!("Invalid outlook-connect config: {}", lines.join("; "))
    }
}

impl<F: Clone> Config<F> {
    /// Validates a whole config as given to `OutlookConnect.create`.
    pub fn from_shape(input: &Shape<F>) -> Result<Self, ConfigError> {
        let mut issues = Vec::new();
        let entries = match input {
            Shape::Object(entries) => entries.as_slice(),
            other => {
                let issue = ConfigIssue::wrong_type(
                    "config",
                    "an object such as {tokenFetcher, apiUrl}",
                    other,
                );
                return Err(ConfigError {
                    issues: vec![issue],
                });
            }
        };
        let mut draft = Draft::default();
        draft.read(entries, &mut issues);
        let token_fetcher = draft.token_fetcher.take();
        if token_fetcher.is_none() && !issues.iter().any(|issue| issue.path == "tokenFetcher") {
            issues.push(ConfigIssue::new(
                "tokenFetcher",
                "a function returning a Promise of {access_token}",
                "tokenFetcher: required — a function that asks your backend for a Carbon access token and returns a Promise of {access_token}",
            ));
        }
        match token_fetcher {
            Some(token_fetcher) if issues.is_empty() => {
                Ok(draft.finish(token_fetcher, Self::defaults_for(None)))
            }
            _ => Err(ConfigError { issues }),
        }
    }

    /// Applies `handle.update(partial)`: the same rules, every key optional; nothing changes if anything is wrong.
    pub fn updated(&self, partial: &Shape<F>) -> Result<Self, ConfigError> {
        let entries = match partial {
            Shape::Object(entries) => entries.as_slice(),
            other => {
                let issue =
                    ConfigIssue::wrong_type("update", "an object with the keys to change", other);
                return Err(ConfigError {
                    issues: vec![issue],
                });
            }
        };
        let mut issues = Vec::new();
        let mut draft = Draft::default();
        draft.read(entries, &mut issues);
        if !issues.is_empty() {
            return Err(ConfigError { issues });
        }
        let token_fetcher = draft
            .token_fetcher
            .take()
            .unwrap_or_else(|| self.token_fetcher.clone());
        Ok(draft.finish(token_fetcher, Self::defaults_for(Some(self))))
    }

    fn defaults_for(current: Option<&Self>) -> Defaults<F> {
        match current {
            Some(config) => Defaults {
                api_url: config.api_url.clone(),
                org_name: config.org_name.clone(),
                brand_icon: config.brand_icon.clone(),
                folders: config.folders.clone(),
                filters: config.filters.clone(),
                sync_options: config.sync_options.clone(),
                theme: config.theme,
                locale: config.locale.clone(),
                messages: config.messages.clone(),
                auto_sync: config.auto_sync.clone(),
                on_event: config.on_event.clone(),
                auth_timeout_ms: config.auth_timeout_ms,
                token_fetcher_timeout_ms: config.token_fetcher_timeout_ms,
            },
            None => Defaults {
                api_url: DEFAULT_API_URL.to_owned(),
                org_name: None,
                brand_icon: None,
                folders: vec!["Inbox".to_owned()],
                filters: Filter::Empty,
                sync_options: SyncOptions::default(),
                theme: Theme::System,
                locale: Locale::Auto,
                messages: Vec::new(),
                auto_sync: None,
                on_event: None,
                auth_timeout_ms: DEFAULT_AUTH_TIMEOUT_MS,
                token_fetcher_timeout_ms: DEFAULT_TOKEN_FETCHER_TIMEOUT_MS,
            },
        }
    }
}

/// What a key falls back to when the host leaves it out: the built-in default, or the current value on `update`.
struct Defaults<F> {
    api_url: String,
    org_name: Option<String>,
    brand_icon: Option<String>,
    folders: Vec<String>,
    filters: Filter,
    sync_options: SyncOptions,
    theme: Theme,
    locale: Locale,
    messages: Vec<(String, String)>,
    auto_sync: Option<AutoSync<F>>,
    on_event: Option<F>,
    auth_timeout_ms: u32,
    token_fetcher_timeout_ms: u32,
}

/// The fields the host actually gave, each already checked. `Some(None)` means "given as null/undefined: reset".
struct Draft<F> {
    token_fetcher: Option<F>,
    api_url: Option<String>,
    org_name: Option<Option<String>>,
    brand_icon: Option<Option<String>>,
    folders: Option<Vec<String>>,
    filters: Option<Filter>,
    sync_options: Option<SyncOptions>,
    theme: Option<Theme>,
    locale: Option<Locale>,
    messages: Option<Vec<(String, String)>>,
    auto_sync: Option<Option<AutoSync<F>>>,
    on_event: Option<Option<F>>,
    auth_timeout_ms: Option<u32>,
    token_fetcher_timeout_ms: Option<u32>,
}

impl<F> Default for Draft<F> {
    fn default() -> Self {
        Self {
            token_fetcher: None,
            api_url: None,
            org_name: None,
            brand_icon: None,
            folders: None,
            filters: None,
            sync_options: None,
            theme: None,
            locale: None,
            messages: None,
            auto_sync: None,
            on_event: None,
            auth_timeout_ms: None,
            token_fetcher_timeout_ms: None,
        }
    }
}

impl<F: Clone> Draft<F> {
    fn read(&mut self, entries: &[(String, Shape<F>)], issues: &mut Vec<ConfigIssue>) {
        for (key, value) in entries {
            let unset = matches!(value, Shape::Undefined | Shape::Null);
            match key.as_str() {
                "tokenFetcher" => match value {
                    Shape::Function(f) => self.token_fetcher = Some(f.clone()),
                    other => issues.push(ConfigIssue::wrong_type(
                        "tokenFetcher",
                        "a function returning a Promise of {access_token}",
                        other,
                    )),
                },
                "apiUrl" => {
                    if let Some(url) = check_api_url(value, issues) {
                        self.api_url = Some(url);
                    }
                }
                "orgName" if unset => self.org_name = Some(None),
                "orgName" => {
                    if let Some(name) = check_text("orgName", value, issues) {
                        self.org_name = Some(Some(name));
                    }
                }
                "brandIcon" if unset => self.brand_icon = Some(None),
                "brandIcon" => {
                    if let Some(icon) = check_icon_url(value, issues) {
                        self.brand_icon = Some(Some(icon));
                    }
                }
                "folders" => {
                    if let Some(folders) = check_folders(value, issues) {
                        self.folders = Some(folders);
                    }
                }
                "filters" => {
                    if let Some(filters) = check_filters(value, issues) {
                        self.filters = Some(filters);
                    }
                }
                "syncOptions" => {
                    if let Some(options) = check_sync_options(value, issues) {
                        self.sync_options = Some(options);
                    }
                }
                "theme" => match value {
                    Shape::String(s) if s == "light" => self.theme = Some(Theme::Light),
                    Shape::String(s) if s == "dark" => self.theme = Some(Theme::Dark),
                    Shape::String(s) if s == "system" => self.theme = Some(Theme::System),
                    Shape::String(s) => issues.push(ConfigIssue::new(
                        "theme",
                        "\"light\", \"dark\" or \"system\"",
                        format!("theme: expected \"light\", \"dark\" or \"system\", got \"{s}\""),
                    )),
                    other => issues.push(ConfigIssue::wrong_type(
                        "theme",
                        "\"light\", \"dark\" or \"system\"",
                        other,
                    )),
                },
                "locale" => {
                    if let Some(locale) = check_locale(value, issues) {
                        self.locale = Some(locale);
                    }
                }
                "messages" if unset => self.messages = Some(Vec::new()),
                "messages" => {
                    if let Some(messages) = check_messages(value, issues) {
                        self.messages = Some(messages);
                    }
                }
                "autoSync" if unset => self.auto_sync = Some(None),
                "autoSync" => {
                    if let Some(auto_sync) = check_auto_sync(value, issues) {
                        self.auto_sync = Some(Some(auto_sync));
                    }
                }
                "onEvent" if unset => self.on_event = Some(None),
                "onEvent" => match value {
                    Shape::Function(f) => self.on_event = Some(Some(f.clone())),
                    other => issues.push(ConfigIssue::wrong_type(
                        "onEvent",
                        "a function ({type, ts, data}) => void",
                        other,
                    )),
                },
                "authTimeoutMs" => {
                    self.auth_timeout_ms = AUTH_TIMEOUT_RANGE.read("authTimeoutMs", value, issues)
                }
                "tokenFetcherTimeoutMs" => {
                    self.token_fetcher_timeout_ms =
                        TOKEN_FETCHER_TIMEOUT_RANGE.read("tokenFetcherTimeoutMs", value, issues)
                }
                // Read by the loader (inline, or the frame when the page blocks WebAssembly); checked here so a
                // wrong value is named like every other field.
                "mode" => match value {
                    Shape::Undefined | Shape::Null => {}
                    Shape::String(s) if matches!(s.as_str(), "inline" | "frame" | "auto") => {}
                    Shape::String(s) => issues.push(ConfigIssue::new(
                        "mode",
                        MODE_EXPECTED,
                        format!("mode: expected {MODE_EXPECTED}, got \"{s}\""),
                    )),
                    other => issues.push(ConfigIssue::wrong_type("mode", MODE_EXPECTED, other)),
                },
                unknown => issues.push(unknown_key(unknown, "", KEYS)),
            }
        }
    }

    fn finish(self, token_fetcher: F, defaults: Defaults<F>) -> Config<F> {
        Config {
            token_fetcher,
            api_url: self.api_url.unwrap_or(defaults.api_url),
            org_name: self.org_name.unwrap_or(defaults.org_name),
            brand_icon: self.brand_icon.unwrap_or(defaults.brand_icon),
            folders: self.folders.unwrap_or(defaults.folders),
            filters: self.filters.unwrap_or(defaults.filters),
            sync_options: self.sync_options.unwrap_or(defaults.sync_options),
            theme: self.theme.unwrap_or(defaults.theme),
            locale: self.locale.unwrap_or(defaults.locale),
            messages: self.messages.unwrap_or(defaults.messages),
            auto_sync: self.auto_sync.unwrap_or(defaults.auto_sync),
            on_event: self.on_event.unwrap_or(defaults.on_event),
            auth_timeout_ms: self.auth_timeout_ms.unwrap_or(defaults.auth_timeout_ms),
            token_fetcher_timeout_ms: self
                .token_fetcher_timeout_ms
                .unwrap_or(defaults.token_fetcher_timeout_ms),
        }
    }
}

/// The allowed whole-millisecond values of a timeout key, and how the error says so.
struct MsRange {
    min: u32,
    max: u32,
    expected: &'static str,
}

impl MsRange {
    /// The value of timeout key `key`, or `None` with an issue naming it (an earlier value then stays).
    fn read<F>(&self, key: &str, value: &Shape<F>, issues: &mut Vec<ConfigIssue>) -> Option<u32> {
        match value {
            Shape::Number(n)
                if n.fract() == 0.0 && (f64::from(self.min)..=f64::from(self.max)).contains(n) =>
            {
                Some(*n as u32)
            }
            Shape::Number(n) => {
                issues.push(ConfigIssue::new(
                    key,
                    self.expected,
                    format!(
                        "{key}: expected {}, got {}",
                        self.expected,
                        describe_number(*n)
                    ),
                ));
                None
            }
            other => {
                issues.push(ConfigIssue::wrong_type(key, self.expected, other));
                None
            }
        }
    }
}

/// `unknown key "apiURL"` plus the closest known key when one is near enough to be a typo.
fn unknown_key(key: &str, parent: &str, known: &[&str]) -> ConfigIssue {
    let path = if parent.is_empty() {
        key.to_owned()
    } else {
        format!("{parent}.{key}")
    };
    let expected = format!("one of {}", known.join(", "));
    let message = match closest(key, known) {
        Some(suggestion) => format!("{path}: unknown key — did you mean \"{suggestion}\"?"),
        None => format!("{path}: unknown key — expected {expected}"),
    };
    ConfigIssue::new(path, expected, message)
}

/// The known word nearest to `word`, if it is a plausible typo of it (case slips count as near).
pub fn closest<'a>(word: &str, known: &[&'a str]) -> Option<&'a str> {
    let lowered = lowercase(word);
    known
        .iter()
        .map(|candidate| (edit_distance(&lowered, &lowercase(candidate)), *candidate))
        .filter(|(distance, candidate)| *distance <= 2.max(candidate.len() / 4))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

fn check_text<F>(path: &str, value: &Shape<F>, issues: &mut Vec<ConfigIssue>) -> Option<String> {
    let expected = format!("a non-empty string of at most {MAX_TEXT_LEN} characters");
    match value {
        Shape::String(s) if !s.trim().is_empty() && s.chars().count() <= MAX_TEXT_LEN => {
            Some(s.trim().to_owned())
        }
        Shape::String(s) if s.trim().is_empty() => {
            issues.push(ConfigIssue::new(
                path,
                expected.clone(),
                format!("{path}: expected {expected}, got an empty string"),
            ));
            None
        }
        Shape::String(s) => {
            let len = s.chars().count();
            issues.push(ConfigIssue::new(
                path,
                expected.clone(),
                format!("{path}: expected {expected}, got {len} characters"),
            ));
            None
        }
        other => {
            issues.push(ConfigIssue::wrong_type(path, &expected, other));
            None
        }
    }
}

/// `apiUrl`: an absolute https URL; plain http only for loopback hosts (the sandbox). No query or fragment.
fn check_api_url<F>(value: &Shape<F>, issues: &mut Vec<ConfigIssue>) -> Option<String> {
    const EXPECTED: &str =
        "an absolute https:// URL such as \"https://api.carbon.ai\" (http:// only for localhost)";
    let raw = match value {
        Shape::String(s) => s.trim(),
        other => {
            issues.push(ConfigIssue::wrong_type("apiUrl", EXPECTED, other));
            return None;
        }
    };
    match parse_http_url(raw) {
        Ok(url) => Some(url),
        Err(why) => {
            issues.push(ConfigIssue::new(
                "apiUrl",
                EXPECTED,
                format!("apiUrl: expected {EXPECTED}; \"{raw}\" {why}"),
            ));
            None
        }
    }
}

/// Checks an absolute http(s) URL by hand (the widget does not ship a URL crate for one field) and returns it
/// without a trailing slash, so paths can be appended as `{api_url}/user_files_v2`. Plain http is only for the
/// three local hosts, compared whole: `http://127.0.0.1.evil.example` is not local.
fn parse_http_url(raw: &str) -> Result<String, &'static str> {
    let (scheme, local, rest) = split_url(raw)?;
    if rest.contains(['?', '#']) {
        return Err("must not carry a query or fragment");
    }
    if scheme == "http" && !local {
        return Err(
            "must use https:// (http:// is allowed only for localhost, 127.0.0.1 and [::1])",
        );
    }
    Ok(format!("{scheme}://{}", rest.trim_end_matches('/')))
}

/// An absolute http(s) URL as its lower-case scheme, whether its host is exactly `localhost`, `127.0.0.1` or
/// `[::1]`, and what follows `://`. Refuses what a browser would read differently from a person: credentials
/// (`http://localhost@evil.example`), backslashes, whitespace, a host with other characters than letters, digits,
/// `-` and `.` (or an IPv6 address), and a port that is not 1–65535. (No slicing by index: its panic path would
/// put string formatting into the bundle.)
fn split_url(raw: &str) -> Result<(String, bool, &str), &'static str> {
    let (scheme, rest) = raw.split_once("://").ok_or("is not an absolute URL")?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "https" && scheme != "http" {
        return Err("must use https://");
    }
    if rest.contains(|c: char| c.is_whitespace() || c == '\\') {
        return Err("must not contain spaces or backslashes");
    }
    let authority = rest
        .get(..rest.find(['/', '?', '#']).unwrap_or(rest.len()))
        .unwrap_or_default();
    if authority.contains('@') {
        return Err("must not carry credentials");
    }
    // The host, and what follows it in the authority: nothing, or `:port`.
    let (host_ok, local, port) = match authority.strip_prefix('[') {
        Some(v6) => {
            let (address, port) = v6.split_once(']').unwrap_or(("", ""));
            let ok = address.contains(':')
                && address
                    .bytes()
                    .all(|b| b.is_ascii_hexdigit() || b":.".contains(&b));
            (ok, address == "::1", port)
        }
        None => {
            let host = authority
                .get(..authority.find(':').unwrap_or(authority.len()))
                .unwrap_or_default();
            let ok = !host.is_empty()
                && host
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-.".contains(&b));
            let local = host.eq_ignore_ascii_case("localhost") || host == "127.0.0.1";
            (ok, local, authority.strip_prefix(host).unwrap_or_default())
        }
    };
    if !host_ok {
        return Err("has no valid host");
    }
    if !port.is_empty() {
        let digits = port.strip_prefix(':').unwrap_or("x");
        if !digits.bytes().all(|b| b.is_ascii_digit())
            || digits.parse::<u16>().map_or(true, |p| p == 0)
        {
            return Err("has an invalid port");
        }
    }
    Ok((scheme, local, rest))
}

/// `brandIcon`: an https URL, a path on the host page's site, or a `data:image/…` URL — never `javascript:`, plain
/// http, or a protocol-relative `//other.site/…` (nor `/\\other.site/…`, which browsers read the same way).
fn check_icon_url<F>(value: &Shape<F>, issues: &mut Vec<ConfigIssue>) -> Option<String> {
    const EXPECTED: &str = "an image URL (https://…, a path such as /logo.svg, or data:image/…)";
    let raw = match value {
        Shape::String(s) if !s.trim().is_empty() => s.trim(),
        other => {
            issues.push(ConfigIssue::wrong_type("brandIcon", EXPECTED, other));
            return None;
        }
    };
    let lower = raw.to_ascii_lowercase();
    let allowed = if lower.starts_with("data:image/") {
        true
    } else if lower.starts_with("https://") {
        split_url(raw).is_ok()
    } else {
        // A path: no scheme before the first `/`, not starting with `//`, and no backslash or whitespace.
        !raw.split('/').next().unwrap_or_default().contains(':')
            && !raw.starts_with("//")
            && !raw.contains(|c: char| c.is_whitespace() || c == '\\')
    };
    if allowed {
        Some(raw.to_owned())
    } else {
        issues.push(ConfigIssue::new(
            "brandIcon",
            EXPECTED,
            format!("brandIcon: expected {EXPECTED}, got \"{raw}\""),
        ));
        None
    }
}

fn check_folders<F>(value: &Shape<F>, issues: &mut Vec<ConfigIssue>) -> Option<Vec<String>> {
    const EXPECTED: &str = "an array of folder display names such as [\"Inbox\"]";
    let items = match value {
        Shape::Array(items) => items,
        other => {
            issues.push(ConfigIssue::wrong_type("folders", EXPECTED, other));
            return None;
        }
    };
    if items.is_empty() || items.len() > MAX_FOLDERS {
        let message = format!(
            "folders: expected between 1 and {MAX_FOLDERS} folder names, got {}",
            items.len()
        );
        issues.push(ConfigIssue::new("folders", EXPECTED, message));
        return None;
    }
    let before = issues.len();
    let mut folders: Vec<String> = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        let path = format!("folders[{index}]");
        if let Some(name) = check_text(&path, item, issues) {
            if folders.contains(&name) {
                issues.push(ConfigIssue::new(
                    &path,
                    "each folder once",
                    format!("{path}: \"{name}\" is listed twice"),
                ));
            } else {
                folders.push(name);
            }
        }
    }
    (issues.len() == before).then_some(folders)
}

/// `filters`: Carbon's filter tree, as an object or as JSON text; errors carry the filter crate's paths.
fn check_filters<F>(value: &Shape<F>, issues: &mut Vec<ConfigIssue>) -> Option<Filter> {
    const EXPECTED: &str = "a filter tree such as {AND: [{key: \"after\", value: \"2024/01/07\"}]}";
    if !matches!(
        value,
        Shape::String(_) | Shape::Object(_) | Shape::Unreadable(_)
    ) {
        issues.push(ConfigIssue::wrong_type("filters", EXPECTED, value));
        return None;
    }
    match filters_from_shape(value) {
        Ok(parsed) => Some(parsed.filter),
        Err(errors) => {
            issues.extend(errors.into_iter().map(|error| {
                let message = format!("{}: {}", error.path, error.message);
                ConfigIssue::new(error.path, EXPECTED, message)
            }));
            None
        }
    }
}

/// A filter tree as a host passes it (`parseFilters`, `setFilters`, the `filters` key): JSON text, or an object
/// read as the JSON `JSON.stringify` would make of it (`undefined` and functions left out of objects, `null` in
/// their place in arrays and for numbers that are not finite), so both forms agree. A value in it that could not
/// be read, is nested too deeply or is not JSON at all is an error at its path. An error the filter crate finds
/// at or inside such a value is about the `null` standing in for it and is left out; and such a value inside a
/// part the crate already refused (the levels below a group nested too deeply, say) adds nothing.
pub fn filters_from_shape<F>(shape: &Shape<F>) -> Result<Parsed, Vec<FilterError>> {
    let mut problems = Vec::new();
    let json = match shape {
        Shape::String(text) => return parse_str(text),
        Shape::Undefined | Shape::Function(_) | Shape::Other(_) => {
            let message = format!(
                "expected a filter tree (an object or JSON text), got {}",
                shape.kind()
            );
            return Err(vec![FilterError::new(
                "filters",
                ErrorCode::NotAnObject,
                message,
            )]);
        }
        _ => {
            let mut found = Vec::new();
            let json = shape.json_at("filters", &mut found);
            for (path, value) in found {
                let (code, message) = match value {
                    Shape::TooDeep => (ErrorCode::TooDeep, TOO_DEEP.to_owned()),
                    Shape::Unreadable(why) => (ErrorCode::BadValue, why.clone()),
                    other => (
                        ErrorCode::BadValue,
                        format!("expected a JSON value, got {}", other.kind()),
                    ),
                };
                problems.push(FilterError::new(path, code, message));
            }
            json
        }
    };
    let parsed = parse_value(&json);
    if problems.is_empty() {
        return parsed;
    }
    let mut errors = parsed.err().unwrap_or_default();
    errors.retain(|error| {
        !problems
            .iter()
            .any(|problem| within(&error.path, &problem.path))
    });
    problems.retain(|problem| {
        !errors
            .iter()
            .any(|error| within(&problem.path, &error.path))
    });
    errors.append(&mut problems);
    Err(errors)
}

/// Whether `path` is `outer` or inside it (`filters.AND[0]` is inside `filters.AND`; `filters.ANDx` is not).
fn within(path: &str, outer: &str) -> bool {
    path.strip_prefix(outer)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
}

fn check_sync_options<F>(value: &Shape<F>, issues: &mut Vec<ConfigIssue>) -> Option<SyncOptions> {
    let entries = match value {
        Shape::Object(entries) => entries,
        other => {
            issues.push(ConfigIssue::wrong_type(
                "syncOptions",
                "an object such as {syncAttachments: false}",
                other,
            ));
            return None;
        }
    };
    let before = issues.len();
    let mut options = SyncOptions::default();
    for (key, value) in entries {
        let path = format!("syncOptions.{key}");
        let wire = match key.as_str() {
            "syncAttachments"
            | "incrementalSync"
            | "skipEmbeddingGeneration"
            | "generateSparseVectors"
            | "prependFilenameToChunks" => {
                let Shape::Bool(flag) = value else {
                    issues.push(ConfigIssue::wrong_type(&path, "true or false", value));
                    continue;
                };
                match key.as_str() {
                    "syncAttachments" => options.sync_attachments = *flag,
                    "incrementalSync" => options.incremental_sync = *flag,
                    _ => {
                        options
                            .pass_through
                            .insert(snake_case(key), Value::Bool(*flag));
                    }
                }
                continue;
            }
            "chunkSize" | "chunkOverlap" => {
                // The bound is spelled out in the text: formatting an `f64` would pull float printing into the bundle.
                let (min, expected) = if key == "chunkSize" {
                    (1.0, "a whole number of at least 1")
                } else {
                    (0.0, "a whole number of at least 0")
                };
                match value {
                    Shape::Number(n) if n.fract() == 0.0 && *n >= min && *n <= 1_000_000.0 => {
                        Value::from(*n as i64)
                    }
                    other => {
                        issues.push(ConfigIssue::wrong_type(&path, expected, other));
                        continue;
                    }
                }
            }
            "embeddingModel" => match value {
                Shape::String(model) if EMBEDDING_GENERATORS.contains(&model.as_str()) => {
                    Value::String(model.clone())
                }
                other => {
                    let expected = format!("one of {}", EMBEDDING_GENERATORS.join(", "));
                    issues.push(ConfigIssue::wrong_type(&path, &expected, other));
                    continue;
                }
            },
            "tags" => match (value, value.to_json()) {
                (Shape::Object(_), Some(json)) => json,
                (other, _) => {
                    issues.push(ConfigIssue::wrong_type(
                        &path,
                        "an object of JSON values",
                        other,
                    ));
                    continue;
                }
            },
            unknown => {
                issues.push(unknown_key(unknown, "syncOptions", SYNC_OPTION_KEYS));
                continue;
            }
        };
        options.pass_through.insert(snake_case(key), wire);
    }
    (issues.len() == before).then_some(options)
}

fn check_auto_sync<F: Clone>(
    value: &Shape<F>,
    issues: &mut Vec<ConfigIssue>,
) -> Option<AutoSync<F>> {
    let entries = match value {
        Shape::Object(entries) => entries,
        other => {
            issues.push(ConfigIssue::wrong_type(
                "autoSync",
                "an object {enabled, onChange}",
                other,
            ));
            return None;
        }
    };
    let before = issues.len();
    let mut enabled = false;
    let mut on_change = None;
    for (key, value) in entries {
        match (key.as_str(), value) {
            ("enabled", Shape::Bool(flag)) => enabled = *flag,
            ("enabled", other) => issues.push(ConfigIssue::wrong_type(
                "autoSync.enabled",
                "true or false",
                other,
            )),
            ("onChange", Shape::Function(f)) => on_change = Some(f.clone()),
            ("onChange", other) => issues.push(ConfigIssue::wrong_type(
                "autoSync.onChange",
                "a function (enabled) => Promise",
                other,
            )),
            (unknown, _) => issues.push(unknown_key(unknown, "autoSync", AUTO_SYNC_KEYS)),
        }
    }
    if on_change.is_none() && !issues.iter().any(|issue| issue.path == "autoSync.onChange") {
        issues.push(ConfigIssue::new(
            "autoSync.onChange",
            "a function (enabled) => Promise",
            "autoSync.onChange: required — a function that asks your backend to turn auto-sync on or off",
        ));
    }
    match on_change {
        Some(on_change) if issues.len() == before => Some(AutoSync { enabled, on_change }),
        _ => None,
    }
}

/// `messages`: an object from a `Strings` field name (`connect_button`) to the text to show instead, with exactly
/// the placeholders of the original (`{org}`); a plural field may give variants (`one:…|other:…`).
fn check_messages<F>(
    value: &Shape<F>,
    issues: &mut Vec<ConfigIssue>,
) -> Option<Vec<(String, String)>> {
    const EXPECTED: &str =
        "an object from a string's name to its text, such as {connect_button: \"Link Outlook\"}";
    let Shape::Object(entries) = value else {
        issues.push(ConfigIssue::wrong_type("messages", EXPECTED, value));
        return None;
    };
    let before = issues.len();
    let names = crate::i18n::Strings::NAMES;
    let english = crate::i18n::ENGLISH.texts();
    let mut messages = Vec::new();
    for (name, text) in entries {
        let path = format!("messages.{name}");
        let Some(index) = names.iter().position(|known| known == name) else {
            let message = match closest(name, names) {
                Some(suggestion) => {
                    format!("{path}: unknown string — did you mean \"{suggestion}\"?")
                }
                None => format!("{path}: unknown string — see the README for the names"),
            };
            issues.push(ConfigIssue::new(
                path,
                "the name of one of the widget's strings",
                message,
            ));
            continue;
        };
        let Shape::String(text) = text else {
            issues.push(ConfigIssue::wrong_type(&path, "a string", text));
            continue;
        };
        let original = english[index];
        let wanted = crate::i18n::placeholders(original);
        let given = crate::i18n::placeholders(text);
        let missing: Vec<&str> = wanted
            .iter()
            .copied()
            .filter(|name| !given.contains(name))
            .collect();
        let added: Vec<&str> = given
            .iter()
            .copied()
            .filter(|name| !wanted.contains(name))
            .collect();
        if !missing.is_empty() || !added.is_empty() {
            let list = |names: &[&str]| {
                if names.is_empty() {
                    "none".to_owned()
                } else {
                    let braced: Vec<String> =
                        names.iter().map(|name| format!("{{{name}}}")).collect();
                    braced.join(", ")
                }
            };
            let expected = format!("a text with the placeholders {}", list(&wanted));
            let mut why = Vec::new();
            if !missing.is_empty() {
                why.push(format!("{} missing", list(&missing)));
            }
            if !added.is_empty() {
                why.push(format!("{} not known here", list(&added)));
            }
            let message = format!(
                "{path}: the text must have the placeholders {} ({})",
                list(&wanted),
                why.join("; ")
            );
            issues.push(ConfigIssue::new(path, expected, message));
            continue;
        }
        messages.push((name.clone(), text.clone()));
    }
    (issues.len() == before).then_some(messages)
}

/// `locale`: `"auto"` or a well-formed BCP 47 language tag (`en`, `en-GB`, `pt-BR`, `zh-Hant-TW`).
fn check_locale<F>(value: &Shape<F>, issues: &mut Vec<ConfigIssue>) -> Option<Locale> {
    const EXPECTED: &str = "\"auto\" or a language tag such as \"en\" or \"en-GB\"";
    match value {
        Shape::String(s) if s == "auto" => Some(Locale::Auto),
        Shape::String(s) if is_language_tag(s) => Some(Locale::Tag(s.clone())),
        Shape::String(s) => {
            issues.push(ConfigIssue::new(
                "locale",
                EXPECTED,
                format!("locale: expected {EXPECTED}, got \"{s}\""),
            ));
            None
        }
        other => {
            issues.push(ConfigIssue::wrong_type("locale", EXPECTED, other));
            None
        }
    }
}

fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let language = parts.next().unwrap_or_default();
    (2..=3).contains(&language.len())
        && language.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|part| {
            (1..=8).contains(&part.len()) && part.chars().all(|c| c.is_ascii_alphanumeric())
        })
}

/// `chunkSize` → `chunk_size`: the host writes JavaScript's camelCase, the contract wants snake_case.
fn snake_case(camel: &str) -> String {
    let mut out = String::with_capacity(camel.len() + 4);
    for c in camel.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_case_matches_the_contract_names() {
        assert_eq!(snake_case("chunkSize"), "chunk_size");
        assert_eq!(
            snake_case("prependFilenameToChunks"),
            "prepend_filename_to_chunks"
        );
    }

    #[test]
    fn http_is_only_for_loopback() {
        assert_eq!(
            parse_http_url("http://127.0.0.1:8788/"),
            Ok("http://127.0.0.1:8788".to_owned())
        );
        assert_eq!(
            parse_http_url("https://api.carbon.ai"),
            Ok("https://api.carbon.ai".to_owned())
        );
        assert!(parse_http_url("http://api.carbon.ai").is_err());
        assert!(parse_http_url("http://[::1]:99999").is_err());
        assert_eq!(
            parse_http_url("http://[::1]:8788"),
            Ok("http://[::1]:8788".to_owned())
        );
        assert_eq!(
            parse_http_url("http://127.0.0.1.evil.example"),
            Err("must use https:// (http:// is allowed only for localhost, 127.0.0.1 and [::1])")
        );
        assert_eq!(
            parse_http_url("http://localhost@evil.example"),
            Err("must not carry credentials")
        );
    }

    #[test]
    fn closest_finds_typos_but_not_strangers() {
        assert_eq!(closest("apiURL", KEYS), Some("apiUrl"));
        assert_eq!(closest("tokenFetch", KEYS), Some("tokenFetcher"));
        assert_eq!(closest("colour", KEYS), None);
    }
}
