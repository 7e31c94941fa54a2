//! The size report of the shipped bundle: raw, gzip (-9) and brotli (quality 11) bytes per file, the first load
//! (the loader and the first-load module: what a page fetches before the widget runs; the loader alone draws its
//! first screen) and the total, against
//! the ratchets every test run enforces, the 150 KB budget the product was given, and the 110 KB goal for the
//! first load.
//!
//! The lazily loaded chunks (`outlook-connect.<name>.<hash>.wasm`) are reported and ratcheted by their lasting
//! name, without the hash (`outlook-connect.choose.wasm`). A bundle file with no ratchet fails the check: a new
//! chunk (or a new way the splitter groups shared code) gets its line on purpose.
//!
//! Why a ceiling above the budget: the product with every screen wired (sign-in, accounts, the Choose screen's
//! editor and pickers, sync, progress, the synced e-mails list) measured 238 KB gzip on the day it was wired, and
//! 150 KB was out of reach without dropping screens or Yew. The ceiling is a ratchet at the size it landed at:
//! the build fails if the bundle grows past it; when a change shrinks the bundle, lower the ceiling with it. The
//! budget line keeps saying how far over 150 KB the bundle is.
//!
//! gzip is computed in-process by zlib-rs at level 9: within 0.3% of GNU `gzip -9 -n`, and larger
//! rather than smaller, so the budget check errs on the safe side.

use std::fmt::Write as _;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use flate2::write::GzEncoder;
use flate2::Compression;

use crate::error::{IoContext, Result};

/// The bundle (every `.wasm`, `.js` and `.css`, gzip -9) must not pass this many bytes: the ratchet (see above).
/// Raised twice, on purpose: from 210 KB to 214.5 KB for the fixes for hostile host values, timeouts, paging and
/// error states (+5.4 KB, 219,141 B landed), which are worth more than the bytes; and by what splitting the
/// bundle costs (the split landed at 233,274 B, +13,880 B over the one-module 219,394 B: calls between modules go
/// through the function table, nothing inlines across a module boundary, and each file compresses on its own),
/// which buys a first load 26,415 B smaller (192,979 B). The loader's early first screen then moved the style
/// sheet from the wasm into the loader and added the drawing code (+1.6 KB: CSS in a JS string compresses a little
/// worse), so the widget's first screen needs only the loader (12 KB) instead of the whole first load. Raised a
/// third time for six languages (issue #12): 234,895 → 261,892 B, of which 16.7 KB are the five non-English
/// tables, each in its own chunk that only a page in that language fetches (see ARCHITECTURE "Size rules").
/// Raised a fourth time for frame mode (issue #13): 261,890 → 268,477 B, of which 5.8 KB are the two frame files
/// (`outlook-connect-frame-client.js`, fetched by a host page only when it runs the widget in the frame, and
/// `outlook-connect-frame.js`, which only frame.html loads) and 762 B the first load's share (below). +35 B for the
/// loader starting each widget's first render in a task of its own (issue #11: shorter tasks after the first paint).
/// +821 B for the first mailbox list asked for during the download (issue #11 item 2; the first load's share below).
/// +177 B for the first screen in frame mode (the loader draws it for the frame client to take over: loader +69 B,
/// frame client +108 B), which shows a strict-CSP page's widget in about half the time. +216 B for `auto` moving a
/// widget to the frame when the page refuses the wasm after the compile check passed (WebKit; connect-src).
/// Then +45 B in the frame client (its line raised to 4,224 B, the total still under this one): a widget moved to
/// the frame that late gives the frame the token the loader had already asked the host for, instead of calling the
/// host's tokenFetcher a second time (every strict-CSP page load in WebKit).
pub const CEILING_GZIP_BYTES: u64 = 269_824;
/// The first load — the loader and the first-load module, what a page fetches before the widget runs — must
/// not pass this many gzip bytes: a ratchet at what the split landed at, lowered with every change that shrinks
/// it. The goal is [`GOAL_GZIP_BYTES`]; the report says how far the first load is from it.
/// Raised for six languages: 194,632 → 204,870 B (the `messages` key and its field table, Intl plurals, numbers
/// and dates, the language chunks' split points and loading, the six Connect texts in the loader). Raised for frame
/// mode (issue #13, at most 1 KB allowed): 204,866 → 205,628 B — the loader +579 B (the WebAssembly probe, `mode`,
/// fetching the frame client, `ready` on a page that blocks WebAssembly, reporting a queued change the frame
/// refused), the wasm +183 B (the `mode` key's check). Merged beside two changes of the same day that fit the old
/// line alone but not together with it (+77 B: the loader compiles the wasm while it downloads, and a language
/// chunk that fails to download emits `chunk_load_failed`): 205,705 B. Raised for the loader asking for the first
/// mailbox list while the wasm downloads (issue #11 item 2): 205,740 → 206,568 B — the loader +584 B (the list's
/// request, the apiUrl and token checks that keep it to requests the widget would send, sending it after the first
/// paint, the hand-over), the wasm
/// +201 B (taking the answer by the request's key). It buys a returning customer's mailbox list about 170 ms
/// sooner on slow 4G (in page, 1,457–1,529 → 1,313–1,334 ms; `cargo xtask bench`). Then +69 B: the loader draws
/// the first screen in frame mode too (206,637 B). Then +216 B: a policy that refuses the wasm's download or
/// compile after the loader's compile check passed (WebKitGTK lets it through; a connect-src without the widget's
/// origin) moves `auto` widgets to the frame instead of failing them (206,853 B).
pub const FIRST_LOAD_CEILING_GZIP_BYTES: u64 = 206_912;
/// A ratchet per file (by lasting name), in gzip bytes: a build whose file passes its own line fails and the
/// report names that file, so "the bundle grew" always says where. Lower a line with every change that shrinks
/// its file.
pub const FILE_CEILINGS_GZIP: &[(&str, u64)] = &[
    ("outlook-connect.js", 15_040),
    ("outlook-connect.wasm", 191_936),
    ("outlook-connect-frame-client.js", 4_224),
    ("outlook-connect-frame.js", 1_920),
    ("outlook-connect.ar.wasm", 3_712),
    ("outlook-connect.de.wasm", 3_328),
    ("outlook-connect.es.wasm", 3_200),
    ("outlook-connect.fr.wasm", 3_328),
    ("outlook-connect.ja.wasm", 3_456),
    ("outlook-connect.choose.wasm", 29_696),
    ("outlook-connect.files.wasm", 5_888),
    ("outlook-connect.progress.wasm", 3_072),
    ("outlook-connect.shared-choose-files.wasm", 1_664),
    ("outlook-connect.shared-choose-files-progress.wasm", 384),
    ("outlook-connect.shared-choose-progress.wasm", 384),
    ("outlook-connect.shared-files-progress.wasm", 128),
];
/// The loader and the first-load module: what [`FIRST_LOAD_CEILING_GZIP_BYTES`] covers.
pub const FIRST_LOAD_FILES: [&str; 2] = ["outlook-connect.js", "outlook-connect.wasm"];
/// The size budget the product was given (150 KB gzip, the whole bundle); reported, not enforced, while the
/// ceiling is above it.
pub const BUDGET_GZIP_BYTES: u64 = 150 * 1024;
/// What the finished product aims for on first load (110 KB gzip: loader and first-load module).
pub const GOAL_GZIP_BYTES: u64 = 110 * 1024;

const BROTLI_QUALITY: u32 = 11;
const BROTLI_WINDOW_BITS: u32 = 22;

/// Byte counts of one bundle file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileSize {
    /// Path relative to `dist/`.
    pub name: String,
    pub raw: u64,
    pub gzip: u64,
    pub brotli: u64,
}

/// Byte counts of every bundle file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SizeReport {
    pub files: Vec<FileSize>,
}

/// Size in bytes of `data` gzip-compressed at level 9.
pub fn gzip_len(data: &[u8]) -> Result<u64> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    encoder
        .write_all(data)
        .and_then(|()| encoder.finish())
        .map(|compressed| compressed.len() as u64)
        .context(|| "gzip-compressing for the size report".to_string())
}

/// Size in bytes of `data` brotli-compressed at quality 11.
pub fn brotli_len(data: &[u8]) -> Result<u64> {
    let mut compressed = Vec::new();
    {
        let mut writer = brotli::CompressorWriter::new(
            &mut compressed,
            64 * 1024,
            BROTLI_QUALITY,
            BROTLI_WINDOW_BITS,
        );
        writer
            .write_all(data)
            .and_then(|()| writer.flush())
            .context(|| "brotli-compressing for the size report".to_string())?;
    }
    Ok(compressed.len() as u64)
}

/// A bundle file's lasting name: without the content hash a chunk's name carries (a dot-separated part of 16 hex
/// digits), so `outlook-connect.choose.0123456789abcdef.wasm` is `outlook-connect.choose.wasm`.
pub fn lasting_name(name: &str) -> String {
    let is_hash = |part: &&str| part.len() == 16 && part.chars().all(|c| c.is_ascii_hexdigit());
    name.split('.')
        .filter(|part| !is_hash(part))
        .collect::<Vec<_>>()
        .join(".")
}

/// Whether a file in `dist/` is part of the bundle a host loads: the loader, the module and any
/// stylesheet — but not the demo page's own files (`demo_files` lists what `dist` copied from
/// `www/demo/`, relative to `dist/`).
pub fn counts_towards_bundle(relative: &Path, demo_files: &[PathBuf]) -> bool {
    let bundle_kind = matches!(
        relative.extension().and_then(|ext| ext.to_str()),
        Some("js" | "wasm" | "css")
    );
    // dist/npm/ is the same bundle again, packaged for npm (`crate::npm`).
    let npm_package = relative.starts_with(crate::npm::NPM_DIR);
    bundle_kind && !npm_package && !demo_files.iter().any(|demo| demo == relative)
}

impl SizeReport {
    /// Measures the bundle files in `dist_dir` (the loader, the wasm and every `.css`, at any
    /// depth), leaving out the demo page's files (`demo_files`, relative to `dist_dir`).
    pub fn measure(dist_dir: &Path, demo_files: &[PathBuf]) -> Result<SizeReport> {
        let mut paths = Vec::new();
        collect_files(dist_dir, &mut paths)?;
        let mut relative: Vec<PathBuf> = paths
            .iter()
            .filter_map(|path| path.strip_prefix(dist_dir).ok().map(Path::to_path_buf))
            .filter(|path| counts_towards_bundle(path, demo_files))
            .collect();
        relative.sort();
        let mut files = Vec::with_capacity(relative.len());
        for name in relative {
            let path = dist_dir.join(&name);
            let data = fs::read(&path).context(|| format!("reading {}", path.display()))?;
            let name = name.to_string_lossy().into_owned();
            files.push(FileSize {
                name,
                raw: data.len() as u64,
                gzip: gzip_len(&data)?,
                brotli: brotli_len(&data)?,
            });
        }
        Ok(SizeReport { files })
    }

    pub fn total(&self) -> FileSize {
        FileSize {
            name: "total".to_string(),
            raw: self.files.iter().map(|f| f.raw).sum(),
            gzip: self.files.iter().map(|f| f.gzip).sum(),
            brotli: self.files.iter().map(|f| f.brotli).sum(),
        }
    }

    /// The loader and the first-load module together ([`FIRST_LOAD_FILES`]).
    pub fn first_load(&self) -> FileSize {
        let first: Vec<&FileSize> = self
            .files
            .iter()
            .filter(|file| FIRST_LOAD_FILES.contains(&file.name.as_str()))
            .collect();
        FileSize {
            name: "first load".to_string(),
            raw: first.iter().map(|f| f.raw).sum(),
            gzip: first.iter().map(|f| f.gzip).sum(),
            brotli: first.iter().map(|f| f.brotli).sum(),
        }
    }

    /// Whether the bundle is within the enforced ceilings: the total, the first load, and file by file.
    pub fn within_ceiling(&self) -> bool {
        self.ceiling_problem().is_none()
    }

    /// Why the size check failed, naming each file that grew past its line or has none (and the first load and
    /// the total if they did).
    pub fn ceiling_problem(&self) -> Option<String> {
        self.problems(&ENFORCED)
    }

    /// [`Self::ceiling_problem`] against any set of lines.
    fn problems(&self, limits: &Limits) -> Option<String> {
        let mut problems: Vec<String> = self
            .files
            .iter()
            .filter_map(|file| Some((file, limits.file(&file.name)?)))
            .filter(|(file, ceiling)| file.gzip > *ceiling)
            .map(|(file, ceiling)| {
                format!(
                    "{} is {} gzip bytes, {} over its ceiling of {}",
                    file.name,
                    file.gzip,
                    file.gzip - ceiling,
                    ceiling
                )
            })
            .collect();
        problems.extend(
            self.files
                .iter()
                .filter(|file| limits.file(&file.name).is_none())
                .map(|file| {
                    format!(
                        "{} ({} gzip bytes) has no ceiling: add its lasting name {} to FILE_CEILINGS_GZIP",
                        file.name,
                        file.gzip,
                        lasting_name(&file.name)
                    )
                }),
        );
        let first = self.first_load().gzip;
        if first > limits.first_load {
            problems.push(format!(
                "the first load is {first} gzip bytes, over its ceiling of {}",
                limits.first_load
            ));
        }
        let total = self.total().gzip;
        if total > limits.total {
            problems.push(format!(
                "the bundle is {total} gzip bytes, over the total ceiling of {}",
                limits.total
            ));
        }
        (!problems.is_empty()).then(|| problems.join("; "))
    }

    pub fn within_budget(&self) -> bool {
        self.total().gzip <= BUDGET_GZIP_BYTES
    }

    /// The human-readable table plus the budget and goal lines.
    pub fn render(&self) -> String {
        let total = self.total();
        let width = self
            .files
            .iter()
            .map(|f| f.name.len())
            .chain([total.name.len(), "file".len()])
            .max()
            .unwrap_or(4);
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{:<width$}  {:>10}  {:>10}  {:>10}  {:>12}",
            "file", "raw", "gzip -9", "brotli 11", "gzip ceiling"
        );
        let first = self.first_load();
        for row in self.files.iter().chain([&first, &total]) {
            let ceiling = if row.name == total.name {
                Some(CEILING_GZIP_BYTES)
            } else if row.name == first.name {
                Some(FIRST_LOAD_CEILING_GZIP_BYTES)
            } else {
                file_ceiling(&row.name)
            };
            let ceiling = ceiling.map_or_else(|| "-".to_string(), |c| c.to_string());
            let _ = writeln!(
                out,
                "{:<width$}  {:>10}  {:>10}  {:>10}  {:>12}",
                row.name, row.raw, row.gzip, row.brotli, ceiling
            );
        }
        if let Some(problem) = self.ceiling_problem() {
            let _ = writeln!(out, "grew: {problem}");
        }
        let _ = writeln!(
            out,
            "ceiling (enforced): {} of {} gzip bytes ({:.1} KB of {} KB) — {}",
            total.gzip,
            CEILING_GZIP_BYTES,
            total.gzip as f64 / 1024.0,
            CEILING_GZIP_BYTES / 1024,
            if self.within_ceiling() {
                "within the ceiling"
            } else {
                "OVER THE CEILING"
            }
        );
        let _ = writeln!(
            out,
            "first load (loader + first-load module): {} gzip / {} brotli bytes — {}",
            first.gzip,
            first.brotli,
            if first.gzip <= GOAL_GZIP_BYTES {
                format!("within the {} KB goal", GOAL_GZIP_BYTES / 1024)
            } else {
                format!(
                    "{:.1} KB over the {} KB goal",
                    first.gzip as f64 / 1024.0 - (GOAL_GZIP_BYTES / 1024) as f64,
                    GOAL_GZIP_BYTES / 1024
                )
            }
        );
        let over = total.gzip as f64 / 1024.0 - (BUDGET_GZIP_BYTES / 1024) as f64;
        let _ = writeln!(
            out,
            "budget: {} KB — {}",
            BUDGET_GZIP_BYTES / 1024,
            if self.within_budget() {
                "within budget".to_string()
            } else {
                format!("{over:.1} KB over")
            }
        );
        let _ = write!(out, "goal: {} KB first load", GOAL_GZIP_BYTES / 1024);
        out
    }

    pub fn to_json(&self) -> serde_json::Value {
        let row = |f: &FileSize| serde_json::json!({"file": f.name, "raw": f.raw, "gzip": f.gzip, "brotli": f.brotli, "gzip_ceiling": file_ceiling(&f.name)});
        serde_json::json!({
            "files": self.files.iter().map(row).collect::<Vec<_>>(),
            "first_load": row(&self.first_load()),
            "total": row(&self.total()),
            "first_load_ceiling_gzip_bytes": FIRST_LOAD_CEILING_GZIP_BYTES,
            "ceiling_gzip_bytes": CEILING_GZIP_BYTES,
            "budget_gzip_bytes": BUDGET_GZIP_BYTES,
            "goal_gzip_bytes": GOAL_GZIP_BYTES,
            "within_ceiling": self.within_ceiling(),
            "within_budget": self.within_budget(),
        })
    }

    pub fn write_json(&self, path: &Path) -> Result<()> {
        let text =
            serde_json::to_string_pretty(&self.to_json()).unwrap_or_else(|_| "{}".to_string());
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).context(|| format!("creating {}", dir.display()))?;
        }
        fs::write(path, text + "\n").context(|| format!("writing {}", path.display()))
    }
}

/// The lines a bundle is checked against, in gzip bytes.
struct Limits {
    total: u64,
    first_load: u64,
    files: &'static [(&'static str, u64)],
}

/// The lines every test run enforces.
const ENFORCED: Limits = Limits {
    total: CEILING_GZIP_BYTES,
    first_load: FIRST_LOAD_CEILING_GZIP_BYTES,
    files: FILE_CEILINGS_GZIP,
};

impl Limits {
    /// The ratchet of one bundle file (by its lasting name), if it has one.
    fn file(&self, name: &str) -> Option<u64> {
        let name = lasting_name(name);
        self.files
            .iter()
            .find(|(file, _)| *file == name)
            .map(|(_, ceiling)| *ceiling)
    }
}

/// The enforced ratchet of one bundle file (by its lasting name), if it has one.
pub fn file_ceiling(name: &str) -> Option<u64> {
    ENFORCED.file(name)
}

/// Every file under `dir`, at any depth.
pub fn collect_files(dir: &Path, into: &mut Vec<PathBuf>) -> Result<()> {
    let entries = fs::read_dir(dir).context(|| format!("listing {}", dir.display()))?;
    for entry in entries {
        let path = entry
            .context(|| format!("listing {}", dir.display()))?
            .path();
        if path.is_dir() {
            collect_files(&path, into)?;
        } else {
            into.push(path);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, gzip: u64) -> FileSize {
        FileSize {
            name: name.to_string(),
            raw: gzip * 3,
            gzip,
            brotli: gzip - 1,
        }
    }

    fn report(files: &[(&str, u64)]) -> SizeReport {
        SizeReport {
            files: files.iter().map(|(name, gzip)| file(name, *gzip)).collect(),
        }
    }

    const LINES: Limits = Limits {
        total: 1000,
        first_load: 700,
        files: &[
            ("outlook-connect.js", 100),
            ("outlook-connect.wasm", 600),
            ("outlook-connect.choose.wasm", 300),
        ],
    };

    const CHOOSE: &str = "outlook-connect.choose.0123456789abcdef.wasm";

    #[test]
    fn budget_is_inclusive_and_summed_over_files() {
        assert!(report(&[("a", 100_000), ("b", 53_600)]).within_budget());
        assert!(!report(&[("a", 100_000), ("b", 53_601)]).within_budget());
        assert_eq!(report(&[("a", 1), ("b", 2), ("c", 3)]).total().raw, 18);
    }

    #[test]
    fn a_file_past_its_own_ceiling_fails_and_is_named_by_its_lasting_name() {
        let at_the_lines = report(&[
            ("outlook-connect.js", 100),
            ("outlook-connect.wasm", 600),
            (CHOOSE, 300),
        ]);
        assert_eq!(at_the_lines.problems(&LINES), None);
        let grown = report(&[
            ("outlook-connect.js", 99),
            ("outlook-connect.wasm", 500),
            (CHOOSE, 310),
        ]);
        let problem = grown.problems(&LINES).unwrap();
        assert!(
            problem.contains(CHOOSE) && problem.contains("10 over its ceiling of 300"),
            "{problem}"
        );
        assert!(
            !problem.contains("outlook-connect.js") && !problem.contains("first load"),
            "only the file that grew: {problem}"
        );
    }

    #[test]
    fn a_file_without_a_ratchet_fails_and_says_which_line_to_add() {
        let problem = report(&[(
            "outlook-connect.shared-choose-files.89abcdef01234567.wasm",
            5,
        )])
        .problems(&LINES)
        .unwrap();
        assert!(
            problem.contains("add its lasting name outlook-connect.shared-choose-files.wasm"),
            "{problem}"
        );
    }

    #[test]
    fn the_first_load_is_the_loader_and_the_first_module_and_has_its_own_inclusive_ceiling() {
        let at = report(&[
            ("outlook-connect.js", 100),
            ("outlook-connect.wasm", 600),
            (CHOOSE, 300),
        ]);
        assert_eq!(at.first_load().gzip, 700);
        assert_eq!(at.first_load().brotli, 698);
        let over = Limits {
            first_load: 699,
            ..LINES
        };
        let problem = at.problems(&over).unwrap();
        assert!(
            problem.contains("first load is 700 gzip bytes, over its ceiling of 699"),
            "{problem}"
        );
    }

    #[test]
    fn the_total_ceiling_is_inclusive_and_never_below_the_budget() {
        let files = [
            ("outlook-connect.js", 100),
            ("outlook-connect.wasm", 600),
            (CHOOSE, 300),
        ];
        assert_eq!(
            report(&files).problems(&Limits {
                total: 1000,
                ..LINES
            }),
            None
        );
        let problem = report(&files)
            .problems(&Limits {
                total: 999,
                ..LINES
            })
            .unwrap();
        assert!(
            problem.contains("over the total ceiling of 999"),
            "{problem}"
        );
        const { assert!(CEILING_GZIP_BYTES >= BUDGET_GZIP_BYTES) };
        const { assert!(FIRST_LOAD_CEILING_GZIP_BYTES >= GOAL_GZIP_BYTES) };
    }

    #[test]
    fn the_first_load_files_have_ratchets_and_the_first_load_line_is_the_tighter_one() {
        let first: u64 = FIRST_LOAD_FILES
            .iter()
            .filter_map(|name| file_ceiling(name))
            .sum();
        assert!(
            first >= FIRST_LOAD_CEILING_GZIP_BYTES,
            "the first-load line is the tighter one"
        );
        for name in FIRST_LOAD_FILES {
            assert!(file_ceiling(name).is_some(), "{name} has a ratchet");
        }
    }

    #[test]
    fn lasting_names_drop_only_the_content_hash() {
        assert_eq!(lasting_name(CHOOSE), "outlook-connect.choose.wasm");
        assert_eq!(lasting_name("outlook-connect.js"), "outlook-connect.js");
        assert_eq!(
            lasting_name("outlook-connect.0.1.0.wasm"),
            "outlook-connect.0.1.0.wasm"
        );
        assert_eq!(
            file_ceiling(CHOOSE),
            file_ceiling("outlook-connect.choose.wasm")
        );
    }

    #[test]
    fn compression_shrinks_repetitive_data_and_brotli_beats_gzip_on_text() {
        let text = "OutlookConnect.create({tokenFetcher}); ".repeat(500);
        let gzip = gzip_len(text.as_bytes()).unwrap();
        let brotli = brotli_len(text.as_bytes()).unwrap();
        assert!(gzip < text.len() as u64 / 10, "gzip {gzip}");
        assert!(brotli <= gzip, "brotli {brotli} gzip {gzip}");
        assert!(
            gzip_len(b"").unwrap() > 0,
            "a gzip stream has a header even when empty"
        );
    }

    #[test]
    fn loader_wasm_and_css_count_but_not_the_demo_pages_files() {
        let demo = [
            PathBuf::from("demo.js"),
            PathBuf::from("demo.css"),
            PathBuf::from("index.html"),
        ];
        let counts = |name: &str| counts_towards_bundle(Path::new(name), &demo);
        assert!(counts("outlook-connect.js"));
        assert!(counts("outlook-connect.wasm"));
        assert!(counts(CHOOSE));
        assert!(counts("themes/dark.css"));
        assert!(!counts("demo.js"));
        assert!(!counts("demo.css"));
        assert!(!counts("index.html"));
        assert!(!counts("outlook-connect.d.ts"));
    }

    #[test]
    fn report_mentions_first_load_goal_and_budget() {
        let over = report(&[
            ("outlook-connect.js", 10_000),
            ("outlook-connect.wasm", 190_000),
        ])
        .render();
        assert!(over.contains("first load (loader + first-load module): 200000 gzip / 199998 brotli bytes — 85.3 KB over the 110 KB goal"), "{over}");
        assert!(
            over.contains("budget: 150 KB — 45.3 KB over")
                && over.ends_with("goal: 110 KB first load"),
            "{over}"
        );
        let json = report(&[("outlook-connect.wasm", 1000)]).to_json();
        assert_eq!(json["total"]["gzip"], 1000);
        assert_eq!(json["first_load"]["gzip"], 1000);
        assert_eq!(json["within_budget"], true);
    }
}
