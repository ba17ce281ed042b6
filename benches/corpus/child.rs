//! One analysis run in a process of its own, so that its peak memory
//! (`VmHWM`) is the peak of that run alone, and so that a crash or a hang in
//! the analysis is reported by the parent instead of ending the benchmark.
//!
//! The parent re-executes this binary with [`CHILD_FLAG`]; the child prints
//! `key=value` lines on stdout that [`Measured::parse`] reads back.

use std::fs::File;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use cargo_purpose::pipeline::{self, Options};
use cargo_purpose::report::{self, ColorChoice, Format};

/// Hidden argument that makes the binary run one analysis and exit.
pub const CHILD_FLAG: &str = "--child-run";

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
    /// Absolute paths of every analysed file with non-empty text, one a line.
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
    for file in output.files.files.iter().filter(|f| !f.text.is_empty()) {
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

/// How a child run ended.
pub enum ChildOutcome {
    Done(Box<Measured>),
    /// Crashed, errored or timed out: why, and the end of its stderr.
    Failed {
        why: String,
        stderr_tail: String,
    },
}

/// Run one analysis of `path` on `jobs` threads in a child process.
pub fn run_child(
    path: &Path,
    jobs: usize,
    files: &ChildFiles,
    timeout: Duration,
) -> io::Result<ChildOutcome> {
    let dir = tempfile::tempdir()?;
    let out_path = dir.path().join("stdout");
    let err_path = dir.path().join("stderr");
    let mut child = Command::new(std::env::current_exe()?)
        .arg(CHILD_FLAG)
        .arg(path)
        .arg(jobs.to_string())
        .arg(&files.json)
        .arg(&files.list)
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
    match status {
        None => Ok(ChildOutcome::Failed {
            why: format!("no result after {} s (killed)", timeout.as_secs()),
            stderr_tail,
        }),
        Some(status) if !status.success() => {
            Ok(ChildOutcome::Failed { why: format!("analysis process ended with {status}"), stderr_tail })
        }
        Some(_) => Ok(ChildOutcome::Done(Box::new(Measured::parse(&read_lossy(&out_path)?)))),
    }
}

impl Measured {
    /// Read the child's `key=value` lines.
    fn parse(text: &str) -> Measured {
        let mut m = Measured::default();
        for line in text.lines() {
            let Some((key, value)) = line.split_once('=') else { continue };
            let count = || value.parse::<usize>().unwrap_or_default();
            let time = || Duration::try_from_secs_f64(value.parse().unwrap_or_default()).unwrap_or_default();
            match key {
                "files" => m.files = count(),
                "lines" => m.lines = count(),
                "functions" => m.functions = count(),
                "findings" => m.findings = count(),
                "warnings" => m.warnings = count(),
                "discover" => m.discover = time(),
                "load" => m.load = time(),
                "parse_cpu" => m.parse_cpu = time(),
                "lower_cpu" => m.lower_cpu = time(),
                "index" => m.index = time(),
                "analyze" => m.analyze = time(),
                "report" => m.report = time(),
                "total" => m.total = time(),
                "cpu" => m.cpu = time(),
                "peak_kib" => m.peak_kib = value.parse().unwrap_or_default(),
                "json_bytes" => m.json_bytes = count(),
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
