//! The emulated identity platform v2.0, with Microsoft's behaviour and error shapes:
//!
//! - `GET /{tenant}/oauth2/v2.0/authorize` checks the tenant, the client id, the redirect URI (absolute
//!   http(s), no fragment, and registered for the client: `AADSTS50011` otherwise), `response_type=code`,
//!   scope and the PKCE S256 challenge — any failure is an error page, never a redirect — then shows the
//!   account picker, whose form posts back to this origin only (relative action, CSP `form-action`);
//!   `prompt=none` redirects with `error=login_required` (there is never a session to reuse).
//! - `POST` of the same path (the picker's form) redirects (303) with a code and the `state`, or
//!   with `error=access_denied` for the mailbox that declines consent.
//! - `POST /{tenant}/oauth2/v2.0/token`: `authorization_code` (code single-use, 10 minutes, bound
//!   to client and redirect URI, PKCE verifier checked) and `refresh_token`; client secret by form
//!   (`client_secret_post`) or `Authorization: Basic`; an `id_token` when `openid` was asked, a
//!   refresh token when `offline_access` was. Errors: 400 `{error, error_description, …}`.

use super::accounts::{account, user_id, SignInBehaviour};
use super::signin_page::{error_page, sign_in_page, HiddenFields};
use super::state::SharedState;
use super::tenant::is_valid_tenant;
use super::tokens::{
    base64url_sha256, fresh_token_id, is_valid_code_verifier, is_valid_s256_challenge, now_ms,
    s256_challenge, CodeClaims, GrantClaims, TokenError, TokenKind,
};
use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::{Form, Json};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde::Deserialize;
use serde_json::json;
use std::time::Duration;
use url::Url;

/// How long an authorization code can be redeemed (Microsoft: 10 minutes).
pub const CODE_TTL: Duration = Duration::from_secs(10 * 60);
/// How long a refresh token lives (Microsoft: 90 days for most apps).
pub const REFRESH_TOKEN_TTL: Duration = Duration::from_secs(90 * 24 * 3600);

/// The parameters of an authorize request (query of the GET, form of the POST).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AuthorizeParams {
    client_id: Option<String>,
    response_type: Option<String>,
    redirect_uri: Option<String>,
    scope: Option<String>,
    state: Option<String>,
    code_challenge: Option<String>,
    code_challenge_method: Option<String>,
    response_mode: Option<String>,
    nonce: Option<String>,
    /// `none` asks for a silent sign-in, which needs a session the emulation never has.
    prompt: Option<String>,
    /// The account picked on the sign-in page (POST only).
    login_hint: Option<String>,
}

/// An authorize request whose client, redirect URI and PKCE challenge were checked.
#[derive(Debug)]
struct AuthorizeRequest {
    client_id: String,
    redirect_uri: Url,
    scope: String,
    state: Option<String>,
    code_challenge: String,
    nonce: Option<String>,
}

/// An authorize request that cannot go back to the app: shown as an error page.
#[derive(Debug)]
struct AuthorizeError {
    error: &'static str,
    description: String,
}

fn authorize_error(error: &'static str, description: impl Into<String>) -> AuthorizeError {
    AuthorizeError {
        error,
        description: description.into(),
    }
}

fn required<'a>(value: &'a Option<String>, name: &str) -> Result<&'a str, AuthorizeError> {
    match value.as_deref().map(str::trim) {
        Some(value) if !value.is_empty() => Ok(value),
        _ => Err(authorize_error(
            "invalid_request",
            format!(
                "AADSTS900144: The request body must contain the following parameter: '{name}'."
            ),
        )),
    }
}

/// The identity platform's answer to a `{tenant}` segment that is no tenant.
fn tenant_error(tenant: &str) -> String {
    format!(
        "AADSTS90002: Tenant '{tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud."
    )
}

fn validate_authorize(
    tenant: &str,
    params: &AuthorizeParams,
    state: &SharedState,
) -> Result<AuthorizeRequest, AuthorizeError> {
    if !is_valid_tenant(tenant) {
        return Err(authorize_error("invalid_request", tenant_error(tenant)));
    }
    let client_id = required(&params.client_id, "client_id")?;
    if client_id != state.config.client_id {
        return Err(authorize_error(
            "unauthorized_client",
            format!(
                "AADSTS700016: Application with identifier '{client_id}' was not found in the directory 'common'."
            ),
        ));
    }
    let redirect_text = required(&params.redirect_uri, "redirect_uri")?;
    let redirect_uri = Url::parse(redirect_text)
        .ok()
        .filter(|url| matches!(url.scheme(), "http" | "https") && url.fragment().is_none() && url.host().is_some())
        .ok_or_else(|| {
            authorize_error(
                "invalid_request",
                format!(
                    "AADSTS90102: 'redirect_uri' value must be a valid absolute http or https URI without a fragment, got '{redirect_text}'."
                ),
            )
        })?;
    let registered = state
        .config
        .redirect_uris
        .iter()
        .filter_map(|uri| Url::parse(uri).ok())
        .any(|uri| uri == redirect_uri);
    if !registered {
        return Err(authorize_error(
            "invalid_request",
            format!(
                "AADSTS50011: The redirect URI '{redirect_uri}' specified in the request does not match the redirect URIs configured for the application '{client_id}'. Make sure the redirect URI sent in the request matches one added to your application in the Azure portal."
            ),
        ));
    }
    let response_type = required(&params.response_type, "response_type")?;
    if response_type != "code" {
        return Err(authorize_error(
            "unsupported_response_type",
            format!("AADSTS700054: response_type must be 'code', got '{response_type}'."),
        ));
    }
    if let Some(mode) = params.response_mode.as_deref() {
        if mode != "query" {
            return Err(authorize_error(
                "invalid_request",
                format!("response_mode must be 'query' in the sandbox, got '{mode}'."),
            ));
        }
    }
    let scope = required(&params.scope, "scope")?;
    let code_challenge = required(&params.code_challenge, "code_challenge").map_err(|_| {
        authorize_error(
            "invalid_request",
            "AADSTS9002325: Proof Key for Code Exchange is required: 'code_challenge' is missing.",
        )
    })?;
    match params.code_challenge_method.as_deref() {
        Some("S256") => {}
        other => {
            return Err(authorize_error(
                "invalid_request",
                format!(
                    "AADSTS501491: 'code_challenge_method' must be 'S256', got '{}'.",
                    other.unwrap_or("(missing)")
                ),
            ))
        }
    }
    if !is_valid_s256_challenge(code_challenge) {
        return Err(authorize_error(
            "invalid_request",
            "AADSTS501491: 'code_challenge' must be 43 base64url characters (BASE64URL(SHA256(code_verifier))).",
        ));
    }
    Ok(AuthorizeRequest {
        client_id: client_id.to_owned(),
        redirect_uri,
        scope: scope.split_whitespace().collect::<Vec<_>>().join(" "),
        state: params.state.clone(),
        code_challenge: code_challenge.to_owned(),
        nonce: params.nonce.clone(),
    })
}

/// Adds the headers every identity page carries (COOP like Microsoft's, no caching, no framing, and forms that
/// can post only to this origin — whose answer may redirect to `redirect_origin`, a registered redirect URI's).
fn with_page_headers(
    state: &SharedState,
    redirect_origin: Option<&Url>,
    mut response: Response,
) -> Response {
    let headers = response.headers_mut();
    if state.config.coop {
        headers.insert(
            "cross-origin-opener-policy",
            HeaderValue::from_static("same-origin"),
        );
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    let form_action = match redirect_origin.map(|url| url.origin()) {
        Some(origin) if origin.is_tuple() => format!("'self' {}", origin.ascii_serialization()),
        _ => "'self'".to_owned(),
    };
    let csp = format!(
        "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action {form_action}; frame-ancestors 'none'"
    );
    if let Ok(value) = HeaderValue::from_str(&csp) {
        headers.insert(header::CONTENT_SECURITY_POLICY, value);
    }
    response
}

fn error_page_response(state: &SharedState, error: &AuthorizeError) -> Response {
    let page = Html(error_page(error.error, &error.description));
    with_page_headers(state, None, (StatusCode::BAD_REQUEST, page).into_response())
}

/// `GET /{tenant}/oauth2/v2.0/authorize`: the account picker, or an error page.
pub async fn authorize_page(
    State(state): State<SharedState>,
    Path(tenant): Path<String>,
    params: Result<Query<AuthorizeParams>, QueryRejection>,
) -> Response {
    let params = match params {
        Ok(Query(params)) => params,
        Err(rejection) => {
            let error = authorize_error("invalid_request", rejection.body_text());
            return error_page_response(&state, &error);
        }
    };
    let request = match validate_authorize(&tenant, &params, &state) {
        Ok(request) => request,
        Err(error) => return error_page_response(&state, &error),
    };
    if params.prompt.as_deref() == Some("none") {
        let description =
            "AADSTS50058: A silent sign-in request was sent but no user is signed in.";
        return redirect_to_app(
            &state,
            &request,
            &[
                ("error", "login_required"),
                ("error_description", description),
            ],
        );
    }
    let mut hidden = vec![
        ("client_id", request.client_id.as_str()),
        ("response_type", "code"),
        ("redirect_uri", request.redirect_uri.as_str()),
        ("scope", request.scope.as_str()),
        ("code_challenge", request.code_challenge.as_str()),
        ("code_challenge_method", "S256"),
        ("response_mode", "query"),
    ];
    if let Some(client_state) = request.state.as_deref() {
        hidden.push(("state", client_state));
    }
    if let Some(nonce) = request.nonce.as_deref() {
        hidden.push(("nonce", nonce));
    }
    // A path on this origin, built from the (validated) tenant as one encoded segment: never `//host/…`.
    let action = format!(
        "/{}/oauth2/v2.0/authorize",
        url::form_urlencoded::byte_serialize(tenant.as_bytes()).collect::<String>()
    );
    let html = sign_in_page(
        &request.client_id,
        &request.scope,
        &action,
        &HiddenFields(hidden),
    );
    with_page_headers(
        &state,
        Some(&request.redirect_uri),
        Html(html).into_response(),
    )
}

/// `POST /{tenant}/oauth2/v2.0/authorize`: the account was picked; redirect (303) to the app
/// with a code, or with `error=access_denied` for the mailbox that declines consent.
pub async fn authorize_pick(
    State(state): State<SharedState>,
    Path(tenant): Path<String>,
    params: Result<Form<AuthorizeParams>, FormRejection>,
) -> Response {
    let params = match params {
        Ok(Form(params)) => params,
        Err(rejection) => {
            let error = authorize_error("invalid_request", rejection.body_text());
            return error_page_response(&state, &error);
        }
    };
    let request = match validate_authorize(&tenant, &params, &state) {
        Ok(request) => request,
        Err(error) => return error_page_response(&state, &error),
    };
    let picked = params.login_hint.as_deref().unwrap_or_default();
    let Some(account) = account(picked) else {
        let error = authorize_error(
            "invalid_request",
            format!("AADSTS50034: The user account '{picked}' does not exist in the directory."),
        );
        return error_page_response(&state, &error);
    };
    if account.behaviour == SignInBehaviour::DeniesConsent {
        let description = "AADSTS65004: User declined to consent to access the app.";
        return redirect_to_app(
            &state,
            &request,
            &[
                ("error", "access_denied"),
                ("error_description", description),
            ],
        );
    }
    let claims = CodeClaims {
        sub: account.address.to_owned(),
        client_id: request.client_id.clone(),
        redirect_uri: request.redirect_uri.to_string(),
        code_challenge: request.code_challenge.clone(),
        scope: request.scope.clone(),
        nonce: request.nonce.clone(),
        jti: fresh_token_id(),
        exp_ms: now_ms() + CODE_TTL.as_millis() as u64,
    };
    let code = state.signer.sign(TokenKind::AuthorizationCode, &claims);
    redirect_to_app(&state, &request, &[("code", &code)])
}

/// 303 to the (validated) redirect URI with `pairs` and the client's `state` added to its query.
fn redirect_to_app(
    state: &SharedState,
    request: &AuthorizeRequest,
    pairs: &[(&str, &str)],
) -> Response {
    let mut target = request.redirect_uri.clone();
    {
        let mut query = target.query_pairs_mut();
        query.extend_pairs(pairs);
        if let Some(client_state) = request.state.as_deref() {
            query.append_pair("state", client_state);
        }
    }
    with_page_headers(state, None, Redirect::to(target.as_str()).into_response())
}

/// A `/token` error, answered as Microsoft does: 400 with `error` and `error_description`.
#[derive(Debug)]
pub struct OAuthError {
    error: &'static str,
    description: String,
}

impl OAuthError {
    fn invalid_request(description: impl Into<String>) -> OAuthError {
        OAuthError {
            error: "invalid_request",
            description: description.into(),
        }
    }
    fn invalid_grant(description: impl Into<String>) -> OAuthError {
        OAuthError {
            error: "invalid_grant",
            description: description.into(),
        }
    }
    fn invalid_client(description: impl Into<String>) -> OAuthError {
        OAuthError {
            error: "invalid_client",
            description: description.into(),
        }
    }
}

impl IntoResponse for OAuthError {
    fn into_response(self) -> Response {
        let body = json!({
            "error": self.error,
            "error_description": self.description,
            "timestamp": time::OffsetDateTime::now_utc()
                .format(&time::format_description::well_known::Rfc3339)
                .unwrap_or_default(),
            "trace_id": uuid::Uuid::new_v4().to_string(),
            "correlation_id": uuid::Uuid::new_v4().to_string(),
        });
        let mut response = (StatusCode::BAD_REQUEST, Json(body)).into_response();
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        response
    }
}

/// The form of a `/token` request.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct TokenParams {
    grant_type: Option<String>,
    code: Option<String>,
    redirect_uri: Option<String>,
    client_id: Option<String>,
    client_secret: Option<String>,
    code_verifier: Option<String>,
    refresh_token: Option<String>,
    scope: Option<String>,
}

fn token_param<'a>(value: &'a Option<String>, name: &str) -> Result<&'a str, OAuthError> {
    match value.as_deref() {
        Some(value) if !value.is_empty() => Ok(value),
        _ => Err(OAuthError::invalid_request(format!(
            "AADSTS900144: The request body must contain the following parameter: '{name}'."
        ))),
    }
}

/// `POST /{tenant}/oauth2/v2.0/token`.
/// Client authentication: `client_secret_post` (form fields) or `client_secret_basic`
/// (`Authorization: Basic base64(client_id:client_secret)`, taken verbatim, no URL-decoding).
pub async fn token(
    State(state): State<SharedState>,
    Path(tenant): Path<String>,
    headers: HeaderMap,
    form: Result<Form<TokenParams>, FormRejection>,
) -> Result<Json<serde_json::Value>, OAuthError> {
    if !is_valid_tenant(&tenant) {
        return Err(OAuthError {
            error: "invalid_request",
            description: tenant_error(&tenant),
        });
    }
    let Form(mut params) = form.map_err(|rejection| {
        OAuthError::invalid_request(format!(
            "AADSTS900144: the body must be application/x-www-form-urlencoded: {}",
            rejection.body_text()
        ))
    })?;
    if let Some((client_id, client_secret)) = basic_credentials(&headers)? {
        if params
            .client_id
            .as_deref()
            .is_some_and(|id| id != client_id)
        {
            return Err(OAuthError::invalid_request(
                "AADSTS90014: client_id in the body differs from the one in the Authorization header.",
            ));
        }
        params.client_id = Some(client_id);
        params.client_secret = Some(client_secret);
    }
    authenticate_client(&state, &params)?;
    let grant_type = token_param(&params.grant_type, "grant_type")?;
    let now = now_ms();
    let grant = match grant_type {
        "authorization_code" => redeem_code(&state, &params, now)?,
        "refresh_token" => redeem_refresh_token(&state, &params, now)?,
        other => {
            return Err(OAuthError {
                error: "unsupported_grant_type",
                description: format!(
                    "AADSTS70003: The app requested an unsupported grant type '{other}'; use authorization_code or refresh_token."
                ),
            })
        }
    };
    Ok(Json(issue_tokens(&state, grant, now)))
}

/// `client_id` and `client_secret` from an `Authorization: Basic` header, if there is one.
fn basic_credentials(headers: &HeaderMap) -> Result<Option<(String, String)>, OAuthError> {
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return Ok(None);
    };
    let malformed = || {
        OAuthError::invalid_client(
            "AADSTS7000216: The Authorization header must be 'Basic base64(client_id:client_secret)'.",
        )
    };
    let text = value.to_str().map_err(|_| malformed())?.trim();
    let Some((scheme, encoded)) = text.split_once(' ') else {
        return Err(malformed());
    };
    if !scheme.eq_ignore_ascii_case("basic") {
        return Err(malformed());
    }
    let decoded = STANDARD.decode(encoded.trim()).map_err(|_| malformed())?;
    let decoded = String::from_utf8(decoded).map_err(|_| malformed())?;
    let (client_id, client_secret) = decoded.split_once(':').ok_or_else(malformed)?;
    Ok(Some((client_id.to_owned(), client_secret.to_owned())))
}

/// What a redeemed code or refresh token grants.
#[derive(Debug)]
struct Grant {
    /// The mailbox address.
    subject: String,
    scope: String,
    nonce: Option<String>,
}

fn authenticate_client(state: &SharedState, params: &TokenParams) -> Result<(), OAuthError> {
    let client_id = token_param(&params.client_id, "client_id")?;
    if client_id != state.config.client_id {
        return Err(OAuthError::invalid_client(format!(
            "AADSTS700016: Application with identifier '{client_id}' was not found in the directory 'common'."
        )));
    }
    match params.client_secret.as_deref() {
        None | Some("") => Err(OAuthError::invalid_client(
            "AADSTS7000218: The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
        )),
        Some(secret) if secret != state.config.client_secret => Err(OAuthError::invalid_client(
            "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.",
        )),
        Some(_) => Ok(()),
    }
}

fn describe_token_error(what: &str, error: TokenError) -> String {
    match error {
        TokenError::Expired => format!("AADSTS70008: The provided {what} has expired."),
        TokenError::Malformed | TokenError::WrongKind | TokenError::BadSignature => {
            format!("AADSTS9002313: Invalid request. The {what} is malformed or was not issued to this client.")
        }
    }
}

fn redeem_code(state: &SharedState, params: &TokenParams, now: u64) -> Result<Grant, OAuthError> {
    let code = token_param(&params.code, "code")?;
    let redirect_uri = token_param(&params.redirect_uri, "redirect_uri")?;
    let code_verifier = token_param(&params.code_verifier, "code_verifier")?;
    let claims: CodeClaims = state
        .signer
        .verify(TokenKind::AuthorizationCode, code, now)
        .map_err(|error| {
            OAuthError::invalid_grant(describe_token_error("authorization code", error))
        })?;
    if claims.client_id != state.config.client_id {
        return Err(OAuthError::invalid_grant(
            "AADSTS70000: The authorization code was issued to another client.",
        ));
    }
    let redirect_matches =
        Url::parse(redirect_uri).is_ok_and(|url| url.as_str() == claims.redirect_uri);
    if !redirect_matches {
        return Err(OAuthError::invalid_grant(format!(
            "AADSTS50148: The redirect_uri '{redirect_uri}' does not match the one of the authorization request."
        )));
    }
    if !is_valid_code_verifier(code_verifier) {
        return Err(OAuthError::invalid_request(
            "AADSTS501491: 'code_verifier' must be 43 to 128 characters from A-Z a-z 0-9 - . _ ~.",
        ));
    }
    if s256_challenge(code_verifier) != claims.code_challenge {
        return Err(OAuthError::invalid_grant(
            "AADSTS501481: The Code_Verifier does not match the code_challenge supplied in the authorization request.",
        ));
    }
    if !state.mark_code_redeemed(&claims.jti, claims.exp_ms, now) {
        return Err(OAuthError::invalid_grant(
            "AADSTS54005: OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.",
        ));
    }
    if account(&claims.sub).is_some_and(|a| a.behaviour == SignInBehaviour::TokenExchangeFails) {
        return Err(OAuthError::invalid_grant(
            "AADSTS50000: There was an error issuing a token or an issue with our sign-in service. (sandbox: this mailbox always fails the token exchange)",
        ));
    }
    Ok(Grant {
        subject: claims.sub,
        scope: claims.scope,
        nonce: claims.nonce,
    })
}

fn redeem_refresh_token(
    state: &SharedState,
    params: &TokenParams,
    now: u64,
) -> Result<Grant, OAuthError> {
    let refresh_token = token_param(&params.refresh_token, "refresh_token")?;
    let claims: GrantClaims = state
        .signer
        .verify(TokenKind::Refresh, refresh_token, now)
        .map_err(|error| OAuthError::invalid_grant(describe_token_error("refresh token", error)))?;
    if claims.client_id != state.config.client_id {
        return Err(OAuthError::invalid_grant(
            "AADSTS700005: The refresh token was issued to another client.",
        ));
    }
    let scope = match params.scope.as_deref().map(str::trim) {
        None | Some("") => claims.scope,
        Some(requested) => {
            let granted: Vec<&str> = claims.scope.split_whitespace().collect();
            if let Some(extra) = requested
                .split_whitespace()
                .find(|scope| !granted.iter().any(|g| g.eq_ignore_ascii_case(scope)))
            {
                return Err(OAuthError::invalid_grant(format!(
                    "AADSTS65001: The user has not consented to scope '{extra}' for this application."
                )));
            }
            requested.split_whitespace().collect::<Vec<_>>().join(" ")
        }
    };
    Ok(Grant {
        subject: claims.sub,
        scope,
        nonce: None,
    })
}

/// Whether the space-separated `scope` contains `wanted` (ignoring ASCII case).
pub fn scope_contains(scope: &str, wanted: &str) -> bool {
    scope.split_whitespace().any(|scope| {
        scope
            .strip_prefix("https://graph.microsoft.com/")
            .unwrap_or(scope)
            .eq_ignore_ascii_case(wanted)
    })
}

/// The directory (tenant) id the emulated accounts belong to.
pub const TENANT_ID: &str = "3b7a9c2e-5d41-4f6a-9b0c-0a1b2c3d4e5f";

fn issue_tokens(state: &SharedState, grant: Grant, now: u64) -> serde_json::Value {
    let Grant {
        subject,
        scope,
        nonce,
    } = grant;
    let ttl_ms = state.config.access_token_ttl.as_millis() as u64;
    let access = GrantClaims {
        sub: subject.clone(),
        client_id: state.config.client_id.clone(),
        scope: scope.clone(),
        jti: fresh_token_id(),
        exp_ms: now + ttl_ms,
    };
    let expires_in = ttl_ms.div_ceil(1000);
    let granted_scope: Vec<&str> = scope
        .split_whitespace()
        .filter(|scope| !scope.eq_ignore_ascii_case("offline_access"))
        .collect();
    let mut body = json!({
        "token_type": "Bearer",
        "scope": granted_scope.join(" "),
        "expires_in": expires_in,
        "ext_expires_in": expires_in,
        "access_token": state.signer.sign(TokenKind::Access, &access),
    });
    if scope_contains(&scope, "openid") {
        body["id_token"] = json!(id_token(state, &subject, nonce, now));
    }
    if scope_contains(&scope, "offline_access") {
        let refresh = GrantClaims {
            sub: subject,
            client_id: state.config.client_id.clone(),
            scope,
            jti: fresh_token_id(),
            exp_ms: now + REFRESH_TOKEN_TTL.as_millis() as u64,
        };
        body["refresh_token"] = json!(state.signer.sign(TokenKind::Refresh, &refresh));
    }
    body
}

/// An OpenID Connect `id_token` for `subject` (claims of Microsoft's v2.0 id tokens).
fn id_token(state: &SharedState, subject: &str, nonce: Option<String>, now: u64) -> String {
    let display_name = account(subject).map_or(subject, |account| account.display_name);
    let issued_at = now / 1000;
    let mut claims = json!({
        "ver": "2.0",
        "iss": format!("https://login.microsoftonline.com/{TENANT_ID}/v2.0"),
        "aud": state.config.client_id,
        "iat": issued_at,
        "nbf": issued_at,
        "exp": issued_at + 3600,
        "tid": TENANT_ID,
        "oid": user_id(state.config.mailbox_seed, subject),
        // Pairwise subject: stable per user and app, as Microsoft's.
        "sub": base64url_sha256(&format!("{}|{subject}", state.config.client_id)),
        "name": display_name,
        "preferred_username": subject,
        "email": subject,
    });
    if let Some(nonce) = nonce {
        claims["nonce"] = json!(nonce);
    }
    state.signer.sign_jwt(&claims)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::microsoft::accounts::ALEX;
    use crate::microsoft::state::{MicrosoftConfig, MicrosoftState};
    use std::sync::Arc;

    const REDIRECT: &str = "http://127.0.0.1/callback";

    fn code_request(state: &SharedState, issued_at_ms: u64) -> TokenParams {
        let verifier = "v".repeat(43);
        let claims = CodeClaims {
            sub: ALEX.to_owned(),
            client_id: state.config.client_id.clone(),
            redirect_uri: REDIRECT.to_owned(),
            code_challenge: s256_challenge(&verifier),
            scope: "Mail.Read openid".to_owned(),
            nonce: Some("n-0S6_WzA2Mj".to_owned()),
            jti: fresh_token_id(),
            exp_ms: issued_at_ms + CODE_TTL.as_millis() as u64,
        };
        TokenParams {
            code: Some(state.signer.sign(TokenKind::AuthorizationCode, &claims)),
            redirect_uri: Some(REDIRECT.to_owned()),
            code_verifier: Some(verifier),
            ..TokenParams::default()
        }
    }

    #[test]
    fn a_code_lives_ten_minutes() {
        let state: SharedState = Arc::new(MicrosoftState::new(MicrosoftConfig::default()));
        let issued_at = 1_000_000;
        let ttl = CODE_TTL.as_millis() as u64;
        let late =
            redeem_code(&state, &code_request(&state, issued_at), issued_at + ttl).unwrap_err();
        assert_eq!(late.error, "invalid_grant");
        assert!(late.description.contains("expired"), "{}", late.description);
        let in_time = redeem_code(
            &state,
            &code_request(&state, issued_at),
            issued_at + ttl - 1,
        );
        assert_eq!(in_time.unwrap().subject, ALEX);
    }

    #[test]
    fn id_token_carries_the_user_and_the_nonce() {
        let state: SharedState = Arc::new(MicrosoftState::new(MicrosoftConfig::default()));
        let grant = redeem_code(&state, &code_request(&state, 0), 1).unwrap();
        let body = issue_tokens(&state, grant, 1);
        let id_token = body["id_token"].as_str().unwrap();
        let payload = id_token.split('.').nth(1).unwrap();
        let claims: serde_json::Value = serde_json::from_slice(
            &base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(payload)
                .unwrap(),
        )
        .unwrap();
        assert_eq!(claims["preferred_username"], ALEX);
        assert_eq!(claims["nonce"], "n-0S6_WzA2Mj");
        assert_eq!(claims["aud"], state.config.client_id.as_str());
        assert_eq!(claims["oid"], user_id(state.config.mailbox_seed, ALEX));
        assert!(
            body.get("refresh_token").is_none(),
            "no offline_access asked"
        );
    }
}
