//! An SMTP server that accepts everything and counts each delivery by Message-ID and
//! recipient, so a run can tell an email lost (never counted) from one sent twice (counted
//! twice). It speaks just enough SMTP for lettre: EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

pub struct Sink {
    addr: SocketAddr,
    /// Deliveries per "Message-ID recipient".
    seen: Arc<Mutex<HashMap<String, u32>>>,
    task: tokio::task::JoinHandle<()>,
}

/// What arrived: how many deliveries, of how many distinct emails, and how many came more
/// than once.
#[derive(Debug, Clone, Copy, Default)]
pub struct Tally {
    pub deliveries: u64,
    pub distinct: u64,
    pub repeated: u64,
}

impl Sink {
    pub async fn start() -> anyhow::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let seen = Arc::new(Mutex::new(HashMap::new()));
        let counted = seen.clone();
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(session(stream, counted.clone()));
            }
        });
        Ok(Self { addr, seen, task })
    }

    pub fn url(&self) -> String {
        format!("smtp://{}", self.addr)
    }

    pub fn tally(&self) -> Tally {
        let seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        Tally {
            deliveries: seen.values().map(|&n| u64::from(n)).sum(),
            distinct: seen.len() as u64,
            repeated: seen.values().filter(|&&n| n > 1).count() as u64,
        }
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn session(stream: TcpStream, seen: Arc<Mutex<HashMap<String, u32>>>) {
    let _ = stream.set_nodelay(true);
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read);
    if write.write_all(b"220 sink ESMTP\r\n").await.is_err() {
        return;
    }
    let mut recipients: Vec<String> = Vec::new();
    let mut line = String::new();
    loop {
        line.clear();
        match lines.read_line(&mut line).await {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
        let upper = line.to_ascii_uppercase();
        let reply: &[u8] = if upper.starts_with("EHLO") {
            b"250-sink\r\n250 8BITMIME\r\n"
        } else if upper.starts_with("HELO") || upper.starts_with("NOOP") {
            b"250 ok\r\n"
        } else if upper.starts_with("MAIL") || upper.starts_with("RSET") {
            recipients.clear();
            b"250 ok\r\n"
        } else if upper.starts_with("RCPT") {
            let address = line
                .split_once('<')
                .and_then(|(_, rest)| rest.split_once('>'))
                .map(|(address, _)| address.to_owned())
                .unwrap_or_default();
            recipients.push(address);
            b"250 ok\r\n"
        } else if upper.starts_with("DATA") {
            if write.write_all(b"354 go on\r\n").await.is_err() {
                return;
            }
            let mut message_id = String::new();
            loop {
                line.clear();
                match lines.read_line(&mut line).await {
                    Ok(0) | Err(_) => return,
                    Ok(_) => {}
                }
                if line == ".\r\n" || line == ".\n" {
                    break;
                }
                if message_id.is_empty()
                    && let Some(value) = line
                        .strip_prefix("Message-ID:")
                        .or_else(|| line.strip_prefix("Message-Id:"))
                {
                    message_id = value.trim().to_owned();
                }
            }
            {
                let mut seen = seen.lock().unwrap_or_else(|e| e.into_inner());
                for recipient in recipients.drain(..) {
                    *seen.entry(format!("{message_id} {recipient}")).or_default() += 1;
                }
            }
            b"250 queued\r\n"
        } else if upper.starts_with("QUIT") {
            let _ = write.write_all(b"221 bye\r\n").await;
            return;
        } else {
            b"502 not here\r\n"
        };
        if write.write_all(reply).await.is_err() {
            return;
        }
    }
}
