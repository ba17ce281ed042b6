//! `cargo bench --bench corpus -- [OPTIONS] [PATH]`: how fast the whole
//! analysis is next to `syn` parsing alone of the same files.
//!
//! PATH (default: `$PURPOSE_CORPUS`, else `target/corpus`) is the corpus
//! built by `../shared/bench/fetch-corpus.sh`. One run prints, for PATH:
//! files and lines, the wall time of each stage, total wall time, peak
//! memory, the parse-only reference on the same files and threads, the
//! ratio of the two, every sample these figures were taken from, the
//! figures of a 1-thread run, and whether the JSON output of every analysis
//! run is byte-identical; then the same figures for the bundled example and
//! for a generated workspace at sizes N, 2N and 4N.
//!
//! Options: `-j, --jobs N` (default: all cores), `--rounds N` (default 3;
//! the synthetic sizes run at least 9),
//! `--synthetic-crates N` (default 16), `--synthetic-modules M` (default
//! 20), `--timeout SECS` per child process (default 600), `--skip-corpus`,
//! `--skip-synthetic`; `--generate-synthetic DIR N` only writes the
//! synthetic workspace of N crates to DIR (to profile the analysis on it).
//!
//! Method: the analysis and the reference each run in a fresh child process
//! (this binary re-executed with a hidden argument), so that neither
//! inherits a warm allocator heap from the other, a peak memory is that
//! run's own, and a crash or a hang is reported instead of ending the
//! benchmark. Single runs on a shared machine move by about 10 %, so each
//! side runs `--rounds` times, the two alternating so that a slow spell hits
//! both; times are the best of the rounds on each side (the least disturbed
//! run) and peak memory the highest (the conservative figure). On PATH a
//! 1-thread analysis comes first: it lists the files for the reference,
//! warms the page cache and takes part in the determinism check.

#[path = "corpus/child.rs"]
mod child;
#[path = "corpus/synthetic.rs"]
mod synthetic;

use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

use child::{ChildFiles, Failed, Measured, ParseRef, CHILD_FLAG, REFERENCE_FLAG};

/// The allocator of the `cargo-purpose` binary, so the analysis and the
/// parse-only reference run as users get them.
#[global_allocator]
static ALLOCATOR: cargo_purpose::heap::Allocator = cargo_purpose::heap::Allocator;

/// Targets of issue 5.
const TARGET_RATIO: f64 = 1.3;
const TARGET_PEAK_KIB: u64 = 1024 * 1024;
const TARGET_GROWTH: f64 = 2.0;

/// Rounds of the synthetic sizes, whatever `--rounds` says: they take
/// seconds, and a growth is a median of paired ratios, which the
/// machine's noise moves by several percent at five rounds.
const SYNTHETIC_MIN_ROUNDS: usize = 9;

struct Args {
    path: PathBuf,
    jobs: usize,
    /// Runs of each side per measurement, of which the best counts.
    rounds: usize,
    synthetic_crates: usize,
    synthetic_modules: usize,
    timeout: Duration,
    skip_corpus: bool,
    skip_synthetic: bool,
}

fn main() {
    // As the `cargo-purpose` binary does, for the analysis and the
    // reference alike.
    cargo_purpose::heap::keep_freed_pages();
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
    let child_run = match raw.first().map(String::as_str) {
        Some(CHILD_FLAG) => Some(child::child_main(&raw[1..])),
        Some(REFERENCE_FLAG) => Some(child::reference_main(&raw[1..])),
        _ => None,
    };
    if let Some(result) = child_run {
        if let Err(e) = result {
            eprintln!("error: {e}");
            std::process::exit(2);
        }
        return;
    }
    let args = match parse_args(&raw) {
        Ok(args) => args,
        Err(e) => {
            eprintln!("error: {e}\nusage: cargo bench --bench corpus -- [-j N] [--rounds N] [--synthetic-crates N] [--synthetic-modules M] [--timeout SECS] [--skip-corpus] [--skip-synthetic] [PATH]");
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
        rounds: 3,
        synthetic_crates: 16,
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
            "--rounds" => args.rounds = number(arg, it.next())?,
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

fn run(args: &Args) -> io::Result<()> {
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

fn corpus(args: &Args, verdicts: &mut Vec<(String, bool)>) -> io::Result<()> {
    let path = &args.path;
    println!("\n== corpus: {}", path.display());
    let scratch = tempfile::tempdir()?;

    // 1 thread first: the list of files for the reference, a warm page cache
    // for what follows, and the first run of the determinism check.
    let one = child_files(scratch.path(), "j1");
    let single = run_reported(path, 1, &one, args.timeout)?;
    let list = match &single {
        Some(_) => one.list.clone(),
        None => {
            println!("  (the 1-thread run failed: the reference parses every .rs file under PATH instead)");
            let list = scratch.path().join("all.files");
            let paths: String = all_rs_files(path).iter().map(|p| format!("{}\n", p.display())).collect();
            std::fs::write(&list, paths)?;
            list
        }
    };
    let rounds = alternate(args, path, scratch.path(), Some(&list))?;

    let best = rounds.best();
    match best {
        Some((m, peak_kib)) => print_measured(m, args.jobs, peak_kib, args.rounds),
        None => println!("analysis: no figures (every run on {} threads failed, see above)", args.jobs),
    }
    if let Some(r) = rounds.reference() {
        println!(
            "reference: syn::parse_file alone of the same {} files ({} lines) on {} threads (read, parse, drop): {} (thread-time sum {}){}",
            r.files,
            r.lines,
            args.jobs,
            secs(r.wall),
            secs(r.thread_sum),
            if r.failed > 0 { format!(", {} files did not parse", r.failed) } else { String::new() }
        );
    }
    println!("{}", rounds.samples());
    if let (Some((m, _)), Some(r)) = (best, rounds.reference()) {
        let ratio = ratio(m.total, r.wall);
        println!(
            "ratio total analysis / parse only, each the best of {} rounds: {ratio:.2} (target <= {TARGET_RATIO})",
            args.rounds
        );
        let paired = rounds.paired_ratios();
        if let (Some(low), Some(high)) = (paired.first(), paired.last()) {
            println!(
                "ratio round by round (each analysis over the reference run just before it): {low:.2} to {high:.2}, median {:.2}",
                median(&paired)
            );
        }
        verdicts.push((
            format!("corpus: analysis / parse-only = {ratio:.2} <= {TARGET_RATIO}"),
            ratio <= TARGET_RATIO,
        ));
    }
    if let Some((_, peak_kib)) = best {
        verdicts.push((
            format!("corpus: peak memory {} <= 1024 MiB", mib(peak_kib)),
            peak_kib <= TARGET_PEAK_KIB,
        ));
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

    // Determinism: every analysis run writes the same JSON report. On one
    // thread a 2-thread run joins them, so that threads are compared.
    let mut runs = vec![(1, single.map(|_| one.json))];
    runs.extend(rounds.analyses.into_iter().map(|run| (args.jobs, run.map(|(_, json)| json))));
    if args.jobs == 1 {
        let two = child_files(scratch.path(), "j2");
        runs.push((2, run_reported(path, 2, &two, args.timeout)?.map(|_| two.json)));
    }
    same_json("corpus", runs, verdicts)
}

/// Determinism: the analysis runs `runs` (thread count, JSON report; `None`
/// when the run failed) wrote byte-identical reports.
fn same_json(
    what: &str,
    runs: Vec<(usize, Option<PathBuf>)>,
    verdicts: &mut Vec<(String, bool)>,
) -> io::Result<()> {
    let threads: Vec<String> = runs.iter().map(|(jobs, _)| jobs.to_string()).collect();
    let threads = threads.join(", ");
    match runs.into_iter().map(|(_, json)| json).collect::<Option<Vec<PathBuf>>>() {
        Some(jsons) => {
            let first = std::fs::read(&jsons[0])?;
            let mut differing = Vec::new();
            for (i, json) in jsons.iter().enumerate().skip(1) {
                if std::fs::read(json)? != first {
                    differing.push((i + 1).to_string());
                }
            }
            let same = differing.is_empty();
            println!(
                "determinism: JSON of all {} analysis runs (on {threads} threads) {} ({} bytes)",
                jsons.len(),
                if same {
                    "byte-identical".to_string()
                } else {
                    format!("DIFFERS: run(s) {} from run 1", differing.join(", "))
                },
                first.len()
            );
            verdicts.push((
                format!("{what}: same JSON in all {} runs (on {threads} threads)", jsons.len()),
                same,
            ));
        }
        None => {
            println!("determinism: not checked (a run failed)");
            verdicts.push((format!("{what}: the analysis completes"), false));
        }
    }
    Ok(())
}

fn example(args: &Args) -> io::Result<()> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/twitter-2fa");
    println!("\n== bundled example: examples/twitter-2fa");
    let scratch = tempfile::tempdir()?;
    let rounds = alternate(args, &path, scratch.path(), None)?;
    if let Some((m, peak_kib)) = rounds.best() {
        print_errors(m);
        println!(
            "{} files, {} lines, {} findings; total {} (parse only {}), peak {} (best times, highest peak of {} rounds)",
            m.files,
            m.lines,
            m.findings,
            secs(m.total),
            secs_or_failed(rounds.reference().map(|r| r.wall)),
            mib(peak_kib),
            args.rounds
        );
    }
    println!("{}", rounds.samples());
    Ok(())
}

fn synthetic(args: &Args, verdicts: &mut Vec<(String, bool)>) -> io::Result<()> {
    let base = args.synthetic_crates;
    let round_count = args.rounds.max(SYNTHETIC_MIN_ROUNDS);
    println!(
        "\n== synthetic workspace: N = {base} crates of {} modules (plus `common`), at N, 2N, 4N; best times, highest peak of {round_count} rounds",
        args.synthetic_modules
    );
    println!(
        "{:>6} {:>6} {:>8} {:>9} {:>8} {:>8} {:>9} {:>9} {:>7} {:>9} {:>8}",
        "crates",
        "files",
        "lines",
        "findings",
        "total",
        "parse",
        "ratio",
        "peak",
        "time x",
        "memory x",
        "parse x"
    );
    let mut worst_time: f64 = 0.0;
    let mut worst_memory: f64 = 0.0;
    let sizes = [base, 2 * base, 4 * base];
    let mut dirs = Vec::new();
    for crates in sizes {
        let dir = tempfile::tempdir()?;
        synthetic::generate(dir.path(), crates, args.synthetic_modules)?;
        dirs.push(dir);
    }
    // Each round runs every size, so that a slow spell of the machine
    // (they last minutes) hits all sizes rather than one.
    let mut per_size: Vec<Rounds> =
        sizes.iter().map(|_| Rounds { references: Vec::new(), analyses: Vec::new() }).collect();
    for round in 0..round_count {
        for (dir, rounds) in dirs.iter().zip(&mut per_size) {
            one_round(args, dir.path(), dir.path(), None, round, rounds)?;
        }
    }
    let mut previous: Option<(&Rounds, u64)> = None;
    for (crates, rounds) in sizes.into_iter().zip(&per_size) {
        let Some((m, peak_kib)) = rounds.best() else { continue };
        print_errors(m);
        let parse = rounds.reference().map(|r| r.wall);
        let (time_x, memory_x, parse_x) = match previous {
            Some((smaller, smaller_peak)) => (
                paired_growth(rounds, smaller, |r| {
                    r.analyses.iter().map(|a| a.as_ref().map(|(m, _)| m.total))
                }),
                peak_kib as f64 / smaller_peak.max(1) as f64,
                paired_growth(rounds, smaller, |r| r.references.iter().map(|p| p.as_ref().map(|p| p.wall))),
            ),
            None => (f64::NAN, f64::NAN, f64::NAN),
        };
        if previous.is_some() {
            worst_time = worst_time.max(time_x);
            worst_memory = worst_memory.max(memory_x);
        }
        println!(
            "{:>6} {:>6} {:>8} {:>9} {:>8} {:>8} {:>9.2} {:>9} {:>7.2} {:>9.2} {:>8.2}",
            crates,
            m.files,
            m.lines,
            m.findings,
            secs(m.total),
            secs_or_failed(parse),
            parse.map_or(f64::NAN, |parse| ratio(m.total, parse)),
            mib(peak_kib),
            time_x,
            memory_x,
            parse_x
        );
        previous = Some((rounds, peak_kib));
    }
    println!(
        "(growth over the previous row, whose input is half as large: time x, the median over rounds of \
         the ratio of the two sizes' times in the same round, which cancels the machine's slow spells; \
         memory x, of the highest peaks; parse x, time x for parsing alone)"
    );
    // Determinism where there are findings: the largest workspace on one
    // thread and on the other thread count, whose bodies run in parallel.
    if let (Some(dir), Some(rounds)) = (dirs.last(), per_size.pop()) {
        let other = if args.jobs == 1 { 2 } else { 1 };
        let files = child_files(dir.path(), &format!("j{other}-determinism"));
        let mut runs =
            vec![(other, run_reported(dir.path(), other, &files, args.timeout)?.map(|_| files.json))];
        runs.extend(rounds.analyses.into_iter().map(|run| (args.jobs, run.map(|(_, json)| json))));
        print!("{} crates: ", sizes[sizes.len() - 1]);
        same_json("synthetic", runs, verdicts)?;
    }
    verdicts.push((
        format!(
            "synthetic: doubling the input multiplies time by at most {worst_time:.3} (<= {TARGET_GROWTH})"
        ),
        worst_time <= TARGET_GROWTH,
    ));
    verdicts.push((
        format!("synthetic: doubling the input multiplies peak memory by at most {worst_memory:.3} (<= {TARGET_GROWTH})"),
        worst_memory <= TARGET_GROWTH,
    ));
    Ok(())
}

/// The samples of `--rounds` alternating reference and analysis runs.
struct Rounds {
    references: Vec<Option<ParseRef>>,
    /// Each analysis's figures and JSON report.
    analyses: Vec<Option<(Measured, PathBuf)>>,
}

impl Rounds {
    /// The fastest reference run.
    fn reference(&self) -> Option<&ParseRef> {
        self.references.iter().flatten().min_by_key(|r| r.wall)
    }

    /// The fastest analysis run, and the highest peak memory of all.
    fn best(&self) -> Option<(&Measured, u64)> {
        let runs = || self.analyses.iter().flatten().map(|(m, _)| m);
        Some((runs().min_by_key(|m| m.total)?, runs().map(|m| m.peak_kib).max()?))
    }

    /// Each round's analysis time over its reference's, sorted: how far a
    /// slow spell of the machine moves the best-of ratio.
    fn paired_ratios(&self) -> Vec<f64> {
        let mut ratios: Vec<f64> = self
            .references
            .iter()
            .zip(&self.analyses)
            .filter_map(|(r, a)| Some(ratio(a.as_ref()?.0.total, r.as_ref()?.wall)))
            .collect();
        ratios.sort_by(f64::total_cmp);
        ratios
    }

    /// Every sample, on one line.
    fn samples(&self) -> String {
        let pairs: Vec<String> = self
            .references
            .iter()
            .zip(&self.analyses)
            .map(|(r, a)| {
                let reference = secs_or_failed(r.as_ref().map(|r| r.wall));
                let analysis = match a {
                    Some((m, _)) => format!("{} ({})", secs(m.total), mib(m.peak_kib)),
                    None => secs_or_failed(None),
                };
                format!("{reference} / {analysis}")
            })
            .collect();
        format!("rounds (reference / analysis (peak)): {}", pairs.join(", "))
    }
}

/// `--rounds` analyses of `path` on `--jobs` threads, alternating with as
/// many references on the files of `list`, or without a list on the files
/// the analysis just before read. Scratch files go to `dir`.
fn alternate(args: &Args, path: &Path, dir: &Path, list: Option<&Path>) -> io::Result<Rounds> {
    let mut rounds = Rounds { references: Vec::new(), analyses: Vec::new() };
    for round in 0..args.rounds {
        one_round(args, path, dir, list, round, &mut rounds)?;
    }
    Ok(rounds)
}

/// One reference and one analysis of [`alternate`], added to `rounds`.
fn one_round(
    args: &Args,
    path: &Path,
    dir: &Path,
    list: Option<&Path>,
    round: usize,
    rounds: &mut Rounds,
) -> io::Result<()> {
    let files = child_files(dir, &format!("j{}-r{round}", args.jobs));
    if let Some(list) = list {
        rounds.references.push(reference_reported(list, args.jobs, args.timeout)?);
    }
    let analysis = run_reported(path, args.jobs, &files, args.timeout)?;
    if list.is_none() {
        let reference = match analysis {
            Some(_) => reference_reported(&files.list, args.jobs, args.timeout)?,
            None => None,
        };
        rounds.references.push(reference);
    }
    rounds.analyses.push(analysis.map(|m| (m, files.json)));
    Ok(())
}

/// Run an analysis child; `None` after printing why it failed.
fn run_reported(
    path: &Path,
    jobs: usize,
    files: &ChildFiles,
    timeout: Duration,
) -> io::Result<Option<Measured>> {
    Ok(reported("ANALYSIS", jobs, child::run_child(path, jobs, files, timeout)?))
}

/// Run a reference child; `None` after printing why it failed.
fn reference_reported(list: &Path, jobs: usize, timeout: Duration) -> io::Result<Option<ParseRef>> {
    Ok(reported("REFERENCE", jobs, child::run_reference(list, jobs, timeout)?))
}

/// A child's figures, or `None` after printing the failure and its stderr.
fn reported<T>(what: &str, jobs: usize, outcome: Result<T, Failed>) -> Option<T> {
    match outcome {
        Ok(figures) => Some(figures),
        Err(Failed { why, stderr_tail }) => {
            println!("  {what} FAILED on {jobs} thread(s): {why}");
            for line in stderr_tail.lines() {
                println!("    | {line}");
            }
            None
        }
    }
}

/// The first input errors of a run, if any.
fn print_errors(m: &Measured) {
    if !m.errors.is_empty() {
        println!("  {} input errors, first ones:", m.errors.len());
        for e in m.errors.iter().take(10) {
            println!("    {e}");
        }
    }
}

/// The figures of the fastest run, with the highest peak of `rounds` runs.
fn print_measured(m: &Measured, jobs: usize, peak_kib: u64, rounds: usize) {
    println!("files analysed: {}   lines analysed: {}   functions: {}", m.files, m.lines, m.functions);
    println!(
        "findings: {}   input errors: {}   warnings: {}   JSON: {} bytes",
        m.findings,
        m.errors.len(),
        m.warnings,
        m.json_bytes
    );
    print_errors(m);
    println!("stage wall times on {jobs} threads:");
    println!("  discover   {:>10}", secs(m.discover));
    println!(
        "  load       {:>10}   (read + parse + lower; thread-time sums: parse {}, lower {})",
        secs(m.load),
        secs(m.parse_cpu),
        secs(m.lower_cpu)
    );
    println!(
        "  index      {:>10}   (after loading; the package targets' {} ran while the files no target reaches loaded)",
        secs(m.index),
        secs(m.index_overlapped)
    );
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
    println!(
        "peak memory (VmHWM of the analysis process, whole-process peak), the highest of {rounds} runs: {}",
        mib(peak_kib)
    );
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

/// The median over rounds of `larger`'s time over `smaller`'s in the same
/// round (`times` lists a size's times by round; failed runs are skipped).
/// The sizes of one round run seconds apart, while the machine's speed
/// drifts over minutes: the best time of each size, taken from different
/// rounds, moved the growth between 1.6 and 2.5 for the same code.
fn paired_growth<'r, I: Iterator<Item = Option<Duration>>>(
    larger: &'r Rounds,
    smaller: &'r Rounds,
    times: impl Fn(&'r Rounds) -> I,
) -> f64 {
    let mut ratios: Vec<f64> =
        times(larger).zip(times(smaller)).filter_map(|(l, s)| Some(ratio(l?, s?))).collect();
    ratios.sort_by(f64::total_cmp);
    median(&ratios)
}

/// The median of sorted `values` (NaN when there are none).
fn median(sorted: &[f64]) -> f64 {
    match sorted.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => sorted[n / 2],
        n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    }
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

/// The time of a run that may have failed.
fn secs_or_failed(d: Option<Duration>) -> String {
    d.map_or_else(|| "failed".to_string(), secs)
}

fn mib(kib: u64) -> String {
    format!("{:.0} MiB", kib as f64 / 1024.0)
}
