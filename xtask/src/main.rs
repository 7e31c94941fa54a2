//! Project automation, run as `cargo xtask <command>` (alias in .cargo/config.toml).
//!
//! This file parses the command line and dispatches; each command lives in its own module.
//! Every command first runs `install` (idempotent, fast when everything is present).

mod bench;
mod composition;
mod demo;
mod dev;
mod dist;
mod early_paint;
mod error;
mod install;
mod minify_css;
mod npm;
mod paths;
mod process;
mod sandbox_proc;
mod size;
mod split;
mod test;
mod wasm_bin;

use std::process::ExitCode;

use error::{Result, XtaskError};
use paths::RepoPaths;
use test::{Engine, Layer};

/// Shown by `cargo xtask help` and after a usage error.
pub const USAGE: &str = "\
usage: cargo xtask <command> [options]

commands:
  demo [--port N]        build the bundle and serve the demo page with the sandbox (default port 8787)
  dev                    the sandbox plus `trunk serve`: a dev page rebuilt and reloaded on save (installs Trunk)
  test [--layer NAME] [--browser ENGINE]
                         run every test layer, or one: lint | native | browser | types | size | e2e | engines;
                         browser and engines run in chromium, firefox and webkit, or only in ENGINE
  dist [--dev]           build dist/ (the shippable bundle) and print its size report
                         (--dev: dev profile, no wasm-opt; for fast iteration)
  bench                  run the sandbox benchmark and the widget's browser bench if present
  install                only install what is missing (every command does this first)
  help                   show this text";

/// A parsed command line.
#[derive(Debug, PartialEq, Eq)]
enum Invocation {
    Install,
    Dist {
        mode: dist::DistMode,
    },
    Demo {
        port: u16,
    },
    Dev,
    Test {
        layers: Vec<Layer>,
        engines: Vec<Engine>,
    },
    Bench,
    Help,
}

fn parse_args(args: &[String]) -> Result<Invocation> {
    let Some((command, options)) = args.split_first() else {
        return Ok(Invocation::Help);
    };
    let mut options = options.iter().map(String::as_str);
    let invocation = match command.as_str() {
        "install" => Invocation::Install,
        "bench" => Invocation::Bench,
        "dev" => Invocation::Dev,
        "help" | "--help" | "-h" => Invocation::Help,
        "dist" => {
            let mut mode = dist::DistMode::Release;
            for option in options.by_ref() {
                match option {
                    "--dev" => mode = dist::DistMode::Dev,
                    other => return Err(unknown_option("dist", other)),
                }
            }
            Invocation::Dist { mode }
        }
        "demo" => {
            let mut port = demo::DEFAULT_PORT;
            while let Some(option) = options.next() {
                match option {
                    "--port" => {
                        let value = options.next().unwrap_or("");
                        port = value.parse().map_err(|_| {
                            XtaskError::Usage(format!(
                                "--port expects a port number from 0 to 65535, got {value:?}"
                            ))
                        })?;
                    }
                    other => return Err(unknown_option("demo", other)),
                }
            }
            Invocation::Demo { port }
        }
        "test" => {
            let mut layers = Layer::ALL.to_vec();
            let mut engines = Engine::ALL.to_vec();
            while let Some(option) = options.next() {
                match option {
                    "--layer" => {
                        let value = options.next().unwrap_or("");
                        let layer = Layer::parse(value).ok_or_else(|| {
                            XtaskError::Usage(format!(
                                "--layer expects one of lint, native, browser, types, size, e2e, engines; got {value:?}"
                            ))
                        })?;
                        layers = vec![layer];
                    }
                    "--browser" => {
                        let value = options.next().unwrap_or("");
                        let engine = Engine::parse(value).ok_or_else(|| {
                            XtaskError::Usage(format!(
                                "--browser expects one of chromium, firefox, webkit; got {value:?}"
                            ))
                        })?;
                        engines = vec![engine];
                    }
                    other => return Err(unknown_option("test", other)),
                }
            }
            Invocation::Test { layers, engines }
        }
        other => {
            return Err(XtaskError::Usage(format!("unknown command {other:?}")));
        }
    };
    if let Some(extra) = options.next() {
        return Err(unknown_option(command, extra));
    }
    Ok(invocation)
}

fn unknown_option(command: &str, option: &str) -> XtaskError {
    XtaskError::Usage(format!("`{command}` does not take the argument {option:?}"))
}

fn run(invocation: Invocation, paths: &RepoPaths) -> Result<()> {
    match invocation {
        Invocation::Help => {
            println!("{USAGE}");
            Ok(())
        }
        Invocation::Install => install::ensure_all(paths).map(drop),
        Invocation::Dist { mode } => {
            let tools = install::ensure_all(paths)?;
            dist::build(paths, &tools, mode).map(drop)
        }
        Invocation::Demo { port } => demo::run(paths, port),
        Invocation::Dev => dev::run(paths),
        Invocation::Test { layers, engines } => test::run(paths, &layers, &engines),
        Invocation::Bench => bench::run(paths),
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let paths = RepoPaths::of_this_checkout();
    match parse_args(&args).and_then(|invocation| run(invocation, &paths)) {
        Ok(()) => ExitCode::SUCCESS,
        // The test report has been printed and must stay the last line: exit quietly.
        Err(XtaskError::TestsFailed { .. }) => ExitCode::FAILURE,
        Err(error) => {
            eprintln!("error: {error}");
            if matches!(error, XtaskError::Usage(_)) {
                eprintln!("\n{USAGE}");
            }
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Invocation> {
        parse_args(&args.iter().map(|a| a.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn parses_every_command_and_its_options() {
        assert_eq!(parse(&[]).unwrap(), Invocation::Help);
        assert_eq!(parse(&["install"]).unwrap(), Invocation::Install);
        assert_eq!(parse(&["bench"]).unwrap(), Invocation::Bench);
        assert_eq!(
            parse(&["dist", "--dev"]).unwrap(),
            Invocation::Dist {
                mode: dist::DistMode::Dev
            }
        );
        assert_eq!(parse(&["demo"]).unwrap(), Invocation::Demo { port: 8787 });
        assert_eq!(
            parse(&["demo", "--port", "9000"]).unwrap(),
            Invocation::Demo { port: 9000 }
        );
        assert_eq!(
            parse(&["test"]).unwrap(),
            Invocation::Test {
                layers: Layer::ALL.to_vec(),
                engines: Engine::ALL.to_vec()
            }
        );
        assert_eq!(
            parse(&["test", "--layer", "e2e"]).unwrap(),
            Invocation::Test {
                layers: vec![Layer::E2e],
                engines: Engine::ALL.to_vec()
            }
        );
        assert_eq!(
            parse(&["test", "--browser", "firefox", "--layer", "engines"]).unwrap(),
            Invocation::Test {
                layers: vec![Layer::Engines],
                engines: vec![Engine::Firefox]
            }
        );
    }

    #[test]
    fn bad_arguments_name_the_argument_and_what_was_expected() {
        let message = |args: &[&str]| parse(args).unwrap_err().to_string();
        assert!(message(&["deploy"]).contains("unknown command \"deploy\""));
        assert!(message(&["demo", "--port", "http"]).contains("--port expects a port number"));
        assert!(message(&["demo", "--port"]).contains("got \"\""));
        assert!(message(&["test", "--layer", "unit"])
            .contains("native, browser, types, size, e2e, engines"));
        assert!(message(&["test", "--browser", "safari"]).contains("chromium, firefox, webkit"));
        assert!(message(&["dist", "--release"]).contains("\"--release\""));
        assert!(message(&["install", "now"]).contains("\"now\""));
    }
}
