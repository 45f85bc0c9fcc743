//! Dates and times as a reader expects them: in their time zone, with month names and the order of their
//! language (`Nov 24, 2026, 9:30 AM`, `24 nov 2026, 9:30`, `24 nov 2026, 09:30`), and "5 minutes ago".

use jiff::{Timestamp, Zoned};

use crate::{Arg, Locale, Translator};

/// A reader's time zone (IANA name, such as `Europe/Madrid`).
#[derive(Debug, Clone, PartialEq)]
pub struct TimeZone(jiff::tz::TimeZone);

impl TimeZone {
    pub fn utc() -> TimeZone {
        TimeZone(jiff::tz::TimeZone::UTC)
    }

    /// The zone with this IANA name; `None` when there is none (a typo, or a name from another system).
    pub fn named(name: &str) -> Option<TimeZone> {
        jiff::tz::TimeZone::get(name.trim()).ok().map(TimeZone)
    }

    /// Its IANA name, `UTC` for UTC.
    pub fn name(&self) -> &str {
        self.0.iana_name().unwrap_or("UTC")
    }

    /// The instant a form's local date and time (`2026-11-23T14:05`, as a `datetime-local` input sends it)
    /// names in this zone; `None` for text that is not one. A time that a daylight-saving change skips or
    /// repeats is taken as the clocks of the zone would show it (the later offset).
    pub fn instant_of(&self, local: &str) -> Option<Timestamp> {
        let civil: jiff::civil::DateTime = local.trim().parse().ok()?;
        civil.to_zoned(self.0.clone()).ok().map(|z| z.timestamp())
    }

    fn at(&self, timestamp: Timestamp) -> Zoned {
        timestamp.to_zoned(self.0.clone())
    }
}

impl Translator {
    /// A date and time: `Nov 24, 2026, 9:30 AM` in English, `24 nov 2026, 9:30` in Spanish.
    pub fn datetime(&self, timestamp: Timestamp, zone: &TimeZone) -> String {
        let local = zone.at(timestamp);
        self.t_with(
            "datetime",
            &[
                Arg::number("day", local.day().into()),
                Arg::text("month", self.month(local.month())),
                Arg::number("year", local.year().into()),
                Arg::text("time", self.clock(&local)),
            ],
        )
    }

    /// A date without the time: `Nov 24, 2026`.
    pub fn date(&self, timestamp: Timestamp, zone: &TimeZone) -> String {
        let local = zone.at(timestamp);
        self.t_with(
            "date",
            &[
                Arg::number("day", local.day().into()),
                Arg::text("month", self.month(local.month())),
                Arg::number("year", local.year().into()),
            ],
        )
    }

    /// How long ago, for lists: "just now", "5 minutes ago", "3 hours ago", "2 days ago"; older than a
    /// week, the date.
    pub fn ago(&self, timestamp: Timestamp, now: Timestamp, zone: &TimeZone) -> String {
        let seconds = now.as_second() - timestamp.as_second();
        match seconds {
            ..60 => self.t("ago-now"),
            60..3_600 => self.tn("ago-minutes", "n", seconds / 60),
            3_600..86_400 => self.tn("ago-hours", "n", seconds / 3_600),
            86_400..604_800 => self.tn("ago-days", "n", seconds / 86_400),
            _ => self.date(timestamp, zone),
        }
    }

    fn month(&self, month: i8) -> String {
        self.t(&format!("month-{month}"))
    }

    /// The time of day: a 12-hour clock in English, 24 hours in Spanish and Italian.
    fn clock(&self, local: &Zoned) -> String {
        let (hour, minute) = (local.hour(), local.minute());
        match self.locale() {
            Locale::En => {
                let twelve = if hour % 12 == 0 { 12 } else { hour % 12 };
                let half = if hour < 12 { "AM" } else { "PM" };
                format!("{twelve}:{minute:02} {half}")
            }
            Locale::Es => format!("{hour}:{minute:02}"),
            Locale::It => format!("{hour:02}:{minute:02}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_form_s_local_time_is_read_in_the_reader_s_zone() {
        let madrid = TimeZone::named("Europe/Madrid").unwrap();
        assert_eq!(
            madrid.instant_of("2026-11-23T14:05").unwrap().to_string(),
            "2026-11-23T13:05:00Z"
        );
        assert_eq!(
            madrid.instant_of("2026-07-01T09:00").unwrap().to_string(),
            "2026-07-01T07:00:00Z"
        );
        assert_eq!(TimeZone::utc().instant_of("yesterday"), None);
        assert_eq!(TimeZone::utc().instant_of(""), None);
    }

    fn at(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    #[test]
    fn a_moment_reads_in_the_reader_s_language_and_zone() {
        let moment = at("2026-11-24T08:30:00Z");
        let madrid = TimeZone::named("Europe/Madrid").unwrap();
        let new_york = TimeZone::named("America/New_York").unwrap();
        assert_eq!(
            Translator::new(Locale::En).datetime(moment, &new_york),
            "Nov 24, 2026, 3:30 AM"
        );
        assert_eq!(
            Translator::new(Locale::Es).datetime(moment, &madrid),
            "24 nov 2026, 9:30"
        );
        assert_eq!(
            Translator::new(Locale::It).datetime(moment, &madrid),
            "24 nov 2026, 09:30"
        );
        // Across midnight the date follows the zone, not UTC.
        let tokyo = TimeZone::named("Asia/Tokyo").unwrap();
        assert_eq!(
            Translator::new(Locale::En).date(at("2026-12-31T20:00:00Z"), &tokyo),
            "Jan 1, 2027"
        );
    }

    #[test]
    fn summer_time_is_applied() {
        let madrid = TimeZone::named("Europe/Madrid").unwrap();
        assert_eq!(
            Translator::new(Locale::Es).datetime(at("2026-07-01T12:00:00Z"), &madrid),
            "1 jul 2026, 14:00"
        );
    }

    #[test]
    fn recent_moments_read_as_time_ago_with_plurals() {
        let now = at("2026-11-24T12:00:00Z");
        let utc = TimeZone::utc();
        let en = Translator::new(Locale::En);
        let it = Translator::new(Locale::It);
        assert_eq!(en.ago(at("2026-11-24T11:59:30Z"), now, &utc), "just now");
        assert_eq!(
            en.ago(at("2026-11-24T11:59:00Z"), now, &utc),
            "1 minute ago"
        );
        assert_eq!(en.ago(at("2026-11-24T09:00:00Z"), now, &utc), "3 hours ago");
        assert_eq!(it.ago(at("2026-11-22T12:00:00Z"), now, &utc), "2 giorni fa");
        assert_eq!(it.ago(at("2026-11-24T11:00:00Z"), now, &utc), "1 ora fa");
        assert_eq!(en.ago(at("2026-10-01T12:00:00Z"), now, &utc), "Oct 1, 2026");
    }

    #[test]
    fn unknown_zones_are_refused() {
        assert!(TimeZone::named("Mars/Olympus_Mons").is_none());
        assert_eq!(
            TimeZone::named("Europe/Rome").unwrap().name(),
            "Europe/Rome"
        );
    }
}
