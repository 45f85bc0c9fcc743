//! Use cases for the records around tickets: contacts, organizations, groups, agents and custom fields.

use std::collections::BTreeMap;

use ayuda_core::agent::{Agent, Group, Role};
use ayuda_core::contact::{
    Contact, Domain, Identity, IdentityKind, Organization, OrganizationKind, ServiceTier,
    TimeZoneName,
};
use ayuda_core::field::{
    FieldDefinition, FieldEntity, FieldInput, FieldKey, FieldKind, parse_label_and_options,
};
use ayuda_core::id::{AgentId, ContactId, FieldId, GroupId, OrganizationId};
use ayuda_core::permission::{self, Operation, Principal, Resource};
use ayuda_core::text::{Language, Name, clean_line};
use ayuda_core::{FieldError, Invalid};
use ayuda_store::{ContactQuery, Page};

use crate::{App, AppError, page_limit, parse_id};

/// A contact as a client describes it, for creating (all given) or updating (`None` keeps).
#[derive(Debug, Clone, Default)]
pub struct ContactInput {
    pub name: Option<String>,
    /// (kind, value) pairs; on update the list replaces the contact's identities.
    pub identities: Option<Vec<(String, String)>>,
    pub language: Option<Option<String>>,
    pub time_zone: Option<Option<String>>,
    pub organization_id: Option<Option<String>>,
    pub notes: Option<String>,
    pub custom_fields: Option<BTreeMap<String, FieldInput>>,
}

#[derive(Debug, Clone, Default)]
pub struct OrganizationInput {
    pub name: Option<String>,
    pub kind: Option<String>,
    pub service_tier: Option<String>,
    pub domains: Option<Vec<String>>,
    pub shared_tickets: Option<bool>,
    pub notes: Option<String>,
    pub custom_fields: Option<BTreeMap<String, FieldInput>>,
}

#[derive(Debug, Clone, Default)]
pub struct GroupInput {
    pub name: Option<String>,
    pub description: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct AgentInput {
    pub email: Option<String>,
    pub name: Option<String>,
    pub role: Option<String>,
    pub group_ids: Option<Vec<String>>,
    pub skills: Option<Vec<String>>,
    pub languages: Option<Vec<String>>,
    pub active: Option<bool>,
    pub password: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct FieldInputDefinition {
    pub entity: Option<String>,
    pub key: Option<String>,
    pub label: Option<String>,
    pub kind: Option<String>,
    pub options: Option<Vec<String>>,
    pub required: Option<bool>,
    pub position: Option<i32>,
}

fn allow(principal: &Principal, resource: Resource, operation: Operation) -> Result<(), AppError> {
    permission::can(principal, resource, operation).map_err(|denied| AppError::Forbidden(denied.0))
}

fn required<T>(invalid: &mut Invalid, field: &str, value: Option<T>) -> Option<T> {
    if value.is_none() {
        invalid.push(FieldError::new(field, "is required"));
    }
    value
}

impl App {
    // Contacts.

    pub async fn create_contact(
        &self,
        principal: &Principal,
        input: ContactInput,
    ) -> Result<Contact, AppError> {
        allow(principal, Resource::Contact, Operation::Create)?;
        let now = self.clock.now();
        let mut invalid = Invalid::default();
        let name = required(&mut invalid, "name", input.name.clone());
        let contact = Contact {
            id: ContactId::generate(),
            name: name
                .and_then(|n| invalid.check("name", Name::parse(&n)))
                .unwrap_or_else(placeholder_name),
            identities: Vec::new(),
            language: None,
            time_zone: None,
            organization_id: None,
            notes: String::new(),
            custom_fields: BTreeMap::new(),
            created_at: now,
            updated_at: now,
        };
        let contact = self
            .apply_contact_input(
                contact,
                ContactInput {
                    name: None,
                    ..input
                },
                &mut invalid,
            )
            .await?;
        invalid.into_result()?;
        Ok(self.store.create_contact(contact).await?)
    }

    pub async fn contact(&self, principal: &Principal, id: ContactId) -> Result<Contact, AppError> {
        let contact = self
            .store
            .get_contact(id)
            .await?
            .ok_or(AppError::NotFound("contact"))?;
        if !permission::can_read_own(principal, Some(contact.id), None) {
            return Err(AppError::NotFound("contact"));
        }
        Ok(contact)
    }

    pub async fn update_contact(
        &self,
        principal: &Principal,
        id: ContactId,
        input: ContactInput,
    ) -> Result<Contact, AppError> {
        allow(principal, Resource::Contact, Operation::Update)?;
        let contact = self
            .store
            .get_contact(id)
            .await?
            .ok_or(AppError::NotFound("contact"))?;
        let mut invalid = Invalid::default();
        let mut contact = self
            .apply_contact_input(contact, input, &mut invalid)
            .await?;
        invalid.into_result()?;
        contact.updated_at = self.clock.now();
        let contact = self.store.update_contact(contact).await?;
        self.forget_sessions();
        Ok(contact)
    }

    pub async fn list_contacts(
        &self,
        principal: &Principal,
        organization: Option<&str>,
        cursor: Option<&str>,
        limit: Option<u32>,
    ) -> Result<Page<Contact, ContactId>, AppError> {
        allow(principal, Resource::Contact, Operation::List)?;
        let query = ContactQuery {
            organization_id: organization
                .map(|o| parse_id("organization", o))
                .transpose()?,
            after: cursor.map(|c| parse_id("cursor", c)).transpose()?,
            limit: page_limit(limit)?,
        };
        Ok(self.store.list_contacts(&query).await?)
    }

    async fn apply_contact_input(
        &self,
        mut contact: Contact,
        input: ContactInput,
        invalid: &mut Invalid,
    ) -> Result<Contact, AppError> {
        if let Some(name) = &input.name
            && let Some(name) = invalid.check("name", Name::parse(name))
        {
            contact.name = name;
        }
        if let Some(identities) = &input.identities {
            contact.identities.clear();
            for (i, (kind, value)) in identities.iter().enumerate() {
                let field = format!("identities.{i}");
                let identity = invalid
                    .check(&format!("{field}.kind"), IdentityKind::parse(kind))
                    .and_then(|kind| {
                        invalid.check(&format!("{field}.value"), Identity::parse(kind, value))
                    });
                if let Some(identity) = identity {
                    if contact.identities.contains(&identity) {
                        invalid.push(FieldError::new(field, "is listed twice"));
                    }
                    contact.identities.push(identity);
                }
            }
        }
        if let Some(language) = &input.language {
            contact.language = language
                .as_deref()
                .and_then(|l| invalid.check("language", Language::parse(l)));
        }
        if let Some(time_zone) = &input.time_zone {
            contact.time_zone = time_zone
                .as_deref()
                .and_then(|t| invalid.check("time_zone", TimeZoneName::parse(t)));
        }
        if let Some(organization) = &input.organization_id {
            contact.organization_id = match organization.as_deref() {
                None => None,
                Some(raw) => {
                    match invalid.check("organization", parse_id::<OrganizationId>("", raw)) {
                        Some(id) if self.store.get_organization(id).await?.is_none() => {
                            invalid.push(FieldError::new("organization", "does not exist"));
                            None
                        }
                        other => other,
                    }
                }
            };
        }
        if let Some(notes) = input.notes {
            contact.notes = notes;
        }
        if let Some(fields) = &input.custom_fields {
            let changes = self
                .parse_custom_field_changes(FieldEntity::Contact, fields, invalid)
                .await?;
            apply_field_changes(&mut contact.custom_fields, changes);
        }
        Ok(contact)
    }

    // Organizations.

    pub async fn create_organization(
        &self,
        principal: &Principal,
        input: OrganizationInput,
    ) -> Result<Organization, AppError> {
        allow(principal, Resource::Organization, Operation::Create)?;
        let now = self.clock.now();
        let mut invalid = Invalid::default();
        let name = required(&mut invalid, "name", input.name.as_deref())
            .and_then(|n| invalid.check("name", Name::parse(n)));
        let organization = Organization {
            id: OrganizationId::generate(),
            name: name.unwrap_or_else(placeholder_name),
            kind: OrganizationKind::Consumer,
            service_tier: ServiceTier::Standard,
            domains: Vec::new(),
            shared_tickets: false,
            notes: String::new(),
            custom_fields: BTreeMap::new(),
            created_at: now,
            updated_at: now,
        };
        let organization = self
            .apply_organization_input(
                organization,
                OrganizationInput {
                    name: None,
                    ..input
                },
                &mut invalid,
            )
            .await?;
        invalid.into_result()?;
        Ok(self.store.create_organization(organization).await?)
    }

    pub async fn organization(
        &self,
        principal: &Principal,
        id: OrganizationId,
    ) -> Result<Organization, AppError> {
        let organization = self
            .store
            .get_organization(id)
            .await?
            .ok_or(AppError::NotFound("organization"))?;
        if !permission::can_read_own(principal, None, Some(organization.id)) {
            return Err(AppError::NotFound("organization"));
        }
        Ok(organization)
    }

    pub async fn update_organization(
        &self,
        principal: &Principal,
        id: OrganizationId,
        input: OrganizationInput,
    ) -> Result<Organization, AppError> {
        allow(principal, Resource::Organization, Operation::Update)?;
        let organization = self
            .store
            .get_organization(id)
            .await?
            .ok_or(AppError::NotFound("organization"))?;
        let mut invalid = Invalid::default();
        let mut organization = self
            .apply_organization_input(organization, input, &mut invalid)
            .await?;
        invalid.into_result()?;
        organization.updated_at = self.clock.now();
        let organization = self.store.update_organization(organization).await?;
        self.forget_sessions();
        Ok(organization)
    }

    pub async fn list_organizations(
        &self,
        principal: &Principal,
        cursor: Option<&str>,
        limit: Option<u32>,
    ) -> Result<Page<Organization, OrganizationId>, AppError> {
        allow(principal, Resource::Organization, Operation::List)?;
        let after = cursor.map(|c| parse_id("cursor", c)).transpose()?;
        Ok(self
            .store
            .list_organizations(after, page_limit(limit)?)
            .await?)
    }

    async fn apply_organization_input(
        &self,
        mut org: Organization,
        input: OrganizationInput,
        invalid: &mut Invalid,
    ) -> Result<Organization, AppError> {
        if let Some(name) = input
            .name
            .as_deref()
            .and_then(|n| invalid.check("name", Name::parse(n)))
        {
            org.name = name;
        }
        if let Some(kind) = input
            .kind
            .as_deref()
            .and_then(|k| invalid.check("kind", OrganizationKind::parse(k)))
        {
            org.kind = kind;
        }
        if let Some(tier) = input
            .service_tier
            .as_deref()
            .and_then(|t| invalid.check("service_tier", ServiceTier::parse(t)))
        {
            org.service_tier = tier;
        }
        if let Some(domains) = &input.domains {
            let mut parsed: Vec<Domain> = domains
                .iter()
                .enumerate()
                .filter_map(|(i, d)| invalid.check(&format!("domains.{i}"), Domain::parse(d)))
                .collect();
            parsed.sort();
            parsed.dedup();
            org.domains = parsed;
        }
        if let Some(shared) = input.shared_tickets {
            org.shared_tickets = shared;
        }
        if let Some(notes) = input.notes {
            org.notes = notes;
        }
        if let Some(fields) = &input.custom_fields {
            let values = self
                .parse_custom_field_changes(FieldEntity::Organization, fields, invalid)
                .await?;
            apply_field_changes(&mut org.custom_fields, values);
        }
        Ok(org)
    }

    // Groups.

    pub async fn create_group(
        &self,
        principal: &Principal,
        input: GroupInput,
    ) -> Result<Group, AppError> {
        allow(principal, Resource::Group, Operation::Create)?;
        let mut invalid = Invalid::default();
        let name = required(&mut invalid, "name", input.name.as_deref())
            .and_then(|n| invalid.check("name", Name::parse(n)));
        let description = input
            .description
            .as_deref()
            .map(|d| invalid.check("description", clean_line(d, 1000)))
            .unwrap_or_default();
        invalid.into_result()?;
        let now = self.clock.now();
        let group = Group {
            id: GroupId::generate(),
            name: name.unwrap_or_else(placeholder_name),
            description: description.unwrap_or_default(),
            created_at: now,
            updated_at: now,
        };
        Ok(self.store.create_group(group).await?)
    }

    pub async fn group(&self, principal: &Principal, id: GroupId) -> Result<Group, AppError> {
        allow(principal, Resource::Group, Operation::Read)?;
        self.store
            .get_group(id)
            .await?
            .ok_or(AppError::NotFound("group"))
    }

    pub async fn update_group(
        &self,
        principal: &Principal,
        id: GroupId,
        input: GroupInput,
    ) -> Result<Group, AppError> {
        allow(principal, Resource::Group, Operation::Update)?;
        let mut group = self
            .store
            .get_group(id)
            .await?
            .ok_or(AppError::NotFound("group"))?;
        let mut invalid = Invalid::default();
        if let Some(name) = input
            .name
            .as_deref()
            .and_then(|n| invalid.check("name", Name::parse(n)))
        {
            group.name = name;
        }
        if let Some(description) = &input.description {
            group.description = if description.trim().is_empty() {
                String::new()
            } else {
                invalid
                    .check("description", clean_line(description, 1000))
                    .unwrap_or_default()
            };
        }
        invalid.into_result()?;
        group.updated_at = self.clock.now();
        Ok(self.store.update_group(group).await?)
    }

    pub async fn list_groups(
        &self,
        principal: &Principal,
        cursor: Option<&str>,
        limit: Option<u32>,
    ) -> Result<Page<Group, GroupId>, AppError> {
        allow(principal, Resource::Group, Operation::List)?;
        let after = cursor.map(|c| parse_id("cursor", c)).transpose()?;
        Ok(self.store.list_groups(after, page_limit(limit)?).await?)
    }

    // Agents.

    pub async fn create_agent(
        &self,
        principal: &Principal,
        input: AgentInput,
    ) -> Result<Agent, AppError> {
        allow(principal, Resource::Agent, Operation::Create)?;
        let mut invalid = Invalid::default();
        let email = required(&mut invalid, "email", input.email.clone());
        let name = required(&mut invalid, "name", input.name.clone());
        let role = required(&mut invalid, "role", input.role.clone());
        let group_ids = self
            .parse_group_ids(input.group_ids.as_deref().unwrap_or_default(), &mut invalid)
            .await?;
        invalid.into_result()?;
        let mut agent = self
            .add_agent(crate::auth::NewAgent {
                email: email.unwrap_or_default(),
                name: name.unwrap_or_default(),
                role: role.unwrap_or_default(),
                password: input.password.clone(),
                languages: input.languages.clone().unwrap_or_default(),
                group_ids,
            })
            .await?;
        if let Some(skills) = &input.skills {
            agent.skills = parse_skills(skills)?;
            agent = self.store.update_agent(agent).await?;
        }
        Ok(agent)
    }

    pub async fn agent(&self, principal: &Principal, id: AgentId) -> Result<Agent, AppError> {
        allow(principal, Resource::Agent, Operation::Read)?;
        self.store
            .get_agent(id)
            .await?
            .ok_or(AppError::NotFound("agent"))
    }

    pub async fn update_agent(
        &self,
        principal: &Principal,
        id: AgentId,
        input: AgentInput,
    ) -> Result<Agent, AppError> {
        allow(principal, Resource::Agent, Operation::Update)?;
        let mut agent = self
            .store
            .get_agent(id)
            .await?
            .ok_or(AppError::NotFound("agent"))?;
        let mut invalid = Invalid::default();
        if let Some(email) = input
            .email
            .as_deref()
            .and_then(|e| invalid.check("email", ayuda_core::contact::EmailAddress::parse(e)))
        {
            agent.email = email;
        }
        if let Some(name) = input
            .name
            .as_deref()
            .and_then(|n| invalid.check("name", Name::parse(n)))
        {
            agent.name = name;
        }
        if let Some(role) = input
            .role
            .as_deref()
            .and_then(|r| invalid.check("role", Role::parse(r)))
        {
            agent.role = role;
        }
        if let Some(groups) = &input.group_ids {
            agent.group_ids = self.parse_group_ids(groups, &mut invalid).await?;
        }
        if let Some(skills) = &input.skills {
            agent.skills = parse_skills(skills)
                .map_err(|e| invalid.0.extend(e.0))
                .unwrap_or_default();
        }
        if let Some(languages) = &input.languages {
            agent.languages = languages
                .iter()
                .enumerate()
                .filter_map(|(i, l)| invalid.check(&format!("languages.{i}"), Language::parse(l)))
                .collect();
        }
        if let Some(active) = input.active {
            agent.active = active;
        }
        invalid.into_result()?;
        if let Some(password) = &input.password {
            let hash = self.hash_password(password).await?;
            self.store.set_agent_password(agent.id, hash).await?;
        }
        agent.updated_at = self.clock.now();
        let agent = self.store.update_agent(agent).await?;
        self.forget_sessions();
        Ok(agent)
    }

    pub async fn list_agents(
        &self,
        principal: &Principal,
        cursor: Option<&str>,
        limit: Option<u32>,
    ) -> Result<Page<Agent, AgentId>, AppError> {
        allow(principal, Resource::Agent, Operation::List)?;
        let after = cursor.map(|c| parse_id("cursor", c)).transpose()?;
        Ok(self.store.list_agents(after, page_limit(limit)?).await?)
    }

    async fn parse_group_ids(
        &self,
        raw: &[String],
        invalid: &mut Invalid,
    ) -> Result<Vec<GroupId>, AppError> {
        let mut ids = Vec::new();
        for (i, raw) in raw.iter().enumerate() {
            let field = format!("groups.{i}");
            if let Some(id) = invalid.check(&field, parse_id::<GroupId>("", raw)) {
                if self.store.get_group(id).await?.is_none() {
                    invalid.push(FieldError::new(field, "does not exist"));
                } else if !ids.contains(&id) {
                    ids.push(id);
                }
            }
        }
        Ok(ids)
    }

    // Custom field definitions.

    pub async fn create_field(
        &self,
        principal: &Principal,
        input: FieldInputDefinition,
    ) -> Result<FieldDefinition, AppError> {
        allow(principal, Resource::FieldDefinition, Operation::Create)?;
        let mut invalid = Invalid::default();
        let entity = required(&mut invalid, "entity", input.entity.as_deref())
            .and_then(|e| invalid.check("entity", FieldEntity::parse(e)));
        let key = required(&mut invalid, "key", input.key.as_deref())
            .and_then(|k| invalid.check("key", FieldKey::parse(k)));
        let kind = required(&mut invalid, "kind", input.kind.as_deref())
            .and_then(|k| invalid.check("kind", FieldKind::parse(k)));
        let label = required(&mut invalid, "label", input.label.as_deref());
        let options = input.options.clone().unwrap_or_default();
        let parsed = match (kind, label) {
            (Some(kind), Some(label)) => parse_label_and_options(kind, label, &options)
                .map_err(|e| invalid.0.extend(e.0))
                .ok(),
            _ => None,
        };
        invalid.into_result()?;
        let (Some(entity), Some(key), Some(kind), Some((label, options))) =
            (entity, key, kind, parsed)
        else {
            return Err(Invalid::one("field", "is incomplete").into());
        };
        let field = FieldDefinition {
            id: FieldId::generate(),
            entity,
            key,
            label,
            kind,
            options,
            required: input.required.unwrap_or(false),
            position: input.position.unwrap_or(0),
        };
        let field = self.store.create_field(field).await?;
        self.fields.clear();
        Ok(field)
    }

    pub async fn field(
        &self,
        principal: &Principal,
        id: FieldId,
    ) -> Result<FieldDefinition, AppError> {
        allow(principal, Resource::FieldDefinition, Operation::Read)?;
        self.store
            .get_field(id)
            .await?
            .ok_or(AppError::NotFound("field"))
    }

    /// Changes a field's label, options, required flag or position. Its entity, key and kind are fixed once
    /// created, because stored values depend on them.
    pub async fn update_field(
        &self,
        principal: &Principal,
        id: FieldId,
        input: FieldInputDefinition,
    ) -> Result<FieldDefinition, AppError> {
        allow(principal, Resource::FieldDefinition, Operation::Update)?;
        let mut field = self
            .store
            .get_field(id)
            .await?
            .ok_or(AppError::NotFound("field"))?;
        let mut invalid = Invalid::default();
        for (name, given) in [
            ("entity", input.entity.is_some()),
            ("key", input.key.is_some()),
            ("kind", input.kind.is_some()),
        ] {
            if given {
                invalid.push(FieldError::new(name, "cannot change once the field exists"));
            }
        }
        let label = input.label.clone().unwrap_or_else(|| field.label.clone());
        let options = input
            .options
            .clone()
            .unwrap_or_else(|| field.options.clone());
        match parse_label_and_options(field.kind, &label, &options) {
            Ok((label, options)) => {
                field.label = label;
                field.options = options;
            }
            Err(errors) => invalid.0.extend(errors.0),
        }
        invalid.into_result()?;
        field.required = input.required.unwrap_or(field.required);
        field.position = input.position.unwrap_or(field.position);
        let field = self.store.update_field(field).await?;
        self.fields.clear();
        Ok(field)
    }

    pub async fn list_fields(
        &self,
        principal: &Principal,
        entity: Option<&str>,
    ) -> Result<Vec<FieldDefinition>, AppError> {
        allow(principal, Resource::FieldDefinition, Operation::List)?;
        let entity = entity
            .map(FieldEntity::parse)
            .transpose()
            .map_err(|e| e.within("entity"))?;
        // Every ticket page shows the ticket's fields: the short-lived cache the checks use serves it too.
        Ok(self.field_definitions(entity).await?)
    }
}

/// Sets the given custom fields and clears those given as null; fields not named keep their value.
fn apply_field_changes(
    fields: &mut BTreeMap<String, ayuda_core::field::FieldValue>,
    changes: BTreeMap<String, Option<ayuda_core::field::FieldValue>>,
) {
    for (key, value) in changes {
        match value {
            Some(value) => fields.insert(key, value),
            None => fields.remove(&key),
        };
    }
}

fn parse_skills(raw: &[String]) -> Result<Vec<String>, Invalid> {
    let mut invalid = Invalid::default();
    let mut skills: Vec<String> = raw
        .iter()
        .enumerate()
        .filter_map(|(i, s)| {
            invalid.check(
                &format!("skills.{i}"),
                clean_line(s, 64).map(|s| s.to_lowercase()),
            )
        })
        .collect();
    invalid.into_result()?;
    skills.sort();
    skills.dedup();
    Ok(skills)
}

/// Stands in for a name that failed validation; never stored, because the error is returned first.
fn placeholder_name() -> Name {
    Name::parse("-").unwrap_or_else(|_| unreachable!("a dash is a valid name"))
}
