//! The filter grammar as a table: each row is a `filters` JSON text and exactly what parsing it
//! gives. Expectations are written compactly:
//!
//! - `{...}`: valid; serializing the parsed tree gives exactly this text, and no warnings;
//! - `{...} ! code@path, ...`: valid, with exactly these warnings;
//! - `code@path, code@path | fragment`: invalid, with exactly these errors in this order; the
//!   optional `| fragment` must appear in the first error's message.

use outlook_connect_filter::{parse_str, FilterError, MAX_CONDITIONS, MAX_VALUE_LEN};

const ROWS: &[(&str, &str)] = &[
    // ---- valid: every key, and the shapes of the contract
    (r#"{}"#, r#"{}"#),
    (r#"  { }  "#, r#"{}"#),
    (r#"{"key":"category","value":"Test"}"#, r#"{"key":"category","value":"Test"}"#),
    (r#"{"value":"Test","key":"category"}"#, r#"{"key":"category","value":"Test"}"#),
    (r#"{"key":"category","value":"  Personal  "}"#, r#"{"key":"category","value":"Personal"}"#),
    (r#"{"key":"category","value":"Café ☕"}"#, r#"{"key":"category","value":"Café ☕"}"#),
    (r#"{"key":"category","value":"It's \"red\""}"#, r#"{"key":"category","value":"It's \"red\""}"#),
    (r#"{"key":"category","value":"<img src=x onerror=alert(1)>"}"#, r#"{"key":"category","value":"<img src=x onerror=alert(1)>"}"#),
    (r#"{"key":"category","value":"\tTabbed\n"}"#, r#"{"key":"category","value":"Tabbed"}"#),
    (r#"{"key":"category","value":"a"}"#, r#"{"key":"category","value":"a"}"#),
    (r#"{"key":"after","value":"2024/01/07"}"#, r#"{"key":"after","value":"2024/01/07"}"#),
    (r#"{"key":"after","value":" 2024/01/07 "}"#, r#"{"key":"after","value":"2024/01/07"}"#),
    (r#"{"key":"before","value":"2023/12/31"}"#, r#"{"key":"before","value":"2023/12/31"}"#),
    (r#"{"key":"after","value":"2024/02/29"}"#, r#"{"key":"after","value":"2024/02/29"}"#),
    (r#"{"key":"after","value":"2000/02/29"}"#, r#"{"key":"after","value":"2000/02/29"}"#),
    (r#"{"key":"before","value":"9999/12/31"}"#, r#"{"key":"before","value":"9999/12/31"}"#),
    (r#"{"key":"after","value":"0001/01/01"}"#, r#"{"key":"after","value":"0001/01/01"}"#),
    (r#"{"key":"before","value":"1969/12/31"}"#, r#"{"key":"before","value":"1969/12/31"}"#),
    (r#"{"key":"after","value":"2024/04/30"}"#, r#"{"key":"after","value":"2024/04/30"}"#),
    (r#"{"key":"from","value":"a@b.co"}"#, r#"{"key":"from","value":"a@b.co"}"#),
    (r#"{"key":"from","value":"First.Last+tag@mail.example.org"}"#, r#"{"key":"from","value":"First.Last+tag@mail.example.org"}"#),
    (r#"{"key":"from","value":"  alice@example.com "}"#, r#"{"key":"from","value":"alice@example.com"}"#),
    (r#"{"key":"from","value":"o'brien@example.ie"}"#, r#"{"key":"from","value":"o'brien@example.ie"}"#),
    (r#"{"key":"from","value":"ALICE@EXAMPLE.COM"}"#, r#"{"key":"from","value":"ALICE@EXAMPLE.COM"}"#),
    (r#"{"key":"is","value":"flagged"}"#, r#"{"key":"is","value":"flagged"}"#),
    (r#"{"key":"is","value":" flagged "}"#, r#"{"key":"is","value":"flagged"}"#),
    (r#"{"key":"has","value":"attachment"}"#, r#"{"key":"has","value":"attachment"}"#),
    (
        r#"{"AND":[{"key":"after","value":"2024/01/07"},{"OR":[{"key":"category","value":"Personal"},{"key":"category","value":"Test"}]}]}"#,
        r#"{"AND":[{"key":"after","value":"2024/01/07"},{"OR":[{"key":"category","value":"Personal"},{"key":"category","value":"Test"}]}]}"#,
    ),
    (
        "{\n \"AND\" : [\n  {\"key\": \"after\", \"value\": \"2024/01/07\"}\n ]\n}",
        r#"{"AND":[{"key":"after","value":"2024/01/07"}]}"#,
    ),
    (
        r#"{"OR":[{"key":"category","value":"A"},{"key":"category","value":"B"},{"key":"category","value":"C"}]}"#,
        r#"{"OR":[{"key":"category","value":"A"},{"key":"category","value":"B"},{"key":"category","value":"C"}]}"#,
    ),
    (
        r#"{"AND":[{"key":"after","value":"2024/01/07"},{"key":"before","value":"2024/01/08"}]}"#,
        r#"{"AND":[{"key":"after","value":"2024/01/07"},{"key":"before","value":"2024/01/08"}]}"#,
    ),
    (
        r#"{"AND":[{"key":"before","value":"2025/01/01"},{"key":"after","value":"2024/01/01"}]}"#,
        r#"{"AND":[{"key":"before","value":"2025/01/01"},{"key":"after","value":"2024/01/01"}]}"#,
    ),
    (
        r#"{"OR":[{"key":"after","value":"2024/02/01"},{"key":"before","value":"2024/01/01"}]}"#,
        r#"{"OR":[{"key":"after","value":"2024/02/01"},{"key":"before","value":"2024/01/01"}]}"#,
    ),
    (
        r#"{"AND":[{"key":"after","value":"2024/02/01"},{"OR":[{"key":"before","value":"2024/01/01"},{"key":"is","value":"flagged"}]}]}"#,
        r#"{"AND":[{"key":"after","value":"2024/02/01"},{"OR":[{"key":"before","value":"2024/01/01"},{"key":"is","value":"flagged"}]}]}"#,
    ),
    (
        r#"{"AND":[{"OR":[{"key":"after","value":"2024/02/01"},{"key":"before","value":"2024/01/01"}]}]}"#,
        r#"{"AND":[{"OR":[{"key":"after","value":"2024/02/01"},{"key":"before","value":"2024/01/01"}]}]}"#,
    ),
    (
        r#"{"OR":[{"key":"is","value":"flagged"},{"AND":[{"key":"has","value":"attachment"},{"key":"from","value":"a@b.co"}]}]}"#,
        r#"{"OR":[{"key":"is","value":"flagged"},{"AND":[{"key":"has","value":"attachment"},{"key":"from","value":"a@b.co"}]}]}"#,
    ),
    (
        r#"{"AND":[{"OR":[{"key":"category","value":"A"}]},{"OR":[{"key":"category","value":"B"}]}]}"#,
        r#"{"AND":[{"OR":[{"key":"category","value":"A"}]},{"OR":[{"key":"category","value":"B"}]}]}"#,
    ),
    (
        r#"{"AND":[{"AND":[{"key":"is","value":"flagged"}]}]}"#,
        r#"{"AND":[{"AND":[{"key":"is","value":"flagged"}]}]}"#,
    ),
    (r#"{"OR":[{"key":"has","value":"attachment"}]}"#, r#"{"OR":[{"key":"has","value":"attachment"}]}"#),
    (
        r#"{"AND":[{"key":"category","value":"Test"},{"key":"category","value":"Personal"}]}"#,
        r#"{"AND":[{"key":"category","value":"Test"},{"key":"category","value":"Personal"}]}"#,
    ),
    (
        r#"{"AND":[{"key":"after","value":"2024/01/01"},{"key":"after","value":"2024/03/01"},{"key":"before","value":"2024/03/02"}]}"#,
        r#"{"AND":[{"key":"after","value":"2024/01/01"},{"key":"after","value":"2024/03/01"},{"key":"before","value":"2024/03/02"}]}"#,
    ),
    (
        r#"{"AND":[{"key":"after","value":"2023/12/31"},{"key":"before","value":"2024/01/01"}]}"#,
        r#"{"AND":[{"key":"after","value":"2023/12/31"},{"key":"before","value":"2024/01/01"}]}"#,
    ),
    (r#"{"key":"category","value":"\u0041"}"#, r#"{"key":"category","value":"A"}"#),
    // ---- valid with warnings: duplicates in one group
    (
        r#"{"OR":[{"key":"category","value":"Test"},{"key":"category","value":"Test"}]}"#,
        r#"{"OR":[{"key":"category","value":"Test"},{"key":"category","value":"Test"}]} ! duplicate_condition@filters.OR[1]"#,
    ),
    (
        r#"{"OR":[{"key":"category","value":"Test"},{"key":"category","value":"tEST"}]}"#,
        r#"{"OR":[{"key":"category","value":"Test"},{"key":"category","value":"tEST"}]} ! duplicate_condition@filters.OR[1]"#,
    ),
    (
        r#"{"OR":[{"key":"category","value":"Test"},{"key":"category","value":" Test "}]}"#,
        r#"{"OR":[{"key":"category","value":"Test"},{"key":"category","value":"Test"}]} ! duplicate_condition@filters.OR[1]"#,
    ),
    (
        r#"{"AND":[{"key":"from","value":"a@b.co"},{"key":"is","value":"flagged"},{"key":"from","value":"A@B.CO"}]}"#,
        r#"{"AND":[{"key":"from","value":"a@b.co"},{"key":"is","value":"flagged"},{"key":"from","value":"A@B.CO"}]} ! duplicate_condition@filters.AND[2]"#,
    ),
    (
        r#"{"AND":[{"key":"is","value":"flagged"},{"key":"is","value":"flagged"},{"key":"is","value":"flagged"}]}"#,
        r#"{"AND":[{"key":"is","value":"flagged"},{"key":"is","value":"flagged"},{"key":"is","value":"flagged"}]} ! duplicate_condition@filters.AND[1], duplicate_condition@filters.AND[2]"#,
    ),
    (
        r#"{"AND":[{"key":"after","value":"2024/01/07"},{"key":"after","value":"2024/01/07"}]}"#,
        r#"{"AND":[{"key":"after","value":"2024/01/07"},{"key":"after","value":"2024/01/07"}]} ! duplicate_condition@filters.AND[1]"#,
    ),
    (
        r#"{"AND":[{"key":"is","value":"flagged"},{"OR":[{"key":"has","value":"attachment"},{"key":"has","value":"attachment"}]}]}"#,
        r#"{"AND":[{"key":"is","value":"flagged"},{"OR":[{"key":"has","value":"attachment"},{"key":"has","value":"attachment"}]}]} ! duplicate_condition@filters.AND[1].OR[1]"#,
    ),
    (
        r#"{"AND":[{"key":"is","value":"flagged"},{"OR":[{"key":"is","value":"flagged"},{"key":"has","value":"attachment"}]}]}"#,
        r#"{"AND":[{"key":"is","value":"flagged"},{"OR":[{"key":"is","value":"flagged"},{"key":"has","value":"attachment"}]}]}"#,
    ),
    (
        r#"{"OR":[{"key":"after","value":"2024/01/07"},{"key":"before","value":"2024/01/07"}]}"#,
        r#"{"OR":[{"key":"after","value":"2024/01/07"},{"key":"before","value":"2024/01/07"}]}"#,
    ),
    // ---- not JSON
    ("", "bad_json@filters | line 1, column 0"),
    ("{", "bad_json@filters | ends before"),
    (r#"{"key":"category","value":"Test""#, "bad_json@filters"),
    (r#"{'key':'category'}"#, "bad_json@filters | line 1, column 2"),
    (r#"{"AND":[{"key":"is","value":"flagged"},]}"#, "bad_json@filters"),
    (r#"{"key":"category","value":"Test"} x"#, "bad_json@filters | trailing"),
    ("{\n\"key\": \"after\",\n\"value\": 2024/01/07}", "bad_json@filters | line 3"),
    (r#"{"key":"category","value":"\x"}"#, "bad_json@filters"),
    ("nul", "bad_json@filters"),
    // ---- not an object / not an array
    ("null", "not_an_object@filters | or {} for no filter"),
    ("[]", "not_an_object@filters | found a list"),
    (r#""category""#, "not_an_object@filters | found the text \"category\""),
    ("42", "not_an_object@filters | the number 42"),
    ("true", "not_an_object@filters"),
    (r#"[{"key":"is","value":"flagged"}]"#, "not_an_object@filters"),
    (r#"{"AND":[[]]}"#, "not_an_object@filters.AND[0]"),
    (r#"{"AND":["x"]}"#, "not_an_object@filters.AND[0]"),
    (r#"{"OR":[null,1]}"#, "not_an_object@filters.OR[0], not_an_object@filters.OR[1]"),
    (
        r#"{"AND":[{"key":"is","value":"flagged"},{"OR":[{"key":"is","value":"flagged"},"b"]}]}"#,
        "not_an_object@filters.AND[1].OR[1]",
    ),
    (r#"{"AND":{}}"#, "not_an_array@filters.AND | found an object"),
    (r#"{"OR":"x"}"#, "not_an_array@filters.OR"),
    (r#"{"AND":null}"#, "not_an_array@filters.AND"),
    (r#"{"AND":[{"OR":{"key":"is","value":"flagged"}}]}"#, "not_an_array@filters.AND[0].OR"),
    // ---- empty groups and empty nodes
    (r#"{"AND":[]}"#, "empty_group@filters.AND"),
    (r#"{"OR":[]}"#, "empty_group@filters.OR"),
    (r#"{"AND":[{"OR":[]}]}"#, "empty_group@filters.AND[0].OR"),
    (r#"{"AND":[{"key":"is","value":"flagged"},{"AND":[]}]}"#, "empty_group@filters.AND[1].AND"),
    (r#"{"AND":[{}]}"#, "missing_field@filters.AND[0] | only allowed as the whole filter"),
    (r#"{"OR":[{"key":"is","value":"flagged"},{}]}"#, "missing_field@filters.OR[1]"),
    // ---- missing, unknown and mixed fields
    (r#"{"key":"category"}"#, "missing_field@filters.value"),
    (r#"{"value":"Test"}"#, "missing_field@filters.key"),
    (r#"{"key":"category","val":"Test"}"#, "unknown_field@filters.val, missing_field@filters.value | did you mean \"value\""),
    (r#"{"key":"category","value":"Test","extra":1}"#, "unknown_field@filters.extra"),
    (r#"{"Key":"category","value":"Test"}"#, "unknown_field@filters.Key, missing_field@filters.key | did you mean \"key\""),
    (r#"{"foo":1}"#, "unknown_field@filters.foo"),
    (r#"{"and":[{"key":"is","value":"flagged"}]}"#, "unknown_field@filters.and | did you mean \"AND\""),
    (r#"{"Or":[{"key":"is","value":"flagged"}]}"#, "unknown_field@filters.Or | did you mean \"OR\""),
    (r#"{"NOT":[{"key":"is","value":"flagged"}]}"#, "unknown_field@filters.NOT"),
    (r#"{"AND":[{"key":"is","value":"flagged"}],"x":1}"#, "unknown_field@filters.x"),
    (r#"{"AND":[{"key":"is","value":"flagged"}],"OR":[{"key":"is","value":"flagged"}]}"#, "mixed_node@filters | exactly one of"),
    (r#"{"key":"is","value":"flagged","AND":[{"key":"is","value":"flagged"}]}"#, "mixed_node@filters | not both"),
    (r#"{"value":"x","OR":[]}"#, "mixed_node@filters"),
    (r#"{"AND":[{"key":"is","OR":[]}]}"#, "mixed_node@filters.AND[0]"),
    // ---- keys
    (r#"{"key":"catgory","value":"Test"}"#, "unknown_key@filters.key | did you mean \"category\""),
    (r#"{"key":"Category","value":"Test"}"#, "unknown_key@filters.key | did you mean \"category\""),
    (r#"{"key":"fro","value":"a@b.co"}"#, "unknown_key@filters.key | did you mean \"from\""),
    (r#"{"key":"befor","value":"2024/01/07"}"#, "unknown_key@filters.key | did you mean \"before\""),
    (r#"{"key":"subject","value":"x"}"#, "unknown_key@filters.key | expected one of \"category\", \"after\""),
    (r#"{"key":"","value":"x"}"#, "unknown_key@filters.key"),
    (r#"{"key":" category","value":"x"}"#, "unknown_key@filters.key"),
    (r#"{"key":1,"value":"x"}"#, "bad_value@filters.key | expected the key as text"),
    (r#"{"key":null,"value":"x"}"#, "bad_value@filters.key"),
    (r#"{"key":"catgory","value":""}"#, "unknown_key@filters.key, bad_value@filters.value"),
    (r#"{"key":"catgory"}"#, "unknown_key@filters.key, missing_field@filters.value"),
    // ---- values that are not text, or empty
    (r#"{"key":"category","value":1}"#, "bad_value@filters.value | found the number 1"),
    (r#"{"key":"category","value":null}"#, "bad_value@filters.value"),
    (r#"{"key":"category","value":["a"]}"#, "bad_value@filters.value"),
    (r#"{"key":"has","value":true}"#, "bad_value@filters.value"),
    (r#"{"key":"category","value":""}"#, "bad_value@filters.value | the value is empty; expected an Outlook category name"),
    (r#"{"key":"category","value":"   "}"#, "bad_value@filters.value"),
    (r#"{"key":"after","value":""}"#, "bad_value@filters.value | YYYY/mm/dd"),
    (r#"{"key":"from","value":" "}"#, "bad_value@filters.value"),
    // ---- dates
    (r#"{"key":"after","value":"2024/02/30"}"#, "bad_date@filters.value | not a real calendar date"),
    (r#"{"key":"after","value":"2023/02/29"}"#, "bad_date@filters.value | that month has 28 days"),
    (r#"{"key":"after","value":"1900/02/29"}"#, "bad_date@filters.value"),
    (r#"{"key":"after","value":"2024-01-07"}"#, "bad_date@filters.value | expected a date written YYYY/mm/dd, like 2024/01/07"),
    (r#"{"key":"after","value":"2024/1/7"}"#, "bad_date@filters.value"),
    (r#"{"key":"before","value":"07/01/2024"}"#, "bad_date@filters.value"),
    (r#"{"key":"before","value":"2024/13/01"}"#, "bad_date@filters.value | month 13 does not exist"),
    (r#"{"key":"before","value":"2024/00/01"}"#, "bad_date@filters.value"),
    (r#"{"key":"before","value":"2024/01/32"}"#, "bad_date@filters.value"),
    (r#"{"key":"before","value":"2024/04/31"}"#, "bad_date@filters.value | 30 days"),
    (r#"{"key":"after","value":"2024/01/00"}"#, "bad_date@filters.value"),
    (r#"{"key":"after","value":"0000/01/01"}"#, "bad_date@filters.value | no year 0000"),
    (r#"{"key":"after","value":"2024/01/07T00:00"}"#, "bad_date@filters.value"),
    (r#"{"key":"after","value":"yesterday"}"#, "bad_date@filters.value"),
    (r#"{"key":"after","value":"20240107"}"#, "bad_date@filters.value"),
    (r#"{"key":"after","value":"2024/01/0a"}"#, "bad_date@filters.value"),
    (r#"{"key":"after","value":"+024/01/07"}"#, "bad_date@filters.value"),
    (r#"{"key":"after","value":"2024/01/07/"}"#, "bad_date@filters.value"),
    (r#"{"key":"after","value":"２０２４/01/07"}"#, "bad_date@filters.value"),
    // ---- e-mail addresses
    (r#"{"key":"from","value":"nobody"}"#, "bad_email@filters.value | expected an address like name@example.com"),
    (r#"{"key":"from","value":"a@b"}"#, "bad_email@filters.value"),
    (r#"{"key":"from","value":"@example.com"}"#, "bad_email@filters.value"),
    (r#"{"key":"from","value":"a@"}"#, "bad_email@filters.value"),
    (r#"{"key":"from","value":"Alice <alice@example.com>"}"#, "bad_email@filters.value"),
    (r#"{"key":"from","value":"a b@example.com"}"#, "bad_email@filters.value"),
    (r#"{"key":"from","value":"a@@example.com"}"#, "bad_email@filters.value"),
    (r#"{"key":"from","value":"a@[127.0.0.1]"}"#, "bad_email@filters.value"),
    (r#"{"key":"from","value":"a@example..com"}"#, "bad_email@filters.value"),
    (r#"{"key":"from","value":"a,b@example.com"}"#, "bad_email@filters.value"),
    // ---- is / has
    (r#"{"key":"is","value":"Flagged"}"#, "bad_value@filters.value | write it in lower case"),
    (r#"{"key":"is","value":"FLAGGED"}"#, "bad_value@filters.value | write it in lower case"),
    (r#"{"key":"is","value":"flaged"}"#, "bad_value@filters.value | did you mean \"flagged\""),
    (r#"{"key":"is","value":"unread"}"#, "bad_value@filters.value | the only value is \"flagged\""),
    (r#"{"key":"has","value":"attachments"}"#, "bad_value@filters.value | did you mean \"attachment\""),
    (r#"{"key":"has","value":"Attachment"}"#, "bad_value@filters.value | lower case"),
    (r#"{"key":"has","value":"pdf"}"#, "bad_value@filters.value | the only value is \"attachment\""),
    // ---- nesting
    (
        r#"{"AND":[{"OR":[{"AND":[{"key":"is","value":"flagged"}]}]}]}"#,
        "too_deep@filters.AND[0].OR[0] | AND[condition, OR[condition, condition]] is the deepest",
    ),
    (
        r#"{"OR":[{"key":"is","value":"flagged"},{"AND":[{"key":"has","value":"attachment"},{"OR":[{"key":"is","value":"flagged"}]}]}]}"#,
        "too_deep@filters.OR[1].AND[1]",
    ),
    (
        r#"{"AND":[{"OR":[{"OR":[]}]},{"AND":[{"AND":[{"key":"x"}]}]}]}"#,
        "too_deep@filters.AND[0].OR[0], too_deep@filters.AND[1].AND[0]",
    ),
    (
        r#"{"AND":[{"AND":[{"AND":[{"AND":[{"key":"is","value":"flagged"}]}]}]}]}"#,
        "too_deep@filters.AND[0].AND[0]",
    ),
    // Deeper than serde_json's recursion limit (128): answered for what it is, not with that limit.
    (
        "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
        "not_an_object@filters | found a list",
    ),
    (
        "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
        "bad_json@filters | trailing characters at line 1 column 265",
    ),
    // ---- empty ranges in AND groups
    (
        r#"{"AND":[{"key":"after","value":"2024/02/01"},{"key":"before","value":"2024/01/01"}]}"#,
        "empty_range@filters.AND | matches nothing",
    ),
    (
        r#"{"AND":[{"key":"after","value":"2024/01/07"},{"key":"before","value":"2024/01/07"}]}"#,
        "empty_range@filters.AND | leave no day in between",
    ),
    (
        r#"{"AND":[{"key":"before","value":"2024/01/07"},{"key":"is","value":"flagged"},{"key":"after","value":"2024/01/08"}]}"#,
        "empty_range@filters.AND",
    ),
    (
        r#"{"OR":[{"key":"is","value":"flagged"},{"AND":[{"key":"after","value":"2025/01/01"},{"key":"before","value":"2024/01/01"}]}]}"#,
        "empty_range@filters.OR[1].AND",
    ),
    (
        r#"{"AND":[{"key":"after","value":"2024/01/01"},{"key":"after","value":"2024/03/01"},{"key":"before","value":"2024/02/01"}]}"#,
        "empty_range@filters.AND | \"after 2024/03/01\"",
    ),
    (
        r#"{"AND":[{"key":"after","value":"2024/01/01"},{"key":"before","value":"2024/03/01"},{"key":"before","value":"2023/12/01"}]}"#,
        "empty_range@filters.AND | \"before 2023/12/01\"",
    ),
    // ---- several problems at once: every one is reported, in document order
    (
        r#"{"AND":[{"key":"catgory","value":"x"},{"OR":[{"key":"after","value":"2024/02/30"},{"key":"from","value":"nobody"}]},{"AND":[]}]}"#,
        "unknown_key@filters.AND[0].key, bad_date@filters.AND[1].OR[0].value, bad_email@filters.AND[1].OR[1].value, empty_group@filters.AND[2].AND",
    ),
    (
        r#"{"OR":[{"key":"is","value":"Flagged"},{"key":"has","value":"attachments"},{"key":"category","value":""},{"key":"before"}]}"#,
        "bad_value@filters.OR[0].value, bad_value@filters.OR[1].value, bad_value@filters.OR[2].value, missing_field@filters.OR[3].value",
    ),
    (
        r#"{"AND":[{"key":"after","value":"2024/02/01"},{"key":"before","value":"2024/01/01"},{"key":"from","value":"x"}]}"#,
        "bad_email@filters.AND[2].value, empty_range@filters.AND",
    ),
    (
        r#"{"AND":[{"key":"after","value":"2024/01/07"},{"key":"after","value":"2024/01/07"},{"key":"is","value":"nope"}]}"#,
        "bad_value@filters.AND[2].value",
    ),
];

enum Expected {
    Valid {
        json: String,
        warnings: Vec<String>,
    },
    Invalid {
        errors: Vec<String>,
        fragment: Option<String>,
    },
}

fn expected(text: &str) -> Expected {
    if text.starts_with('{') {
        let (json, warnings) = match text.split_once(" ! ") {
            Some((json, warnings)) => (json, list(warnings)),
            None => (text, Vec::new()),
        };
        Expected::Valid {
            json: json.to_owned(),
            warnings,
        }
    } else {
        let (errors, fragment) = match text.split_once(" | ") {
            Some((errors, fragment)) => (errors, Some(fragment.to_owned())),
            None => (text, None),
        };
        Expected::Invalid {
            errors: list(errors),
            fragment,
        }
    }
}

fn list(text: &str) -> Vec<String> {
    text.split(", ").map(str::to_owned).collect()
}

fn code_at_path(problems: &[FilterError]) -> Vec<String> {
    problems
        .iter()
        .map(|problem| format!("{}@{}", problem.code, problem.path))
        .collect()
}

/// Rows that are easier to build than to write out.
fn generated_rows() -> Vec<(String, String)> {
    let longest = "x".repeat(MAX_VALUE_LEN);
    let too_long = "é".repeat(MAX_VALUE_LEN + 1);
    vec![
        (
            format!(r#"{{"key":"category","value":"{longest}"}}"#),
            format!(r#"{{"key":"category","value":"{longest}"}}"#),
        ),
        (
            format!(r#"{{"key":"category","value":"  {longest}  "}}"#),
            format!(r#"{{"key":"category","value":"{longest}"}}"#),
        ),
        (
            format!(r#"{{"key":"category","value":"{too_long}"}}"#),
            "too_long@filters.value | 256 characters long; at most 255".to_owned(),
        ),
        (
            format!(
                r#"{{"AND":[{{"key":"is","value":"flagged"}},{{"key":"from","value":"{longest}@example.com"}}]}}"#
            ),
            "too_long@filters.AND[1].value".to_owned(),
        ),
        (
            format!(
                r#"{{"OR":[{}]}}"#,
                vec![r#"{"key":"is","value":"flagged"}"#; MAX_CONDITIONS].join(",")
            ),
            format!(
                r#"{{"OR":[{}]}} ! {}"#,
                vec![r#"{"key":"is","value":"flagged"}"#; MAX_CONDITIONS].join(","),
                (1..MAX_CONDITIONS)
                    .map(|index| format!("duplicate_condition@filters.OR[{index}]"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ),
        (
            format!(
                r#"{{"OR":[{}]}}"#,
                vec![r#"{"key":"is","value":"flagged"}"#; MAX_CONDITIONS + 1].join(",")
            ),
            "too_many_conditions@filters | 501 conditions; at most 500".to_owned(),
        ),
        (
            format!(
                "{}{}{}",
                r#"{"AND":["#.repeat(200),
                r#"{"key":"is","value":"flagged"}"#,
                "]}".repeat(200)
            ),
            "too_deep@filters.AND[0].AND[0] | AND[condition, OR[condition, condition]] is the deepest".to_owned(),
        ),
    ]
}

#[test]
fn every_row_gives_exactly_its_expected_result() {
    let rows: Vec<(String, String)> = ROWS
        .iter()
        .map(|(input, expected)| ((*input).to_owned(), (*expected).to_owned()))
        .chain(generated_rows())
        .collect();
    assert!(rows.len() >= 120, "the table has only {} rows", rows.len());
    let mut failures = Vec::new();
    for (input, expectation) in &rows {
        let outcome = parse_str(input);
        let problem = match (expected(expectation), outcome) {
            (Expected::Valid { json, warnings }, Ok(parsed)) => {
                let written = serde_json::to_string(&parsed.filter).unwrap_or_default();
                let via_value = parsed.filter.to_json().to_string();
                let found_warnings = code_at_path(&parsed.warnings);
                if written != json || via_value != json {
                    Some(format!(
                        "wrote {written} (to_json {via_value}), expected {json}"
                    ))
                } else if found_warnings != warnings {
                    Some(format!(
                        "warnings {found_warnings:?}, expected {warnings:?}"
                    ))
                } else {
                    None
                }
            }
            (Expected::Valid { .. }, Err(errors)) => Some(format!(
                "expected valid, got errors {:?}",
                code_at_path(&errors)
            )),
            (Expected::Invalid { errors: wanted, .. }, Ok(parsed)) => Some(format!(
                "expected errors {wanted:?}, got a valid filter {}",
                parsed.filter.to_json()
            )),
            (
                Expected::Invalid {
                    errors: wanted,
                    fragment,
                },
                Err(errors),
            ) => {
                let found = code_at_path(&errors);
                if found != wanted {
                    Some(format!("errors {found:?}, expected {wanted:?}"))
                } else {
                    match fragment {
                        Some(fragment) if !errors[0].message.contains(&fragment) => Some(format!(
                            "message {:?} lacks {fragment:?}",
                            errors[0].message
                        )),
                        _ => None,
                    }
                }
            }
        };
        if let Some(problem) = problem {
            failures.push(format!("{input}\n    {problem}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} rows differ:\n{}",
        failures.len(),
        rows.len(),
        failures.join("\n")
    );
}

#[test]
fn every_error_and_warning_names_the_place_and_says_what_was_expected() {
    for (input, _) in ROWS {
        let problems = match parse_str(input) {
            Ok(parsed) => parsed.warnings,
            Err(errors) => errors,
        };
        for problem in problems {
            assert!(problem.path.starts_with("filters"), "{problem}");
            assert!(problem.message.len() >= 20, "too terse: {problem}");
        }
    }
}
