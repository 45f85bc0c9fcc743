//! The category classifier: naive Bayes over the terms of a ticket's subject and first message, trained on
//! the categories agents gave past tickets.
//!
//! Each document counts a term once however often it repeats it (binarised multinomial naive Bayes, which
//! suits short texts), with add-one smoothing over the whole vocabulary. Terms come from `ayuda-search`,
//! stemmed and folded in the document's own language, so Spanish and Italian tickets train one model side by
//! side with English ones: their stems rarely collide, and where they do the categories usually agree.

use std::collections::{HashMap, HashSet};

use ayuda_search::analyze;

/// The words of a document that count: the first this many terms (a long message's later paragraphs
/// repeat signatures, quotes and pleasantries more than they tell what it is about).
const MOST_TERMS: usize = 300;

/// One ticket as the classifier sees it.
#[derive(Debug, Clone)]
pub struct Document<'a> {
    pub subject: &'a str,
    pub body: &'a str,
    pub language: &'a str,
}

/// A document and the category an agent gave it.
#[derive(Debug, Clone)]
pub struct Example<'a, L> {
    pub document: Document<'a>,
    pub label: L,
}

/// The terms of a document, each once. The subject's terms are marked so they weigh on their own: a
/// subject says more about the category than a word deep in the message.
fn terms(document: &Document<'_>) -> HashSet<String> {
    let mut terms = HashSet::new();
    for token in analyze(document.subject, document.language) {
        terms.insert(format!("s:{}", token.term));
        terms.insert(token.term);
    }
    for token in analyze(document.body, document.language)
        .into_iter()
        .take(MOST_TERMS)
    {
        terms.insert(token.term);
    }
    terms
}

#[derive(Debug, Clone)]
struct LabelCounts<L> {
    label: L,
    documents: u32,
    /// Documents of this label holding each term.
    terms: HashMap<String, u32>,
    /// The sum of `terms`.
    total: u64,
}

/// A trained model.
#[derive(Debug, Clone)]
pub struct Model<L> {
    labels: Vec<LabelCounts<L>>,
    documents: u32,
    vocabulary: usize,
}

/// The most likely category of a document, and how sure the model is (0 to 1).
#[derive(Debug, Clone, PartialEq)]
pub struct Prediction<L> {
    pub label: L,
    pub confidence: f64,
}

impl<L: Clone + PartialEq> Model<L> {
    pub fn train<'a>(examples: impl IntoIterator<Item = &'a Example<'a, L>>) -> Model<L>
    where
        L: 'a,
    {
        let mut labels: Vec<LabelCounts<L>> = Vec::new();
        let mut vocabulary = HashSet::new();
        let mut documents = 0;
        for example in examples {
            documents += 1;
            let at = match labels.iter().position(|l| l.label == example.label) {
                Some(at) => at,
                None => {
                    labels.push(LabelCounts {
                        label: example.label.clone(),
                        documents: 0,
                        terms: HashMap::new(),
                        total: 0,
                    });
                    labels.len() - 1
                }
            };
            let counts = &mut labels[at];
            counts.documents += 1;
            for term in terms(&example.document) {
                counts.total += 1;
                *counts.terms.entry(term.clone()).or_default() += 1;
                vocabulary.insert(term);
            }
        }
        Model {
            labels,
            documents,
            vocabulary: vocabulary.len(),
        }
    }

    /// How many examples it learnt from.
    pub fn documents(&self) -> u32 {
        self.documents
    }

    /// How many categories it knows.
    pub fn labels(&self) -> usize {
        self.labels.len()
    }

    /// The category the model finds most likely, or `None` when it knows no category or the document has
    /// no word it ever saw.
    pub fn predict(&self, document: &Document<'_>) -> Option<Prediction<L>> {
        if self.labels.is_empty() {
            return None;
        }
        let terms = terms(document);
        if !terms
            .iter()
            .any(|t| self.labels.iter().any(|l| l.terms.contains_key(t)))
        {
            return None;
        }
        let vocabulary = self.vocabulary as f64 + 1.0;
        let scores: Vec<f64> = self
            .labels
            .iter()
            .map(|label| {
                let prior = (f64::from(label.documents) / f64::from(self.documents)).ln();
                let denominator = (label.total as f64 + vocabulary).ln();
                prior
                    + terms
                        .iter()
                        .map(|term| {
                            let count = label.terms.get(term).copied().unwrap_or(0);
                            (f64::from(count) + 1.0).ln() - denominator
                        })
                        .sum::<f64>()
            })
            .collect();
        let (best, top) = scores
            .iter()
            .copied()
            .enumerate()
            .max_by(|a, b| a.1.total_cmp(&b.1))?;
        // The share of the best score among all, computed without leaving the logarithms' range.
        let spread: f64 = scores.iter().map(|s| (s - top).exp()).sum();
        Some(Prediction {
            label: self.labels[best].label.clone(),
            confidence: 1.0 / spread,
        })
    }
}

/// How a model trained on some examples did on others.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Evaluation {
    pub trained_on: u32,
    pub tested_on: u32,
    pub correct: u32,
}

impl Evaluation {
    /// The share of tested documents it put in their agent's category; `None` before any was tested.
    pub fn accuracy(&self) -> Option<f64> {
        (self.tested_on > 0).then(|| f64::from(self.correct) / f64::from(self.tested_on))
    }
}

/// Trains on the examples `held_back` leaves in and tests on those it holds back.
pub fn evaluate<L: Clone + PartialEq>(
    examples: &[Example<'_, L>],
    held_back: impl Fn(usize) -> bool,
) -> Evaluation {
    let model = Model::train(
        examples
            .iter()
            .enumerate()
            .filter(|(i, _)| !held_back(*i))
            .map(|(_, e)| e),
    );
    let mut evaluation = Evaluation {
        trained_on: model.documents(),
        tested_on: 0,
        correct: 0,
    };
    for (_, example) in examples.iter().enumerate().filter(|(i, _)| held_back(*i)) {
        evaluation.tested_on += 1;
        if model
            .predict(&example.document)
            .is_some_and(|p| p.label == example.label)
        {
            evaluation.correct += 1;
        }
    }
    evaluation
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example<'a>(
        subject: &'a str,
        language: &'a str,
        label: &'static str,
    ) -> Example<'a, &'static str> {
        Example {
            document: Document {
                subject,
                body: "",
                language,
            },
            label,
        }
    }

    #[test]
    fn learns_categories_in_several_languages_and_their_inflections() {
        let examples = [
            example("Invoice charged twice", "en", "billing"),
            example("Wrong amount on my invoice", "en", "billing"),
            example("Factura duplicada", "es", "billing"),
            example("Fattura sbagliata", "it", "billing"),
            example("Parcel not delivered", "en", "delivery"),
            example("Mi paquete no ha llegado", "es", "delivery"),
            example("Pacco non consegnato", "it", "delivery"),
            example("Delivery is late", "en", "delivery"),
        ];
        let model = Model::train(&examples);
        assert_eq!(model.labels(), 2);
        let predict = |subject, language| {
            model
                .predict(&Document {
                    subject,
                    body: "",
                    language,
                })
                .map(|p| p.label)
        };
        assert_eq!(predict("Two invoices for one order", "en"), Some("billing"));
        assert_eq!(predict("Las facturas de marzo", "es"), Some("billing"));
        assert_eq!(predict("Paquetes sin llegar", "es"), Some("delivery"));
        assert_eq!(predict("Il pacco è in ritardo", "it"), Some("delivery"));
        assert_eq!(predict("zzz qqq", "en"), None);
    }

    #[test]
    fn confidence_is_a_share_and_grows_with_evidence() {
        let examples = [
            example("refund refund money back", "en", "refund"),
            example("refund please", "en", "refund"),
            example("password reset login", "en", "account"),
            example("cannot login", "en", "account"),
        ];
        let model = Model::train(&examples);
        let weak = model
            .predict(&Document {
                subject: "refund",
                body: "",
                language: "en",
            })
            .unwrap();
        let strong = model
            .predict(&Document {
                subject: "refund money back please",
                body: "",
                language: "en",
            })
            .unwrap();
        assert_eq!(weak.label, "refund");
        assert!(weak.confidence > 0.5 && weak.confidence <= 1.0);
        assert!(strong.confidence > weak.confidence);
    }

    #[test]
    fn an_untrained_model_suggests_nothing_and_evaluation_counts_what_it_tested() {
        let model: Model<&str> = Model::train(&[]);
        let document = Document {
            subject: "anything",
            body: "",
            language: "en",
        };
        assert_eq!(model.predict(&document), None);
        let examples = [
            example("invoice wrong", "en", "billing"),
            example("invoice twice", "en", "billing"),
            example("parcel late", "en", "delivery"),
            example("parcel lost", "en", "delivery"),
            example("invoice missing", "en", "billing"),
            example("parcel damaged", "en", "delivery"),
        ];
        let evaluation = evaluate(&examples, |i| i >= 4);
        assert_eq!(evaluation.trained_on, 4);
        assert_eq!(evaluation.tested_on, 2);
        assert_eq!(evaluation.accuracy(), Some(1.0));
        assert_eq!(evaluate(&examples, |_| false).accuracy(), None);
    }
}
