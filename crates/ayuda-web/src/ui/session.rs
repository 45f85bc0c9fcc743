//! Who is looking at a page: the session cookie (an API token kept `HttpOnly`, so page scripts never see
//! it), the reader's language, and the CSRF token every form carries.
//!
//! The CSRF token is derived from the session secret (SHA-256 with a fixed label), so any app node can check
//! it without shared state, and a page on another site, which cannot read the cookie, cannot produce it.
//! Before signing in there is no session; the sign-in form is protected by a random `ayuda_csrf` cookie that
//! the form must repeat (double submit) and by [`super::security`]'s cross-site check.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use ayuda_app::Session;
use ayuda_core::agent::Agent;
use ayuda_core::permission::Principal;
use ayuda_i18n::{Locale, TimeZone, Translator};
use sha2::{Digest, Sha256};

use super::Area;
use crate::WebState;

/// The session cookie.
pub const SESSION_COOKIE: &str = "ayuda_session";
/// The language chosen on the sign-in page, before there is an account to keep it on.
pub const LANGUAGE_COOKIE: &str = "ayuda_lang";
/// The sign-in form's double-submit token.
pub const PRE_SESSION_COOKIE: &str = "ayuda_csrf";

/// The value of cookie `name`, if the request carries it.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.trim())
}

/// A `Set-Cookie` value: `HttpOnly`, `SameSite=Lax` (a link from an email still opens a signed-in page;
/// cross-site form posts get no cookie), `Secure` when the request came over HTTPS.
pub fn set_cookie(name: &str, value: &str, max_age_seconds: i64, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_seconds}{secure}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("invalid=; Max-Age=0"))
}

/// Whether the browser reached us over HTTPS, directly or through a proxy that says so.
pub fn is_https(headers: &HeaderMap) -> bool {
    headers
        .get("x-forwarded-proto")
        .is_some_and(|proto| proto.as_bytes().eq_ignore_ascii_case(b"https"))
}

/// The CSRF token of a session (or pre-session) secret: 32 hex digits.
pub fn csrf_token(secret: &str) -> String {
    let digest = Sha256::new()
        .chain_update(b"ayuda-csrf\0")
        .chain_update(secret.as_bytes())
        .finalize();
    digest[..16].iter().map(|b| format!("{b:02x}")).collect()
}

/// Compares in time independent of where the first difference is.
pub fn same_token(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// The reader's language: their own choice (the cookie), else the browser's preference, else English.
pub fn locale_of(headers: &HeaderMap) -> Locale {
    cookie(headers, LANGUAGE_COOKIE)
        .and_then(Locale::from_tag)
        .or_else(|| {
            headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Locale::negotiate)
        })
        .unwrap_or(Locale::DEFAULT)
}

/// A signed-in agent looking at a workspace page. Extracting it from a request without a valid session
/// redirects to the sign-in page, coming back here afterwards.
#[derive(Debug, Clone)]
pub struct AgentViewer {
    pub session: Session,
    pub agent: Agent,
    pub words: Translator,
    pub zone: TimeZone,
    pub csrf: String,
    /// Their unread notifications, counted up to [`super::UNREAD_SHOWN`].
    pub unread: u32,
}

impl AgentViewer {
    pub fn principal(&self) -> &Principal {
        &self.session.principal
    }

    /// Whether a submitted form carries this session's CSRF token.
    pub fn csrf_ok(&self, submitted: &str) -> bool {
        same_token(&self.csrf, submitted)
    }
}

/// Why a page has no viewer: sent to sign in (and back here afterwards), sent to the other interface (a
/// customer's session on a workspace page, an agent's on a portal page), or told to try again.
#[derive(Debug)]
pub enum NoViewer {
    SignIn { area: Area, back_to: String },
    Elsewhere(Area),
    Failed,
}

impl IntoResponse for NoViewer {
    fn into_response(self) -> Response {
        match self {
            NoViewer::SignIn { area, back_to } => {
                let next =
                    serde_urlencoded::to_string([("next", back_to.as_str())]).unwrap_or_default();
                Redirect::to(&format!("/{}/sign-in?{next}", area.path())).into_response()
            }
            NoViewer::Elsewhere(area) => Redirect::to(&format!("/{}", area.path())).into_response(),
            NoViewer::Failed => {
                (axum::http::StatusCode::SERVICE_UNAVAILABLE, "try again").into_response()
            }
        }
    }
}

/// The valid session of the request's cookie, with its secret (which the CSRF token derives from).
async fn cookie_session<'a>(
    parts: &'a Parts,
    state: &WebState,
    area: Area,
) -> Result<(Session, &'a str), NoViewer> {
    let sign_in = || NoViewer::SignIn {
        area,
        back_to: parts
            .uri
            .path_and_query()
            .map(|p| p.as_str().to_owned())
            .unwrap_or_else(|| format!("/{}", area.path())),
    };
    let secret = cookie(&parts.headers, SESSION_COOKIE).ok_or_else(sign_in)?;
    match state.app.authenticate(secret).await {
        Ok(session) => Ok((session, secret)),
        Err(ayuda_app::AppError::Unauthenticated) => Err(sign_in()),
        Err(error) => {
            tracing::warn!(%error, "cannot check a session");
            Err(NoViewer::Failed)
        }
    }
}

/// Logs a store failure while finding who is signed in, and answers "try again".
fn failed(what: &str, error: impl std::fmt::Display) -> NoViewer {
    tracing::warn!(%error, "cannot read {what}");
    NoViewer::Failed
}

impl FromRequestParts<WebState> for AgentViewer {
    type Rejection = NoViewer;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &WebState,
    ) -> Result<AgentViewer, NoViewer> {
        let (session, secret) = cookie_session(parts, state, Area::Agent).await?;
        let Principal::Agent { id, .. } = session.principal else {
            return Err(NoViewer::Elsewhere(Area::Portal));
        };
        let agent = state
            .app
            .store()
            .get_agent(id)
            .await
            .map_err(|e| failed("the signed-in agent", e))?
            .ok_or(NoViewer::Failed)?;
        // Their own choices first, then the browser's language and UTC.
        let preference = state
            .app
            .store()
            .agent_preference(id)
            .await
            .map_err(|e| failed("the agent's preferences", e))?;
        let locale = preference
            .language
            .as_deref()
            .and_then(ayuda_i18n::Locale::from_tag)
            .unwrap_or_else(|| locale_of(&parts.headers));
        let zone = preference
            .time_zone
            .as_deref()
            .and_then(TimeZone::named)
            .unwrap_or_else(TimeZone::utc);
        let unread = state
            .app
            .unread_notifications(&session.principal, super::UNREAD_SHOWN)
            .await
            .map_err(|e| failed("the agent's notifications", e))?;
        Ok(AgentViewer {
            csrf: csrf_token(secret),
            words: Translator::new(locale),
            zone,
            session,
            agent,
            unread,
        })
    }
}

/// A signed-in customer looking at a portal page. Without a valid session, the request is redirected to
/// the portal's sign-in, coming back afterwards; an agent's session is sent to the workspace.
#[derive(Debug, Clone)]
pub struct CustomerViewer {
    pub session: Session,
    pub contact: ayuda_core::contact::Contact,
    pub words: Translator,
    pub zone: TimeZone,
    pub csrf: String,
}

impl CustomerViewer {
    pub fn principal(&self) -> &Principal {
        &self.session.principal
    }

    pub fn csrf_ok(&self, submitted: &str) -> bool {
        same_token(&self.csrf, submitted)
    }
}

impl FromRequestParts<WebState> for CustomerViewer {
    type Rejection = NoViewer;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &WebState,
    ) -> Result<CustomerViewer, NoViewer> {
        let (session, secret) = cookie_session(parts, state, Area::Portal).await?;
        let Principal::Customer { contact_id, .. } = session.principal else {
            return Err(NoViewer::Elsewhere(Area::Agent));
        };
        let contact = state
            .app
            .store()
            .get_contact(contact_id)
            .await
            .map_err(|e| failed("the signed-in customer", e))?
            .ok_or(NoViewer::Failed)?;
        // The customer's own language when they have one the portal speaks, else their browser's.
        let locale = contact
            .language
            .as_ref()
            .and_then(|l| ayuda_i18n::Locale::from_tag(&l.to_string()))
            .filter(|_| cookie(&parts.headers, LANGUAGE_COOKIE).is_none())
            .unwrap_or_else(|| locale_of(&parts.headers));
        let zone = contact
            .time_zone
            .as_ref()
            .and_then(|zone| TimeZone::named(zone.as_str()))
            .unwrap_or_else(TimeZone::utc);
        Ok(CustomerViewer {
            csrf: csrf_token(secret),
            words: Translator::new(locale),
            zone,
            session,
            contact,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_found_among_several_headers_and_pairs() {
        let mut headers = HeaderMap::new();
        headers.append(
            header::COOKIE,
            HeaderValue::from_static("a=1; ayuda_lang=es"),
        );
        headers.append(
            header::COOKIE,
            HeaderValue::from_static("ayuda_session=ayu_x"),
        );
        assert_eq!(cookie(&headers, "ayuda_lang"), Some("es"));
        assert_eq!(cookie(&headers, "ayuda_session"), Some("ayu_x"));
        assert_eq!(cookie(&headers, "missing"), None);
        assert_eq!(locale_of(&headers), Locale::Es);
    }

    #[test]
    fn the_csrf_token_depends_on_the_session_and_is_compared_exactly() {
        let token = csrf_token("ayu_one");
        assert_eq!(token.len(), 32);
        assert_ne!(token, csrf_token("ayu_two"));
        assert!(same_token(&token, &csrf_token("ayu_one")));
        assert!(!same_token(&token, &token[..31]));
        assert!(!same_token(&token, ""));
    }
}
