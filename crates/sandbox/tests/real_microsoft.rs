//! The sandbox with a customer's own app registration, against an independent stand-in for Microsoft (wiremock,
//! not the sandbox's emulated Microsoft): the authorize URL the popup opens, the code exchange and the refresh at
//! the token endpoint, and the Graph calls — each in the shape Microsoft's identity platform v2.0 and Graph v1.0
//! document (README "Real Microsoft with your own app"). Nothing here talks to the emulated Microsoft.

mod common;

use std::collections::HashMap;

use base64::Engine as _;
use common::{test_config, Auth, Sandbox};
use outlook_connect_sandbox::DbLocation;
use reqwest::StatusCode;
use serde_json::json;
use sha2::{Digest, Sha256};
use wiremock::matchers::{body_string_contains, header, method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const CLIENT_ID: &str = "6731de76-14a6-49ae-97bc-6eba6914391e";
const CLIENT_SECRET: &str = "a-customers-client-secret";
/// What a customer app asks for: mail read-only, a refresh token, who the user is, and their categories.
const SCOPES: [&str; 5] = [
    "Mail.Read",
    "offline_access",
    "openid",
    "User.Read",
    "MailboxSettings.Read",
];

fn form_of(request: &Request) -> HashMap<String, String> {
    url::form_urlencoded::parse(&request.body)
        .into_owned()
        .collect()
}

fn scopes_of(text: &str) -> Vec<&str> {
    let mut scopes: Vec<&str> = text.split(' ').collect();
    scopes.sort_unstable();
    scopes
}

fn sorted_scopes() -> Vec<&'static str> {
    let mut scopes = SCOPES.to_vec();
    scopes.sort_unstable();
    scopes
}

/// Microsoft's side: the token endpoint answers the code grant with a token that is already near its expiry (so
/// the next call must refresh) and the refresh grant with a fresh one; Graph answers `/me` and the folder list only
/// for the token each step should be using.
async fn stand_in_for_microsoft() -> MockServer {
    let microsoft = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/common/oauth2/v2.0/token"))
        .and(body_string_contains("grant_type=authorization_code"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "token_type": "Bearer", "scope": SCOPES.join(" "), "expires_in": 30, "ext_expires_in": 30,
            "access_token": "access-1", "refresh_token": "refresh-1", "id_token": "x.y.z",
        })))
        .expect(1)
        .mount(&microsoft)
        .await;
    Mock::given(method("POST"))
        .and(path("/common/oauth2/v2.0/token"))
        .and(body_string_contains("grant_type=refresh_token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "token_type": "Bearer", "scope": SCOPES.join(" "), "expires_in": 3599,
            "access_token": "access-2", "refresh_token": "refresh-2",
        })))
        .expect(1)
        .mount(&microsoft)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1.0/me"))
        .and(header("authorization", "Bearer access-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "id": "87d349ed-44d7-43e1-9a83-5f2406dee5bd", "displayName": "Megan Bowen",
            "mail": "MeganB@contoso.onmicrosoft.com", "userPrincipalName": "MeganB@contoso.onmicrosoft.com",
        })))
        .mount(&microsoft)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1.0/me/mailFolders"))
        .and(query_param("$top", "100"))
        .and(header("authorization", "Bearer access-2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "value": [{
                "id": "AAMkAGVmMDEzMTM4LTZmYWUtNDdkNC1hMDZiLTU1OGY5OTZhYmY4OAAuAAAAAAAiQ8W967B7TKBjgx9rVEURAQAiIsqMbYjsT5e-T7KzowPTAAAAAAEMAAA=",
                "displayName": "Inbox", "parentFolderId": "AAMkAGVmMDEzMTM4LTZmYWUtNDdkNC1hMDZiLTU1OGY5OTZhYmY4OAAuAAAAAAAiQ8W967B7TKBjgx9rVEURAQAiIsqMbYjsT5e-T7KzowPTAAAAAAEIAAA=",
                "childFolderCount": 0, "unreadItemCount": 2, "totalItemCount": 7, "isHidden": false,
            }],
        })))
        .mount(&microsoft)
        .await;
    microsoft
}

#[tokio::test]
async fn a_customer_app_signs_in_refreshes_and_reads_graph_in_the_documented_shape() {
    let microsoft = stand_in_for_microsoft().await;
    let mut config = test_config(DbLocation::Memory);
    config.microsoft_authority_url = Some(microsoft.uri());
    config.graph_url = Some(format!("{}/v1.0", microsoft.uri()));
    config.client_id = CLIENT_ID.into();
    config.client_secret = CLIENT_SECRET.into();
    let sandbox = Sandbox::start_with(config).await;
    let auth = Auth::Token(sandbox.token_for("megan").await);
    let redirect_uri = format!("{}/integrations/outlook", sandbox.api_url);

    // 1. The authorize URL the widget's popup opens: Microsoft's, for this app, with PKCE.
    let (status, body) = sandbox
        .post(
            "/integrations/oauth_url",
            &auth,
            json!({"service": "OUTLOOK"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let authorize = url::Url::parse(body["oauth_url"].as_str().expect("oauth_url")).unwrap();
    assert_eq!(
        authorize.origin().ascii_serialization(),
        microsoft.uri(),
        "the popup goes to the configured authority"
    );
    assert_eq!(authorize.path(), "/common/oauth2/v2.0/authorize");
    let query: HashMap<String, String> = authorize.query_pairs().into_owned().collect();
    assert_eq!(query["client_id"], CLIENT_ID);
    assert_eq!(query["response_type"], "code");
    assert_eq!(query["redirect_uri"], redirect_uri);
    assert_eq!(query["response_mode"], "query");
    assert_eq!(query["code_challenge_method"], "S256");
    assert_eq!(scopes_of(&query["scope"]), sorted_scopes());
    assert!(!query["state"].is_empty());
    assert!(
        !query.contains_key("client_secret"),
        "the secret never reaches the browser"
    );

    // 2. The person signs in at Microsoft, which redirects the popup to the app's redirect URI with a code.
    let callback = format!(
        "{redirect_uri}?code=M.C507_BAY.2.U.code-from-microsoft&state={}",
        query["state"]
    );
    let (status, html) = sandbox.follow_callback(&callback).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(
        html.contains("Your Outlook account is connected."),
        "{html}"
    );
    let sources = sandbox.data_sources(&auth).await;
    assert_eq!(sources.len(), 1);
    assert_eq!(
        sources[0]["data_source_external_id"],
        "MeganB@contoso.onmicrosoft.com"
    );
    let source_id = sources[0]["id"].as_i64().expect("id");

    // The code grant, as the token endpoint received it: a form post with the secret and the PKCE verifier.
    let received = microsoft
        .received_requests()
        .await
        .expect("recording is on");
    let token_posts: Vec<&Request> = received
        .iter()
        .filter(|request| request.url.path() == "/common/oauth2/v2.0/token")
        .collect();
    assert_eq!(token_posts.len(), 1, "one code exchange so far");
    let exchange = token_posts[0];
    assert_eq!(
        exchange.headers.get("content-type").unwrap(),
        "application/x-www-form-urlencoded"
    );
    let form = form_of(exchange);
    let mut keys: Vec<&str> = form.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "client_id",
            "client_secret",
            "code",
            "code_verifier",
            "grant_type",
            "redirect_uri",
            "scope"
        ]
    );
    assert_eq!(form["grant_type"], "authorization_code");
    assert_eq!(form["code"], "M.C507_BAY.2.U.code-from-microsoft");
    assert_eq!(
        form["redirect_uri"], redirect_uri,
        "the same redirect URI as the authorize request"
    );
    assert_eq!(form["client_id"], CLIENT_ID);
    assert_eq!(form["client_secret"], CLIENT_SECRET);
    assert_eq!(scopes_of(&form["scope"]), sorted_scopes());
    let challenge = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(Sha256::digest(form["code_verifier"].as_bytes()));
    assert_eq!(
        challenge, query["code_challenge"],
        "S256(code_verifier) is the challenge the authorize URL carried"
    );
    assert!(
        (43..=128).contains(&form["code_verifier"].len()),
        "RFC 7636 verifier length"
    );

    // Then who signed in: Graph /me with the new access token.
    let me: Vec<&Request> = received
        .iter()
        .filter(|request| request.url.path() == "/v1.0/me")
        .collect();
    assert_eq!(me.len(), 1);
    assert_eq!(
        me[0].headers.get("authorization").unwrap(),
        "Bearer access-1"
    );

    // 3. The access token is within a minute of expiring: listing folders refreshes it first, then calls Graph.
    let (status, folders) = sandbox
        .get(
            &format!("/integrations/outlook/user_folders?data_source_id={source_id}"),
            &auth,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{folders}");
    assert_eq!(folders[0]["displayName"], "Inbox", "{folders}");
    assert_eq!(
        folders[0]["parentFolderId"],
        json!(null),
        "the root is not a folder of the list"
    );
    let received = microsoft
        .received_requests()
        .await
        .expect("recording is on");
    let refresh = received
        .iter()
        .filter(|request| request.url.path() == "/common/oauth2/v2.0/token")
        .nth(1)
        .expect("a refresh-token grant");
    let form = form_of(refresh);
    let mut keys: Vec<&str> = form.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "client_id",
            "client_secret",
            "grant_type",
            "refresh_token",
            "scope"
        ]
    );
    assert_eq!(form["grant_type"], "refresh_token");
    assert_eq!(form["refresh_token"], "refresh-1");
    assert_eq!(form["client_id"], CLIENT_ID);
    assert_eq!(form["client_secret"], CLIENT_SECRET);
    assert_eq!(scopes_of(&form["scope"]), sorted_scopes());
    let folder_calls: Vec<&Request> = received
        .iter()
        .filter(|request| request.url.path() == "/v1.0/me/mailFolders")
        .collect();
    assert_eq!(folder_calls.len(), 1);
    assert_eq!(
        folder_calls[0].headers.get("authorization").unwrap(),
        "Bearer access-2",
        "Graph gets the refreshed token"
    );
    let paths: Vec<&str> = received.iter().map(|request| request.url.path()).collect();
    assert!(
        paths
            .iter()
            .all(|path| path.starts_with("/common/oauth2/v2.0/") || path.starts_with("/v1.0/")),
        "only the identity platform and Graph were called: {paths:?}"
    );
    sandbox.stop().await;
    // `expect(1)` on each token mock: exactly one code exchange and one refresh (checked when `microsoft` drops).
}
