//! The guard answers first: a request's body and query extractors hold back their errors until
//! the request's credential check has decided.
//!
//! actix extracts a handler's arguments concurrently and answers with the first one that
//! fails. A body fails at once, while a token takes a database round trip, so without this a
//! caller with a dead token learned what their body got wrong (422) before being told to
//! authenticate (401), and a read-scope token got 422 instead of 403. A guard extractor
//! registers its check in the request's extensions from `from_request`, which actix calls in
//! argument order, so the body extractors after it find it and wait.

use std::cell::RefCell;
use std::future::{Future, poll_fn};
use std::rc::Rc;
use std::task::{Poll, Waker};

use actix_web::{HttpMessage, HttpRequest};

/// A credential check in progress for one request.
#[derive(Clone, Default)]
pub struct GuardCheck(Rc<RefCell<State>>);

#[derive(Default)]
struct State {
    decided: bool,
    waiting: Option<Waker>,
}

impl GuardCheck {
    /// Runs `check` as the request's guard: the extractors created after this wait for it.
    pub fn guard<T, F: Future<Output = T>>(
        req: &HttpRequest,
        check: F,
    ) -> impl Future<Output = T> + use<T, F> {
        let this = Self::default();
        req.extensions_mut().insert(this.clone());
        async move {
            let outcome = check.await;
            this.decide();
            outcome
        }
    }

    fn decide(&self) {
        let mut state = self.0.borrow_mut();
        state.decided = true;
        if let Some(waker) = state.waiting.take() {
            waker.wake();
        }
    }

    /// The request's guard, if one was registered before this extractor.
    pub fn of(req: &HttpRequest) -> Option<Self> {
        req.extensions().get::<Self>().cloned()
    }

    /// `result` once the guard (if any) has decided: if the guard refuses, actix answers with
    /// its error and drops this future unfinished.
    pub async fn after<T, E>(guard: Option<Self>, result: Result<T, E>) -> Result<T, E> {
        if let (Some(guard), Err(_)) = (guard, &result) {
            poll_fn(|cx| {
                let mut state = guard.0.borrow_mut();
                if state.decided {
                    Poll::Ready(())
                } else {
                    state.waiting = Some(cx.waker().clone());
                    Poll::Pending
                }
            })
            .await;
        }
        result
    }
}
