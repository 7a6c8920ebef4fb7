//! The threads' own promises: a job runs off the caller's thread, an idle
//! thread is reused rather than a new one started, jobs run side by side on
//! as many threads as there are permits, and threads exit with their pool.

use std::sync::mpsc;
use std::sync::{Arc, Barrier, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::Semaphore;

use super::{RunJob, Task, Threads};

/// A plain closure as a job (the pool's jobs are `exec/job_cell.rs` cells).
struct Closure(Mutex<Option<Box<dyn FnOnce() + Send>>>);

impl RunJob for Closure {
    fn run(self: Arc<Self>) {
        let job = self.0.lock().unwrap().take();
        if let Some(job) = job {
            job();
        }
    }

    fn abandon(self: Arc<Self>) {}
}

fn task(permits: &Arc<Semaphore>, run: impl FnOnce() + Send + 'static) -> Task {
    let job = Arc::new(Closure(Mutex::new(Some(Box::new(run)))));
    let permit = permits.clone().try_acquire_owned().expect("a free permit");
    Task::new(job, permit)
}

/// Waits (bounded) until `done` holds.
fn eventually(mut done: impl FnMut() -> bool) -> bool {
    let until = Instant::now() + Duration::from_secs(5);
    while Instant::now() < until {
        if done() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    false
}

#[test]
fn a_job_runs_on_a_sync_thread_and_the_permit_comes_back() {
    let threads = Threads::new();
    let permits = Arc::new(Semaphore::new(1));
    let (tx, rx) = mpsc::channel();
    threads.execute(task(&permits, move || {
        tx.send(std::thread::current().name().map(str::to_owned))
            .unwrap();
    }));
    let name = rx.recv_timeout(Duration::from_secs(5)).unwrap();
    assert_eq!(name.as_deref(), Some("twain-sync"));
    assert!(eventually(|| permits.available_permits() == 1));
}

#[test]
fn jobs_one_after_another_reuse_one_thread() {
    let threads = Threads::new();
    let permits = Arc::new(Semaphore::new(1));
    let mut ids = Vec::new();
    for _ in 0..20 {
        // Wait for the permit, as the pool does: the thread is idle by then.
        assert!(eventually(|| permits.available_permits() == 1));
        let (tx, rx) = mpsc::channel();
        threads.execute(task(&permits, move || {
            tx.send(std::thread::current().id()).unwrap();
        }));
        ids.push(rx.recv_timeout(Duration::from_secs(5)).unwrap());
    }
    assert!(
        ids.iter().all(|id| *id == ids[0]),
        "a new thread was started"
    );
    assert_eq!(threads.alive(), 1);
}

#[test]
fn as_many_jobs_as_permits_run_at_once() {
    let threads = Threads::new();
    let permits = Arc::new(Semaphore::new(4));
    // Every job waits for all four: this finishes only if they run side by side.
    let barrier = Arc::new(Barrier::new(4));
    let (tx, rx) = mpsc::channel();
    for _ in 0..4 {
        let (barrier, tx) = (barrier.clone(), tx.clone());
        threads.execute(task(&permits, move || {
            barrier.wait();
            tx.send(()).unwrap();
        }));
    }
    for _ in 0..4 {
        rx.recv_timeout(Duration::from_secs(5))
            .expect("the jobs did not run at once");
    }
    assert_eq!(threads.alive(), 4);
}

#[test]
fn a_panic_around_a_job_keeps_the_thread() {
    let threads = Threads::new();
    let permits = Arc::new(Semaphore::new(1));
    threads.execute(task(&permits, || panic!("escaped the pool's guard")));
    assert!(eventually(|| permits.available_permits() == 1));
    let (tx, rx) = mpsc::channel();
    threads.execute(task(&permits, move || tx.send(()).unwrap()));
    rx.recv_timeout(Duration::from_secs(5)).unwrap();
    assert_eq!(threads.alive(), 1);
}

#[test]
fn threads_exit_when_their_pool_is_dropped() {
    let threads = Threads::new();
    let permits = Arc::new(Semaphore::new(2));
    let shared = threads.shared.clone();
    for _ in 0..2 {
        threads.execute(task(&permits, || {}));
    }
    assert!(eventually(|| permits.available_permits() == 2));
    drop(threads);
    assert!(
        eventually(|| shared.lock().alive == 0),
        "idle threads outlived their pool"
    );
}

#[test]
fn a_job_whose_caller_drops_the_wake_up_it_owes_still_runs() {
    // What a request cancelled between queuing its job and waking a thread
    // leaves behind: the job must still get a thread (and give its permit
    // back), not wait in the queue for the next job to come along.
    let threads = Threads::new();
    let permits = Arc::new(Semaphore::new(1));
    let (tx, rx) = mpsc::channel();
    let wake = threads.enqueue(task(&permits, move || tx.send(()).unwrap()));
    assert!(wake.is_some(), "no thread was awake to take the job");
    drop(wake);
    rx.recv_timeout(Duration::from_secs(5))
        .expect("the queued job never ran");
    assert!(eventually(|| permits.available_permits() == 1));
}

#[test]
fn a_thread_already_awake_takes_a_job_with_no_wake_up() {
    let threads = Threads::new();
    let permits = Arc::new(Semaphore::new(2));
    let (started, running) = mpsc::channel();
    let (finish, finished) = mpsc::channel::<()>();
    // A first job keeps a thread busy; when it ends, the thread looks at the
    // queue before it parks.
    threads.execute(task(&permits, move || {
        started.send(()).unwrap();
        finished.recv_timeout(Duration::from_secs(5)).unwrap();
    }));
    running.recv_timeout(Duration::from_secs(5)).unwrap();
    // Queued while that thread is busy: a wake-up is owed...
    let (tx, rx) = mpsc::channel();
    let wake = threads.enqueue(task(&permits, move || {
        tx.send(std::thread::current().id()).unwrap();
    }));
    assert!(wake.is_some());
    // ...but the busy thread finishes first and takes the job, so the
    // wake-up, paid late, finds nothing to do and starts no thread.
    finish.send(()).unwrap();
    rx.recv_timeout(Duration::from_secs(5)).unwrap();
    drop(wake);
    assert!(eventually(|| permits.available_permits() == 2));
    assert_eq!(threads.alive(), 1, "a second thread was started");
}

#[test]
fn when_waiting_never_pays_a_thread_is_woken_at_once() {
    // Jobs one at a time, each put-off wake-up finding its job still queued:
    // after a while the pool stops putting wake-ups off, but for a probe.
    let threads = Threads::new();
    let permits = Arc::new(Semaphore::new(1));
    let shared = threads.shared.clone();
    let mut put_off = Vec::new();
    for _ in 0..200 {
        let (tx, rx) = mpsc::channel();
        let wake = threads.enqueue(task(&permits, move || tx.send(()).unwrap()));
        put_off.push(wake.is_some());
        drop(wake);
        rx.recv_timeout(Duration::from_secs(5)).unwrap();
        // The thread is parked again before the next job comes.
        assert!(eventually(|| {
            let state = shared.lock();
            permits.available_permits() == 1 && state.parked.len() == 1
        }));
    }
    assert!(put_off[0], "the first wake-up was not put off");
    let late = put_off[100..].iter().filter(|&&waited| waited).count();
    assert!(
        late <= 100 / 16 + 1,
        "{late} of the last 100 wake-ups were still put off"
    );
    assert!(
        late >= 1,
        "no probe: the pool could not notice load coming back"
    );
}
