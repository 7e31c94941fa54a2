//! Harness for the emulated Microsoft alone (no Carbon side): a router on an ephemeral port, a client that does
//! not follow redirects, and the sign-in and Graph steps the identity and Graph tests share.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use outlook_connect_sandbox::microsoft::{router, MicrosoftConfig};
use reqwest::{redirect, Client, StatusCode};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use url::Url;

pub const REDIRECT_URI: &str = "http://127.0.0.1:9/integrations/outlook/callback?app=1";
pub const SCOPES: &str = "Mail.Read offline_access openid User.Read MailboxSettings.Read";
pub const VERIFIER: &str = "a-valid-pkce-code-verifier-of-more-than-forty-three-characters_~.";

/// A running emulated Microsoft and a client that does not follow redirects.
pub struct Microsoft {
    pub base: String,
    pub client: Client,
    pub config: MicrosoftConfig,
}

pub async fn start(mut config: MicrosoftConfig) -> Microsoft {
    if config.redirect_uris.is_empty() {
        config.redirect_uris.push(REDIRECT_URI.to_owned());
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let app = router(config.clone());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let client = Client::builder()
        .redirect(redirect::Policy::none())
        .build()
        .unwrap();
    Microsoft {
        base,
        client,
        config,
    }
}

pub async fn start_default() -> Microsoft {
    start(MicrosoftConfig::default()).await
}

pub fn challenge_of(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

impl Microsoft {
    pub fn authorize_params(&self) -> Vec<(&'static str, String)> {
        vec![
            ("client_id", self.config.client_id.clone()),
            ("response_type", "code".into()),
            ("redirect_uri", REDIRECT_URI.into()),
            ("scope", SCOPES.into()),
            ("state", "st<ate>&1".into()),
            ("code_challenge", challenge_of(VERIFIER)),
            ("code_challenge_method", "S256".into()),
            ("response_mode", "query".into()),
        ]
    }

    pub fn authorize_url(&self) -> String {
        format!("{}/common/oauth2/v2.0/authorize", self.base)
    }

    pub async fn authorize_page(&self, params: &[(&str, String)]) -> reqwest::Response {
        self.client
            .get(self.authorize_url())
            .query(params)
            .send()
            .await
            .unwrap()
    }

    /// Picks `address` on the sign-in page; returns the redirect target.
    pub async fn pick(&self, params: &[(&str, String)], address: &str) -> reqwest::Response {
        let mut form: Vec<(&str, String)> = params.to_vec();
        form.push(("login_hint", address.to_owned()));
        self.client
            .post(self.authorize_url())
            .form(&form)
            .send()
            .await
            .unwrap()
    }

    /// Signs in as `address` and returns the redirect URL's query pairs.
    pub async fn sign_in(&self, address: &str) -> HashMap<String, String> {
        let response = self.pick(&self.authorize_params(), address).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        let location = response.headers()["location"].to_str().unwrap();
        assert!(location.starts_with("http://127.0.0.1:9/integrations/outlook/callback?app=1&"));
        Url::parse(location)
            .unwrap()
            .query_pairs()
            .map(|(name, value)| (name.into_owned(), value.into_owned()))
            .collect()
    }

    pub async fn token(&self, form: &[(&str, &str)]) -> (StatusCode, Value) {
        let response = self
            .client
            .post(format!("{}/common/oauth2/v2.0/token", self.base))
            .form(form)
            .send()
            .await
            .unwrap();
        (response.status(), response.json().await.unwrap())
    }

    pub async fn exchange(&self, code: &str, verifier: &str) -> (StatusCode, Value) {
        self.token(&[
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", REDIRECT_URI),
            ("client_id", &self.config.client_id),
            ("client_secret", &self.config.client_secret),
            ("code_verifier", verifier),
        ])
        .await
    }

    /// A full sign-in as `address`: the token response.
    pub async fn tokens_for(&self, address: &str) -> Value {
        let redirect = self.sign_in(address).await;
        let (status, body) = self.exchange(&redirect["code"], VERIFIER).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        body
    }

    pub async fn access_token_for(&self, address: &str) -> String {
        self.tokens_for(address).await["access_token"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    pub async fn graph(&self, token: &str, path_and_query: &str) -> (StatusCode, Value) {
        let url = if path_and_query.starts_with("http") {
            path_and_query.to_owned()
        } else {
            format!("{}/v1.0{path_and_query}", self.base)
        };
        let response = self
            .client
            .get(url)
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        (response.status(), response.json().await.unwrap())
    }

    pub async fn graph_ok(&self, token: &str, path_and_query: &str) -> Value {
        let (status, body) = self.graph(token, path_and_query).await;
        assert_eq!(status, StatusCode::OK, "{path_and_query}: {body}");
        body
    }

    /// Every item of a collection, following `@odata.nextLink`; also the number of pages.
    pub async fn walk(&self, token: &str, path_and_query: &str) -> (Vec<Value>, usize) {
        let mut items = Vec::new();
        let mut pages = 0;
        let mut next = Some(path_and_query.to_owned());
        while let Some(url) = next {
            let page = self.graph_ok(token, &url).await;
            pages += 1;
            items.extend(page["value"].as_array().unwrap().iter().cloned());
            next = page["@odata.nextLink"].as_str().map(str::to_owned);
            if let Some(link) = &next {
                assert!(
                    link.starts_with(&self.base),
                    "nextLink must be absolute: {link}"
                );
            }
        }
        (items, pages)
    }
}

pub fn error_code(body: &Value) -> &str {
    body["error"]["code"].as_str().unwrap_or_default()
}
