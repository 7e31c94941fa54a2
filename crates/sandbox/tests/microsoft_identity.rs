//! The emulated identity platform over real HTTP: the sign-in page and its form, authorize → token with PKCE,
//! single-use codes bound to redirect URI, client and secret, refresh and expiry, consent denial, a broken
//! exchange, COOP, registered redirect URIs and the tenant segment.

mod common;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use common::microsoft::*;
use common::unescape_html;
use outlook_connect_sandbox::microsoft::{test_mailboxes, MicrosoftConfig};
use reqwest::StatusCode;
use serde_json::Value;
use std::collections::HashMap;
use std::time::Duration;
use url::Url;

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
