//! The emulated Microsoft side: identity platform v2.0 (authorize, token) and Graph mailbox, on its own origin.
//!
//! [`router`] serves everything on one origin, with its state inside (no dependency on the Carbon side):
//! - `GET|POST /{tenant}/oauth2/v2.0/authorize` — the account picker, `POST …/token` — codes with
//!   PKCE S256, refresh tokens, `id_token`s ([`identity`], page in [`signin_page`]);
//! - `/v1.0/…` — Graph: `me`, `mailFolders` (+ `childFolders`, well-known names),
//!   `outlook/masterCategories`, `mailFolders/{id}/messages` (`$filter` through
//!   `outlook_connect_filter::graph`, `$top`, `$skip`, `$select`, `$count`, `@odata.nextLink`),
//!   `messages/{id}`, `messages/{id}/attachments` ([`graph`]); more than 4 requests of one app on
//!   one mailbox at once get 429 `ApplicationThrottled` with `Retry-After`, as Graph does.
//!
//! Only the redirect URIs registered in [`MicrosoftConfig::redirect_uris`] are ever redirected to, and the
//! `{tenant}` segment must be a tenant ([`is_valid_tenant`]), as on the real identity platform.
//!
//! Tokens are self-contained and HMAC-signed with a key derived from the client secret
//! ([`tokens`]): they survive a restart. The test accounts — addresses, names, sign-in behaviour — are
//! [`accounts`] (listed by [`test_mailboxes`]); their mailboxes are deterministic ([`mailbox`]): the same
//! `mailbox_seed` always gives the same mail.

pub mod accounts;
pub mod graph;
pub mod identity;
pub mod mailbox;
pub mod signin_page;
pub mod tokens;

use axum::routing::get;
use axum::Router;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How the emulated Microsoft behaves.
#[derive(Debug, Clone)]
pub struct MicrosoftConfig {
    /// The one registered application's client id.
    pub client_id: String,
    /// Its client secret; also the key material of every token.
    pub client_secret: String,
    /// Send `Cross-Origin-Opener-Policy: same-origin` on the sign-in pages, as Microsoft does.
    pub coop: bool,
    /// Lifetime of access tokens (Microsoft: about an hour).
    pub access_token_ttl: Duration,
    /// Seed of the generated mailboxes.
    pub mailbox_seed: u64,
    /// The redirect URIs registered for the application: an authorize request with any other is refused with an
    /// `AADSTS50011` error page, never redirected (exact match, as Microsoft compares them).
    pub redirect_uris: Vec<String>,
}

impl Default for MicrosoftConfig {
    fn default() -> MicrosoftConfig {
        MicrosoftConfig {
            client_id: "00000000-0000-0000-0000-00000000c0de".to_owned(),
            client_secret: "sandbox-client-secret".to_owned(),
            coop: true,
            access_token_ttl: Duration::from_secs(3600),
            mailbox_seed: 42,
            redirect_uris: Vec::new(),
        }
    }
}

/// Whether `tenant` is what the identity platform takes as the `{tenant}` path segment: `common`, `organizations`,
/// `consumers`, a directory id (GUID) or a domain name (`contoso.onmicrosoft.com`). Anything else — slashes,
/// dots-only, `..`, percent signs, spaces — is refused, so a tenant can never rewrite the URL it is put in.
pub fn is_valid_tenant(tenant: &str) -> bool {
    let lower = tenant.to_ascii_lowercase();
    if ["common", "organizations", "consumers"].contains(&lower.as_str()) {
        return true;
    }
    is_guid(tenant) || is_domain_name(tenant)
}

fn is_guid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(group, len)| group.len() == len && group.chars().all(|c| c.is_ascii_hexdigit()))
}

fn is_domain_name(text: &str) -> bool {
    let labels: Vec<&str> = text.split('.').collect();
    text.len() <= 253
        && labels.len() >= 2
        && labels.iter().all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
        && labels
            .last()
            .is_some_and(|tld| tld.chars().any(|c| c.is_ascii_alphabetic()))
}

/// A test mailbox, as listed at start-up and on the sign-in page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailboxInfo {
    pub address: String,
    pub display_name: String,
    pub description: String,
}

/// The test mailboxes, in sign-in page order.
pub fn test_mailboxes() -> Vec<MailboxInfo> {
    accounts::ACCOUNTS
        .iter()
        .map(|account| MailboxInfo {
            address: account.address.to_owned(),
            display_name: account.display_name.to_owned(),
            description: account.description.to_owned(),
        })
        .collect()
}

/// State shared by every handler of one router.
#[derive(Debug)]
pub struct MicrosoftState {
    config: MicrosoftConfig,
    signer: tokens::TokenSigner,
    mailboxes: mailbox::MailboxCache,
    /// Ids of redeemed authorization codes, with their expiry (ms), for single use.
    redeemed_codes: Mutex<HashMap<String, u64>>,
    /// Graph requests running per (app, mailbox).
    graph_concurrency: graph::ConcurrencyLimits,
}

impl MicrosoftState {
    fn new(config: MicrosoftConfig) -> MicrosoftState {
        MicrosoftState {
            signer: tokens::TokenSigner::from_client_secret(&config.client_secret),
            mailboxes: mailbox::MailboxCache::new(config.mailbox_seed),
            redeemed_codes: Mutex::new(HashMap::new()),
            graph_concurrency: graph::ConcurrencyLimits::default(),
            config,
        }
    }

    /// Records the redemption of code `jti`; `false` when it was already redeemed.
    fn mark_code_redeemed(&self, jti: &str, expires_at_ms: u64, now_ms: u64) -> bool {
        let mut redeemed = self
            .redeemed_codes
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        redeemed.retain(|_, expiry| *expiry > now_ms);
        redeemed.insert(jti.to_owned(), expires_at_ms).is_none()
    }
}

type SharedState = Arc<MicrosoftState>;

/// The emulated Microsoft: identity platform and Graph, state inside.
pub fn router(config: MicrosoftConfig) -> Router {
    let state = Arc::new(MicrosoftState::new(config));
    Router::new()
        .route(
            "/{tenant}/oauth2/v2.0/authorize",
            get(identity::authorize_page).post(identity::authorize_pick),
        )
        .route(
            "/{tenant}/oauth2/v2.0/token",
            axum::routing::post(identity::token),
        )
        .route("/v1.0/me", get(graph::me))
        .route("/v1.0/me/mailFolders", get(graph::list_top_level_folders))
        .route("/v1.0/me/mailFolders/{folder_id}", get(graph::get_folder))
        .route(
            "/v1.0/me/mailFolders/{folder_id}/childFolders",
            get(graph::list_child_folders),
        )
        .route(
            "/v1.0/me/mailFolders/{folder_id}/messages",
            get(graph::list_messages),
        )
        .route("/v1.0/me/messages/{message_id}", get(graph::get_message))
        .route(
            "/v1.0/me/messages/{message_id}/attachments",
            get(graph::list_attachments),
        )
        .route(
            "/v1.0/me/outlook/masterCategories",
            get(graph::master_categories),
        )
        .route("/v1.0/{*rest}", get(graph::unknown_resource))
        .with_state(state)
}

#[cfg(test)]
mod tests {
    use super::is_valid_tenant;

    #[test]
    fn tenants_are_names_guids_or_domains_only() {
        for good in [
            "common",
            "Organizations",
            "consumers",
            "3b7a9c2e-5d41-4f6a-9b0c-0a1b2c3d4e5f",
            "contoso.onmicrosoft.com",
            "contoso.test",
            "xn--bcher-kva.example",
        ] {
            assert!(is_valid_tenant(good), "{good}");
        }
        for bad in [
            "",
            "//evil.example",
            "evil.example/x",
            "..",
            "a..b",
            "contoso",
            "evil.example?x=1",
            "evil.example#",
            "%2F%2Fevil.example",
            "evil .example",
            "-a.example",
            "1.2.3.4",
            "3b7a9c2e-5d41-4f6a-9b0c-0a1b2c3d4e5",
            "evil.example\\x",
        ] {
            assert!(!is_valid_tenant(bad), "{bad}");
        }
    }
}
