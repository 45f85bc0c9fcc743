//! Contacts and organizations through the API.

use axum::http::StatusCode;
use serde_json::json;

use crate::harness::TestApi;

crate::both_backends!(null_clears_a_contact_or_organization_custom_field);

/// Regression: a `null` custom field value on a contact or organization was silently ignored (tickets cleared
/// it), so a wrong value could never be removed.
async fn null_clears_a_contact_or_organization_custom_field(api: TestApi) {
    for (entity, path) in [
        ("contact", "/api/v1/contacts"),
        ("organization", "/api/v1/organizations"),
    ] {
        let field = api
            .post(
                "/api/v1/fields",
                &api.admin,
                json!({"entity": entity, "key": "segment", "label": "Segment", "kind": "text"}),
            )
            .await;
        assert_eq!(field.status, StatusCode::CREATED, "{:?}", field.body);
        let created = api
            .post(
                path,
                &api.admin,
                json!({"name": "Casa Verde", "custom_fields": {"segment": "vip"}}),
            )
            .await;
        assert_eq!(created.status, StatusCode::CREATED, "{:?}", created.body);
        assert_eq!(created.body["custom_fields"], json!({"segment": "vip"}));
        let id = created.body["id"].as_str().unwrap();
        let cleared = api
            .patch(
                &format!("{path}/{id}"),
                &api.admin,
                json!({"custom_fields": {"segment": null}}),
            )
            .await;
        assert_eq!(cleared.status, StatusCode::OK, "{:?}", cleared.body);
        assert_eq!(
            cleared.body["custom_fields"],
            json!({}),
            "{entity}: null clears the field"
        );
    }
}
