//! `queue`: batches of documents handed out to many machines through NATS
//! JetStream.
//!
//! `dyad enqueue` publishes batches of documents to a stream with
//! *work-queue* retention (a message is removed once a worker acks it);
//! `dyad work` pulls from one durable consumer that every worker shares,
//! with explicit acks. A batch a worker took and did not ack within the
//! consumer's `ack_wait` (the worker died, the machine went away) is
//! delivered again to another worker. Delivery is therefore *at least
//! once*; the store's stable document keys (insert or skip) make the
//! result exactly once.
//!
//! The API is blocking: [`Queue`] owns a small single-threaded tokio
//! runtime and blocks on it, so the async runtime stays inside this crate
//! and the rest of dyad (threads, `dyad::batch`) does not see it. The
//! payload is opaque bytes here; `dyad` puts JSON lines of documents in it.

use std::time::Duration;

use async_nats::jetstream::{self, consumer, stream};
use futures_util::StreamExt as _;

/// What can go wrong talking to the queue.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Connecting, publishing, fetching or acking failed.
    #[error("nats: {0}")]
    Nats(String),
    /// The runtime could not start.
    #[error("runtime: {0}")]
    Io(#[from] std::io::Error),
}

fn nats(e: impl std::fmt::Display) -> Error {
    Error::Nats(e.to_string())
}

/// A queue's result.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Where the work queue is: stream, subject, consumer.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The JetStream stream (created with work-queue retention if missing).
    pub stream: String,
    /// The subject batches are published on.
    pub subject: String,
    /// The durable pull consumer every worker shares.
    pub consumer: String,
    /// How long a worker may hold a batch without acking (or saying it is
    /// still working) before it is handed to another worker. Only used
    /// when the consumer is created.
    pub ack_wait: Duration,
}

impl Settings {
    /// Stream `name`, subject `name.docs` in lower case, consumer
    /// `name-workers`, five minutes to ack.
    pub fn named(name: &str) -> Settings {
        Settings {
            stream: name.to_owned(),
            subject: format!("{}.docs", name.to_ascii_lowercase()),
            consumer: format!("{}-workers", name.to_ascii_lowercase()),
            ack_wait: Duration::from_secs(300),
        }
    }
}

impl Default for Settings {
    /// Stream `DYAD`, subject `dyad.docs`, consumer `dyad-workers`.
    fn default() -> Settings {
        Settings::named("DYAD")
    }
}

/// A connection to the work queue.
pub struct Queue {
    rt: tokio::runtime::Runtime,
    js: jetstream::Context,
    stream: stream::Stream,
    settings: Settings,
}

impl Queue {
    /// Connects to the NATS server at `url` (`nats://host:port`) and makes
    /// sure the stream exists.
    pub fn connect(url: &str, settings: Settings) -> Result<Queue> {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let (js, stream) = rt.block_on(async {
            let client = async_nats::ConnectOptions::new()
                .connection_timeout(Duration::from_secs(10))
                .connect(url)
                .await
                .map_err(nats)?;
            let js = jetstream::new(client);
            let stream = js
                .get_or_create_stream(stream::Config {
                    name: settings.stream.clone(),
                    subjects: vec![settings.subject.clone()],
                    retention: stream::RetentionPolicy::WorkQueue,
                    storage: stream::StorageType::File,
                    ..Default::default()
                })
                .await
                .map_err(nats)?;
            Ok::<_, Error>((js, stream))
        })?;
        Ok(Queue {
            rt,
            js,
            stream,
            settings,
        })
    }

    /// Publishes one batch and waits until the server has stored it.
    pub fn publish(&self, payload: Vec<u8>) -> Result<()> {
        self.rt.block_on(async {
            let ack = self
                .js
                .publish(self.settings.subject.clone(), payload.into())
                .await
                .map_err(nats)?;
            ack.await.map_err(nats)?;
            Ok(())
        })
    }

    /// Batches in the stream: published and not yet acked by a worker.
    pub fn pending(&mut self) -> Result<u64> {
        self.rt.block_on(async {
            let info = self.stream.info().await.map_err(nats)?;
            Ok(info.state.messages)
        })
    }

    /// Joins the shared durable consumer (creating it, with explicit acks
    /// and the settings' `ack_wait`, if it is missing).
    pub fn worker(&self) -> Result<Worker> {
        let consumer = self.rt.block_on(async {
            self.stream
                .get_or_create_consumer(
                    &self.settings.consumer,
                    consumer::pull::Config {
                        durable_name: Some(self.settings.consumer.clone()),
                        ack_policy: consumer::AckPolicy::Explicit,
                        ack_wait: self.settings.ack_wait,
                        ..Default::default()
                    },
                )
                .await
                .map_err(nats)
        })?;
        Ok(Worker { consumer })
    }

    /// The next batch for `worker`, waiting at most `wait`; `None` when
    /// none came.
    pub fn next(&self, worker: &Worker, wait: Duration) -> Result<Option<Job>> {
        self.rt.block_on(async {
            let mut batch = worker
                .consumer
                .fetch()
                .max_messages(1)
                .expires(wait)
                .messages()
                .await
                .map_err(nats)?;
            match batch.next().await {
                None => Ok(None),
                Some(m) => {
                    let msg = m.map_err(nats)?;
                    let delivered = msg.info().map(|i| i.delivered).unwrap_or(1);
                    Ok(Some(Job { msg, delivered }))
                }
            }
        })
    }

    /// Tells the server the job is still being worked on, which restarts
    /// its `ack_wait` clock.
    pub fn progress(&self, job: &Job) -> Result<()> {
        self.rt.block_on(async {
            job.msg
                .ack_with(jetstream::AckKind::Progress)
                .await
                .map_err(nats)
        })
    }

    /// Acks the job and waits for the server to confirm: it is done and
    /// will not be delivered again.
    pub fn ack(&self, job: Job) -> Result<()> {
        self.rt
            .block_on(async { job.msg.double_ack().await.map_err(nats) })
    }

    /// Hands the job back at once (the worker cannot do it now), to be
    /// delivered again.
    pub fn nak(&self, job: Job) -> Result<()> {
        self.rt.block_on(async {
            job.msg
                .ack_with(jetstream::AckKind::Nak(None))
                .await
                .map_err(nats)
        })
    }
}

/// A worker's place in the shared consumer.
pub struct Worker {
    consumer: consumer::Consumer<consumer::pull::Config>,
}

/// One batch taken from the queue, to ack when done.
pub struct Job {
    msg: jetstream::Message,
    delivered: i64,
}

impl Job {
    /// The batch as published.
    pub fn payload(&self) -> &[u8] {
        &self.msg.payload
    }

    /// How many times it has been delivered (1 the first time; more when
    /// a worker took it and did not ack it in time).
    pub fn delivered(&self) -> i64 {
        self.delivered
    }
}
