//! `cargo bench --bench corpus -- [OPTIONS] [PATH]`: how fast the whole
//! analysis is next to `syn` parsing alone of the same files.
//!
//! PATH (default: `$PURPOSE_CORPUS`, else `target/corpus`) is the corpus
//! built by `../shared/bench/fetch-corpus.sh`. One run prints, for PATH:
//! files and lines, the wall time of each stage, total wall time, peak
//! memory, the parse-only reference on the same files and threads, the
//! ratio of the two, and whether the JSON output on 1 and 2 threads is
//! byte-identical; then the same figures for the bundled example and for a
//! generated workspace at sizes N, 2N and 4N.
//!
//! Options: `-j, --jobs N` (default: all cores), `--synthetic-crates N`
//! (default 8), `--synthetic-modules M` (default 20), `--timeout SECS` per
//! analysis (default 600), `--skip-corpus`, `--skip-synthetic`;
//! `--generate-synthetic DIR N` only writes the synthetic workspace of N
//! crates to DIR (to profile the analysis on it).
//!
//! Every analysis runs in a child process (this binary re-executed with a
//! hidden argument): its peak memory is then that run's own, and a crash or
//! a hang is reported instead of ending the benchmark.

#[path = "corpus/child.rs"]
mod child;
#[path = "corpus/synthetic.rs"]
mod synthetic;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use child::{ChildFiles, ChildOutcome, Measured, CHILD_FLAG};

/// The allocator of the `cargo-purpose` binary, so the analysis and the
/// parse-only reference run as users get them.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Same worker stack as the pipeline's, so the reference parses what it parses.
const WORKER_STACK_BYTES: usize = 256 * 1024 * 1024;

/// Targets of issue 5.
const TARGET_RATIO: f64 = 1.3;
const TARGET_PEAK_KIB: u64 = 1024 * 1024;
const TARGET_GROWTH: f64 = 2.0;

struct Args {
    path: PathBuf,
    jobs: usize,
    synthetic_crates: usize,
    synthetic_modules: usize,
    timeout: Duration,
    skip_corpus: bool,
    skip_synthetic: bool,
}

fn main() {
    let raw: Vec<String> = std::env::args().skip(1).collect();
    // Profiling aid: write the synthetic workspace of N crates and exit.
    if let [flag, dir, crates] = raw.as_slice() {
        if flag == "--generate-synthetic" {
            let crates = crates.parse().unwrap_or(8);
            if let Err(e) = synthetic::generate(Path::new(dir), crates, 20) {
                eprintln!("error: {e}");
                std::process::exit(2);
            }
            return;
        }
    }
    if raw.first().is_some_and(|a| a == CHILD_FLAG) {
        if let Err(e) = child::child_main(raw.get(1..).unwrap_or_default()) {
            eprintln!("error: {e}");
            std::process::exit(2);
        }
        return;
    }
    let args = match parse_args(&raw) {
        Ok(args) => args,
        Err(e) => {
            eprintln!("error: {e}\nusage: cargo bench --bench corpus -- [-j N] [--synthetic-crates N] [--synthetic-modules M] [--timeout SECS] [--skip-corpus] [--skip-synthetic] [PATH]");
            std::process::exit(2);
        }
    };
    if let Err(e) = run(&args) {
        eprintln!("error: {e}");
        std::process::exit(2);
    }
}

fn parse_args(raw: &[String]) -> Result<Args, String> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let default_path = std::env::var_os("PURPOSE_CORPUS")
        .map_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target/corpus"), PathBuf::from);
    let mut args = Args {
        path: default_path,
        jobs: cores,
        synthetic_crates: 8,
        synthetic_modules: 20,
        timeout: Duration::from_secs(600),
        skip_corpus: false,
        skip_synthetic: false,
    };
    let mut it = raw.iter();
    let number = |flag: &str, v: Option<&String>| -> Result<usize, String> {
        v.and_then(|v| v.parse::<usize>().ok())
            .filter(|n| *n > 0)
            .ok_or(format!("{flag} needs a positive number"))
    };
    while let Some(arg) = it.next() {
        match arg.as_str() {
            // `cargo bench` passes `--bench` to every bench binary.
            "--bench" => {}
            "-j" | "--jobs" => args.jobs = number(arg, it.next())?,
            "--synthetic-crates" => args.synthetic_crates = number(arg, it.next())?,
            "--synthetic-modules" => args.synthetic_modules = number(arg, it.next())?,
            "--timeout" => args.timeout = Duration::from_secs(number(arg, it.next())? as u64),
            "--skip-corpus" => args.skip_corpus = true,
            "--skip-synthetic" => args.skip_synthetic = true,
            a => match a.strip_prefix("-j") {
                Some(n) => args.jobs = number("-j", Some(&n.to_string()))?,
                None if a.starts_with('-') => return Err(format!("unknown option `{a}`")),
                None => args.path = PathBuf::from(a),
            },
        }
    }
    Ok(args)
}

fn run(args: &Args) -> std::io::Result<()> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("cargo-purpose benchmark: {} worker threads ({cores} cores)", args.jobs);
    let mut verdicts = Vec::new();
    if args.skip_corpus {
        println!("\n== corpus: skipped");
    } else if args.path.is_dir() {
        corpus(args, &mut verdicts)?;
    } else {
        println!(
            "\n== corpus: {} not found; build it with `bash ../shared/bench/fetch-corpus.sh {}`",
            args.path.display(),
            args.path.display()
        );
    }
    example(args)?;
    if !args.skip_synthetic {
        synthetic(args, &mut verdicts)?;
    }
    println!("\n== targets");
    for (what, ok) in &verdicts {
        println!("  [{}] {what}", if *ok { "PASS" } else { "FAIL" });
    }
    Ok(())
}

/// Scratch files for one child run.
fn child_files(dir: &Path, tag: &str) -> ChildFiles {
    ChildFiles { json: dir.join(format!("{tag}.json")), list: dir.join(format!("{tag}.files")) }
}

fn corpus(args: &Args, verdicts: &mut Vec<(String, bool)>) -> std::io::Result<()> {
    let path = &args.path;
    println!("\n== corpus: {}", path.display());
    let scratch = tempfile::tempdir()?;

    // 1 thread first: the determinism check's first half, the list of files
    // for the reference, and a warm page cache for what follows.
    let one = child_files(scratch.path(), "j1");
    let single = run_reported(path, 1, &one, args.timeout)?;
    let files = match &single {
        Some(_) => read_list(&one.list),
        None => {
            println!("  (the 1-thread run failed: the reference parses every .rs file under PATH instead)");
            all_rs_files(path)
        }
    };

    let before = parse_reference(&files, args.jobs);
    let main_files = child_files(scratch.path(), &format!("j{}", args.jobs));
    let measured = if args.jobs == 1 {
        single.clone()
    } else {
        run_reported(path, args.jobs, &main_files, args.timeout)?
    };
    let after = parse_reference(&files, args.jobs);
    let reference = if before.wall <= after.wall { &before } else { &after };

    match &measured {
        Some(m) => print_measured(m, args.jobs),
        None => println!("analysis: no figures (the run on {} threads failed, see above)", args.jobs),
    }
    println!(
        "reference: syn::parse_file alone of the same {} files ({} lines) on {} threads (read, parse, drop)",
        files.len(),
        reference.lines,
        args.jobs
    );
    println!(
        "  before the analysis {}, after {}; taken: {} (thread-time sum {}){}",
        secs(before.wall),
        secs(after.wall),
        secs(reference.wall),
        secs(reference.thread_sum),
        if reference.failed > 0 {
            format!(", {} files did not parse", reference.failed)
        } else {
            String::new()
        }
    );
    if let Some(m) = &measured {
        let ratio = ratio(m.total, reference.wall);
        println!("ratio total analysis / parse only: {ratio:.2} (target <= {TARGET_RATIO})");
        verdicts.push((
            format!("corpus: analysis / parse-only = {ratio:.2} <= {TARGET_RATIO}"),
            ratio <= TARGET_RATIO,
        ));
        let peak_ok = m.peak_kib <= TARGET_PEAK_KIB;
        verdicts.push((format!("corpus: peak memory {} <= 1024 MiB", mib(m.peak_kib)), peak_ok));
    }
    if let Some(s) = &single {
        println!(
            "1-thread run: total {}, load {}, index {}, analyze {}, peak {}",
            secs(s.total),
            secs(s.load),
            secs(s.index),
            secs(s.analyze),
            mib(s.peak_kib)
        );
    }

    // Determinism: the JSON report on 1 and 2 threads.
    let two_files = child_files(scratch.path(), "j2");
    let two = if args.jobs == 2 {
        measured.as_ref().map(|_| main_files.json.clone())
    } else {
        run_reported(path, 2, &two_files, args.timeout)?.map(|_| two_files.json.clone())
    };
    match (single.as_ref(), two) {
        (Some(_), Some(two)) => {
            let a = std::fs::read(&one.json)?;
            let b = std::fs::read(two)?;
            let same = a == b;
            println!(
                "determinism: JSON on 1 and 2 threads {} ({} and {} bytes)",
                if same { "byte-identical" } else { "DIFFERS" },
                a.len(),
                b.len()
            );
            verdicts.push(("corpus: same JSON on 1 and 2 threads".to_string(), same));
        }
        _ => {
            println!("determinism: not checked (a run failed)");
            verdicts.push(("corpus: the analysis completes".to_string(), false));
        }
    }
    Ok(())
}

fn example(args: &Args) -> std::io::Result<()> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/twitter-2fa");
    println!("\n== bundled example: examples/twitter-2fa");
    let scratch = tempfile::tempdir()?;
    let files = child_files(scratch.path(), "example");
    if let Some(m) = run_reported(&path, args.jobs, &files, args.timeout)? {
        let reference = best_reference(&read_list(&files.list), args.jobs);
        println!(
            "{} files, {} lines, {} findings; total {} (parse only {}), peak {}",
            m.files,
            m.lines,
            m.findings,
            secs(m.total),
            secs(reference.wall),
            mib(m.peak_kib)
        );
    }
    Ok(())
}

fn synthetic(args: &Args, verdicts: &mut Vec<(String, bool)>) -> std::io::Result<()> {
    let base = args.synthetic_crates;
    println!(
        "\n== synthetic workspace: N = {base} crates of {} modules (plus `common`), at N, 2N, 4N",
        args.synthetic_modules
    );
    println!(
        "{:>6} {:>6} {:>8} {:>9} {:>8} {:>8} {:>9} {:>9} {:>7} {:>9}",
        "crates", "files", "lines", "findings", "total", "parse", "ratio", "peak", "time x", "memory x"
    );
    let mut previous: Option<Measured> = None;
    let mut worst_time: f64 = 0.0;
    let mut worst_memory: f64 = 0.0;
    for crates in [base, 2 * base, 4 * base] {
        let dir = tempfile::tempdir()?;
        synthetic::generate(dir.path(), crates, args.synthetic_modules)?;
        let files = child_files(dir.path(), "out");
        let Some(m) = run_reported(dir.path(), args.jobs, &files, args.timeout)? else { continue };
        let reference = best_reference(&read_list(&files.list), args.jobs);
        let (time_x, memory_x) = match &previous {
            Some(p) => (ratio(m.total, p.total), m.peak_kib as f64 / p.peak_kib.max(1) as f64),
            None => (f64::NAN, f64::NAN),
        };
        if previous.is_some() {
            worst_time = worst_time.max(time_x);
            worst_memory = worst_memory.max(memory_x);
        }
        println!(
            "{:>6} {:>6} {:>8} {:>9} {:>8} {:>8} {:>9.2} {:>9} {:>7.2} {:>9.2}",
            crates,
            m.files,
            m.lines,
            m.findings,
            secs(m.total),
            secs(reference.wall),
            ratio(m.total, reference.wall),
            mib(m.peak_kib),
            time_x,
            memory_x
        );
        previous = Some(m);
    }
    println!("(time x, memory x: growth over the previous row, whose input is half as large)");
    verdicts.push((
        format!(
            "synthetic: doubling the input multiplies time by at most {worst_time:.2} (<= {TARGET_GROWTH})"
        ),
        worst_time <= TARGET_GROWTH,
    ));
    verdicts.push((
        format!("synthetic: doubling the input multiplies peak memory by at most {worst_memory:.2} (<= {TARGET_GROWTH})"),
        worst_memory <= TARGET_GROWTH,
    ));
    Ok(())
}

/// Run a child and print a failure; `None` when it failed.
fn run_reported(
    path: &Path,
    jobs: usize,
    files: &ChildFiles,
    timeout: Duration,
) -> std::io::Result<Option<Measured>> {
    match child::run_child(path, jobs, files, timeout)? {
        ChildOutcome::Done(m) => {
            if !m.errors.is_empty() {
                println!("  {} input errors on {jobs} thread(s), first ones:", m.errors.len());
                for e in m.errors.iter().take(10) {
                    println!("    {e}");
                }
            }
            Ok(Some(*m))
        }
        ChildOutcome::Failed { why, stderr_tail } => {
            println!("  ANALYSIS FAILED on {jobs} thread(s): {why}");
            for line in stderr_tail.lines() {
                println!("    | {line}");
            }
            Ok(None)
        }
    }
}

fn print_measured(m: &Measured, jobs: usize) {
    println!("files analysed: {}   lines analysed: {}   functions: {}", m.files, m.lines, m.functions);
    println!(
        "findings: {}   input errors: {}   warnings: {}   JSON: {} bytes",
        m.findings,
        m.errors.len(),
        m.warnings,
        m.json_bytes
    );
    println!("stage wall times on {jobs} threads:");
    println!("  discover   {:>10}", secs(m.discover));
    println!(
        "  load       {:>10}   (read + parse + lower; thread-time sums: parse {}, lower {})",
        secs(m.load),
        secs(m.parse_cpu),
        secs(m.lower_cpu)
    );
    println!("  index      {:>10}", secs(m.index));
    println!("  analyze    {:>10}", secs(m.analyze));
    println!("  report     {:>10}   (JSON rendered into memory)", secs(m.report));
    let staged = m.discover + m.load + m.index + m.analyze + m.report;
    println!(
        "  other      {:>10}   (driver: assembling crates, sorting, dropping)",
        secs(m.total.saturating_sub(staged))
    );
    println!("  total      {:>10}", secs(m.total));
    let busy = m.cpu.as_secs_f64() / m.total.as_secs_f64().max(1e-9);
    println!("CPU time (user + sys): {} = {busy:.2} threads busy on average", secs(m.cpu));
    println!("peak memory (VmHWM of the analysis process, whole-process peak): {}", mib(m.peak_kib));
}

/// What parsing alone of a set of files cost.
struct ParseRef {
    wall: Duration,
    /// Per-file parse times summed over threads, comparable to the
    /// pipeline's `parse_cpu`.
    thread_sum: Duration,
    failed: usize,
    /// Lines in the files read.
    lines: usize,
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

/// The faster of two reference runs.
fn best_reference(files: &[PathBuf], jobs: usize) -> ParseRef {
    let a = parse_reference(files, jobs);
    let b = parse_reference(files, jobs);
    if a.wall <= b.wall {
        a
    } else {
        b
    }
}

fn read_list(path: &Path) -> Vec<PathBuf> {
    std::fs::read_to_string(path).unwrap_or_default().lines().map(PathBuf::from).collect()
}

/// Every `.rs` file under `root`, skipping `target/` and hidden directories
/// as discovery does.
fn all_rs_files(root: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            e.depth() == 0 || !(e.file_type().is_dir() && (name == "target" || name.starts_with('.')))
        })
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "rs"))
        .map(|e| e.into_path())
        .collect()
}

fn ratio(a: Duration, b: Duration) -> f64 {
    a.as_secs_f64() / b.as_secs_f64().max(1e-9)
}

fn secs(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s < 1.0 {
        format!("{:.1} ms", s * 1000.0)
    } else {
        format!("{s:.2} s")
    }
}

fn mib(kib: u64) -> String {
    format!("{:.0} MiB", kib as f64 / 1024.0)
}
