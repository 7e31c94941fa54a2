//! Who is calling: the organization's API key (`authorization: Bearer <key>` + `customer-id`) or a customer access
//! token (`authorization: Token <t>`, 10 hours, minted by `GET /auth/v1/access_token`). Customers are rows created on
//! first sight; every Carbon query is scoped to the caller's customer row.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::HeaderMap;
use rusqlite::OptionalExtension;

use crate::clock;
use crate::error::{ApiError, FieldError, LocSegment};
use crate::state::ApiState;

/// How long a customer access token is valid.
pub const ACCESS_TOKEN_TTL_SECS: i64 = 10 * 60 * 60;

/// A customer (Carbon's organization user) as stored.
#[derive(Debug, Clone)]
pub struct Customer {
    pub row: i64,
}

/// A caller acting for one customer: API key + `customer-id`, or a customer access token.
#[derive(Debug, Clone)]
pub struct Caller {
    pub customer: Customer,
}

/// A caller holding the organization API key (no customer): for `update_users`.
#[derive(Debug, Clone, Copy)]
pub struct Organization;

enum Authorization<'a> {
    Bearer(&'a str),
    Token(&'a str),
}

fn authorization(headers: &HeaderMap) -> Result<Authorization<'_>, ApiError> {
    let value = headers
        .get("authorization")
        .ok_or_else(|| {
            ApiError::Unauthorized(
                "Missing authorization header: send 'Bearer <API key>' or 'Token <access token>'"
                    .into(),
            )
        })?
        .to_str()
        .map_err(|_| ApiError::Unauthorized("The authorization header is not valid text".into()))?
        .trim();
    let (scheme, credential) = value.split_once(' ').unwrap_or((value, ""));
    let credential = credential.trim();
    if credential.is_empty() {
        return Err(ApiError::Unauthorized(
            "The authorization header must be 'Bearer <API key>' or 'Token <access token>'".into(),
        ));
    }
    if scheme.eq_ignore_ascii_case("bearer") {
        Ok(Authorization::Bearer(credential))
    } else if scheme.eq_ignore_ascii_case("token") {
        Ok(Authorization::Token(credential))
    } else {
        Err(ApiError::Unauthorized(format!(
            "Unknown authorization scheme '{scheme}': use 'Bearer <API key>' or 'Token <access token>'"
        )))
    }
}

fn check_api_key(state: &ApiState, key: &str) -> Result<(), ApiError> {
    if constant_time_eq(key.as_bytes(), state.api_key.as_bytes()) {
        Ok(())
    } else {
        Err(ApiError::Unauthorized("Invalid API key".into()))
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn customer_id_header(headers: &HeaderMap) -> Option<String> {
    let value = headers.get("customer-id")?.to_str().ok()?.trim();
    (!value.is_empty()).then(|| value.to_string())
}

impl FromRequestParts<ApiState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &ApiState,
    ) -> Result<Self, Self::Rejection> {
        match authorization(&parts.headers)? {
            Authorization::Bearer(key) => {
                check_api_key(state, key)?;
                let customer_id = customer_id_header(&parts.headers).ok_or_else(|| {
                    ApiError::Unauthorized(
                        "The customer-id header is required with an API key".into(),
                    )
                })?;
                let customer = customer_for(state, customer_id).await?;
                Ok(Caller { customer })
            }
            Authorization::Token(token) => {
                let customer = customer_for_token(state, token.to_string()).await?;
                Ok(Caller { customer })
            }
        }
    }
}

impl FromRequestParts<ApiState> for Organization {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &ApiState,
    ) -> Result<Self, Self::Rejection> {
        match authorization(&parts.headers)? {
            Authorization::Bearer(key) => check_api_key(state, key).map(|()| Organization),
            Authorization::Token(_) => Err(ApiError::Forbidden(
                "This endpoint needs the organization API key (authorization: Bearer <API key>), not a customer access token".into(),
            )),
        }
    }
}

/// The customer row for `customer_id`, created on first sight.
pub async fn customer_for(state: &ApiState, customer_id: String) -> Result<Customer, ApiError> {
    state
        .db
        .call(move |connection| {
            let row = ensure_customer(connection, &customer_id)?;
            Ok::<_, ApiError>(Customer { row })
        })
        .await
}

/// The row id of `customer_id`, inserting it when new.
pub fn ensure_customer(
    connection: &rusqlite::Connection,
    customer_id: &str,
) -> rusqlite::Result<i64> {
    connection.execute(
        "INSERT INTO customers (customer_id, created_at) VALUES (?1, ?2) ON CONFLICT (customer_id) DO NOTHING",
        (customer_id, clock::now_text()),
    )?;
    connection.query_row(
        "SELECT id FROM customers WHERE customer_id = ?1",
        [customer_id],
        |row| row.get(0),
    )
}

async fn customer_for_token(state: &ApiState, token: String) -> Result<Customer, ApiError> {
    let found = state
        .db
        .call(move |connection| {
            connection
                .query_row(
                    "SELECT customer_row, expires_at FROM access_tokens WHERE token = ?1",
                    [&token],
                    |row| Ok((row.get::<_, i64>(0)?, row.get::<_, i64>(1)?)),
                )
                .optional()
        })
        .await?;
    match found {
        None => Err(ApiError::Unauthorized("Invalid access token".into())),
        Some((_, expires_at)) if expires_at <= clock::now_unix() => Err(ApiError::Unauthorized(
            "Access token expired: mint a new one with GET /auth/v1/access_token".into(),
        )),
        Some((row, _)) => Ok(Customer { row }),
    }
}

/// A fresh access token and refresh token for a customer, stored with a 10-hour expiry.
pub async fn mint_access_token(
    state: &ApiState,
    customer: &Customer,
) -> Result<(String, String), ApiError> {
    let access_token = random_secret();
    let refresh_token = random_secret();
    let row = customer.row;
    let (access, refresh) = (access_token.clone(), refresh_token.clone());
    state
        .db
        .call(move |connection| {
            let now = clock::now_unix();
            connection.execute("DELETE FROM access_tokens WHERE expires_at <= ?1", [now])?;
            connection.execute(
                "INSERT INTO access_tokens (token, refresh_token, customer_row, expires_at) VALUES (?1, ?2, ?3, ?4)",
                (&access, &refresh, row, now + ACCESS_TOKEN_TTL_SECS),
            )?;
            Ok::<_, ApiError>(())
        })
        .await?;
    Ok((access_token, refresh_token))
}

/// For `GET /auth/v1/access_token`: its two headers are declared parameters, so missing ones are 422s there.
pub async fn api_key_caller_for_minting(
    headers: &HeaderMap,
    state: &ApiState,
) -> Result<Customer, ApiError> {
    let mut missing = Vec::new();
    for name in ["authorization", "customer-id"] {
        if headers.get(name).is_none() {
            missing.push(FieldError::new(
                vec![LocSegment::from("header"), LocSegment::from(name)],
                "Field required",
                "missing",
            ));
        }
    }
    if !missing.is_empty() {
        return Err(ApiError::Validation(missing));
    }
    match authorization(headers)? {
        Authorization::Bearer(key) => check_api_key(state, key)?,
        Authorization::Token(_) => {
            return Err(ApiError::Unauthorized(
                "Access tokens are minted with the API key (authorization: Bearer <API key>)"
                    .into(),
            ))
        }
    }
    let customer_id = customer_id_header(headers)
        .ok_or_else(|| ApiError::Unauthorized("The customer-id header must not be empty".into()))?;
    customer_for(state, customer_id).await
}

/// 256 bits of randomness as 64 hex characters (from the OS generator through uuid v4).
pub fn random_secret() -> String {
    format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    )
}
