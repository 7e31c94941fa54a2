//! What the first-load module is made of: its function bodies summed by where their code comes from (a crate, or
//! one of the widget's own top-level modules), read from the split's first-load module before wasm-bindgen and
//! wasm-opt (`target/wasm-bindgen/outlook_connect_bg.wasm`, which still has its name section). `cargo xtask dist` prints the largest
//! origins under the size report, so deciding what to move to a chunk next starts from numbers, not guesses.
//! The figures are raw bytes before optimisation: wasm-opt shrinks and inlines afterwards, so read them as shares.

use crate::error::{IoContext, Result, XtaskError};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::fs;
use std::path::Path;
use wasmparser::{Name, NameSectionReader, Parser, Payload};

/// Bytes of one origin's function bodies (or of the data segments).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Share {
    pub origin: String,
    pub bytes: u64,
}

/// A module's code and data by origin, largest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Composition {
    pub shares: Vec<Share>,
    pub total: u64,
}

/// What a module counts as data (its data segments), next to the code origins.
pub const DATA: &str = "(data segments)";
/// Functions the name section does not name.
pub const UNNAMED: &str = "(unnamed)";

impl Composition {
    /// Reads `wasm`'s code and data sizes and its function names.
    pub fn of(wasm: &[u8]) -> Result<Composition> {
        let invalid = |error: wasmparser::BinaryReaderError| {
            XtaskError::Invalid(format!("reading the first-load module: {error}"))
        };
        let mut imported_functions = 0u32;
        let mut bodies: Vec<u64> = Vec::new();
        let mut names: HashMap<u32, String> = HashMap::new();
        let mut data = 0u64;
        for payload in Parser::new(0).parse_all(wasm) {
            match payload.map_err(invalid)? {
                Payload::ImportSection(imports) => {
                    for import in imports.into_imports() {
                        if matches!(import.map_err(invalid)?.ty, wasmparser::TypeRef::Func(_)) {
                            imported_functions += 1;
                        }
                    }
                }
                Payload::CodeSectionEntry(body) => {
                    let range = body.range();
                    bodies.push(range.end - range.start);
                }
                Payload::DataSection(segments) => {
                    for segment in segments {
                        data += segment.map_err(invalid)?.data.len() as u64;
                    }
                }
                Payload::CustomSection(section) if section.name() == "name" => {
                    let reader = NameSectionReader::new(wasmparser::BinaryReader::new(
                        section.data(),
                        section.data_offset(),
                    ));
                    for subsection in reader {
                        if let Name::Function(map) = subsection.map_err(invalid)? {
                            for naming in map {
                                let naming = naming.map_err(invalid)?;
                                names.insert(naming.index, naming.name.to_owned());
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        let mut by_origin: HashMap<String, u64> = HashMap::new();
        for (position, bytes) in bodies.iter().enumerate() {
            let index = imported_functions + position as u32;
            let origin = names
                .get(&index)
                .map_or_else(|| UNNAMED.to_owned(), |name| origin_of(name));
            *by_origin.entry(origin).or_default() += bytes;
        }
        if data > 0 {
            by_origin.insert(DATA.to_owned(), data);
        }
        let mut shares: Vec<Share> = by_origin
            .into_iter()
            .map(|(origin, bytes)| Share { origin, bytes })
            .collect();
        shares.sort_by(|a, b| b.bytes.cmp(&a.bytes).then_with(|| a.origin.cmp(&b.origin)));
        let total = shares.iter().map(|share| share.bytes).sum();
        Ok(Composition { shares, total })
    }

    /// Reads the module at `path`.
    pub fn of_file(path: &Path) -> Result<Composition> {
        let wasm = fs::read(path).context(|| format!("reading {}", path.display()))?;
        Composition::of(&wasm)
    }

    /// The `top` largest origins and the rest in one line, each with its share of the whole.
    pub fn render(&self, title: &str, top: usize) -> String {
        let mut out = format!("{title}\n");
        let percent = |bytes: u64| bytes as f64 * 100.0 / self.total.max(1) as f64;
        for share in self.shares.iter().take(top) {
            let _ = writeln!(
                out,
                "  {:<40} {:>9}  {:>5.1} %",
                share.origin,
                share.bytes,
                percent(share.bytes)
            );
        }
        let rest: u64 = self.shares.iter().skip(top).map(|share| share.bytes).sum();
        if rest > 0 {
            let others = self.shares.len().saturating_sub(top);
            let label = format!("({others} more origins)");
            let _ = writeln!(out, "  {:<40} {:>9}  {:>5.1} %", label, rest, percent(rest));
        }
        out
    }
}

/// Where a function's code comes from, by its (demangled) name: the crate of the first path in it — the type in
/// `<Type as Trait>::method`, the dropped type in `drop_in_place<T>` — and for the widget's own crate its
/// top-level module (`outlook_connect::state`); wasm-bindgen's generated shims as one origin.
pub fn origin_of(name: &str) -> String {
    if name.starts_with("__wbg_") || name.starts_with("__wbindgen") {
        return "wasm-bindgen shims".to_owned();
    }
    let subject = match name.find("drop_in_place<") {
        Some(start) => &name[start + "drop_in_place<".len()..],
        None => name,
    };
    let subject = subject.trim_start_matches(['<', '&', '*', '(', ' ']);
    let subject = subject
        .strip_prefix("mut ")
        .or_else(|| subject.strip_prefix("const "))
        .or_else(|| subject.strip_prefix("dyn "))
        .unwrap_or(subject)
        .trim_start_matches(['<', '&', '(']);
    let path_end = subject
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':' || c == '[' || c == ']'))
        .unwrap_or(subject.len());
    let mut segments = subject[..path_end]
        .split("::")
        // `core[c5930c85a12de822]` is core.
        .map(|segment| segment.split('[').next().unwrap_or(segment));
    let first = segments.next().unwrap_or_default();
    match first {
        "" => UNNAMED.to_owned(),
        "outlook_connect" => match segments.next() {
            Some(module) if !module.is_empty() => format!("outlook_connect::{module}"),
            _ => "outlook_connect".to_owned(),
        },
        // Impls on primitives and on a bare type parameter (`<str as …>`, `<T as …>`) are core's generic code.
        primitive if is_primitive_or_parameter(primitive) => "core".to_owned(),
        crate_name => crate_name.to_owned(),
    }
}

fn is_primitive_or_parameter(segment: &str) -> bool {
    const PRIMITIVES: [&str; 17] = [
        "str", "bool", "char", "u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32",
        "i64", "i128", "isize", "f32", "f64",
    ];
    PRIMITIVES.contains(&segment)
        || (segment.len() == 1 && segment.chars().all(|c| c.is_ascii_uppercase()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_encoder::{
        CodeSection, DataSection, EntityType, Function, FunctionSection, ImportSection,
        Instruction, Module, NameMap, NameSection, TypeSection,
    };

    #[test]
    fn origins_are_the_crate_or_the_widgets_module() {
        let cases = [
            ("outlook_connect::state::files::reduce::h97956e805b372d2f", "outlook_connect::state"),
            (
                "<outlook_connect::components::app::App as yew::functional::FunctionProvider>::run::inner::hcab4",
                "outlook_connect::components",
            ),
            ("<&mut serde_json::de::Deserializer<R> as serde_core::de::Deserializer>::deserialize_any::h98", "serde_json"),
            ("core[c5930c85a12de822]::str::slice_error_fail_rt", "core"),
            ("core::ptr::drop_in_place<yew::virtual_dom::vnode::VNode>::h1", "yew"),
            ("<dyn core::any::Any as core::fmt::Debug>::fmt::h2", "core"),
            ("__wbg_fetch_1234", "wasm-bindgen shims"),
            ("outlook_connect_filter::parse::Checker::node::hf218", "outlook_connect_filter"),
            ("dlmalloc::dlmalloc::Dlmalloc<A>::malloc::h3", "dlmalloc"),
            ("<str as core::fmt::Display>::fmt", "core"),
            ("<T as alloc::string::ToString>::to_string", "core"),
        ];
        for (name, origin) in cases {
            assert_eq!(origin_of(name), origin, "{name}");
        }
    }

    /// A module with one imported function, three bodies (two named after crates, one unnamed) and 5 data bytes.
    fn module() -> Vec<u8> {
        let mut types = TypeSection::new();
        types.ty().function([], []);
        let mut imports = ImportSection::new();
        imports.import("env", "f", EntityType::Function(0));
        let mut functions = FunctionSection::new();
        let mut code = CodeSection::new();
        for extra_nops in [10, 3, 1] {
            functions.function(0);
            let mut body = Function::new([]);
            for _ in 0..extra_nops {
                body.instruction(&Instruction::Nop);
            }
            body.instruction(&Instruction::End);
            code.function(&body);
        }
        let mut data = DataSection::new();
        data.passive([1u8, 2, 3, 4, 5]);
        let mut function_names = NameMap::new();
        function_names.append(0, "env::f");
        function_names.append(1, "yew::scheduler::start::h1");
        function_names.append(2, "outlook_connect::flow::sync::run::h2");
        let mut names = NameSection::new();
        names.functions(&function_names);
        let mut module = Module::new();
        module
            .section(&types)
            .section(&imports)
            .section(&functions)
            .section(&code)
            .section(&data)
            .section(&names);
        module.finish()
    }

    #[test]
    fn bodies_are_summed_by_origin_past_the_imports() {
        let composition = Composition::of(&module()).unwrap();
        let bytes = |origin: &str| {
            composition
                .shares
                .iter()
                .find(|share| share.origin == origin)
                .map(|share| share.bytes)
        };
        // A body counts its locals and instructions (not its size prefix): 1 + nops + end.
        assert_eq!(bytes("yew"), Some(12));
        assert_eq!(bytes("outlook_connect::flow"), Some(5));
        assert_eq!(bytes(UNNAMED), Some(3), "the third body has no name");
        assert_eq!(bytes(DATA), Some(5));
        assert_eq!(composition.total, 12 + 5 + 3 + 5);
        assert_eq!(composition.shares[0].origin, "yew", "largest first");
        let rendered = composition.render("title", 2);
        assert!(rendered.contains("(2 more origins)"), "{rendered}");
    }
}
