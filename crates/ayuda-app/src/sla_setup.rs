//! The SLA set-up as administrators keep it: business calendars (time zone, weekly hours, holidays) and
//! SLA policies (conditions, targets, calendar, warning). Every agent may read it, to understand the
//! deadlines they see; only administrators change it.

use ayuda_core::Invalid;
use ayuda_core::agent::Role;
use ayuda_core::calendar::{
    BusinessCalendar, BusinessHours, Holiday, WeekHours, parse_time_zone, weekday_name,
};
use ayuda_core::contact::ServiceTier;
use ayuda_core::error::FieldError;
use ayuda_core::id::{CalendarId, GroupId, SlaPolicyId};
use ayuda_core::permission::Principal;
use ayuda_core::sla::{SlaConditions, SlaPolicy, SlaTargets};
use ayuda_core::text::Name;
use ayuda_core::ticket::{Channel, Priority, TicketType};
use jiff::SignedDuration;

use crate::{App, AppError};

/// A calendar as an administrator enters it.
#[derive(Debug, Clone, Default)]
pub struct CalendarInput {
    pub name: String,
    /// An IANA name such as `Europe/Madrid`.
    pub time_zone: String,
    /// Seven days, Monday first, each like `09:00-13:00, 14:00-18:00` (empty: closed).
    pub hours: Vec<String>,
    /// `2026-12-24` (that date) or `12-25` (every year).
    pub holidays: Vec<String>,
}

/// A policy as an administrator enters it. Empty condition lists allow any value.
#[derive(Debug, Clone, Default)]
pub struct PolicyInput {
    pub name: String,
    pub position: i32,
    pub priorities: Vec<String>,
    pub service_tiers: Vec<String>,
    pub channels: Vec<String>,
    pub types: Vec<String>,
    pub groups: Vec<String>,
    pub first_response_minutes: Option<i64>,
    pub next_response_minutes: Option<i64>,
    pub resolution_minutes: Option<i64>,
    /// None counts every hour of every day.
    pub calendar_id: Option<String>,
    pub warn_before_minutes: i64,
    pub active: bool,
}

/// The longest target or warning, in minutes: a leap year.
const MAX_MINUTES: i64 = 366 * 24 * 60;

fn agent(principal: &Principal) -> Result<(), AppError> {
    match principal {
        Principal::Agent { .. } => Ok(()),
        Principal::Customer { .. } => Err(AppError::Forbidden("the SLA set-up is for agents")),
    }
}

fn admin(principal: &Principal) -> Result<(), AppError> {
    match principal {
        Principal::Agent {
            role: Role::Admin, ..
        } => Ok(()),
        _ => Err(AppError::Forbidden(
            "only administrators change calendars and SLA policies",
        )),
    }
}

fn parse_calendar(input: &CalendarInput) -> Result<(Name, BusinessHours), Invalid> {
    let mut invalid = Invalid::default();
    let name = invalid.check("name", Name::parse(&input.name));
    invalid.check("time_zone", parse_time_zone(&input.time_zone));
    if input.hours.len() != 7 {
        invalid.push(FieldError::new(
            "hours",
            "must list seven days, Monday first",
        ));
    }
    let mut days: [Vec<_>; 7] = Default::default();
    for (index, day) in input.hours.iter().take(7).enumerate() {
        let field = format!("hours.{}", weekday_name(index));
        if let Some(intervals) = invalid.check(&field, WeekHours::parse_day(day)) {
            days[index] = intervals;
        }
    }
    let week = WeekHours::new(days).map_err(|e| {
        for error in e.0 {
            invalid.push(error.within("hours"));
        }
    });
    let holidays: Vec<Holiday> = input
        .holidays
        .iter()
        .enumerate()
        .filter_map(|(i, h)| invalid.check(&format!("holidays.{i}"), Holiday::parse(h)))
        .collect();
    invalid.clone().into_result()?;
    let (Some(name), Ok(week)) = (name, week) else {
        return Err(invalid);
    };
    let hours = BusinessHours::new(&input.time_zone, week, holidays)?;
    Ok((name, hours))
}

fn parse_list<T>(
    invalid: &mut Invalid,
    field: &str,
    raw: &[String],
    parse: impl Fn(&str) -> Result<T, FieldError>,
) -> Vec<T> {
    raw.iter()
        .filter_map(|item| invalid.check(field, parse(item.trim())))
        .collect()
}

fn parse_policy(
    input: &PolicyInput,
) -> Result<(Name, SlaConditions, SlaTargets, Option<CalendarId>), Invalid> {
    let mut invalid = Invalid::default();
    let name = invalid.check("name", Name::parse(&input.name));
    let conditions = SlaConditions {
        priorities: parse_list(
            &mut invalid,
            "priorities",
            &input.priorities,
            Priority::parse,
        ),
        service_tiers: parse_list(
            &mut invalid,
            "service_tiers",
            &input.service_tiers,
            ServiceTier::parse,
        ),
        channels: parse_list(&mut invalid, "channels", &input.channels, Channel::parse),
        types: parse_list(&mut invalid, "types", &input.types, TicketType::parse),
        groups: parse_list(&mut invalid, "groups", &input.groups, |g| {
            g.parse::<GroupId>()
                .map_err(|_| FieldError::new("", format!("{g:?} is not a group id")))
        }),
    };
    let mut minutes = |field: &str, raw: Option<i64>| {
        let minutes = raw?;
        if (1..=MAX_MINUTES).contains(&minutes) {
            Some(SignedDuration::from_mins(minutes))
        } else {
            invalid.push(FieldError::new(
                field,
                format!("must be from 1 to {MAX_MINUTES} minutes (a year)"),
            ));
            None
        }
    };
    let targets = SlaTargets {
        first_response: minutes("first_response_minutes", input.first_response_minutes),
        next_response: minutes("next_response_minutes", input.next_response_minutes),
        resolution: minutes("resolution_minutes", input.resolution_minutes),
    };
    if !(0..=MAX_MINUTES).contains(&input.warn_before_minutes) {
        invalid.push(FieldError::new(
            "warn_before_minutes",
            format!("must be from 0 to {MAX_MINUTES} minutes"),
        ));
    }
    let no_target_given = input.first_response_minutes.is_none()
        && input.next_response_minutes.is_none()
        && input.resolution_minutes.is_none();
    if no_target_given {
        invalid.push(FieldError::new(
            "first_response_minutes",
            "a policy needs at least one target",
        ));
    }
    let calendar = input.calendar_id.as_deref().and_then(|id| {
        invalid.check(
            "calendar_id",
            id.parse::<CalendarId>()
                .map_err(|_| FieldError::new("", format!("{id:?} is not a calendar id"))),
        )
    });
    invalid.clone().into_result()?;
    match name {
        Some(name) => Ok((name, conditions, targets, calendar)),
        None => Err(invalid),
    }
}

impl App {
    /// Every business calendar, by name.
    pub async fn calendars(
        &self,
        principal: &Principal,
    ) -> Result<Vec<BusinessCalendar>, AppError> {
        agent(principal)?;
        Ok(self.store.list_calendars().await?)
    }

    /// Creates a calendar (`id` None) or replaces one.
    pub async fn save_calendar(
        &self,
        principal: &Principal,
        id: Option<CalendarId>,
        input: CalendarInput,
    ) -> Result<BusinessCalendar, AppError> {
        admin(principal)?;
        let (name, hours) = parse_calendar(&input)?;
        let now = self.clock.now();
        let existing = match id {
            Some(id) => Some(
                self.store
                    .list_calendars()
                    .await?
                    .into_iter()
                    .find(|c| c.id == id)
                    .ok_or(AppError::NotFound("calendar"))?,
            ),
            None => None,
        };
        let calendar = BusinessCalendar {
            id: id.unwrap_or_else(CalendarId::generate),
            name,
            hours,
            created_at: existing.map_or(now, |c| c.created_at),
            updated_at: now,
        };
        self.store.save_calendar(calendar.clone()).await?;
        self.sla_changed();
        Ok(calendar)
    }

    pub async fn delete_calendar(
        &self,
        principal: &Principal,
        id: CalendarId,
    ) -> Result<(), AppError> {
        admin(principal)?;
        match self.store.delete_calendar(id).await {
            Err(ayuda_store::StoreError::Conflict) => Err(AppError::Conflict(
                "an SLA policy counts in this calendar; change the policy first".into(),
            )),
            Err(ayuda_store::StoreError::NotFound) => Err(AppError::NotFound("calendar")),
            other => {
                other?;
                self.sla_changed();
                Ok(())
            }
        }
    }

    /// Every SLA policy, in the order they are tried.
    pub async fn sla_policies(&self, principal: &Principal) -> Result<Vec<SlaPolicy>, AppError> {
        agent(principal)?;
        Ok(self.store.list_sla_policies().await?)
    }

    /// Creates a policy (`id` None) or replaces one. Tickets take up a change with their next change.
    pub async fn save_sla_policy(
        &self,
        principal: &Principal,
        id: Option<SlaPolicyId>,
        input: PolicyInput,
    ) -> Result<SlaPolicy, AppError> {
        admin(principal)?;
        let (name, conditions, targets, calendar_id) = parse_policy(&input)?;
        let now = self.clock.now();
        let existing = match id {
            Some(id) => Some(
                self.store
                    .list_sla_policies()
                    .await?
                    .into_iter()
                    .find(|p| p.id == id)
                    .ok_or(AppError::NotFound("SLA policy"))?,
            ),
            None => None,
        };
        let policy = SlaPolicy {
            id: id.unwrap_or_else(SlaPolicyId::generate),
            name,
            position: input.position,
            conditions,
            targets,
            calendar_id,
            warn_before: SignedDuration::from_mins(input.warn_before_minutes),
            active: input.active,
            created_at: existing.map_or(now, |p| p.created_at),
            updated_at: now,
        };
        policy.check()?;
        self.store.save_sla_policy(policy.clone()).await?;
        self.sla_changed();
        Ok(policy)
    }

    pub async fn delete_sla_policy(
        &self,
        principal: &Principal,
        id: SlaPolicyId,
    ) -> Result<(), AppError> {
        admin(principal)?;
        match self.store.delete_sla_policy(id).await {
            Err(ayuda_store::StoreError::NotFound) => Err(AppError::NotFound("SLA policy")),
            other => {
                other?;
                self.sla_changed();
                Ok(())
            }
        }
    }
}
