//! A private Dovecot IMAP server for tests: its own folder, configuration, users and port, stopped when
//! dropped. Missing Dovecot skips the test with a printed reason, except under `AYUDA_TEST_STRICT=1` (CI),
//! where it fails: CI must never pass by skipping.
//!
//! Dovecot refuses to run its login processes as root and to give mail to UID 0. Run as root (CI, containers),
//! it uses the `dovecot` and `dovenull` users its package creates and stores mail as `dovecot`; run as
//! anyone else, everything runs as that user.

use std::fs;
use std::net::{TcpListener, TcpStream};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tempfile::TempDir;

const DOVECOT: &str = "/usr/sbin/dovecot";

/// A test's own IMAP session with Dovecot.
pub type Client = async_imap::Session<tokio::net::TcpStream>;

/// A running Dovecot with the users it was started with (password = user name + "-secret").
pub struct Dovecot {
    dir: TempDir,
    port: u16,
    /// The IMAPS port and the certificate authority (PEM) when started with TLS.
    tls: Option<(u16, Vec<u8>)>,
    child: Child,
}

impl std::fmt::Debug for Dovecot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Dovecot")
            .field("dir", &self.dir.path())
            .field("port", &self.port)
            .finish()
    }
}

/// Who Dovecot's processes and mail files run as.
struct Accounts {
    internal_user: String,
    login_user: String,
    mail_uid: u32,
    mail_gid: u32,
}

impl Dovecot {
    /// Starts Dovecot with these users, without TLS, or returns `None` (after printing why) when it is not
    /// installed.
    pub fn start(users: &[&str]) -> Option<Dovecot> {
        Dovecot::launch(users, false, Capabilities::Full)
    }

    /// Starts Dovecot without TLS, announcing only IMAP4rev1's own commands after login: no IDLE, MOVE or
    /// UIDPLUS, like the older or smaller servers Ayuda must also read from.
    pub fn start_basic(users: &[&str]) -> Option<Dovecot> {
        Dovecot::launch(users, false, Capabilities::Basic)
    }

    /// Starts Dovecot with these users, offering STARTTLS on [`Dovecot::port`] and TLS on
    /// [`Dovecot::tls_port`], with a certificate for `localhost` from a throwaway certificate authority
    /// ([`Dovecot::ca_pem`]) made with `openssl`.
    pub fn start_with_tls(users: &[&str]) -> Option<Dovecot> {
        Dovecot::launch(users, true, Capabilities::Full)
    }

    fn launch(users: &[&str], tls: bool, capabilities: Capabilities) -> Option<Dovecot> {
        if !Path::new(DOVECOT).exists() {
            return skip(&format!(
                "{DOVECOT} is missing (apt-get install dovecot-imapd)"
            ));
        }
        let dir = tempfile::Builder::new()
            .prefix("ayuda-dovecot-")
            .tempdir()
            .expect("create a folder for Dovecot");
        // The mail processes run as another user when we are root: let them reach their folders.
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755)).unwrap();
        let accounts = accounts(dir.path());
        let mail = dir.path().join("mail");
        fs::create_dir(&mail).unwrap();
        std::os::unix::fs::chown(&mail, Some(accounts.mail_uid), Some(accounts.mail_gid)).unwrap();
        let passwd: String = users
            .iter()
            .map(|user| {
                format!(
                    "{user}:{{PLAIN}}{user}-secret:{}:{}::{}::\n",
                    accounts.mail_uid,
                    accounts.mail_gid,
                    mail.join(user).display()
                )
            })
            .collect();
        fs::write(dir.path().join("users"), passwd).unwrap();
        let ca = if tls {
            match certificates(dir.path()) {
                Ok(ca) => Some(ca),
                Err(reason) => return skip(&format!("cannot make test certificates: {reason}")),
            }
        } else {
            None
        };
        // Another test may take the port between our probe and Dovecot's bind: try a few.
        for _ in 0..5 {
            let port = free_port();
            let tls = ca.clone().map(|ca| (free_port(), ca));
            let config = dir.path().join("dovecot.conf");
            let tls_port = tls.as_ref().map(|(port, _)| *port);
            fs::write(
                &config,
                configuration(dir.path(), port, tls_port, &accounts, capabilities),
            )
            .unwrap();
            let mut child = Command::new(DOVECOT)
                .arg("-F")
                .arg("-c")
                .arg(&config)
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("start dovecot");
            if wait_until_listening(&mut child, port, true)
                && tls_port.is_none_or(|tls_port| wait_until_listening(&mut child, tls_port, false))
            {
                return Some(Dovecot {
                    dir,
                    port,
                    tls,
                    child,
                });
            }
            stop(&mut child);
        }
        panic!(
            "Dovecot did not start; its log:\n{}",
            fs::read_to_string(dir.path().join("dovecot.log")).unwrap_or_default()
        );
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// The IMAPS port; only when started with TLS.
    pub fn tls_port(&self) -> u16 {
        self.tls.as_ref().expect("started with TLS").0
    }

    /// The certificate authority that signed the server's certificate; only when started with TLS.
    pub fn ca_pem(&self) -> Vec<u8> {
        self.tls.as_ref().expect("started with TLS").1.clone()
    }

    pub fn password(user: &str) -> String {
        format!("{user}-secret")
    }

    /// A client session logged in as `user`, for putting mail in and looking at it.
    pub async fn login(&self, user: &str) -> Client {
        let tcp = tokio::net::TcpStream::connect(("127.0.0.1", self.port))
            .await
            .expect("connect to Dovecot");
        let mut client = async_imap::Client::new(tcp);
        client
            .read_response()
            .await
            .expect("read Dovecot's greeting")
            .expect("Dovecot's greeting");
        client
            .login(user, Dovecot::password(user))
            .await
            .map_err(|(error, _)| error)
            .expect("log in to Dovecot")
    }

    /// Dovecot's log so far, for failure messages.
    pub fn log(&self) -> String {
        fs::read_to_string(self.dir.path().join("dovecot.log")).unwrap_or_default()
    }
}

impl Drop for Dovecot {
    fn drop(&mut self) {
        stop(&mut self.child);
    }
}

/// Waits until Dovecot answers on `port`; `greets_in_clear` is false for the IMAPS port, whose greeting
/// comes only after the TLS handshake.
fn wait_until_listening(child: &mut Child, port: u16, greets_in_clear: bool) -> bool {
    let deadline = Instant::now() + Duration::from_secs(15);
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            return false;
        }
        // The port answering is not enough: another test may have bound it between our probe and
        // Dovecot's bind (Dovecot then exits). Only Dovecot's greeting counts.
        if let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) {
            let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
            let mut greeting = [0u8; 4];
            let greeted = !greets_in_clear
                || (std::io::Read::read_exact(&mut stream, &mut greeting).is_ok()
                    && &greeting == b"* OK");
            if greeted && matches!(child.try_wait(), Ok(None)) {
                return true;
            }
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    false
}

/// Stops Dovecot with SIGTERM, which lets it stop its own children, and kills it if it lingers.
fn stop(child: &mut Child) {
    let _ = Command::new("kill").arg(child.id().to_string()).status();
    let deadline = Instant::now() + Duration::from_secs(5);
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// Skips the calling test with `reason`, or fails it under `AYUDA_TEST_STRICT=1`.
fn skip(reason: &str) -> Option<Dovecot> {
    if std::env::var("AYUDA_TEST_STRICT").is_ok_and(|strict| strict == "1") {
        panic!("{reason}, and AYUDA_TEST_STRICT=1 forbids skipping");
    }
    eprintln!("skipping: {reason}");
    None
}

/// Makes a certificate authority and a certificate for `localhost` signed by it, in `dir`; returns the
/// authority's certificate (PEM).
fn certificates(dir: &Path) -> Result<Vec<u8>, String> {
    let openssl = |args: &[&str]| -> Result<(), String> {
        let output = Command::new("openssl")
            .args(args)
            .current_dir(dir)
            .output()
            .map_err(|e| format!("openssl: {e}"))?;
        if output.status.success() {
            Ok(())
        } else {
            Err(format!(
                "openssl {args:?}: {}",
                String::from_utf8_lossy(&output.stderr)
            ))
        }
    };
    let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"];
    openssl(
        &[
            &["req", "-x509", "-nodes", "-days", "2"][..],
            &ec,
            &[
                "-keyout",
                "ca.key",
                "-out",
                "ca.pem",
                "-subj",
                "/CN=Ayuda test CA",
            ],
            &["-addext", "basicConstraints=critical,CA:TRUE"],
            &["-addext", "keyUsage=critical,keyCertSign,cRLSign"],
        ]
        .concat(),
    )?;
    openssl(
        &[
            &["req", "-nodes"][..],
            &ec,
            &[
                "-keyout",
                "server.key",
                "-out",
                "server.csr",
                "-subj",
                "/CN=localhost",
            ],
        ]
        .concat(),
    )?;
    fs::write(
        dir.join("server.ext"),
        "subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n",
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
        "-days",
        "2",
        "-out",
        "server.pem",
        "-extfile",
        "server.ext",
    ])?;
    fs::read(dir.join("ca.pem")).map_err(|e| e.to_string())
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .expect("find a free port")
}

fn accounts(dir: &Path) -> Accounts {
    let probe = dir.join("probe");
    fs::write(&probe, b"").unwrap();
    let meta = fs::metadata(&probe).unwrap();
    fs::remove_file(&probe).unwrap();
    if meta.uid() == 0 {
        let (uid, gid) = passwd_ids("dovecot").expect("the dovecot user (created by dovecot-core)");
        assert!(
            passwd_ids("dovenull").is_some(),
            "the dovenull user (created by dovecot-core)"
        );
        Accounts {
            internal_user: "dovecot".into(),
            login_user: "dovenull".into(),
            mail_uid: uid,
            mail_gid: gid,
        }
    } else {
        let name = passwd_name(meta.uid()).expect("our user in /etc/passwd");
        Accounts {
            internal_user: name.clone(),
            login_user: name,
            mail_uid: meta.uid(),
            mail_gid: meta.gid(),
        }
    }
}

fn passwd_entries() -> Vec<Vec<String>> {
    fs::read_to_string("/etc/passwd")
        .unwrap_or_default()
        .lines()
        .map(|line| line.split(':').map(str::to_owned).collect())
        .collect()
}

fn passwd_ids(user: &str) -> Option<(u32, u32)> {
    passwd_entries()
        .into_iter()
        .find(|fields| fields.first().map(String::as_str) == Some(user))
        .and_then(|fields| Some((fields.get(2)?.parse().ok()?, fields.get(3)?.parse().ok()?)))
}

fn passwd_name(uid: u32) -> Option<String> {
    passwd_entries()
        .into_iter()
        .find(|fields| fields.get(2).and_then(|id| id.parse::<u32>().ok()) == Some(uid))
        .and_then(|fields| fields.into_iter().next())
}

/// What Dovecot announces after login.
#[derive(Debug, Clone, Copy)]
enum Capabilities {
    /// Everything it supports (IDLE, MOVE, UIDPLUS and more).
    Full,
    /// IMAP4rev1 alone.
    Basic,
}

fn configuration(
    dir: &Path,
    port: u16,
    tls_port: Option<u16>,
    accounts: &Accounts,
    capabilities: Capabilities,
) -> String {
    let path = |name: &str| -> PathBuf { dir.join(name) };
    let capability = match capabilities {
        Capabilities::Full => "",
        // Dovecot still executes IDLE or MOVE if sent; a client reading CAPABILITY never sends them.
        Capabilities::Basic => "imap_capability = IMAP4rev1\n",
    };
    let (ssl, imaps) = match tls_port {
        Some(tls_port) => (
            format!(
                "ssl = yes\nssl_cert = <{}\nssl_key = <{}\n",
                path("server.pem").display(),
                path("server.key").display()
            ),
            format!("address = 127.0.0.1\n    port = {tls_port}\n    ssl = yes"),
        ),
        None => ("ssl = no\n".to_owned(), "port = 0".to_owned()),
    };
    format!(
        r#"# A private Dovecot for one test.
base_dir = {run}
state_dir = {state}
log_path = {log}
info_log_path = {log}
listen = 127.0.0.1
protocols = imap
{ssl}{capability}auth_mechanisms = plain login
disable_plaintext_auth = no
default_internal_user = {internal}
default_login_user = {login}
first_valid_uid = {uid}
mail_location = maildir:{mail}/%u/Maildir
# Test mail need not survive a power cut; appending thousands of messages should be quick.
mail_fsync = never
service imap-login {{
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    {imaps}
  }}
}}
service anvil {{
  chroot =
}}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {users}
}}
userdb {{
  driver = passwd-file
  args = username_format=%u {users}
}}
"#,
        run = path("run").display(),
        state = path("state").display(),
        log = path("dovecot.log").display(),
        internal = accounts.internal_user,
        login = accounts.login_user,
        uid = accounts.mail_uid,
        mail = path("mail").display(),
        users = path("users").display(),
    )
}
