//! `TestApi`: a fresh Ayuda (router, store, clock) per test with typed request helpers, and the
//! `both_backends!` macro that runs each test on SQLite and on PostgreSQL.

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use ayuda_app::App;
use ayuda_app::auth::NewAgent;
use ayuda_core::clock::SystemClock;
use ayuda_store_tests::harness::{self, TestStore};
use ayuda_web::{RateLimitConfig, WebConfig};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;

/// Runs each listed `async fn(TestApi)` once per backend, as `sqlite::name` and `postgres::name`.
#[macro_export]
macro_rules! both_backends {
    ($($name:ident),+ $(,)?) => {
        mod sqlite {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() { super::$name($crate::harness::TestApi::sqlite().await).await; })+
        }
        mod postgres {
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() {
                if let Some(api) = $crate::harness::TestApi::postgres().await { super::$name(api).await; }
            })+
        }
    };
}

/// A response as a client sees it.
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Value,
}

impl Reply {
    /// The problem+json field errors as `field: message` lines.
    pub fn field_errors(&self) -> Vec<String> {
        self.body["errors"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|e| {
                format!(
                    "{}: {}",
                    e["field"].as_str().unwrap_or(""),
                    e["message"].as_str().unwrap_or("")
                )
            })
            .collect()
    }
}

/// Where the test server says it is reached, in the links of its mail.
pub const PUBLIC_URL: &str = "http://ayuda.test";

pub struct TestApi {
    pub router: Router,
    pub app: App,
    /// An administrator's token.
    pub admin: String,
    _store: TestStore,
}

impl TestApi {
    pub async fn sqlite() -> TestApi {
        TestApi::with(
            harness::sqlite().await,
            RateLimitConfig {
                per_second: 0,
                burst: 0,
            },
        )
        .await
    }

    pub async fn postgres() -> Option<TestApi> {
        Some(
            TestApi::with(
                harness::postgres().await?,
                RateLimitConfig {
                    per_second: 0,
                    burst: 0,
                },
            )
            .await,
        )
    }

    pub async fn with(store: TestStore, rate_limit: RateLimitConfig) -> TestApi {
        let app = App::new(store.store.clone(), Arc::new(SystemClock))
            .with_public_url(PUBLIC_URL.to_owned());
        let router = ayuda_web::router(app.clone(), WebConfig { rate_limit });
        let mut api = TestApi {
            router,
            app,
            admin: String::new(),
            _store: store,
        };
        api.admin = api.agent_token("admin@test.example", "admin", &[]).await;
        api
    }

    /// The store under the app, to look at what a request left behind (the outbox).
    pub fn store(&self) -> Arc<dyn ayuda_store::Store> {
        self._store.store.clone()
    }

    /// Adds an agent with `role` in `groups` and returns a token for it.
    pub async fn agent_token(&self, email: &str, role: &str, groups: &[&str]) -> String {
        let group_ids = groups
            .iter()
            .map(|g| g.parse().expect("group id"))
            .collect();
        self.app
            .add_agent(NewAgent {
                email: email.into(),
                name: email.split('@').next().unwrap_or("x").into(),
                role: role.into(),
                password: None,
                languages: vec![],
                group_ids,
            })
            .await
            .expect("add agent");
        self.app.issue_token(email, "test").await.expect("token")
    }

    /// A token for the customer with this email (who must exist as a contact).
    pub async fn customer_token(&self, email: &str) -> String {
        self.app
            .issue_token(email, "test")
            .await
            .expect("customer token")
    }

    pub async fn send(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Reply {
        let mut request = Request::builder().method(method).uri(path);
        if let Some(token) = token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        let body = match body {
            Some(body) => {
                request = request.header(header::CONTENT_TYPE, "application/json");
                Body::from(body.to_string())
            }
            None => Body::empty(),
        };
        self.raw(request.body(body).expect("request")).await
    }

    pub async fn raw(&self, request: Request<Body>) -> Reply {
        let response = self
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("router never fails");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes();
        let body = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes)
                .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()))
        };
        Reply {
            status,
            headers,
            body,
        }
    }

    pub async fn get(&self, path: &str, token: &str) -> Reply {
        self.send(Method::GET, path, Some(token), None).await
    }

    pub async fn post(&self, path: &str, token: &str, body: Value) -> Reply {
        self.send(Method::POST, path, Some(token), Some(body)).await
    }

    pub async fn patch(&self, path: &str, token: &str, body: Value) -> Reply {
        self.send(Method::PATCH, path, Some(token), Some(body))
            .await
    }

    /// Creates a group as admin and returns its id.
    pub async fn group(&self, name: &str) -> String {
        let reply = self
            .post("/api/v1/groups", &self.admin, json!({"name": name}))
            .await;
        assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
        reply.body["id"].as_str().expect("id").to_owned()
    }

    /// Opens a ticket as admin for `requester` and returns its JSON.
    pub async fn ticket(&self, subject: &str, requester: &str, extra: Value) -> Value {
        let mut body =
            json!({"subject": subject, "body": "Hello", "requester": {"email": requester}});
        if let (Some(body), Some(extra)) = (body.as_object_mut(), extra.as_object()) {
            body.extend(extra.clone());
        }
        let reply = self.post("/api/v1/tickets", &self.admin, body).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
        reply.body
    }

    /// The numbers of every ticket the admin can list, walking all pages.
    pub async fn all_numbers(&self) -> Vec<i64> {
        let mut numbers = Vec::new();
        let mut path = "/api/v1/tickets?limit=200".to_owned();
        loop {
            let reply = self.get(&path, &self.admin).await;
            assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
            numbers.extend(
                reply.body["items"]
                    .as_array()
                    .expect("items")
                    .iter()
                    .map(|t| t["number"].as_i64().expect("number")),
            );
            match reply.body["next_cursor"].as_str() {
                Some(cursor) => path = format!("/api/v1/tickets?limit=200&cursor={cursor}"),
                None => break,
            }
        }
        numbers.sort_unstable();
        numbers
    }
}

/// A reply's body as text: an HTML page.
pub fn text(reply: &Reply) -> String {
    reply.body.as_str().unwrap_or_default().to_owned()
}

/// The CSRF token the forms of an HTML page carry.
pub fn csrf_in(html: &str) -> String {
    html.split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_else(|| panic!("no CSRF field in {html}"))
        .to_owned()
}

/// The CSRF token the forms of a page carry.
pub fn csrf_of(reply: &Reply) -> String {
    csrf_in(&text(reply))
}
