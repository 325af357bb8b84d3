//! The server binary, started as an operator would, for the integration tests.
#![allow(dead_code)]

pub mod pg;
pub mod ws;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

pub fn server(args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_tim-server"));
    c.args(args)
        .env_remove("TIM_APPS")
        .env_remove("TIM_LISTEN")
        .env_remove("TIM_DATABASE");
    c
}

pub fn temp_db(name: &str) -> String {
    let dir = std::env::temp_dir().join(format!("tim-cli-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    format!("sqlite:{}", dir.join("server.db").display())
}

/// A running server and what it printed before listening.
pub struct Running {
    pub child: Child,
    pub addr: String,
    pub printed: Vec<String>,
}

impl Running {
    // The child is waited for when the `Running` drops (or in `stop`).
    #[allow(clippy::zombie_processes)]
    pub fn start(args: &[&str]) -> Running {
        let mut child = server(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the server starts");
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let mut printed = Vec::new();
        loop {
            let line = lines
                .next()
                .expect("the server prints its address")
                .unwrap();
            if let Some(addr) = line.strip_prefix("tim-server listening on http://") {
                return Running {
                    addr: addr.to_string(),
                    child,
                    printed,
                };
            }
            printed.push(line);
        }
    }

    /// One HTTP/1.1 request to the server; the status and the body.
    pub fn http(&self, method: &str, path: &str, body: &str) -> (u16, String) {
        http(&self.addr, method, path, body)
    }

    /// SIGTERM, then the exit status.
    pub fn stop(mut self) -> std::process::ExitStatus {
        Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        self.child.wait().unwrap()
    }
}

/// A test that ends without `stop` (or fails) leaves no server behind.
impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The development app a server printed: (SDKAppID, secret key).
pub fn dev_app(printed: &[String]) -> (u64, String) {
    let line = printed
        .iter()
        .find_map(|l| l.strip_prefix("development app (no --app given): SDKAppID "))
        .expect("the dev app is printed");
    let (app, key) = line.split_once(" secret key ").unwrap();
    (app.parse().unwrap(), key.to_string())
}

/// One HTTP/1.1 request to `addr`; the status and the body.
pub fn http(addr: &str, method: &str, path: &str, body: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(s, "{method} {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len()).unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    let status = out
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (
        status,
        out.split("\r\n\r\n").nth(1).unwrap_or_default().to_string(),
    )
}
