//! Build script of the widget crate: minifies `src/styles.css` into `$OUT_DIR/styles.min.css`, which
//! `src/handle.rs` includes (see `src/minify_css.rs` for the rules and their tests).

#[path = "src/minify_css.rs"]
mod minify_css;

fn main() {
    println!("cargo::rerun-if-changed=src/styles.css");
    println!("cargo::rerun-if-changed=src/minify_css.rs");
    let source = std::fs::read_to_string("src/styles.css").expect("build.rs: read src/styles.css");
    let out_dir = std::env::var("OUT_DIR").expect("build.rs: cargo sets OUT_DIR");
    let path = std::path::Path::new(&out_dir).join("styles.min.css");
    std::fs::write(&path, minify_css::minify_css(&source)).expect("build.rs: write styles.min.css");
}
