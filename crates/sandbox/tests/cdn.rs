//! Serving like a CDN (issue #11): the API's CORS preflight is cached by the browser, and the demo host serves the
//! widget bundle from `--dist` compressed by `Accept-Encoding`, with an ETag per representation, 304s, cache
//! lifetimes by name and the right content types.

mod common;

use std::io::Read;
use std::path::PathBuf;

use common::{test_config, Sandbox};
use outlook_connect_sandbox::{DbLocation, SandboxConfig};
use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};

/// A `--dist` directory with a loader, a wasm (stable and versioned names), a page and an image.
struct Dist {
    dir: PathBuf,
    js: Vec<u8>,
    wasm: Vec<u8>,
}

impl Dist {
    fn create() -> Dist {
        let dir = std::env::temp_dir().join(format!("oc-cdn-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).expect("dir");
        let js: Vec<u8> = (0..400)
            .flat_map(|i| {
                format!("window.OutlookConnect.queue.push({i}); // loader line {i}\n").into_bytes()
            })
            .collect();
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        wasm.extend((0..40_000u32).map(|i| (i % 251) as u8 ^ (i / 997) as u8));
        std::fs::write(dir.join("outlook-connect.js"), &js).expect("js");
        std::fs::write(dir.join("outlook-connect.wasm"), &wasm).expect("wasm");
        std::fs::write(dir.join("outlook-connect.0.1.0.wasm"), &wasm).expect("versioned wasm");
        std::fs::write(
            dir.join("index.html"),
            "<!doctype html><title>demo</title>".repeat(20),
        )
        .expect("html");
        std::fs::write(
            dir.join("logo.png"),
            b"\x89PNG\r\n\x1a\n-not-really-an-image-",
        )
        .expect("png");
        Dist { dir, js, wasm }
    }

    async fn sandbox(&self) -> Sandbox {
        Sandbox::start_with(SandboxConfig {
            dist_dir: self.dir.clone(),
            ..test_config(DbLocation::Memory)
        })
        .await
    }
}

impl Drop for Dist {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// `GET` (or another method) of a host path with `Accept-Encoding` (none when `None`) and more headers.
async fn fetch(
    sandbox: &Sandbox,
    method: Method,
    path: &str,
    accept_encoding: Option<&str>,
    extra: &[(&str, &str)],
) -> (StatusCode, HeaderMap, Vec<u8>) {
    let mut request = sandbox
        .http
        .request(method, format!("{}{path}", sandbox.host_url));
    if let Some(accept) = accept_encoding {
        request = request.header("accept-encoding", accept);
    }
    for (name, value) in extra {
        request = request.header(*name, *value);
    }
    let response = request.send().await.expect("answer");
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.bytes().await.expect("body").to_vec();
    (status, headers, body)
}

/// A `GET` written by hand on a socket, so the path reaches the server exactly as given; the whole answer as text.
async fn raw_get(sandbox: &Sandbox, path: &str) -> String {
    use std::io::Write;
    let address = sandbox.host_url.trim_start_matches("http://").to_owned();
    let request = format!("GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n");
    tokio::task::spawn_blocking(move || {
        let mut stream = std::net::TcpStream::connect(&address).expect("connect");
        stream.write_all(request.as_bytes()).expect("write");
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).expect("read");
        String::from_utf8_lossy(&answer).into_owned()
    })
    .await
    .expect("raw request")
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> &'a str {
    headers
        .get(name)
        .map(|value| value.to_str().expect("text"))
        .unwrap_or_default()
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .expect("gzip");
    out
}

fn unbrotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    brotli::Decompressor::new(bytes, 4096)
        .read_to_end(&mut out)
        .expect("brotli");
    out
}

#[tokio::test]
async fn api_preflights_are_cached_for_two_hours() {
    let sandbox = Sandbox::start().await;
    for (path, method) in [
        ("/user_files_v2", "POST"),
        ("/integrations/outlook/user_folders", "GET"),
    ] {
        let preflight = sandbox
            .http
            .request(Method::OPTIONS, format!("{}{path}", sandbox.api_url))
            .header("origin", "https://host.example")
            .header("access-control-request-method", method)
            .header(
                "access-control-request-headers",
                "authorization, content-type",
            )
            .send()
            .await
            .expect("answer");
        assert!(preflight.status().is_success(), "{path}");
        assert_eq!(
            preflight.headers()["access-control-max-age"],
            "7200",
            "{path}"
        );
    }
    sandbox.stop().await;
}

#[tokio::test]
async fn the_bundle_is_served_brotli_then_gzip_then_identity() {
    let dist = Dist::create();
    let sandbox = dist.sandbox().await;
    for (path, original, content_type) in [
        (
            "/outlook-connect.js",
            &dist.js,
            "text/javascript; charset=utf-8",
        ),
        ("/outlook-connect.wasm", &dist.wasm, "application/wasm"),
    ] {
        let cases: [(Option<&str>, &str); 6] = [
            (Some("gzip, deflate, br, zstd"), "br"),
            (Some("br"), "br"),
            (Some("gzip, br;q=0"), "gzip"),
            (Some("gzip"), "gzip"),
            (Some("identity"), ""),
            (None, ""),
        ];
        for (accept, expected) in cases {
            let (status, headers, body) = fetch(&sandbox, Method::GET, path, accept, &[]).await;
            assert_eq!(status, StatusCode::OK, "{path} {accept:?}");
            assert_eq!(
                header(&headers, "content-encoding"),
                expected,
                "{path} {accept:?}"
            );
            assert_eq!(header(&headers, "content-type"), content_type, "{path}");
            assert_eq!(
                header(&headers, "vary"),
                "accept-encoding",
                "{path} {accept:?}"
            );
            assert_eq!(header(&headers, "content-length"), body.len().to_string());
            let decoded = match expected {
                "br" => unbrotli(&body),
                "gzip" => gunzip(&body),
                _ => body.clone(),
            };
            assert_eq!(
                &decoded, original,
                "{path} {accept:?}: the decompressed body is the file"
            );
            if !expected.is_empty() {
                assert!(body.len() < original.len(), "{path} {expected} is smaller");
            }
        }
    }
    let (_, headers, _) = fetch(&sandbox, Method::GET, "/", Some("br"), &[]).await;
    assert_eq!(header(&headers, "content-type"), "text/html; charset=utf-8");
    assert_eq!(header(&headers, "content-encoding"), "br");
    let (_, headers, body) = fetch(&sandbox, Method::GET, "/logo.png", Some("br, gzip"), &[]).await;
    assert_eq!(header(&headers, "content-type"), "image/png");
    assert_eq!(
        header(&headers, "content-encoding"),
        "",
        "images are not compressed again"
    );
    assert!(body.starts_with(b"\x89PNG"));
    sandbox.stop().await;
}

#[tokio::test]
async fn each_representation_has_its_own_etag_and_a_match_is_a_304() {
    let dist = Dist::create();
    let sandbox = dist.sandbox().await;
    let path = "/outlook-connect.wasm";
    let mut tags = Vec::new();
    for accept in ["br", "gzip", "identity"] {
        let (_, headers, _) = fetch(&sandbox, Method::GET, path, Some(accept), &[]).await;
        let etag = header(&headers, "etag").to_owned();
        assert!(
            etag.starts_with('"') && etag.ends_with('"'),
            "a strong ETag: {etag}"
        );
        tags.push(etag);
    }
    assert!(
        tags[0] != tags[1] && tags[1] != tags[2] && tags[0] != tags[2],
        "{tags:?}"
    );

    let (status, headers, body) = fetch(
        &sandbox,
        Method::GET,
        path,
        Some("br"),
        &[("if-none-match", &tags[0])],
    )
    .await;
    assert_eq!(status, StatusCode::NOT_MODIFIED);
    assert!(body.is_empty());
    assert_eq!(header(&headers, "etag"), tags[0]);
    assert_eq!(header(&headers, "cache-control"), "no-cache");
    assert_eq!(header(&headers, "vary"), "accept-encoding");
    let list = format!("\"other\", {}", tags[1]);
    let (status, _, _) = fetch(
        &sandbox,
        Method::GET,
        path,
        Some("gzip"),
        &[("if-none-match", &list)],
    )
    .await;
    assert_eq!(
        status,
        StatusCode::NOT_MODIFIED,
        "a list that names the tag"
    );
    let (status, headers, body) = fetch(
        &sandbox,
        Method::GET,
        path,
        Some("gzip"),
        &[("if-none-match", &tags[0])],
    )
    .await;
    assert_eq!(
        status,
        StatusCode::OK,
        "the brotli tag does not validate the gzip form"
    );
    assert_eq!(gunzip(&body), dist.wasm);
    assert_eq!(header(&headers, "etag"), tags[1]);

    std::fs::write(
        dist.dir.join("outlook-connect.wasm"),
        b"\0asm\x01\0\0\0rebuilt",
    )
    .expect("rebuild");
    let (status, headers, body) = fetch(
        &sandbox,
        Method::GET,
        path,
        None,
        &[("if-none-match", &tags[2])],
    )
    .await;
    assert_eq!(status, StatusCode::OK, "a rebuilt file is a new version");
    assert_eq!(body, b"\0asm\x01\0\0\0rebuilt");
    assert_ne!(header(&headers, "etag"), tags[2]);
    sandbox.stop().await;
}

#[tokio::test]
async fn versioned_names_are_immutable_and_stable_names_revalidate() {
    let dist = Dist::create();
    let sandbox = dist.sandbox().await;
    let immutable = "public, max-age=31536000, immutable";
    for (path, cache_control) in [
        ("/outlook-connect.js", "no-cache"),
        ("/outlook-connect.wasm", "no-cache"),
        ("/", "no-cache"),
        ("/outlook-connect.0.1.0.wasm", immutable),
        ("/outlook-connect.js?v=0.1.0", immutable),
    ] {
        let (status, headers, _) = fetch(&sandbox, Method::GET, path, Some("br"), &[]).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert_eq!(header(&headers, "cache-control"), cache_control, "{path}");
        assert!(!header(&headers, "etag").is_empty(), "{path}");
    }
    let (_, headers, _) = fetch(
        &sandbox,
        Method::GET,
        "/outlook-connect.0.1.0.wasm",
        None,
        &[],
    )
    .await;
    assert_eq!(header(&headers, "content-type"), "application/wasm");
    sandbox.stop().await;
}

#[tokio::test]
async fn head_answers_the_headers_and_paths_stay_inside_dist() {
    let dist = Dist::create();
    let sandbox = dist.sandbox().await;
    let (status, get_headers, get_body) = fetch(
        &sandbox,
        Method::GET,
        "/outlook-connect.js",
        Some("gzip"),
        &[],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (status, headers, body) = fetch(
        &sandbox,
        Method::HEAD,
        "/outlook-connect.js",
        Some("gzip"),
        &[],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.is_empty());
    for name in [
        "etag",
        "content-encoding",
        "content-type",
        "cache-control",
        "vary",
    ] {
        assert_eq!(header(&headers, name), header(&get_headers, name), "{name}");
    }
    assert_eq!(
        header(&headers, "content-length"),
        get_body.len().to_string()
    );

    let (status, headers, _) =
        fetch(&sandbox, Method::POST, "/outlook-connect.js", None, &[]).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(header(&headers, "allow"), "GET, HEAD");
    let (status, headers, _) = fetch(&sandbox, Method::GET, "/missing.js", None, &[]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(header(&headers, "content-type").starts_with("text/html"));

    // A client library would normalize `..` away, so the escaping paths go out raw.
    std::fs::write(dist.dir.with_extension("secret"), "outside").expect("outside file");
    let secret = dist.dir.with_extension("secret");
    let name = secret.file_name().unwrap().to_str().unwrap();
    for path in [
        format!("/../{name}"),
        format!("/%2e%2e/{name}"),
        format!("/a/%2E%2E/..%2f{name}"),
    ] {
        let answer = raw_get(&sandbox, &path).await;
        assert!(answer.starts_with("HTTP/1.1 404"), "{path}: {answer}");
        assert!(!answer.contains("outside"), "{path}: {answer}");
    }
    let _ = std::fs::remove_file(dist.dir.with_extension("secret"));
    sandbox.stop().await;
}
