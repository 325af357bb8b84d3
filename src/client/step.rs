//! The client is sans-I/O toward its cloud: a method that needs the cloud does not call it; it
//! returns a [`Step`] — either its result, or a [`Request`] to send and what to do with the
//! answer. Whoever hosts the client sends the request however it can (in the page: to the
//! embedded cloud, within a storage transaction; over a network: as a frame, answered later)
//! and hands the answer back. [`Client::drive`] is the host for a cloud in the same process.

use super::{Client, Reply};
use crate::cloud::{CloudLink, Request, Response};
use crate::core::error::Error;

/// What to do with the cloud's answer to a request.
pub type Then<T> = Box<dyn FnOnce(&mut Client, Result<Response, Error>) -> Step<T>>;

/// Where a method stands: done, or waiting for the cloud's answer to a request.
// Short-lived (one per frame or step): boxing the large variant would cost an allocation each.
#[allow(clippy::large_enum_variant)]
pub enum Step<T> {
    Done(Reply<T>),
    Ask(Request, Then<T>),
}

impl<T: 'static> Step<T> {
    /// Asks `req`; `then` finishes with the answer.
    pub fn ask(
        req: Request,
        then: impl FnOnce(&mut Client, Result<Response, Error>) -> Reply<T> + 'static,
    ) -> Step<T> {
        Step::Ask(req, Box::new(move |c, res| Step::Done(then(c, res))))
    }

    /// The same step, its result turned by `f` once it is done.
    pub fn map<U: 'static>(self, f: impl FnOnce(T) -> U + 'static) -> Step<U> {
        self.try_map(|v| Ok(f(v)))
    }

    /// The same step, its result turned by `f` (which may fail) once it is done.
    pub fn try_map<U: 'static>(self, f: impl FnOnce(T) -> Result<U, Error> + 'static) -> Step<U> {
        self.map_reply(|r| r.and_then(|(v, ev)| Ok((f(v)?, ev))))
    }

    /// The same step, its whole reply (value and events, or the error) turned by `f`.
    pub fn map_reply<U: 'static>(self, f: impl FnOnce(Reply<T>) -> Reply<U> + 'static) -> Step<U> {
        self.map_boxed(Box::new(f))
    }

    /// `map_reply` with `f` boxed: one copy of this per pair of types, not per closure (the
    /// size budget).
    fn map_boxed<U: 'static>(self, f: Box<dyn FnOnce(Reply<T>) -> Reply<U>>) -> Step<U> {
        match self {
            Step::Done(r) => Step::Done(f(r)),
            Step::Ask(req, then) => {
                Step::Ask(req, Box::new(move |c, res| then(c, res).map_boxed(f)))
            }
        }
    }
}

impl std::fmt::Debug for Step<super::Output> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Step::Done(r) => write!(f, "Done({r:?})"),
            Step::Ask(req, _) => write!(f, "Ask({req:?})"),
        }
    }
}

impl Client {
    /// Runs a step to its end against a cloud in this process: each request as the logged-in
    /// user, the cloud's pushes for other sessions kept in the outbox.
    pub fn drive<T>(&mut self, link: &mut dyn CloudLink, now: u64, mut step: Step<T>) -> Reply<T> {
        loop {
            match step {
                Step::Done(r) => return r,
                Step::Ask(req, then) => {
                    let res = self.req(link, req, now);
                    step = then(self, res);
                }
            }
        }
    }
}
