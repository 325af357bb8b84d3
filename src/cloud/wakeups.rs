//! Wake-ups from other writers of a shared journal (other tabs of the origin), turned into
//! catch-up transactions: no notice is lost, and at most one catch-up waits at a time.
//!
//! A catch-up reads everything committed before it starts reading, so a notice that arrives
//! while one is waiting is covered by it; a notice that arrives once it has read needs another.
//! Pure bookkeeping: the facade feeds it notices and tells it when a catch-up reads.

/// Identifies one queued catch-up.
pub type Ticket = u64;

#[derive(Debug, Default)]
pub struct Wakeups {
    /// The catch-up queued and not yet reading, if any.
    waiting: Option<Ticket>,
    issued: Ticket,
}

impl Wakeups {
    /// Another writer committed. `Some(ticket)`: queue a catch-up with that ticket; `None`: the
    /// one already waiting will read this commit too.
    pub fn notice(&mut self) -> Option<Ticket> {
        if self.waiting.is_some() {
            return None;
        }
        self.issued += 1;
        self.waiting = Some(self.issued);
        Some(self.issued)
    }

    /// The catch-up `ticket` reads the journal now, or never will (its transaction could not
    /// start): later notices need a new one. Calling it again, or for an older ticket, is harmless.
    pub fn reading(&mut self, ticket: Ticket) {
        if self.waiting == Some(ticket) {
            self.waiting = None;
        }
    }

    /// Whether a catch-up is queued and has not read yet.
    pub fn is_waiting(&self) -> bool {
        self.waiting.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_of_notices_queues_one_catch_up() {
        let mut w = Wakeups::default();
        let t = w.notice().expect("first notice queues a catch-up");
        assert_eq!(w.notice(), None);
        assert_eq!(w.notice(), None);
        w.reading(t);
        assert!(!w.is_waiting());
        // News after the read needs another catch-up.
        let t2 = w.notice().expect("a notice after the read queues another");
        assert_ne!(t, t2);
        // A late "reading" of the old ticket does not cancel the new one.
        w.reading(t);
        assert!(w.is_waiting());
        w.reading(t2);
        w.reading(t2);
        assert!(!w.is_waiting());
    }

    /// Every interleaving of commits by others, notices (delivered later, in order) and catch-ups
    /// (queued, then reading) from a fixed-seed generator: when everything has settled, the last
    /// read saw the last commit, and never more than one catch-up waited.
    #[test]
    fn no_commit_is_left_unread_in_any_interleaving() {
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut rand = move |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        for _case in 0..256 {
            let mut w = Wakeups::default();
            let mut committed = 0u64; // commits by other writers so far
            let mut notices = std::collections::VecDeque::new(); // in flight, in order
            let mut queued: std::collections::VecDeque<Ticket> = Default::default();
            let mut seen = 0u64; // what this page has read
            for _ in 0..200 {
                match rand(4) {
                    0 => {
                        committed += 1;
                        notices.push_back(committed);
                    }
                    1 => {
                        let notice = notices.pop_front().and_then(|_| w.notice());
                        queued.extend(notice);
                    }
                    2 => {
                        if let Some(t) = queued.pop_front() {
                            w.reading(t);
                            seen = committed;
                        }
                    }
                    _ => {}
                }
                assert!(queued.len() <= 1, "more than one catch-up waiting");
            }
            // Settle: deliver every notice, run every catch-up.
            loop {
                if notices.pop_front().is_some() {
                    if let Some(t) = w.notice() {
                        queued.push_back(t);
                    }
                } else if let Some(t) = queued.pop_front() {
                    w.reading(t);
                    seen = committed;
                } else {
                    break;
                }
            }
            assert_eq!(seen, committed, "a commit by another writer was never read");
            assert!(!w.is_waiting());
        }
    }
}
