//! Agents sign in with a password (stored as Argon2id) for a token, and sign out by revoking it.

use axum::http::{Method, StatusCode};
use ayuda_app::auth::NewAgent;
use serde_json::json;

use crate::harness::TestApi;

crate::both_backends!(
    agents_sign_in_with_a_password_and_out_again,
    with_two_step_sign_in_the_api_needs_the_current_code_too
);

async fn agents_sign_in_with_a_password_and_out_again(api: TestApi) {
    api.app
        .add_agent(NewAgent {
            email: "Ana@Desk.example".into(),
            name: "Ana".into(),
            role: "agent".into(),
            password: Some("correct horse battery".into()),
            ..NewAgent::default()
        })
        .await
        .unwrap();
    let (_, hash) = api
        .app
        .store()
        .find_agent_by_email("ana@desk.example")
        .await
        .unwrap()
        .unwrap();
    let hash = hash.expect("a password hash is stored");
    assert!(
        hash.starts_with("$argon2id$"),
        "stored as an Argon2id PHC string, never in clear: {hash}"
    );
    assert!(!hash.contains("correct horse"));

    let sign_in = |email: &'static str, password: &'static str| {
        api.send(
            Method::POST,
            "/api/v1/auth/sign-in",
            None,
            Some(json!({"email": email, "password": password})),
        )
    };
    let wrong = sign_in("ana@desk.example", "wrong horse battery").await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    let unknown = sign_in("nobody@desk.example", "correct horse battery").await;
    assert_eq!(unknown.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        unknown.body["detail"], wrong.body["detail"],
        "unknown email and wrong password read the same"
    );

    let signed_in = sign_in("ANA@desk.example", "correct horse battery").await;
    assert_eq!(
        signed_in.status,
        StatusCode::CREATED,
        "{:?}",
        signed_in.body
    );
    let token = signed_in.body["token"].as_str().unwrap().to_owned();
    assert_eq!(
        api.get("/api/v1/tickets", &token).await.status,
        StatusCode::OK
    );

    let out = api
        .send(Method::POST, "/api/v1/auth/sign-out", Some(&token), None)
        .await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    assert_eq!(
        api.get("/api/v1/tickets", &token).await.status,
        StatusCode::UNAUTHORIZED,
        "a revoked token opens nothing"
    );

    let deactivated = api
        .patch(
            &format!(
                "/api/v1/agents/{}",
                api.app
                    .store()
                    .find_agent_by_email("ana@desk.example")
                    .await
                    .unwrap()
                    .unwrap()
                    .0
                    .id
            ),
            &api.admin,
            json!({"active": false}),
        )
        .await;
    assert_eq!(deactivated.status, StatusCode::OK);
    assert_eq!(
        sign_in("ana@desk.example", "correct horse battery")
            .await
            .status,
        StatusCode::UNAUTHORIZED,
        "deactivated agents cannot sign in"
    );

    let short = api
        .post(
            "/api/v1/agents",
            &api.admin,
            json!({"email": "b@desk.example", "name": "B", "role": "agent", "password": "short"}),
        )
        .await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        short.field_errors(),
        ["password: must have at least 10 characters"]
    );
}

async fn with_two_step_sign_in_the_api_needs_the_current_code_too(api: TestApi) {
    let agent = api
        .app
        .add_agent(NewAgent {
            email: "bea@desk.example".into(),
            name: "Bea".into(),
            role: "agent".into(),
            password: Some("correct horse battery".into()),
            ..NewAgent::default()
        })
        .await
        .unwrap();
    let principal = ayuda_core::permission::Principal::Agent {
        id: agent.id,
        role: agent.role,
        group_ids: vec![],
    };
    let secret = ayuda_app::totp::new_secret().unwrap();
    let bytes = ayuda_app::totp::from_base32(&secret).unwrap();
    let code = || {
        format!(
            "{:06}",
            ayuda_app::totp::code_at(&bytes, jiff::Timestamp::now())
        )
    };
    // A wrong code does not turn it on.
    let wrong = format!(
        "{:06}",
        (code().parse::<u32>().unwrap() + 500_000) % 1_000_000
    );
    assert!(
        api.app
            .enable_totp(&principal, &secret, &wrong)
            .await
            .is_err()
    );
    api.app
        .enable_totp(&principal, &secret, &code())
        .await
        .unwrap();

    let sign_in =
        |body: serde_json::Value| api.send(Method::POST, "/api/v1/auth/sign-in", None, Some(body));
    let without =
        sign_in(json!({"email": "bea@desk.example", "password": "correct horse battery"})).await;
    assert_eq!(without.status, StatusCode::UNAUTHORIZED);
    let wrong_code = sign_in(
        json!({"email": "bea@desk.example", "password": "correct horse battery", "code": wrong}),
    )
    .await;
    assert_eq!(wrong_code.status, StatusCode::UNAUTHORIZED);
    let with = sign_in(
        json!({"email": "bea@desk.example", "password": "correct horse battery", "code": code()}),
    )
    .await;
    assert_eq!(with.status, StatusCode::CREATED, "{:?}", with.body);
    // Turning it off needs a code as well.
    assert!(api.app.disable_totp(&principal, &wrong).await.is_err());
    api.app.disable_totp(&principal, &code()).await.unwrap();
    let after =
        sign_in(json!({"email": "bea@desk.example", "password": "correct horse battery"})).await;
    assert_eq!(after.status, StatusCode::CREATED);
}
