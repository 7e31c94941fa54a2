//! Fuzz target: arbitrary text into both parsers. Nothing may panic, and whatever parses must
//! keep the crate's invariants: Carbon JSON round-trips, the Graph `$filter` is in the subset
//! `parse_odata` reads, and the summary is written.
#![no_main]

use libfuzzer_sys::fuzz_target;
use outlook_connect_filter::graph::{parse_odata, to_graph};
use outlook_connect_filter::summary::{summarize, ENGLISH};
use outlook_connect_filter::{parse_str, parse_value};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(parsed) = parse_str(text) {
        let again = parse_value(&parsed.filter.to_json()).expect("a parsed filter re-parses");
        assert_eq!(again.filter, parsed.filter);
        let query = to_graph(&parsed.filter);
        if let Some(odata) = &query.filter {
            let expression = parse_odata(odata).expect("to_graph output parses");
            assert_eq!(&expression.to_string(), odata);
        }
        assert!(!summarize(&parsed.filter, &ENGLISH).is_empty());
    }
    if let Ok(expression) = parse_odata(text) {
        let rendered = expression.to_string();
        assert_eq!(parse_odata(&rendered).as_ref(), Ok(&expression));
    }
});
