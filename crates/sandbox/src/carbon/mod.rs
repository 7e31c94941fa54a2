//! The Carbon-compatible API origin: the contract's endpoints (contract/carbon-openapi.json), CORS for browser callers, and
//! FastAPI's answers for unknown paths and methods. Bodies over `validation::MAX_BODY_BYTES` (1 MiB) are refused
//! with 413 before they are parsed. A request runs to its end even when its caller goes away, as on Carbon's
//! server.

pub mod data_sources;
pub mod files;
pub mod oauth;
pub mod outlook;

use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{header, HeaderMap, HeaderName, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};
use tower_http::cors::{Any, CorsLayer};

use crate::auth::{api_key_caller_for_minting, mint_access_token};
use crate::error::ApiError;
use crate::state::ApiState;
use crate::validation::MAX_BODY_BYTES;

/// Every contract endpoint, with CORS open to any origin (auth is by header, never by cookie).
pub fn router(state: ApiState) -> Router {
    Router::new()
        .route("/auth/v1/access_token", get(access_token))
        .route("/integrations/oauth_url", post(oauth::oauth_url))
        .route("/integrations/outlook", get(oauth::oauth_callback))
        .route("/integrations/outlook/sync", post(outlook::sync))
        .route(
            "/integrations/outlook/user_folders",
            get(outlook::user_folders),
        )
        .route(
            "/integrations/outlook/user_categories",
            get(outlook::user_categories),
        )
        .route("/user_data_sources", post(data_sources::list_data_sources))
        .route("/user_files_v2", post(files::list_files))
        .route("/resync_file", post(files::resync_file))
        .route("/delete_files", post(files::delete_files))
        .route("/delete_files_v2", post(files::delete_files_v2))
        .route(
            "/revoke_access_token",
            post(data_sources::revoke_access_token),
        )
        .route("/update_users", post(data_sources::update_users))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(state)
        .layer(middleware::from_fn(run_to_completion))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(cors())
}

/// Runs each request in a task of its own. hyper drops a handler's future when its client disconnects, so a
/// popup closed while its OAuth callback answers (the person closing it as soon as the address changes), or a
/// widget destroyed during a sync request, would stop the work halfway: no data source after a finished
/// sign-in. Carbon's server finishes such a request; so does this one.
async fn run_to_completion(request: Request, next: Next) -> Response {
    match tokio::spawn(next.run(request)).await {
        Ok(response) => response,
        Err(stopped) => {
            ApiError::Internal(format!("a request's handler stopped: {stopped}")).into_response()
        }
    }
}

/// How long a browser may reuse a preflight answer: 7,200 s (2 h), the most Chromium honours (Firefox takes up to
/// 24 h, Safari caps at 10 min). The widget's calls carry `authorization`, so each is preflighted; with this a
/// browser sends one preflight per endpoint (URL and method) instead of one before every call.
pub const PREFLIGHT_MAX_AGE: std::time::Duration = std::time::Duration::from_secs(7200);

/// CORS for the widget, which is embedded on any origin. `Retry-After` is exposed so a browser client can honour
/// a 429's wait instead of guessing with backoff; preflights are cached for [`PREFLIGHT_MAX_AGE`].
pub fn cors() -> CorsLayer {
    CorsLayer::new()
        .allow_origin(Any)
        .expose_headers([header::RETRY_AFTER])
        .allow_methods([Method::GET, Method::POST, Method::DELETE, Method::OPTIONS])
        .allow_headers([
            header::AUTHORIZATION,
            HeaderName::from_static("customer-id"),
            header::CONTENT_TYPE,
        ])
        .max_age(PREFLIGHT_MAX_AGE)
}

/// `GET /auth/v1/access_token`: a customer access token (10 h) for the API key's `customer-id`.
async fn access_token(
    State(state): State<ApiState>,
    headers: HeaderMap,
) -> Result<Json<Value>, ApiError> {
    let customer = api_key_caller_for_minting(&headers, &state).await?;
    let (access_token, refresh_token) = mint_access_token(&state, &customer).await?;
    Ok(Json(
        json!({ "access_token": access_token, "refresh_token": refresh_token }),
    ))
}

async fn not_found() -> impl IntoResponse {
    (
        StatusCode::NOT_FOUND,
        Json(json!({ "detail": "Not Found" })),
    )
}

async fn method_not_allowed() -> impl IntoResponse {
    (
        StatusCode::METHOD_NOT_ALLOWED,
        Json(json!({ "detail": "Method Not Allowed" })),
    )
}
