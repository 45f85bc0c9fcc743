//! The Fluent catalogs, one bundle per language, built once from the `.ftl` files compiled into the binary,
//! and the [`Translator`] a page or an email is written with.

use std::borrow::Cow;
use std::fmt;
use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

use crate::Locale;

/// The catalog files of each language: the interfaces (agent workspace and portal) and customer emails.
const SOURCES: [(Locale, &[(&str, &str)]); 3] = [
    (
        Locale::En,
        &[
            ("en/ui.ftl", include_str!("../locales/en/ui.ftl")),
            ("en/email.ftl", include_str!("../locales/en/email.ftl")),
        ],
    ),
    (
        Locale::Es,
        &[
            ("es/ui.ftl", include_str!("../locales/es/ui.ftl")),
            ("es/email.ftl", include_str!("../locales/es/email.ftl")),
        ],
    ),
    (
        Locale::It,
        &[
            ("it/ui.ftl", include_str!("../locales/it/ui.ftl")),
            ("it/email.ftl", include_str!("../locales/it/email.ftl")),
        ],
    ),
];

/// A value put into a message: `{ $name }` in the catalog.
#[derive(Debug, Clone)]
pub struct Arg<'a> {
    name: &'a str,
    value: FluentValue<'a>,
}

impl<'a> Arg<'a> {
    pub fn text(name: &'a str, value: impl Into<Cow<'a, str>>) -> Arg<'a> {
        Arg {
            name,
            value: FluentValue::String(value.into()),
        }
    }

    /// A number, which also selects plural forms (`[one]`, `*[other]`).
    pub fn number(name: &'a str, value: i64) -> Arg<'a> {
        Arg {
            name,
            value: FluentValue::from(value),
        }
    }
}

/// Every language's messages.
pub struct Catalog {
    bundles: Vec<(Locale, FluentBundle<FluentResource>)>,
    /// What was wrong in the files: syntax errors and keys defined twice. Empty in a correct build; the
    /// catalog test asserts it.
    problems: Vec<String>,
    /// Each language's message ids, in file order.
    keys: Vec<(Locale, Vec<String>)>,
}

impl fmt::Debug for Catalog {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Catalog")
            .field("languages", &self.keys.len())
            .field("problems", &self.problems)
            .finish()
    }
}

impl Catalog {
    /// The catalogs, parsed on first use.
    pub fn get() -> &'static Catalog {
        static CATALOG: OnceLock<Catalog> = OnceLock::new();
        CATALOG.get_or_init(Catalog::build)
    }

    fn build() -> Catalog {
        let mut bundles = Vec::new();
        let mut problems = Vec::new();
        let mut keys = Vec::new();
        for (locale, files) in SOURCES {
            let language = locale
                .code()
                .parse()
                .expect("the supported languages are valid language tags");
            let mut bundle = FluentBundle::new_concurrent(vec![language]);
            // Unicode isolation marks around values matter for mixing right-to-left scripts, which none of
            // these languages is; in HTML attributes and plain-text emails they would only be noise.
            bundle.set_use_isolating(false);
            let mut ids = Vec::new();
            for (file, text) in files {
                let resource = match FluentResource::try_new((*text).to_owned()) {
                    Ok(resource) => resource,
                    Err((resource, errors)) => {
                        for error in errors {
                            problems.push(format!("{file}: {error:?}"));
                        }
                        resource
                    }
                };
                for entry in resource.entries() {
                    if let fluent_syntax::ast::Entry::Message(message) = entry {
                        ids.push(message.id.name.to_owned());
                    }
                }
                if let Err(errors) = bundle.add_resource(resource) {
                    for error in errors {
                        problems.push(format!("{file}: {error:?}"));
                    }
                }
            }
            bundles.push((locale, bundle));
            keys.push((locale, ids));
        }
        Catalog {
            bundles,
            problems,
            keys,
        }
    }

    /// A translator for one language.
    pub fn translator(&'static self, locale: Locale) -> Translator {
        Translator {
            locale,
            catalog: self,
        }
    }

    /// Syntax errors and duplicate keys found while loading.
    pub fn problems(&self) -> &[String] {
        &self.problems
    }

    /// The message ids of one language, in the order of its files.
    pub fn keys(&self, locale: Locale) -> &[String] {
        self.keys
            .iter()
            .find(|(l, _)| *l == locale)
            .map(|(_, keys)| keys.as_slice())
            .unwrap_or_default()
    }

    /// The message `key` in `locale` with `args`; the key itself when the message is missing, so a gap
    /// shows on the page instead of failing it.
    pub fn format(&self, locale: Locale, key: &str, args: &[Arg<'_>]) -> String {
        let Some((_, bundle)) = self.bundles.iter().find(|(l, _)| *l == locale) else {
            return key.to_owned();
        };
        let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
            return key.to_owned();
        };
        let fluent_args = (!args.is_empty()).then(|| {
            let mut fluent_args = FluentArgs::with_capacity(args.len());
            for arg in args {
                fluent_args.set(arg.name, arg.value.clone());
            }
            fluent_args
        });
        let mut errors = Vec::new();
        bundle
            .format_pattern(pattern, fluent_args.as_ref(), &mut errors)
            .into_owned()
    }
}

/// Writes in one language: what templates and email composers hold.
#[derive(Debug, Clone, Copy)]
pub struct Translator {
    locale: Locale,
    catalog: &'static Catalog,
}

impl Translator {
    /// A translator for `locale` over the built-in catalogs.
    pub fn new(locale: Locale) -> Translator {
        Catalog::get().translator(locale)
    }

    pub fn locale(&self) -> Locale {
        self.locale
    }

    /// The message `key`.
    pub fn t(&self, key: &str) -> String {
        self.catalog.format(self.locale, key, &[])
    }

    /// The message `key` with values.
    pub fn t_with(&self, key: &str, args: &[Arg<'_>]) -> String {
        self.catalog.format(self.locale, key, args)
    }

    /// The message `key` with one text value, the common case in templates.
    pub fn t1(&self, key: &str, name: &str, value: &str) -> String {
        self.catalog
            .format(self.locale, key, &[Arg::text(name, value)])
    }

    /// The message `key` with one number, which may choose a plural form. Takes the number or a
    /// reference to it, as templates pass either.
    pub fn tn(&self, key: &str, name: &str, value: impl std::borrow::Borrow<i64>) -> String {
        self.catalog
            .format(self.locale, key, &[Arg::number(name, *value.borrow())])
    }
}
