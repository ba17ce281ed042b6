//! One analysis run, or one parse-only reference run, in a process of its
//! own: the peak memory (`VmHWM`) is then the peak of that run alone, both
//! sides of the comparison start from the same cold process (a fresh
//! allocator heap), and a crash or a hang is reported by the parent instead
//! of ending the benchmark.
//!
//! The parent re-executes this binary with [`CHILD_FLAG`] or
//! [`REFERENCE_FLAG`]; the child prints `key=value` lines on stdout that
//! [`Measured::parse`] or [`ParseRef::parse`] reads back.

use std::ffi::OsStr;
use std::fs::File;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::str::FromStr;
use std::time::{Duration, Instant};

use cargo_purpose::pipeline::{self, Options};
use cargo_purpose::report::{self, ColorChoice, Format};
use rayon::prelude::*;

/// Hidden argument that makes the binary run one analysis and exit.
pub const CHILD_FLAG: &str = "--child-run";

/// Hidden argument that makes the binary run the parse-only reference once
/// and exit.
pub const REFERENCE_FLAG: &str = "--child-reference";

/// Same worker stack as the pipeline's, so the reference parses what it parses.
const WORKER_STACK_BYTES: usize = 256 * 1024 * 1024;

/// What one analysis run measured.
#[derive(Clone, Debug, Default)]
pub struct Measured {
    pub files: usize,
    pub lines: usize,
    pub functions: usize,
    pub findings: usize,
    pub warnings: usize,
    pub discover: Duration,
    pub load: Duration,
    pub parse_cpu: Duration,
    pub lower_cpu: Duration,
    pub index: Duration,
    /// Indexing that ran during loading (see `Timings::index_overlapped`).
    pub index_overlapped: Duration,
    pub analyze: Duration,
    pub report: Duration,
    /// From before `pipeline::run` to the JSON rendered.
    pub total: Duration,
    /// User plus system time of the child process.
    pub cpu: Duration,
    /// Peak resident set of the child process, in KiB.
    pub peak_kib: u64,
    pub json_bytes: usize,
    /// `file:line:column: message` of each input error.
    pub errors: Vec<String>,
}

/// Where the child puts what is too big for its stdout.
pub struct ChildFiles {
    /// The JSON report.
    pub json: PathBuf,
    /// Absolute paths of every file read and analysed that is not empty,
    /// one a line (loading sets the digest of those; it keeps no text).
    pub list: PathBuf,
}

/// The child's side: `--child-run PATH JOBS JSON_OUT LIST_OUT`.
pub fn child_main(args: &[String]) -> io::Result<()> {
    let [path, jobs, json_out, list_out] = args else {
        return Err(io::Error::other(format!("{CHILD_FLAG} PATH JOBS JSON_OUT LIST_OUT")));
    };
    let jobs: usize = jobs.parse().map_err(|_| io::Error::other(format!("bad job count `{jobs}`")))?;
    let options = Options { path: Some(PathBuf::from(path)), jobs: Some(jobs), ..Default::default() };

    let started = Instant::now();
    let output = pipeline::run(&options);
    let report_started = Instant::now();
    let mut json = Vec::new();
    report::emit(
        &output.report,
        &output.files,
        Format::Json,
        ColorChoice::Never,
        &mut json,
        &mut io::sink(),
    )?;
    let report_time = report_started.elapsed();
    let total = started.elapsed();
    let peak_kib = peak_rss_kib();
    let cpu = process_cpu_time();

    std::fs::write(json_out, &json)?;
    let mut list = io::BufWriter::new(File::create(list_out)?);
    for file in output.files.files.iter().filter(|f| f.digest != 0) {
        writeln!(list, "{}", file.abs_path.display())?;
    }
    list.flush()?;

    let t = &output.timings;
    let r = &output.report;
    let mut out = io::BufWriter::new(io::stdout().lock());
    let secs = |d: Duration| d.as_secs_f64();
    writeln!(out, "files={}", r.files)?;
    writeln!(out, "lines={}", t.lines)?;
    writeln!(out, "functions={}", r.functions)?;
    writeln!(out, "findings={}", r.findings.len())?;
    writeln!(out, "warnings={}", r.warnings.len())?;
    writeln!(out, "discover={}", secs(t.discover))?;
    writeln!(out, "load={}", secs(t.load))?;
    writeln!(out, "parse_cpu={}", secs(t.parse_cpu))?;
    writeln!(out, "lower_cpu={}", secs(t.lower_cpu))?;
    writeln!(out, "index={}", secs(t.index))?;
    writeln!(out, "index_overlapped={}", secs(t.index_overlapped))?;
    writeln!(out, "analyze={}", secs(t.analyze))?;
    writeln!(out, "report={}", secs(report_time))?;
    writeln!(out, "total={}", secs(total))?;
    writeln!(out, "cpu={}", secs(cpu))?;
    writeln!(out, "peak_kib={peak_kib}")?;
    writeln!(out, "json_bytes={}", json.len())?;
    for e in &r.errors {
        let message = e.message.replace('\n', " ");
        writeln!(out, "error={}:{}:{}: {message}", e.file, e.line, e.column)?;
    }
    out.flush()
}

/// What parsing alone of a set of files cost.
#[derive(Debug, Default)]
pub struct ParseRef {
    /// Files in the list, whether they parsed or not.
    pub files: usize,
    pub wall: Duration,
    /// Per-file parse times summed over threads, comparable to the
    /// pipeline's `parse_cpu`.
    pub thread_sum: Duration,
    pub failed: usize,
    /// Lines in the files read.
    pub lines: usize,
}

/// The reference child's side: `--child-reference LIST JOBS`.
pub fn reference_main(args: &[String]) -> io::Result<()> {
    let [list, jobs] = args else {
        return Err(io::Error::other(format!("{REFERENCE_FLAG} LIST JOBS")));
    };
    let jobs: usize = jobs.parse().map_err(|_| io::Error::other(format!("bad job count `{jobs}`")))?;
    let files: Vec<PathBuf> = std::fs::read_to_string(list)?.lines().map(PathBuf::from).collect();
    let r = parse_reference(&files, jobs);
    let mut out = io::BufWriter::new(io::stdout().lock());
    writeln!(out, "files={}", r.files)?;
    writeln!(out, "wall={}", r.wall.as_secs_f64())?;
    writeln!(out, "thread_sum={}", r.thread_sum.as_secs_f64())?;
    writeln!(out, "failed={}", r.failed)?;
    writeln!(out, "lines={}", r.lines)?;
    out.flush()
}

/// Read, `syn::parse_file` and drop every file, in parallel on `jobs`
/// threads.
fn parse_reference(files: &[PathBuf], jobs: usize) -> ParseRef {
    let pool = rayon::ThreadPoolBuilder::new().num_threads(jobs).stack_size(WORKER_STACK_BYTES).build();
    let work = || {
        let started = Instant::now();
        let per_file: Vec<(Duration, bool, usize)> = files
            .par_iter()
            .map(|path| {
                let t = Instant::now();
                let Ok(text) = std::fs::read_to_string(path) else { return (t.elapsed(), false, 0) };
                let body = text.strip_prefix('\u{feff}').unwrap_or(&text);
                let ok = syn::parse_file(body).is_ok();
                let elapsed = t.elapsed();
                (elapsed, ok, text.lines().count())
            })
            .collect();
        ParseRef {
            files: files.len(),
            wall: started.elapsed(),
            thread_sum: per_file.iter().map(|(d, _, _)| *d).sum(),
            failed: per_file.iter().filter(|(_, ok, _)| !ok).count(),
            lines: per_file.iter().map(|(_, _, n)| n).sum(),
        }
    };
    match pool {
        Ok(pool) => pool.install(work),
        Err(_) => work(),
    }
}

/// Why a child run gave no figures: it crashed, errored or timed out.
pub struct Failed {
    pub why: String,
    /// The end of its stderr.
    pub stderr_tail: String,
}

/// Run one analysis of `path` on `jobs` threads in a child process.
pub fn run_child(
    path: &Path,
    jobs: usize,
    files: &ChildFiles,
    timeout: Duration,
) -> io::Result<Result<Measured, Failed>> {
    let jobs = jobs.to_string();
    let args = [
        OsStr::new(CHILD_FLAG),
        path.as_os_str(),
        OsStr::new(&jobs),
        files.json.as_os_str(),
        files.list.as_os_str(),
    ];
    Ok(run_self(&args, timeout)?.map(|stdout| Measured::parse(&stdout)))
}

/// Run the parse-only reference of the files in `list` (one path a line) on
/// `jobs` threads in a child process.
pub fn run_reference(list: &Path, jobs: usize, timeout: Duration) -> io::Result<Result<ParseRef, Failed>> {
    let jobs = jobs.to_string();
    let args = [OsStr::new(REFERENCE_FLAG), list.as_os_str(), OsStr::new(&jobs)];
    Ok(run_self(&args, timeout)?.map(|stdout| ParseRef::parse(&stdout)))
}

/// Run this binary with `args` in a child process, killed after `timeout`:
/// its stdout when it exits with success.
fn run_self(args: &[&OsStr], timeout: Duration) -> io::Result<Result<String, Failed>> {
    let dir = tempfile::tempdir()?;
    let out_path = dir.path().join("stdout");
    let err_path = dir.path().join("stderr");
    let mut child = Command::new(std::env::current_exe()?)
        .args(args)
        .stdin(Stdio::null())
        .stdout(File::create(&out_path)?)
        .stderr(File::create(&err_path)?)
        .spawn()?;
    let started = Instant::now();
    let status: Option<ExitStatus> = loop {
        if let Some(status) = child.try_wait()? {
            break Some(status);
        }
        if started.elapsed() > timeout {
            child.kill()?;
            child.wait()?;
            break None;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let stderr = read_lossy(&err_path)?;
    let stderr_tail = tail(&stderr, 12);
    Ok(match status {
        None => Err(Failed { why: format!("no result after {} s (killed)", timeout.as_secs()), stderr_tail }),
        Some(status) if !status.success() => {
            Err(Failed { why: format!("process ended with {status}"), stderr_tail })
        }
        Some(_) => Ok(read_lossy(&out_path)?),
    })
}

/// A count or size from a child's `key=value` line; 0 if unreadable.
fn number<T: FromStr + Default>(value: &str) -> T {
    value.parse().unwrap_or_default()
}

/// A duration from a child's `key=value` line, in seconds; 0 if unreadable.
fn seconds(value: &str) -> Duration {
    Duration::try_from_secs_f64(number(value)).unwrap_or_default()
}

impl ParseRef {
    /// Read the reference child's `key=value` lines.
    fn parse(text: &str) -> ParseRef {
        let mut r = ParseRef::default();
        for (key, value) in text.lines().filter_map(|line| line.split_once('=')) {
            match key {
                "files" => r.files = number(value),
                "wall" => r.wall = seconds(value),
                "thread_sum" => r.thread_sum = seconds(value),
                "failed" => r.failed = number(value),
                "lines" => r.lines = number(value),
                _ => {}
            }
        }
        r
    }
}

impl Measured {
    /// Read the analysis child's `key=value` lines.
    fn parse(text: &str) -> Measured {
        let mut m = Measured::default();
        for (key, value) in text.lines().filter_map(|line| line.split_once('=')) {
            match key {
                "files" => m.files = number(value),
                "lines" => m.lines = number(value),
                "functions" => m.functions = number(value),
                "findings" => m.findings = number(value),
                "warnings" => m.warnings = number(value),
                "discover" => m.discover = seconds(value),
                "load" => m.load = seconds(value),
                "parse_cpu" => m.parse_cpu = seconds(value),
                "lower_cpu" => m.lower_cpu = seconds(value),
                "index" => m.index = seconds(value),
                "index_overlapped" => m.index_overlapped = seconds(value),
                "analyze" => m.analyze = seconds(value),
                "report" => m.report = seconds(value),
                "total" => m.total = seconds(value),
                "cpu" => m.cpu = seconds(value),
                "peak_kib" => m.peak_kib = number(value),
                "json_bytes" => m.json_bytes = number(value),
                "error" => m.errors.push(value.to_string()),
                _ => {}
            }
        }
        m
    }
}

/// The process's peak resident set (`VmHWM`), in KiB; 0 where unknown.
fn peak_rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// User plus system time of this process, all threads (`/proc/self/stat`,
/// in clock ticks of 1/100 s, the Linux user-space ABI value).
fn process_cpu_time() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the parenthesised command name: state is field 3, utime 14, stime 15.
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<u64>().ok()).unwrap_or(0);
    Duration::from_millis((ticks(11) + ticks(12)) * 10)
}

fn read_lossy(path: &Path) -> io::Result<String> {
    let mut bytes = Vec::new();
    File::open(path)?.read_to_end(&mut bytes)?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// The last `n` lines of `text`.
fn tail(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(n)..].join("\n")
}
