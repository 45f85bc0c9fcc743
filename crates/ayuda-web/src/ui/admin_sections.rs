//! What each administration section lists and asks: its columns and rows, its form's fields filled from the
//! record, and the form turned into the use case's input. The pages themselves are in [`super::admin`].

use ayuda_app::AppError;
use ayuda_app::directory::{
    AgentInput, ContactInput, FieldInputDefinition, GroupInput, OrganizationInput,
};
use ayuda_app::mailboxes::MailboxInput;
use ayuda_app::routing::{GroupSetupInput, check_group_setup};
use ayuda_core::agent::Role;
use ayuda_core::contact::{OrganizationKind, ServiceTier};
use ayuda_core::email::TlsMode;
use ayuda_core::field::{FieldEntity, FieldKind};
use ayuda_core::permission::{self, Operation, Principal, Resource};
use ayuda_core::routing::{GroupSetup, RoutingMode};
use ayuda_i18n::Translator;

use super::admin::{FormField, Input, Row};
use super::session::AgentViewer;
use crate::WebState;

/// Rows per page of a list.
const PAGE: u32 = 50;
/// The most groups or organizations offered in a form's choice.
const CHOICES: u32 = 200;

/// The sections with records of their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Agents,
    Groups,
    Organizations,
    Contacts,
    Fields,
    Mailboxes,
}

impl Section {
    pub const ALL: [Section; 6] = [
        Section::Agents,
        Section::Groups,
        Section::Organizations,
        Section::Contacts,
        Section::Fields,
        Section::Mailboxes,
    ];

    /// Its path segment, also the stem of its words' keys.
    pub fn path(self) -> &'static str {
        match self {
            Section::Agents => "agents",
            Section::Groups => "groups",
            Section::Organizations => "organizations",
            Section::Contacts => "contacts",
            Section::Fields => "fields",
            Section::Mailboxes => "mailboxes",
        }
    }

    pub fn from_path(path: &str) -> Option<Section> {
        Section::ALL.into_iter().find(|s| s.path() == path)
    }

    fn resource(self) -> Resource {
        match self {
            Section::Agents => Resource::Agent,
            Section::Groups => Resource::Group,
            Section::Organizations => Resource::Organization,
            Section::Contacts => Resource::Contact,
            Section::Fields => Resource::FieldDefinition,
            Section::Mailboxes => Resource::Mail,
        }
    }
}

/// Whether the viewer may add and change records of the section.
pub fn may_change(principal: &Principal, section: Section) -> bool {
    permission::can(principal, section.resource(), Operation::Update).is_ok()
}

// Reading a submitted form.

/// The last value of `name`, trimmed.
fn one(pairs: &[(String, String)], name: &str) -> String {
    pairs
        .iter()
        .rev()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.trim().to_owned())
        .unwrap_or_default()
}

fn every(pairs: &[(String, String)], name: &str) -> Vec<String> {
    pairs
        .iter()
        .filter(|(n, _)| n == name)
        .map(|(_, v)| v.trim().to_owned())
        .filter(|v| !v.is_empty())
        .collect()
}

fn ticked(pairs: &[(String, String)], name: &str) -> bool {
    pairs.iter().any(|(n, _)| n == name)
}

/// A comma-separated list.
fn list_of(raw: &str) -> Vec<String> {
    raw.split(',')
        .map(|part| part.trim().to_owned())
        .filter(|part| !part.is_empty())
        .collect()
}

fn optional(raw: String) -> Option<String> {
    (!raw.is_empty()).then_some(raw)
}

fn tick(on: bool) -> String {
    if on { "1" } else { "" }.to_owned()
}

fn bad_id(section: Section) -> AppError {
    AppError::NotFound(match section {
        Section::Agents => "agent",
        Section::Groups => "group",
        Section::Organizations => "organization",
        Section::Contacts => "contact",
        Section::Fields => "field",
        Section::Mailboxes => "mailbox",
    })
}

fn parse<T: From<uuid::Uuid>>(section: Section, id: &str) -> Result<T, AppError> {
    id.parse::<uuid::Uuid>()
        .map(T::from)
        .map_err(|_| bad_id(section))
}

// The lists.

pub fn columns(words: Translator, section: Section) -> Vec<String> {
    let keys: &[&str] = match section {
        Section::Agents => &[
            "admin-name",
            "admin-email",
            "admin-role",
            "admin-groups-field",
            "admin-active",
        ],
        Section::Groups => &["admin-name", "admin-description"],
        Section::Organizations => &["admin-name", "admin-kind", "admin-tier", "admin-domains"],
        Section::Contacts => &["admin-name", "admin-identities", "field-language"],
        Section::Fields => &[
            "admin-label",
            "admin-key",
            "admin-entity",
            "admin-field-kind",
            "admin-required",
        ],
        Section::Mailboxes => &[
            "admin-name",
            "admin-address",
            "field-group",
            "admin-imap",
            "admin-active",
        ],
    };
    keys.iter().map(|k| words.t(k)).collect()
}

fn yes_no(words: Translator, on: bool) -> String {
    words.t(if on { "admin-yes" } else { "admin-no" })
}

/// A page of the section's rows, and the cursor of the next page.
pub async fn list(
    state: &WebState,
    viewer: &AgentViewer,
    section: Section,
    after: Option<&str>,
) -> Result<(Vec<Row>, Option<String>), AppError> {
    let words = viewer.words;
    let app = &state.app;
    let who = viewer.principal();
    let href = |id: String| format!("/agent/admin/{}/{id}", section.path());
    Ok(match section {
        Section::Agents => {
            let groups = group_names(state, viewer).await?;
            let page = app.list_agents(who, after, Some(PAGE)).await?;
            let rows = page
                .items
                .into_iter()
                .map(|a| Row {
                    href: href(a.id.to_string()),
                    cells: vec![
                        a.name.as_str().to_owned(),
                        a.email.as_str().to_owned(),
                        words.t(&format!("role-{}", a.role)),
                        a.group_ids
                            .iter()
                            .filter_map(|g| groups.iter().find(|(id, _)| *id == g.to_string()))
                            .map(|(_, name)| name.as_str())
                            .collect::<Vec<_>>()
                            .join(", "),
                        yes_no(words, a.active),
                    ],
                })
                .collect();
            (rows, page.next_cursor.map(|c| c.to_string()))
        }
        Section::Groups => {
            let page = app.list_groups(who, after, Some(PAGE)).await?;
            let rows = page
                .items
                .into_iter()
                .map(|g| Row {
                    href: href(g.id.to_string()),
                    cells: vec![g.name.as_str().to_owned(), g.description],
                })
                .collect();
            (rows, page.next_cursor.map(|c| c.to_string()))
        }
        Section::Organizations => {
            let page = app.list_organizations(who, after, Some(PAGE)).await?;
            let rows = page
                .items
                .into_iter()
                .map(|o| Row {
                    href: href(o.id.to_string()),
                    cells: vec![
                        o.name.as_str().to_owned(),
                        words.t(&format!("organization-kind-{}", o.kind)),
                        words.t(&format!("service-tier-{}", o.service_tier)),
                        o.domains
                            .iter()
                            .map(|d| d.as_str())
                            .collect::<Vec<_>>()
                            .join(", "),
                    ],
                })
                .collect();
            (rows, page.next_cursor.map(|c| c.to_string()))
        }
        Section::Contacts => {
            let page = app.list_contacts(who, None, after, Some(PAGE)).await?;
            let rows = page
                .items
                .into_iter()
                .map(|c| Row {
                    href: href(c.id.to_string()),
                    cells: vec![
                        c.name.as_str().to_owned(),
                        c.identities
                            .iter()
                            .map(|i| i.value.as_str())
                            .collect::<Vec<_>>()
                            .join(", "),
                        c.language.map(|l| l.to_string()).unwrap_or_default(),
                    ],
                })
                .collect();
            (rows, page.next_cursor.map(|c| c.to_string()))
        }
        Section::Fields => {
            let mut fields = app.list_fields(who, None).await?;
            fields.sort_by_key(|f| (f.entity.as_str(), f.position));
            let rows = fields
                .into_iter()
                .map(|f| Row {
                    href: href(f.id.to_string()),
                    cells: vec![
                        f.label.clone(),
                        f.key.as_str().to_owned(),
                        words.t(&format!("admin-entity-{}", f.entity)),
                        words.t(&format!("admin-field-kind-{}", f.kind)),
                        yes_no(words, f.required),
                    ],
                })
                .collect();
            (rows, None)
        }
        Section::Mailboxes => {
            let groups = group_names(state, viewer).await?;
            let rows = app
                .list_mailboxes(who)
                .await?
                .into_iter()
                .map(|m| Row {
                    href: href(m.id.to_string()),
                    cells: vec![
                        m.name.clone(),
                        m.address.as_str().to_owned(),
                        m.group_id
                            .and_then(|g| groups.iter().find(|(id, _)| *id == g.to_string()))
                            .map(|(_, name)| name.clone())
                            .unwrap_or_default(),
                        m.imap
                            .as_ref()
                            .map(|i| format!("{}@{}:{}", i.user, i.host, i.port))
                            .unwrap_or_default(),
                        yes_no(words, m.active),
                    ],
                })
                .collect();
            (rows, None)
        }
    })
}

/// (id, name) of the groups, for choices and lists.
async fn group_names(
    state: &WebState,
    viewer: &AgentViewer,
) -> Result<Vec<(String, String)>, AppError> {
    Ok(state
        .app
        .list_groups(viewer.principal(), None, Some(CHOICES))
        .await?
        .items
        .into_iter()
        .map(|g| (g.id.to_string(), g.name.as_str().to_owned()))
        .collect())
}

/// `(value, label)` choices of a named value, its words from `prefix-value`.
fn named(words: Translator, values: &[&'static str], prefix: &str) -> Vec<(String, String)> {
    values
        .iter()
        .map(|v| ((*v).to_owned(), words.t(&format!("{prefix}-{v}"))))
        .collect()
}

fn with_none(words: Translator, mut choices: Vec<(String, String)>) -> Vec<(String, String)> {
    choices.insert(0, (String::new(), words.t("field-no-value")));
    choices
}

// The forms.

/// The section's form: empty to add a record, filled from record `id` to change it.
pub async fn form(
    state: &WebState,
    viewer: &AgentViewer,
    section: Section,
    id: Option<&str>,
) -> Result<Vec<FormField>, AppError> {
    let words = viewer.words;
    let app = &state.app;
    let who = viewer.principal();
    let t = |key: &str| words.t(key);
    Ok(match section {
        Section::Agents => {
            let agent = match id {
                Some(id) => Some(app.agent(who, parse(section, id)?).await?),
                None => None,
            };
            let roles: Vec<&'static str> = Role::ALL.iter().map(|r| r.as_str()).collect();
            let mut fields = vec![
                FormField::new("name", t("admin-name"), Input::Text).required(),
                FormField::new("email", t("admin-email"), Input::Email).required(),
                FormField::new(
                    "role",
                    t("admin-role"),
                    Input::Choice(named(words, &roles, "role")),
                )
                .value("agent"),
                FormField::new(
                    "groups",
                    t("admin-groups-field"),
                    Input::Several(group_names(state, viewer).await?),
                ),
                FormField::new("languages", t("admin-languages"), Input::Text)
                    .help(t("admin-list-help")),
                FormField::new("skills", t("admin-skills"), Input::Text).help(t("admin-list-help")),
            ];
            match agent {
                Some(a) => {
                    fields[0].value = a.name.as_str().to_owned();
                    fields[1].value = a.email.as_str().to_owned();
                    fields[2].value = a.role.as_str().to_owned();
                    fields[3].chosen = a.group_ids.iter().map(|g| g.to_string()).collect();
                    fields[4].value = a
                        .languages
                        .iter()
                        .map(|l| l.to_string())
                        .collect::<Vec<_>>()
                        .join(", ");
                    fields[5].value = a.skills.join(", ");
                    fields.push(
                        FormField::new("active", t("admin-active"), Input::Tick)
                            .value(tick(a.active)),
                    );
                }
                None => fields.push(
                    FormField::new("password", t("admin-password"), Input::Password)
                        .help(t("admin-password-help")),
                ),
            }
            fields
        }
        Section::Groups => {
            let group = match id {
                Some(id) => Some(app.group(who, parse(section, id)?).await?),
                None => None,
            };
            let setup = match &group {
                Some(g) => app.group_setup(who, g.id).await?,
                None => GroupSetup::default(),
            };
            let this = group.as_ref().map(|g| g.id.to_string()).unwrap_or_default();
            let others: Vec<(String, String)> = group_names(state, viewer)
                .await?
                .into_iter()
                .filter(|(id, _)| *id != this)
                .collect();
            let modes: Vec<&'static str> = RoutingMode::ALL.iter().map(|m| m.as_str()).collect();
            vec![
                FormField::new("name", t("admin-name"), Input::Text)
                    .required()
                    .value(
                        group
                            .as_ref()
                            .map(|g| g.name.as_str().to_owned())
                            .unwrap_or_default(),
                    ),
                FormField::new("description", t("admin-description"), Input::Lines)
                    .value(group.map(|g| g.description).unwrap_or_default()),
                FormField::new(
                    "routing_mode",
                    t("admin-routing-mode"),
                    Input::Choice(named(words, &modes, "routing-mode")),
                )
                .value(setup.routing.mode.as_str()),
                FormField::new("match_language", t("admin-match-language"), Input::Tick)
                    .value(tick(setup.routing.match_language)),
                FormField::new("routing_skills", t("admin-routing-skills"), Input::Text)
                    .help(t("admin-routing-skills-help"))
                    .value(setup.routing.skills.join(", ")),
                FormField::new(
                    "requeue_when_away",
                    t("admin-requeue-when-away"),
                    Input::Tick,
                )
                .value(tick(setup.routing.requeue_when_away)),
                FormField::new("tier", t("admin-group-tier"), Input::Number)
                    .help(t("admin-group-tier-help"))
                    .value(setup.tier.to_string()),
                FormField::new(
                    "escalates_to",
                    t("admin-escalates-to"),
                    Input::Choice(with_none(words, others)),
                )
                .value(
                    setup
                        .escalates_to
                        .map(|g| g.to_string())
                        .unwrap_or_default(),
                ),
            ]
        }
        Section::Organizations => {
            let organization = match id {
                Some(id) => Some(app.organization(who, parse(section, id)?).await?),
                None => None,
            };
            let kinds: Vec<&'static str> =
                OrganizationKind::ALL.iter().map(|k| k.as_str()).collect();
            let tiers: Vec<&'static str> = ServiceTier::ALL.iter().map(|k| k.as_str()).collect();
            let o = organization.as_ref();
            vec![
                FormField::new("name", t("admin-name"), Input::Text)
                    .required()
                    .value(o.map(|o| o.name.as_str().to_owned()).unwrap_or_default()),
                FormField::new(
                    "kind",
                    t("admin-kind"),
                    Input::Choice(named(words, &kinds, "organization-kind")),
                )
                .value(o.map_or("consumer", |o| o.kind.as_str())),
                FormField::new(
                    "service_tier",
                    t("admin-tier"),
                    Input::Choice(named(words, &tiers, "service-tier")),
                )
                .value(o.map_or("standard", |o| o.service_tier.as_str())),
                FormField::new("domains", t("admin-domains"), Input::Text)
                    .help(t("admin-domains-help"))
                    .value(
                        o.map(|o| {
                            o.domains
                                .iter()
                                .map(|d| d.as_str())
                                .collect::<Vec<_>>()
                                .join(", ")
                        })
                        .unwrap_or_default(),
                    ),
                FormField::new("shared_tickets", t("admin-shared-tickets"), Input::Tick)
                    .value(tick(o.is_some_and(|o| o.shared_tickets))),
                FormField::new("notes", t("admin-notes"), Input::Lines)
                    .value(o.map(|o| o.notes.clone()).unwrap_or_default()),
            ]
        }
        Section::Contacts => {
            let contact = match id {
                Some(id) => Some(app.contact(who, parse(section, id)?).await?),
                None => None,
            };
            let organizations = app
                .list_organizations(who, None, Some(CHOICES))
                .await?
                .items
                .into_iter()
                .map(|o| (o.id.to_string(), o.name.as_str().to_owned()))
                .collect();
            let c = contact.as_ref();
            vec![
                FormField::new("name", t("admin-name"), Input::Text)
                    .required()
                    .value(c.map(|c| c.name.as_str().to_owned()).unwrap_or_default()),
                FormField::new("identities", t("admin-identities"), Input::Lines)
                    .help(t("admin-identities-help"))
                    .value(
                        c.map(|c| {
                            c.identities
                                .iter()
                                .map(|i| format!("{}: {}", i.kind, i.value))
                                .collect::<Vec<_>>()
                                .join("\n")
                        })
                        .unwrap_or_default(),
                    ),
                FormField::new("language", t("field-language"), Input::Text)
                    .help(t("admin-language-help"))
                    .value(
                        c.and_then(|c| c.language.as_ref())
                            .map(|l| l.to_string())
                            .unwrap_or_default(),
                    ),
                FormField::new(
                    "organization",
                    t("admin-organization"),
                    Input::Choice(with_none(words, organizations)),
                )
                .value(
                    c.and_then(|c| c.organization_id)
                        .map(|o| o.to_string())
                        .unwrap_or_default(),
                ),
                FormField::new("notes", t("admin-notes"), Input::Lines)
                    .value(c.map(|c| c.notes.clone()).unwrap_or_default()),
            ]
        }
        Section::Fields => {
            let field = match id {
                Some(id) => Some(app.field(who, parse(section, id)?).await?),
                None => None,
            };
            let entities: Vec<&'static str> = FieldEntity::ALL.iter().map(|e| e.as_str()).collect();
            let kinds: Vec<&'static str> = FieldKind::ALL.iter().map(|k| k.as_str()).collect();
            let mut fields = Vec::new();
            if field.is_none() {
                // Entity, key and kind are fixed once a field exists: stored values depend on them.
                fields.push(
                    FormField::new(
                        "entity",
                        t("admin-entity"),
                        Input::Choice(named(words, &entities, "admin-entity")),
                    )
                    .value("ticket"),
                );
                fields.push(
                    FormField::new("key", t("admin-key"), Input::Text)
                        .required()
                        .help(t("admin-key-help")),
                );
                fields.push(
                    FormField::new(
                        "kind",
                        t("admin-field-kind"),
                        Input::Choice(named(words, &kinds, "admin-field-kind")),
                    )
                    .value("text"),
                );
            }
            let f = field.as_ref();
            fields.extend([
                FormField::new("label", t("admin-label"), Input::Text)
                    .required()
                    .value(f.map(|f| f.label.clone()).unwrap_or_default()),
                FormField::new("options", t("admin-options"), Input::Text)
                    .help(t("admin-options-help"))
                    .value(f.map(|f| f.options.join(", ")).unwrap_or_default()),
                FormField::new("required", t("admin-required"), Input::Tick)
                    .value(tick(f.is_some_and(|f| f.required))),
                FormField::new("position", t("admin-position"), Input::Number).value(
                    f.map(|f| f.position.to_string())
                        .unwrap_or_else(|| "0".to_owned()),
                ),
            ]);
            fields
        }
        Section::Mailboxes => {
            let mailbox = match id {
                Some(id) => Some(app.mailbox(who, parse(section, id)?).await?),
                None => None,
            };
            let m = mailbox.as_ref();
            let imap = m.and_then(|m| m.imap.as_ref());
            let tls: Vec<(String, String)> = TlsMode::ALL
                .iter()
                .map(|t| (t.as_str().to_owned(), t.as_str().to_owned()))
                .collect();
            vec![
                FormField::new("name", t("admin-name"), Input::Text)
                    .required()
                    .help(t("admin-mailbox-name-help"))
                    .value(m.map(|m| m.name.clone()).unwrap_or_default()),
                FormField::new("address", t("admin-address"), Input::Email)
                    .required()
                    .value(m.map(|m| m.address.as_str().to_owned()).unwrap_or_default()),
                FormField::new(
                    "group",
                    t("field-group"),
                    Input::Choice(with_none(words, group_names(state, viewer).await?)),
                )
                .value(
                    m.and_then(|m| m.group_id)
                        .map(|g| g.to_string())
                        .unwrap_or_default(),
                ),
                FormField::new("active", t("admin-active"), Input::Tick)
                    .value(tick(m.is_none_or(|m| m.active))),
                FormField::new("imap_host", t("admin-imap-host"), Input::Text)
                    .help(t("admin-imap-help"))
                    .value(imap.map(|i| i.host.clone()).unwrap_or_default()),
                FormField::new("imap_port", t("admin-imap-port"), Input::Number)
                    .value(imap.map(|i| i.port.to_string()).unwrap_or_default()),
                FormField::new("imap_tls", t("admin-imap-tls"), Input::Choice(tls))
                    .value(imap.map_or("tls", |i| i.tls.as_str())),
                FormField::new("imap_user", t("admin-imap-user"), Input::Text)
                    .value(imap.map(|i| i.user.clone()).unwrap_or_default()),
                FormField::new("imap_password", t("admin-imap-password"), Input::Password).help(t(
                    if imap.is_some() {
                        "admin-imap-password-kept"
                    } else {
                        "admin-imap-password-help"
                    },
                )),
                FormField::new("imap_folder", t("admin-imap-folder"), Input::Text)
                    .value(imap.map_or_else(|| "INBOX".to_owned(), |i| i.folder.clone())),
                FormField::new(
                    "imap_processed_folder",
                    t("admin-imap-processed"),
                    Input::Text,
                )
                .help(t("admin-imap-processed-help"))
                .value(
                    imap.and_then(|i| i.processed_folder.clone())
                        .unwrap_or_default(),
                ),
            ]
        }
    })
}

// Saving.

fn agent_input(pairs: &[(String, String)], creating: bool) -> AgentInput {
    AgentInput {
        email: Some(one(pairs, "email")),
        name: Some(one(pairs, "name")),
        role: Some(one(pairs, "role")),
        group_ids: Some(every(pairs, "groups")),
        skills: Some(list_of(&one(pairs, "skills"))),
        languages: Some(list_of(&one(pairs, "languages"))),
        active: (!creating).then(|| ticked(pairs, "active")),
        password: creating.then(|| one(pairs, "password")).and_then(optional),
    }
}

fn organization_input(pairs: &[(String, String)]) -> OrganizationInput {
    OrganizationInput {
        name: Some(one(pairs, "name")),
        kind: Some(one(pairs, "kind")),
        service_tier: Some(one(pairs, "service_tier")),
        domains: Some(list_of(&one(pairs, "domains"))),
        shared_tickets: Some(ticked(pairs, "shared_tickets")),
        notes: Some(one(pairs, "notes")),
        custom_fields: None,
    }
}

fn contact_input(pairs: &[(String, String)]) -> ContactInput {
    let identities = one(pairs, "identities")
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| match line.split_once(':') {
            Some((kind, value)) => (kind.trim().to_lowercase(), value.trim().to_owned()),
            // A bare address or number: an email when it looks like one.
            None if line.contains('@') => ("email".to_owned(), line.trim().to_owned()),
            None => ("phone".to_owned(), line.trim().to_owned()),
        })
        .collect();
    ContactInput {
        name: Some(one(pairs, "name")),
        identities: Some(identities),
        language: Some(optional(one(pairs, "language"))),
        time_zone: None,
        organization_id: Some(optional(one(pairs, "organization"))),
        notes: Some(one(pairs, "notes")),
        custom_fields: None,
    }
}

fn field_input(
    pairs: &[(String, String)],
    creating: bool,
) -> Result<FieldInputDefinition, AppError> {
    let position = match one(pairs, "position").as_str() {
        "" => None,
        raw => Some(raw.parse::<i32>().map_err(|_| {
            AppError::Invalid(ayuda_core::Invalid::one(
                "position",
                "must be a whole number",
            ))
        })?),
    };
    let options = list_of(&one(pairs, "options"));
    Ok(FieldInputDefinition {
        entity: creating.then(|| one(pairs, "entity")),
        key: creating.then(|| one(pairs, "key")),
        label: Some(one(pairs, "label")),
        kind: creating.then(|| one(pairs, "kind")),
        options: (!options.is_empty() || !creating).then_some(options),
        required: Some(ticked(pairs, "required")),
        position,
    })
}

fn mailbox_input(pairs: &[(String, String)]) -> MailboxInput {
    MailboxInput {
        name: one(pairs, "name"),
        address: one(pairs, "address"),
        group_id: one(pairs, "group"),
        active: ticked(pairs, "active"),
        imap_host: one(pairs, "imap_host"),
        imap_port: one(pairs, "imap_port"),
        imap_tls: one(pairs, "imap_tls"),
        imap_user: one(pairs, "imap_user"),
        // Passwords are taken as typed: spaces may be part of them.
        imap_password: pairs
            .iter()
            .rev()
            .find(|(n, _)| n == "imap_password")
            .map(|(_, v)| v.clone())
            .unwrap_or_default(),
        imap_folder: one(pairs, "imap_folder"),
        imap_processed_folder: one(pairs, "imap_processed_folder"),
    }
}

fn group_setup_input(pairs: &[(String, String)]) -> GroupSetupInput {
    let tier = one(pairs, "tier");
    GroupSetupInput {
        routing_mode: Some(one(pairs, "routing_mode"))
            .filter(|m| !m.is_empty())
            .unwrap_or_else(|| RoutingMode::Manual.as_str().to_owned()),
        match_language: ticked(pairs, "match_language"),
        skills: list_of(&one(pairs, "routing_skills")),
        requeue_when_away: ticked(pairs, "requeue_when_away"),
        // A tier that is not a number is refused by the use case like one out of range.
        tier: if tier.is_empty() {
            1
        } else {
            tier.parse().unwrap_or(0)
        },
        escalates_to: optional(one(pairs, "escalates_to")),
    }
}

fn group_input(pairs: &[(String, String)]) -> GroupInput {
    GroupInput {
        name: Some(one(pairs, "name")),
        // The use case refuses an empty description; an empty box keeps the one there is.
        description: optional(one(pairs, "description")),
    }
}

/// Adds a record from the submitted form.
pub async fn create(
    state: &WebState,
    viewer: &AgentViewer,
    section: Section,
    pairs: &[(String, String)],
) -> Result<(), AppError> {
    let app = &state.app;
    let who = viewer.principal();
    match section {
        Section::Agents => app
            .create_agent(who, agent_input(pairs, true))
            .await
            .map(drop),
        Section::Groups => {
            // Checked first, so a bad tier does not leave a group behind without its set-up.
            check_group_setup(&group_setup_input(pairs))?;
            let group = app.create_group(who, group_input(pairs)).await?;
            app.set_group_setup(who, group.id, group_setup_input(pairs))
                .await
                .map(drop)
        }
        Section::Organizations => app
            .create_organization(who, organization_input(pairs))
            .await
            .map(drop),
        Section::Contacts => app
            .create_contact(who, contact_input(pairs))
            .await
            .map(drop),
        Section::Fields => app
            .create_field(who, field_input(pairs, true)?)
            .await
            .map(drop),
        Section::Mailboxes => app
            .create_mailbox(who, mailbox_input(pairs))
            .await
            .map(drop),
    }
}

/// Changes record `id` as the submitted form says.
pub async fn update(
    state: &WebState,
    viewer: &AgentViewer,
    section: Section,
    id: &str,
    pairs: &[(String, String)],
) -> Result<(), AppError> {
    let app = &state.app;
    let who = viewer.principal();
    match section {
        Section::Agents => app
            .update_agent(who, parse(section, id)?, agent_input(pairs, false))
            .await
            .map(drop),
        Section::Groups => {
            let id = parse(section, id)?;
            app.update_group(who, id, group_input(pairs)).await?;
            app.set_group_setup(who, id, group_setup_input(pairs))
                .await
                .map(drop)
        }
        Section::Organizations => app
            .update_organization(who, parse(section, id)?, organization_input(pairs))
            .await
            .map(drop),
        Section::Contacts => app
            .update_contact(who, parse(section, id)?, contact_input(pairs))
            .await
            .map(drop),
        Section::Fields => app
            .update_field(who, parse(section, id)?, field_input(pairs, false)?)
            .await
            .map(drop),
        Section::Mailboxes => app
            .update_mailbox(who, parse(section, id)?, mailbox_input(pairs))
            .await
            .map(drop),
    }
}
