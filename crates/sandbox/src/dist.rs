//! The widget bundle (`--dist`) served the way a CDN serves it, so the demo and the end-to-end tests load the
//! widget as a host page would in production:
//!
//! - **Compressed by `Accept-Encoding`**: brotli when the client takes it, else gzip, else the file as it is
//!   (`Vary: Accept-Encoding`). Text and `.wasm` files are compressed once per file content, in memory, on first
//!   request (or when the file changed on disk since: a rebuild while the sandbox runs is picked up), never per
//!   request; a compressed form is kept only when it is smaller.
//! - **Validated**: every representation has its own strong `ETag` (a hash of the file, suffixed `-br`/`-gz`), and
//!   `If-None-Match` with a matching tag is answered `304 Not Modified` without a body.
//! - **Cached by name** ([`is_versioned`]): a versioned URL never changes, so it is cached for a year
//!   (`public, max-age=31536000, immutable`); the stable names the README's snippet uses (`outlook-connect.js`,
//!   and the `outlook-connect.wasm` it fetches from beside itself) are `no-cache`: stored, but revalidated with the
//!   ETag on every use, so a new build is seen at once and an unchanged one costs a 304.
//! - **Typed**: `.wasm` goes out as `application/wasm`, which `WebAssembly.instantiateStreaming` requires.
//!
//! Paths are decoded and must stay inside the directory (no `..`, no absolute or drive components); a directory
//! serves its `index.html`. Only `GET` and `HEAD` are answered.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use tokio::sync::OnceCell;

/// `Cache-Control` of a versioned URL: cached for a year and never revalidated.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// `Cache-Control` of a stable name: may be stored, but is revalidated (ETag → 304) before every use.
pub const REVALIDATE: &str = "no-cache";

/// The built widget's directory and the compressed forms of its files.
#[derive(Clone)]
pub struct Dist {
    dir: Arc<PathBuf>,
    cache: Arc<Mutex<HashMap<PathBuf, Cached>>>,
}

/// A file's compressed forms, for the file as it was when they were made (`stamp`).
struct Cached {
    stamp: Stamp,
    asset: Arc<OnceCell<Arc<Asset>>>,
}

/// What identifies a version of a file on disk without reading it.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
}

/// Every representation of one file.
struct Asset {
    identity: Bytes,
    gzip: Option<Bytes>,
    brotli: Option<Bytes>,
    /// A hash of the file's bytes: the ETag of the identity form, and the base of the others'.
    hash: String,
}

/// A content coding the sandbox can answer with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Brotli,
    Gzip,
    Identity,
}

impl Encoding {
    fn token(self) -> Option<&'static str> {
        match self {
            Encoding::Brotli => Some("br"),
            Encoding::Gzip => Some("gzip"),
            Encoding::Identity => None,
        }
    }

    fn etag_suffix(self) -> &'static str {
        match self {
            Encoding::Brotli => "-br",
            Encoding::Gzip => "-gz",
            Encoding::Identity => "",
        }
    }
}

/// What [`Dist::serve`] found for a request.
pub enum Served {
    /// The answer: the file (200), a 304, or a 405 for another method.
    Response(Response),
    /// No such file: the caller answers (the host shows a "not built yet" page).
    NotFound,
}

impl Dist {
    pub fn new(dir: PathBuf) -> Dist {
        Dist {
            dir: Arc::new(dir),
            cache: Arc::new(Mutex::new(HashMap::new())),
        }
    }

    /// The answer to `method uri` with `headers`, or [`Served::NotFound`].
    pub async fn serve(&self, method: &Method, uri: &Uri, headers: &HeaderMap) -> Served {
        let Some(relative) = safe_relative_path(uri.path()) else {
            return Served::NotFound;
        };
        let mut path = self.dir.join(&relative);
        let mut metadata = match tokio::fs::metadata(&path).await {
            Ok(metadata) => metadata,
            Err(_) => return Served::NotFound,
        };
        if metadata.is_dir() {
            path.push("index.html");
            metadata = match tokio::fs::metadata(&path).await {
                Ok(metadata) if metadata.is_file() => metadata,
                _ => return Served::NotFound,
            };
        }
        if method != Method::GET && method != Method::HEAD {
            let mut response = StatusCode::METHOD_NOT_ALLOWED.into_response();
            response
                .headers_mut()
                .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
            return Served::Response(response);
        }
        let stamp = Stamp {
            len: metadata.len(),
            modified: metadata.modified().ok(),
        };
        let compress = is_compressible(&path);
        let asset = match self.asset(&path, stamp, compress).await {
            Ok(asset) => asset,
            Err(error) => {
                eprintln!("sandbox: cannot read {}: {error}", path.display());
                return Served::NotFound;
            }
        };
        let encoding = if compress {
            negotiate(headers, asset.brotli.is_some(), asset.gzip.is_some())
        } else {
            Encoding::Identity
        };
        let body = match encoding {
            Encoding::Brotli => asset.brotli.clone(),
            Encoding::Gzip => asset.gzip.clone(),
            Encoding::Identity => None,
        }
        .unwrap_or_else(|| asset.identity.clone());
        let etag = format!("\"{}{}\"", asset.hash, encoding.etag_suffix());
        let name = path
            .file_name()
            .and_then(|name| name.to_str())
            .unwrap_or_default();
        let cache_control = if is_versioned(name, uri.query()) {
            IMMUTABLE
        } else {
            REVALIDATE
        };

        let not_modified = headers
            .get(header::IF_NONE_MATCH)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|tags| etag_matches(tags, &etag));
        let mut response = if not_modified {
            StatusCode::NOT_MODIFIED.into_response()
        } else if method == Method::HEAD {
            let mut response = Response::new(Body::empty());
            response
                .headers_mut()
                .insert(header::CONTENT_LENGTH, HeaderValue::from(body.len()));
            response
        } else {
            Response::new(Body::from(body))
        };
        let out = response.headers_mut();
        if let Ok(value) = HeaderValue::from_str(&etag) {
            out.insert(header::ETAG, value);
        }
        out.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static(cache_control),
        );
        if compress {
            out.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        }
        if !not_modified {
            out.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static(content_type(&path)),
            );
            if let Some(token) = encoding.token() {
                out.insert(header::CONTENT_ENCODING, HeaderValue::from_static(token));
            }
        }
        Served::Response(response)
    }

    /// The representations of the file at `path`, made once per `stamp` (a changed file is read again).
    async fn asset(
        &self,
        path: &Path,
        stamp: Stamp,
        compress: bool,
    ) -> std::io::Result<Arc<Asset>> {
        let cell = {
            let mut cache = self
                .cache
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            let cached = cache.entry(path.to_path_buf()).or_insert_with(|| Cached {
                stamp,
                asset: Arc::default(),
            });
            if cached.stamp != stamp {
                *cached = Cached {
                    stamp,
                    asset: Arc::default(),
                };
            }
            Arc::clone(&cached.asset)
        };
        let path = path.to_path_buf();
        cell.get_or_try_init(|| async move {
            let bytes = tokio::fs::read(&path).await?;
            tokio::task::spawn_blocking(move || Arc::new(Asset::of(bytes, compress)))
                .await
                .map_err(std::io::Error::other)
        })
        .await
        .cloned()
    }
}

impl Asset {
    fn of(bytes: Vec<u8>, compress: bool) -> Asset {
        let digest = Sha256::digest(&bytes);
        let hash: String = digest[..12]
            .iter()
            .map(|byte| format!("{byte:02x}"))
            .collect();
        let smaller =
            |compressed: Vec<u8>| (compressed.len() < bytes.len()).then(|| Bytes::from(compressed));
        let (gzip, brotli) = if compress {
            (smaller(gzip(&bytes)), smaller(brotli(&bytes)))
        } else {
            (None, None)
        };
        Asset {
            identity: Bytes::from(bytes),
            gzip,
            brotli,
            hash,
        }
    }
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder
        .write_all(bytes)
        .and_then(|()| encoder.finish())
        .expect("compressing into memory cannot fail")
}

fn brotli(bytes: &[u8]) -> Vec<u8> {
    let params = brotli::enc::BrotliEncoderParams {
        quality: BROTLI_QUALITY,
        lgwin: 22,
        ..Default::default()
    };
    let mut out = Vec::new();
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params)
        .expect("compressing into memory cannot fail");
    out
}

/// Brotli's best quality (11), as a CDN's precompression uses: each file is compressed once. A debug build uses 9:
/// unoptimized, 11 takes about 11 s for the 540 KB wasm (9: 0.6 s, 10% larger), which the first page load of the
/// demo or an end-to-end test would wait for.
const BROTLI_QUALITY: i32 = if cfg!(debug_assertions) { 9 } else { 11 };

/// The encoding to answer with: brotli when acceptable, then gzip, else identity. `Accept-Encoding` is read with
/// its q-values (`q=0` refuses a coding) and `*` (any other coding).
pub fn negotiate(headers: &HeaderMap, have_brotli: bool, have_gzip: bool) -> Encoding {
    let mut brotli_q = None;
    let mut gzip_q = None;
    let mut any_q = None;
    for value in headers.get_all(header::ACCEPT_ENCODING) {
        let Ok(text) = value.to_str() else { continue };
        for item in text.split(',') {
            let mut parts = item.split(';');
            let coding = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
            let q = parts
                .filter_map(|param| {
                    let (name, value) = param.split_once('=')?;
                    (name.trim().eq_ignore_ascii_case("q"))
                        .then(|| value.trim().parse::<f32>().ok())?
                })
                .next()
                .unwrap_or(1.0);
            match coding.as_str() {
                "br" => brotli_q = Some(q),
                "gzip" | "x-gzip" => gzip_q = Some(q),
                "*" => any_q = Some(q),
                _ => {}
            }
        }
    }
    let accepts = |q: Option<f32>| q.or(any_q).is_some_and(|q| q > 0.0);
    if have_brotli && accepts(brotli_q) {
        Encoding::Brotli
    } else if have_gzip && accepts(gzip_q) {
        Encoding::Gzip
    } else {
        Encoding::Identity
    }
}

/// Whether a URL names one version of a file for good, so it may be cached for a year: its query has a `v`
/// parameter (`outlook-connect.js?v=0.1.0`), or its file name carries, between dots, a version — two or more
/// numeric parts in a row (`outlook-connect.0.1.0.wasm`) — or a content hash — a part of 8 or more hex digits
/// with at least one digit (`outlook-connect.3f9a2c1b.js`). Every other name is stable (`outlook-connect.js`).
pub fn is_versioned(file_name: &str, query: Option<&str>) -> bool {
    let has_v = query.is_some_and(|query| {
        url::form_urlencoded::parse(query.as_bytes())
            .any(|(name, value)| name == "v" && !value.is_empty())
    });
    if has_v {
        return true;
    }
    let parts: Vec<&str> = file_name.split('.').collect();
    let numeric = |part: &&str| !part.is_empty() && part.chars().all(|c| c.is_ascii_digit());
    let version = parts.windows(2).any(|pair| pair.iter().all(numeric));
    let hash = parts.iter().any(|part| {
        part.len() >= 8
            && part.chars().all(|c| c.is_ascii_hexdigit())
            && part.chars().any(|c| c.is_ascii_digit())
    });
    version || hash
}

/// Whether an `If-None-Match` list names `etag` (weak comparison, as RFC 9110 asks for this header; `*` matches).
fn etag_matches(list: &str, etag: &str) -> bool {
    list.split(',')
        .map(str::trim)
        .any(|tag| tag == "*" || tag.strip_prefix("W/").unwrap_or(tag) == etag)
}

/// The path below the directory that `path` (a URL path) names, decoded; `None` when it would leave the directory.
fn safe_relative_path(path: &str) -> Option<PathBuf> {
    let decoded = percent_decode(path.trim_start_matches('/'))?;
    let mut relative = PathBuf::new();
    for component in Path::new(&decoded).components() {
        match component {
            Component::Normal(part) => relative.push(part),
            Component::CurDir => {}
            Component::ParentDir | Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(relative)
}

/// `%XX` escapes decoded; `None` when one is malformed, or the result is not UTF-8 or holds a NUL or a backslash.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%' {
            let hex = std::str::from_utf8(bytes.get(index + 1..index + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            index += 3;
        } else {
            out.push(bytes[index]);
            index += 1;
        }
    }
    let text = String::from_utf8(out).ok()?;
    (!text.contains('\0') && !text.contains('\\')).then_some(text)
}

/// Files worth compressing: text and WebAssembly (images and fonts are compressed already).
fn is_compressible(path: &Path) -> bool {
    matches!(
        extension(path).as_str(),
        "html" | "js" | "mjs" | "css" | "wasm" | "json" | "map" | "svg" | "txt" | "ts"
    )
}

fn extension(path: &Path) -> String {
    path.extension()
        .and_then(|extension| extension.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase()
}

/// The `Content-Type` of a file, by extension; `.wasm` must be `application/wasm` for streaming compilation.
fn content_type(path: &Path) -> &'static str {
    match extension(path).as_str() {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "wasm" => "application/wasm",
        "json" | "map" => "application/json",
        "svg" => "image/svg+xml",
        "txt" | "ts" => "text/plain; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accept(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_str(value).unwrap(),
        );
        headers
    }

    #[test]
    fn brotli_is_preferred_then_gzip_then_identity() {
        assert_eq!(
            negotiate(&accept("gzip, deflate, br, zstd"), true, true),
            Encoding::Brotli
        );
        assert_eq!(
            negotiate(&accept("gzip, br;q=0"), true, true),
            Encoding::Gzip
        );
        assert_eq!(
            negotiate(&accept("br;q=0.1, gzip;q=1"), true, true),
            Encoding::Brotli
        );
        assert_eq!(
            negotiate(&accept("deflate"), true, true),
            Encoding::Identity
        );
        assert_eq!(negotiate(&accept("*"), true, true), Encoding::Brotli);
        assert_eq!(
            negotiate(&accept("*;q=0, gzip"), true, true),
            Encoding::Gzip
        );
        assert_eq!(negotiate(&accept("br"), false, true), Encoding::Identity);
        assert_eq!(negotiate(&HeaderMap::new(), true, true), Encoding::Identity);
    }

    #[test]
    fn versioned_names_carry_a_version_a_hash_or_v() {
        for versioned in [
            "outlook-connect.0.1.0.wasm",
            "outlook-connect.3f9a2c1b.js",
            "app.12.3.js",
        ] {
            assert!(is_versioned(versioned, None), "{versioned}");
        }
        assert!(is_versioned("outlook-connect.js", Some("v=0.1.0")));
        for stable in [
            "outlook-connect.js",
            "outlook-connect.wasm",
            "index.html",
            "demo.css",
            "outlook-connect.d.ts",
        ] {
            assert!(!is_versioned(stable, None), "{stable}");
        }
        assert!(!is_versioned("outlook-connect.js", Some("x=1&v=")));
        assert!(
            !is_versioned("deadbeefcafe.js", None),
            "hex letters alone are a word, not a hash"
        );
    }

    #[test]
    fn paths_stay_inside_the_directory() {
        assert_eq!(safe_relative_path("/"), Some(PathBuf::new()));
        assert_eq!(
            safe_relative_path("/a/./b.js"),
            Some(PathBuf::from("a/b.js"))
        );
        assert_eq!(
            safe_relative_path("/a%20b.js"),
            Some(PathBuf::from("a b.js"))
        );
        for escaping in [
            "/../x",
            "/a/../../x",
            "/%2e%2e/x",
            "/a%5c..%5cx",
            "/%00",
            "/%zz",
        ] {
            assert_eq!(safe_relative_path(escaping), None, "{escaping}");
        }
    }

    #[test]
    fn if_none_match_compares_weakly_and_takes_lists() {
        assert!(etag_matches("\"a\", \"b-br\"", "\"b-br\""));
        assert!(etag_matches("W/\"b-br\"", "\"b-br\""));
        assert!(etag_matches("*", "\"x\""));
        assert!(!etag_matches("\"b\"", "\"b-br\""));
    }
}
