//! Live log following with one reader per followed job: however many clients
//! follow a job, each appended batch is read from the database once, by the
//! job's reader, and handed to every follower through a broadcast channel.
//!
//! A follower catches up from the database a page at a time on its own, then
//! takes the reader's batches. Lines are numbered without holes, so a
//! follower that missed a batch (its consumer was slow and the channel moved
//! on, or it joined between two batches) sees the hole by number and reads
//! it from the database: every line is sent once and in order. A new reader
//! first says how many lines it found, for a follower that caught up before
//! they were committed: it would otherwise wait for the next batch to see
//! that hole. The reader alone listens on the bus and re-reads after a bus
//! gap. It stops when the job has ended or no follower is left; neither it
//! nor a follower holds a pooled connection while it waits.

use std::collections::HashMap;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use buildsrs_report::Report;
use tokio::sync::{broadcast, mpsc};

use crate::bus::{Bus, Channel, JobEvent, Notification, Subscription};
use crate::logs::{LogLine, PAGE, read_job, read_page};
use crate::{Backend, Error, JobId, JobState};

/// Batches a job's channel keeps for followers that have not taken them; one
/// further behind re-reads from the database.
const CHANNEL_BATCHES: usize = 64;

/// The wait before a follower joins a new reader after its reader failed.
const REJOIN_DELAY: Duration = Duration::from_millis(250);

/// What a job's reader publishes.
#[derive(Clone, Debug)]
enum Published {
    /// The reader's first read found this many lines: it publishes the
    /// lines from there on, so a follower that caught up to fewer (it read
    /// before those lines were committed) reads the rest from the database.
    Starting { log_lines: i64 },
    /// Lines just read, numbered on from the previous batch.
    Lines(Arc<[LogLine]>),
    /// The job has ended with this many lines in all.
    Ended { log_lines: i64 },
}

/// The running readers, one per followed job.
#[derive(Debug, Default)]
pub(crate) struct Readers {
    channels: Mutex<HashMap<JobId, broadcast::Sender<Published>>>,
}

impl Readers {
    /// A receiver of `job`'s batches, starting the job's reader if none runs.
    fn subscribe(
        self: &Arc<Self>,
        backend: &Backend,
        bus: &Bus,
        job: JobId,
    ) -> broadcast::Receiver<Published> {
        let mut channels = self.lock();
        if let Some(sender) = channels.get(&job) {
            return sender.subscribe();
        }
        let (sender, receiver) = broadcast::channel(CHANNEL_BATCHES);
        channels.insert(job, sender.clone());
        let reader = Reader {
            backend: backend.clone(),
            job,
            sender,
        };
        // Listen before the reader's first read, so no commit after it is missed.
        let events = bus.listen(Channel::JobEvents, 1024);
        tokio::spawn(reader.run(events));
        receiver
    }

    /// Forgets `sender`'s channel if it is still `job`'s and, when
    /// `only_unfollowed`, only if no follower holds a receiver; true when
    /// forgotten. Checked under the lock that `subscribe` takes, so a
    /// follower never joins a channel whose reader is leaving.
    fn retire(
        &self,
        job: JobId,
        sender: &broadcast::Sender<Published>,
        only_unfollowed: bool,
    ) -> bool {
        let mut channels = self.lock();
        let current = channels
            .get(&job)
            .is_some_and(|stored| stored.same_channel(sender));
        if !current || (only_unfollowed && sender.receiver_count() > 0) {
            return false;
        }
        channels.remove(&job);
        true
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<JobId, broadcast::Sender<Published>>> {
        // The map stays consistent whatever a panicking holder did.
        self.channels
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// One job's reader: reads each announced batch once and publishes it.
struct Reader {
    backend: Backend,
    job: JobId,
    sender: broadcast::Sender<Published>,
}

impl Reader {
    /// Reads until the job has ended or no follower is left; on a database
    /// error it stops, and its followers, seeing the channel closed, read
    /// on their own (and report the error if it persists).
    async fn run(self, events: Subscription) {
        if let Err(error) = self.publish(events).await {
            tracing::debug!(job = %self.job.0, error = %Report(&error), "log reader stopped");
        }
        self.backend.followers.retire(self.job, &self.sender, false);
    }

    async fn publish(&self, mut events: Subscription) -> Result<(), Error> {
        let job = read_job(&self.backend, self.job).await?;
        let mut next_line = job.log_lines;
        if job.state != JobState::Active {
            let _ = self.sender.send(Published::Ended {
                log_lines: job.log_lines,
            });
            return Ok(());
        }
        let _ = self.sender.send(Published::Starting {
            log_lines: next_line,
        });
        loop {
            if !self.announced(&mut events, next_line).await? {
                return Ok(());
            }
            if self.read_new(&mut next_line).await? {
                return Ok(());
            }
        }
    }

    /// Reads and publishes every line from `next_line` on; true once the
    /// job has ended and its last line is published.
    async fn read_new(&self, next_line: &mut i64) -> Result<bool, Error> {
        loop {
            let (job, page) = read_page(&self.backend, self.job, *next_line).await?;
            let full = page.len() as i64 == PAGE;
            if let Some(last) = page.last() {
                *next_line = last.number + 1;
                let _ = self.sender.send(Published::Lines(page.into()));
            }
            if full {
                continue;
            }
            if job.state != JobState::Active && *next_line >= job.log_lines {
                let _ = self.sender.send(Published::Ended {
                    log_lines: job.log_lines,
                });
                return Ok(true);
            }
            return Ok(false);
        }
    }

    /// Waits until the bus announces lines from `next_line` on, the job's
    /// end, or a gap that may have hidden them (true); false once no
    /// follower is left.
    async fn announced(&self, events: &mut Subscription, next_line: i64) -> Result<bool, Error> {
        loop {
            let received = tokio::select! {
                received = events.recv() => received,
                () = self.sender.closed() => {
                    if self.backend.followers.retire(self.job, &self.sender, true) {
                        return Ok(false);
                    }
                    continue;
                }
            };
            match received {
                None => return Err(Error::BusClosed),
                Some(Notification::Gap) => return Ok(true),
                Some(Notification::Message(payload)) => match JobEvent::parse(&payload) {
                    Some(event)
                        if event.job == self.job
                            && (event.log_lines > next_line || event.state != JobState::Active) =>
                    {
                        return Ok(true);
                    }
                    _ => {}
                },
            }
        }
    }
}

impl Backend {
    /// Follows a job's log from line `from_line` on: every stored line, then
    /// each new one as it is appended, until the job has ended and its last
    /// line was sent; no line is lost or repeated, across bus reconnects
    /// too. The stream holds up to `queue_size` lines the consumer has not
    /// taken; a consumer that stops reading holds no pooled connection, and
    /// many followers of one job cost one read per appended batch.
    pub fn follow_logs(
        &self,
        bus: &Bus,
        job: JobId,
        from_line: i64,
        queue_size: usize,
    ) -> LogStream {
        let (sender, receiver) = mpsc::channel(queue_size.max(1));
        let follower = Follower {
            backend: self.clone(),
            bus: bus.clone(),
            job,
            next_line: from_line,
            sender,
        };
        tokio::spawn(follower.run());
        LogStream { receiver }
    }

    /// How many jobs have a running reader: one per job followed now.
    pub fn followed_jobs(&self) -> usize {
        self.followers.lock().len()
    }
}

/// A followed log: lines in order, ending after the job's last one.
#[derive(Debug)]
pub struct LogStream {
    receiver: mpsc::Receiver<Result<LogLine, Error>>,
}

impl LogStream {
    /// The next line; `None` once the job has ended and every line was sent.
    pub async fn next_line(&mut self) -> Option<Result<LogLine, Error>> {
        self.receiver.recv().await
    }
}

impl futures::Stream for LogStream {
    type Item = Result<LogLine, Error>;

    fn poll_next(mut self: Pin<&mut Self>, context: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.receiver.poll_recv(context)
    }
}

/// One follower: its position and its consumer's queue.
struct Follower {
    backend: Backend,
    bus: Bus,
    job: JobId,
    /// The number of the next line to send.
    next_line: i64,
    sender: mpsc::Sender<Result<LogLine, Error>>,
}

/// How taking the reader's batches ended.
enum Live {
    /// Every line was sent and the job has ended, or the consumer has gone.
    Done,
    /// Lines are missing before the next batch: read them from the database.
    Behind,
    /// The reader has stopped: join a new one, then catch up.
    ReaderGone,
}

impl Follower {
    async fn run(mut self) {
        if let Err(error) = self.follow().await {
            let _ = self.sender.send(Err(error)).await;
        }
    }

    /// Catches up from the database, then takes the reader's batches, and
    /// catches up again whenever a batch does not follow on.
    async fn follow(&mut self) -> Result<(), Error> {
        let readers = self.backend.followers.clone();
        // Join before the first read: a batch read after it is then received.
        let mut published = readers.subscribe(&self.backend, &self.bus, self.job);
        loop {
            if self.catch_up().await? {
                return Ok(());
            }
            match self.take_published(&mut published).await {
                Live::Done => return Ok(()),
                Live::Behind => {}
                Live::ReaderGone => {
                    // A reader stops early only on an error: give the
                    // database a moment before a new one reads.
                    tokio::time::sleep(REJOIN_DELAY).await;
                    published = readers.subscribe(&self.backend, &self.bus, self.job);
                }
            }
        }
    }

    /// Sends the stored lines from `next_line` on, a page per query; true
    /// when the job has ended and all its lines are sent, or the consumer
    /// has gone.
    async fn catch_up(&mut self) -> Result<bool, Error> {
        loop {
            let (job, page) = read_page(&self.backend, self.job, self.next_line).await?;
            let full = page.len() as i64 == PAGE;
            for line in page {
                if !self.send(line).await {
                    return Ok(true);
                }
            }
            if !full {
                return Ok(job.state != JobState::Active && self.next_line >= job.log_lines);
            }
        }
    }

    /// Sends the reader's batches while each follows on from the last line
    /// sent.
    async fn take_published(&mut self, published: &mut broadcast::Receiver<Published>) -> Live {
        loop {
            let received = tokio::select! {
                received = published.recv() => received,
                () = self.sender.closed() => return Live::Done,
            };
            match received {
                Ok(Published::Lines(lines)) => {
                    for line in lines.iter() {
                        if line.number < self.next_line {
                            continue;
                        }
                        if line.number > self.next_line {
                            return Live::Behind;
                        }
                        if !self.send(line.clone()).await {
                            return Live::Done;
                        }
                    }
                }
                Ok(Published::Starting { log_lines }) if self.next_line >= log_lines => {}
                Ok(Published::Ended { log_lines }) if self.next_line >= log_lines => {
                    return Live::Done;
                }
                Ok(Published::Starting { .. } | Published::Ended { .. })
                | Err(broadcast::error::RecvError::Lagged(_)) => {
                    return Live::Behind;
                }
                Err(broadcast::error::RecvError::Closed) => return Live::ReaderGone,
            }
        }
    }

    /// Sends one line; false when the consumer has gone.
    async fn send(&mut self, line: LogLine) -> bool {
        self.next_line = line.number + 1;
        self.sender.send(Ok(line)).await.is_ok()
    }
}
