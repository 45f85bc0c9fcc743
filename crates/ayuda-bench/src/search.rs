//! The search benchmark: generated knowledge base articles for `seed`, and `search`, which sends a mix of
//! queries (common and rare words in three languages, phrases, typos, filters, a customer's search) to
//! `GET /api/v1/search` and prints latency per query and over all of them.

use std::sync::Arc;
use std::time::Instant;

use anyhow::bail;
use ayuda_core::id::{AgentId, ArticleId};
use ayuda_core::knowledge::{Article, ArticleStatus, ArticleTitle, Translation, Visibility};
use ayuda_core::text::Language;
use ayuda_store::Store;
use clap::Args;
use serde_json::Value;

use crate::load::{histogram, ms};
use crate::words::{self, Dice, LANGUAGES};

/// Writes `count` published articles, each in the three languages, a tenth internal and a tenth training.
pub async fn seed_articles(
    store: &Arc<dyn Store>,
    count: usize,
    author: AgentId,
    dice: &mut Dice,
) -> anyhow::Result<()> {
    let now = jiff::Timestamp::now();
    let mut writes = tokio::task::JoinSet::new();
    for n in 0..count {
        let mut translations = Vec::new();
        for (language, code) in LANGUAGES.iter().enumerate() {
            let title = words::subject(dice, language);
            let length = 80 + dice.below(300);
            let body = words::text(dice, language, length);
            translations.push(Translation {
                language: Language::parse(code)?,
                title: ArticleTitle::parse(&title)?,
                body_html: format!("<p>{body}</p>"),
                body_text: body,
                status: ArticleStatus::Published,
                version: 1,
                author,
                updated_at: now,
            });
        }
        let article = Article {
            id: ArticleId::generate(),
            category: None,
            visibility: match n % 10 {
                0 => Visibility::Internal,
                1 => Visibility::Training,
                _ => Visibility::Public,
            },
            translations,
            attachments: Vec::new(),
            created_at: now,
            updated_at: now,
            views: 0,
            helpful: 0,
            unhelpful: 0,
            deflections: 0,
        };
        let store = store.clone();
        writes.spawn(async move { store.create_article(article).await });
        if writes.len() >= 256 {
            while let Some(result) = writes.join_next().await {
                result??;
            }
        }
    }
    while let Some(result) = writes.join_next().await {
        result??;
    }
    Ok(())
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    #[arg(long)]
    url: String,
    /// An administrator's API token (sees everything).
    #[arg(long, env = "AYUDA_BENCH_TOKEN")]
    token: String,
    /// A customer's API token, to measure a customer's search too.
    #[arg(long)]
    customer_token: Option<String>,
    /// Requests per query.
    #[arg(long, default_value_t = 100)]
    requests: usize,
    /// Concurrent clients.
    #[arg(long, default_value_t = 4)]
    concurrency: usize,
}

/// The queries measured: what each shows, and the query.
const QUERIES: [(&str, &str); 14] = [
    ("common word, en", "order"),
    ("common word, es (plural finds singular)", "impresoras"),
    ("common word, it", "fattura"),
    ("rarer word, en", "technician"),
    ("two words, es", "reembolso duplicado"),
    ("phrase, it", "\"pagamento doppio\""),
    ("typo, en", "pritner"),
    ("typo, es", "facturra"),
    ("word and exclusion", "refund -bank"),
    ("status filter and word", "status:open factura"),
    ("language filter and word", "lang:it rimborso"),
    (
        "priority and group filters",
        "priority:urgent status:new,open warranty",
    ),
    ("articles only", "in:article garanzia"),
    ("no match", "zyxwvutsr"),
];

pub async fn run(args: SearchArgs) -> anyhow::Result<()> {
    let base = args.url.trim_end_matches('/').to_owned();
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(args.concurrency)
        .tcp_nodelay(true)
        .build()?;
    let mut runs: Vec<(String, String, String)> = QUERIES
        .iter()
        .map(|(name, q)| ((*name).to_owned(), (*q).to_owned(), args.token.clone()))
        .collect();
    if let Some(customer) = &args.customer_token {
        for (name, q) in [
            ("customer: common word", "order"),
            ("customer: typo", "pritner"),
        ] {
            runs.push((name.to_owned(), q.to_owned(), customer.clone()));
        }
    }
    println!("| query | hits | p50 ms | p95 ms | p99 ms |");
    println!("|---|---:|---:|---:|---:|");
    let mut overall = histogram();
    for (name, q, token) in runs {
        let url = Arc::new(format!(
            "{base}/api/v1/search?{}",
            serde_urlencoded::to_string([("q", q.as_str()), ("limit", "20")])?
        ));
        let mut workers = tokio::task::JoinSet::new();
        let per_worker = args.requests.div_ceil(args.concurrency.max(1));
        for _ in 0..args.concurrency.max(1) {
            let (client, url, token) = (client.clone(), url.clone(), token.clone());
            workers.spawn(async move {
                let mut latencies = histogram();
                let mut hits = 0;
                for _ in 0..per_worker {
                    let started = Instant::now();
                    let response = client.get(url.as_str()).bearer_auth(&token).send().await?;
                    if !response.status().is_success() {
                        bail!("{} answered {}", url, response.status());
                    }
                    let found: Value = response.json().await?;
                    latencies.record(started.elapsed().as_micros() as u64).ok();
                    hits = found["items"].as_array().map_or(0, Vec::len);
                }
                Ok::<_, anyhow::Error>((latencies, hits))
            });
        }
        let mut all = histogram();
        let mut hits = 0;
        while let Some(result) = workers.join_next().await {
            let (latencies, count) = result??;
            all.add(latencies).ok();
            hits = count;
        }
        overall.add(&all).ok();
        println!(
            "| {name}: `{q}` | {hits} | {:.2} | {:.2} | {:.2} |",
            ms(all.value_at_quantile(0.5)),
            ms(all.value_at_quantile(0.95)),
            ms(all.value_at_quantile(0.99))
        );
    }
    println!(
        "| **all queries** | | {:.2} | {:.2} | {:.2} |",
        ms(overall.value_at_quantile(0.5)),
        ms(overall.value_at_quantile(0.95)),
        ms(overall.value_at_quantile(0.99))
    );
    Ok(())
}
