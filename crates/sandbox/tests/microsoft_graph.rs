//! The emulated Graph over real HTTP: tokens and scopes, the folder tree (child folders, well-known names, markup and
//! unicode names), master categories, messages with paging (`@odata.nextLink`, `$top`) and `$filter`, attachments,
//! errors, and deterministic mail from a seed.

mod common;

use common::filter_message;
use common::microsoft::*;
use outlook_connect_filter::graph::to_graph;
use outlook_connect_filter::parse_str;
use outlook_connect_sandbox::microsoft::MicrosoftConfig;
use reqwest::StatusCode;
use serde_json::Value;
use std::collections::HashSet;
use url::Url;

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
            .filter(|m| filter.matches(&filter_message(m)))
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
