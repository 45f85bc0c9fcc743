//! How service-level values are kept in a column as JSON, identically in every backend: a ticket's SLA
//! clocks, a calendar's week and holidays, a policy's conditions, and the kinds of notification an agent
//! is emailed about.

use ayuda_core::calendar::{Holiday, WeekHours};
use ayuda_core::contact::ServiceTier;
use ayuda_core::id::{GroupId, SlaPolicyId};
use ayuda_core::notification::NotificationKind;
use ayuda_core::sla::{SlaClock, SlaConditions, SlaMetric, TicketSla};
use ayuda_core::ticket::{Channel, Priority, Ticket, TicketType};
use jiff::{SignedDuration, Timestamp};
use serde_json::{Map, Value, json};

use super::{CorruptValue, corrupt, decode_strings, encode_strings};

/// When the SLA sweep must next look at `ticket`: the earliest alert its clocks owe. Both backends keep it
/// in an indexed column beside the clocks.
pub fn sla_alert_at(ticket: &Ticket) -> Option<Timestamp> {
    ticket
        .sla
        .as_ref()
        .and_then(TicketSla::next_alert)
        .map(|(_, _, at)| at)
}

/// A ticket's clocks: instants in microseconds, durations in seconds.
pub fn encode_sla(sla: &TicketSla) -> String {
    let micros = |at: Option<Timestamp>| at.map(|t| t.as_microsecond());
    let clocks: Vec<Value> = sla
        .clocks
        .iter()
        .map(|c| {
            json!({
                "metric": c.metric.as_str(),
                "target": c.target.as_secs(),
                "used": c.used.as_secs(),
                "started": micros(c.started_at),
                "since": micros(c.running_since),
                "due": micros(c.due_at),
                "warn": micros(c.warn_at),
                "met": micros(c.met_at),
                "warned": micros(c.warned_at),
                "breached": micros(c.breached_at),
            })
        })
        .collect();
    json!({"policy": sla.policy_id.to_string(), "clocks": clocks}).to_string()
}

pub fn decode_sla(text: &str) -> Result<TicketSla, CorruptValue> {
    const COLUMN: &str = "sla";
    let value: Value = serde_json::from_str(text).map_err(|e| corrupt(COLUMN, e))?;
    let policy_id = value
        .get("policy")
        .and_then(Value::as_str)
        .and_then(|id| id.parse::<SlaPolicyId>().ok())
        .ok_or_else(|| corrupt(COLUMN, "no policy"))?;
    let clocks = value
        .get("clocks")
        .and_then(Value::as_array)
        .ok_or_else(|| corrupt(COLUMN, "no clocks"))?;
    let clocks = clocks
        .iter()
        .map(|clock| {
            let instant = |name: &str| -> Result<Option<Timestamp>, CorruptValue> {
                match clock.get(name) {
                    None | Some(Value::Null) => Ok(None),
                    Some(value) => value
                        .as_i64()
                        .and_then(|m| Timestamp::from_microsecond(m).ok())
                        .map(Some)
                        .ok_or_else(|| corrupt(COLUMN, format!("bad {name}"))),
                }
            };
            let seconds = |name: &str| {
                clock
                    .get(name)
                    .and_then(Value::as_i64)
                    .map(SignedDuration::from_secs)
                    .ok_or_else(|| corrupt(COLUMN, format!("bad {name}")))
            };
            let metric = clock
                .get("metric")
                .and_then(Value::as_str)
                .ok_or_else(|| corrupt(COLUMN, "no metric"))?;
            Ok(SlaClock {
                metric: SlaMetric::parse(metric).map_err(|e| corrupt(COLUMN, e))?,
                target: seconds("target")?,
                used: seconds("used")?,
                started_at: instant("started")?,
                running_since: instant("since")?,
                due_at: instant("due")?,
                warn_at: instant("warn")?,
                met_at: instant("met")?,
                warned_at: instant("warned")?,
                breached_at: instant("breached")?,
            })
        })
        .collect::<Result<Vec<_>, CorruptValue>>()?;
    Ok(TicketSla { policy_id, clocks })
}

/// A week as seven arrays of `09:00-17:00`, Monday first.
pub fn encode_week(week: &WeekHours) -> String {
    Value::Array(
        week.days()
            .iter()
            .map(|day| Value::Array(day.iter().map(|i| Value::String(i.to_string())).collect()))
            .collect(),
    )
    .to_string()
}

pub fn decode_week(text: &str) -> Result<WeekHours, CorruptValue> {
    const COLUMN: &str = "hours";
    let days: Vec<Vec<String>> = serde_json::from_str(text).map_err(|e| corrupt(COLUMN, e))?;
    let days: Vec<Vec<_>> = days
        .iter()
        .map(|day| {
            day.iter()
                .map(|interval| {
                    ayuda_core::calendar::WorkInterval::parse(interval)
                        .map_err(|e| corrupt(COLUMN, e))
                })
                .collect::<Result<Vec<_>, _>>()
        })
        .collect::<Result<_, _>>()?;
    let days: [Vec<_>; 7] = days
        .try_into()
        .map_err(|_| corrupt(COLUMN, "not seven days"))?;
    WeekHours::new(days).map_err(|e| corrupt(COLUMN, e))
}

pub fn encode_holidays(holidays: &[Holiday]) -> String {
    let texts: Vec<String> = holidays.iter().map(Holiday::to_string).collect();
    encode_strings(texts.iter().map(String::as_str))
}

pub fn decode_holidays(text: &str) -> Result<Vec<Holiday>, CorruptValue> {
    decode_strings("holidays", text)?
        .iter()
        .map(|h| Holiday::parse(h).map_err(|e| corrupt("holidays", e)))
        .collect()
}

pub fn encode_conditions(conditions: &SlaConditions) -> String {
    fn names<'a>(items: impl Iterator<Item = &'a str>) -> Value {
        Value::Array(items.map(|s| Value::String(s.to_owned())).collect())
    }
    let groups: Vec<String> = conditions.groups.iter().map(GroupId::to_string).collect();
    let mut map = Map::new();
    map.insert(
        "priorities".into(),
        names(conditions.priorities.iter().map(|v| v.as_str())),
    );
    map.insert(
        "service_tiers".into(),
        names(conditions.service_tiers.iter().map(|v| v.as_str())),
    );
    map.insert(
        "channels".into(),
        names(conditions.channels.iter().map(|v| v.as_str())),
    );
    map.insert(
        "types".into(),
        names(conditions.types.iter().map(|v| v.as_str())),
    );
    map.insert("groups".into(), names(groups.iter().map(String::as_str)));
    Value::Object(map).to_string()
}

pub fn decode_conditions(text: &str) -> Result<SlaConditions, CorruptValue> {
    const COLUMN: &str = "conditions";
    let map: Map<String, Value> = serde_json::from_str(text).map_err(|e| corrupt(COLUMN, e))?;
    fn list<T>(
        map: &Map<String, Value>,
        name: &str,
        parse: impl Fn(&str) -> Option<T>,
    ) -> Result<Vec<T>, CorruptValue> {
        let Some(items) = map.get(name) else {
            return Ok(Vec::new());
        };
        items
            .as_array()
            .ok_or_else(|| corrupt(COLUMN, name))?
            .iter()
            .map(|item| {
                item.as_str()
                    .and_then(&parse)
                    .ok_or_else(|| corrupt(COLUMN, format!("bad {name}: {item}")))
            })
            .collect()
    }
    Ok(SlaConditions {
        priorities: list(&map, "priorities", |s| Priority::parse(s).ok())?,
        service_tiers: list(&map, "service_tiers", |s| ServiceTier::parse(s).ok())?,
        channels: list(&map, "channels", |s| Channel::parse(s).ok())?,
        types: list(&map, "types", |s| TicketType::parse(s).ok())?,
        groups: list(&map, "groups", |s| s.parse::<GroupId>().ok())?,
    })
}

/// The kinds of notification an agent is emailed about, as a JSON array of their names.
pub fn encode_notice_kinds(kinds: &[NotificationKind]) -> String {
    encode_strings(kinds.iter().map(|k| k.as_str()))
}

pub fn decode_notice_kinds(text: &str) -> Result<Vec<NotificationKind>, CorruptValue> {
    const COLUMN: &str = "email_notices";
    decode_strings(COLUMN, text)?
        .iter()
        .map(|k| NotificationKind::parse(k).map_err(|e| corrupt(COLUMN, e)))
        .collect()
}

#[cfg(test)]
mod tests {
    use ayuda_core::calendar::WorkInterval;
    use ayuda_core::sla::{Schedule, SlaEvent, SlaPolicy, SlaTargets};
    use ayuda_core::ticket::Status;

    use super::*;

    #[test]
    fn clocks_round_trip() {
        let at: Timestamp = "2026-11-23T10:00Z".parse().unwrap();
        let policy = SlaPolicy {
            id: SlaPolicyId::generate(),
            name: ayuda_core::text::Name::parse("Standard").unwrap(),
            position: 0,
            conditions: SlaConditions::default(),
            targets: SlaTargets {
                first_response: Some(SignedDuration::from_hours(4)),
                next_response: None,
                resolution: Some(SignedDuration::from_hours(24)),
            },
            calendar_id: None,
            warn_before: SignedDuration::from_mins(30),
            active: true,
            created_at: at,
            updated_at: at,
        };
        let mut sla = TicketSla::new(&policy);
        let warn = policy.warn_before;
        sla.apply(
            SlaEvent::Created(Status::New),
            Status::New,
            at,
            &Schedule::AllHours,
            warn,
        );
        let pending = SlaEvent::StatusChanged {
            from: Status::New,
            to: Status::Pending,
        };
        let later = at.checked_add(SignedDuration::from_mins(90)).unwrap();
        sla.apply(pending, Status::Pending, later, &Schedule::AllHours, warn);
        assert_eq!(decode_sla(&encode_sla(&sla)).unwrap(), sla);
        assert!(decode_sla(r#"{"policy":"x","clocks":[]}"#).is_err());
    }

    #[test]
    fn weeks_holidays_and_conditions_round_trip() {
        let week = WeekHours::weekdays(&[
            WorkInterval::parse("09:00-13:00").unwrap(),
            WorkInterval::parse("14:00-18:00").unwrap(),
        ])
        .unwrap();
        assert_eq!(decode_week(&encode_week(&week)).unwrap(), week);
        let holidays = vec![
            Holiday::parse("12-25").unwrap(),
            Holiday::parse("2026-12-24").unwrap(),
        ];
        assert_eq!(
            decode_holidays(&encode_holidays(&holidays)).unwrap(),
            holidays
        );
        let conditions = SlaConditions {
            priorities: vec![Priority::Urgent],
            service_tiers: vec![ServiceTier::Premium, ServiceTier::Enterprise],
            channels: vec![Channel::Phone],
            types: vec![TicketType::Complaint],
            groups: vec![GroupId::generate()],
        };
        assert_eq!(
            decode_conditions(&encode_conditions(&conditions)).unwrap(),
            conditions
        );
        assert!(decode_conditions(r#"{"priorities":["soon"]}"#).is_err());
    }
}
