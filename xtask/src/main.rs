//! Project automation for Ayuda. `cargo run -p xtask -- tidy` runs the tidy checks, which also run as
//! ordinary tests (`cargo test -p xtask`), so CI enforces the conventions with no extra step.

mod tidy;

fn main() -> std::process::ExitCode {
    match std::env::args().nth(1).as_deref() {
        Some("tidy") => {
            let problems = tidy::check_all(&tidy::workspace_root());
            for problem in &problems {
                eprintln!("{problem}");
            }
            if problems.is_empty() {
                std::process::ExitCode::SUCCESS
            } else {
                std::process::ExitCode::FAILURE
            }
        }
        _ => {
            eprintln!("usage: cargo run -p xtask -- tidy");
            std::process::ExitCode::from(2)
        }
    }
}
