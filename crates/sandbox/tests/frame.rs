//! Frame mode's serving (issue #13): the widget's own origin serves `--dist` like a CDN, `frame.html` goes out
//! with its own policy (WebAssembly allowed, embeddable only by the configured ancestors) from both origins, and
//! `/demo/strict` is the demo under a policy without `'wasm-unsafe-eval'` that loads the widget from the widget's
//! origin.

mod common;

use std::path::PathBuf;

use common::{test_config, Sandbox};
use outlook_connect_sandbox::{start, DbLocation, SandboxConfig};
use reqwest::StatusCode;

/// A `--dist` with the files frame mode needs.
struct Dist(PathBuf);

impl Dist {
    fn create() -> Dist {
        let dir = std::env::temp_dir().join(format!("oc-frame-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).expect("dir");
        for (name, body) in [
            ("frame.html", "<!doctype html><title>frame</title>"),
            ("outlook-connect.js", "/* loader */"),
            ("outlook-connect-frame.js", "/* frame side */"),
            ("outlook-connect-frame-client.js", "/* host side */"),
            ("demo.js", "/* demo */"),
        ] {
            std::fs::write(dir.join(name), body).expect("file");
        }
        Dist(dir)
    }

    fn config(&self) -> SandboxConfig {
        SandboxConfig {
            dist_dir: self.0.clone(),
            ..test_config(DbLocation::Memory)
        }
    }
}

impl Drop for Dist {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn header(response: &reqwest::Response, name: &str) -> String {
    response
        .headers()
        .get(name)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_string()
}

#[tokio::test]
async fn frame_html_has_its_own_policy_on_both_origins() {
    let dist = Dist::create();
    let sandbox = Sandbox::start_with(dist.config()).await;
    for origin in [&sandbox.widget_url, &sandbox.host_url] {
        let response = sandbox
            .http
            .get(format!("{origin}/frame.html"))
            .send()
            .await
            .expect("frame.html");
        assert_eq!(response.status(), StatusCode::OK, "{origin}");
        let policy = header(&response, "content-security-policy");
        assert_eq!(
            policy,
            format!(
                "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self' {}; \
                 img-src 'self' data: https: {host}; base-uri 'none'; form-action 'none'; frame-ancestors {host}",
                sandbox.api_url,
                host = sandbox.host_url
            ),
            "{origin}"
        );
        assert!(
            !policy.contains("unsafe-inline") && !policy.contains("'unsafe-eval'"),
            "{policy}"
        );
    }
    sandbox.stop().await;
}

#[tokio::test]
async fn the_widget_origin_is_a_cdn_for_dist_only() {
    let dist = Dist::create();
    let sandbox = Sandbox::start_with(dist.config()).await;
    assert_ne!(sandbox.widget_url, sandbox.host_url);
    let script = sandbox
        .http
        .get(format!(
            "{}/outlook-connect-frame-client.js",
            sandbox.widget_url
        ))
        .send()
        .await
        .expect("client");
    assert_eq!(script.status(), StatusCode::OK);
    assert_eq!(header(&script, "access-control-allow-origin"), "*");
    assert!(header(&script, "content-type").starts_with("text/javascript"));
    assert_eq!(header(&script, "x-content-type-options"), "nosniff");
    let frame = sandbox
        .http
        .get(format!("{}/frame.html", sandbox.widget_url))
        .send()
        .await
        .expect("frame");
    assert_eq!(
        header(&frame, "access-control-allow-origin"),
        "",
        "the page is not for fetch()"
    );
    for missing in ["/demo/token", "/demo/strict", "/nothing.js"] {
        let response = sandbox
            .http
            .get(format!("{}{missing}", sandbox.widget_url))
            .send()
            .await
            .expect("missing");
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{missing}");
    }
    sandbox.stop().await;
}

#[tokio::test]
async fn frame_ancestors_are_configurable_and_checked() {
    let dist = Dist::create();
    let sandbox = Sandbox::start_with(SandboxConfig {
        frame_ancestors: vec![
            "https://app.example.com".into(),
            "http://localhost:3000/".into(),
        ],
        ..dist.config()
    })
    .await;
    let response = sandbox
        .http
        .get(format!("{}/frame.html", sandbox.widget_url))
        .send()
        .await
        .expect("frame.html");
    let policy = header(&response, "content-security-policy");
    assert!(
        policy.ends_with("frame-ancestors https://app.example.com http://localhost:3000"),
        "{policy}"
    );
    sandbox.stop().await;

    for bad in [
        "app.example.com",
        "https://app.example.com/path",
        "ftp://x.test",
    ] {
        let error = start(SandboxConfig {
            frame_ancestors: vec![bad.into()],
            ..dist.config()
        })
        .await
        .err()
        .expect("refused");
        assert!(error.to_string().contains(bad), "{error}");
    }
}

#[tokio::test]
async fn the_strict_demo_page_blocks_wasm_and_loads_the_widget_from_its_origin() {
    let dist = Dist::create();
    let sandbox = Sandbox::start_with(dist.config()).await;
    let response = sandbox
        .http
        .get(format!("{}/demo/strict", sandbox.host_url))
        .send()
        .await
        .expect("strict page");
    assert_eq!(response.status(), StatusCode::OK);
    let policy = header(&response, "content-security-policy");
    let widget = &sandbox.widget_url;
    assert_eq!(
        policy,
        format!(
            "default-src 'self'; script-src 'self' {widget}; frame-src {widget}; connect-src 'self'; \
             style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
        )
    );
    assert!(!policy.contains("wasm-unsafe-eval"));
    let page = response.text().await.expect("page");
    assert!(page.contains(&format!(
        "<script src=\"{widget}/outlook-connect.js\"></script>"
    )));
    assert!(
        page.contains("<script src=\"/demo.js\"></script>"),
        "the normal page's snippet"
    );
    assert!(
        !page.contains("<script>") && !page.contains("style="),
        "nothing inline"
    );
    // The normal demo page keeps its own policy.
    let normal = sandbox
        .http
        .get(format!("{}/demo.js", sandbox.host_url))
        .send()
        .await
        .expect("demo.js");
    assert!(header(&normal, "content-security-policy").contains("'wasm-unsafe-eval'"));
    sandbox.stop().await;
}
