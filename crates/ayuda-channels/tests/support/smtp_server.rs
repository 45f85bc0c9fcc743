//! A real SMTP server for tests: aiosmtpd (Debian's `python3-aiosmtpd`) on a free 127.0.0.1 port, with a
//! small handler (`smtp_server.py` beside this file) that keeps every accepted message in a spool directory
//! and can be told to refuse a recipient with any reply (`451`, `550`…). Optionally it wants a login, and
//! speaks TLS or STARTTLS with a certificate from a throwaway certificate authority made with `openssl`.
//!
//! Without Python's aiosmtpd (or `openssl`, for TLS) a test prints why and skips, except under
//! `AYUDA_TEST_STRICT=1` (CI), where it fails. The server is killed when the value is dropped.

// Each test binary that includes this file uses a part of it.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

const HANDLER: &str = include_str!("smtp_server.py");

/// How the server is protected and whether it wants a login.
#[derive(Debug, Clone, Default)]
pub struct ServerOptions {
    /// `tls`, `starttls`, or `plain` (the default, when empty).
    pub tls: &'static str,
    /// The only user and password it accepts; with them, mail without a login is refused.
    pub login: Option<(String, String)>,
}

/// A message the server accepted.
#[derive(Debug, Clone)]
pub struct Received {
    pub mail_from: String,
    pub rcpt_tos: Vec<String>,
    /// The user that logged in, if any.
    pub login: Option<String>,
    /// The message exactly as it arrived (dot-stuffing undone).
    pub data: Vec<u8>,
}

impl Received {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.data).into_owned()
    }
}

#[derive(Debug)]
pub struct SmtpServer {
    child: Child,
    port: u16,
    spool: PathBuf,
    rules: PathBuf,
    ca_pem: Option<Vec<u8>>,
    _dir: tempfile::TempDir,
}

/// Skips the calling test with `reason`, or fails it under `AYUDA_TEST_STRICT=1`.
fn unavailable(reason: &str) -> Option<SmtpServer> {
    let message = format!("skipping: {reason}");
    if std::env::var("AYUDA_TEST_STRICT").is_ok_and(|strict| strict == "1") {
        panic!("{message}");
    }
    eprintln!("{message}");
    None
}

fn python() -> &'static str {
    // Debian's interpreter, where python3-aiosmtpd lives, even when another python3 comes first in PATH.
    if Path::new("/usr/bin/python3").exists() {
        "/usr/bin/python3"
    } else {
        "python3"
    }
}

fn run(command: &mut Command) -> Result<(), String> {
    let output = command
        .output()
        .map_err(|error| format!("cannot run {command:?}: {error}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{command:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

/// A certificate authority and a certificate for 127.0.0.1 signed by it, in `dir`.
fn make_certificates(dir: &Path) -> Result<(), String> {
    let openssl = |args: &[&str]| {
        run(Command::new("openssl")
            .args(args)
            .current_dir(dir)
            .stdout(Stdio::null()))
    };
    let ec = [
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
    ];
    openssl(
        &[
            &["req", "-x509"][..],
            &ec,
            &[
                "-keyout",
                "ca.key",
                "-out",
                "ca.pem",
                "-days",
                "2",
                "-subj",
                "/CN=Ayuda test CA",
                "-addext",
                "basicConstraints=critical,CA:TRUE",
                "-addext",
                "keyUsage=critical,keyCertSign",
            ],
        ]
        .concat(),
    )?;
    openssl(
        &[
            &["req"][..],
            &ec,
            &[
                "-keyout",
                "server.key",
                "-out",
                "server.csr",
                "-subj",
                "/CN=127.0.0.1",
            ],
        ]
        .concat(),
    )?;
    std::fs::write(
        dir.join("server.ext"),
        "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n",
    )
    .map_err(|e| e.to_string())?;
    openssl(&[
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "server.pem",
        "-days",
        "2",
        "-extfile",
        "server.ext",
    ])
}

impl SmtpServer {
    /// A plain server without login.
    pub fn start() -> Option<SmtpServer> {
        SmtpServer::start_with(ServerOptions::default())
    }

    pub fn start_with(options: ServerOptions) -> Option<SmtpServer> {
        let probe = Command::new(python())
            .args(["-c", "import aiosmtpd"])
            .stderr(Stdio::null())
            .status();
        if !probe.is_ok_and(|status| status.success()) {
            return unavailable(
                "Python's aiosmtpd is not installed (apt-get install python3-aiosmtpd)",
            );
        }
        let dir = tempfile::tempdir().expect("a temporary directory");
        let tls = if options.tls.is_empty() {
            "plain"
        } else {
            options.tls
        };
        let ca_pem = if tls == "plain" {
            None
        } else {
            if let Err(reason) = make_certificates(dir.path()) {
                return unavailable(&format!(
                    "cannot make test certificates with openssl: {reason}"
                ));
            }
            Some(std::fs::read(dir.path().join("ca.pem")).expect("the CA certificate"))
        };
        let spool = dir.path().join("spool");
        std::fs::create_dir(&spool).expect("the spool directory");
        let rules = dir.path().join("rules.json");
        let script = dir.path().join("smtp_server.py");
        std::fs::write(&script, HANDLER).expect("the handler script");
        let (user, password) = options.login.unzip();
        let config = serde_json::json!({
            "spool": spool,
            "rules": rules,
            "user": user,
            "password": password,
            "tls": tls,
            "cert": dir.path().join("server.pem"),
            "key": dir.path().join("server.key"),
        });
        let config_path = dir.path().join("config.json");
        std::fs::write(&config_path, config.to_string()).expect("the server configuration");
        let log = std::fs::File::create(dir.path().join("server.log")).expect("the server log");
        let mut child = Command::new(python())
            .arg(&script)
            .arg(&config_path)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(log)
            .spawn()
            .expect("start aiosmtpd");
        let stdout = child.stdout.take().expect("the server's output");
        let (sender, receiver) = mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = sender.send(line);
        });
        let port = receiver
            .recv_timeout(Duration::from_secs(30))
            .ok()
            .and_then(|line| line.trim().parse::<u16>().ok());
        let Some(port) = port else {
            let _ = child.kill();
            let _ = child.wait();
            let log = std::fs::read_to_string(dir.path().join("server.log")).unwrap_or_default();
            panic!("aiosmtpd did not start:\n{log}");
        };
        Some(SmtpServer {
            child,
            port,
            spool,
            rules,
            ca_pem,
            _dir: dir,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// The certificate authority that signed the server's certificate (TLS servers only).
    pub fn ca_pem(&self) -> Option<Vec<u8>> {
        self.ca_pem.clone()
    }

    /// Makes the server answer `reply` (such as `"550 5.1.1 No such user"`) to `RCPT TO:<recipient>`;
    /// `None` accepts it again.
    pub fn answer(&self, recipient: &str, reply: Option<&str>) {
        let mut rules: serde_json::Map<String, serde_json::Value> = std::fs::read(&self.rules)
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default();
        match reply {
            Some(reply) => rules.insert(recipient.to_lowercase(), reply.into()),
            None => rules.remove(&recipient.to_lowercase()),
        };
        let fresh = self.rules.with_extension("json.tmp");
        std::fs::write(&fresh, serde_json::Value::Object(rules).to_string()).expect("write rules");
        std::fs::rename(&fresh, &self.rules).expect("replace rules");
    }

    /// Every message accepted so far, in order of arrival.
    pub fn received(&self) -> Vec<Received> {
        let mut names: Vec<PathBuf> = std::fs::read_dir(&self.spool)
            .expect("read the spool")
            .flatten()
            .map(|entry| entry.path())
            .filter(|path| path.extension().is_some_and(|e| e == "json"))
            .collect();
        names.sort();
        names
            .into_iter()
            .map(|meta| {
                let envelope: serde_json::Value =
                    serde_json::from_slice(&std::fs::read(&meta).expect("read an envelope"))
                        .expect("an envelope is JSON");
                Received {
                    mail_from: envelope["mail_from"]
                        .as_str()
                        .unwrap_or_default()
                        .to_owned(),
                    rcpt_tos: envelope["rcpt_tos"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(|v| v.as_str().map(str::to_owned))
                        .collect(),
                    login: envelope["login"].as_str().map(str::to_owned),
                    data: std::fs::read(meta.with_extension("eml")).expect("read a message"),
                }
            })
            .collect()
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
