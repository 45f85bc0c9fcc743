//! Business calendars: the hours a help desk works, in its time zone, with its holidays, and the arithmetic
//! of working time over them (an instant plus so much working time, the working time between two instants).
//!
//! Every interval is turned into two instants through the calendar's time zone before anything is added or
//! measured, so a working day that loses or gains an hour to daylight saving is an hour shorter or longer,
//! as the clocks on the wall say.

use std::fmt;

use jiff::civil::{Date, DateTime, Time, Weekday};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

use crate::error::{FieldError, Invalid};
use crate::id::CalendarId;
use crate::text::Name;

/// A span of working time within one day, in minutes after local midnight: `start < end <= 1440`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct WorkInterval {
    start: u16,
    end: u16,
}

const MINUTES_PER_DAY: u16 = 24 * 60;

impl WorkInterval {
    pub fn new(start: u16, end: u16) -> Result<WorkInterval, FieldError> {
        if start >= end || end > MINUTES_PER_DAY {
            return Err(FieldError::new(
                "",
                "must end after it starts, within the day (24:00 at the latest)",
            ));
        }
        Ok(WorkInterval { start, end })
    }

    /// Parses `09:00-17:30`; `24:00` ends a day.
    pub fn parse(raw: &str) -> Result<WorkInterval, FieldError> {
        let (start, end) = raw
            .split_once('-')
            .ok_or_else(|| FieldError::new("", format!("{raw:?} is not like 09:00-17:00")))?;
        WorkInterval::new(parse_clock(start)?, parse_clock(end)?)
    }

    pub fn start_minute(self) -> u16 {
        self.start
    }

    pub fn end_minute(self) -> u16 {
        self.end
    }
}

impl fmt::Display for WorkInterval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let clock = |m: u16| format!("{:02}:{:02}", m / 60, m % 60);
        write!(f, "{}-{}", clock(self.start), clock(self.end))
    }
}

fn parse_clock(raw: &str) -> Result<u16, FieldError> {
    let bad = || FieldError::new("", format!("{:?} is not a time like 09:30", raw.trim()));
    let (hours, minutes) = raw.trim().split_once(':').ok_or_else(bad)?;
    let hours: u16 = hours.parse().map_err(|_| bad())?;
    let minutes: u16 = minutes.parse().map_err(|_| bad())?;
    if minutes >= 60 || hours > 24 || (hours == 24 && minutes > 0) {
        return Err(bad());
    }
    Ok(hours * 60 + minutes)
}

/// The working intervals of each weekday, Monday first; each day's sorted and not overlapping.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct WeekHours([Vec<WorkInterval>; 7]);

impl WeekHours {
    /// `days[0]` is Monday. Each day's intervals are sorted; overlapping or touching ones are refused, as
    /// they are most likely a typing mistake.
    pub fn new(days: [Vec<WorkInterval>; 7]) -> Result<WeekHours, Invalid> {
        let mut invalid = Invalid::default();
        let mut days = days;
        for (index, day) in days.iter_mut().enumerate() {
            day.sort();
            if day.windows(2).any(|pair| pair[0].end >= pair[1].start) {
                invalid.push(FieldError::new(
                    weekday_name(index),
                    "intervals must not overlap or touch",
                ));
            }
        }
        invalid.into_result()?;
        Ok(WeekHours(days))
    }

    /// The same hours from Monday to Friday, none at the weekend.
    pub fn weekdays(intervals: &[WorkInterval]) -> Result<WeekHours, Invalid> {
        let day = || intervals.to_vec();
        WeekHours::new([day(), day(), day(), day(), day(), Vec::new(), Vec::new()])
    }

    /// Parses one day's intervals, comma-separated (`09:00-13:00, 14:00-18:00`); empty means closed.
    pub fn parse_day(raw: &str) -> Result<Vec<WorkInterval>, FieldError> {
        raw.split(',')
            .map(str::trim)
            .filter(|part| !part.is_empty())
            .map(WorkInterval::parse)
            .collect()
    }

    pub fn day(&self, weekday: Weekday) -> &[WorkInterval] {
        &self.0[weekday.to_monday_zero_offset() as usize]
    }

    pub fn days(&self) -> &[Vec<WorkInterval>; 7] {
        &self.0
    }

    fn is_empty(&self) -> bool {
        self.0.iter().all(Vec::is_empty)
    }
}

/// `monday` … `sunday`, for field names.
pub fn weekday_name(monday_zero_offset: usize) -> &'static str {
    [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ][monday_zero_offset % 7]
}

/// A day off: one date, or the same day every year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Holiday {
    On(Date),
    /// Month 1–12 and day; the 29th of February only counts in leap years.
    Yearly {
        month: i8,
        day: i8,
    },
}

impl Holiday {
    /// Parses `2026-12-24` (that date) or `12-25` (every year).
    pub fn parse(raw: &str) -> Result<Holiday, FieldError> {
        let raw = raw.trim();
        let bad = || {
            FieldError::new(
                "",
                format!("{raw:?} is not a date like 2026-12-24 or a yearly day like 12-25"),
            )
        };
        match raw.matches('-').count() {
            2 => raw.parse::<Date>().map(Holiday::On).map_err(|_| bad()),
            1 => {
                let (month, day) = raw.split_once('-').ok_or_else(bad)?;
                let month: i8 = month.parse().map_err(|_| bad())?;
                let day: i8 = day.parse().map_err(|_| bad())?;
                // 2024 is a leap year, so the 29th of February is accepted.
                Date::new(2024, month, day).map_err(|_| bad())?;
                Ok(Holiday::Yearly { month, day })
            }
            _ => Err(bad()),
        }
    }

    pub fn falls_on(self, date: Date) -> bool {
        match self {
            Holiday::On(day) => day == date,
            Holiday::Yearly { month, day } => date.month() == month && date.day() == day,
        }
    }
}

impl fmt::Display for Holiday {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Holiday::On(date) => write!(f, "{date}"),
            Holiday::Yearly { month, day } => write!(f, "{month:02}-{day:02}"),
        }
    }
}

/// How far ahead [`BusinessHours::add`] looks for working time before giving up (about eleven years).
const MAX_DAYS_SCANNED: usize = 4_000;

/// When a help desk works: a time zone, the hours of each weekday and the holidays.
#[derive(Debug, Clone, PartialEq)]
pub struct BusinessHours {
    time_zone: TimeZone,
    time_zone_name: String,
    week: WeekHours,
    holidays: Vec<Holiday>,
}

impl BusinessHours {
    /// `time_zone` is an IANA name such as `Europe/Madrid`. A calendar must have some working time.
    pub fn new(
        time_zone: &str,
        week: WeekHours,
        mut holidays: Vec<Holiday>,
    ) -> Result<BusinessHours, Invalid> {
        let mut invalid = Invalid::default();
        let zone = invalid.check("time_zone", parse_time_zone(time_zone));
        if week.is_empty() {
            invalid.push(FieldError::new(
                "hours",
                "at least one day needs working hours",
            ));
        }
        invalid.into_result()?;
        holidays.sort();
        holidays.dedup();
        Ok(BusinessHours {
            time_zone: zone.unwrap_or(TimeZone::UTC),
            time_zone_name: time_zone.trim().to_owned(),
            week,
            holidays,
        })
    }

    pub fn time_zone(&self) -> &TimeZone {
        &self.time_zone
    }

    pub fn time_zone_name(&self) -> &str {
        &self.time_zone_name
    }

    pub fn week(&self) -> &WeekHours {
        &self.week
    }

    pub fn holidays(&self) -> &[Holiday] {
        &self.holidays
    }

    pub fn is_holiday(&self, date: Date) -> bool {
        self.holidays.iter().any(|h| h.falls_on(date))
    }

    /// Whether `at` falls in working time.
    pub fn is_working(&self, at: Timestamp) -> bool {
        let date = at.to_zoned(self.time_zone.clone()).date();
        // An interval of the day before ends by local midnight, so only `at`'s own day can hold it.
        self.working_spans(date)
            .any(|(start, end)| start <= at && at < end)
    }

    /// The instant when `work` of working time has passed after `start`.
    ///
    /// Adding nothing gives `start` back, even outside working hours; otherwise the answer always lies in
    /// working time or at the end of an interval (so four working hours from 13:00 on a 9–17 day is 17:00
    /// that day, not 9:00 the next). `None` only if no working time exists within about eleven years
    /// (every working day a holiday).
    pub fn add(&self, start: Timestamp, work: SignedDuration) -> Option<Timestamp> {
        if work <= SignedDuration::ZERO {
            return Some(start);
        }
        let mut remaining = work;
        let mut date = start.to_zoned(self.time_zone.clone()).date();
        for _ in 0..MAX_DAYS_SCANNED {
            for (span_start, span_end) in self.working_spans(date) {
                if span_end <= start {
                    continue;
                }
                let from = span_start.max(start);
                let available = span_end.duration_since(from);
                if remaining <= available {
                    return from.checked_add(remaining).ok();
                }
                remaining -= available;
            }
            date = date.tomorrow().ok()?;
        }
        None
    }

    /// The working time between `from` and `to`; zero when `to` is not after `from`.
    pub fn between(&self, from: Timestamp, to: Timestamp) -> SignedDuration {
        if to <= from {
            return SignedDuration::ZERO;
        }
        let mut total = SignedDuration::ZERO;
        let mut date = from.to_zoned(self.time_zone.clone()).date();
        let last = to.to_zoned(self.time_zone.clone()).date();
        while date <= last {
            for (span_start, span_end) in self.working_spans(date) {
                let start = span_start.max(from);
                let end = span_end.min(to);
                if start < end {
                    total += end.duration_since(start);
                }
            }
            let Ok(next) = date.tomorrow() else {
                break;
            };
            date = next;
        }
        total
    }

    /// The working spans of one local date as instants, in order; none on a holiday.
    ///
    /// A local time that does not exist (skipped when the clocks go forward) moves forward by the gap, as
    /// a wall clock set forward would read (02:30 becomes 03:30); one that exists twice (when they go back)
    /// is the earlier. An interval the gap turns around is left out.
    fn working_spans(&self, date: Date) -> impl Iterator<Item = (Timestamp, Timestamp)> + '_ {
        let holiday = self.is_holiday(date);
        let intervals: &[WorkInterval] = if holiday {
            &[]
        } else {
            self.week.day(date.weekday())
        };
        intervals.iter().filter_map(move |interval| {
            let start = self.instant(date, interval.start)?;
            let end = self.instant(date, interval.end)?;
            (start < end).then_some((start, end))
        })
    }

    fn instant(&self, date: Date, minute: u16) -> Option<Timestamp> {
        let local: DateTime = if minute >= MINUTES_PER_DAY {
            date.tomorrow().ok()?.to_datetime(Time::midnight())
        } else {
            date.at((minute / 60) as i8, (minute % 60) as i8, 0, 0)
        };
        self.time_zone
            .to_ambiguous_timestamp(local)
            .compatible()
            .ok()
    }
}

/// A named business calendar, as an admin keeps it.
#[derive(Debug, Clone, PartialEq)]
pub struct BusinessCalendar {
    pub id: CalendarId,
    pub name: Name,
    pub hours: BusinessHours,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// Parses an IANA time zone name from the bundled database.
pub fn parse_time_zone(raw: &str) -> Result<TimeZone, FieldError> {
    let name = raw.trim();
    if name.is_empty() {
        return Err(FieldError::new("", "must not be empty"));
    }
    TimeZone::get(name).map_err(|_| {
        FieldError::new(
            "",
            format!("{name:?} is not a known time zone (like Europe/Madrid)"),
        )
    })
}

#[cfg(test)]
mod tests;
