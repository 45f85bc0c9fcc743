//! Tidy checks: conventions that review alone would let slip, enforced as tests.
//!
//! - every Rust file starts with a `//!` line saying what it is for;
//! - no Rust file grows past the size cap;
//! - the SQLite and PostgreSQL crates ship migrations with the same names, so neither backend lags;
//! - the layering rules of ARCHITECTURE.md hold in every crate's `[dependencies]`.

use std::fs;
use std::path::{Path, PathBuf};

/// Files longer than this must be split where a seam shows.
const MAX_LINES: usize = 1000;

/// Crates that must not depend on these (normal dependencies), and why. Mirrors ARCHITECTURE.md.
const FORBIDDEN: &[(&str, &[&str], &str)] = &[
    (
        "ayuda-core",
        &[
            "sqlx",
            "rusqlite",
            "tokio",
            "axum",
            "serde",
            "serde_json",
            "reqwest",
            "ayuda-store",
        ],
        "the domain core is pure: no I/O, no async, no wire format",
    ),
    (
        "ayuda-search",
        &[
            "sqlx",
            "rusqlite",
            "tokio",
            "axum",
            "serde",
            "ayuda-core",
            "ayuda-store",
            "ayuda-app",
            "ayuda-web",
        ],
        "text analysis is pure and shared by every layer: no I/O, no domain",
    ),
    (
        "ayuda-insight",
        &[
            "sqlx",
            "rusqlite",
            "tokio",
            "axum",
            "serde",
            "ayuda-store",
            "ayuda-app",
            "ayuda-web",
        ],
        "insight from text is pure: no I/O, no wire format",
    ),
    (
        "ayuda-store",
        &["sqlx", "rusqlite", "tokio", "axum"],
        "the storage seam carries no database driver",
    ),
    (
        "ayuda-mail",
        &[
            "sqlx",
            "rusqlite",
            "tokio",
            "axum",
            "ayuda-store",
            "ayuda-app",
            "ayuda-web",
        ],
        "understanding email is pure: no I/O",
    ),
    (
        "ayuda-app",
        &[
            "sqlx",
            "rusqlite",
            "axum",
            "ayuda-store-sqlite",
            "ayuda-store-postgres",
            "ayuda-web",
        ],
        "use cases know the Store trait, not a backend, and not HTTP",
    ),
    (
        "ayuda-store-sqlite",
        &["sqlx", "axum", "ayuda-store-postgres", "ayuda-app"],
        "one dialect per crate; storage knows no use cases",
    ),
    (
        "ayuda-store-postgres",
        &["rusqlite", "axum", "ayuda-store-sqlite", "ayuda-app"],
        "one dialect per crate; storage knows no use cases",
    ),
    (
        "ayuda-channels",
        &[
            "sqlx",
            "rusqlite",
            "axum",
            "ayuda-store-sqlite",
            "ayuda-store-postgres",
            "ayuda-web",
        ],
        "channels move bytes through the application, never straight into a database",
    ),
    (
        "ayuda-web",
        &[
            "sqlx",
            "rusqlite",
            "ayuda-store-sqlite",
            "ayuda-store-postgres",
        ],
        "HTTP talks to the application, never to a database",
    ),
];

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

pub fn check_all(root: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    problems.extend(check_rust_files(root));
    problems.extend(check_migrations(root));
    problems.extend(check_dependencies(root));
    problems
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        if path.is_dir() && name != "target" && !name.to_string_lossy().starts_with('.') {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn check_rust_files(root: &Path) -> Vec<String> {
    let mut files = Vec::new();
    rust_files(&root.join("crates"), &mut files);
    rust_files(&root.join("xtask"), &mut files);
    let mut problems = Vec::new();
    for file in files {
        let Ok(text) = fs::read_to_string(&file) else {
            problems.push(format!("{}: cannot be read as UTF-8", file.display()));
            continue;
        };
        let first = text
            .lines()
            .find(|l| !l.trim().is_empty())
            .unwrap_or_default();
        if !first.starts_with("//!") {
            problems.push(format!(
                "{}: must start with a `//!` line saying what the file is for",
                file.display()
            ));
        }
        let lines = text.lines().count();
        if lines > MAX_LINES {
            problems.push(format!(
                "{}: {lines} lines; split it below {MAX_LINES} where a seam shows",
                file.display()
            ));
        }
    }
    problems
}

fn migration_names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".sql"))
        .collect();
    names.sort();
    names
}

fn check_migrations(root: &Path) -> Vec<String> {
    let sqlite = migration_names(&root.join("crates/ayuda-store-sqlite/migrations"));
    let postgres = migration_names(&root.join("crates/ayuda-store-postgres/migrations"));
    let mut problems = Vec::new();
    if sqlite.is_empty() {
        problems.push("crates/ayuda-store-sqlite/migrations has no migrations".to_owned());
    }
    if sqlite != postgres {
        problems.push(format!(
            "the migration folders differ: SQLite has {sqlite:?}, PostgreSQL has {postgres:?}"
        ));
    }
    problems
}

/// The names in a manifest's `[dependencies]` table (not dev- or build-dependencies).
fn normal_dependencies(manifest: &str) -> Vec<String> {
    let mut in_dependencies = false;
    let mut names = Vec::new();
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_dependencies = line == "[dependencies]";
            continue;
        }
        if in_dependencies && let Some((name, _)) = line.split_once(['=', '.']) {
            let name = name.trim();
            if !name.is_empty() && !name.starts_with('#') {
                names.push(name.to_owned());
            }
        }
    }
    names
}

fn check_dependencies(root: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    for (krate, forbidden, why) in FORBIDDEN {
        let path = root.join("crates").join(krate).join("Cargo.toml");
        let Ok(manifest) = fs::read_to_string(&path) else {
            problems.push(format!("{}: missing", path.display()));
            continue;
        };
        for dependency in normal_dependencies(&manifest) {
            if forbidden.contains(&dependency.as_str()) {
                problems.push(format!(
                    "{krate} depends on {dependency}, which it must not: {why}"
                ));
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_workspace_is_tidy() {
        let problems = check_all(&workspace_root());
        assert!(
            problems.is_empty(),
            "tidy problems:\n{}",
            problems.join("\n")
        );
    }

    #[test]
    fn dependency_tables_are_read_exactly() {
        let manifest = "[package]\nname = \"x\"\n\n[dependencies]\nsqlx.workspace = true\ntokio = { version = \"1\" }\n\n[dev-dependencies]\naxum = \"0.8\"\n";
        assert_eq!(normal_dependencies(manifest), ["sqlx", "tokio"]);
    }
}
