//! The reports page for supervisors and administrators: a form (date range, interval, nine filters) and one
//! section per report (volume, nature of inquiries, resolution, times per group and agent, escalations,
//! satisfaction, workload), each a server-drawn SVG chart, its table, and a link to the same table as CSV.
//! Chart, table and CSV are made from the same rows, so they cannot disagree.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use ayuda_app::AppError;
use ayuda_app::reports::{ReportQuery, ReportView};
use ayuda_core::Invalid;
use ayuda_core::contact::OrganizationKind;
use ayuda_core::text::{Language, Tag};
use ayuda_core::ticket::{Channel, TicketType};
use ayuda_i18n::Translator;
use ayuda_insight::report::{BACKLOG_AGES, Interval, Percentiles, Report, ReportFilter, percent};
use jiff::civil::Date;
use serde::Deserialize;

use super::agent::{failure_in, frame};
use super::chart;
use super::session::AgentViewer;
use super::{Area, Frame, render};
use crate::WebState;

/// The form's fields, as the address carries them.
#[derive(Debug, Default, Deserialize, Clone)]
#[serde(default)]
pub struct ReportForm {
    from: String,
    to: String,
    interval: String,
    group: String,
    agent: String,
    channel: String,
    organization: String,
    kind: String,
    language: String,
    #[serde(rename = "type")]
    ticket_type: String,
    category: String,
    tag: String,
    /// For the CSV: which section.
    section: String,
}

fn optional<T>(
    field: &str,
    raw: &str,
    parse: impl FnOnce(&str) -> Option<T>,
) -> Result<Option<T>, Invalid> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    parse(raw)
        .map(Some)
        .ok_or_else(|| Invalid::one(field, "is not one of the choices"))
}

fn id<T>(raw: &str, wrap: impl FnOnce(uuid::Uuid) -> T) -> Option<T> {
    raw.parse::<uuid::Uuid>().ok().map(wrap)
}

impl ReportForm {
    /// The query the form asks for: by default the last 30 days up to today, in the viewer's zone.
    fn query(&self, zone: jiff::tz::TimeZone, today: Date) -> Result<ReportQuery, Invalid> {
        let date = |field: &str, raw: &str, default: Date| -> Result<Date, Invalid> {
            match raw.trim() {
                "" => Ok(default),
                raw => raw
                    .parse()
                    .map_err(|_| Invalid::one(field, "must be a date such as 2026-03-31")),
            }
        };
        let last = date("to", &self.to, today)?;
        let first = date(
            "from",
            &self.from,
            last.checked_sub(jiff::Span::new().days(29)).unwrap_or(last),
        )?;
        Ok(ReportQuery {
            first,
            last,
            zone,
            interval: optional("interval", &self.interval, Interval::parse)?,
            filter: ReportFilter {
                group: optional("group", &self.group, |r| id(r, ayuda_core::id::GroupId))?,
                agent: optional("agent", &self.agent, |r| id(r, ayuda_core::id::AgentId))?,
                channel: optional("channel", &self.channel, |r| Channel::parse(r).ok())?,
                organization: optional("organization", &self.organization, |r| {
                    id(r, ayuda_core::id::OrganizationId)
                })?,
                customer_kind: optional("kind", &self.kind, |r| OrganizationKind::parse(r).ok())?,
                language: optional("language", &self.language, |r| Language::parse(r).ok())?,
                ticket_type: optional("type", &self.ticket_type, |r| TicketType::parse(r).ok())?,
                category: optional("category", &self.category, |r| {
                    id(r, ayuda_core::id::TicketCategoryId)
                })?,
                tag: optional("tag", &self.tag, |r| Tag::parse(r).ok())?,
            },
        })
    }

    /// The address of this form's CSV for `section`.
    fn csv_address(&self, section: &str) -> String {
        let mut form = self.clone();
        form.section = section.to_owned();
        let pairs = [
            ("from", &form.from),
            ("to", &form.to),
            ("interval", &form.interval),
            ("group", &form.group),
            ("agent", &form.agent),
            ("channel", &form.channel),
            ("organization", &form.organization),
            ("kind", &form.kind),
            ("language", &form.language),
            ("type", &form.ticket_type),
            ("category", &form.category),
            ("tag", &form.tag),
            ("section", &form.section),
        ];
        let query = serde_urlencoded::to_string(
            pairs
                .iter()
                .filter(|(_, v)| !v.is_empty())
                .collect::<Vec<_>>(),
        )
        .unwrap_or_default();
        format!("/agent/reports.csv?{query}")
    }
}

/// One report: its chart, its table and where its CSV is.
#[derive(Debug)]
struct Section {
    id: &'static str,
    title: String,
    svg: String,
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
    csv: String,
}

/// A choice in one of the form's lists: (value, label, chosen).
type Choice = (String, String, bool);

#[derive(Template)]
#[template(path = "agent/reports.html")]
struct ReportsPage {
    frame: Frame,
    from: String,
    to: String,
    problem: Option<String>,
    /// (name, label, choices) of each filter list.
    filters: Vec<(&'static str, String, Vec<Choice>)>,
    intervals: Vec<Choice>,
    tag: String,
    /// (label, value) of the headline figures.
    summary: Vec<(String, String)>,
    sections: Vec<Section>,
    /// (rating, comment, ticket address).
    comments: Vec<(u8, String, String)>,
}

/// Names of the people, groups, organizations and categories reports mention, by id.
struct Names {
    groups: Vec<(String, String)>,
    agents: Vec<(String, String)>,
    organizations: Vec<(String, String)>,
    categories: Vec<(String, String)>,
}

impl Names {
    async fn load(state: &WebState, viewer: &AgentViewer) -> Result<Names, AppError> {
        let principal = viewer.principal();
        let app = &state.app;
        let language =
            Language::parse(viewer.words.locale().code()).unwrap_or_else(|_| Language::english());
        Ok(Names {
            groups: app
                .list_groups(principal, None, Some(ayuda_store::MAX_PAGE))
                .await?
                .items
                .into_iter()
                .map(|g| (g.id.to_string(), g.name.as_str().to_owned()))
                .collect(),
            agents: app
                .list_agents(principal, None, Some(ayuda_store::MAX_PAGE))
                .await?
                .items
                .into_iter()
                .map(|a| (a.id.to_string(), a.name.as_str().to_owned()))
                .collect(),
            organizations: app
                .list_organizations(principal, None, Some(ayuda_store::MAX_PAGE))
                .await?
                .items
                .into_iter()
                .map(|o| (o.id.to_string(), o.name.as_str().to_owned()))
                .collect(),
            categories: app
                .ticket_categories(principal)
                .await?
                .into_iter()
                .map(|c| (c.id.to_string(), c.name_in(&language).to_owned()))
                .collect(),
        })
    }

    fn of(list: &[(String, String)], id: Option<String>, words: Translator) -> String {
        match id {
            None => words.t("report-none"),
            Some(id) => list
                .iter()
                .find(|(i, _)| *i == id)
                .map_or(id, |(_, name)| name.clone()),
        }
    }
}

fn hours(seconds: Option<u32>) -> String {
    seconds.map_or_else(String::new, |s| {
        chart::figure((f64::from(s) / 360.0).round() / 10.0)
    })
}

fn rate(value: Option<f64>) -> String {
    value.map_or_else(String::new, chart::figure)
}

fn bars(
    id: &'static str,
    title: String,
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
    column: usize,
) -> Section {
    let values: Vec<(String, f64)> = rows
        .iter()
        .map(|r| (r[0].clone(), r[column].parse().unwrap_or(0.0)))
        .collect();
    Section {
        id,
        svg: chart::bars(&title, &values),
        title,
        headers,
        rows,
        csv: String::new(),
    }
}

fn columns(
    id: &'static str,
    title: String,
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
    series: std::ops::Range<usize>,
) -> Section {
    let labels: Vec<String> = rows.iter().map(|r| r[0].clone()).collect();
    let series: Vec<(String, Vec<f64>)> = series
        .map(|c| {
            let values: Vec<f64> = rows.iter().map(|r| r[c].parse().unwrap_or(0.0)).collect();
            (headers[c].clone(), values)
        })
        .filter(|(_, values)| values.iter().any(|v| *v > 0.0))
        .collect();
    Section {
        id,
        svg: chart::columns(&title, &labels, &series),
        title,
        headers,
        rows,
        csv: String::new(),
    }
}

fn interval_label(words: Translator, interval: Interval, date: Date) -> String {
    let month = words.t(&format!("month-{}", date.month()));
    match interval {
        Interval::Month => format!("{month} {}", date.year()),
        Interval::Day | Interval::Week => format!("{} {month}", date.day()),
    }
}

/// A breakdown's row: its name, tickets created, share resolved, frustrated.
fn breakdown<K>(key: String, b: &ayuda_insight::report::Breakdown<K>) -> Vec<String> {
    vec![
        key,
        b.created.to_string(),
        rate(percent(b.solved, b.created)),
        b.frustrated.to_string(),
    ]
}

/// Every section of `report`, in page order.
fn sections(report: &Report, names: &Names, words: Translator) -> Vec<Section> {
    let t = |key: &str| words.t(key);
    let interval = report.period.interval;
    let intervals: Vec<String> = report
        .intervals
        .iter()
        .map(|d| interval_label(words, interval, *d))
        .collect();
    let over_time =
        |keys: Vec<String>, values: Vec<&Vec<u32>>| -> (Vec<String>, Vec<Vec<String>>) {
            let mut headers = vec![t("report-interval")];
            headers.extend(keys);
            headers.push(t("report-total"));
            let rows = intervals
                .iter()
                .enumerate()
                .map(|(i, label)| {
                    let mut row = vec![label.clone()];
                    row.extend(values.iter().map(|v| v[i].to_string()));
                    row.push(report.created[i].to_string());
                    row
                })
                .collect();
            (headers, rows)
        };
    let mut sections = Vec::new();
    let (headers, rows) = over_time(
        report
            .channels
            .iter()
            .map(|b| t(&format!("channel-{}", b.key)))
            .collect(),
        report.channels.iter().map(|b| &b.per_interval).collect(),
    );
    let n = headers.len();
    sections.push(columns(
        "volume",
        t("report-volume"),
        headers,
        rows,
        1..n - 1,
    ));
    let (headers, rows) = over_time(
        report
            .types
            .iter()
            .map(|b| t(&format!("type-{}", b.key)))
            .collect(),
        report.types.iter().map(|b| &b.per_interval).collect(),
    );
    let n = headers.len();
    sections.push(columns("types", t("report-types"), headers, rows, 1..n - 1));
    let category_name = |id: &Option<ayuda_core::id::TicketCategoryId>| {
        Names::of(&names.categories, id.map(|c| c.to_string()), words)
    };
    let top: Vec<_> = report.categories.iter().take(8).collect();
    let (headers, rows) = over_time(
        top.iter().map(|b| category_name(&b.key)).collect(),
        top.iter().map(|b| &b.per_interval).collect(),
    );
    let n = headers.len();
    sections.push(columns(
        "category-trend",
        t("report-category-trend"),
        headers,
        rows,
        1..n - 1,
    ));
    let kind_headers = vec![
        t("report-category"),
        t("report-created"),
        t("report-complaints"),
        t("report-solved"),
        t("report-frustrated"),
    ];
    let rows = report
        .categories
        .iter()
        .map(|b| {
            vec![
                category_name(&b.key),
                b.created.to_string(),
                b.complaints.to_string(),
                b.solved.to_string(),
                b.frustrated.to_string(),
            ]
        })
        .collect();
    sections.push(bars(
        "categories",
        t("report-categories"),
        kind_headers,
        rows,
        1,
    ));
    let rows = report
        .tags
        .iter()
        .take(20)
        .map(|b| {
            vec![
                b.key.as_str().to_owned(),
                b.created.to_string(),
                b.complaints.to_string(),
            ]
        })
        .collect();
    sections.push(bars(
        "tags",
        t("report-tags"),
        vec![t("report-tag"), t("report-created"), t("report-complaints")],
        rows,
        1,
    ));
    let mut complaints: Vec<(String, u32)> = report
        .categories
        .iter()
        .map(|b| (category_name(&b.key), b.complaints))
        .chain(
            report
                .tags
                .iter()
                .map(|b| (format!("#{}", b.key.as_str()), b.complaints)),
        )
        .filter(|(_, n)| *n > 0)
        .collect();
    complaints.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let rows = complaints
        .into_iter()
        .take(20)
        .map(|(k, n)| vec![k, n.to_string()])
        .collect();
    sections.push(bars(
        "complaints",
        t("report-complaint-topics"),
        vec![t("report-topic"), t("report-complaints")],
        rows,
        1,
    ));
    let rows = (0..24)
        .map(|h| vec![format!("{h:02}"), report.hours[h].to_string()])
        .collect();
    let headers = vec![t("report-hour"), t("report-created")];
    sections.push(columns("hours", t("report-hours"), headers, rows, 1..2));
    let rows = (0..7)
        .map(|d| vec![t(&format!("weekday-{d}")), report.weekdays[d].to_string()])
        .collect();
    sections.push(bars(
        "weekdays",
        t("report-weekdays"),
        vec![t("report-weekday"), t("report-created")],
        rows,
        1,
    ));
    let rows = BACKLOG_AGES
        .iter()
        .zip(report.backlog)
        .map(|((from, below), n)| {
            let label = match below {
                Some(below) => words.t_with(
                    "report-age-between",
                    &[
                        ayuda_i18n::Arg::number("from", i64::from(*from)),
                        ayuda_i18n::Arg::number("to", i64::from(*below)),
                    ],
                ),
                None => words.tn("report-age-over", "from", i64::from(*from)),
            };
            vec![label, n.to_string()]
        })
        .collect();
    sections.push(bars(
        "backlog",
        t("report-backlog"),
        vec![t("report-age"), t("report-open")],
        rows,
        1,
    ));
    let team_headers = |first: &str| {
        vec![
            t(first),
            t("report-created"),
            t("report-solved"),
            t("report-open"),
            t("report-replies"),
            t("report-frt-median"),
            t("report-frt-p90"),
            t("report-resolution-median"),
            t("report-resolution-p90"),
            t("report-sla-met"),
            t("report-csat"),
            t("report-escalated"),
        ]
    };
    let team_row = |name: String,
                    tally: &ayuda_insight::report::Tally,
                    frt: &Percentiles,
                    resolution: &Percentiles| {
        vec![
            name,
            tally.created.to_string(),
            tally.solved.to_string(),
            tally.open.to_string(),
            tally.agent_replies.to_string(),
            hours(frt.median),
            hours(frt.p90),
            hours(resolution.median),
            hours(resolution.p90),
            rate(tally.sla_met_rate()),
            rate(tally.satisfaction_score()),
            tally.escalated.to_string(),
        ]
    };
    let rows = report
        .groups
        .iter()
        .map(|r| {
            team_row(
                Names::of(&names.groups, r.key.map(|g| g.to_string()), words),
                &r.tally,
                &r.first_response,
                &r.resolution,
            )
        })
        .collect();
    sections.push(bars(
        "groups",
        t("report-groups"),
        team_headers("report-group"),
        rows,
        5,
    ));
    let rows = report
        .agents
        .iter()
        .map(|r| {
            team_row(
                Names::of(&names.agents, r.key.map(|a| a.to_string()), words),
                &r.tally,
                &r.first_response,
                &r.resolution,
            )
        })
        .collect();
    sections.push(bars(
        "agents",
        t("report-agents"),
        team_headers("report-agent"),
        rows,
        2,
    ));
    let rows = report
        .escalations
        .iter()
        .map(|(target, n)| {
            let name = match target {
                ayuda_core::report::EscalationTarget::Group(g) => {
                    Names::of(&names.groups, Some(g.to_string()), words)
                }
                ayuda_core::report::EscalationTarget::Agent(a) => {
                    Names::of(&names.agents, Some(a.to_string()), words)
                }
            };
            vec![name, n.to_string()]
        })
        .collect();
    sections.push(bars(
        "escalations",
        t("report-escalations"),
        vec![t("report-destination"), t("report-escalations-count")],
        rows,
        1,
    ));
    let rows = (1..=5)
        .rev()
        .map(|r| vec![r.to_string(), report.ratings[r - 1].to_string()])
        .collect();
    sections.push(bars(
        "satisfaction",
        t("report-satisfaction"),
        vec![t("report-rating"), t("report-count")],
        rows,
        1,
    ));

    let headers = |first: &str| {
        vec![
            t(first),
            t("report-created"),
            t("report-resolution-rate"),
            t("report-frustrated"),
        ]
    };
    let rows = report
        .customer_kinds
        .iter()
        .map(|b| breakdown(t(&format!("organization-kind-{}", b.key)), b))
        .collect();
    sections.push(bars(
        "customers",
        t("report-customers"),
        headers("report-kind"),
        rows,
        1,
    ));
    let rows = report
        .languages
        .iter()
        .map(|b| breakdown(b.key.as_str().to_owned(), b))
        .collect();
    sections.push(bars(
        "languages",
        t("report-languages"),
        headers("report-language"),
        rows,
        1,
    ));
    sections
}

fn summary(report: &Report, words: Translator) -> Vec<(String, String)> {
    let total = &report.total;
    let t = |key: &str| words.t(key);
    let percent_of =
        |v: Option<f64>| v.map_or_else(|| "–".to_owned(), |v| format!("{}%", chart::figure(v)));
    let time = |s: Option<u32>| {
        if s.is_some() {
            format!("{} h", hours(s))
        } else {
            "–".to_owned()
        }
    };
    vec![
        (t("report-created"), total.created.to_string()),
        (
            t("report-resolution-rate"),
            percent_of(total.resolution_rate()),
        ),
        (
            t("report-first-contact"),
            percent_of(total.first_contact_rate()),
        ),
        (t("report-reopen-rate"), percent_of(total.reopen_rate())),
        (t("report-open"), total.open.to_string()),
        (t("report-frt-median"), time(report.first_response.median)),
        (t("report-frt-p90"), time(report.first_response.p90)),
        (
            t("report-resolution-median"),
            time(report.resolution.median),
        ),
        (t("report-resolution-p90"), time(report.resolution.p90)),
        (t("report-sla-met"), percent_of(total.sla_met_rate())),
        (
            t("report-escalation-rate"),
            percent_of(total.escalation_rate()),
        ),
        (t("report-csat"), percent_of(total.satisfaction_score())),
        (t("report-frustrated"), percent_of(total.frustration_rate())),
    ]
}

async fn load(
    state: &WebState,
    viewer: &AgentViewer,
    form: &ReportForm,
) -> Result<(ReportQuery, ReportView, Names), AppError> {
    let zone = jiff::tz::TimeZone::get(viewer.zone.name()).unwrap_or(jiff::tz::TimeZone::UTC);
    let today = state.app.clock().now().to_zoned(zone.clone()).date();
    let query = form.query(zone, today)?;
    let view = state.app.report(viewer.principal(), &query).await?;
    let names = Names::load(state, viewer).await?;
    Ok((query, view, names))
}

fn choices(list: &[(String, String)], chosen: &str) -> Vec<Choice> {
    list.iter()
        .map(|(v, l)| (v.clone(), l.clone(), v == chosen))
        .collect()
}

/// `GET /agent/reports`
pub async fn page(
    State(state): State<WebState>,
    viewer: AgentViewer,
    Query(form): Query<ReportForm>,
) -> Response {
    let words = viewer.words;
    let (query, view, names) = match load(&state, &viewer, &form).await {
        Ok(loaded) => loaded,
        Err(AppError::Invalid(invalid)) => {
            let mut page = empty_page(&viewer, &form, None);
            page.problem = Some(invalid.to_string());
            return (StatusCode::UNPROCESSABLE_ENTITY, render(&page)).into_response();
        }
        Err(error) => return failure_in(words, Area::Agent, &error),
    };
    let mut page = empty_page(&viewer, &form, Some(&names));
    page.from = query.first.to_string();
    page.to = query.last.to_string();
    page.intervals = Interval::ALL
        .iter()
        .map(|i| {
            (
                i.as_str().to_owned(),
                words.t(&format!("report-interval-{}", i.as_str())),
                *i == view.report.period.interval,
            )
        })
        .collect();
    page.summary = summary(&view.report, words);
    page.sections = sections(&view.report, &names, words);
    for section in &mut page.sections {
        section.csv = form.csv_address(section.id);
    }
    page.comments = view
        .comments
        .iter()
        .filter_map(|(number, survey)| {
            Some((
                survey.rating?.value(),
                survey.comment.clone()?,
                format!("/agent/tickets/{}", number.0),
            ))
        })
        .collect();
    render(&page)
}

fn empty_page(viewer: &AgentViewer, form: &ReportForm, names: Option<&Names>) -> ReportsPage {
    let words = viewer.words;
    let empty = Names {
        groups: Vec::new(),
        agents: Vec::new(),
        organizations: Vec::new(),
        categories: Vec::new(),
    };
    let names = names.unwrap_or(&empty);
    let closed = |prefix: &str, values: &[&'static str]| -> Vec<(String, String)> {
        values
            .iter()
            .map(|v| (v.to_string(), words.t(&format!("{prefix}-{v}"))))
            .collect()
    };
    let channels: Vec<&'static str> = Channel::ALL.iter().map(|c| c.as_str()).collect();
    let types: Vec<&'static str> = TicketType::ALL.iter().map(|c| c.as_str()).collect();
    let kinds: Vec<&'static str> = OrganizationKind::ALL.iter().map(|c| c.as_str()).collect();
    let languages: Vec<(String, String)> = ["en", "es", "it"]
        .iter()
        .map(|l| (l.to_string(), l.to_string()))
        .collect();
    ReportsPage {
        frame: frame(viewer, words.t("report-title"), "reports"),
        from: form.from.clone(),
        to: form.to.clone(),
        problem: None,
        filters: vec![
            (
                "group",
                words.t("report-group"),
                choices(&names.groups, &form.group),
            ),
            (
                "agent",
                words.t("report-agent"),
                choices(&names.agents, &form.agent),
            ),
            (
                "channel",
                words.t("report-channel"),
                choices(&closed("channel", &channels), &form.channel),
            ),
            (
                "organization",
                words.t("report-organization"),
                choices(&names.organizations, &form.organization),
            ),
            (
                "kind",
                words.t("report-kind"),
                choices(&closed("organization-kind", &kinds), &form.kind),
            ),
            (
                "language",
                words.t("report-language"),
                choices(&languages, &form.language),
            ),
            (
                "type",
                words.t("report-type"),
                choices(&closed("type", &types), &form.ticket_type),
            ),
            (
                "category",
                words.t("report-category"),
                choices(&names.categories, &form.category),
            ),
        ],
        intervals: Vec::new(),
        tag: form.tag.clone(),
        summary: Vec::new(),
        sections: Vec::new(),
        comments: Vec::new(),
    }
}

/// A CSV field: quoted when it holds a separator, a quote or a line break; a leading `=`, `+`, `-` or `@`
/// gets a `'` so that a spreadsheet does not run it as a formula.
fn csv_field(value: &str) -> String {
    let value = if value.starts_with(['=', '+', '-', '@']) && value.parse::<f64>().is_err() {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

pub fn csv(headers: &[String], rows: &[Vec<String>]) -> String {
    let mut out = String::new();
    for row in std::iter::once(headers).chain(rows.iter().map(Vec::as_slice)) {
        let line: Vec<String> = row.iter().map(|f| csv_field(f)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

/// `GET /agent/reports.csv?section=…`: one section's table, under the same range and filters.
pub async fn download(
    State(state): State<WebState>,
    viewer: AgentViewer,
    Query(form): Query<ReportForm>,
) -> Response {
    let words = viewer.words;
    let (query, view, names) = match load(&state, &viewer, &form).await {
        Ok(loaded) => loaded,
        Err(error) => return failure_in(words, Area::Agent, &error),
    };
    let sections = sections(&view.report, &names, words);
    let Some(section) = sections.iter().find(|s| s.id == form.section) else {
        return failure_in(words, Area::Agent, &AppError::NotFound("report"));
    };
    let name = format!("ayuda-{}-{}-{}.csv", section.id, query.first, query.last);
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        csv(&section.headers, &section.rows),
    )
        .into_response()
}
