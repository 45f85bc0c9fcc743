//! `string_enum!`: closed sets of values (statuses, priorities, channels) with one stable lowercase name each,
//! used unchanged in the API, the database and the UI.

/// Declares an enum whose variants map one-to-one to lowercase names, with `as_str`, `parse` and `ALL`.
macro_rules! string_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($(#[$vdoc])* $variant),+ }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable lowercase name.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// Parses the stable name; the error lists the allowed names.
            pub fn parse(raw: &str) -> Result<$name, $crate::FieldError> {
                match raw { $($text => Ok($name::$variant),)+
                    _ => Err($crate::FieldError::new("", format!(
                        "must be one of: {}", [$($text),+].join(", ")))),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
