//! What protects every page: a Content Security Policy that allows no inline script, no framing by other
//! sites, and no state-changing request that comes from another site. The per-form CSRF token
//! ([`super::session`]) is the second lock on the same door.

use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Scripts and styles only from our own files; no plugins, no `<base>` tricks, forms only to us, images
/// from us or inline `data:` (avatars, small icons), and nothing may frame a page but Ayuda itself.
pub const PAGE_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
     object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'; connect-src 'self'";

/// Adds the security headers to every interface response (a handler may set a stricter policy first) and
/// refuses cross-site state changes.
pub async fn protect(request: Request, next: Next) -> Response {
    if !is_safe(request.method()) && comes_from_another_site(request.headers()) {
        return (StatusCode::FORBIDDEN, "cross-site request refused").into_response();
    }
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers
        .entry(header::CONTENT_SECURITY_POLICY)
        .or_insert(HeaderValue::from_static(PAGE_POLICY));
    headers
        .entry(header::X_CONTENT_TYPE_OPTIONS)
        .or_insert(HeaderValue::from_static("nosniff"));
    headers
        .entry(header::REFERRER_POLICY)
        .or_insert(HeaderValue::from_static("same-origin"));
    headers
        .entry(header::X_FRAME_OPTIONS)
        .or_insert(HeaderValue::from_static("SAMEORIGIN"));
    response
}

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// True when the browser says the request was started by another site. Browsers send `Sec-Fetch-Site`
/// (only `same-origin` and `none`, a typed address or bookmark, are ours); older ones only `Origin`, compared
/// with the host addressed (`X-Forwarded-Host` behind a proxy that rewrites `Host`).
fn comes_from_another_site(headers: &HeaderMap) -> bool {
    let text = |name| {
        headers
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
    };
    if let Some(site) = text("sec-fetch-site") {
        return !matches!(site, "same-origin" | "none");
    }
    let Some(origin) = text("origin") else {
        return false;
    };
    // "null" is sent by sandboxed documents and some redirects: never ours.
    let Some((_, origin_host)) = origin.split_once("://") else {
        return true;
    };
    let addressed = [text("x-forwarded-host"), text("host")];
    !addressed
        .into_iter()
        .flatten()
        .any(|host| origin_host.eq_ignore_ascii_case(host.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn same_site_requests_pass_and_others_are_refused() {
        assert!(!comes_from_another_site(&headers(&[(
            "host",
            "desk.example"
        )])));
        assert!(!comes_from_another_site(&headers(&[
            ("host", "desk.example:8080"),
            ("origin", "https://desk.example:8080"),
            ("sec-fetch-site", "same-origin"),
        ])));
        assert!(comes_from_another_site(&headers(&[
            ("host", "desk.example"),
            ("origin", "https://evil.example"),
        ])));
        assert!(comes_from_another_site(&headers(&[
            ("host", "desk.example"),
            ("origin", "null"),
        ])));
        assert!(comes_from_another_site(&headers(&[
            ("host", "desk.example"),
            ("sec-fetch-site", "cross-site"),
        ])));
        assert!(comes_from_another_site(&headers(&[
            ("host", "desk.example"),
            ("sec-fetch-site", "same-site"),
        ])));
        // Behind a proxy that rewrites Host.
        assert!(!comes_from_another_site(&headers(&[
            ("host", "127.0.0.1:8080"),
            ("x-forwarded-host", "desk.example"),
            ("origin", "https://desk.example"),
        ])));
    }
}
