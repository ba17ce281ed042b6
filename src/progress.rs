//! The progress line on a terminal: files parsed and functions summarised,
//! drawn on one line of stderr while a long run works.
//!
//! The pipeline only bumps atomic counters ([`Progress`]); a separate thread
//! ([`Display`]) reads them and draws. Nothing here touches stdout or the
//! report, so showing progress never changes the output. Whether to show it
//! at all (a terminal, not CI, not `--quiet`, a human format) is for
//! `main.rs` to decide.

use std::io::Write;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::Duration;

/// Runs shorter than this show no progress at all (no flicker on small
/// crates).
pub const DEFAULT_DELAY: Duration = Duration::from_secs(1);

/// Time between redraws: often enough to look alive, rarely enough to cost
/// nothing.
const REDRAW: Duration = Duration::from_millis(100);

/// Counters the pipeline updates as it goes. Relaxed atomics: they are only
/// ever displayed, and a count one redraw late does not matter.
#[derive(Debug, Default)]
pub struct Progress {
    files_loaded: AtomicUsize,
    files_known: AtomicUsize,
    indexing: AtomicBool,
    fns_done: AtomicUsize,
    fns_total: AtomicUsize,
}

impl Progress {
    /// `n` more files were found (a new module level was scheduled).
    pub fn files_found(&self, n: usize) {
        self.files_known.fetch_add(n, Ordering::Relaxed);
    }

    /// One file was read, parsed and lowered (or failed to be).
    pub fn file_loaded(&self) {
        self.files_loaded.fetch_add(1, Ordering::Relaxed);
    }

    /// Every file is loaded: indexing and choosing what to analyse start.
    pub fn indexing(&self) {
        self.indexing.store(true, Ordering::Relaxed);
    }

    /// `done` of the `total` fns the analysis runs have been summarised.
    pub fn functions(&self, done: usize, total: usize) {
        self.fns_done.store(done, Ordering::Relaxed);
        self.fns_total.store(total, Ordering::Relaxed);
    }

    /// The line to draw for the counters as they are now.
    fn line(&self) -> String {
        line(
            self.files_loaded.load(Ordering::Relaxed),
            self.files_known.load(Ordering::Relaxed),
            self.indexing.load(Ordering::Relaxed),
            self.fns_done.load(Ordering::Relaxed),
            self.fns_total.load(Ordering::Relaxed),
        )
    }
}

/// The progress line: the functions part appears once the analysis knows
/// how many it will run; until then, after loading, that it is indexing.
fn line(
    files_loaded: usize,
    files_known: usize,
    indexing: bool,
    fns_done: usize,
    fns_total: usize,
) -> String {
    let mut line = format!("purpose: {files_loaded}/{files_known} files parsed");
    if fns_total > 0 {
        line.push_str(&format!(", {fns_done}/{fns_total} functions summarised"));
    } else if indexing {
        line.push_str(", indexing");
    }
    line
}

/// The drawing thread. It draws nothing until `delay` has passed, then
/// redraws the line in place; dropping the `Display` stops it and erases
/// the line, so what is written to stderr next starts on a clean line.
pub struct Display {
    progress: Arc<Progress>,
    stop: Arc<(Mutex<bool>, Condvar)>,
    thread: Option<JoinHandle<()>>,
}

impl Display {
    /// Draw on stderr after [`DEFAULT_DELAY`].
    pub fn on_stderr() -> Display {
        Display::start(Box::new(std::io::stderr()), DEFAULT_DELAY)
    }

    /// Draw on `out` after `delay`.
    pub fn start(mut out: Box<dyn Write + Send>, delay: Duration) -> Display {
        let progress = Arc::new(Progress::default());
        let stop = Arc::new((Mutex::new(false), Condvar::new()));
        let thread = {
            let (progress, stop) = (progress.clone(), stop.clone());
            std::thread::Builder::new()
                .name("progress".to_string())
                .spawn(move || draw(&progress, &stop, &mut *out, delay))
                .ok()
        };
        Display { progress, stop, thread }
    }

    /// The counters to hand to the pipeline.
    pub fn progress(&self) -> Arc<Progress> {
        self.progress.clone()
    }
}

impl Drop for Display {
    fn drop(&mut self) {
        let (lock, wake) = &*self.stop;
        *lock.lock().unwrap_or_else(PoisonError::into_inner) = true;
        wake.notify_all();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The drawing loop: wait `delay` (or until stopped), then redraw every
/// [`REDRAW`] until stopped, then erase. Write errors are ignored: progress
/// is a courtesy, never a reason to fail.
fn draw(progress: &Progress, stop: &(Mutex<bool>, Condvar), out: &mut dyn Write, delay: Duration) {
    let (lock, wake) = stop;
    let wait = |guard, time| {
        wake.wait_timeout_while(guard, time, |stopped: &mut bool| !*stopped)
            .map_or_else(|e| e.into_inner().0, |(guard, _)| guard)
    };
    let mut stopped = wait(lock.lock().unwrap_or_else(PoisonError::into_inner), delay);
    // What is on screen (ASCII), to skip redrawing the same line and to
    // blank what a shorter line leaves behind.
    let mut shown = String::new();
    while !*stopped {
        let line = progress.line();
        if line != shown {
            let pad = shown.len().saturating_sub(line.len());
            let _ = write!(out, "\r{line}{:pad$}", "");
            let _ = out.flush();
            shown = line;
        }
        stopped = wait(stopped, REDRAW);
    }
    let width = shown.len();
    if width > 0 {
        let _ = write!(out, "\r{:width$}\r", "");
        let _ = out.flush();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_shows_files_then_functions() {
        assert_eq!(line(3, 10, false, 0, 0), "purpose: 3/10 files parsed");
        assert_eq!(line(10, 10, true, 0, 0), "purpose: 10/10 files parsed, indexing");
        assert_eq!(line(10, 10, true, 7, 420), "purpose: 10/10 files parsed, 7/420 functions summarised");
    }

    /// A writer the test can read after the thread is done with it.
    #[derive(Clone, Default)]
    struct Shared(Arc<Mutex<Vec<u8>>>);

    impl Write for Shared {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap_or_else(PoisonError::into_inner).extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    fn written(out: &Shared) -> String {
        String::from_utf8_lossy(&out.0.lock().unwrap_or_else(PoisonError::into_inner)).into_owned()
    }

    #[test]
    fn a_short_run_draws_nothing() {
        let out = Shared::default();
        let display = Display::start(Box::new(out.clone()), Duration::from_secs(60));
        display.progress().files_found(2);
        drop(display);
        assert_eq!(written(&out), "");
    }

    #[test]
    fn a_long_run_draws_in_place_and_erases_the_line() {
        let out = Shared::default();
        let display = Display::start(Box::new(out.clone()), Duration::ZERO);
        let progress = display.progress();
        progress.files_found(4);
        progress.file_loaded();
        std::thread::sleep(REDRAW * 3);
        drop(display);
        let text = written(&out);
        assert!(text.starts_with('\r'), "{text:?}");
        assert!(text.contains("files parsed"), "{text:?}");
        assert!(!text.contains('\n'), "{text:?}");
        // Erased at the end: blanks over the last line, cursor back at the start.
        let last = text.rsplit('\r').nth(1).unwrap_or_default();
        assert!(!last.is_empty() && last.trim().is_empty(), "{text:?}");
        assert!(text.ends_with('\r'));
    }
}
