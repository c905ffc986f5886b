//! A real SMTP server for the tests: aiosmtpd (PyPI, installed by
//! `scripts/install-test-servers.sh`) on a free port, keeping every mail it
//! receives in a Maildir that the tests read back.

use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct SmtpServer {
    pub port: u16,
    dir: PathBuf,
    child: Option<Child>,
    /// STARTTLS with this certificate and key, and this login, required.
    secure: Option<Secure>,
}

/// A CA, the server's certificate signed by it for `localhost`, and a login.
pub struct Secure {
    pub ca: PathBuf,
    cert: PathBuf,
    key: PathBuf,
    pub user: String,
    pub password: String,
}

impl Secure {
    /// Made with openssl in `dir`: a CA and a certificate for localhost.
    fn make(dir: &std::path::Path) -> Self {
        let run = |args: &[&str]| {
            let ok = Command::new("openssl")
                .args(args)
                .current_dir(dir)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .expect("openssl")
                .success();
            assert!(ok, "openssl {args:?}");
        };
        run(&[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "ca.key",
            "-out",
            "ca.pem",
            "-days",
            "2",
            "-subj",
            "/CN=Testkommunens CA",
        ]);
        run(&[
            "req",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "server.key",
            "-out",
            "server.csr",
            "-subj",
            "/CN=localhost",
        ]);
        std::fs::write(
            dir.join("san.ext"),
            "subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\n",
        )
        .unwrap();
        run(&[
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
            "san.ext",
        ]);
        Self {
            ca: dir.join("ca.pem"),
            cert: dir.join("server.pem"),
            key: dir.join("server.key"),
            user: "relay-bruger".into(),
            password: "relay-kode".into(),
        }
    }
}

/// A mail as received: its headers decoded, and its plain text and HTML parts.
#[derive(Debug, Clone)]
pub struct Received {
    pub to: String,
    pub cc: String,
    pub subject: String,
    pub text: String,
    pub html: String,
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// aiosmtpd, installed by the project's script the first time a test needs it.
fn installed() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let script = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/scripts/install-test-servers.sh"
        );
        let status = Command::new("bash").arg(script).status().expect("bash");
        assert!(status.success(), "scripts/install-test-servers.sh failed");
    });
}

impl SmtpServer {
    /// A server on a free port.
    pub fn start() -> Self {
        Self::start_on(free_port())
    }

    /// A server on `port` (a test that stops and starts it again keeps the port).
    pub fn start_on(port: u16) -> Self {
        let dir =
            std::env::temp_dir().join(format!("portefolje-smtp-{port}-{}", std::process::id()));
        for sub in ["new", "cur", "tmp"] {
            std::fs::create_dir_all(dir.join(sub)).unwrap();
        }
        let mut server = Self {
            port,
            dir,
            child: None,
            secure: None,
        };
        server.resume();
        server
    }

    /// A server that requires STARTTLS (a certificate from its own CA) and a login.
    pub fn start_secure() -> Self {
        let port = free_port();
        let dir =
            std::env::temp_dir().join(format!("portefolje-smtps-{port}-{}", std::process::id()));
        for sub in ["new", "cur", "tmp"] {
            std::fs::create_dir_all(dir.join(sub)).unwrap();
        }
        let secure = Secure::make(&dir);
        let mut server = Self {
            port,
            dir,
            child: None,
            secure: Some(secure),
        };
        server.resume();
        server
    }

    pub fn secure(&self) -> &Secure {
        self.secure.as_ref().expect("a secure server")
    }

    /// Start (again) and wait until it accepts connections.
    pub fn resume(&mut self) {
        installed();
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/api/smtp_server.py");
        let mut command = Command::new("python3");
        command
            .arg(script)
            .arg(self.port.to_string())
            .arg(&self.dir);
        if let Some(s) = &self.secure {
            command
                .arg(&s.cert)
                .arg(&s.key)
                .arg(&s.user)
                .arg(&s.password);
        }
        let child = command
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3 -m aiosmtpd (run scripts/install-test-servers.sh)");
        self.child = Some(child);
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(15),
                "aiosmtpd did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Stop it: an outage, as far as the service can tell.
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
        // The port is free again before a test restarts the server on it.
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", self.port)).is_ok()
            && started.elapsed() < Duration::from_secs(5)
        {
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Every mail received so far.
    pub fn received(&self) -> Vec<Received> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(self.dir.join("new"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        // Maildir names a mail "<seconds>.M<microseconds>P<pid>Q<n>.<host>":
        // in the order received by number, not by text.
        files.sort_by_key(|f| {
            let name = f.file_name().unwrap().to_string_lossy().to_string();
            let mut parts = name.split('.');
            let seconds: u64 = parts.next().unwrap_or("0").parse().unwrap_or(0);
            let rest = parts.next().unwrap_or("");
            let micros: u64 = rest
                .trim_start_matches('M')
                .split('P')
                .next()
                .unwrap_or("0")
                .parse()
                .unwrap_or(0);
            (seconds, micros)
        });
        files
            .iter()
            .map(|f| parse(&std::fs::read(f).unwrap()))
            .collect()
    }
}

fn parse(raw: &[u8]) -> Received {
    use mailparse::MailHeaderMap;
    let mail = mailparse::parse_mail(raw).unwrap();
    let header = |name: &str| mail.headers.get_first_value(name).unwrap_or_default();
    let part = |kind: &str| {
        mail.subparts
            .iter()
            .find(|p| p.ctype.mimetype == kind)
            .map(|p| p.get_body().unwrap())
            .unwrap_or_default()
    };
    Received {
        to: header("To"),
        cc: header("Cc"),
        subject: header("Subject"),
        text: part("text/plain"),
        html: part("text/html"),
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        self.stop();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
