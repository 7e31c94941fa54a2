//! The emulated Microsoft side: identity platform v2.0 (authorize, token) and Graph mailbox, on its own origin.
//!
//! [`router`] serves everything on one origin, with its state inside ([`state`]; no dependency on the Carbon side):
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
pub mod state;
pub mod tenant;
pub mod tokens;

use axum::routing::get;
use axum::Router;
use std::sync::Arc;

pub use state::MicrosoftConfig;
pub use tenant::is_valid_tenant;

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

/// The emulated Microsoft: identity platform and Graph, state inside.
pub fn router(config: MicrosoftConfig) -> Router {
    let state = Arc::new(state::MicrosoftState::new(config));
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
