//! Starts the sandbox: parses the CLI, starts the three origins, prints their URLs, the API key and the test
//! mailboxes, writes the ready file when asked, and runs until Ctrl-C.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Parser;
use outlook_connect_sandbox::{
    microsoft, start, DbLocation, SandboxConfig, DEFAULT_API_KEY, DEFAULT_PORT,
};

/// Local Carbon-compatible API on SQLite with an emulated Microsoft sign-in and mailbox.
#[derive(Debug, Parser)]
#[command(name = "outlook-connect-sandbox", version)]
struct Cli {
    /// Demo host port; the API, Microsoft and the widget's origin default to the next three. 0 makes all four
    /// ephemeral.
    #[arg(long, default_value_t = DEFAULT_PORT)]
    port: u16,
    /// API port (default: --port + 1).
    #[arg(long)]
    api_port: Option<u16>,
    /// Emulated Microsoft port (default: --port + 2).
    #[arg(long)]
    microsoft_port: Option<u16>,
    /// The widget's origin, a CDN serving --dist with frame mode's frame.html (default: --port + 3).
    #[arg(long)]
    widget_port: Option<u16>,
    /// An origin allowed to embed frame.html (its frame-ancestors; repeatable; default: the demo host origin).
    #[arg(long = "frame-ancestor")]
    frame_ancestors: Vec<String>,
    /// SQLite file, or :memory: for a throw-away run (default: <workspace>/target/sandbox.sqlite3).
    #[arg(long)]
    db: Option<String>,
    /// The organization API key.
    #[arg(long, default_value = DEFAULT_API_KEY)]
    api_key: String,
    /// Enables /sandbox/* (reset, faults, request log) and instruments all three origins.
    #[arg(long)]
    test_controls: bool,
    /// Do not send Cross-Origin-Opener-Policy on the emulated sign-in pages.
    #[arg(long)]
    no_coop: bool,
    /// Directory of the built widget and demo page (default: <workspace>/dist).
    #[arg(long)]
    dist: Option<PathBuf>,
    /// Milliseconds a file spends in each of QUEUED_FOR_SYNC and SYNCING.
    #[arg(long, default_value_t = 400)]
    processing_delay_ms: u64,
    /// Seconds between auto-sync rounds.
    #[arg(long, default_value_t = 86_400, value_parser = clap::value_parser!(u64).range(1..))]
    auto_sync_interval_secs: u64,
    /// Microsoft identity platform base URL (default: the emulated Microsoft).
    #[arg(long)]
    microsoft_authority_url: Option<String>,
    /// Microsoft Graph base URL (default: <emulated Microsoft>/v1.0).
    #[arg(long)]
    graph_url: Option<String>,
    /// OAuth client id registered with Microsoft (default: the emulated app's).
    #[arg(long)]
    client_id: Option<String>,
    /// OAuth client secret (default: the emulated app's).
    #[arg(long)]
    client_secret: Option<String>,
    /// Another redirect URI registered for the app at the emulated Microsoft, besides the API's own
    /// `{api}/integrations/outlook` (repeatable).
    #[arg(long = "redirect-uri")]
    redirect_uris: Vec<String>,
    /// Write {"host_url","api_url","microsoft_url","api_key"} as JSON here once listening.
    #[arg(long)]
    ready_file: Option<PathBuf>,
}

impl Cli {
    fn into_config(self) -> SandboxConfig {
        let defaults = SandboxConfig::default();
        SandboxConfig {
            port: self.port,
            api_port: self.api_port,
            microsoft_port: self.microsoft_port,
            widget_port: self.widget_port,
            frame_ancestors: self.frame_ancestors,
            db: self
                .db
                .as_deref()
                .map(DbLocation::parse)
                .unwrap_or(defaults.db),
            api_key: self.api_key,
            test_controls: self.test_controls,
            coop: !self.no_coop,
            dist_dir: self.dist.unwrap_or(defaults.dist_dir),
            processing_delay: Duration::from_millis(self.processing_delay_ms),
            auto_sync_interval: Duration::from_secs(self.auto_sync_interval_secs),
            microsoft_authority_url: self.microsoft_authority_url,
            graph_url: self.graph_url,
            client_id: self.client_id.unwrap_or(defaults.client_id),
            client_secret: self.client_secret.unwrap_or(defaults.client_secret),
            microsoft_token_ttl: defaults.microsoft_token_ttl,
            redirect_uris: self.redirect_uris,
        }
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let ready_file = cli.ready_file.clone();
    let config = cli.into_config();
    let test_controls = config.test_controls;
    let sandbox = match start(config).await {
        Ok(sandbox) => sandbox,
        Err(error) => {
            eprintln!("outlook-connect-sandbox: {error}");
            return ExitCode::FAILURE;
        }
    };
    println!("outlook-connect sandbox is running");
    println!("  demo host   {}", sandbox.host_url);
    println!("  API         {}", sandbox.api_url);
    println!("  Microsoft   {}", sandbox.microsoft_url);
    println!("  widget      {}", sandbox.widget_url);
    println!(
        "  strict page {}/demo/strict (frame mode)",
        sandbox.host_url
    );
    println!("  API key     {}", sandbox.api_key);
    if test_controls {
        println!("  test controls on: {}/sandbox/…", sandbox.api_url);
    }
    println!("Test mailboxes (pick one on the emulated sign-in page):");
    for mailbox in microsoft::test_mailboxes() {
        println!(
            "  {:<24} {:<20} {}",
            mailbox.address, mailbox.display_name, mailbox.description
        );
    }
    if let Some(path) = ready_file {
        let ready = serde_json::json!({
            "host_url": sandbox.host_url,
            "api_url": sandbox.api_url,
            "microsoft_url": sandbox.microsoft_url,
            "widget_url": sandbox.widget_url,
            "api_key": sandbox.api_key,
        });
        let mut temporary = path.clone().into_os_string();
        temporary.push(".partial");
        let temporary = PathBuf::from(temporary);
        let written = std::fs::write(&temporary, ready.to_string())
            .and_then(|()| std::fs::rename(&temporary, &path));
        if let Err(error) = written {
            eprintln!(
                "outlook-connect-sandbox: cannot write the ready file {}: {error}",
                path.display()
            );
            sandbox.shutdown().await;
            return ExitCode::FAILURE;
        }
    }
    stop_signal().await;
    println!("stopping");
    sandbox.shutdown().await;
    ExitCode::SUCCESS
}

/// Ctrl-C, or SIGTERM on Unix (how test runners stop the process).
async fn stop_signal() {
    #[cfg(unix)]
    {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut terminate) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = terminate.recv() => {}
                }
                return;
            }
            Err(error) => eprintln!("outlook-connect-sandbox: cannot watch SIGTERM: {error}"),
        }
    }
    if let Err(error) = tokio::signal::ctrl_c().await {
        eprintln!("outlook-connect-sandbox: cannot wait for Ctrl-C: {error}");
    }
}
