//! `cargo xtask demo [--port N]`: installs what is missing, builds the bundle (`dist`), then runs
//! the sandbox server in the foreground serving the demo host page and the bundle, and prints the
//! page's URL once the server listens. Ctrl-C stops it (the signal reaches the whole process group).

use crate::dist::{self, DistMode};
use crate::error::Result;
use crate::install;
use crate::paths::RepoPaths;
use crate::sandbox_proc::{self, SandboxOutput, SandboxProcess, SandboxProfile};

/// Port the demo page is served on unless `--port` says otherwise.
pub const DEFAULT_PORT: u16 = 8787;

pub fn run(paths: &RepoPaths, port: u16) -> Result<()> {
    let tools = install::ensure_all(paths)?;
    dist::build(paths, &tools, DistMode::Release)?;
    let binary = sandbox_proc::build(paths, SandboxProfile::Release)?;
    let args = vec![
        "--port".to_string(),
        port.to_string(),
        "--dist".to_string(),
        paths.dist_dir().display().to_string(),
    ];
    let ready_file = paths.target_dir().join("demo-ready.json");
    let sandbox = SandboxProcess::start(&binary, &args, &ready_file, SandboxOutput::Inherit)?;
    println!();
    println!("  Demo page:      {}", sandbox.ready.host_url);
    println!("  Sandbox API:    {}", sandbox.ready.api_url);
    println!("  Microsoft emu:  {}", sandbox.ready.microsoft_url);
    println!(
        "  Strict page:    {}/demo/strict (no 'wasm-unsafe-eval': the widget runs in its frame)",
        sandbox.ready.host_url
    );
    println!();
    println!("  Open the demo page in a browser. Press Ctrl-C to stop.");
    println!();
    sandbox.wait()
}
