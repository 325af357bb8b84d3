//! Several nodes on one Postgres (CONTRACT §9, scale-out): a change committed through another
//! node reaches this node's connections. What counts is the durable, ordered change log each
//! call appends to; Postgres' NOTIFY (sent at commit, `store.rs`) is only a wake-up, since
//! notifications are lost while a listener is disconnected. So this node's listener also asks
//! the log, once a second, for the newest push of every user followed here; a connection that
//! is behind reads what it missed from the log itself (`socket.rs`), in order, once.

use crate::http::Shared;
use postgres::fallible_iterator::FallibleIterator;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

/// How often the log is asked, whatever the notifications said.
const POLL: Duration = Duration::from_secs(1);

/// Starts following the other nodes' commits (a thread with its own connection, reconnecting
/// after a failure).
pub fn follow(url: String, shared: Arc<Shared>) {
    std::thread::spawn(move || loop {
        if let Err(e) = listen(&url, &shared) {
            tracing::warn!(error = %e, "the cross-node listener lost its connection; reconnecting");
        }
        std::thread::sleep(POLL);
    });
}

fn listen(url: &str, shared: &Shared) -> Result<(), postgres::Error> {
    let mut client = postgres::Client::connect(url, postgres::NoTls)?;
    client.batch_execute("LISTEN tim_changes")?;
    loop {
        {
            let mut notes = client.notifications();
            let mut it = notes.timeout_iter(POLL);
            while let Some(n) = it.next()? {
                if let Ok((app, user, seq)) =
                    serde_json::from_str::<(u64, String, u64)>(n.payload())
                {
                    shared.hub.behind(app, &user, seq);
                }
            }
        }
        // The poll: every followed user's newest push, one query per app.
        let mut by_app: HashMap<u64, Vec<String>> = HashMap::new();
        for (app, user) in shared.hub.followed() {
            by_app.entry(app).or_default().push(user);
        }
        for (app, users) in by_app {
            let rows = client.query(
                "SELECT user_id, MAX(seq) FROM changes WHERE sdk_app_id = $1 AND user_id = ANY($2) GROUP BY user_id",
                &[&(app as i64), &users],
            )?;
            for row in rows {
                let (user, seq): (String, Option<i64>) = (row.get(0), row.get(1));
                if let Some(seq) = seq {
                    shared.hub.behind(app, &user, seq as u64);
                }
            }
        }
    }
}
