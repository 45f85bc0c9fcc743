//! The demo's rules, in English, Spanish and Italian: macros agents apply in one click (a refund issued, a
//! request for photos), triggers (sales inquiries tagged as they arrive, a missed first answer escalated to
//! the second line) and two time-based automations (a reminder after five days pending, then solving two
//! days later). The automations are seeded switched off: turned on, they would write to the demo's
//! customers about tickets that have waited since the demo's start.

use ayuda_core::agent::Role;
use ayuda_core::id::AgentId;
use ayuda_core::permission::Principal;

use crate::automation::{ActionInput, ConditionInput, MailVersionInput, TriggerInput};
use crate::macros::MacroInput;
use crate::timed_rules::TimedRuleInput;
use crate::{App, AppError};

fn condition(field: &str, operator: &str, value: &str) -> ConditionInput {
    ConditionInput {
        field: field.into(),
        operator: operator.into(),
        value: value.into(),
    }
}

fn set(kind: &str, value: &str) -> ActionInput {
    ActionInput {
        kind: kind.into(),
        value: Some(value.into()),
        ..ActionInput::default()
    }
}

fn tag(tags: &[&str]) -> ActionInput {
    ActionInput {
        kind: "add_tags".into(),
        tags: tags.iter().map(|t| (*t).to_owned()).collect(),
        ..ActionInput::default()
    }
}

fn texts(versions: [(&str, &str); 3]) -> Vec<(String, String)> {
    versions
        .iter()
        .map(|(language, text)| ((*language).to_owned(), (*text).to_owned()))
        .collect()
}

pub(crate) async fn seed_rules(app: &App, admin: AgentId) -> Result<(), AppError> {
    let admin = Principal::Agent {
        id: admin,
        role: Role::Admin,
        group_ids: Vec::new(),
    };
    let macros = [
        MacroInput {
            name: "Refund issued".into(),
            actions: vec![set("set_status", "solved"), tag(&["refund"])],
            texts: texts([
                (
                    "en",
                    "Hello {{customer.first_name}},\n\nWe have issued your refund. It reaches your account within five working days.\n\nKind regards,\n{{agent.first_name}}",
                ),
                (
                    "es",
                    "Hola, {{customer.first_name}}:\n\nHemos emitido su reembolso. Llegará a su cuenta en un plazo de cinco días hábiles.\n\nUn saludo,\n{{agent.first_name}}",
                ),
                (
                    "it",
                    "Ciao {{customer.first_name}},\n\nabbiamo emesso il tuo rimborso. Arriverà sul tuo conto entro cinque giorni lavorativi.\n\nCordiali saluti,\n{{agent.first_name}}",
                ),
            ]),
            note: false,
        },
        MacroInput {
            name: "Ask for photos".into(),
            actions: vec![set("set_status", "pending"), tag(&["photos-requested"])],
            texts: texts([
                (
                    "en",
                    "Hello {{customer.first_name}},\n\nCould you send us a few photos of the product and of its box? With them we can settle ticket {{ticket.number}} at once.\n\nThank you,\n{{agent.first_name}}",
                ),
                (
                    "es",
                    "Hola, {{customer.first_name}}:\n\n¿Podría enviarnos unas fotos del producto y de su caja? Con ellas resolveremos el ticket {{ticket.number}} enseguida.\n\nGracias,\n{{agent.first_name}}",
                ),
                (
                    "it",
                    "Ciao {{customer.first_name}},\n\npotresti inviarci qualche foto del prodotto e della sua scatola? Con quelle risolviamo subito il ticket {{ticket.number}}.\n\nGrazie,\n{{agent.first_name}}",
                ),
            ]),
            note: false,
        },
    ];
    for input in macros {
        app.save_macro(&admin, None, input).await?;
    }

    let triggers = [
        TriggerInput {
            name: "Tag sales inquiries".into(),
            position: 0,
            active: true,
            event: "ticket_created".into(),
            all: vec![condition("type", "is", "sales_inquiry")],
            any: Vec::new(),
            actions: vec![tag(&["sales"])],
        },
        TriggerInput {
            name: "Escalate a missed first answer".into(),
            position: 1,
            active: true,
            event: "sla_breach".into(),
            all: vec![condition("sla_metric", "is", "first_response")],
            any: Vec::new(),
            actions: vec![ActionInput {
                kind: "escalate".into(),
                to: Some("next_tier".into()),
                reason: Some("The first answer is overdue".into()),
                ..ActionInput::default()
            }],
        },
    ];
    for input in triggers {
        app.save_trigger(&admin, None, input).await?;
    }

    let reminder = ActionInput {
        kind: "email_customer".into(),
        versions: [
            (
                "en",
                "Do you still need help?",
                "Hello {{customer.first_name}},\n\nWe are waiting for your answer on ticket {{ticket.number}}. Reply to this email and we carry on; without an answer we close it in two days.",
            ),
            (
                "es",
                "¿Sigue necesitando ayuda?",
                "Hola, {{customer.first_name}}:\n\nEsperamos su respuesta sobre el ticket {{ticket.number}}. Responda a este correo y seguimos; sin respuesta lo cerraremos dentro de dos días.",
            ),
            (
                "it",
                "Hai ancora bisogno di aiuto?",
                "Ciao {{customer.first_name}},\n\naspettiamo la tua risposta sul ticket {{ticket.number}}. Rispondi a questa email e continuiamo; senza risposta lo chiuderemo tra due giorni.",
            ),
        ]
        .iter()
        .map(|(language, subject, text)| MailVersionInput {
            language: (*language).into(),
            subject: (*subject).into(),
            text: (*text).into(),
        })
        .collect(),
        ..ActionInput::default()
    };
    let automations = [
        TimedRuleInput {
            name: "Remind after five days pending".into(),
            position: 0,
            active: false,
            status: "pending".into(),
            idle_hours: 5 * 24,
            all: vec![condition("tag", "is_not", "reminded")],
            any: Vec::new(),
            actions: vec![tag(&["reminded"]), reminder],
        },
        TimedRuleInput {
            name: "Solve two days after the reminder".into(),
            position: 1,
            active: false,
            status: "pending".into(),
            idle_hours: 2 * 24,
            all: vec![condition("tag", "is", "reminded")],
            any: Vec::new(),
            actions: vec![set("set_status", "solved")],
        },
    ];
    for input in automations {
        app.save_timed_rule(&admin, None, input).await?;
    }
    Ok(())
}
