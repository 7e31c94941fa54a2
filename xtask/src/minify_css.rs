//! The CSS minifier `cargo xtask dist` runs over `src/styles.css` before it goes into the loader (see
//! `dist::splice_early_paint`): every byte of comments and indentation would ship.

/// `css` without `/* comments */` and with whitespace only where it can matter: a run of whitespace becomes one
/// space, or nothing after `{ } ; : , > ( ` or a space, or before `{ } ; , > )`. A space before `:` is kept
/// (`a :hover` is not `a:hover`), and so is everything inside words and strings.
pub fn minify_css(css: &str) -> String {
    fn tight_after(byte: u8) -> bool {
        matches!(byte, b'{' | b'}' | b';' | b':' | b',' | b'>' | b'(' | b' ')
    }
    fn tight_before(byte: u8) -> bool {
        matches!(byte, b'{' | b'}' | b';' | b',' | b'>' | b')')
    }
    let css = css.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(css.len());
    let mut read = 0;
    while read < css.len() {
        let byte = css[read];
        if byte == b'/' && read + 1 < css.len() && css[read + 1] == b'*' {
            read += 2;
            while read + 1 < css.len() && !(css[read] == b'*' && css[read + 1] == b'/') {
                read += 1;
            }
            read += 2;
        } else if byte.is_ascii_whitespace() {
            let mut next = read;
            while next < css.len() && css[next].is_ascii_whitespace() {
                next += 1;
            }
            let starts_comment = next + 1 < css.len() && css[next] == b'/' && css[next + 1] == b'*';
            if out.last().is_some_and(|&last| !tight_after(last))
                && next < css.len()
                && !starts_comment
                && !tight_before(css[next])
            {
                out.push(b' ');
            }
            read = next;
        } else {
            out.push(byte);
            read += 1;
        }
    }
    // Only ASCII bytes are dropped or added, so what was UTF-8 stays UTF-8.
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::minify_css;

    #[test]
    fn minifying_drops_comments_and_layout_but_keeps_meaning() {
        let css = "/* note */\n.a *::before, .b > .c {\n  font: 1em \"Segoe UI\", x;  /* why */\n  margin: 0 auto;\n}\n.d :hover { }";
        assert_eq!(
            minify_css(css),
            ".a *::before,.b>.c{font:1em \"Segoe UI\",x;margin:0 auto;}.d :hover{}"
        );
    }
}
