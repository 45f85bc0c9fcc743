//! Reports for supervisors and administrators: the figures of the tickets created over a range of local
//! days (`ayuda-insight`'s [`Report`]), filtered, from the store's day segments. Stale days are rebuilt
//! first, so a report always counts every ticket as it stands; the background sweep keeps them fresh so
//! that this is rarely needed.

use ayuda_core::agent::Role;
use ayuda_core::id::TicketNumber;
use ayuda_core::insight::Survey;
use ayuda_core::permission::Principal;
use ayuda_core::report::UtcDay;
use ayuda_core::{Invalid, Timestamp};
use ayuda_insight::report::{Interval, Report, ReportBuilder, ReportFilter, ReportPeriod};
use ayuda_store::report::SEGMENT_DAYS;
use jiff::civil::Date;
use jiff::tz::TimeZone;

use crate::{App, AppError};

/// The longest range a report covers: two years, enough to compare a year with the one before.
pub const MAX_REPORT_DAYS: i64 = 732;

/// The longest range shown day by day (a chart of more days than this is unreadable).
pub const MAX_DAILY_DAYS: i64 = 93;

/// Stale days rebuilt per background round; the rest wait for the next.
const REFRESH_PER_ROUND: u32 = 50;

/// What a report is asked for.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportQuery {
    pub first: Date,
    /// Inclusive.
    pub last: Date,
    /// The zone whose days and hours the report counts in (the viewer's).
    pub zone: TimeZone,
    /// `None`: chosen from the range's length.
    pub interval: Option<Interval>,
    pub filter: ReportFilter,
}

/// A report with the survey comments it lists.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportView {
    pub report: Report,
    /// The surveys of [`Report::comments`] with their tickets' numbers, in that order.
    pub comments: Vec<(TicketNumber, Survey)>,
}

fn supervisor(principal: &Principal) -> Result<(), AppError> {
    match principal {
        Principal::Agent {
            role: Role::Admin | Role::Supervisor,
            ..
        } => Ok(()),
        _ => Err(AppError::Forbidden(
            "only supervisors and administrators see reports",
        )),
    }
}

impl ReportQuery {
    fn period(&self, now: Timestamp) -> Result<ReportPeriod, AppError> {
        if self.last < self.first {
            return Err(Invalid::one("to", "must not be before the start of the range").into());
        }
        // Subtracting dates gives whole days.
        let days = i64::from((self.last - self.first).get_days()) + 1;
        if days > MAX_REPORT_DAYS {
            return Err(Invalid::one(
                "to",
                format!("a report covers at most {MAX_REPORT_DAYS} days"),
            )
            .into());
        }
        let interval = self.interval.unwrap_or(Interval::for_days(days));
        if interval == Interval::Day && days > MAX_DAILY_DAYS {
            return Err(Invalid::one(
                "interval",
                format!("day by day covers at most {MAX_DAILY_DAYS} days; choose weeks or months"),
            )
            .into());
        }
        Ok(ReportPeriod {
            first: self.first,
            last: self.last,
            zone: self.zone.clone(),
            interval,
            now,
        })
    }
}

impl App {
    /// The categories of inquiries, retired ones too, for agents (reports and the ticket page name them).
    pub async fn ticket_categories(
        &self,
        principal: &Principal,
    ) -> Result<Vec<ayuda_core::insight::TicketCategory>, AppError> {
        if principal.is_customer() {
            return Err(AppError::Forbidden("categories are for agents"));
        }
        Ok(self.store.list_ticket_categories().await?)
    }

    /// The report for `query`.
    pub async fn report(
        &self,
        principal: &Principal,
        query: &ReportQuery,
    ) -> Result<ReportView, AppError> {
        supervisor(principal)?;
        let period = query.period(self.clock.now())?;
        let (start, end) = (period.start(), period.end());
        self.store
            .refresh_report_segments(start, end, u32::MAX)
            .await?;
        let mut builder = ReportBuilder::new(period, query.filter.clone());
        // Whole UTC days at a time, so that no day is read twice.
        let days: Vec<UtcDay> = UtcDay::covering(start, end).collect();
        for chunk in days.chunks(SEGMENT_DAYS as usize) {
            let (Some(first), Some(last)) = (chunk.first(), chunk.last()) else {
                continue;
            };
            for segment in self
                .store
                .report_segments(first.start(), last.end())
                .await?
            {
                builder.add(&segment);
            }
        }
        let report = builder.finish();
        let tickets = self.store.get_tickets(&report.comments).await?;
        let mut comments = Vec::with_capacity(report.comments.len());
        for ticket in tickets {
            if let Some(survey) = self.store.survey_of_ticket(ticket.id).await? {
                comments.push((ticket.number, survey));
            }
        }
        // In the report's order (newest first), whatever order the tickets were read in.
        comments.sort_by_key(|(_, s)| {
            report
                .comments
                .iter()
                .position(|t| *t == s.ticket_id)
                .unwrap_or(usize::MAX)
        });
        Ok(ReportView { report, comments })
    }

    /// Rebuilds some stale days of reports; returns how many. Run in the background after each SLA sweep.
    pub async fn refresh_reports(&self) -> Result<u32, AppError> {
        let now = self.clock.now();
        let tomorrow = now
            .checked_add(jiff::SignedDuration::from_hours(48))
            .unwrap_or(now);
        Ok(self
            .store
            .refresh_report_segments(Timestamp::UNIX_EPOCH, tomorrow, REFRESH_PER_ROUND)
            .await?)
    }
}
