//! Local Carbon-compatible API server with an emulated Microsoft sign-in and mailbox (see README).
//!
//! [`start`] binds four origins on 127.0.0.1 — the demo host page, the Carbon-compatible API, the emulated
//! Microsoft and the widget's own origin (a CDN serving `--dist`, where frame mode's `frame.html` lives) — and
//! returns their URLs; the API reaches Microsoft only over HTTP through configurable base URLs.

pub mod controls;
pub mod microsoft;

mod auth;
mod carbon;
mod clock;
mod db;
mod dist;
mod error;
mod host;
mod html;
mod microsoft_client;
mod models;
mod state;
mod store;
mod sync;
mod validation;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

pub use db::DbLocation;

/// The API key used when none is given.
pub const DEFAULT_API_KEY: &str = "sandbox-api-key";
/// The demo host port used when none is given; the API and Microsoft take the next two.
pub const DEFAULT_PORT: u16 = 8787;

/// Everything the sandbox can be told at start-up (the CLI flags).
#[derive(Debug, Clone)]
pub struct SandboxConfig {
    /// Demo host port; 0 picks a free port (and then the other two default to free ports too).
    pub port: u16,
    /// API port; `None` means `port + 1` (or a free port when `port` is 0).
    pub api_port: Option<u16>,
    /// Emulated Microsoft port; `None` means `port + 2` (or a free port when `port` is 0).
    pub microsoft_port: Option<u16>,
    /// The widget's origin (a CDN serving `--dist`); `None` means `port + 3` (or a free port when `port` is 0).
    pub widget_port: Option<u16>,
    /// Origins allowed to embed `frame.html` (its `frame-ancestors`); empty means the demo host origin.
    pub frame_ancestors: Vec<String>,
    pub db: DbLocation,
    pub api_key: String,
    /// Mounts `/sandbox/*` on the API origin and logs/fault-injects all three origins.
    pub test_controls: bool,
    /// Whether the emulated sign-in pages send `Cross-Origin-Opener-Policy: same-origin`.
    pub coop: bool,
    /// Where the built widget and its demo page are (`cargo xtask dist`).
    pub dist_dir: PathBuf,
    /// How long a file stays in each of `QUEUED_FOR_SYNC` and `SYNCING`.
    pub processing_delay: Duration,
    /// How often the auto-sync runner re-syncs enabled sources.
    pub auto_sync_interval: Duration,
    /// Identity platform base URL; `None` means the emulated Microsoft's URL.
    pub microsoft_authority_url: Option<String>,
    /// Graph base URL; `None` means `{emulated Microsoft}/v1.0`.
    pub graph_url: Option<String>,
    pub client_id: String,
    pub client_secret: String,
    /// Lifetime of the emulated Microsoft's access tokens (short ones exercise the refresh-token grant).
    pub microsoft_token_ttl: Duration,
    /// Redirect URIs the emulated Microsoft accepts for the app besides the API's own `{api}/integrations/outlook`
    /// (absolute http(s) URLs; any other is refused like Microsoft does, with an `AADSTS50011` error page).
    pub redirect_uris: Vec<String>,
}

/// The workspace root, from this crate's location.
pub fn workspace_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

impl Default for SandboxConfig {
    fn default() -> Self {
        let microsoft = microsoft::MicrosoftConfig::default();
        SandboxConfig {
            port: DEFAULT_PORT,
            api_port: None,
            microsoft_port: None,
            widget_port: None,
            frame_ancestors: Vec::new(),
            db: DbLocation::File(workspace_dir().join("target/sandbox.sqlite3")),
            api_key: DEFAULT_API_KEY.to_string(),
            test_controls: false,
            coop: true,
            dist_dir: workspace_dir().join("dist"),
            processing_delay: Duration::from_millis(400),
            auto_sync_interval: Duration::from_secs(86_400),
            microsoft_authority_url: None,
            graph_url: None,
            client_id: microsoft.client_id,
            client_secret: microsoft.client_secret,
            microsoft_token_ttl: microsoft.access_token_ttl,
            redirect_uris: Vec::new(),
        }
    }
}

/// Why the sandbox could not start.
#[derive(Debug)]
pub enum SandboxError {
    Bind {
        origin: &'static str,
        port: u16,
        message: String,
    },
    Database(String),
    InvalidConfig(String),
}

impl std::fmt::Display for SandboxError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SandboxError::Bind {
                origin,
                port,
                message,
            } => {
                write!(
                    f,
                    "cannot listen on 127.0.0.1:{port} for the {origin} origin: {message}"
                )
            }
            SandboxError::Database(message) => f.write_str(message),
            SandboxError::InvalidConfig(message) => write!(f, "invalid configuration: {message}"),
        }
    }
}

impl std::error::Error for SandboxError {}

/// A started sandbox: its three origins and how to stop it.
pub struct RunningSandbox {
    pub host_url: String,
    pub api_url: String,
    pub microsoft_url: String,
    pub widget_url: String,
    pub api_key: String,
    shutdown: watch::Sender<bool>,
    servers: Vec<JoinHandle<()>>,
    background: Vec<JoinHandle<()>>,
}

impl RunningSandbox {
    /// Stops accepting requests, lets open ones finish, and stops the background runners.
    pub async fn shutdown(self) {
        let _ = self.shutdown.send(true);
        for server in self.servers {
            let _ = server.await;
        }
        for task in self.background {
            task.abort();
        }
    }
}

async fn bind(origin: &'static str, port: u16) -> Result<TcpListener, SandboxError> {
    TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], port)))
        .await
        .map_err(|e| SandboxError::Bind {
            origin,
            port,
            message: e.to_string(),
        })
}

fn url_of(listener: &TcpListener) -> Result<String, SandboxError> {
    let address = listener
        .local_addr()
        .map_err(|e| SandboxError::InvalidConfig(e.to_string()))?;
    Ok(format!("http://127.0.0.1:{}", address.port()))
}

fn derived_port(
    port: u16,
    explicit: Option<u16>,
    offset: u16,
    origin: &'static str,
) -> Result<u16, SandboxError> {
    match explicit {
        Some(explicit) => Ok(explicit),
        None if port == 0 => Ok(0),
        None => port.checked_add(offset).ok_or_else(|| {
            SandboxError::InvalidConfig(format!(
                "--port {port} leaves no room for the {origin} port (port + {offset})"
            ))
        }),
    }
}

/// Binds the three origins, opens the database (applying migrations) and starts serving.
pub async fn start(config: SandboxConfig) -> Result<RunningSandbox, SandboxError> {
    let api_port = derived_port(config.port, config.api_port, 1, "API")?;
    let microsoft_port = derived_port(config.port, config.microsoft_port, 2, "Microsoft")?;
    let widget_port = derived_port(config.port, config.widget_port, 3, "widget")?;
    let host_listener = bind("demo host", config.port).await?;
    let api_listener = bind("API", api_port).await?;
    let microsoft_listener = bind("Microsoft", microsoft_port).await?;
    let widget_listener = bind("widget", widget_port).await?;
    let host_url = url_of(&host_listener)?;
    let api_url = url_of(&api_listener)?;
    let microsoft_url = url_of(&microsoft_listener)?;
    let widget_url = url_of(&widget_listener)?;
    let mut frame_ancestors = Vec::new();
    for origin in &config.frame_ancestors {
        let parsed = url::Url::parse(origin).ok().filter(|url| {
            matches!(url.scheme(), "http" | "https")
                && url.path() == "/"
                && url.query().is_none()
                && url.fragment().is_none()
        });
        match parsed {
            Some(url) => frame_ancestors.push(url.origin().ascii_serialization()),
            None => {
                return Err(SandboxError::InvalidConfig(format!(
                    "frame ancestor '{origin}' is not an origin such as https://app.example.com"
                )))
            }
        }
    }
    if frame_ancestors.is_empty() {
        frame_ancestors.push(host_url.clone());
    }

    let callback_uri = format!("{api_url}/integrations/outlook");
    let mut redirect_uris = vec![callback_uri.clone()];
    for uri in &config.redirect_uris {
        let valid = url::Url::parse(uri)
            .is_ok_and(|url| matches!(url.scheme(), "http" | "https") && url.fragment().is_none());
        if !valid {
            return Err(SandboxError::InvalidConfig(format!(
                "redirect URI '{uri}' is not an absolute http(s) URL without a fragment"
            )));
        }
        redirect_uris.push(uri.clone());
    }
    let authority_url = config
        .microsoft_authority_url
        .clone()
        .unwrap_or_else(|| microsoft_url.clone());
    if !url::Url::parse(&authority_url).is_ok_and(|url| !url.cannot_be_a_base()) {
        return Err(SandboxError::InvalidConfig(format!(
            "the Microsoft authority URL '{authority_url}' is not an absolute URL"
        )));
    }

    let database = db::Db::open(&config.db).map_err(|e| SandboxError::Database(e.0))?;
    let microsoft_client =
        microsoft_client::MicrosoftClient::new(microsoft_client::MicrosoftEndpoints {
            authority_url,
            graph_url: config
                .graph_url
                .clone()
                .unwrap_or_else(|| format!("{microsoft_url}/v1.0")),
            client_id: config.client_id.clone(),
            client_secret: config.client_secret.clone(),
            redirect_uri: callback_uri,
        });
    let microsoft_client = Arc::new(microsoft_client);
    let tokens = store::MicrosoftTokens::new(database.clone(), microsoft_client.clone());
    let sync_engine =
        sync::SyncEngine::new(database.clone(), tokens.clone(), config.processing_delay);
    let api_state = state::ApiState {
        db: database.clone(),
        api_key: config.api_key.as_str().into(),
        microsoft: microsoft_client,
        tokens,
        sync: sync_engine.clone(),
    };

    match sync_engine.recover().await {
        Ok(recovery) if recovery != sync::Recovery::default() => eprintln!(
            "sandbox: recovered from an interrupted run: {} sync(s) resumed, {} failed, {} file(s) processed again",
            recovery.resumed, recovery.failed, recovery.files
        ),
        Ok(_) => {}
        Err(error) => eprintln!("sandbox: crash recovery failed: {error}"),
    }

    let microsoft_router = microsoft::router(microsoft::MicrosoftConfig {
        client_id: config.client_id.clone(),
        client_secret: config.client_secret.clone(),
        coop: config.coop,
        access_token_ttl: config.microsoft_token_ttl,
        redirect_uris,
        ..microsoft::MicrosoftConfig::default()
    });
    let mut api_router = carbon::router(api_state.clone());
    let frame_policy = host::frame_policy(&api_url, &frame_ancestors);
    let mut host_router = host::router(host::HostConfig {
        dist_dir: config.dist_dir.clone(),
        api_url: api_url.clone(),
        microsoft_url: microsoft_url.clone(),
        widget_url: widget_url.clone(),
        api_key: config.api_key.clone(),
        frame_policy: frame_policy.clone(),
    });
    let mut widget_router = host::widget_router(config.dist_dir.clone(), frame_policy);
    let mut microsoft_router = microsoft_router;
    if config.test_controls {
        let controls = controls::Controls::new();
        let wiped = database.clone();
        let on_reset: Arc<dyn Fn() + Send + Sync> = Arc::new(move || {
            if let Err(error) = wiped.wipe() {
                eprintln!("sandbox: reset could not wipe the database: {error}");
            }
        });
        api_router = controls::router(controls.clone(), on_reset).merge(api_router);
        let expiring = database.clone();
        let expire: controls::ExpireTokens = Arc::new(move |customer_id: &str| {
            expiring
                .call_blocking(|connection| {
                    connection.execute(
                        "UPDATE access_tokens SET expires_at = 0
                         WHERE customer_row IN (SELECT id FROM customers WHERE customer_id = ?1)",
                        [customer_id],
                    )
                })
                .map_err(|error| {
                    eprintln!("sandbox: could not expire the tokens of {customer_id}: {error}");
                    error::INTERNAL_ERROR.to_string()
                })
        });
        api_router = controls::expire_tokens_router(expire).merge(api_router);
        api_router = controls::instrument(api_router, controls.clone(), "api");
        host_router = controls::instrument(host_router, controls.clone(), "host");
        widget_router = controls::instrument(widget_router, controls.clone(), "widget");
        microsoft_router = controls::instrument(microsoft_router, controls, "microsoft");
    }

    let (shutdown, watcher) = watch::channel(false);
    let servers = vec![
        serve(host_listener, host_router, watcher.clone()),
        serve(api_listener, api_router, watcher.clone()),
        serve(microsoft_listener, microsoft_router, watcher.clone()),
        serve(widget_listener, widget_router, watcher),
    ];
    let background = vec![sync_engine.spawn_auto_sync(config.auto_sync_interval)];
    Ok(RunningSandbox {
        host_url,
        api_url,
        microsoft_url,
        widget_url,
        api_key: config.api_key,
        shutdown,
        servers,
        background,
    })
}

fn serve(
    listener: TcpListener,
    router: Router,
    mut shutdown: watch::Receiver<bool>,
) -> JoinHandle<()> {
    tokio::spawn(async move {
        let stopped = async move {
            while !*shutdown.borrow() {
                if shutdown.changed().await.is_err() {
                    break;
                }
            }
        };
        if let Err(error) = axum::serve(listener, router)
            .with_graceful_shutdown(stopped)
            .await
        {
            eprintln!("sandbox: server stopped with an error: {error}");
        }
    })
}
