//! Deterministic test mailboxes: folders, categories, messages and attachments generated from a
//! seed, so every run of the sandbox (and every test) sees the very same mail. Who the accounts are
//! (addresses, names, sign-in behaviour) is [`super::accounts`]'s.
//!
//! A mailbox is generated once per `(seed, address)` and cached for the life of the router
//! ([`MailboxCache`]). Messages are kept newest first, which is the order Graph pages them in.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use outlook_connect_filter::Message as FilterFacts;
use rand::rngs::Xoshiro256PlusPlus;
use rand::seq::IndexedRandom;
use rand::{RngExt, SeedableRng};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use super::accounts::{account_index, user_id, Account, ACCOUNTS, ALEX, BIG, FOLDERS};

/// Last instant covered by generated mail (2026-11-01T00:00:00Z): fixed so that data never
/// depends on the day the sandbox runs.
pub const MAILBOX_END_UNIX: i64 = 1_793_491_200;
/// Generated mail spans the four years before [`MAILBOX_END_UNIX`].
pub const MAILBOX_SPAN_SECS: i64 = 4 * 365 * 24 * 3600 + 24 * 3600;

/// A Graph flag status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlagStatus {
    NotFlagged,
    Flagged,
    Complete,
}

impl FlagStatus {
    /// The value Graph writes in `flag.flagStatus`.
    pub fn as_graph(self) -> &'static str {
        match self {
            FlagStatus::NotFlagged => "notFlagged",
            FlagStatus::Flagged => "flagged",
            FlagStatus::Complete => "complete",
        }
    }
}

/// A mail folder. The root ("Top of Information Store", well-known `msgfolderroot`) is folder 0.
#[derive(Debug, Clone)]
pub struct Folder {
    pub id: String,
    pub display_name: String,
    /// Index of the parent folder; `None` only for the root.
    pub parent: Option<usize>,
    pub well_known_name: Option<&'static str>,
    /// Indexes of the child folders, in display order.
    pub children: Vec<usize>,
    /// Indexes into [`Mailbox::messages`] of the folder's messages, newest first.
    pub messages: Vec<usize>,
    pub unread_count: usize,
}

/// An Outlook category of the master list.
#[derive(Debug, Clone)]
pub struct Category {
    pub id: String,
    pub display_name: String,
    /// `0..=24`, written `presetN`.
    pub color_preset: u8,
}

/// A file attached to a message.
#[derive(Debug, Clone)]
pub struct Attachment {
    pub id: String,
    pub name: String,
    pub content_type: &'static str,
    pub size: u64,
}

/// A sender or recipient.
#[derive(Debug, Clone)]
pub struct Person {
    pub name: String,
    pub address: String,
}

/// One message.
#[derive(Debug, Clone)]
pub struct Message {
    pub id: String,
    pub folder: usize,
    pub subject: String,
    pub from: Person,
    pub to: Vec<Person>,
    pub body_preview: String,
    pub internet_message_id: String,
    pub conversation_id: String,
    pub flag: FlagStatus,
    pub is_read: bool,
    pub is_draft: bool,
    pub importance: &'static str,
    pub attachments: Vec<Attachment>,
    /// What the filter grammar looks at: received time, sender, categories, attachments, flag.
    pub facts: FilterFacts,
}

/// A generated mailbox.
#[derive(Debug)]
pub struct Mailbox {
    pub account: &'static Account,
    /// The user's object id (a GUID).
    pub user_id: String,
    /// Folder 0 is the root; the rest in tree order.
    pub folders: Vec<Folder>,
    pub categories: Vec<Category>,
    /// Every message of every folder, newest first.
    pub messages: Vec<Message>,
    folder_by_id: HashMap<String, usize>,
    message_by_id: HashMap<String, usize>,
}

impl Mailbox {
    /// The folder with this id or well-known name (well-known names ignore ASCII case).
    pub fn folder(&self, id_or_well_known_name: &str) -> Option<&Folder> {
        if let Some(&index) = self.folder_by_id.get(id_or_well_known_name) {
            return Some(&self.folders[index]);
        }
        self.folders.iter().find(|folder| {
            folder
                .well_known_name
                .is_some_and(|name| name.eq_ignore_ascii_case(id_or_well_known_name))
        })
    }

    /// The message with this id.
    pub fn message(&self, id: &str) -> Option<&Message> {
        self.message_by_id
            .get(id)
            .map(|&index| &self.messages[index])
    }

    /// The top-level folders (children of the root), as `GET /me/mailFolders` lists them.
    pub fn top_level_folders(&self) -> impl Iterator<Item = &Folder> {
        self.folders[0]
            .children
            .iter()
            .map(|&index| &self.folders[index])
    }

    /// The category names, as used on messages.
    pub fn category_names(&self) -> impl Iterator<Item = &str> {
        self.categories
            .iter()
            .map(|category| category.display_name.as_str())
    }

    /// Generates the mailbox of `account` from `seed` (same inputs, same mailbox).
    pub fn generate(seed: u64, account: &'static Account) -> Mailbox {
        let plan = plan_for(account.address);
        let mut generator = Generator::new(seed, account);
        generator.build(&plan)
    }
}

/// Lazily generated mailboxes of one router, one cell per test account.
#[derive(Debug)]
pub struct MailboxCache {
    seed: u64,
    cells: [OnceLock<Arc<Mailbox>>; ACCOUNTS.len()],
}

impl MailboxCache {
    pub fn new(seed: u64) -> MailboxCache {
        MailboxCache {
            seed,
            cells: Default::default(),
        }
    }

    /// The mailbox of `address`, generated on first use; `None` for an unknown address.
    pub fn get(&self, address: &str) -> Option<Arc<Mailbox>> {
        let index = account_index(address)?;
        let mailbox = self.cells[index]
            .get_or_init(|| Arc::new(Mailbox::generate(self.seed, &ACCOUNTS[index])));
        Some(Arc::clone(mailbox))
    }
}

/// A folder to create: name, parent (index in the plan; `None` = top level), well-known name
/// and how many messages it holds.
struct FolderPlan {
    name: &'static str,
    parent: Option<usize>,
    well_known_name: Option<&'static str>,
    message_count: usize,
}

const fn folder(
    name: &'static str,
    parent: Option<usize>,
    well_known_name: Option<&'static str>,
    message_count: usize,
) -> FolderPlan {
    FolderPlan {
        name,
        parent,
        well_known_name,
        message_count,
    }
}

/// Category names and colour presets of one mailbox.
struct MailboxPlan {
    folders: &'static [FolderPlan],
    categories: &'static [(&'static str, u8)],
    /// A subject given verbatim to the newest Inbox message (markup tests).
    pinned_subject: Option<&'static str>,
}

/// Well-known folders every mailbox has; Inbox is plan index 0.
macro_rules! standard_folders {
    ($inbox:expr, $sent:expr, $drafts:expr, $deleted:expr, $archive:expr, $junk:expr) => {
        [
            folder("Inbox", None, Some("inbox"), $inbox),
            folder("Sent Items", None, Some("sentitems"), $sent),
            folder("Drafts", None, Some("drafts"), $drafts),
            folder("Deleted Items", None, Some("deleteditems"), $deleted),
            folder("Archive", None, Some("archive"), $archive),
            folder("Junk Email", None, Some("junkemail"), $junk),
            folder("Outbox", None, Some("outbox"), 0),
        ]
    };
}

const STANDARD_CATEGORIES: [(&str, u8); 6] = [
    ("Red category", 0),
    ("Orange category", 1),
    ("Yellow category", 3),
    ("Green category", 4),
    ("Blue category", 7),
    ("Purple category", 8),
];

static ALEX_FOLDERS: [FolderPlan; 13] = {
    let [inbox, sent, drafts, deleted, archive, junk, outbox] =
        standard_folders!(780, 180, 6, 40, 14, 25);
    [
        inbox,
        sent,
        drafts,
        deleted,
        archive,
        junk,
        outbox,
        folder("Projects", Some(0), None, 60),
        folder("Apollo", Some(7), None, 90),
        folder("Zephyr", Some(7), None, 45),
        folder("Receipts", Some(0), None, 120),
        folder("Newsletters", Some(0), None, 150),
        folder("2023", Some(4), None, 40),
    ]
};

static BIG_FOLDERS: [FolderPlan; 7] = standard_folders!(10_500, 300, 3, 60, 0, 40);

static FOLDERS_FOLDERS: [FolderPlan; 17] = {
    let [inbox, sent, drafts, deleted, archive, junk, outbox] =
        standard_folders!(25, 6, 1, 2, 0, 1);
    [
        inbox,
        sent,
        drafts,
        deleted,
        archive,
        junk,
        outbox,
        folder("<img src=x onerror=alert(1)>", Some(0), None, 5),
        folder("Проекты 📁", Some(0), None, 8),
        folder("Ünïcödé 日本語 — déjà vu", Some(8), None, 3),
        folder("\"Quotes\" & 'apostrophes' </td>", Some(0), None, 2),
        folder("Level 1", Some(0), None, 2),
        folder("Level 2", Some(11), None, 2),
        folder("Level 3", Some(12), None, 2),
        folder("Level 4", Some(13), None, 2),
        folder("Level 5", Some(14), None, 2),
        folder("Level 6", Some(15), None, 2),
    ]
};

static SMALL_FOLDERS: [FolderPlan; 7] = standard_folders!(40, 10, 1, 3, 2, 2);

fn plan_for(address: &str) -> MailboxPlan {
    match address {
        ALEX => MailboxPlan {
            folders: &ALEX_FOLDERS,
            categories: &[
                ("Personal", 4),
                ("Test", 9),
                ("Finance", 5),
                ("Travel", 7),
                ("Family", 1),
                ("Project Apollo", 8),
                ("Red category", 0),
                ("Orange category", 1),
                ("Yellow category", 3),
            ],
            pinned_subject: None,
        },
        BIG => MailboxPlan {
            folders: &BIG_FOLDERS,
            categories: &[
                ("Personal", 4),
                ("Test", 9),
                ("Finance", 5),
                ("Customers", 7),
                ("Blue category", 7),
            ],
            pinned_subject: None,
        },
        FOLDERS => MailboxPlan {
            folders: &FOLDERS_FOLDERS,
            categories: &[
                ("<b>Bold</b> & \"quoted\"", 2),
                ("Личное", 12),
                ("Test", 9),
                ("日本", 24),
            ],
            pinned_subject: Some(
                "<script>alert(\"subject\")</script> Quarterly <b>numbers</b> & more",
            ),
        },
        _ => MailboxPlan {
            folders: &SMALL_FOLDERS,
            categories: &STANDARD_CATEGORIES,
            pinned_subject: None,
        },
    }
}

const SENDERS: &[(&str, &str)] = &[
    ("Megan Bowen", "megan.bowen@contoso.test"),
    ("Adele Vance", "adele.vance@contoso.test"),
    ("Lee Gu", "lee.gu@contoso.test"),
    ("Nestor Wilke", "nestor.wilke@contoso.test"),
    ("Isaiah Langer", "isaiah.langer@contoso.test"),
    ("Johanna Lorenz", "johanna.lorenz@fabrikam.test"),
    ("Lynne Robbins", "lynne.robbins@fabrikam.test"),
    ("Diego Siciliani", "diego.siciliani@northwind.test"),
    ("Patti Fernandez", "patti.fernandez@northwind.test"),
    ("Grady Archie", "grady.archie@woodgrove.test"),
    ("Henrietta Mueller", "henrietta.mueller@woodgrove.test"),
    ("Joni Sherman", "joni.sherman@adatum.test"),
    ("Irvin Sayers", "irvin.sayers@adatum.test"),
    ("Pradeep Gupta", "pradeep.gupta@tailspin.test"),
    ("Christie Cline", "christie.cline@litware.test"),
    ("Zrinka Makovac", "zrinka.makovac@litware.test"),
    ("Ben Walters", "ben.walters@proseware.test"),
    ("Miriam Graham", "miriam.graham@proseware.test"),
    ("Contoso Payroll", "payroll@contoso.test"),
    ("Fabrikam Billing", "billing@fabrikam.test"),
    ("Northwind Traders", "orders@northwind.test"),
    ("Margie's Travel", "bookings@margiestravel.test"),
    ("Woodgrove Bank", "alerts@woodgrovebank.test"),
    ("The Daily Tailspin", "newsletter@tailspin.test"),
];

const TOPICS: &[&str] = &[
    "Q3 budget review",
    "Project Apollo kickoff",
    "Zephyr launch checklist",
    "Team offsite in Lisbon",
    "Contract renewal",
    "Invoice INV-{n}",
    "Your order #{n} has shipped",
    "Weekly status report",
    "Design review notes",
    "Security training reminder",
    "Quarterly all-hands",
    "Customer escalation: ticket {n}",
    "Flight confirmation {n}",
    "Hotel reservation",
    "Expense report approval",
    "Lunch on Friday?",
    "Release {n} notes",
    "Hiring panel feedback",
    "Board deck draft",
    "Marketing plan FY{n}",
    "Vendor onboarding",
    "Your statement is ready",
    "Password expiry notice",
    "Birthday party this weekend",
    "Re-org announcement",
    "Benefits enrollment",
    "Roadmap planning",
    "Incident postmortem",
    "Office move schedule",
    "Parent-teacher meeting",
];

const SUBJECT_PREFIXES: &[&str] = &[
    "",
    "",
    "",
    "",
    "Re: ",
    "Re: ",
    "Fwd: ",
    "FW: ",
    "[External] ",
];

const PREVIEW_OPENINGS: &[&str] = &[
    "Hi Alex,",
    "Hello team,",
    "Good morning,",
    "Thanks for the quick reply.",
    "Following up on our call:",
    "Quick reminder:",
    "Please find attached",
    "As discussed,",
];

const PREVIEW_BODIES: &[&str] = &[
    "the numbers look good and we are on track for the end of the quarter.",
    "could you take a look before Thursday and share your comments?",
    "the meeting has moved to 3 pm in the large conference room.",
    "we still need sign-off from finance before we can proceed.",
    "the draft is in the shared folder; feel free to edit directly.",
    "your payment was received and your receipt is below.",
    "let me know if anything is unclear or if you need more time.",
    "we have confirmed your booking; details are included below.",
];

const ATTACHMENT_KINDS: &[(&str, &str, u64)] = &[
    ("report-{n}.pdf", "application/pdf", 180_000),
    ("invoice-{n}.pdf", "application/pdf", 60_000),
    ("photo-{n}.jpg", "image/jpeg", 2_400_000),
    (
        "budget-{n}.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        45_000,
    ),
    (
        "slides-{n}.pptx",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        3_100_000,
    ),
    ("notes-{n}.txt", "text/plain", 2_000),
    ("calendar-{n}.ics", "text/calendar", 1_500),
];

/// Draws the mailbox contents from one seeded random stream.
struct Generator {
    rng: Xoshiro256PlusPlus,
    seed: u64,
    account: &'static Account,
}

impl Generator {
    fn new(seed: u64, account: &'static Account) -> Generator {
        let digest = Sha256::new()
            .chain_update(seed.to_le_bytes())
            .chain_update(account.address.as_bytes())
            .finalize();
        let mut stream_seed = [0u8; 32];
        stream_seed.copy_from_slice(&digest);
        Generator {
            rng: Xoshiro256PlusPlus::from_seed(stream_seed),
            seed,
            account,
        }
    }

    /// A Graph-looking opaque id (`AAMkAG…`), unique with overwhelming probability.
    fn graph_id(&mut self, kind: &str) -> String {
        let bytes: [u8; 24] = self.rng.random();
        format!("AAMkAG{kind}{}AAA=", URL_SAFE_NO_PAD.encode(bytes))
    }

    fn guid(&mut self) -> String {
        uuid::Builder::from_random_bytes(self.rng.random())
            .into_uuid()
            .to_string()
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        items
            .choose(&mut self.rng)
            .expect("generator lists are never empty")
    }

    fn build(&mut self, plan: &MailboxPlan) -> Mailbox {
        let user_id = user_id(self.seed, self.account.address);
        let mut folders = vec![Folder {
            id: self.graph_id("AuAAA"),
            display_name: "Top of Information Store".to_owned(),
            parent: None,
            well_known_name: Some("msgfolderroot"),
            children: Vec::new(),
            messages: Vec::new(),
            unread_count: 0,
        }];
        for folder_plan in plan.folders {
            let parent = folder_plan.parent.map_or(0, |plan_index| plan_index + 1);
            let index = folders.len();
            folders.push(Folder {
                id: self.graph_id("AuAAA"),
                display_name: folder_plan.name.to_owned(),
                parent: Some(parent),
                well_known_name: folder_plan.well_known_name,
                children: Vec::new(),
                messages: Vec::new(),
                unread_count: 0,
            });
            folders[parent].children.push(index);
        }

        let categories: Vec<Category> = plan
            .categories
            .iter()
            .map(|&(name, color_preset)| Category {
                id: self.guid(),
                display_name: name.to_owned(),
                color_preset,
            })
            .collect();
        let category_names: Vec<&str> = plan.categories.iter().map(|&(name, _)| name).collect();

        let total: usize = plan.folders.iter().map(|f| f.message_count).sum();
        let mut messages = Vec::with_capacity(total);
        for (plan_index, folder_plan) in plan.folders.iter().enumerate() {
            for _ in 0..folder_plan.message_count {
                messages.push(self.message(plan_index + 1, folder_plan, &category_names));
            }
        }
        messages.sort_by(|a, b| {
            b.facts
                .received_unix
                .cmp(&a.facts.received_unix)
                .then_with(|| a.id.cmp(&b.id))
        });
        if let Some(subject) = plan.pinned_subject {
            if let Some(newest_in_inbox) = messages.iter_mut().find(|m| m.folder == 1) {
                newest_in_inbox.subject = subject.to_owned();
            }
        }

        let mut message_by_id = HashMap::with_capacity(messages.len());
        for (index, message) in messages.iter().enumerate() {
            let folder = &mut folders[message.folder];
            folder.messages.push(index);
            if !message.is_read {
                folder.unread_count += 1;
            }
            message_by_id.insert(message.id.clone(), index);
        }
        let folder_by_id = folders
            .iter()
            .enumerate()
            .map(|(index, folder)| (folder.id.clone(), index))
            .collect();
        Mailbox {
            account: self.account,
            user_id,
            folders,
            categories,
            messages,
            folder_by_id,
            message_by_id,
        }
    }

    fn message(&mut self, folder: usize, plan: &FolderPlan, categories: &[&str]) -> Message {
        let id = self.graph_id("BGAAA");
        let number: u32 = self.rng.random_range(1000..99_999);
        let topic = self.pick(TOPICS).replace("{n}", &number.to_string());
        let prefix = *self.pick(SUBJECT_PREFIXES);
        let subject = format!("{prefix}{topic}");
        let received_unix = MAILBOX_END_UNIX - self.rng.random_range(60..MAILBOX_SPAN_SECS);
        let owner = Person {
            name: self.account.display_name.to_owned(),
            address: self.account.address.to_owned(),
        };
        let &(sender_name, sender_address) = self.pick(SENDERS);
        let sender = Person {
            name: sender_name.to_owned(),
            address: sender_address.to_owned(),
        };
        let outgoing = matches!(
            plan.well_known_name,
            Some("sentitems" | "drafts" | "outbox")
        );
        let (from, to) = if outgoing {
            (owner, vec![sender])
        } else {
            (sender, vec![owner])
        };

        let roll: f64 = self.rng.random();
        let flag = if roll < 0.08 {
            FlagStatus::Flagged
        } else if roll < 0.12 {
            FlagStatus::Complete
        } else {
            FlagStatus::NotFlagged
        };
        let category_count = match self.rng.random_range(0..100) {
            0..=64 => 0,
            65..=92 => 1,
            _ => 2,
        };
        let mut message_categories: Vec<String> = Vec::with_capacity(category_count);
        for _ in 0..category_count {
            // The first three categories of each plan are the common ones (Personal, Test, Finance).
            let pool = if self.rng.random_bool(0.7) {
                &categories[..categories.len().min(3)]
            } else {
                categories
            };
            let name = *self.pick(pool);
            if !message_categories.iter().any(|c| c == name) {
                message_categories.push(name.to_owned());
            }
        }
        let attachment_count = if self.rng.random_bool(0.2) {
            self.rng.random_range(1..=3)
        } else {
            0
        };
        let attachments = (0..attachment_count)
            .map(|_| {
                let &(pattern, content_type, typical_size) = self.pick(ATTACHMENT_KINDS);
                Attachment {
                    id: self.graph_id("BRAAA"),
                    name: pattern.replace("{n}", &number.to_string()),
                    content_type,
                    size: typical_size / 2 + self.rng.random_range(0..typical_size),
                }
            })
            .collect::<Vec<_>>();
        let body_preview = format!(
            "{} {}",
            self.pick(PREVIEW_OPENINGS),
            self.pick(PREVIEW_BODIES)
        );
        let local_part: u64 = self.rng.random();
        let domain = from.address.split('@').nth(1).unwrap_or("contoso.test");
        let internet_message_id = format!("<{local_part:016x}@{domain}>");
        let is_draft = plan.well_known_name == Some("drafts");
        let is_read = outgoing || !self.rng.random_bool(0.15);
        let importance = if self.rng.random_bool(0.05) {
            "high"
        } else {
            "normal"
        };
        let conversation_id = self.graph_id("QAQAA");
        let facts = FilterFacts {
            received_unix,
            from: from.address.clone(),
            categories: message_categories,
            has_attachments: !attachments.is_empty(),
            flagged: flag == FlagStatus::Flagged,
        };
        Message {
            id,
            folder,
            subject,
            from,
            to,
            body_preview,
            internet_message_id,
            conversation_id,
            flag,
            is_read,
            is_draft,
            importance,
            attachments,
            facts,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::microsoft::accounts::account;

    #[test]
    fn same_seed_gives_the_same_mailbox_and_another_seed_another() {
        let account = account(ALEX).unwrap();
        let first = Mailbox::generate(7, account);
        let again = Mailbox::generate(7, account);
        let other = Mailbox::generate(8, account);
        assert_eq!(first.messages.len(), again.messages.len());
        assert_eq!(first.messages[0].id, again.messages[0].id);
        assert_eq!(first.messages[100].subject, again.messages[100].subject);
        assert_ne!(first.messages[0].id, other.messages[0].id);
    }

    #[test]
    fn alex_has_about_1500_messages_over_four_years_with_known_categories() {
        let mailbox = Mailbox::generate(42, account(ALEX).unwrap());
        assert!((1400..=1600).contains(&mailbox.messages.len()));
        let newest = mailbox.messages.first().unwrap().facts.received_unix;
        let oldest = mailbox.messages.last().unwrap().facts.received_unix;
        assert!(newest <= MAILBOX_END_UNIX && oldest >= MAILBOX_END_UNIX - MAILBOX_SPAN_SECS);
        assert!(
            newest - oldest > MAILBOX_SPAN_SECS * 9 / 10,
            "mail spreads over the 4 years"
        );
        let names: Vec<&str> = mailbox.category_names().collect();
        for message in &mailbox.messages {
            assert!(message
                .facts
                .categories
                .iter()
                .all(|c| names.contains(&c.as_str())));
            assert_eq!(
                message.facts.has_attachments,
                !message.attachments.is_empty()
            );
        }
        let ids: std::collections::HashSet<&str> =
            mailbox.messages.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(ids.len(), mailbox.messages.len());
        let flagged = mailbox.messages.iter().filter(|m| m.facts.flagged).count();
        assert!(flagged > 50 && flagged < 300, "{flagged} flagged");
    }

    #[test]
    fn the_cache_generates_each_mailbox_once() {
        let cache = MailboxCache::new(3);
        let first = cache.get("alex@contoso.test").unwrap();
        let again = cache.get("ALEX@contoso.test").unwrap();
        assert!(Arc::ptr_eq(&first, &again));
        assert!(cache.get("nobody@contoso.test").is_none());
    }

    fn depth(mailbox: &Mailbox, mut folder: usize) -> usize {
        let mut depth = 0;
        while let Some(parent) = mailbox.folders[folder].parent {
            depth += 1;
            folder = parent;
        }
        depth
    }

    #[test]
    fn big_inbox_and_deep_folders() {
        let big = Mailbox::generate(42, account(BIG).unwrap());
        assert!(big.folder("inbox").unwrap().messages.len() >= 10_000);
        let folders = Mailbox::generate(42, account(FOLDERS).unwrap());
        let deepest = (0..folders.folders.len())
            .map(|index| depth(&folders, index))
            .max()
            .unwrap();
        assert!(deepest >= 7, "Inbox/Level 1/…/Level 6 is 7 below the root");
        assert!(
            folders.folder("INBOX").is_some(),
            "well-known names ignore case"
        );
    }

    #[test]
    fn messages_are_newest_first_and_folders_index_them_consistently() {
        let mailbox = Mailbox::generate(1, account(ALEX).unwrap());
        assert!(mailbox
            .messages
            .windows(2)
            .all(|pair| pair[0].facts.received_unix >= pair[1].facts.received_unix));
        let indexed: usize = mailbox.folders.iter().map(|f| f.messages.len()).sum();
        assert_eq!(indexed, mailbox.messages.len());
        for (index, folder) in mailbox.folders.iter().enumerate() {
            assert!(folder
                .messages
                .iter()
                .all(|&m| mailbox.messages[m].folder == index));
        }
    }
}
