//! A filter in plain words — "received on or after 7 Jan 2024 and in category Personal or
//! Test" — with every word and template taken from a [`Words`] table, so a translation is one
//! more `const Words`.
//!
//! Rules: a group's members are joined with [`Words::and`] / [`Words::or`]; a group inside a
//! group is wrapped with [`Words::group`], except an OR of categories only, which reads as one
//! phrase ("in category A or B"); a one-member group reads as its member.

use crate::date::parse_date;
use crate::tree::{Condition, Filter, Key};

/// Every word of a summary. Templates hold placeholders in braces, filled by [`summarize`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Words {
    /// The whole of `{}`: "all e-mails".
    pub all_emails: &'static str,
    /// An OR of nothing (only in hand-built trees): "no e-mails".
    pub no_emails: &'static str,
    /// `after`: "received on or after {date}".
    pub received_after: &'static str,
    /// `before`: "received before {date}".
    pub received_before: &'static str,
    /// `from`: "from {address}".
    pub from: &'static str,
    /// `category`: "in category {category}"; `{category}` may be several names joined by `or`.
    pub in_category: &'static str,
    /// `is flagged`: "flagged".
    pub flagged: &'static str,
    /// `has attachment`: "with attachments".
    pub has_attachment: &'static str,
    /// A condition whose value its key does not accept (hand-built trees): "{key} {value}".
    pub unknown_condition: &'static str,
    /// Between members of an AND: " and ".
    pub and: &'static str,
    /// Between members of an OR: " or ".
    pub or: &'static str,
    /// A group inside a group: "({items})".
    pub group: &'static str,
    /// A date: "{day} {month} {year}".
    pub date: &'static str,
    /// Month names as `{month}` shows them, January first.
    pub months: [&'static str; 12],
}

/// English words.
pub const ENGLISH: Words = Words {
    all_emails: "all e-mails",
    no_emails: "no e-mails",
    received_after: "received on or after {date}",
    received_before: "received before {date}",
    from: "from {address}",
    in_category: "in category {category}",
    flagged: "flagged",
    has_attachment: "with attachments",
    unknown_condition: "{key} {value}",
    and: " and ",
    or: " or ",
    group: "({items})",
    date: "{day} {month} {year}",
    months: [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ],
};

/// German words: "empfangen am oder nach dem 7. Jan. 2024 und in der Kategorie Privat".
pub const GERMAN: Words = Words {
    all_emails: "alle E-Mails",
    no_emails: "keine E-Mails",
    received_after: "empfangen am oder nach dem {date}",
    received_before: "empfangen vor dem {date}",
    from: "von {address}",
    in_category: "in der Kategorie {category}",
    flagged: "zur Nachverfolgung gekennzeichnet",
    has_attachment: "mit Anlagen",
    unknown_condition: "{key} {value}",
    and: " und ",
    or: " oder ",
    group: "({items})",
    date: "{day}. {month} {year}",
    months: [
        "Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.",
        "Dez.",
    ],
};

/// French words: "reçus le 7 janv. 2024 ou après et de la catégorie Perso".
pub const FRENCH: Words = Words {
    all_emails: "tous les e-mails",
    no_emails: "aucun e-mail",
    received_after: "reçus le {date} ou après",
    received_before: "reçus avant le {date}",
    from: "envoyés par {address}",
    in_category: "de la catégorie {category}",
    flagged: "avec indicateur de suivi",
    has_attachment: "avec pièces jointes",
    unknown_condition: "{key} {value}",
    and: " et ",
    or: " ou ",
    group: "({items})",
    date: "{day} {month} {year}",
    months: [
        "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.",
        "déc.",
    ],
};

/// Spanish words: "recibidos a partir del 7 ene 2024 y de la categoría Personal".
pub const SPANISH: Words = Words {
    all_emails: "todos los correos",
    no_emails: "ningún correo",
    received_after: "recibidos a partir del {date}",
    received_before: "recibidos antes del {date}",
    from: "enviados por {address}",
    in_category: "de la categoría {category}",
    flagged: "marcados para seguimiento",
    has_attachment: "con datos adjuntos",
    unknown_condition: "{key} {value}",
    and: " y ",
    or: " o ",
    group: "({items})",
    date: "{day} {month} {year}",
    months: [
        "ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic",
    ],
};

/// Japanese words: "受信日が 2024年1月7日 以降 かつ 分類項目が 個人用".
pub const JAPANESE: Words = Words {
    all_emails: "すべてのメール",
    no_emails: "該当するメールなし",
    received_after: "受信日が {date} 以降",
    received_before: "受信日が {date} より前",
    from: "差出人が {address}",
    in_category: "分類項目が {category}",
    flagged: "フラグあり",
    has_attachment: "添付ファイルあり",
    unknown_condition: "{key} {value}",
    and: " かつ ",
    or: " または ",
    group: "\u{ff08}{items}\u{ff09}",
    date: "{year}年{month}{day}日",
    months: [
        "1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月",
    ],
};

/// Arabic words: "المستلمة في 7 يناير 2024 أو بعده وضمن الفئة شخصي".
pub const ARABIC: Words = Words {
    all_emails: "كل الرسائل",
    no_emails: "لا رسائل",
    received_after: "المستلمة في {date} أو بعده",
    received_before: "المستلمة قبل {date}",
    from: "المرسلة من {address}",
    in_category: "ضمن الفئة {category}",
    flagged: "التي عليها علامة متابعة",
    has_attachment: "التي تحتوي على مرفقات",
    unknown_condition: "{key} {value}",
    and: " و",
    or: " أو ",
    group: "({items})",
    date: "{day} {month} {year}",
    months: [
        "يناير",
        "فبراير",
        "مارس",
        "أبريل",
        "مايو",
        "يونيو",
        "يوليو",
        "أغسطس",
        "سبتمبر",
        "أكتوبر",
        "نوفمبر",
        "ديسمبر",
    ],
};

/// The filter in plain words, e.g. "received on or after 7 Jan 2024 and in category Personal
/// or Test"; `Empty` gives [`Words::all_emails`].
pub fn summarize(filter: &Filter, words: &Words) -> String {
    phrase(filter, words, false)
}

/// One date as words: "7 Jan 2024" ([`Words::date`]); `None` if `text` is not `YYYY/mm/dd`.
pub fn format_date(text: &str, words: &Words) -> Option<String> {
    let (year, month, day) = parse_date(text)?;
    let month_name = words.months[(month - 1) as usize];
    Some(fill(
        words.date,
        &[
            ("day", &day.to_string()),
            ("month", month_name),
            ("year", &year.to_string()),
        ],
    ))
}

fn phrase(filter: &Filter, words: &Words, nested: bool) -> String {
    match filter {
        Filter::Empty => words.all_emails.to_owned(),
        Filter::Condition(condition) => condition_phrase(condition, words),
        Filter::And(items) | Filter::Or(items) => {
            let is_and = matches!(filter, Filter::And(_));
            match items.as_slice() {
                [] if is_and => words.all_emails.to_owned(),
                [] => words.no_emails.to_owned(),
                [only] => phrase(only, words, nested),
                _ => {
                    if !is_and {
                        if let Some(names) = category_names(items) {
                            let joined = names.join(words.or);
                            return fill(words.in_category, &[("category", &joined)]);
                        }
                    }
                    let separator = if is_and { words.and } else { words.or };
                    let parts: Vec<String> =
                        items.iter().map(|item| phrase(item, words, true)).collect();
                    let joined = parts.join(separator);
                    if nested {
                        fill(words.group, &[("items", &joined)])
                    } else {
                        joined
                    }
                }
            }
        }
    }
}

/// The names, if every member is a `category` condition.
fn category_names(items: &[Filter]) -> Option<Vec<&str>> {
    items
        .iter()
        .map(|item| match item {
            Filter::Condition(condition) if condition.key == Key::Category => {
                Some(condition.value.as_str())
            }
            _ => None,
        })
        .collect()
}

fn condition_phrase(condition: &Condition, words: &Words) -> String {
    let value = condition.value.as_str();
    let dated =
        |template: &str| format_date(value, words).map(|date| fill(template, &[("date", &date)]));
    let phrase = match condition.key {
        Key::After => dated(words.received_after),
        Key::Before => dated(words.received_before),
        Key::From => Some(fill(words.from, &[("address", value)])),
        Key::Category => Some(fill(words.in_category, &[("category", value)])),
        Key::Is => (value == crate::tree::IS_FLAGGED).then(|| words.flagged.to_owned()),
        Key::Has => (value == crate::tree::HAS_ATTACHMENT).then(|| words.has_attachment.to_owned()),
    };
    phrase.unwrap_or_else(|| {
        fill(
            words.unknown_condition,
            &[("key", condition.key.as_str()), ("value", value)],
        )
    })
}

/// `template` with each `{name}` replaced by its value, in one pass (a value that itself
/// contains `{…}` is not expanded again).
fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after_open = &rest[open + 1..];
        let replaced = after_open.find('}').and_then(|close| {
            let name = &after_open[..close];
            values
                .iter()
                .find(|(wanted, _)| *wanted == name)
                .map(|(_, value)| (*value, close))
        });
        match replaced {
            Some((value, close)) => {
                out.push_str(value);
                rest = &after_open[close + 1..];
            }
            None => {
                out.push('{');
                rest = after_open;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seed_example_reads_naturally() {
        let filter = Filter::And(vec![
            Filter::condition(Key::After, "2024/01/07"),
            Filter::Or(vec![
                Filter::condition(Key::Category, "Personal"),
                Filter::condition(Key::Category, "Test"),
            ]),
        ]);
        assert_eq!(
            summarize(&filter, &ENGLISH),
            "received on or after 7 Jan 2024 and in category Personal or Test"
        );
    }

    #[test]
    fn nested_mixed_groups_get_parentheses() {
        let filter = Filter::Or(vec![
            Filter::condition(Key::Is, "flagged"),
            Filter::And(vec![
                Filter::condition(Key::From, "a@example.com"),
                Filter::condition(Key::Has, "attachment"),
            ]),
        ]);
        assert_eq!(
            summarize(&filter, &ENGLISH),
            "flagged or (from a@example.com and with attachments)"
        );
        assert_eq!(summarize(&Filter::Empty, &ENGLISH), "all e-mails");
        assert_eq!(
            summarize(&Filter::condition(Key::Before, "2023/12/31"), &ENGLISH),
            "received before 31 Dec 2023"
        );
    }

    #[test]
    fn every_word_comes_from_the_table() {
        const FRENCH: Words = Words {
            all_emails: "tous les e-mails",
            no_emails: "aucun e-mail",
            received_after: "reçus à partir du {date}",
            received_before: "reçus avant le {date}",
            from: "envoyés par {address}",
            in_category: "dans la catégorie {category}",
            flagged: "avec indicateur",
            has_attachment: "avec pièces jointes",
            unknown_condition: "{key} {value}",
            and: " et ",
            or: " ou ",
            group: "({items})",
            date: "{day} {month} {year}",
            months: [
                "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.",
                "nov.", "déc.",
            ],
        };
        let filter = Filter::And(vec![
            Filter::condition(Key::After, "2024/02/07"),
            Filter::Or(vec![
                Filter::condition(Key::Category, "Perso"),
                Filter::condition(Key::Category, "Test"),
            ]),
            Filter::Or(vec![
                Filter::condition(Key::Is, "flagged"),
                Filter::condition(Key::From, "a@b.fr"),
            ]),
        ]);
        assert_eq!(
            summarize(&filter, &FRENCH),
            "reçus à partir du 7 févr. 2024 et dans la catégorie Perso ou Test \
             et (avec indicateur ou envoyés par a@b.fr)"
        );
        assert_eq!(summarize(&Filter::Empty, &FRENCH), "tous les e-mails");
    }

    #[test]
    fn fill_does_not_expand_values() {
        assert_eq!(
            fill("in {category}", &[("category", "{category}")]),
            "in {category}"
        );
        assert_eq!(fill("{missing} {x", &[]), "{missing} {x");
    }
}
