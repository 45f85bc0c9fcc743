//! Reports' part of the storage seam. Every ticket created on a UTC day is kept, packed, in that day's
//! segment ([`DaySegment`]); the database itself marks a day stale whenever one of its tickets is written
//! (triggers, so no write path can forget), and [`ReportStore::refresh_report_segments`] rebuilds stale
//! days. A year of reports then reads 365 rows, whatever the number of tickets.

use async_trait::async_trait;
use ayuda_core::Timestamp;
use ayuda_core::report::DaySegment;

use crate::StoreError;

/// How many days a report asks [`ReportStore::report_segments`] for at once, so that it reads a long range
/// in pieces and never holds all of it.
pub const SEGMENT_DAYS: u32 = 62;

#[async_trait]
pub trait ReportStore {
    /// Rebuilds, from the tickets, the segments of stale days overlapping `[from, to)`, oldest first, at
    /// most `limit` of them; returns how many it rebuilt. A day written to while it is rebuilt stays stale
    /// for the next call.
    async fn refresh_report_segments(
        &self,
        from: Timestamp,
        to: Timestamp,
        limit: u32,
    ) -> Result<u32, StoreError>;

    /// How many days overlapping `[from, to)` are stale.
    async fn stale_report_days(&self, from: Timestamp, to: Timestamp) -> Result<u32, StoreError>;

    /// The segments of the days overlapping `[from, to)` that have tickets, oldest first, as last built.
    async fn report_segments(
        &self,
        from: Timestamp,
        to: Timestamp,
    ) -> Result<Vec<DaySegment>, StoreError>;
}
