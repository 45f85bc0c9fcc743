//! What the binary's end-to-end tests share: running `ayuda` one-shot commands, and a running
//! `ayuda serve` that reports its address.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub fn ayuda() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_ayuda"));
    command
        .env_remove("AYUDA_DATABASE_URL")
        .env_remove("AYUDA_DATA")
        .env_remove("AYUDA_CONFIG");
    command
}

/// Runs a one-shot subcommand and returns its stdout, failing the test with its stderr if it fails.
pub fn run(args: &[&str]) -> String {
    let output = ayuda().args(args).output().expect("run ayuda");
    assert!(
        output.status.success(),
        "ayuda {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .expect("utf-8")
        .trim()
        .to_owned()
}

/// A running `ayuda serve`, stopped with SIGTERM (a graceful shutdown) when dropped.
pub struct Server {
    pub child: Child,
    pub address: SocketAddr,
}

impl Server {
    pub fn start(args: &[&str]) -> Server {
        let mut child = ayuda()
            .arg("serve")
            .args(["--listen", "127.0.0.1:0", "--rate-limit", "0"])
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start ayuda serve");
        let stderr = child.stderr.take().expect("stderr");
        let mut lines = BufReader::new(stderr).lines();
        let deadline = Instant::now() + Duration::from_secs(120);
        let address = loop {
            let line = match lines.next() {
                Some(Ok(line)) => line,
                _ => panic!("ayuda serve exited before listening"),
            };
            if let Some(rest) = line.split("serving on http://").nth(1) {
                break rest
                    .split_whitespace()
                    .next()
                    .expect("address")
                    .parse()
                    .expect("socket address");
            }
            assert!(
                Instant::now() < deadline,
                "ayuda serve did not start in time"
            );
        };
        // Keep draining the log so the server never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        Server { child, address }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.address)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .arg("-TERM")
            .arg(self.child.id().to_string())
            .stderr(Stdio::null())
            .status();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
    }
}
