//! The notification bus (Concourse style): one dedicated, unpooled
//! connection per process LISTENs on the fixed channels of [`Channel`] and
//! fans each notification out to the subscribers of its channel.
//!
//! Notifications sent while the connection is down are lost; Postgres keeps
//! none for a session that is gone. So the bus reconnects with backoff and
//! then sends every subscriber [`Notification::Gap`]: whatever a consumer
//! derives from notifications it must re-read from the database (a log
//! reader from the last line it saw). A subscriber whose queue is full gets
//! a `Gap` in place of what it missed, so a slow consumer never stalls the
//! others. The bus does not send; triggers and queries do (`pg_notify`).

use std::collections::HashMap;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use buildsrs_database::ConnectionConfig;
use buildsrs_database::queries::queries::sessions as sql;
use buildsrs_report::Report;
use buildsrs_runtime::backoff;
use futures::StreamExt;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tokio_postgres::AsyncMessage;

use crate::{Error, JobStage, JobState};

/// The channels buildsrs notifies on. Channel names are identifiers, fixed
/// in `LISTEN` statements, so per-job events share one channel and carry the
/// job in their payload.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Channel {
    /// `buildsrs_work`: a task became claimable; the payload is its target's
    /// id. Idle builders wake on it instead of polling.
    Work,
    /// `buildsrs_job_events`: a job changed stage or state or got log lines;
    /// the payload is a [`JobEvent`] as JSON.
    JobEvents,
    /// `buildsrs_registry_changes`: registry-sync committed changes to the
    /// mirror, or a target needs a backfill; the scheduler wakes on it.
    RegistryChanges,
}

impl Channel {
    /// Every channel; the bus listens on all of them.
    pub const ALL: [Channel; 3] = [Channel::Work, Channel::JobEvents, Channel::RegistryChanges];

    /// The channel's name in `LISTEN` and `pg_notify`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Work => "buildsrs_work",
            Self::JobEvents => "buildsrs_job_events",
            Self::RegistryChanges => "buildsrs_registry_changes",
        }
    }

    fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|channel| channel.name() == name)
    }
}

/// What a subscriber receives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notification {
    /// A notification's payload.
    Message(String),
    /// Notifications may have been lost (the connection was re-established,
    /// or this subscriber's queue overflowed): re-read the database.
    Gap,
}

/// The payload of a [`Channel::JobEvents`] notification: the job's state
/// after the change, as the trigger `jobs_notify_event` writes it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Deserialize)]
pub struct JobEvent {
    pub job: crate::JobId,
    pub stage: JobStage,
    pub state: JobState,
    /// The job's log line count.
    pub log_lines: i64,
}

impl JobEvent {
    /// Reads a payload; `None` for one that is not a job event.
    pub fn parse(payload: &str) -> Option<Self> {
        serde_json::from_str(payload).ok()
    }
}

/// How the bus connects and watches its connection.
#[derive(Clone, Debug)]
pub struct BusOptions {
    /// The name the connection shows in pg_stat_activity.
    pub application_name: String,
    /// The wait before the first reconnect attempt; doubled per failure.
    pub reconnect_delay: Duration,
    /// The longest wait between reconnect attempts.
    pub max_reconnect_delay: Duration,
    /// How often the connection is probed, to notice a silent network loss.
    pub ping_interval: Duration,
    /// How long a probe may take before the connection counts as lost.
    pub ping_timeout: Duration,
}

impl Default for BusOptions {
    fn default() -> Self {
        Self {
            application_name: "buildsrs-bus".to_owned(),
            reconnect_delay: Duration::from_millis(100),
            max_reconnect_delay: Duration::from_secs(5),
            ping_interval: Duration::from_secs(10),
            ping_timeout: Duration::from_secs(5),
        }
    }
}

/// A handle on the bus; clones share it, and it stops with the last one.
#[derive(Clone, Debug)]
pub struct Bus {
    shared: Arc<Shared>,
    _task: Arc<AbortOnDrop>,
}

/// A subscriber's end: notifications of one channel, in order.
#[derive(Debug)]
pub struct Subscription {
    receiver: mpsc::Receiver<Notification>,
}

impl Bus {
    /// Opens the bus's connection and LISTENs; fails if that first
    /// connection fails (later losses are reconnected in the background).
    pub async fn connect(mut config: ConnectionConfig, options: BusOptions) -> Result<Self, Error> {
        config
            .postgres_mut()
            .application_name(&options.application_name);
        let session = Session::open(&config).await?;
        let shared = Arc::new(Shared::default());
        let task = tokio::spawn(run(Arc::clone(&shared), config, options, session));
        Ok(Self {
            shared,
            _task: Arc::new(AbortOnDrop(task)),
        })
    }

    /// Subscribes to a channel; the subscription holds up to `queue_size`
    /// undelivered notifications before it is sent a [`Notification::Gap`]
    /// in place of the overflow. Notifications committed after this call
    /// returns are delivered.
    pub fn listen(&self, channel: Channel, queue_size: usize) -> Subscription {
        let (sender, receiver) = mpsc::channel(queue_size.max(1));
        self.shared
            .subscribers
            .lock()
            .expect("the subscriber list is never poisoned")
            .entry(channel)
            .or_default()
            .push(Subscriber {
                sender,
                lagged: false,
            });
        Subscription { receiver }
    }
}

impl Subscription {
    /// The next notification; `None` once the bus has stopped.
    pub async fn recv(&mut self) -> Option<Notification> {
        self.receiver.recv().await
    }
}

impl futures::Stream for Subscription {
    type Item = Notification;

    fn poll_next(
        mut self: Pin<&mut Self>,
        context: &mut Context<'_>,
    ) -> Poll<Option<Notification>> {
        self.receiver.poll_recv(context)
    }
}

/// What the bus's task and its handles share.
#[derive(Debug, Default)]
struct Shared {
    subscribers: Mutex<HashMap<Channel, Vec<Subscriber>>>,
}

#[derive(Debug)]
struct Subscriber {
    sender: mpsc::Sender<Notification>,
    /// A notification was dropped because the queue was full; a `Gap` is
    /// owed before anything else.
    lagged: bool,
}

impl Shared {
    fn deliver(&self, channel: Channel, notification: &Notification) {
        let mut subscribers = self
            .subscribers
            .lock()
            .expect("the subscriber list is never poisoned");
        if let Some(subscribers) = subscribers.get_mut(&channel) {
            subscribers.retain_mut(|subscriber| subscriber.offer(notification));
        }
    }

    fn deliver_gap(&self) {
        for channel in Channel::ALL {
            self.deliver(channel, &Notification::Gap);
        }
    }
}

impl Subscriber {
    /// Queues a notification without waiting; false once the subscriber
    /// has gone, so it is dropped from the list.
    fn offer(&mut self, notification: &Notification) -> bool {
        use mpsc::error::TrySendError;
        if self.lagged {
            match self.sender.try_send(Notification::Gap) {
                Ok(()) => self.lagged = false,
                Err(TrySendError::Full(_)) => return true,
                Err(TrySendError::Closed(_)) => return false,
            }
            if *notification == Notification::Gap {
                return true;
            }
        }
        match self.sender.try_send(notification.clone()) {
            Ok(()) => true,
            Err(TrySendError::Full(_)) => {
                self.lagged = true;
                true
            }
            Err(TrySendError::Closed(_)) => false,
        }
    }
}

/// One connection with its LISTENs in place.
struct Session {
    client: tokio_postgres::Client,
    /// Notifications read off the connection; closed when it is lost.
    notifications: mpsc::UnboundedReceiver<tokio_postgres::Notification>,
}

impl Session {
    async fn open(config: &ConnectionConfig) -> Result<Self, Error> {
        let (client, mut connection) = config.connect().await?;
        let (sender, notifications) = mpsc::unbounded_channel();
        // Notifications arrive only through poll_message, so the connection
        // is driven here rather than spawned as a plain future.
        tokio::spawn(async move {
            let mut messages =
                futures::stream::poll_fn(move |context| connection.poll_message(context));
            while let Some(message) = messages.next().await {
                match message {
                    Ok(AsyncMessage::Notification(notification)) => {
                        if sender.send(notification).is_err() {
                            break;
                        }
                    }
                    Ok(AsyncMessage::Notice(notice)) => {
                        tracing::debug!(%notice, "notice on the bus connection")
                    }
                    Ok(_) => {}
                    Err(error) => {
                        tracing::warn!(error = %Report(&error), "the notification bus connection failed");
                        break;
                    }
                }
            }
        });
        for channel in Channel::ALL {
            match channel {
                Channel::Work => sql::session_listen_work().bind(&client).await?,
                Channel::JobEvents => sql::session_listen_job_events().bind(&client).await?,
                Channel::RegistryChanges => {
                    sql::session_listen_registry_changes().bind(&client).await?
                }
            };
        }
        Ok(Self {
            client,
            notifications,
        })
    }
}

/// The bus's task: fans notifications out, probes the connection, and
/// reconnects when it is lost, sending a gap once listening again.
async fn run(
    shared: Arc<Shared>,
    config: ConnectionConfig,
    options: BusOptions,
    mut session: Session,
) {
    loop {
        let mut probes = tokio::time::interval(options.ping_interval);
        probes.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        probes.tick().await;
        loop {
            tokio::select! {
                received = session.notifications.recv() => match received {
                    Some(notification) => {
                        if let Some(channel) = Channel::from_name(notification.channel()) {
                            shared.deliver(channel, &Notification::Message(notification.payload().to_owned()));
                        }
                    }
                    None => break,
                },
                _ = probes.tick() => {
                    let statement = sql::session_ping();
                    let probe = statement.bind(&session.client).one();
                    match tokio::time::timeout(options.ping_timeout, probe).await {
                        Ok(Ok(_)) => {}
                        Ok(Err(error)) => {
                            tracing::warn!(error = %Report(&error), "the notification bus probe failed");
                            break;
                        }
                        Err(_) => {
                            tracing::warn!(timeout = ?options.ping_timeout, "the notification bus probe timed out");
                            break;
                        }
                    }
                }
            }
        }
        drop(session);
        tracing::warn!("the notification bus lost its connection; reconnecting");
        session = reconnect(&config, &options).await;
        tracing::info!("the notification bus is listening again; signalling a gap");
        shared.deliver_gap();
    }
}

/// Connects again, with exponential backoff, until it works.
async fn reconnect(config: &ConnectionConfig, options: &BusOptions) -> Session {
    let mut delays = backoff::exponential(options.reconnect_delay, options.max_reconnect_delay);
    let mut delay = delays.next().unwrap_or(options.max_reconnect_delay);
    loop {
        tokio::time::sleep(delay).await;
        match Session::open(config).await {
            Ok(session) => return session,
            Err(error) => {
                delay = delays.next().unwrap_or(options.max_reconnect_delay);
                tracing::warn!(error = %Report(&error), retry_in = ?delay, "the notification bus could not reconnect");
            }
        }
    }
}

/// Stops the bus's task when the last handle goes.
#[derive(Debug)]
struct AbortOnDrop(JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}
