//! Just enough of the WebAssembly binary format for the build: reading a module's imports and rewriting their
//! module and field names (the chunks' imports follow the first-load module's minified export names).

/// One entry of a module's import section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Import {
    pub module: String,
    pub name: String,
    /// The kind byte and its type description, as they are in the binary.
    desc: Vec<u8>,
}

/// The imports of `wasm`, in order.
pub fn imports(wasm: &[u8]) -> Result<Vec<Import>, String> {
    Ok(import_section(wasm)?
        .map(|(_, imports)| imports)
        .unwrap_or_default())
}

/// `wasm` with each import that `rename` answers for renamed to its (module, name); everything else is copied.
pub fn rename_imports(
    wasm: &[u8],
    rename: impl Fn(&Import) -> Option<(String, String)>,
) -> Result<Vec<u8>, String> {
    let Some((range, imports)) = import_section(wasm)? else {
        return Ok(wasm.to_vec());
    };
    let mut body = Vec::new();
    leb(&mut body, imports.len() as u64);
    for import in &imports {
        let (module, name) =
            rename(import).unwrap_or_else(|| (import.module.clone(), import.name.clone()));
        for text in [&module, &name] {
            leb(&mut body, text.len() as u64);
            body.extend_from_slice(text.as_bytes());
        }
        body.extend_from_slice(&import.desc);
    }
    let mut out = wasm[..range.start].to_vec();
    out.push(2);
    leb(&mut out, body.len() as u64);
    out.extend(body);
    out.extend_from_slice(&wasm[range.end..]);
    Ok(out)
}

/// Where a module's import section is (its id byte to its end) and what it holds.
type ImportSection = (std::ops::Range<usize>, Vec<Import>);

/// The import section of `wasm`, if the module has one.
fn import_section(wasm: &[u8]) -> Result<Option<ImportSection>, String> {
    let truncated = || "the wasm is truncated".to_owned();
    if wasm.get(..4) != Some(b"\0asm".as_slice()) {
        return Err("the file is not WebAssembly".to_owned());
    }
    let mut reader = Reader { bytes: wasm, at: 8 };
    while reader.at < wasm.len() {
        let start = reader.at;
        let id = reader.byte().ok_or_else(truncated)?;
        let size = reader.leb().ok_or_else(truncated)? as usize;
        let end = reader.at + size;
        if end > wasm.len() {
            return Err(truncated());
        }
        if id != 2 {
            reader.at = end;
            continue;
        }
        let mut imports = Vec::new();
        for _ in 0..reader.leb().ok_or_else(truncated)? {
            let module = reader.name().ok_or_else(truncated)?;
            let name = reader.name().ok_or_else(truncated)?;
            let desc_start = reader.at;
            match reader.byte().ok_or_else(truncated)? {
                0 => drop(reader.leb().ok_or_else(truncated)?), // function: type index
                1 => {
                    reader.byte().ok_or_else(truncated)?; // table: element type, then limits
                    reader.limits().ok_or_else(truncated)?;
                }
                2 => reader.limits().ok_or_else(truncated)?, // memory: limits
                // global: value type, mutability; tag: attribute, type index
                3 | 4 => drop(reader.bytes(2).ok_or_else(truncated)?),
                kind => return Err(format!("unknown import kind {kind}")),
            }
            let desc = wasm[desc_start..reader.at].to_vec();
            imports.push(Import { module, name, desc });
        }
        if reader.at != end {
            return Err("the import section's size does not match its entries".to_owned());
        }
        return Ok(Some((start..end, imports)));
    }
    Ok(None)
}

fn leb(out: &mut Vec<u8>, mut value: u64) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// A cursor over a wasm binary.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn byte(&mut self) -> Option<u8> {
        let byte = *self.bytes.get(self.at)?;
        self.at += 1;
        Some(byte)
    }

    fn bytes(&mut self, count: usize) -> Option<&[u8]> {
        let slice = self.bytes.get(self.at..self.at + count)?;
        self.at += count;
        Some(slice)
    }

    fn leb(&mut self) -> Option<u64> {
        let (mut value, mut shift) = (0u64, 0);
        loop {
            let byte = self.byte()?;
            value |= u64::from(byte & 0x7f).checked_shl(shift)?;
            if byte & 0x80 == 0 {
                return Some(value);
            }
            shift += 7;
        }
    }

    fn name(&mut self) -> Option<String> {
        let len = self.leb()? as usize;
        Some(String::from_utf8_lossy(self.bytes(len)?).into_owned())
    }

    fn limits(&mut self) -> Option<()> {
        let flags = self.byte()?;
        self.leb()?;
        if flags & 1 != 0 {
            self.leb()?;
        }
        Some(())
    }
}

/// A wasm binary with a type section (one function type), the given imports of that type, and a custom
/// section after them: enough to see that rewriting keeps what surrounds the import section.
#[cfg(test)]
pub fn test_module(imports: &[(&str, &str)]) -> Vec<u8> {
    let mut wasm = b"\0asm\x01\0\0\0".to_vec();
    wasm.extend_from_slice(&[1, 4, 1, 0x60, 0, 0]); // type section: () -> ()
    let mut section = Vec::new();
    leb(&mut section, imports.len() as u64);
    for (module, name) in imports {
        for text in [module, name] {
            leb(&mut section, text.len() as u64);
            section.extend_from_slice(text.as_bytes());
        }
        section.extend_from_slice(&[0, 0]);
    }
    wasm.push(2);
    leb(&mut wasm, section.len() as u64);
    wasm.extend(section);
    wasm.extend_from_slice(&[0, 4, 1, b'x', 7, 7]); // custom section "x" holding [7, 7]
    wasm
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(wasm: &[u8]) -> Vec<(String, String)> {
        imports(wasm)
            .unwrap()
            .into_iter()
            .map(|import| (import.module, import.name))
            .collect()
    }

    #[test]
    fn reads_imports_in_order_and_refuses_what_is_not_a_whole_module() {
        let wasm = test_module(&[("a", "x"), ("b", "y")]);
        assert_eq!(
            pairs(&wasm),
            [("a".into(), "x".into()), ("b".into(), "y".into())]
        );
        assert!(imports(&wasm[..20]).is_err());
        assert!(imports(b"not wasm").is_err());
        assert_eq!(imports(b"\0asm\x01\0\0\0").unwrap(), []);
    }

    #[test]
    fn renames_only_what_it_is_asked_to_and_keeps_the_rest_of_the_module() {
        let long = "m".repeat(200); // a name whose length needs two LEB bytes
        let wasm = test_module(&[("__wasm_split", "memory"), ("env", "keep")]);
        let renamed = rename_imports(&wasm, |import| {
            (import.module == "__wasm_split").then(|| (long.clone(), "b".to_owned()))
        })
        .unwrap();
        assert_eq!(
            pairs(&renamed),
            [(long.clone(), "b".into()), ("env".into(), "keep".into())]
        );
        assert!(
            renamed.ends_with(&[0, 4, 1, b'x', 7, 7]),
            "the custom section follows"
        );
        assert_eq!(
            &renamed[..14],
            &wasm[..14],
            "the header and type section are unchanged"
        );
        let back = rename_imports(&renamed, |import| {
            (import.module == long).then(|| ("__wasm_split".to_owned(), "memory".to_owned()))
        })
        .unwrap();
        assert_eq!(back, wasm);
    }
}
