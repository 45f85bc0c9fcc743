//! Business-time arithmetic, as tables of cases a person can check with a wall calendar, and as properties
//! that must hold for any calendar and any instants.

use jiff::{SignedDuration, Timestamp};
use proptest::prelude::*;

use super::*;

/// Parses `2026-03-27T16:00+01:00`.
fn at(text: &str) -> Timestamp {
    text.parse()
        .unwrap_or_else(|e| panic!("bad instant {text}: {e}"))
}

fn hours(text: &str) -> SignedDuration {
    let (h, m) = text.split_once(':').unwrap_or((text, "0"));
    SignedDuration::from_mins(h.parse::<i64>().unwrap() * 60 + m.parse::<i64>().unwrap())
}

/// A calendar from one line per weekday, Monday first (`""` is a day off), and holidays.
fn calendar(zone: &str, week: [&str; 7], holidays: &[&str]) -> BusinessHours {
    let days = week.map(|day| WeekHours::parse_day(day).expect("day"));
    BusinessHours::new(
        zone,
        WeekHours::new(days).expect("week"),
        holidays
            .iter()
            .map(|h| Holiday::parse(h).expect("holiday"))
            .collect(),
    )
    .expect("calendar")
}

const OFFICE: [&str; 7] = [
    "09:00-17:00",
    "09:00-17:00",
    "09:00-17:00",
    "09:00-17:00",
    "09:00-17:00",
    "",
    "",
];
const SPLIT: [&str; 7] = [
    "09:00-13:00, 14:00-18:00",
    "09:00-13:00, 14:00-18:00",
    "09:00-13:00, 14:00-18:00",
    "09:00-13:00, 14:00-18:00",
    "09:00-13:00, 14:00-18:00",
    "10:00-12:00",
    "",
];
const ALWAYS: [&str; 7] = ["00:00-24:00"; 7];
const NIGHTS: [&str; 7] = ["01:00-04:00"; 7];

struct Case {
    what: &'static str,
    zone: &'static str,
    week: [&'static str; 7],
    holidays: &'static [&'static str],
    start: &'static str,
    work: &'static str,
    due: &'static str,
}

const CASES: &[Case] = &[
    Case {
        what: "Friday 16:00 plus 4 business hours is Monday 12:00",
        zone: "Europe/Madrid",
        week: OFFICE,
        holidays: &[],
        start: "2026-11-20T16:00+01:00",
        work: "4",
        due: "2026-11-23T12:00+01:00",
    },
    Case {
        what: "the same across the weekend the clocks go forward in Madrid",
        zone: "Europe/Madrid",
        week: OFFICE,
        holidays: &[],
        start: "2026-03-27T16:00+01:00",
        work: "4",
        due: "2026-03-30T12:00+02:00",
    },
    Case {
        what: "the same across the weekend the clocks go back in Rome",
        zone: "Europe/Rome",
        week: OFFICE,
        holidays: &[],
        start: "2026-10-23T16:00+02:00",
        work: "4",
        due: "2026-10-26T12:00+01:00",
    },
    Case {
        what: "the same across the weekend the clocks go forward in New York",
        zone: "America/New_York",
        week: OFFICE,
        holidays: &[],
        start: "2026-03-06T16:00-05:00",
        work: "4",
        due: "2026-03-09T12:00-04:00",
    },
    Case {
        what: "the same across the weekend the clocks go back in New York",
        zone: "America/New_York",
        week: OFFICE,
        holidays: &[],
        start: "2026-10-30T16:00-04:00",
        work: "4",
        due: "2026-11-02T12:00-05:00",
    },
    Case {
        what: "exactly a day's work ends at closing time, not at the next opening",
        zone: "Europe/Madrid",
        week: OFFICE,
        holidays: &[],
        start: "2026-11-23T09:00+01:00",
        work: "8",
        due: "2026-11-23T17:00+01:00",
    },
    Case {
        what: "a start before opening counts from opening",
        zone: "Europe/Madrid",
        week: OFFICE,
        holidays: &[],
        start: "2026-11-23T07:30+01:00",
        work: "1",
        due: "2026-11-23T10:00+01:00",
    },
    Case {
        what: "a start on Saturday counts from Monday",
        zone: "Europe/Madrid",
        week: OFFICE,
        holidays: &[],
        start: "2026-11-21T10:00+01:00",
        work: "1:30",
        due: "2026-11-23T10:30+01:00",
    },
    Case {
        what: "lunch breaks are not working time",
        zone: "Europe/Madrid",
        week: SPLIT,
        holidays: &[],
        start: "2026-11-23T12:00+01:00",
        work: "2",
        due: "2026-11-23T15:00+01:00",
    },
    Case {
        what: "Saturday mornings count where the calendar says so",
        zone: "Europe/Madrid",
        week: SPLIT,
        holidays: &[],
        start: "2026-11-20T17:00+01:00",
        work: "2",
        due: "2026-11-21T11:00+01:00",
    },
    Case {
        what: "a yearly holiday (Christmas, a Friday in 2026) is skipped",
        zone: "Europe/Madrid",
        week: OFFICE,
        holidays: &["12-25"],
        start: "2026-12-24T16:00+01:00",
        work: "4",
        due: "2026-12-28T12:00+01:00",
    },
    Case {
        what: "a yearly holiday applies every year",
        zone: "Europe/Madrid",
        week: OFFICE,
        holidays: &["12-25"],
        start: "2027-12-24T16:00+01:00",
        work: "4",
        due: "2027-12-27T12:00+01:00",
    },
    Case {
        what: "a one-off holiday is skipped only in its year",
        zone: "Europe/Rome",
        week: OFFICE,
        holidays: &["2026-12-07", "2026-12-08"],
        start: "2026-12-04T16:00+01:00",
        work: "4",
        due: "2026-12-09T12:00+01:00",
    },
    Case {
        what: "round the clock, the day the clocks go forward has 23 hours",
        zone: "Europe/Madrid",
        week: ALWAYS,
        holidays: &[],
        start: "2026-03-28T12:00+01:00",
        work: "24",
        due: "2026-03-29T13:00+02:00",
    },
    Case {
        what: "round the clock, the day the clocks go back has 25 hours",
        zone: "Europe/Rome",
        week: ALWAYS,
        holidays: &[],
        start: "2026-10-24T12:00+02:00",
        work: "24",
        due: "2026-10-25T11:00+01:00",
    },
    Case {
        what: "night shift 01:00-04:00 lasts two hours when New York springs forward",
        zone: "America/New_York",
        week: NIGHTS,
        holidays: &[],
        start: "2026-03-08T01:00-05:00",
        work: "3",
        due: "2026-03-09T02:00-04:00",
    },
    Case {
        what: "night shift 01:00-04:00 lasts four hours when New York falls back",
        zone: "America/New_York",
        week: NIGHTS,
        holidays: &[],
        start: "2026-11-01T01:00-04:00",
        work: "3",
        due: "2026-11-01T03:00-05:00",
    },
    Case {
        what: "adding nothing keeps the start, even at night",
        zone: "Europe/Madrid",
        week: OFFICE,
        holidays: &[],
        start: "2026-11-23T22:00+01:00",
        work: "0",
        due: "2026-11-23T22:00+01:00",
    },
];

#[test]
fn adding_business_time_gives_the_expected_deadlines() {
    for case in CASES {
        let calendar = calendar(case.zone, case.week, case.holidays);
        let due = calendar.add(at(case.start), hours(case.work));
        assert_eq!(due, Some(at(case.due)), "{}", case.what);
    }
}

#[test]
fn the_working_time_between_start_and_deadline_is_what_was_added() {
    for case in CASES {
        let calendar = calendar(case.zone, case.week, case.holidays);
        assert_eq!(
            calendar.between(at(case.start), at(case.due)),
            hours(case.work),
            "{}",
            case.what
        );
    }
}

#[test]
fn working_time_is_told_from_time_off() {
    let madrid = calendar("Europe/Madrid", SPLIT, &["01-06"]);
    for (instant, working) in [
        ("2026-11-23T09:00+01:00", true),
        ("2026-11-23T12:59+01:00", true),
        ("2026-11-23T13:00+01:00", false),
        ("2026-11-23T08:59+01:00", false),
        ("2026-11-22T10:00+01:00", false),
        ("2026-11-21T11:00+01:00", true),
        ("2027-01-06T10:00+01:00", false),
    ] {
        assert_eq!(madrid.is_working(at(instant)), working, "{instant}");
    }
}

#[test]
fn a_calendar_with_no_time_left_gives_no_deadline() {
    let closed_all_week = WeekHours::new(std::array::from_fn(|_| Vec::new())).unwrap();
    assert!(BusinessHours::new("Europe/Madrid", closed_all_week, Vec::new()).is_err());
    // Every day of the year a holiday: a deadline can never come.
    let holidays = (1..=12)
        .flat_map(|month| (1..=31).map(move |day| (month, day)))
        .filter_map(|(month, day)| Holiday::parse(&format!("{month}-{day}")).ok())
        .collect();
    let never = BusinessHours::new(
        "Europe/Madrid",
        WeekHours::weekdays(&[WorkInterval::new(540, 1020).unwrap()]).unwrap(),
        holidays,
    )
    .unwrap();
    assert_eq!(never.add(at("2026-11-23T09:00+01:00"), hours("1")), None);
}

#[test]
fn bad_input_is_named() {
    assert!(WorkInterval::parse("17:00-09:00").is_err());
    assert!(WorkInterval::parse("09:00-24:01").is_err());
    assert!(WorkInterval::parse("9-17").is_err());
    assert_eq!(
        WorkInterval::parse("00:00-24:00").unwrap().to_string(),
        "00:00-24:00"
    );
    assert!(Holiday::parse("02-30").is_err());
    assert_eq!(Holiday::parse("02-29").unwrap().to_string(), "02-29");
    assert!(Holiday::parse("2026-02-29").is_err());
    let overlapping = WeekHours::parse_day("09:00-13:00, 12:00-18:00").unwrap();
    let error =
        WeekHours::new([overlapping, vec![], vec![], vec![], vec![], vec![], vec![]]).unwrap_err();
    assert_eq!(error.0[0].field, "monday");
    let error =
        BusinessHours::new("Mars/Olympus", WeekHours::weekdays(&[]).unwrap(), vec![]).unwrap_err();
    let fields: Vec<&str> = error.0.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["time_zone", "hours"]);
}

/// Any calendar: a zone with daylight saving, one to three intervals on some weekdays, a few holidays.
fn any_calendar() -> impl Strategy<Value = BusinessHours> {
    let zone = prop::sample::select(vec![
        "Europe/Madrid",
        "Europe/Rome",
        "America/New_York",
        "UTC",
    ]);
    let day = prop::collection::vec((0u16..1440, 1u16..600), 0..3).prop_map(|spans| {
        let mut intervals: Vec<WorkInterval> = Vec::new();
        let mut cursor = 0;
        for (gap, length) in spans {
            let start = cursor + gap % 480;
            let end = (start + length).min(1440);
            if start >= 1440 || end <= start {
                break;
            }
            intervals.push(WorkInterval::new(start, end).unwrap());
            cursor = end + 1;
        }
        intervals
    });
    let week = [(); 7].map(|_| day.clone());
    let holidays = prop::collection::vec((1i8..=12, 1i8..=28), 0..4);
    (zone, week, holidays).prop_filter_map("no working time", |(zone, week, holidays)| {
        let holidays = holidays
            .into_iter()
            .map(|(month, day)| Holiday::Yearly { month, day })
            .collect();
        BusinessHours::new(zone, WeekHours::new(week).ok()?, holidays).ok()
    })
}

/// Instants from 2026 to 2028, which hold six daylight-saving changes per zone.
fn any_instant() -> impl Strategy<Value = Timestamp> {
    (1_767_225_600i64..1_830_297_600).prop_map(|s| Timestamp::from_second(s).unwrap())
}

fn any_work() -> impl Strategy<Value = SignedDuration> {
    (0i64..60 * 24 * 10).prop_map(SignedDuration::from_mins)
}

/// The deadline, or the case is skipped: a calendar with a minute of work a week has none for a long
/// task within the years [`BusinessHours::add`] looks ahead, and says so with `None`.
fn deadline(
    calendar: &BusinessHours,
    start: Timestamp,
    work: SignedDuration,
) -> Result<Timestamp, TestCaseError> {
    calendar
        .add(start, work)
        .ok_or_else(|| TestCaseError::reject("no working time within the years looked at"))
}

proptest! {
    #[test]
    fn the_deadline_is_never_before_the_start_and_grows_with_the_work(
        calendar in any_calendar(), start in any_instant(), a in any_work(), b in any_work(),
    ) {
        let (less, more) = if a <= b { (a, b) } else { (b, a) };
        let early = deadline(&calendar, start, less)?;
        let late = deadline(&calendar, start, more)?;
        prop_assert!(start <= early);
        prop_assert!(early <= late);
    }

    #[test]
    fn measuring_undoes_adding(calendar in any_calendar(), start in any_instant(), work in any_work()) {
        let due = deadline(&calendar, start, work)?;
        prop_assert_eq!(calendar.between(start, due), work);
    }

    #[test]
    fn adding_in_two_steps_is_adding_at_once(
        calendar in any_calendar(), start in any_instant(), a in any_work(), b in any_work(),
    ) {
        let once = deadline(&calendar, start, a + b)?;
        let twice = deadline(&calendar, deadline(&calendar, start, a)?, b)?;
        prop_assert_eq!(once, twice);
    }

    #[test]
    fn working_time_adds_up_and_never_exceeds_the_clock(
        calendar in any_calendar(), a in any_instant(), b in any_instant(), c in any_instant(),
    ) {
        let mut points = [a, b, c];
        points.sort();
        let [a, b, c] = points;
        prop_assert_eq!(calendar.between(a, b) + calendar.between(b, c), calendar.between(a, c));
        prop_assert!(calendar.between(a, c) <= c.duration_since(a));
    }

    #[test]
    fn a_deadline_after_some_work_lies_in_working_time_or_ends_an_interval(
        calendar in any_calendar(), start in any_instant(), work in any_work(),
    ) {
        prop_assume!(work > SignedDuration::ZERO);
        let due = deadline(&calendar, start, work)?;
        let just_before = due.checked_sub(SignedDuration::from_secs(1)).unwrap();
        prop_assert!(calendar.is_working(just_before));
    }
}
