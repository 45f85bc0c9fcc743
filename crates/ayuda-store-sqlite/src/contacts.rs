//! Contacts with their identities, and organizations with their domains.

use ayuda_core::contact::{
    Contact, Domain, Identity, IdentityKind, Organization, OrganizationKind, ServiceTier,
    TimeZoneName,
};
use ayuda_core::id::{ContactId, OrganizationId};
use ayuda_core::text::{Language, Name};
use ayuda_store::codec;
use ayuda_store::{ContactQuery, MAX_PAGE, Page, StoreError};
use rusqlite::{Connection, OptionalExtension, Row, params};
use uuid::Uuid;

use ayuda_store::search::{contact_entry, organization_entry};

use crate::error::{Error, is_foreign_key_violation, is_unique_violation};
use crate::rows::{after_key, key, micros, parse, timestamp};
use crate::search;

const CONTACT_COLUMNS: &str =
    "id, name, language, time_zone, organization_id, notes, custom_fields, created_at, updated_at";

struct ContactRow {
    id: [u8; 16],
    name: String,
    language: Option<String>,
    time_zone: Option<String>,
    organization_id: Option<[u8; 16]>,
    notes: String,
    custom_fields: String,
    created_at: i64,
    updated_at: i64,
}

impl ContactRow {
    fn read(row: &Row<'_>) -> rusqlite::Result<ContactRow> {
        Ok(ContactRow {
            id: row.get(0)?,
            name: row.get(1)?,
            language: row.get(2)?,
            time_zone: row.get(3)?,
            organization_id: row.get(4)?,
            notes: row.get(5)?,
            custom_fields: row.get(6)?,
            created_at: row.get(7)?,
            updated_at: row.get(8)?,
        })
    }

    /// Completes the row with its identities, read in their stored order.
    fn into_contact(self, db: &Connection) -> Result<Contact, Error> {
        let mut statement = db.prepare_cached(
            "SELECT kind, value FROM contact_identity WHERE contact_id = ?1 ORDER BY position",
        )?;
        let identities = statement
            .query_map([self.id], |row| {
                Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
            })?
            .map(|pair| {
                let (kind, value) = pair?;
                Ok(Identity {
                    kind: parse("contact_identity.kind", IdentityKind::parse(&kind))?,
                    value,
                })
            })
            .collect::<Result<Vec<_>, Error>>()?;
        Ok(Contact {
            id: ContactId(Uuid::from_bytes(self.id)),
            name: parse("name", Name::parse(&self.name))?,
            identities,
            language: self
                .language
                .map(|l| parse("language", Language::parse(&l)))
                .transpose()?,
            time_zone: self
                .time_zone
                .map(|z| parse("time_zone", TimeZoneName::parse(&z)))
                .transpose()?,
            organization_id: self
                .organization_id
                .map(|o| OrganizationId(Uuid::from_bytes(o))),
            notes: self.notes,
            custom_fields: codec::decode_fields(&self.custom_fields)?,
            created_at: timestamp("created_at", self.created_at)?,
            updated_at: timestamp("updated_at", self.updated_at)?,
        })
    }
}

/// Inserts `contact` and its identities. A contact without an organization whose first email address is
/// at a domain an organization owns joins that organization (`contact.organization_id` is set).
pub(crate) fn insert_contact(db: &Connection, contact: &mut Contact) -> Result<(), Error> {
    if contact.organization_id.is_none()
        && let Some(email) = contact.primary_email()
    {
        let domain = email.rsplit_once('@').map_or("", |(_, domain)| domain);
        contact.organization_id = organization_by_domain(db, domain)?;
    }
    let mut statement = db.prepare_cached(
        "INSERT INTO contact (id, name, language, time_zone, organization_id, notes, custom_fields, created_at, \
         updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    statement
        .execute(params![
            key(contact.id.0),
            contact.name.as_str(),
            contact.language.as_ref().map(Language::as_str),
            contact.time_zone.as_ref().map(TimeZoneName::as_str),
            contact.organization_id.map(|o| key(o.0)),
            contact.notes,
            codec::encode_fields(&contact.custom_fields),
            micros(contact.created_at),
            micros(contact.updated_at),
        ])
        .map_err(Error::from)
        .map_err(|e| missing_organization(e, "organization"))?;
    insert_identities(db, contact)?;
    search::index(db, &contact_entry(contact))
}

/// Names the missing organization when a contact write broke its foreign key (the only one it has).
fn missing_organization(error: Error, what: &str) -> Error {
    if is_foreign_key_violation(&error) {
        StoreError::MissingReference(what.to_owned()).into()
    } else {
        error
    }
}

fn insert_identities(db: &Connection, contact: &Contact) -> Result<(), Error> {
    let mut statement = db.prepare_cached(
        "INSERT INTO contact_identity (kind, value, contact_id, position) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (position, identity) in contact.identities.iter().enumerate() {
        let inserted = statement.execute(params![
            identity.kind.as_str(),
            identity.value,
            key(contact.id.0),
            position as i64
        ]);
        match inserted.map_err(Error::from) {
            Ok(_) => {}
            Err(error) if is_unique_violation(&error) => {
                return Err(StoreError::Duplicate(identity.kind.as_str().to_owned()).into());
            }
            Err(error) => return Err(error),
        }
    }
    Ok(())
}

fn organization_by_domain(db: &Connection, domain: &str) -> Result<Option<OrganizationId>, Error> {
    let mut statement =
        db.prepare_cached("SELECT organization_id FROM organization_domain WHERE domain = ?1")?;
    let id: Option<[u8; 16]> = statement.query_row([domain], |row| row.get(0)).optional()?;
    Ok(id.map(|id| OrganizationId(Uuid::from_bytes(id))))
}

/// The contact that owns `identity`, if any.
pub(crate) fn contact_id_by_identity(
    db: &Connection,
    identity: &Identity,
) -> Result<Option<ContactId>, Error> {
    let mut statement = db
        .prepare_cached("SELECT contact_id FROM contact_identity WHERE kind = ?1 AND value = ?2")?;
    let id: Option<[u8; 16]> = statement
        .query_row(params![identity.kind.as_str(), identity.value], |row| {
            row.get(0)
        })
        .optional()?;
    Ok(id.map(|id| ContactId(Uuid::from_bytes(id))))
}

/// The organization of contact `id`: `None` if there is no such contact, `Some(None)` if it has none.
pub(crate) fn contact_organization(
    db: &Connection,
    id: ContactId,
) -> Result<Option<Option<OrganizationId>>, Error> {
    let mut statement = db.prepare_cached("SELECT organization_id FROM contact WHERE id = ?1")?;
    let found: Option<Option<[u8; 16]>> = statement
        .query_row([key(id.0)], |row| row.get(0))
        .optional()?;
    Ok(found.map(|org| org.map(|o| OrganizationId(Uuid::from_bytes(o)))))
}

pub(crate) fn create_contact(db: &Connection, mut contact: Contact) -> Result<Contact, Error> {
    insert_contact(db, &mut contact)?;
    Ok(contact)
}

pub(crate) fn get_contact(db: &Connection, id: ContactId) -> Result<Option<Contact>, Error> {
    let mut statement = db.prepare_cached(&format!(
        "SELECT {CONTACT_COLUMNS} FROM contact WHERE id = ?1"
    ))?;
    let row = statement
        .query_row([key(id.0)], ContactRow::read)
        .optional()?;
    row.map(|row| row.into_contact(db)).transpose()
}

pub(crate) fn find_contact(db: &Connection, identity: &Identity) -> Result<Option<Contact>, Error> {
    match contact_id_by_identity(db, identity)? {
        Some(id) => get_contact(db, id),
        None => Ok(None),
    }
}

pub(crate) fn update_contact(db: &Connection, contact: Contact) -> Result<Contact, Error> {
    let mut statement = db.prepare_cached(
        "UPDATE contact SET name = ?2, language = ?3, time_zone = ?4, organization_id = ?5, notes = ?6, \
         custom_fields = ?7, updated_at = ?8 WHERE id = ?1",
    )?;
    let changed = statement
        .execute(params![
            key(contact.id.0),
            contact.name.as_str(),
            contact.language.as_ref().map(Language::as_str),
            contact.time_zone.as_ref().map(TimeZoneName::as_str),
            contact.organization_id.map(|o| key(o.0)),
            contact.notes,
            codec::encode_fields(&contact.custom_fields),
            micros(contact.updated_at),
        ])
        .map_err(Error::from)
        .map_err(|e| missing_organization(e, "organization"))?;
    if changed == 0 {
        return Err(StoreError::NotFound.into());
    }
    db.prepare_cached("DELETE FROM contact_identity WHERE contact_id = ?1")?
        .execute([key(contact.id.0)])?;
    insert_identities(db, &contact)?;
    search::index(db, &contact_entry(&contact))?;
    Ok(contact)
}

pub(crate) fn list_contacts(
    db: &Connection,
    query: &ContactQuery,
) -> Result<Page<Contact, ContactId>, Error> {
    let limit = query.limit.min(MAX_PAGE);
    let after = after_key(query.after.map(|a| a.0));
    let rows = match query.organization_id {
        Some(organization) => {
            let sql = format!(
                "SELECT {CONTACT_COLUMNS} FROM contact WHERE organization_id = ?1 AND id > ?2 ORDER BY id LIMIT ?3"
            );
            let mut statement = db.prepare_cached(&sql)?;
            let rows = statement.query_map(
                params![key(organization.0), after, limit + 1],
                ContactRow::read,
            )?;
            rows.collect::<rusqlite::Result<Vec<_>>>()?
        }
        None => {
            let sql =
                format!("SELECT {CONTACT_COLUMNS} FROM contact WHERE id > ?1 ORDER BY id LIMIT ?2");
            let mut statement = db.prepare_cached(&sql)?;
            let rows = statement.query_map(params![after, limit + 1], ContactRow::read)?;
            rows.collect::<rusqlite::Result<Vec<_>>>()?
        }
    };
    let contacts = rows
        .into_iter()
        .map(|row| row.into_contact(db))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Page::from_overfetch(contacts, limit, |c| c.id))
}

const ORGANIZATION_COLUMNS: &str =
    "id, name, kind, service_tier, shared_tickets, notes, custom_fields, created_at, updated_at";

struct OrganizationRow {
    id: [u8; 16],
    name: String,
    kind: String,
    service_tier: String,
    shared_tickets: bool,
    notes: String,
    custom_fields: String,
    created_at: i64,
    updated_at: i64,
}

impl OrganizationRow {
    fn read(row: &Row<'_>) -> rusqlite::Result<OrganizationRow> {
        Ok(OrganizationRow {
            id: row.get(0)?,
            name: row.get(1)?,
            kind: row.get(2)?,
            service_tier: row.get(3)?,
            shared_tickets: row.get(4)?,
            notes: row.get(5)?,
            custom_fields: row.get(6)?,
            created_at: row.get(7)?,
            updated_at: row.get(8)?,
        })
    }

    /// Completes the row with its domains, in alphabetical order.
    fn into_organization(self, db: &Connection) -> Result<Organization, Error> {
        let mut statement = db.prepare_cached(
            "SELECT domain FROM organization_domain WHERE organization_id = ?1 ORDER BY domain",
        )?;
        let domains = statement
            .query_map([self.id], |row| row.get::<_, String>(0))?
            .map(|domain| {
                Ok(parse(
                    "organization_domain.domain",
                    Domain::parse(&domain?),
                )?)
            })
            .collect::<Result<Vec<_>, Error>>()?;
        Ok(Organization {
            id: OrganizationId(Uuid::from_bytes(self.id)),
            name: parse("name", Name::parse(&self.name))?,
            kind: parse("kind", OrganizationKind::parse(&self.kind))?,
            service_tier: parse("service_tier", ServiceTier::parse(&self.service_tier))?,
            domains,
            shared_tickets: self.shared_tickets,
            notes: self.notes,
            custom_fields: codec::decode_fields(&self.custom_fields)?,
            created_at: timestamp("created_at", self.created_at)?,
            updated_at: timestamp("updated_at", self.updated_at)?,
        })
    }
}

/// Domains as stored: sorted, each once (listing one twice is not a clash with another organization).
fn normalize_domains(organization: &mut Organization) {
    organization.domains.sort();
    organization.domains.dedup();
}

fn insert_domains(db: &Connection, organization: &Organization) -> Result<(), Error> {
    let mut statement = db.prepare_cached(
        "INSERT INTO organization_domain (domain, organization_id) VALUES (?1, ?2)",
    )?;
    for domain in &organization.domains {
        match statement
            .execute(params![domain.as_str(), key(organization.id.0)])
            .map_err(Error::from)
        {
            Ok(_) => {}
            Err(error) if is_unique_violation(&error) => {
                return Err(StoreError::Duplicate("domain".into()).into());
            }
            Err(error) => return Err(error),
        }
    }
    Ok(())
}

pub(crate) fn create_organization(
    db: &Connection,
    mut organization: Organization,
) -> Result<Organization, Error> {
    normalize_domains(&mut organization);
    let mut statement = db.prepare_cached(
        "INSERT INTO organization (id, name, kind, service_tier, shared_tickets, notes, custom_fields, created_at, \
         updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    statement.execute(params![
        key(organization.id.0),
        organization.name.as_str(),
        organization.kind.as_str(),
        organization.service_tier.as_str(),
        organization.shared_tickets,
        organization.notes,
        codec::encode_fields(&organization.custom_fields),
        micros(organization.created_at),
        micros(organization.updated_at),
    ])?;
    insert_domains(db, &organization)?;
    search::index(db, &organization_entry(&organization))?;
    Ok(organization)
}

pub(crate) fn get_organization(
    db: &Connection,
    id: OrganizationId,
) -> Result<Option<Organization>, Error> {
    let sql = format!("SELECT {ORGANIZATION_COLUMNS} FROM organization WHERE id = ?1");
    let row = db
        .prepare_cached(&sql)?
        .query_row([key(id.0)], OrganizationRow::read)
        .optional()?;
    row.map(|row| row.into_organization(db)).transpose()
}

pub(crate) fn update_organization(
    db: &Connection,
    mut organization: Organization,
) -> Result<Organization, Error> {
    normalize_domains(&mut organization);
    let mut statement = db.prepare_cached(
        "UPDATE organization SET name = ?2, kind = ?3, service_tier = ?4, shared_tickets = ?5, notes = ?6, \
         custom_fields = ?7, updated_at = ?8 WHERE id = ?1",
    )?;
    let changed = statement.execute(params![
        key(organization.id.0),
        organization.name.as_str(),
        organization.kind.as_str(),
        organization.service_tier.as_str(),
        organization.shared_tickets,
        organization.notes,
        codec::encode_fields(&organization.custom_fields),
        micros(organization.updated_at),
    ])?;
    if changed == 0 {
        return Err(StoreError::NotFound.into());
    }
    db.prepare_cached("DELETE FROM organization_domain WHERE organization_id = ?1")?
        .execute([key(organization.id.0)])?;
    insert_domains(db, &organization)?;
    search::index(db, &organization_entry(&organization))?;
    Ok(organization)
}

pub(crate) fn list_organizations(
    db: &Connection,
    after: Option<OrganizationId>,
    limit: u32,
) -> Result<Page<Organization, OrganizationId>, Error> {
    let limit = limit.min(MAX_PAGE);
    let after = after_key(after.map(|a| a.0));
    let sql = format!(
        "SELECT {ORGANIZATION_COLUMNS} FROM organization WHERE id > ?1 ORDER BY id LIMIT ?2"
    );
    let mut statement = db.prepare_cached(&sql)?;
    let rows = statement.query_map(params![after, limit + 1], OrganizationRow::read)?;
    let rows = rows.collect::<rusqlite::Result<Vec<_>>>()?;
    let organizations = rows
        .into_iter()
        .map(|row| row.into_organization(db))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Page::from_overfetch(organizations, limit, |o| o.id))
}
