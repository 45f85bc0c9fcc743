//! Contacts with their identities, and organizations with their domains; including the find-or-create of a
//! ticket's new requester, which must agree with concurrent creators on one contact per identity.

use std::collections::HashMap;

use ayuda_core::contact::{Contact, Domain, Identity, IdentityKind, Organization};
use ayuda_core::id::{ContactId, OrganizationId};
use ayuda_store::codec;
use ayuda_store::{ContactQuery, MAX_PAGE, Page, StoreError};
use sqlx::{Connection, PgConnection, PgExecutor, PgPool, Postgres, QueryBuilder};
use uuid::Uuid;

use ayuda_store::search::{contact_entry, organization_entry};

use crate::conversation::position;
use crate::errors::Result;
use crate::rows::{
    ContactRow, DomainRow, IdentityRow, OrganizationRow, contact_columns, organization_columns,
    sql_ts,
};
use crate::search;

/// The requester of a ticket once resolved to a stored contact.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ResolvedContact {
    pub(crate) id: ContactId,
    pub(crate) organization_id: Option<OrganizationId>,
}

/// The outcome of inserting a contact.
enum Inserted {
    /// Stored, in this organization (its own, or the one owning its email domain).
    Stored(Option<OrganizationId>),
    /// One of its identities belongs to another contact (possibly one committed a moment ago).
    Taken(IdentityKind),
}

/// How often a new requester is looked up again after losing a race for one of its identities. One retry
/// suffices in practice: a lost race means the winner has committed, so the next lookup finds it.
const RESOLVE_ATTEMPTS: usize = 3;

/// The stored contact owning one of `contact`'s identities (the first in its order that has one), or
/// `contact` itself, inserted now. The flag says whether it was inserted.
///
/// Two transactions creating tickets for the same new address both miss on lookup and both insert; the
/// identity insert of the second waits for the first and then does nothing, so the second rolls back to its
/// savepoint and finds the first's contact instead of failing.
pub(crate) async fn find_or_create(
    conn: &mut PgConnection,
    contact: &Contact,
) -> Result<(ResolvedContact, bool)> {
    let mut taken = IdentityKind::Email;
    for attempt in 1..=RESOLVE_ATTEMPTS {
        if let Some(found) = find_by_identities(&mut *conn, &contact.identities).await? {
            return Ok((found, false));
        }
        let mut savepoint = conn.begin().await?;
        match insert_contact(&mut savepoint, contact).await? {
            Inserted::Stored(organization_id) => {
                savepoint.commit().await?;
                return Ok((
                    ResolvedContact {
                        id: contact.id,
                        organization_id,
                    },
                    true,
                ));
            }
            Inserted::Taken(kind) => {
                savepoint.rollback().await?;
                tracing::debug!(
                    attempt,
                    kind = kind.as_str(),
                    "new requester's identity was taken meanwhile; looking up again"
                );
                taken = kind;
            }
        }
    }
    // Only reachable when the contact lists one identity twice: it then clashes with itself.
    Err(StoreError::Duplicate(taken.as_str().to_owned()).into())
}

async fn find_by_identities(
    conn: &mut PgConnection,
    identities: &[Identity],
) -> Result<Option<ResolvedContact>> {
    if identities.is_empty() {
        return Ok(None);
    }
    let kinds: Vec<&str> = identities
        .iter()
        .map(|identity| identity.kind.as_str())
        .collect();
    let values: Vec<&str> = identities
        .iter()
        .map(|identity| identity.value.as_str())
        .collect();
    let found: Option<(Uuid, Option<Uuid>)> = sqlx::query_as(
        "select c.id, c.organization_id \
         from unnest($1::text[], $2::text[]) with ordinality as wanted (kind, value, n) \
         join contact_identity ci on ci.kind = wanted.kind and ci.value = wanted.value \
         join contact c on c.id = ci.contact_id \
         order by wanted.n limit 1",
    )
    .bind(kinds)
    .bind(values)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(found.map(|(id, organization)| ResolvedContact {
        id: id.into(),
        organization_id: organization.map(Into::into),
    }))
}

/// Inserts `contact` with its identities. Without an organization, it joins the one owning the domain of its
/// first email address, if any.
async fn insert_contact(conn: &mut PgConnection, contact: &Contact) -> Result<Inserted> {
    let organization_id = match contact.organization_id {
        Some(organization) => Some(organization),
        None => organization_by_domain(&mut *conn, contact).await?,
    };
    sqlx::query(
        "insert into contact (id, name, language, time_zone, organization_id, notes, custom_fields, created_at, \
         updated_at) values ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9)",
    )
    .bind(contact.id.0)
    .bind(contact.name.as_str())
    .bind(contact.language.as_ref().map(|language| language.as_str()))
    .bind(contact.time_zone.as_ref().map(|zone| zone.as_str()))
    .bind(organization_id.map(|id| id.0))
    .bind(&contact.notes)
    .bind(codec::encode_fields(&contact.custom_fields))
    .bind(sql_ts(contact.created_at))
    .bind(sql_ts(contact.updated_at))
    .execute(&mut *conn)
    .await?;
    if let Some(kind) = insert_identities(conn, contact).await? {
        return Ok(Inserted::Taken(kind));
    }
    // The entry without its typo neighbours: a new requester is inserted before the ticket counter is
    // taken, and vocabulary comes last in a transaction (see search::add_vocabulary).
    search::index(conn, &[contact_entry(contact)]).await?;
    Ok(Inserted::Stored(organization_id))
}

/// Inserts the contact's identities in order; stops at the first one another contact holds and names its kind.
async fn insert_identities(
    conn: &mut PgConnection,
    contact: &Contact,
) -> Result<Option<IdentityKind>> {
    for (index, identity) in contact.identities.iter().enumerate() {
        // `on conflict do nothing` instead of catching the unique violation: it tells which identity clashed
        // (hence the kind for StoreError::Duplicate), and it waits for a concurrent inserter to finish first.
        let inserted = sqlx::query(
            "insert into contact_identity (kind, value, contact_id, position) values ($1, $2, $3, $4) \
             on conflict (kind, value) do nothing",
        )
        .bind(identity.kind.as_str())
        .bind(&identity.value)
        .bind(contact.id.0)
        .bind(position(index))
        .execute(&mut *conn)
        .await?;
        if inserted.rows_affected() == 0 {
            return Ok(Some(identity.kind));
        }
    }
    Ok(None)
}

async fn organization_by_domain(
    conn: &mut PgConnection,
    contact: &Contact,
) -> Result<Option<OrganizationId>> {
    let Some((_, domain)) = contact
        .primary_email()
        .and_then(|email| email.rsplit_once('@'))
    else {
        return Ok(None);
    };
    let organization: Option<Uuid> =
        sqlx::query_scalar("select organization_id from organization_domain where domain = $1")
            .bind(domain)
            .fetch_optional(&mut *conn)
            .await?;
    Ok(organization.map(Into::into))
}

pub(crate) async fn create_contact(pool: &PgPool, contact: Contact) -> Result<Contact> {
    let mut tx = pool.begin().await?;
    match insert_contact(&mut tx, &contact).await? {
        Inserted::Stored(organization_id) => {
            search::add_vocabulary(&mut tx, &[contact_entry(&contact)]).await?;
            tx.commit().await?;
            Ok(Contact {
                organization_id,
                ..contact
            })
        }
        Inserted::Taken(kind) => Err(StoreError::Duplicate(kind.as_str().to_owned()).into()),
    }
}

pub(crate) async fn update_contact(pool: &PgPool, contact: Contact) -> Result<Contact> {
    let mut tx = pool.begin().await?;
    let updated = sqlx::query(
        "update contact set name = $2, language = $3, time_zone = $4, organization_id = $5, notes = $6, \
         custom_fields = $7::jsonb, updated_at = $8 where id = $1",
    )
    .bind(contact.id.0)
    .bind(contact.name.as_str())
    .bind(contact.language.as_ref().map(|language| language.as_str()))
    .bind(contact.time_zone.as_ref().map(|zone| zone.as_str()))
    .bind(contact.organization_id.map(|id| id.0))
    .bind(&contact.notes)
    .bind(codec::encode_fields(&contact.custom_fields))
    .bind(sql_ts(contact.updated_at))
    .execute(&mut *tx)
    .await?;
    if updated.rows_affected() == 0 {
        return Err(StoreError::NotFound.into());
    }
    sqlx::query("delete from contact_identity where contact_id = $1")
        .bind(contact.id.0)
        .execute(&mut *tx)
        .await?;
    if let Some(kind) = insert_identities(&mut tx, &contact).await? {
        return Err(StoreError::Duplicate(kind.as_str().to_owned()).into());
    }
    let entries = [contact_entry(&contact)];
    search::index(&mut tx, &entries).await?;
    search::add_vocabulary(&mut tx, &entries).await?;
    tx.commit().await?;
    Ok(contact)
}

pub(crate) async fn get_contact(pool: &PgPool, id: ContactId) -> Result<Option<Contact>> {
    let row: Option<ContactRow> = sqlx::query_as(concat!(
        "select ",
        contact_columns!(),
        " from contact where id = $1"
    ))
    .bind(id.0)
    .fetch_optional(pool)
    .await?;
    with_identities(pool, row).await
}

pub(crate) async fn find_contact(pool: &PgPool, identity: &Identity) -> Result<Option<Contact>> {
    let row: Option<ContactRow> = sqlx::query_as(concat!(
        "select ",
        contact_columns!(),
        " from contact where id = (select contact_id from contact_identity where kind = $1 and value = $2)"
    ))
    .bind(identity.kind.as_str())
    .bind(&identity.value)
    .fetch_optional(pool)
    .await?;
    with_identities(pool, row).await
}

async fn with_identities(pool: &PgPool, row: Option<ContactRow>) -> Result<Option<Contact>> {
    let Some(row) = row else {
        return Ok(None);
    };
    let mut identities = identities_of(pool, &[row.id]).await?;
    let identities = identities.remove(&row.id).unwrap_or_default();
    Ok(Some(row.into_contact(identities)?))
}

pub(crate) async fn list_contacts(
    pool: &PgPool,
    query: &ContactQuery,
) -> Result<Page<Contact, ContactId>> {
    let limit = query.limit.min(MAX_PAGE);
    let mut select = QueryBuilder::<Postgres>::new(concat!(
        "select ",
        contact_columns!(),
        " from contact where true"
    ));
    if let Some(organization) = query.organization_id {
        select
            .push(" and organization_id = ")
            .push_bind(organization.0);
    }
    if let Some(after) = query.after {
        select.push(" and id > ").push_bind(after.0);
    }
    select
        .push(" order by id limit ")
        .push_bind(i64::from(limit) + 1);
    let rows: Vec<ContactRow> = select.build_query_as().fetch_all(pool).await?;
    let ids: Vec<Uuid> = rows.iter().map(|row| row.id).collect();
    let mut identities = identities_of(pool, &ids).await?;
    let contacts = rows
        .into_iter()
        .map(|row| {
            let own = identities.remove(&row.id).unwrap_or_default();
            row.into_contact(own)
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Page::from_overfetch(contacts, limit, |contact| contact.id))
}

/// The identities of these contacts, each contact's in its order.
async fn identities_of<'e>(
    executor: impl PgExecutor<'e>,
    contact_ids: &[Uuid],
) -> Result<HashMap<Uuid, Vec<Identity>>> {
    let rows: Vec<IdentityRow> = sqlx::query_as(
        "select contact_id, kind, value from contact_identity where contact_id = any($1) order by contact_id, position",
    )
    .bind(contact_ids)
    .fetch_all(executor)
    .await?;
    let mut by_contact: HashMap<Uuid, Vec<Identity>> = HashMap::new();
    for row in rows {
        by_contact
            .entry(row.contact_id)
            .or_default()
            .push(Identity::try_from(row)?);
    }
    Ok(by_contact)
}

/// Domains sorted and without repeats: the order they are read back in.
fn normalized_domains(domains: &[Domain]) -> Vec<Domain> {
    let mut domains = domains.to_vec();
    domains.sort();
    domains.dedup();
    domains
}

async fn insert_domains(conn: &mut PgConnection, organization: &Organization) -> Result<()> {
    if organization.domains.is_empty() {
        return Ok(());
    }
    let domains: Vec<&str> = organization.domains.iter().map(Domain::as_str).collect();
    sqlx::query(
        "insert into organization_domain (domain, organization_id) \
         select distinct domain, $2::uuid from unnest($1::text[]) as domain",
    )
    .bind(domains)
    .bind(organization.id.0)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub(crate) async fn create_organization(
    pool: &PgPool,
    organization: Organization,
) -> Result<Organization> {
    let mut tx = pool.begin().await?;
    sqlx::query(
        "insert into organization (id, name, kind, service_tier, shared_tickets, notes, custom_fields, created_at, \
         updated_at) values ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9)",
    )
    .bind(organization.id.0)
    .bind(organization.name.as_str())
    .bind(organization.kind.as_str())
    .bind(organization.service_tier.as_str())
    .bind(organization.shared_tickets)
    .bind(&organization.notes)
    .bind(codec::encode_fields(&organization.custom_fields))
    .bind(sql_ts(organization.created_at))
    .bind(sql_ts(organization.updated_at))
    .execute(&mut *tx)
    .await?;
    insert_domains(&mut tx, &organization).await?;
    let entries = [organization_entry(&organization)];
    search::index(&mut tx, &entries).await?;
    search::add_vocabulary(&mut tx, &entries).await?;
    tx.commit().await?;
    Ok(Organization {
        domains: normalized_domains(&organization.domains),
        ..organization
    })
}

pub(crate) async fn update_organization(
    pool: &PgPool,
    organization: Organization,
) -> Result<Organization> {
    let mut tx = pool.begin().await?;
    let updated = sqlx::query(
        "update organization set name = $2, kind = $3, service_tier = $4, shared_tickets = $5, notes = $6, \
         custom_fields = $7::jsonb, updated_at = $8 where id = $1",
    )
    .bind(organization.id.0)
    .bind(organization.name.as_str())
    .bind(organization.kind.as_str())
    .bind(organization.service_tier.as_str())
    .bind(organization.shared_tickets)
    .bind(&organization.notes)
    .bind(codec::encode_fields(&organization.custom_fields))
    .bind(sql_ts(organization.updated_at))
    .execute(&mut *tx)
    .await?;
    if updated.rows_affected() == 0 {
        return Err(StoreError::NotFound.into());
    }
    sqlx::query("delete from organization_domain where organization_id = $1")
        .bind(organization.id.0)
        .execute(&mut *tx)
        .await?;
    insert_domains(&mut tx, &organization).await?;
    let entries = [organization_entry(&organization)];
    search::index(&mut tx, &entries).await?;
    search::add_vocabulary(&mut tx, &entries).await?;
    tx.commit().await?;
    Ok(Organization {
        domains: normalized_domains(&organization.domains),
        ..organization
    })
}

pub(crate) async fn get_organization(
    pool: &PgPool,
    id: OrganizationId,
) -> Result<Option<Organization>> {
    let row: Option<OrganizationRow> = sqlx::query_as(concat!(
        "select ",
        organization_columns!(),
        " from organization where id = $1"
    ))
    .bind(id.0)
    .fetch_optional(pool)
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let mut domains = domains_of(pool, &[row.id]).await?;
    let own = domains.remove(&row.id).unwrap_or_default();
    Ok(Some(row.into_organization(own)?))
}

pub(crate) async fn list_organizations(
    pool: &PgPool,
    after: Option<OrganizationId>,
    limit: u32,
) -> Result<Page<Organization, OrganizationId>> {
    let limit = limit.min(MAX_PAGE);
    let mut select = QueryBuilder::<Postgres>::new(concat!(
        "select ",
        organization_columns!(),
        " from organization"
    ));
    if let Some(after) = after {
        select.push(" where id > ").push_bind(after.0);
    }
    select
        .push(" order by id limit ")
        .push_bind(i64::from(limit) + 1);
    let rows: Vec<OrganizationRow> = select.build_query_as().fetch_all(pool).await?;
    let ids: Vec<Uuid> = rows.iter().map(|row| row.id).collect();
    let mut domains = domains_of(pool, &ids).await?;
    let organizations = rows
        .into_iter()
        .map(|row| {
            let own = domains.remove(&row.id).unwrap_or_default();
            row.into_organization(own)
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Page::from_overfetch(organizations, limit, |organization| {
        organization.id
    }))
}

/// The domains of these organizations, each organization's sorted bytewise (like `Domain`'s `Ord`, whatever the
/// database's collation).
async fn domains_of(
    pool: &PgPool,
    organization_ids: &[Uuid],
) -> Result<HashMap<Uuid, Vec<Domain>>> {
    let rows: Vec<DomainRow> = sqlx::query_as(
        "select organization_id, domain from organization_domain where organization_id = any($1) \
         order by organization_id, domain collate \"C\"",
    )
    .bind(organization_ids)
    .fetch_all(pool)
    .await?;
    let mut by_organization: HashMap<Uuid, Vec<Domain>> = HashMap::new();
    for row in rows {
        by_organization
            .entry(row.organization_id)
            .or_default()
            .push(Domain::try_from(row)?);
    }
    Ok(by_organization)
}
