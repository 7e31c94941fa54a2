//! Self-contained, HMAC-signed tokens (authorization codes, access and refresh tokens) and the
//! PKCE S256 check.
//!
//! A token is `<kind>.<base64url(JSON claims)>.<base64url(HMAC-SHA256)>`, signed with a key
//! derived from the client secret, so tokens survive a restart of the process and die with a
//! change of secret. The kind is part of the signed text: a refresh token is never accepted
//! where an access token is expected.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, KeyInit, Mac};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::time::{SystemTime, UNIX_EPOCH};

/// What a token is for; written as its first dot-separated part.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    AuthorizationCode,
    Access,
    Refresh,
}

impl TokenKind {
    fn prefix(self) -> &'static str {
        match self {
            TokenKind::AuthorizationCode => "M.C1",
            TokenKind::Access => "EwA1",
            TokenKind::Refresh => "M.R1",
        }
    }
}

/// Why a token was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenError {
    /// Not three parts, bad base64 or bad JSON.
    Malformed,
    /// Another kind of token (e.g. a refresh token used as an access token).
    WrongKind,
    /// Signed with another key, or altered.
    BadSignature,
    /// Past its expiry.
    Expired,
}

/// Claims of an authorization code.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct CodeClaims {
    /// The mailbox address that signed in.
    pub sub: String,
    pub client_id: String,
    pub redirect_uri: String,
    pub code_challenge: String,
    /// Granted scopes, space-separated, as requested.
    pub scope: String,
    /// The `nonce` of the authorize request, echoed in the `id_token`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nonce: Option<String>,
    /// Unique id, for single use.
    pub jti: String,
    pub exp_ms: u64,
}

/// Claims of an access or a refresh token.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct GrantClaims {
    pub sub: String,
    pub client_id: String,
    pub scope: String,
    pub jti: String,
    pub exp_ms: u64,
}

/// Anything with an expiry, checked by [`TokenSigner::verify`].
pub trait Expiring {
    fn expires_at_ms(&self) -> u64;
}

impl Expiring for CodeClaims {
    fn expires_at_ms(&self) -> u64 {
        self.exp_ms
    }
}

impl Expiring for GrantClaims {
    fn expires_at_ms(&self) -> u64 {
        self.exp_ms
    }
}

type HmacSha256 = Hmac<Sha256>;

/// Signs and verifies tokens with one key.
#[derive(Clone)]
pub struct TokenSigner {
    key: [u8; 32],
}

impl std::fmt::Debug for TokenSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TokenSigner(<key>)")
    }
}

impl TokenSigner {
    /// A signer whose key is derived from the client secret.
    pub fn from_client_secret(client_secret: &str) -> TokenSigner {
        let digest = Sha256::new()
            .chain_update(b"outlook-connect-sandbox token key\0")
            .chain_update(client_secret.as_bytes())
            .finalize();
        let mut key = [0u8; 32];
        key.copy_from_slice(&digest);
        TokenSigner { key }
    }

    fn mac(&self) -> HmacSha256 {
        <HmacSha256 as KeyInit>::new_from_slice(&self.key).expect("HMAC takes a key of any length")
    }

    /// A JWT (`HS256`, signed with this signer's key) carrying `claims`, as an `id_token`.
    /// Real Microsoft signs with RS256; clients of the sandbox read these claims, they do not
    /// verify the signature against Microsoft's keys.
    pub fn sign_jwt<C: Serialize>(&self, claims: &C) -> String {
        let header = URL_SAFE_NO_PAD.encode(br#"{"typ":"JWT","alg":"HS256"}"#);
        self.signed(&header, claims)
    }

    /// The signed token for `claims`.
    pub fn sign<C: Serialize>(&self, kind: TokenKind, claims: &C) -> String {
        self.signed(kind.prefix(), claims)
    }

    /// `<prefix>.<base64url(JSON claims)>.<base64url(HMAC of what precedes)>`.
    fn signed<C: Serialize>(&self, prefix: &str, claims: &C) -> String {
        let json = serde_json::to_vec(claims).expect("claims serialize to JSON");
        let signed_text = format!("{prefix}.{}", URL_SAFE_NO_PAD.encode(json));
        let mut mac = self.mac();
        mac.update(signed_text.as_bytes());
        let signature = URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes());
        format!("{signed_text}.{signature}")
    }

    /// The claims of `token` if it is a well-formed, untampered, unexpired token of `kind`.
    pub fn verify<C: DeserializeOwned + Expiring>(
        &self,
        kind: TokenKind,
        token: &str,
        now_ms: u64,
    ) -> Result<C, TokenError> {
        let (signed_text, signature) = token.rsplit_once('.').ok_or(TokenError::Malformed)?;
        let (prefix, payload) = signed_text.rsplit_once('.').ok_or(TokenError::Malformed)?;
        let signature = URL_SAFE_NO_PAD
            .decode(signature)
            .map_err(|_| TokenError::Malformed)?;
        let mut mac = self.mac();
        mac.update(signed_text.as_bytes());
        mac.verify_slice(&signature)
            .map_err(|_| TokenError::BadSignature)?;
        if prefix != kind.prefix() {
            return Err(TokenError::WrongKind);
        }
        let json = URL_SAFE_NO_PAD
            .decode(payload)
            .map_err(|_| TokenError::Malformed)?;
        let claims: C = serde_json::from_slice(&json).map_err(|_| TokenError::Malformed)?;
        if claims.expires_at_ms() <= now_ms {
            return Err(TokenError::Expired);
        }
        Ok(claims)
    }
}

/// `BASE64URL(SHA256(text))`, no padding.
pub fn base64url_sha256(text: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(text.as_bytes()))
}

/// The S256 code challenge of a PKCE code verifier: `BASE64URL(SHA256(verifier))`.
pub fn s256_challenge(code_verifier: &str) -> String {
    base64url_sha256(code_verifier)
}

/// Whether `verifier` is a valid PKCE code verifier (RFC 7636: 43–128 unreserved characters).
pub fn is_valid_code_verifier(verifier: &str) -> bool {
    (43..=128).contains(&verifier.len())
        && verifier
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~'))
}

/// Whether `challenge` looks like an S256 challenge (43 base64url characters).
pub fn is_valid_s256_challenge(challenge: &str) -> bool {
    challenge.len() == 43
        && challenge
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_'))
}

/// Milliseconds since the Unix epoch, now.
pub fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_millis() as u64)
}

/// A fresh random id for a token.
pub fn fresh_token_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims(exp_ms: u64) -> GrantClaims {
        GrantClaims {
            sub: "alex@contoso.test".into(),
            client_id: "app".into(),
            scope: "Mail.Read".into(),
            jti: fresh_token_id(),
            exp_ms,
        }
    }

    #[test]
    fn a_signed_token_verifies_until_it_expires() {
        let signer = TokenSigner::from_client_secret("secret");
        let token = signer.sign(TokenKind::Access, &claims(1_000));
        let verified: GrantClaims = signer.verify(TokenKind::Access, &token, 999).unwrap();
        assert_eq!(verified.sub, "alex@contoso.test");
        assert_eq!(
            signer.verify::<GrantClaims>(TokenKind::Access, &token, 1_000),
            Err(TokenError::Expired)
        );
    }

    #[test]
    fn other_kinds_other_keys_and_tampering_are_refused() {
        let signer = TokenSigner::from_client_secret("secret");
        let token = signer.sign(TokenKind::Refresh, &claims(u64::MAX));
        assert_eq!(
            signer.verify::<GrantClaims>(TokenKind::Access, &token, 0),
            Err(TokenError::WrongKind)
        );
        let other = TokenSigner::from_client_secret("other");
        assert_eq!(
            other.verify::<GrantClaims>(TokenKind::Refresh, &token, 0),
            Err(TokenError::BadSignature)
        );
        let mut tampered = token.clone();
        tampered.insert(8, 'x');
        assert!(signer
            .verify::<GrantClaims>(TokenKind::Refresh, &tampered, 0)
            .is_err());
        assert_eq!(
            signer.verify::<GrantClaims>(TokenKind::Refresh, "garbage", 0),
            Err(TokenError::Malformed)
        );
    }

    #[test]
    fn s256_matches_the_rfc_7636_example() {
        assert_eq!(
            s256_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
        assert!(is_valid_code_verifier(
            "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
        ));
        assert!(!is_valid_code_verifier("short"));
        assert!(is_valid_s256_challenge(
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        ));
    }
}
