//! The web interfaces in a real headless Chromium: what an agent and a customer see and do, in English,
//! Spanish and Italian.

mod accessibility;
mod agent;
mod canned;
mod email_html;
mod escalation;
mod intake;
mod keyboard;
mod knowledge;
mod live;
mod macros;
mod portal;
mod preferences;
mod relations;
mod support;
mod views;
