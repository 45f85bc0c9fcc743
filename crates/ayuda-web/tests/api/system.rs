//! Health checks, metrics and the OpenAPI document.

use axum::http::{Method, StatusCode, header};

use crate::harness::TestApi;

crate::both_backends!(health_metrics_and_openapi);

async fn health_metrics_and_openapi(api: TestApi) {
    assert_eq!(
        api.send(Method::GET, "/healthz", None, None).await.status,
        StatusCode::OK
    );
    let ready = api.send(Method::GET, "/readyz", None, None).await;
    assert_eq!(ready.status, StatusCode::OK);
    assert_eq!(ready.body["status"], "ready");

    api.get("/api/v1/tickets", &api.admin).await;
    let metrics = api.send(Method::GET, "/metrics", None, None).await;
    assert_eq!(metrics.status, StatusCode::OK);
    let text = metrics.body.as_str().unwrap_or_default();
    assert!(text.contains("ayuda_http_requests_total"), "{text}");
    assert!(text.contains("route=\"/api/v1/tickets\""), "{text}");

    let doc = api
        .send(Method::GET, "/api/v1/openapi.json", None, None)
        .await;
    assert_eq!(doc.status, StatusCode::OK);
    assert!(
        doc.headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("application/json")
    );
    assert!(
        doc.body["openapi"].as_str().unwrap().starts_with("3.1"),
        "{}",
        doc.body["openapi"]
    );
    let paths = doc.body["paths"].as_object().unwrap();
    for (path, methods) in [
        ("/api/v1/tickets", &["get", "post"][..]),
        ("/api/v1/tickets/{id}", &["get", "patch"]),
        ("/api/v1/tickets/{id}/messages", &["get", "post"]),
        ("/api/v1/tickets/{id}/history", &["get"]),
        ("/api/v1/contacts", &["get", "post"]),
        ("/api/v1/contacts/{id}", &["get", "patch"]),
        ("/api/v1/organizations", &["get", "post"]),
        ("/api/v1/organizations/{id}", &["get", "patch"]),
        ("/api/v1/groups", &["get", "post"]),
        ("/api/v1/groups/{id}", &["get", "patch"]),
        ("/api/v1/agents", &["get", "post"]),
        ("/api/v1/agents/{id}", &["get", "patch"]),
        ("/api/v1/fields", &["get", "post"]),
        ("/api/v1/fields/{id}", &["get", "patch"]),
        ("/api/v1/openapi.json", &["get"]),
        ("/healthz", &["get"]),
        ("/readyz", &["get"]),
        ("/metrics", &["get"]),
    ] {
        for method in methods {
            let operation = &paths[path][method];
            assert!(
                operation.is_object(),
                "{method} {path} is missing from the document"
            );
            for code in ["400", "422", "500"] {
                assert!(
                    operation["responses"][code].is_object(),
                    "{method} {path} does not document {code}"
                );
            }
        }
    }
}
