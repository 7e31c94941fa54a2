//! What the emulated Microsoft's handlers share: its configuration ([`MicrosoftConfig`]), the token signer, the
//! generated mailboxes, the redeemed codes and Graph's per-mailbox concurrency limits ([`ConcurrencyLimits`]).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use super::mailbox::MailboxCache;
use super::tokens::TokenSigner;

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

/// State shared by every handler of one router.
#[derive(Debug)]
pub struct MicrosoftState {
    pub(super) config: MicrosoftConfig,
    pub(super) signer: TokenSigner,
    pub(super) mailboxes: MailboxCache,
    /// Ids of redeemed authorization codes, with their expiry (ms), for single use.
    redeemed_codes: Mutex<HashMap<String, u64>>,
    /// Graph requests running per (app, mailbox).
    pub(super) graph_concurrency: ConcurrencyLimits,
}

impl MicrosoftState {
    pub(super) fn new(config: MicrosoftConfig) -> MicrosoftState {
        MicrosoftState {
            signer: TokenSigner::from_client_secret(&config.client_secret),
            mailboxes: MailboxCache::new(config.mailbox_seed),
            redeemed_codes: Mutex::new(HashMap::new()),
            graph_concurrency: ConcurrencyLimits::default(),
            config,
        }
    }

    /// Records the redemption of code `jti`; `false` when it was already redeemed.
    pub(super) fn mark_code_redeemed(&self, jti: &str, expires_at_ms: u64, now_ms: u64) -> bool {
        let mut redeemed = self
            .redeemed_codes
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        redeemed.retain(|_, expiry| *expiry > now_ms);
        redeemed.insert(jti.to_owned(), expires_at_ms).is_none()
    }
}

pub(super) type SharedState = Arc<MicrosoftState>;

/// Requests one app may have running at once against one mailbox (Graph's MailboxConcurrency
/// limit); one more is answered 429 `ApplicationThrottled` with `Retry-After`.
pub const MAILBOX_CONCURRENCY: usize = 4;
/// Running Graph requests per (app, mailbox).
#[derive(Debug, Default)]
pub struct ConcurrencyLimits {
    per_mailbox: Mutex<HashMap<(String, String), Arc<Semaphore>>>,
}

impl ConcurrencyLimits {
    /// A permit for one more request of `client_id` on `mailbox`; `None` when over the limit.
    pub fn try_enter(&self, client_id: &str, mailbox: &str) -> Option<OwnedSemaphorePermit> {
        let semaphore = {
            let mut per_mailbox = self
                .per_mailbox
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            Arc::clone(
                per_mailbox
                    .entry((client_id.to_owned(), mailbox.to_owned()))
                    .or_insert_with(|| Arc::new(Semaphore::new(MAILBOX_CONCURRENCY))),
            )
        };
        semaphore.try_acquire_owned().ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn concurrency_is_limited_per_app_and_mailbox() {
        let limits = ConcurrencyLimits::default();
        let mut held: Vec<OwnedSemaphorePermit> = (0..MAILBOX_CONCURRENCY)
            .map(|_| limits.try_enter("app", "alex@contoso.test").unwrap())
            .collect();
        assert!(limits.try_enter("app", "alex@contoso.test").is_none());
        assert!(limits.try_enter("app", "big@contoso.test").is_some());
        assert!(limits.try_enter("other-app", "alex@contoso.test").is_some());
        held.pop();
        assert!(limits.try_enter("app", "alex@contoso.test").is_some());
    }
}
