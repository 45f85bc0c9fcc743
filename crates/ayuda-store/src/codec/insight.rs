//! A ticket's insight as plain columns (the same in every backend), and category names as JSON.

use std::collections::BTreeMap;

use ayuda_core::id::TicketCategoryId;
use ayuda_core::insight::{CategorySuggestion, Rating, TicketInsight};
use ayuda_core::text::{Language, Name};
use uuid::Uuid;

use super::{CorruptValue, corrupt};

/// [`TicketInsight`] spread over a ticket row's columns, as integers every database has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InsightColumns {
    pub suggested_category_id: Option<Uuid>,
    pub suggestion_confidence: Option<i64>,
    pub frustration: Option<i64>,
    pub satisfaction: Option<i64>,
    pub agent_replies: i64,
    pub reopens: i64,
    pub escalations: i64,
}

pub fn encode(insight: &TicketInsight) -> InsightColumns {
    InsightColumns {
        suggested_category_id: insight.suggested_category.map(|s| s.category_id.0),
        suggestion_confidence: insight.suggested_category.map(|s| i64::from(s.confidence)),
        frustration: insight.frustration.map(i64::from),
        satisfaction: insight.satisfaction.map(|r| i64::from(r.value())),
        agent_replies: i64::from(insight.agent_replies),
        reopens: i64::from(insight.reopens),
        escalations: i64::from(insight.escalations),
    }
}

pub fn decode(columns: InsightColumns) -> Result<TicketInsight, CorruptValue> {
    let small = |column: &'static str, value: i64, most: i64| {
        (0..=most)
            .contains(&value)
            .then_some(value)
            .ok_or_else(|| corrupt(column, format!("{value} is out of range")))
    };
    let count = |column: &'static str, value: i64| {
        u32::try_from(value).map_err(|_| corrupt(column, format!("{value} is not a count")))
    };
    let suggested_category = match (columns.suggested_category_id, columns.suggestion_confidence) {
        (Some(id), Some(confidence)) => Some(CategorySuggestion {
            category_id: TicketCategoryId(id),
            confidence: small("suggestion_confidence", confidence, 100)? as u8,
        }),
        (None, None) => None,
        _ => {
            return Err(corrupt(
                "suggested_category_id",
                "a suggestion without its confidence",
            ));
        }
    };
    let frustration = columns
        .frustration
        .map(|f| small("frustration", f, 100).map(|f| f as u8))
        .transpose()?;
    let satisfaction = columns
        .satisfaction
        .map(|r| {
            u8::try_from(r)
                .ok()
                .and_then(Rating::new)
                .ok_or_else(|| corrupt("satisfaction", format!("{r} is not a rating")))
        })
        .transpose()?;
    Ok(TicketInsight {
        suggested_category,
        frustration,
        satisfaction,
        agent_replies: count("agent_replies", columns.agent_replies)?,
        reopens: count("reopens", columns.reopens)?,
        escalations: count("escalations", columns.escalations)?,
    })
}

/// A category's names as a JSON object by language code.
pub fn encode_names(names: &BTreeMap<Language, Name>) -> String {
    let object: serde_json::Map<String, serde_json::Value> = names
        .iter()
        .map(|(language, name)| (language.as_str().to_owned(), name.as_str().into()))
        .collect();
    serde_json::Value::Object(object).to_string()
}

pub fn decode_names(text: &str) -> Result<BTreeMap<Language, Name>, CorruptValue> {
    const COLUMN: &str = "ticket_category.names";
    let object: BTreeMap<String, String> =
        serde_json::from_str(text).map_err(|e| corrupt(COLUMN, e))?;
    object
        .into_iter()
        .map(|(language, name)| {
            Ok((
                Language::parse(&language).map_err(|e| corrupt(COLUMN, e.message))?,
                Name::parse(&name).map_err(|e| corrupt(COLUMN, e.message))?,
            ))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn insight_survives_its_columns() {
        let insight = TicketInsight {
            suggested_category: Some(CategorySuggestion {
                category_id: TicketCategoryId::generate(),
                confidence: 87,
            }),
            frustration: Some(64),
            satisfaction: Rating::new(4),
            agent_replies: 3,
            reopens: 1,
            escalations: 2,
        };
        assert_eq!(decode(encode(&insight)).unwrap(), insight);
        assert_eq!(
            decode(encode(&TicketInsight::default())).unwrap(),
            TicketInsight::default()
        );
        let mut broken = encode(&insight);
        broken.satisfaction = Some(9);
        assert!(decode(broken).is_err());
    }

    #[test]
    fn names_survive_their_json() {
        let names = BTreeMap::from([
            (
                Language::parse("en").unwrap(),
                Name::parse("Billing").unwrap(),
            ),
            (
                Language::parse("es").unwrap(),
                Name::parse("Facturación").unwrap(),
            ),
        ]);
        assert_eq!(decode_names(&encode_names(&names)).unwrap(), names);
        assert!(decode_names("[1]").is_err());
    }
}
