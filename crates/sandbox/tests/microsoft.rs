//! The emulated Microsoft over real HTTP: sign-in (authorize → token, PKCE, codes, refresh,
//! expiry, consent denial, broken exchange, COOP) and Graph (folders, categories, messages with
//! paging and `$filter`, attachments, errors).

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use outlook_connect_filter::graph::to_graph;
use outlook_connect_filter::{parse_str, Message as FilterFacts};
use outlook_connect_sandbox::microsoft::{router, test_mailboxes, MicrosoftConfig};
use reqwest::{redirect, Client, StatusCode};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};
use std::time::Duration;
use url::Url;

const REDIRECT_URI: &str = "http://127.0.0.1:9/integrations/outlook/callback?app=1";
const SCOPES: &str = "Mail.Read offline_access openid User.Read MailboxSettings.Read";
const VERIFIER: &str = "a-valid-pkce-code-verifier-of-more-than-forty-three-characters_~.";

/// A running emulated Microsoft and a client that does not follow redirects.
struct Microsoft {
    base: String,
    client: Client,
    config: MicrosoftConfig,
}

async fn start(mut config: MicrosoftConfig) -> Microsoft {
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

async fn start_default() -> Microsoft {
    start(MicrosoftConfig::default()).await
}

fn challenge_of(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

impl Microsoft {
    fn authorize_params(&self) -> Vec<(&'static str, String)> {
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

    fn authorize_url(&self) -> String {
        format!("{}/common/oauth2/v2.0/authorize", self.base)
    }

    async fn authorize_page(&self, params: &[(&str, String)]) -> reqwest::Response {
        self.client
            .get(self.authorize_url())
            .query(params)
            .send()
            .await
            .unwrap()
    }

    /// Picks `address` on the sign-in page; returns the redirect target.
    async fn pick(&self, params: &[(&str, String)], address: &str) -> reqwest::Response {
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
    async fn sign_in(&self, address: &str) -> HashMap<String, String> {
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

    async fn token(&self, form: &[(&str, &str)]) -> (StatusCode, Value) {
        let response = self
            .client
            .post(format!("{}/common/oauth2/v2.0/token", self.base))
            .form(form)
            .send()
            .await
            .unwrap();
        (response.status(), response.json().await.unwrap())
    }

    async fn exchange(&self, code: &str, verifier: &str) -> (StatusCode, Value) {
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
    async fn tokens_for(&self, address: &str) -> Value {
        let redirect = self.sign_in(address).await;
        let (status, body) = self.exchange(&redirect["code"], VERIFIER).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        body
    }

    async fn access_token_for(&self, address: &str) -> String {
        self.tokens_for(address).await["access_token"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    async fn graph(&self, token: &str, path_and_query: &str) -> (StatusCode, Value) {
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

    async fn graph_ok(&self, token: &str, path_and_query: &str) -> Value {
        let (status, body) = self.graph(token, path_and_query).await;
        assert_eq!(status, StatusCode::OK, "{path_and_query}: {body}");
        body
    }

    /// Every item of a collection, following `@odata.nextLink`; also the number of pages.
    async fn walk(&self, token: &str, path_and_query: &str) -> (Vec<Value>, usize) {
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

fn error_code(body: &Value) -> &str {
    body["error"]["code"].as_str().unwrap_or_default()
}

#[tokio::test]
async fn sign_in_page_lists_the_mailboxes_and_shows_app_and_scopes() {
    let microsoft = start_default().await;
    let response = microsoft
        .authorize_page(&microsoft.authorize_params())
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()["cross-origin-opener-policy"],
        "same-origin"
    );
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    let html = response.text().await.unwrap();
    for mailbox in test_mailboxes() {
        assert!(
            html.contains(&mailbox.address),
            "{} missing",
            mailbox.address
        );
    }
    assert!(html.contains(&microsoft.config.client_id));
    assert!(html.contains("Read your mail") && html.contains("MailboxSettings.Read"));
    // The state travels in a hidden field, escaped; display names with markup are escaped.
    assert!(html.contains("st&lt;ate&gt;&amp;1"));
    assert!(html.contains("Folder &lt;Tester&gt; &amp; Co"));
    assert!(!html.contains("<Tester>"));
    assert!(!html.contains("<script"));
}

/// `text` with the five HTML entities the sign-in page writes turned back into characters.
fn unescape_html(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// The values of `attribute="…"` in order of appearance, within tags that start with `tag_start`.
fn attribute_values(html: &str, tag_start: &str, attribute: &str) -> Vec<String> {
    html.split(tag_start)
        .skip(1)
        .filter_map(|rest| {
            let tag = &rest[..rest.find('>')?];
            let start = tag.find(&format!("{attribute}=\""))? + attribute.len() + 2;
            let end = start + tag[start..].find('"')?;
            Some(unescape_html(&tag[start..end]))
        })
        .collect()
}

#[tokio::test]
async fn the_page_form_submitted_as_a_browser_would_signs_in() {
    let microsoft = start_default().await;
    let mut params = microsoft.authorize_params();
    params.push(("nonce", "n<1>".into()));
    let html = microsoft
        .authorize_page(&params)
        .await
        .text()
        .await
        .unwrap();
    let action = attribute_values(&html, "<form", "action").remove(0);
    let names = attribute_values(&html, "<input type=\"hidden\"", "name");
    let values = attribute_values(&html, "<input type=\"hidden\"", "value");
    let accounts = attribute_values(&html, "<button", "value");
    assert_eq!(
        accounts,
        test_mailboxes()
            .iter()
            .map(|m| m.address.clone())
            .collect::<Vec<_>>()
    );
    let mut form: Vec<(String, String)> = names.into_iter().zip(values).collect();
    assert!(form.contains(&("state".into(), "st<ate>&1".into())));
    assert!(form.contains(&("nonce".into(), "n<1>".into())));
    form.push(("login_hint".into(), accounts[0].clone()));
    let response = microsoft
        .client
        .post(format!("{}{action}", microsoft.base))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let location = Url::parse(response.headers()["location"].to_str().unwrap()).unwrap();
    let code = location
        .query_pairs()
        .find(|(n, _)| n == "code")
        .unwrap()
        .1
        .into_owned();
    let (status, tokens) = microsoft.exchange(&code, VERIFIER).await;
    assert_eq!(status, StatusCode::OK, "{tokens}");
    let payload = tokens["id_token"]
        .as_str()
        .unwrap()
        .split('.')
        .nth(1)
        .unwrap()
        .to_owned();
    let claims: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap();
    assert_eq!(claims["nonce"], "n<1>");
    assert_eq!(claims["preferred_username"], "alex@contoso.test");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_redemptions_of_one_code_succeed_once() {
    let microsoft = std::sync::Arc::new(start_default().await);
    let code = microsoft.sign_in("alex@contoso.test").await["code"].clone();
    let mut attempts = tokio::task::JoinSet::new();
    for _ in 0..6 {
        let microsoft = std::sync::Arc::clone(&microsoft);
        let code = code.clone();
        attempts.spawn(async move { microsoft.exchange(&code, VERIFIER).await.0 });
    }
    let statuses: Vec<StatusCode> = attempts.join_all().await;
    assert_eq!(
        statuses.iter().filter(|s| **s == StatusCode::OK).count(),
        1,
        "{statuses:?}"
    );
    assert_eq!(
        statuses
            .iter()
            .filter(|s| **s == StatusCode::BAD_REQUEST)
            .count(),
        5
    );
}

#[tokio::test]
async fn coop_header_can_be_switched_off() {
    let microsoft = start(MicrosoftConfig {
        coop: false,
        ..MicrosoftConfig::default()
    })
    .await;
    let response = microsoft
        .authorize_page(&microsoft.authorize_params())
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response
        .headers()
        .get("cross-origin-opener-policy")
        .is_none());
    let redirect = microsoft
        .pick(&microsoft.authorize_params(), "alex@contoso.test")
        .await;
    assert!(redirect
        .headers()
        .get("cross-origin-opener-policy")
        .is_none());
}

#[tokio::test]
async fn full_authorize_token_graph_path() {
    let microsoft = start_default().await;
    let redirect = microsoft.sign_in("alex@contoso.test").await;
    assert_eq!(redirect["state"], "st<ate>&1");
    assert_eq!(redirect["app"], "1", "the redirect URI's own query is kept");
    let (status, tokens) = microsoft.exchange(&redirect["code"], VERIFIER).await;
    assert_eq!(status, StatusCode::OK, "{tokens}");
    assert_eq!(tokens["token_type"], "Bearer");
    assert_eq!(tokens["expires_in"], 3600);
    assert_eq!(
        tokens["scope"],
        "Mail.Read openid User.Read MailboxSettings.Read"
    );
    assert!(tokens["refresh_token"]
        .as_str()
        .is_some_and(|t| !t.is_empty()));
    assert_eq!(tokens["id_token"].as_str().unwrap().split('.').count(), 3);
    let access = tokens["access_token"].as_str().unwrap();

    let me = microsoft.graph_ok(access, "/me").await;
    assert_eq!(me["mail"], "alex@contoso.test");
    assert_eq!(me["userPrincipalName"], "alex@contoso.test");
    assert_eq!(me["displayName"], "Alex Wilber");
    assert!(me["id"].as_str().is_some_and(|id| id.len() == 36));

    let folders = microsoft.graph_ok(access, "/me/mailFolders").await;
    assert!(folders["value"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["displayName"] == "Inbox"));
    let categories = microsoft
        .graph_ok(access, "/me/outlook/masterCategories")
        .await;
    assert!(!categories["value"].as_array().unwrap().is_empty());
    let messages = microsoft
        .graph_ok(access, "/me/mailFolders/inbox/messages")
        .await;
    assert_eq!(messages["value"].as_array().unwrap().len(), 10);
}

#[tokio::test]
async fn requests_without_valid_client_or_pkce_get_an_error_page_never_a_redirect() {
    let microsoft = start_default().await;
    let with = |name: &'static str, value: Option<&str>| {
        let mut params: Vec<(&str, String)> = microsoft
            .authorize_params()
            .into_iter()
            .filter(|(n, _)| *n != name)
            .collect();
        if let Some(value) = value {
            params.push((name, value.to_owned()));
        }
        params
    };
    let cases = [
        (with("client_id", Some("unknown-app")), "AADSTS700016"),
        (with("client_id", None), "client_id"),
        (with("code_challenge", None), "Proof Key for Code Exchange"),
        (with("code_challenge_method", Some("plain")), "S256"),
        (with("code_challenge_method", None), "S256"),
        (with("code_challenge", Some("too-short")), "43 base64url"),
        (
            with("redirect_uri", Some("javascript:alert(1)")),
            "redirect_uri",
        ),
        (with("redirect_uri", None), "redirect_uri"),
        (with("response_type", Some("token")), "response_type"),
        (with("scope", None), "scope"),
    ];
    for (params, expected) in cases {
        for response in [
            microsoft.authorize_page(&params).await,
            microsoft.pick(&params, "alex@contoso.test").await,
        ] {
            assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{params:?}");
            assert!(response.headers().get("location").is_none());
            let html = response.text().await.unwrap();
            assert!(
                html.contains(expected),
                "{expected} not in page for {params:?}"
            );
        }
    }
}

#[tokio::test]
async fn unknown_account_on_the_form_is_an_error_page() {
    let microsoft = start_default().await;
    let response = microsoft
        .pick(&microsoft.authorize_params(), "nobody@contoso.test")
        .await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert!(response.text().await.unwrap().contains("AADSTS50034"));
}

#[tokio::test]
async fn pkce_verifier_must_match_the_challenge() {
    let microsoft = start_default().await;
    let redirect = microsoft.sign_in("alex@contoso.test").await;
    let wrong = "another-valid-verifier-that-does-not-match-the-challenge-at-all";
    let (status, body) = microsoft.exchange(&redirect["code"], wrong).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"], "invalid_grant");
    assert!(body["error_description"]
        .as_str()
        .unwrap()
        .contains("AADSTS501481"));

    let redirect = microsoft.sign_in("alex@contoso.test").await;
    let (status, body) = microsoft.exchange(&redirect["code"], "short").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"], "invalid_request");

    let (status, body) = microsoft
        .token(&[
            ("grant_type", "authorization_code"),
            ("code", &redirect["code"]),
            ("redirect_uri", REDIRECT_URI),
            ("client_id", &microsoft.config.client_id),
            ("client_secret", &microsoft.config.client_secret),
        ])
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"], "invalid_request");
    assert!(body["error_description"]
        .as_str()
        .unwrap()
        .contains("'code_verifier'"));
}

#[tokio::test]
async fn a_code_is_single_use() {
    let microsoft = start_default().await;
    let redirect = microsoft.sign_in("alex@contoso.test").await;
    let (first, _) = microsoft.exchange(&redirect["code"], VERIFIER).await;
    assert_eq!(first, StatusCode::OK);
    let (again, body) = microsoft.exchange(&redirect["code"], VERIFIER).await;
    assert_eq!(again, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"], "invalid_grant");
    assert!(body["error_description"]
        .as_str()
        .unwrap()
        .contains("already redeemed"));
}

#[tokio::test]
async fn the_code_is_bound_to_redirect_uri_client_and_secret() {
    let microsoft = start_default().await;
    let redirect = microsoft.sign_in("alex@contoso.test").await;
    let code = redirect["code"].as_str();
    let base = |redirect_uri, client_id, secret| {
        [
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", redirect_uri),
            ("client_id", client_id),
            ("client_secret", secret),
            ("code_verifier", VERIFIER),
        ]
    };
    let config = MicrosoftConfig::default();
    let (client_id, secret) = (config.client_id.as_str(), config.client_secret.as_str());
    let (status, body) = microsoft
        .token(&base("http://127.0.0.1:9/elsewhere", client_id, secret))
        .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_grant"))
    );
    let (status, body) = microsoft
        .token(&base(REDIRECT_URI, client_id, "wrong"))
        .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_client"))
    );
    let (status, body) = microsoft
        .token(&base(REDIRECT_URI, "other-app", secret))
        .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_client"))
    );
    // None of the failures used the code up.
    let (status, _) = microsoft
        .token(&base(REDIRECT_URI, client_id, secret))
        .await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn client_secret_basic_authenticates_too() {
    let microsoft = start_default().await;
    let redirect = microsoft.sign_in("alex@contoso.test").await;
    let config = &microsoft.config;
    let send = |secret: &str| {
        microsoft
            .client
            .post(format!("{}/common/oauth2/v2.0/token", microsoft.base))
            .basic_auth(&config.client_id, Some(secret))
            .form(&[
                ("grant_type", "authorization_code"),
                ("code", redirect["code"].as_str()),
                ("redirect_uri", REDIRECT_URI),
                ("code_verifier", VERIFIER),
            ])
            .send()
    };
    let wrong = send("wrong").await.unwrap();
    assert_eq!(wrong.status(), StatusCode::BAD_REQUEST);
    let body: Value = wrong.json().await.unwrap();
    assert_eq!(body["error"], "invalid_client");
    let right = send(&config.client_secret).await.unwrap();
    assert_eq!(right.status(), StatusCode::OK);
}

#[tokio::test]
async fn malformed_token_requests_name_the_problem() {
    let microsoft = start_default().await;
    let id = microsoft.config.client_id.clone();
    let secret = microsoft.config.client_secret.clone();
    let (status, body) = microsoft
        .token(&[("client_id", &id), ("client_secret", &secret)])
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body["error_description"]
        .as_str()
        .unwrap()
        .contains("'grant_type'"));
    let (status, body) = microsoft
        .token(&[
            ("grant_type", "password"),
            ("client_id", &id),
            ("client_secret", &secret),
        ])
        .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("unsupported_grant_type"))
    );
    let (status, body) = microsoft
        .token(&[
            ("grant_type", "authorization_code"),
            ("code", "garbage"),
            ("redirect_uri", REDIRECT_URI),
            ("client_id", &id),
            ("client_secret", &secret),
            ("code_verifier", VERIFIER),
        ])
        .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_grant"))
    );
    let response = microsoft
        .client
        .post(format!("{}/common/oauth2/v2.0/token", microsoft.base))
        .json(&serde_json::json!({"grant_type": "authorization_code"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"], "invalid_request");
}

#[tokio::test]
async fn access_tokens_expire_and_refresh_tokens_renew_them() {
    let microsoft = start(MicrosoftConfig {
        access_token_ttl: Duration::from_millis(600),
        ..MicrosoftConfig::default()
    })
    .await;
    let tokens = microsoft.tokens_for("alex@contoso.test").await;
    assert_eq!(tokens["expires_in"], 1);
    let access = tokens["access_token"].as_str().unwrap();
    let refresh = tokens["refresh_token"].as_str().unwrap();
    microsoft.graph_ok(access, "/me").await;
    tokio::time::sleep(Duration::from_millis(800)).await;
    let (status, body) = microsoft.graph(access, "/me").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(error_code(&body), "InvalidAuthenticationToken");
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("expired"));

    let config = &microsoft.config;
    let (status, renewed) = microsoft
        .token(&[
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh),
            ("client_id", &config.client_id),
            ("client_secret", &config.client_secret),
        ])
        .await;
    assert_eq!(status, StatusCode::OK, "{renewed}");
    let me = microsoft
        .graph_ok(renewed["access_token"].as_str().unwrap(), "/me")
        .await;
    assert_eq!(me["mail"], "alex@contoso.test");
    assert!(renewed["refresh_token"].as_str().is_some());

    // A refresh token is not an access token, and scopes cannot grow on refresh.
    let (status, _) = microsoft.graph(refresh, "/me").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, body) = microsoft
        .token(&[
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh),
            ("client_id", &config.client_id),
            ("client_secret", &config.client_secret),
            ("scope", "Mail.ReadWrite"),
        ])
        .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_grant"))
    );
    let (status, body) = microsoft
        .token(&[
            ("grant_type", "refresh_token"),
            ("refresh_token", access),
            ("client_id", &config.client_id),
            ("client_secret", &config.client_secret),
        ])
        .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_grant"))
    );
}

#[tokio::test]
async fn tokens_survive_a_restart_with_the_same_secret_only() {
    let first = start_default().await;
    let access = first.access_token_for("alex@contoso.test").await;
    let restarted = start_default().await;
    assert_eq!(
        restarted.graph_ok(&access, "/me").await["mail"],
        "alex@contoso.test"
    );
    let other_secret = start(MicrosoftConfig {
        client_secret: "another-secret".into(),
        ..MicrosoftConfig::default()
    })
    .await;
    let (status, body) = other_secret.graph(&access, "/me").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(error_code(&body), "InvalidAuthenticationToken");
}

#[tokio::test]
async fn denied_mailbox_redirects_with_access_denied() {
    let microsoft = start_default().await;
    let redirect = microsoft.sign_in("denied@contoso.test").await;
    assert_eq!(redirect["error"], "access_denied");
    assert!(redirect["error_description"].contains("declined"));
    assert_eq!(redirect["state"], "st<ate>&1");
    assert!(!redirect.contains_key("code"));
}

#[tokio::test]
async fn silent_sign_in_redirects_with_login_required() {
    let microsoft = start_default().await;
    let mut params = microsoft.authorize_params();
    params.push(("prompt", "none".into()));
    let response = microsoft.authorize_page(&params).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let location = Url::parse(response.headers()["location"].to_str().unwrap()).unwrap();
    let query: HashMap<String, String> = location.query_pairs().into_owned().collect();
    assert_eq!(query["error"], "login_required");
    assert_eq!(query["state"], "st<ate>&1");
    assert!(!query.contains_key("code"));
}

#[tokio::test]
async fn broken_mailbox_fails_the_token_exchange() {
    let microsoft = start_default().await;
    let redirect = microsoft.sign_in("broken@contoso.test").await;
    let (status, body) = microsoft.exchange(&redirect["code"], VERIFIER).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"], "invalid_grant");
    assert!(body["error_description"]
        .as_str()
        .is_some_and(|d| !d.is_empty()));
}

#[tokio::test]
async fn graph_refuses_missing_and_bad_tokens() {
    let microsoft = start_default().await;
    let response = microsoft
        .client
        .get(format!("{}/v1.0/me/mailFolders", microsoft.base))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert!(response.headers().contains_key("www-authenticate"));
    let body: Value = response.json().await.unwrap();
    assert_eq!(error_code(&body), "InvalidAuthenticationToken");
    for bad in ["garbage", "EwA1.e30.AAAA", "a.b.c.d"] {
        let (status, body) = microsoft.graph(bad, "/me/mailFolders").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{bad}");
        assert_eq!(error_code(&body), "InvalidAuthenticationToken");
    }
    let response = microsoft
        .client
        .get(format!("{}/v1.0/me", microsoft.base))
        .header("authorization", "Basic YWxleDpzZWNyZXQ=")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn scopes_limit_what_graph_answers() {
    let microsoft = start_default().await;
    let mut params = microsoft.authorize_params();
    params.retain(|(name, _)| *name != "scope");
    params.push(("scope", "Mail.Read User.Read".into()));
    let response = microsoft.pick(&params, "alex@contoso.test").await;
    let location = Url::parse(response.headers()["location"].to_str().unwrap()).unwrap();
    let code = location
        .query_pairs()
        .find(|(name, _)| name == "code")
        .unwrap()
        .1
        .into_owned();
    let (status, tokens) = microsoft.exchange(&code, VERIFIER).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        tokens.get("refresh_token").is_none(),
        "no offline_access, no refresh token"
    );
    let access = tokens["access_token"].as_str().unwrap();
    microsoft.graph_ok(access, "/me/mailFolders").await;
    let (status, body) = microsoft
        .graph(access, "/me/outlook/masterCategories")
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(error_code(&body), "ErrorAccessDenied");
}

/// Every folder of the mailbox, walking `mailFolders` and `childFolders`; with each folder's depth.
async fn folder_tree(microsoft: &Microsoft, token: &str) -> Vec<(Value, usize)> {
    let (top, _) = microsoft.walk(token, "/me/mailFolders?$top=3").await;
    let mut pending: Vec<(Value, usize)> = top.into_iter().map(|f| (f, 1)).collect();
    let mut all = Vec::new();
    while let Some((folder, depth)) = pending.pop() {
        let id = folder["id"].as_str().unwrap().to_owned();
        let (children, _) = microsoft
            .walk(token, &format!("/me/mailFolders/{id}/childFolders?$top=2"))
            .await;
        assert_eq!(folder["childFolderCount"], children.len(), "{folder}");
        for child in children {
            assert_eq!(child["parentFolderId"], id.as_str());
            pending.push((child, depth + 1));
        }
        all.push((folder, depth));
    }
    all
}

#[tokio::test]
async fn folder_tree_with_child_folders_and_well_known_names() {
    let microsoft = start_default().await;
    let token = microsoft.access_token_for("alex@contoso.test").await;
    let tree = folder_tree(&microsoft, &token).await;
    let names: HashSet<&str> = tree
        .iter()
        .map(|(f, _)| f["displayName"].as_str().unwrap())
        .collect();
    assert!((12..=14).contains(&tree.len()), "{names:?}");
    for expected in [
        "Inbox",
        "Sent Items",
        "Drafts",
        "Deleted Items",
        "Archive",
        "Junk Email",
        "Projects",
        "Apollo",
    ] {
        assert!(
            names.contains(expected),
            "{expected} missing from {names:?}"
        );
    }
    assert!(
        tree.iter().any(|(_, depth)| *depth == 3),
        "nested folders expected"
    );
    let total: u64 = tree
        .iter()
        .map(|(f, _)| f["totalItemCount"].as_u64().unwrap())
        .sum();
    assert!(
        (1400..=1600).contains(&total),
        "about 1,500 messages, got {total}"
    );

    for (well_known, display_name) in [
        ("inbox", "Inbox"),
        ("sentitems", "Sent Items"),
        ("drafts", "Drafts"),
        ("deleteditems", "Deleted Items"),
        ("archive", "Archive"),
        ("junkemail", "Junk Email"),
    ] {
        let by_name = microsoft
            .graph_ok(&token, &format!("/me/mailFolders/{well_known}"))
            .await;
        assert_eq!(by_name["displayName"], display_name);
        let by_id = microsoft
            .graph_ok(
                &token,
                &format!("/me/mailFolders/{}", by_name["id"].as_str().unwrap()),
            )
            .await;
        assert_eq!(by_id["id"], by_name["id"]);
        for key in [
            "parentFolderId",
            "childFolderCount",
            "unreadItemCount",
            "totalItemCount",
        ] {
            assert!(by_id.get(key).is_some(), "{key} missing");
        }
    }
    let inbox_children = microsoft
        .graph_ok(&token, "/me/mailFolders/inbox/childFolders")
        .await;
    assert!(inbox_children["value"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["displayName"] == "Projects"));
    let (status, body) = microsoft
        .graph(&token, "/me/mailFolders/AAMkAGnope/childFolders")
        .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::NOT_FOUND, "ErrorItemNotFound")
    );
}

#[tokio::test]
async fn markup_and_unicode_names_are_returned_verbatim() {
    let microsoft = start_default().await;
    let token = microsoft.access_token_for("folders@contoso.test").await;
    let tree = folder_tree(&microsoft, &token).await;
    let names: Vec<&str> = tree
        .iter()
        .map(|(f, _)| f["displayName"].as_str().unwrap())
        .collect();
    let (status, body) = microsoft
        .graph(&token, "/me/mailFolders/not%20an%20id!")
        .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::BAD_REQUEST, "ErrorInvalidIdMalformed")
    );
    assert!(names.contains(&"<img src=x onerror=alert(1)>"), "{names:?}");
    assert!(names.contains(&"Проекты 📁"));
    assert!(names.contains(&"\"Quotes\" & 'apostrophes' </td>"));
    assert!(tree.iter().map(|(_, depth)| *depth).max().unwrap() >= 7);
    let newest = microsoft
        .graph_ok(
            &token,
            "/me/mailFolders/inbox/messages?$top=1&$select=subject",
        )
        .await;
    assert_eq!(
        newest["value"][0]["subject"],
        "<script>alert(\"subject\")</script> Quarterly <b>numbers</b> & more"
    );
    let categories = microsoft
        .graph_ok(&token, "/me/outlook/masterCategories")
        .await;
    assert!(categories["value"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["displayName"] == "<b>Bold</b> & \"quoted\""));
}

#[tokio::test]
async fn master_categories_have_graph_shape() {
    let microsoft = start_default().await;
    let token = microsoft.access_token_for("alex@contoso.test").await;
    let body = microsoft
        .graph_ok(&token, "/me/outlook/masterCategories")
        .await;
    let categories = body["value"].as_array().unwrap();
    let names: Vec<&str> = categories
        .iter()
        .map(|c| c["displayName"].as_str().unwrap())
        .collect();
    for expected in ["Personal", "Test", "Finance"] {
        assert!(names.contains(&expected), "{names:?}");
    }
    for category in categories {
        assert!(category["id"].as_str().is_some_and(|id| id.len() == 36));
        let color = category["color"].as_str().unwrap();
        let preset: u8 = color.strip_prefix("preset").unwrap().parse().unwrap();
        assert!(preset <= 24);
    }
}

fn received(message: &Value) -> &str {
    message["receivedDateTime"].as_str().unwrap()
}

#[tokio::test]
async fn next_link_walks_a_big_inbox_exactly_once_newest_first() {
    let microsoft = start_default().await;
    let token = microsoft.access_token_for("big@contoso.test").await;
    let inbox = microsoft.graph_ok(&token, "/me/mailFolders/inbox").await;
    let total = inbox["totalItemCount"].as_u64().unwrap() as usize;
    assert!(total >= 10_000);
    let (messages, pages) = microsoft
        .walk(
            &token,
            "/me/mailFolders/inbox/messages?$top=1000&$select=receivedDateTime",
        )
        .await;
    assert_eq!(messages.len(), total);
    assert_eq!(pages, total.div_ceil(1000));
    let ids: HashSet<&str> = messages.iter().map(|m| m["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), total, "every message exactly once");
    assert!(messages
        .windows(2)
        .all(|pair| received(&pair[0]) >= received(&pair[1])));
    let first = &messages[0];
    assert_eq!(
        first.as_object().unwrap().len(),
        2,
        "$select keeps id + selected: {first}"
    );
    let when = received(first);
    assert!(when.len() == 20 && when.ends_with('Z'), "{when}");
}

#[tokio::test]
async fn default_pages_of_ten_walk_a_folder_exactly_once() {
    let microsoft = start_default().await;
    let token = microsoft.access_token_for("alex@contoso.test").await;
    let receipts = microsoft
        .graph_ok(
            &token,
            "/me/mailFolders/inbox/childFolders?$select=displayName,totalItemCount",
        )
        .await["value"]
        .as_array()
        .unwrap()
        .iter()
        .find(|folder| folder["displayName"] == "Receipts")
        .cloned()
        .unwrap();
    let total = receipts["totalItemCount"].as_u64().unwrap() as usize;
    let path = format!(
        "/me/mailFolders/{}/messages?$orderby=receivedDateTime%20desc",
        receipts["id"].as_str().unwrap()
    );
    let (messages, pages) = microsoft.walk(&token, &path).await;
    assert_eq!(pages, total.div_ceil(10));
    let ids: HashSet<&str> = messages.iter().map(|m| m["id"].as_str().unwrap()).collect();
    assert_eq!((messages.len(), ids.len()), (total, total));
    assert!(messages
        .iter()
        .all(|m| m["parentFolderId"] == receipts["id"]));
    let counted = microsoft
        .graph_ok(&token, &format!("{path}&$count=true&$top=1"))
        .await;
    assert_eq!(counted["@odata.count"], total);
}

#[tokio::test]
async fn messages_have_the_graph_shape() {
    let microsoft = start_default().await;
    let token = microsoft.access_token_for("alex@contoso.test").await;
    let page = microsoft
        .graph_ok(&token, "/me/mailFolders/inbox/messages?$top=50")
        .await;
    let messages = page["value"].as_array().unwrap();
    assert_eq!(messages.len(), 50);
    for message in messages {
        for key in [
            "id",
            "subject",
            "bodyPreview",
            "webLink",
            "internetMessageId",
        ] {
            assert!(
                message[key].as_str().is_some_and(|v| !v.is_empty()),
                "{key}: {message}"
            );
        }
        assert!(message["from"]["emailAddress"]["address"]
            .as_str()
            .unwrap()
            .contains('@'));
        assert!(message["from"]["emailAddress"]["name"].as_str().is_some());
        assert!(message["categories"].is_array());
        assert!(message["hasAttachments"].is_boolean());
        let flag = message["flag"]["flagStatus"].as_str().unwrap();
        assert!(["flagged", "notFlagged", "complete"].contains(&flag));
        assert!(message["internetMessageId"]
            .as_str()
            .unwrap()
            .starts_with('<'));
    }
    let next = page["@odata.nextLink"].as_str().unwrap();
    assert!(
        next.contains("%24skip=50") && next.contains("%24top=50"),
        "{next}"
    );
}

#[tokio::test]
async fn top_limits_and_bad_query_options() {
    let microsoft = start_default().await;
    let token = microsoft.access_token_for("alex@contoso.test").await;
    for bad in [
        "$top=0",
        "$top=1001",
        "$top=ten",
        "$skip=-1",
        "$select=nope",
        "$orderby=subject",
        "$expand=attachments",
        "$count=maybe",
        "$top=5&$top=6",
        "$filter=%FF",
    ] {
        let (status, body) = microsoft
            .graph(&token, &format!("/me/mailFolders/inbox/messages?{bad}"))
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}");
        assert_eq!(error_code(&body), "BadRequest");
        let name = bad.split('=').next().unwrap();
        assert!(
            body["error"]["message"].as_str().unwrap().contains(name) || bad.starts_with("$select"),
            "{bad}: {body}"
        );
    }
    let page = microsoft
        .graph_ok(
            &token,
            "/me/mailFolders/inbox/messages?$top=1000&$count=true",
        )
        .await;
    let count = page["@odata.count"].as_u64().unwrap() as usize;
    assert_eq!(page["value"].as_array().unwrap().len(), count.min(1000));
    let (status, body) = microsoft.graph(&token, "/me/calendars").await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::BAD_REQUEST, "BadRequest")
    );
}

/// The facts a filter looks at, read back from a Graph message.
fn facts_of(message: &Value) -> FilterFacts {
    let received = time::OffsetDateTime::parse(
        received(message),
        &time::format_description::well_known::Rfc3339,
    )
    .unwrap();
    FilterFacts {
        received_unix: received.unix_timestamp(),
        from: message["from"]["emailAddress"]["address"]
            .as_str()
            .unwrap()
            .to_owned(),
        categories: message["categories"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap().to_owned())
            .collect(),
        has_attachments: message["hasAttachments"].as_bool().unwrap(),
        flagged: message["flag"]["flagStatus"] == "flagged",
    }
}

#[tokio::test]
async fn filter_subset_selects_exactly_the_matching_messages() {
    let microsoft = start_default().await;
    let token = microsoft.access_token_for("alex@contoso.test").await;
    let (everything, _) = microsoft
        .walk(&token, "/me/mailFolders/inbox/messages?$top=1000")
        .await;
    let filters = [
        r#"{"AND": [{"key": "after", "value": "2024/01/07"}, {"OR": [{"key": "category", "value": "Personal"}, {"key": "category", "value": "Test"}]}]}"#,
        r#"{"key": "is", "value": "flagged"}"#,
        r#"{"AND": [{"key": "has", "value": "attachment"}, {"key": "before", "value": "2025/06/01"}]}"#,
        r#"{"key": "from", "value": "MEGAN.BOWEN@contoso.test"}"#,
        r#"{"OR": [{"key": "category", "value": "finance"}, {"key": "is", "value": "flagged"}]}"#,
    ];
    for json in filters {
        let filter = parse_str(json).unwrap().filter;
        let graph = to_graph(&filter);
        let odata = graph.filter.expect("these filters translate fully");
        let expected: Vec<&str> = everything
            .iter()
            .filter(|m| filter.matches(&facts_of(m)))
            .map(|m| m["id"].as_str().unwrap())
            .collect();
        assert!(
            !expected.is_empty() && expected.len() < everything.len(),
            "{json}: a selective filter"
        );
        let encoded: String = url::form_urlencoded::byte_serialize(odata.as_bytes()).collect();
        // Small pages: the nextLink must carry the $filter on.
        let (got, pages) = microsoft
            .walk(
                &token,
                &format!("/me/mailFolders/inbox/messages?$filter={encoded}&$top=7"),
            )
            .await;
        let got: Vec<&str> = got.iter().map(|m| m["id"].as_str().unwrap()).collect();
        assert_eq!(got, expected, "{json} as {odata}");
        assert_eq!(pages, expected.len().div_ceil(7).max(1));
    }
    let (status, body) = microsoft
        .graph(
            &token,
            "/me/mailFolders/inbox/messages?$filter=subject%20eq%20'x'",
        )
        .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::BAD_REQUEST, "BadRequest")
    );
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("filter"));
}

#[tokio::test]
async fn attachments_of_a_message() {
    let microsoft = start_default().await;
    let token = microsoft.access_token_for("alex@contoso.test").await;
    let page = microsoft
        .graph_ok(
            &token,
            "/me/mailFolders/inbox/messages?$filter=hasAttachments%20eq%20true&$top=3",
        )
        .await;
    for message in page["value"].as_array().unwrap() {
        let id = message["id"].as_str().unwrap();
        let attachments = microsoft
            .graph_ok(&token, &format!("/me/messages/{id}/attachments"))
            .await;
        let attachments = attachments["value"].as_array().unwrap();
        assert!(!attachments.is_empty());
        for attachment in attachments {
            assert!(attachment["name"].as_str().is_some_and(|n| n.contains('.')));
            assert!(attachment["contentType"]
                .as_str()
                .is_some_and(|t| t.contains('/')));
            assert!(attachment["size"].as_u64().is_some_and(|s| s > 0));
            assert!(attachment["id"].as_str().is_some());
        }
        let single = microsoft
            .graph_ok(&token, &format!("/me/messages/{id}"))
            .await;
        assert_eq!(single["subject"], message["subject"]);
    }
    let (status, body) = microsoft
        .graph(&token, "/me/messages/AAMkAGnope/attachments")
        .await;
    assert_eq!(
        (status, error_code(&body)),
        (StatusCode::NOT_FOUND, "ErrorItemNotFound")
    );
}

#[tokio::test]
async fn the_same_seed_gives_the_same_mail_and_another_seed_other_mail() {
    let seeded = |seed| MicrosoftConfig {
        mailbox_seed: seed,
        ..MicrosoftConfig::default()
    };
    let (one, same, other) = (
        start(seeded(7)).await,
        start(seeded(7)).await,
        start(seeded(8)).await,
    );
    let mut newest = Vec::new();
    for microsoft in [&one, &same, &other] {
        let token = microsoft.access_token_for("alex@contoso.test").await;
        let page = microsoft
            .graph_ok(&token, "/me/mailFolders/inbox/messages?$top=5")
            .await;
        newest.push(page["value"].clone());
    }
    assert_eq!(newest[0], newest[1]);
    assert_ne!(newest[0], newest[2]);
}

#[tokio::test]
async fn unregistered_redirect_uris_get_an_error_page_never_a_redirect() {
    let microsoft = start_default().await;
    let with_redirect = |uri: &str, prompt: Option<&str>| {
        let mut params: Vec<(&str, String)> = microsoft
            .authorize_params()
            .into_iter()
            .filter(|(name, _)| *name != "redirect_uri")
            .collect();
        params.push(("redirect_uri", uri.to_owned()));
        if let Some(prompt) = prompt {
            params.push(("prompt", prompt.to_owned()));
        }
        params
    };
    for uri in [
        "https://evil.example/callback",
        "http://127.0.0.1:9/integrations/outlook/callback?app=2",
        "http://127.0.0.1:10/integrations/outlook/callback?app=1",
        "http://127.0.0.1:9/integrations/outlook/callback",
    ] {
        for prompt in [None, Some("none")] {
            let params = with_redirect(uri, prompt);
            for response in [
                microsoft.authorize_page(&params).await,
                microsoft.pick(&params, "alex@contoso.test").await,
            ] {
                assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{uri}");
                assert!(response.headers().get("location").is_none(), "{uri}");
                let html = response.text().await.unwrap();
                assert!(html.contains("AADSTS50011"), "{uri}: {html}");
                assert!(!html.contains("<form"), "{uri}");
            }
        }
    }
    // The registered one still works, silently (prompt=none) or by picking an account.
    let silent = microsoft
        .authorize_page(&with_redirect(REDIRECT_URI, Some("none")))
        .await;
    assert_eq!(silent.status(), StatusCode::SEE_OTHER);
    assert!(silent.headers()["location"].to_str().unwrap().starts_with(
        "http://127.0.0.1:9/integrations/outlook/callback?app=1&error=login_required"
    ));
    assert!(microsoft
        .sign_in("alex@contoso.test")
        .await
        .contains_key("code"));
}

#[tokio::test]
async fn the_tenant_segment_cannot_send_the_form_to_another_host() {
    let microsoft = start_default().await;
    let query = serde_urlencoded_params(&microsoft.authorize_params());
    for tenant_segment in [
        "%2F%2Fevil.example",
        "%2F%2Fevil.example%2Fx",
        "..%2F..",
        "evil.example%3Fx",
    ] {
        let response = microsoft
            .client
            .get(format!(
                "{}/{tenant_segment}/oauth2/v2.0/authorize?{query}",
                microsoft.base
            ))
            .send()
            .await
            .unwrap();
        assert_eq!(
            response.status(),
            StatusCode::BAD_REQUEST,
            "{tenant_segment}"
        );
        assert!(response.headers().get("location").is_none());
        let html = response.text().await.unwrap();
        assert!(
            html.contains("AADSTS90002") && !html.contains("<form"),
            "{html}"
        );
        let form: Vec<(&str, &str)> = vec![("grant_type", "refresh_token"), ("refresh_token", "x")];
        let token = microsoft
            .client
            .post(format!(
                "{}/{tenant_segment}/oauth2/v2.0/token",
                microsoft.base
            ))
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(token.status(), StatusCode::BAD_REQUEST);
        let body: Value = token.json().await.unwrap();
        assert!(
            body["error_description"]
                .as_str()
                .unwrap()
                .contains("AADSTS90002"),
            "{body}"
        );
    }
    for tenant in [
        "common",
        "contoso.onmicrosoft.com",
        "3b7a9c2e-5d41-4f6a-9b0c-0a1b2c3d4e5f",
    ] {
        let response = microsoft
            .client
            .get(format!(
                "{}/{tenant}/oauth2/v2.0/authorize?{query}",
                microsoft.base
            ))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{tenant}");
        let csp = response.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(
            csp.contains("form-action 'self' http://127.0.0.1:9;")
                && csp.contains("base-uri 'none'"),
            "{csp}"
        );
        let html = response.text().await.unwrap();
        let action = format!("<form method=\"post\" action=\"/{tenant}/oauth2/v2.0/authorize\">");
        assert!(html.contains(&action), "{tenant}: {html}");
    }
}

fn serde_urlencoded_params(params: &[(&str, String)]) -> String {
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    for (name, value) in params {
        query.append_pair(name, value);
    }
    query.finish()
}
