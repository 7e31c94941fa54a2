//! A clone of this repository alone must build and pass its tests: no tracked source, test or script may read a
//! file outside the checkout (the team's `shared` folder beside it in particular). Prose may mention it; code may not.

use std::path::Path;
use std::process::Command;

const THIS_FILE: &str = "xtask/tests/standalone.rs";

#[test]
fn no_code_reads_outside_the_checkout() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let listing = Command::new("git")
        .args(["ls-files", "-z"])
        .current_dir(&root)
        .output()
        .expect("git ls-files runs");
    assert!(listing.status.success(), "git ls-files failed");
    // Built here rather than written out, so this file does not name the folder it looks for.
    let (parent_shared, joined_shared) = (format!("..{}shared", '/'), format!("..{}", "shared"));
    let mut offenders = Vec::new();
    for name in listing.stdout.split(|byte| *byte == 0) {
        let name = String::from_utf8_lossy(name);
        if name.is_empty() || name.ends_with(".md") || name.ends_with(".lock") || name == THIS_FILE
        {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(root.join(name.as_ref())) else {
            continue;
        };
        for (number, line) in text.lines().enumerate() {
            // The parent folder's `shared`, written as one path or as path-join arguments ('..', 'shared'):
            // compare with quotes, commas and spaces gone.
            let squeezed = line.replace([' ', '\'', '"', ','], "");
            if squeezed.contains(&parent_shared) || squeezed.contains(&joined_shared) {
                offenders.push(format!("{name}:{}: {}", number + 1, line.trim()));
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "these lines reach outside the repository (keep a copy inside it instead):\n{}",
        offenders.join("\n")
    );
}
