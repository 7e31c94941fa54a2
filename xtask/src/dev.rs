//! `cargo xtask dev`: the Yew developer's loop. Installs what is missing (Trunk too), starts the sandbox on its demo
//! ports (8787–8789) in the background, and runs `trunk serve` in the foreground: the dev page (`index.html`) on
//! http://127.0.0.1:8080, rebuilt with `cargo xtask dist --dev` by Trunk's pre-build hook and reloaded on every save
//! (see `Trunk.toml`). Ctrl-C stops both.

use std::process::Command;

use crate::demo::DEFAULT_PORT;
use crate::dist::{self, DistMode};
use crate::error::Result;
use crate::install;
use crate::paths::RepoPaths;
use crate::process;
use crate::sandbox_proc::{self, SandboxOutput, SandboxProcess, SandboxProfile};

pub fn run(paths: &RepoPaths) -> Result<()> {
    let tools = install::ensure_all(paths)?;
    let trunk = install::ensure_trunk()?;
    // The sandbox serves dist/ too: build it once before it starts (Trunk rebuilds it on every change).
    dist::build(paths, &tools, DistMode::Dev)?;
    let binary = sandbox_proc::build(paths, SandboxProfile::Dev)?;
    let args = vec![
        "--port".to_string(),
        DEFAULT_PORT.to_string(),
        "--dist".to_string(),
        paths.dist_dir().display().to_string(),
    ];
    let ready_file = paths.target_dir().join("dev-ready.json");
    let _sandbox = SandboxProcess::start(&binary, &args, &ready_file, SandboxOutput::Inherit)?;
    println!();
    println!("  Dev page (trunk serve): http://127.0.0.1:8080  (rebuilt and reloaded on save)");
    println!("  Sandbox demo page:      http://127.0.0.1:{DEFAULT_PORT}");
    println!();
    let mut serve = Command::new(trunk);
    serve.arg("serve").current_dir(paths.root());
    process::run(&mut serve)
}
