//! Work a frame hands to a thread instead of waiting for it (building the scene, reviewing or
//! listing a large model): one job at a time per kind of work, its result picked up by a later
//! frame, which the thread asks for when it is done.

use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;

use eframe::egui;

/// How many nodes and links a model has from which views build what they show on a thread: a
/// frame at 60 Hz has 16 ms, and the scene, the review and the outline of a model this size
/// take longer than that together (benches/canvas.rs measures them).
pub const BACKGROUND_FROM: usize = 1_000;

/// Whether the model is large enough that its views are built on a thread.
pub fn is_large(model: &crate::model::Model) -> bool {
    model.node_count() + model.link_count() >= BACKGROUND_FROM
}

/// Gives the calling thread a lower priority than the window's, so frames keep their pace on
/// a machine with fewer cores than busy threads (threads it starts inherit it). Best effort:
/// where the system refuses, the thread runs at the usual priority.
fn yield_to_the_window() {
    #[cfg(target_os = "linux")]
    // SAFETY: plain system calls on the calling thread's own id; no memory is passed.
    unsafe {
        let tid = libc::syscall(libc::SYS_gettid) as libc::id_t;
        // Linux gives each thread its own nice value; 10 is what background tools use.
        libc::setpriority(libc::PRIO_PROCESS, tid, 10);
    }
}

/// Frees `value` on another thread: the scene or the findings of a large model take
/// milliseconds to free, which a frame should not spend. Frees it here if no thread starts.
pub fn drop_later<T: Send + 'static>(value: T) {
    let slot = Arc::new(Mutex::new(Some(value)));
    let theirs = Arc::clone(&slot);
    let spawned = std::thread::Builder::new()
        .name("archmodel-free".into())
        .spawn(move || {
            yield_to_the_window();
            drop(theirs.lock().map(|mut v| v.take()))
        });
    if spawned.is_err() {
        drop(slot.lock().map(|mut v| v.take()));
    }
}

/// One piece of work running on its own thread, for the version of the model named by `K`.
pub struct Job<K, T> {
    running: Option<(K, JoinHandle<Option<T>>)>,
    /// A result done on the calling thread because no thread could be started.
    ready: Option<(K, T)>,
}

impl<K, T> Default for Job<K, T> {
    fn default() -> Self {
        Job {
            running: None,
            ready: None,
        }
    }
}

impl<K, T: Send + 'static> Job<K, T> {
    /// Starts `work` for `key` on a new thread, which asks `ctx` for a repaint once done. If
    /// the system cannot start a thread, the work is done here and now instead, so the result
    /// is never lost. Call it only when nothing is running.
    pub fn start(
        &mut self,
        ctx: &egui::Context,
        key: K,
        work: impl FnOnce() -> T + Send + 'static,
    ) {
        debug_assert!(self.running().is_none(), "one job at a time");
        // Shared so the work is still here when the thread cannot be started.
        let slot = Arc::new(Mutex::new(Some(work)));
        let theirs = Arc::clone(&slot);
        let repaint = ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("archmodel-view".into())
            .spawn(move || {
                yield_to_the_window();
                let work = theirs.lock().unwrap_or_else(PoisonError::into_inner).take();
                let result = work.map(|work| work());
                repaint.request_repaint();
                result
            });
        match spawned {
            Ok(handle) => self.running = Some((key, handle)),
            Err(_) => {
                let work = slot.lock().unwrap_or_else(PoisonError::into_inner).take();
                self.ready = work.map(|work| (key, work()));
                ctx.request_repaint();
            }
        }
    }

    /// The key of the job running (or done and not yet picked up), if any.
    pub fn running(&self) -> Option<&K> {
        self.running
            .as_ref()
            .map(|(key, _)| key)
            .or(self.ready.as_ref().map(|(key, _)| key))
    }

    /// The finished job's key and result, once; `None` while it runs or when there is none. A
    /// panic in the work is raised again here, as if the work had been done on this thread.
    pub fn finished(&mut self) -> Option<(K, T)> {
        if self.ready.is_some() {
            return self.ready.take();
        }
        if !self.running.as_ref()?.1.is_finished() {
            return None;
        }
        self.wait()
    }

    /// Waits for the running job and returns it (tests and benches, to see a result at once).
    pub fn wait(&mut self) -> Option<(K, T)> {
        if self.ready.is_some() {
            return self.ready.take();
        }
        let (key, handle) = self.running.take()?;
        match handle.join() {
            // The thread finds no work only if it was done here, which then went to `ready`.
            Ok(result) => result.map(|result| (key, result)),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_job_hands_its_result_over_once_and_asks_for_a_repaint() {
        let ctx = egui::Context::default();
        let mut job: Job<u32, String> = Job::default();
        assert!(job.running().is_none() && job.finished().is_none());
        let (go, wait) = std::sync::mpsc::channel::<()>();
        job.start(&ctx, 7, move || {
            // Held until the test lets it go, so "still running" is seen for sure.
            let _ = wait.recv();
            "done".to_owned()
        });
        assert_eq!(job.running(), Some(&7));
        assert!(job.finished().is_none(), "still running");
        go.send(()).expect("the job waits");
        assert_eq!(job.wait(), Some((7, "done".to_owned())));
        assert!(
            job.running().is_none() && job.finished().is_none(),
            "handed over once"
        );
        assert!(ctx.has_requested_repaint(), "the thread asked for a frame");
    }

    #[test]
    fn what_is_dropped_later_is_freed_on_another_thread() {
        struct Tell(std::sync::mpsc::Sender<std::thread::ThreadId>);
        impl Drop for Tell {
            fn drop(&mut self) {
                let _ = self.0.send(std::thread::current().id());
            }
        }
        let (tx, rx) = std::sync::mpsc::channel();
        drop_later(Tell(tx));
        let freed_on = rx
            .recv_timeout(std::time::Duration::from_secs(10))
            .expect("freed");
        assert_ne!(freed_on, std::thread::current().id());
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn work_runs_at_a_lower_priority_than_the_window() {
        let ctx = egui::Context::default();
        let mut job: Job<(), i32> = Job::default();
        // SAFETY: reads the calling thread's own nice value.
        let nice = || unsafe {
            let tid = libc::syscall(libc::SYS_gettid) as libc::id_t;
            libc::getpriority(libc::PRIO_PROCESS, tid)
        };
        let window = nice();
        job.start(&ctx, (), nice);
        let (_, worker) = job.wait().expect("done");
        assert!(
            worker > window,
            "worker nice {worker}, window nice {window}"
        );
        assert_eq!(nice(), window, "the window's own priority is untouched");
    }

    #[test]
    fn a_panic_in_the_work_is_raised_where_the_result_is_picked_up() {
        let ctx = egui::Context::default();
        let mut job: Job<(), ()> = Job::default();
        job.start(&ctx, (), || panic!("broken build"));
        let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| job.wait()));
        assert!(caught.is_err());
        assert!(job.running().is_none());
    }
}
