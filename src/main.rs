//! `cargo purpose`: the command line. Parses arguments, runs the pipeline,
//! prints the report, maps the outcome to the exit status.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use cargo_purpose::pipeline::{self, Options};
use cargo_purpose::progress::Display;
use cargo_purpose::report::{self, Baseline, ColorChoice, Format};
use clap::{Args, Parser, Subcommand, ValueEnum};

/// Parsing and lowering allocate a small object per token and syntax node;
/// mimalloc serves those about twice as fast as the system allocator, and
/// `heap` keeps the syntax trees apart from the IR.
#[global_allocator]
static ALLOCATOR: cargo_purpose::heap::Allocator = cargo_purpose::heap::Allocator;

/// Report every flow of `#[security_only]` data into an `#[advertising_sink]`.
#[derive(Parser, Debug)]
#[command(name = "cargo-purpose", bin_name = "cargo purpose", version, about)]
#[command(args_conflicts_with_subcommands = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,

    #[command(flatten)]
    run: RunArgs,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// List every #[security_only] and #[advertising_sink] marker of the
    /// workspace (what a baseline records).
    Markers(ListArgs),
    /// List every approved flow (declassify!, #[declassify]) with its
    /// location and reason.
    Audit(ListArgs),
}

/// The options of `markers` and `audit`.
#[derive(Args, Debug)]
struct ListArgs {
    /// As for the main command.
    path: Option<PathBuf>,

    /// Path to Cargo.toml (as in cargo).
    #[arg(long, value_name = "Cargo.toml", conflicts_with = "path")]
    manifest_path: Option<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Human)]
    format: ListFormat,

    /// Worker threads [default: one per core].
    #[arg(short = 'j', long, value_name = "N")]
    jobs: Option<usize>,

    /// No progress display on stderr (it shows only on a terminal, outside
    /// CI, for runs longer than a second).
    #[arg(short = 'q', long)]
    quiet: bool,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum ListFormat {
    /// One line per entry, on stdout.
    Human,
    /// JSON, on stdout.
    Json,
}

/// Run the analysis and report flows.
#[derive(Args, Debug)]
struct RunArgs {
    /// A Cargo workspace or package directory, a Cargo.toml, a directory of
    /// .rs files, or a single .rs file [default: the workspace around the
    /// current directory].
    path: Option<PathBuf>,

    /// Path to Cargo.toml (as in cargo).
    #[arg(long, value_name = "Cargo.toml", conflicts_with = "path")]
    manifest_path: Option<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Human)]
    format: FormatArg,

    /// `json`: cargo's JSON messages on stdout (`compiler-message` records,
    /// then `build-finished`), for editors such as rust-analyzer.
    #[arg(long, value_enum, value_name = "FMT", conflicts_with = "format")]
    message_format: Option<MessageFormatArg>,

    /// Report, and fail on, only the findings that are not in this baseline
    /// file (see --write-baseline); also list its entries that no longer
    /// occur.
    #[arg(long, value_name = "FILE", conflicts_with = "write_baseline")]
    baseline: Option<PathBuf>,

    /// Record today's findings in FILE as the baseline and exit 0 (2 when
    /// the analysis is incomplete).
    #[arg(long, value_name = "FILE")]
    write_baseline: Option<PathBuf>,

    /// When to color human output.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    color: ColorArg,

    /// Worker threads [default: one per core].
    #[arg(short = 'j', long, value_name = "N")]
    jobs: Option<usize>,

    /// No progress display on stderr (it shows only on a terminal, outside
    /// CI, for runs longer than a second).
    #[arg(short = 'q', long)]
    quiet: bool,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum FormatArg {
    /// Diagnostics with the source, every step and the sink, on stderr.
    Human,
    /// The JSON report, on stdout.
    Json,
    /// SARIF 2.1.0 with code flows, on stdout, for code scanning.
    Sarif,
    /// GitHub Actions workflow commands, on stdout, for inline annotations.
    Github,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum MessageFormatArg {
    /// As `--format human`.
    Human,
    /// Cargo-compatible JSON messages, one per line.
    Json,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum ColorArg {
    Auto,
    Always,
    Never,
}

fn main() -> ExitCode {
    cargo_purpose::heap::keep_freed_pages();
    // `cargo purpose ...` runs us as `cargo-purpose purpose ...`.
    let mut args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if args.get(1).is_some_and(|a| a == "purpose") {
        args.remove(1);
    }
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match cli.command {
        Some(Command::Markers(list)) => list_command(&list, report::emit_markers),
        Some(Command::Audit(list)) => list_command(&list, report::emit_approvals),
        None => run(cli.run),
    }
}

/// A listing subcommand: analyse, print the list; exit 2 when the input
/// has errors (the list may miss what an unparsed file holds), else 0.
fn list_command(
    list: &ListArgs,
    emit: fn(
        &cargo_purpose::finding::Report,
        &cargo_purpose::source::SourceFiles,
        bool,
        &mut dyn Write,
        &mut dyn Write,
    ) -> std::io::Result<()>,
) -> ExitCode {
    let json = matches!(list.format, ListFormat::Json);
    let display = progress_display(list.quiet, json);
    let options = Options {
        path: list.manifest_path.clone().or(list.path.clone()),
        jobs: list.jobs,
        progress: display.as_ref().map(Display::progress),
        shown_files: Vec::new(),
    };
    let output = pipeline::run(&options);
    drop(display);
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let (mut out, mut err) = (stdout.lock(), stderr.lock());
    let written = emit(&output.report, &output.files, json, &mut out, &mut err);
    let _ = out.flush();
    if let Err(e) = written {
        let _ = writeln!(err, "error: cannot write the list: {e}");
        return ExitCode::from(2);
    }
    ExitCode::from(if output.report.errors.is_empty() { 0 } else { 2 })
}

fn run(cli: RunArgs) -> ExitCode {
    // A baseline that cannot be used fails before the analysis, not after.
    let baseline = match cli.baseline.as_deref().map(Baseline::load).transpose() {
        Ok(baseline) => baseline,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let format = match (cli.message_format, cli.format) {
        (Some(MessageFormatArg::Json), _) => Format::CargoJson,
        (_, FormatArg::Human) => Format::Human,
        (_, FormatArg::Json) => Format::Json,
        (_, FormatArg::Sarif) => Format::Sarif,
        (_, FormatArg::Github) => Format::Github,
    };
    let display = progress_display(cli.quiet, !matches!(format, Format::Human));
    let options = Options {
        path: cli.manifest_path.or(cli.path),
        jobs: cli.jobs,
        progress: display.as_ref().map(Display::progress),
        shown_files: baseline.as_ref().map(Baseline::marker_files).unwrap_or_default(),
    };
    let output = pipeline::run(&options);
    // Erase the progress line before anything else is written.
    drop(display);
    let (report, files) = (&output.report, &output.files);
    let comparison = match &cli.write_baseline {
        Some(path) => {
            let written = Baseline::from_report(report, files);
            if let Err(e) = written.save(path) {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
            let n = written.entries().len();
            let noun = if n == 1 { "finding" } else { "findings" };
            eprintln!("note: recorded {n} {noun} in baseline `{}`", path.display());
            Some(written.compare(report, files))
        }
        None => baseline.map(|baseline| baseline.compare(report, files)),
    };
    let color = match cli.color {
        ColorArg::Auto => ColorChoice::Auto,
        ColorArg::Always => ColorChoice::Always,
        ColorArg::Never => ColorChoice::Never,
    };
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let (mut out, mut err) = (stdout.lock(), stderr.lock());
    let written = match &comparison {
        Some(comparison) => {
            report::emit_compared(report, files, comparison, format, color, &mut out, &mut err)
        }
        None => report::emit(report, files, format, color, &mut out, &mut err),
    };
    let _ = out.flush();
    if let Err(e) = written {
        let _ = writeln!(err, "error: cannot write the report: {e}");
        return ExitCode::from(2);
    }
    // With a baseline, removed markers fail the gate like new findings.
    let findings = comparison.as_ref().map_or(report.findings.len(), |c| c.failures());
    ExitCode::from(if !report.errors.is_empty() {
        2
    } else if findings > 0 {
        1
    } else {
        0
    })
}

/// A progress line on stderr is for someone watching a terminal: not for
/// CI logs, not with `--quiet`, and not beside machine-readable output
/// (whose consumer may read stderr too).
fn progress_display(quiet: bool, machine_readable: bool) -> Option<Display> {
    let wanted =
        !quiet && !machine_readable && std::io::stderr().is_terminal() && std::env::var_os("CI").is_none();
    wanted.then(Display::on_stderr)
}
