//! The demo's service levels: the Madrid office's hours and holidays, three SLA policies (urgent
//! tickets, premium customers, everything else), so new demo tickets show deadlines from the start, and
//! the groups' routing and tiers (technical support in turn by language, complaints as the second line).

use ayuda_core::Timestamp;
use ayuda_core::calendar::{BusinessCalendar, BusinessHours, Holiday, WeekHours, WorkInterval};
use ayuda_core::contact::ServiceTier;
use ayuda_core::id::{AgentId, CalendarId, GroupId, SlaPolicyId};
use ayuda_core::routing::{AgentStatus, GroupRouting, GroupSetup, RoutingMode};
use ayuda_core::sla::{SlaConditions, SlaPolicy, SlaTargets};
use ayuda_core::text::Name;
use ayuda_core::ticket::Priority;
use jiff::SignedDuration;

use crate::{App, AppError};

fn invalid(what: &str) -> AppError {
    AppError::Conflict(format!("the demo's {what} is not valid"))
}

pub(crate) async fn seed_service_levels(app: &App, start: Timestamp) -> Result<(), AppError> {
    let store = app.store();
    let day = WorkInterval::parse("09:00-18:00").map_err(|_| invalid("office hours"))?;
    let holidays = [
        "01-01", "01-06", "05-01", "08-15", "10-12", "11-01", "12-08", "12-25",
    ]
    .iter()
    .map(|h| Holiday::parse(h).map_err(|_| invalid("holidays")))
    .collect::<Result<Vec<_>, _>>()?;
    let week = WeekHours::weekdays(&[day]).map_err(|_| invalid("week"))?;
    let office = BusinessCalendar {
        id: CalendarId::generate(),
        name: Name::parse("Madrid office").map_err(|_| invalid("calendar name"))?,
        hours: BusinessHours::new("Europe/Madrid", week, holidays)
            .map_err(|_| invalid("calendar"))?,
        created_at: start,
        updated_at: start,
    };
    store.save_calendar(office.clone()).await?;
    let hours = |h: i64| Some(SignedDuration::from_hours(h));
    for (position, policy_name, conditions, targets, warn_minutes) in [
        (
            0,
            "Urgent and high priority",
            SlaConditions {
                priorities: vec![Priority::Urgent, Priority::High],
                ..SlaConditions::default()
            },
            SlaTargets {
                first_response: hours(1),
                next_response: hours(2),
                resolution: hours(8),
            },
            15,
        ),
        (
            1,
            "Premium customers",
            SlaConditions {
                service_tiers: vec![ServiceTier::Premium, ServiceTier::Enterprise],
                ..SlaConditions::default()
            },
            SlaTargets {
                first_response: hours(2),
                next_response: hours(4),
                resolution: hours(16),
            },
            30,
        ),
        (
            2,
            "Standard",
            SlaConditions::default(),
            SlaTargets {
                first_response: hours(8),
                next_response: hours(8),
                resolution: hours(40),
            },
            60,
        ),
    ] {
        store
            .save_sla_policy(SlaPolicy {
                id: SlaPolicyId::generate(),
                name: Name::parse(policy_name).map_err(|_| invalid("policy name"))?,
                position,
                conditions,
                targets,
                calendar_id: Some(office.id),
                warn_before: SignedDuration::from_mins(warn_minutes),
                active: true,
                created_at: start,
                updated_at: start,
            })
            .await?;
    }
    app.sla_changed();
    Ok(())
}

/// Technical support hands out tickets in turn to agents who speak the customer's language; complaints,
/// the senior staff, is the second line every first-line group escalates to, by load.
pub(crate) async fn seed_routing(
    app: &App,
    technical: GroupId,
    complaints: GroupId,
    agents: &[AgentId],
    start: Timestamp,
) -> Result<(), AppError> {
    let store = app.store();
    let routing = |mode, requeue_when_away| GroupRouting {
        mode,
        match_language: true,
        skills: Vec::new(),
        requeue_when_away,
    };
    let first_line = GroupSetup {
        routing: routing(RoutingMode::RoundRobin, false),
        tier: 1,
        escalates_to: Some(complaints),
    };
    store.save_group_setup(technical, first_line, start).await?;
    let second_line = GroupSetup {
        routing: routing(RoutingMode::LeastLoaded, false),
        tier: 2,
        escalates_to: None,
    };
    store
        .save_group_setup(complaints, second_line, start)
        .await?;
    // The demo's agents carry a few dozen tickets each already: room for more under least-loaded routing.
    for agent in agents {
        let status = AgentStatus {
            capacity: 80,
            ..AgentStatus::default()
        };
        store.set_agent_status(*agent, status, start).await?;
    }
    Ok(())
}
