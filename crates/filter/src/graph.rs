//! Microsoft Graph `$filter` for `/me/mailFolders/{id}/messages`: translation of a [`Filter`]
//! ([`to_graph`]), and a parser plus evaluator for exactly the subset it emits ([`parse_odata`],
//! [`ODataExpr::matches`]) — the sandbox's emulated Graph answers `$filter` with these.
//!
//! ## What Graph gets and what stays behind (the residual)
//! Every key has a Graph form:
//!
//! | condition | `$filter` |
//! |---|---|
//! | `after D` | `receivedDateTime ge D T00:00:00Z` |
//! | `before D` | `receivedDateTime lt D T00:00:00Z` |
//! | `from A` | `from/emailAddress/address eq 'A'` |
//! | `category C` | `categories/any(c:c eq 'C')` |
//! | `is flagged` | `flag/flagStatus eq 'flagged'` |
//! | `has attachment` | `hasAttachments eq true` |
//!
//! Strings are quoted with `'` doubled; groups are joined with `and` / `or`, a nested group in
//! parentheses. In an AND the `receivedDateTime` comparisons come first, because Graph rejects a
//! `$filter` that does not start with the `$orderby` property (`receivedDateTime desc` is the
//! usual order). Exchange compares strings ignoring case, but how it folds case outside ASCII is
//! not documented, so a `from` or `category` condition whose value is **not pure ASCII** is
//! not sent to Graph: it stays in [`GraphQuery::residual`], to be checked with
//! [`Filter::matches`] on each fetched message. Graph's filter is then a superset of the
//! filter, and `graph && residual` is exactly the filter:
//!
//! - in an AND, each member's Graph part joins the Graph AND, its residual joins the residual AND;
//! - in an OR, if every member went to Graph fully, the OR goes to Graph; otherwise Graph gets
//!   the OR of the members' Graph parts when every member has one (else no condition at all),
//!   and the whole OR is the residual.
//!
//! The emulated Graph ([`ODataExpr::matches`]) uses the very comparisons of [`crate::eval`],
//! so `parse_odata(filter) && residual` evaluates exactly like the filter (property-tested).
//! The `$filter` text still has to be percent-encoded by whoever puts it in a URL.

use crate::date::{civil_from_days, days_from_civil, midnight_utc_of, SECONDS_PER_DAY};
use crate::eval::Message;
use crate::eval::{in_category, received_at_or_after, received_before, sent_by};
use crate::tree::{Condition, Filter, Key, HAS_ATTACHMENT, IS_FLAGGED};
use std::fmt::{self, Display, Formatter};

/// A Graph `$filter` (`None`: ask for every message) and what to check after fetching.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GraphQuery {
    pub filter: Option<String>,
    pub residual: Filter,
}

/// Splits `filter` into a Graph `$filter` and a residual (rules in the module documentation).
pub fn to_graph(filter: &Filter) -> GraphQuery {
    let (expression, residual) = split(filter);
    GraphQuery {
        filter: expression.map(|expression| expression.to_string()),
        residual,
    }
}

/// A parsed `$filter` of the subset [`to_graph`] emits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ODataExpr {
    /// `receivedDateTime ge <time>`, Unix seconds.
    ReceivedAtOrAfter(i64),
    /// `receivedDateTime lt <time>`, Unix seconds.
    ReceivedBefore(i64),
    /// `from/emailAddress/address eq '<address>'`.
    FromAddress(String),
    /// `categories/any(c:c eq '<name>')`.
    HasCategory(String),
    /// `hasAttachments eq true`.
    HasAttachments,
    /// `flag/flagStatus eq 'flagged'`.
    Flagged,
    And(Vec<ODataExpr>),
    Or(Vec<ODataExpr>),
}

impl ODataExpr {
    /// Whether `message` passes, with the comparisons of [`crate::eval`] (strings ignore case).
    pub fn matches(&self, message: &Message) -> bool {
        match self {
            ODataExpr::ReceivedAtOrAfter(unix) => received_at_or_after(message, *unix),
            ODataExpr::ReceivedBefore(unix) => received_before(message, *unix),
            ODataExpr::FromAddress(address) => sent_by(message, address),
            ODataExpr::HasCategory(name) => in_category(message, name),
            ODataExpr::HasAttachments => message.has_attachments,
            ODataExpr::Flagged => message.flagged,
            ODataExpr::And(items) => items.iter().all(|item| item.matches(message)),
            ODataExpr::Or(items) => items.iter().any(|item| item.matches(message)),
        }
    }

    fn is_received_time(&self) -> bool {
        matches!(
            self,
            ODataExpr::ReceivedAtOrAfter(_) | ODataExpr::ReceivedBefore(_)
        )
    }

    fn is_group(&self) -> bool {
        matches!(self, ODataExpr::And(_) | ODataExpr::Or(_))
    }
}

/// The `$filter` text, e.g. `receivedDateTime ge 2024-01-07T00:00:00Z and (categories/any(c:c eq 'A') or hasAttachments eq true)`.
impl Display for ODataExpr {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            ODataExpr::ReceivedAtOrAfter(unix) => write!(f, "receivedDateTime ge {}", Iso(*unix)),
            ODataExpr::ReceivedBefore(unix) => write!(f, "receivedDateTime lt {}", Iso(*unix)),
            ODataExpr::FromAddress(address) => {
                write!(f, "from/emailAddress/address eq {}", Quoted(address))
            }
            ODataExpr::HasCategory(name) => write!(f, "categories/any(c:c eq {})", Quoted(name)),
            ODataExpr::HasAttachments => f.write_str("hasAttachments eq true"),
            ODataExpr::Flagged => f.write_str("flag/flagStatus eq 'flagged'"),
            ODataExpr::And(items) | ODataExpr::Or(items) => {
                let operator = if matches!(self, ODataExpr::And(_)) {
                    " and "
                } else {
                    " or "
                };
                for (index, item) in items.iter().enumerate() {
                    if index > 0 {
                        f.write_str(operator)?;
                    }
                    if item.is_group() {
                        write!(f, "({item})")?;
                    } else {
                        write!(f, "{item}")?;
                    }
                }
                Ok(())
            }
        }
    }
}

/// An OData string literal: in single quotes, `'` doubled.
struct Quoted<'a>(&'a str);

impl Display for Quoted<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(f, "'{}'", self.0.replace('\'', "''"))
    }
}

/// An ISO-8601 UTC time `YYYY-MM-DDTHH:MM:SSZ` from Unix seconds.
struct Iso(i64);

impl Display for Iso {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let days = self.0.div_euclid(SECONDS_PER_DAY);
        let seconds = self.0.rem_euclid(SECONDS_PER_DAY);
        let (year, month, day) = civil_from_days(days);
        write!(
            f,
            "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
            seconds / 3600,
            seconds / 60 % 60,
            seconds % 60
        )
    }
}

/// The Graph part (`None`: no condition) and the residual of `filter`.
fn split(filter: &Filter) -> (Option<ODataExpr>, Filter) {
    match filter {
        Filter::Empty => (None, Filter::Empty),
        Filter::Condition(condition) => match condition_to_odata(condition) {
            Some(expression) => (Some(expression), Filter::Empty),
            None => (None, filter.clone()),
        },
        Filter::And(items) => {
            let (mut expressions, mut residuals) = (Vec::new(), Vec::new());
            for (expression, residual) in items.iter().map(split) {
                expressions.extend(expression);
                if residual != Filter::Empty {
                    residuals.push(residual);
                }
            }
            // Graph requires properties used in `$orderby` to come first in `$filter`; the
            // usual order is by receivedDateTime, so its comparisons lead every AND.
            expressions.sort_by_key(|expression| !expression.is_received_time());
            (
                group(expressions, ODataExpr::And),
                match residuals.len() {
                    0 => Filter::Empty,
                    1 => residuals.pop().unwrap_or_default(),
                    _ => Filter::And(residuals),
                },
            )
        }
        Filter::Or(items) => {
            if items.is_empty() {
                return (None, filter.clone());
            }
            let parts: Vec<(Option<ODataExpr>, Filter)> = items.iter().map(split).collect();
            let fully_sent = parts.iter().all(|(_, residual)| *residual == Filter::Empty);
            let residual = if fully_sent {
                Filter::Empty
            } else {
                filter.clone()
            };
            // A member with no Graph part lets through everything Graph could send, so the
            // Graph side of the whole OR is then "everything" (no condition).
            let expressions: Option<Vec<ODataExpr>> = parts
                .into_iter()
                .map(|(expression, _)| expression)
                .collect();
            (
                expressions.and_then(|expressions| group(expressions, ODataExpr::Or)),
                residual,
            )
        }
    }
}

fn group(mut items: Vec<ODataExpr>, make: fn(Vec<ODataExpr>) -> ODataExpr) -> Option<ODataExpr> {
    match items.len() {
        0 => None,
        1 => items.pop(),
        _ => Some(make(items)),
    }
}

/// The exact Graph form of a condition, or `None` if Graph cannot be trusted with it.
fn condition_to_odata(condition: &Condition) -> Option<ODataExpr> {
    let value = condition.value.as_str();
    match condition.key {
        Key::After => midnight_utc_of(value).map(ODataExpr::ReceivedAtOrAfter),
        Key::Before => midnight_utc_of(value).map(ODataExpr::ReceivedBefore),
        Key::From if value.is_ascii() => Some(ODataExpr::FromAddress(value.to_owned())),
        Key::Category if value.is_ascii() => Some(ODataExpr::HasCategory(value.to_owned())),
        Key::From | Key::Category => None,
        Key::Is => (value == IS_FLAGGED).then_some(ODataExpr::Flagged),
        Key::Has => (value == HAS_ATTACHMENT).then_some(ODataExpr::HasAttachments),
    }
}

/// Why a `$filter` text is not in the subset [`to_graph`] emits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ODataError {
    /// Byte offset in the text where the problem is.
    pub position: usize,
    pub message: String,
}

impl Display for ODataError {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid $filter at byte {}: {}",
            self.position, self.message
        )
    }
}

impl std::error::Error for ODataError {}

/// Deepest parenthesis nesting accepted (the emitted subset needs 2).
const MAX_PARENTHESES: usize = 32;

/// Parses a `$filter` of exactly the subset [`to_graph`] emits (any amount of blank space
/// between tokens is accepted; `and` and `or` cannot be mixed without parentheses).
pub fn parse_odata(text: &str) -> Result<ODataExpr, ODataError> {
    let tokens = tokenize(text)?;
    let mut parser = ODataParser {
        tokens,
        next: 0,
        end: text.len(),
    };
    let expression = parser.expression(0)?;
    match parser.tokens.get(parser.next) {
        None => Ok(expression),
        Some(token) => Err(ODataError {
            position: token.position,
            message: format!("unexpected {} after a complete expression", token.kind),
        }),
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum TokenKind {
    Open,
    Close,
    Text(String),
    Word(String),
}

impl Display for TokenKind {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            TokenKind::Open => f.write_str("'('"),
            TokenKind::Close => f.write_str("')'"),
            TokenKind::Text(text) => write!(f, "string {}", Quoted(text)),
            TokenKind::Word(word) => write!(f, "'{word}'"),
        }
    }
}

#[derive(Debug)]
struct Token {
    kind: TokenKind,
    position: usize,
}

fn tokenize(text: &str) -> Result<Vec<Token>, ODataError> {
    let mut tokens = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some(&(position, character)) = chars.peek() {
        let kind = match character {
            ' ' | '\t' | '\n' | '\r' => {
                chars.next();
                continue;
            }
            '(' => {
                chars.next();
                TokenKind::Open
            }
            ')' => {
                chars.next();
                TokenKind::Close
            }
            '\'' => {
                chars.next();
                let mut literal = String::new();
                loop {
                    match chars.next() {
                        Some((_, '\'')) if chars.peek().map(|&(_, c)| c) == Some('\'') => {
                            chars.next();
                            literal.push('\'');
                        }
                        Some((_, '\'')) => break,
                        Some((_, other)) => literal.push(other),
                        None => {
                            return Err(ODataError {
                                position,
                                message: "string not closed with '".into(),
                            })
                        }
                    }
                }
                TokenKind::Text(literal)
            }
            _ => {
                let mut word = String::new();
                while let Some(&(_, c)) = chars.peek() {
                    if matches!(c, ' ' | '\t' | '\n' | '\r' | '(' | ')' | '\'') {
                        break;
                    }
                    word.push(c);
                    chars.next();
                }
                TokenKind::Word(word)
            }
        };
        tokens.push(Token { kind, position });
    }
    Ok(tokens)
}

struct ODataParser {
    tokens: Vec<Token>,
    next: usize,
    end: usize,
}

impl ODataParser {
    fn position(&self) -> usize {
        self.tokens
            .get(self.next)
            .map_or(self.end, |token| token.position)
    }

    fn fail<T>(&self, message: impl Into<String>) -> Result<T, ODataError> {
        Err(ODataError {
            position: self.position(),
            message: message.into(),
        })
    }

    fn peek_word(&self) -> Option<&str> {
        match self.tokens.get(self.next).map(|token| &token.kind) {
            Some(TokenKind::Word(word)) => Some(word),
            _ => None,
        }
    }

    fn take(&mut self) -> Option<TokenKind> {
        let token = self.tokens.get(self.next)?.kind.clone();
        self.next += 1;
        Some(token)
    }

    fn expect(&mut self, wanted: &TokenKind) -> Result<(), ODataError> {
        match self.tokens.get(self.next) {
            Some(token) if token.kind == *wanted => {
                self.next += 1;
                Ok(())
            }
            Some(token) => {
                let found = token.kind.to_string();
                self.fail(format!("expected {wanted}, found {found}"))
            }
            None => self.fail(format!("expected {wanted}, found the end")),
        }
    }

    fn expect_word(&mut self, word: &str) -> Result<(), ODataError> {
        self.expect(&TokenKind::Word(word.to_owned()))
    }

    fn expect_text(&mut self) -> Result<String, ODataError> {
        match self.take() {
            Some(TokenKind::Text(text)) => Ok(text),
            Some(other) => {
                self.next -= 1;
                self.fail(format!("expected a quoted string, found {other}"))
            }
            None => self.fail("expected a quoted string, found the end"),
        }
    }

    /// `operand (and operand)*` or `operand (or operand)*`.
    fn expression(&mut self, depth: usize) -> Result<ODataExpr, ODataError> {
        let first = self.operand(depth)?;
        let operator = match self.peek_word() {
            Some(word @ ("and" | "or")) => word.to_owned(),
            _ => return Ok(first),
        };
        let mut items = vec![first];
        while let Some(word) = self.peek_word() {
            if word == operator {
                self.next += 1;
                items.push(self.operand(depth)?);
            } else if matches!(word, "and" | "or") {
                return self.fail("'and' and 'or' cannot be mixed without parentheses");
            } else {
                break;
            }
        }
        Ok(if operator == "and" {
            ODataExpr::And(items)
        } else {
            ODataExpr::Or(items)
        })
    }

    fn operand(&mut self, depth: usize) -> Result<ODataExpr, ODataError> {
        if self.tokens.get(self.next).map(|token| &token.kind) == Some(&TokenKind::Open) {
            if depth >= MAX_PARENTHESES {
                return self.fail("parentheses nested too deeply");
            }
            self.next += 1;
            let inner = self.expression(depth + 1)?;
            self.expect(&TokenKind::Close)?;
            if !inner.is_group() {
                // to_graph never wraps a single comparison: keep the subset exact.
                return self.fail("parentheses around a single comparison are not in the subset");
            }
            return Ok(inner);
        }
        let property = match self.take() {
            Some(TokenKind::Word(word)) => word,
            Some(other) => {
                self.next -= 1;
                return self.fail(format!("expected a property, found {other}"));
            }
            None => return self.fail("expected a comparison, found the end"),
        };
        match property.as_str() {
            "receivedDateTime" => {
                let at_or_after = match self.peek_word() {
                    Some("ge") => true,
                    Some("lt") => false,
                    _ => return self.fail("receivedDateTime is compared with 'ge' or 'lt'"),
                };
                self.next += 1;
                let time = self.time()?;
                Ok(if at_or_after {
                    ODataExpr::ReceivedAtOrAfter(time)
                } else {
                    ODataExpr::ReceivedBefore(time)
                })
            }
            "from/emailAddress/address" => {
                self.expect_word("eq")?;
                Ok(ODataExpr::FromAddress(self.expect_text()?))
            }
            "categories/any" => {
                self.expect(&TokenKind::Open)?;
                self.expect_word("c:c")?;
                self.expect_word("eq")?;
                let name = self.expect_text()?;
                self.expect(&TokenKind::Close)?;
                Ok(ODataExpr::HasCategory(name))
            }
            "hasAttachments" => {
                self.expect_word("eq")?;
                self.expect_word("true")?;
                Ok(ODataExpr::HasAttachments)
            }
            "flag/flagStatus" => {
                self.expect_word("eq")?;
                self.expect(&TokenKind::Text("flagged".into()))?;
                Ok(ODataExpr::Flagged)
            }
            _ => {
                self.next -= 1;
                self.fail(format!(
                    "unknown property '{property}'; expected receivedDateTime, from/emailAddress/address, categories/any, hasAttachments or flag/flagStatus"
                ))
            }
        }
    }

    /// `YYYY-MM-DDTHH:MM:SSZ` → Unix seconds.
    fn time(&mut self) -> Result<i64, ODataError> {
        match self.peek_word().map(|word| (parse_iso_utc(word), word)) {
            Some((Some(unix), _)) => {
                self.next += 1;
                Ok(unix)
            }
            Some((None, word)) => {
                let message = format!("'{word}' is not a UTC time like 2024-01-07T00:00:00Z");
                self.fail(message)
            }
            None => self.fail("expected a UTC time like 2024-01-07T00:00:00Z"),
        }
    }
}

/// Unix seconds of a real UTC time written exactly `YYYY-MM-DDTHH:MM:SSZ`.
fn parse_iso_utc(text: &str) -> Option<i64> {
    let bytes = text.as_bytes();
    if bytes.len() != 20 {
        return None;
    }
    let layout_ok = bytes.iter().enumerate().all(|(index, byte)| match index {
        4 | 7 => *byte == b'-',
        10 => *byte == b'T',
        13 | 16 => *byte == b':',
        19 => *byte == b'Z',
        _ => byte.is_ascii_digit(),
    });
    if !layout_ok {
        return None;
    }
    let date = format!("{}/{}/{}", &text[0..4], &text[5..7], &text[8..10]);
    let (year, month, day) = crate::date::parse_date(&date)?;
    let number = |range: std::ops::Range<usize>| text[range].parse::<i64>().ok();
    let (hour, minute, second) = (number(11..13)?, number(14..16)?, number(17..19)?);
    if hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    Some(days_from_civil(year, month, day) * SECONDS_PER_DAY + hour * 3600 + minute * 60 + second)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leaf(key: Key, value: &str) -> Filter {
        Filter::condition(key, value)
    }

    #[test]
    fn translates_every_key() {
        let filter = Filter::And(vec![
            leaf(Key::After, "2024/01/07"),
            leaf(Key::Before, "2024/02/01"),
            leaf(Key::From, "o'brien@example.com"),
            Filter::Or(vec![
                leaf(Key::Category, "Personal"),
                leaf(Key::Is, "flagged"),
                leaf(Key::Has, "attachment"),
            ]),
        ]);
        let query = to_graph(&filter);
        assert_eq!(
            query.filter.as_deref(),
            Some(
                "receivedDateTime ge 2024-01-07T00:00:00Z and receivedDateTime lt 2024-02-01T00:00:00Z \
                 and from/emailAddress/address eq 'o''brien@example.com' and (categories/any(c:c eq 'Personal') \
                 or flag/flagStatus eq 'flagged' or hasAttachments eq true)"
            )
        );
        assert_eq!(query.residual, Filter::Empty);
        let parsed =
            parse_odata(query.filter.as_deref().unwrap_or_default()).map(|e| e.to_string());
        assert_eq!(parsed.as_deref().ok(), query.filter.as_deref());
    }

    #[test]
    fn received_time_leads_every_and() {
        let filter = Filter::And(vec![
            leaf(Key::Is, "flagged"),
            leaf(Key::Before, "2024/02/01"),
            leaf(Key::Category, "A"),
            leaf(Key::After, "2024/01/07"),
        ]);
        assert_eq!(
            to_graph(&filter).filter.as_deref(),
            Some(
                "receivedDateTime lt 2024-02-01T00:00:00Z and receivedDateTime ge 2024-01-07T00:00:00Z \
                 and flag/flagStatus eq 'flagged' and categories/any(c:c eq 'A')"
            )
        );
    }

    #[test]
    fn non_ascii_text_stays_in_the_residual() {
        let cafe = leaf(Key::Category, "Café");
        let filter = Filter::And(vec![leaf(Key::After, "2024/01/07"), cafe.clone()]);
        let query = to_graph(&filter);
        assert_eq!(
            query.filter.as_deref(),
            Some("receivedDateTime ge 2024-01-07T00:00:00Z")
        );
        assert_eq!(query.residual, cafe);

        let either = Filter::Or(vec![leaf(Key::Is, "flagged"), leaf(Key::Category, "Café")]);
        let query = to_graph(&either);
        assert_eq!(query.filter, None);
        assert_eq!(query.residual, either);

        assert_eq!(
            to_graph(&Filter::Empty),
            GraphQuery {
                filter: None,
                residual: Filter::Empty
            }
        );
    }

    #[test]
    fn rejects_what_to_graph_never_emits() {
        for text in [
            "",
            "hasAttachments eq false",
            "hasAttachments eq true and flag/flagStatus eq 'flagged' or hasAttachments eq true",
            "receivedDateTime gt 2024-01-07T00:00:00Z",
            "receivedDateTime ge 2024-02-30T00:00:00Z",
            "receivedDateTime ge 2024-01-07",
            "categories/any(c:c eq 'unterminated)",
            "(hasAttachments eq true)",
            "subject eq 'x'",
            "flag/flagStatus eq 'notFlagged'",
            "hasAttachments eq true)",
        ] {
            assert!(parse_odata(text).is_err(), "{text:?} should be rejected");
        }
        assert_eq!(
            parse_odata("categories/any(c:c eq 'it''s')"),
            Ok(ODataExpr::HasCategory("it's".into()))
        );
        assert_eq!(
            parse_odata("receivedDateTime lt 1969-12-31T23:59:59Z"),
            Ok(ODataExpr::ReceivedBefore(-1))
        );
    }
}
