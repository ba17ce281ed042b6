//! `cargo purpose`: the command line. Parses arguments, runs the pipeline,
//! prints the report, maps the outcome to the exit status.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use cargo_purpose::pipeline::{self, Options};
use cargo_purpose::report::{self, ColorChoice, Format};
use clap::{Parser, ValueEnum};

/// Report every flow of `#[security_only]` data into an `#[advertising_sink]`.
#[derive(Parser, Debug)]
#[command(name = "cargo-purpose", bin_name = "cargo purpose", version, about)]
struct Cli {
    /// A Cargo workspace or package directory, a Cargo.toml, a directory of
    /// .rs files, or a single .rs file [default: the workspace around the
    /// current directory].
    path: Option<PathBuf>,

    /// Path to Cargo.toml (as in cargo).
    #[arg(long, value_name = "Cargo.toml", conflicts_with = "path")]
    manifest_path: Option<PathBuf>,

    /// Output format: human diagnostics on stderr, or JSON on stdout.
    #[arg(long, value_enum, default_value_t = FormatArg::Human)]
    format: FormatArg,

    /// When to color human output.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto)]
    color: ColorArg,

    /// Worker threads [default: one per core].
    #[arg(short = 'j', long, value_name = "N")]
    jobs: Option<usize>,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum FormatArg {
    Human,
    Json,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum ColorArg {
    Auto,
    Always,
    Never,
}

fn main() -> ExitCode {
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
    let options = Options { path: cli.manifest_path.or(cli.path), jobs: cli.jobs };
    let output = pipeline::run(&options);
    let format = match cli.format {
        FormatArg::Human => Format::Human,
        FormatArg::Json => Format::Json,
    };
    let color = match cli.color {
        ColorArg::Auto => ColorChoice::Auto,
        ColorArg::Always => ColorChoice::Always,
        ColorArg::Never => ColorChoice::Never,
    };
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let (mut out, mut err) = (stdout.lock(), stderr.lock());
    let written = report::emit(&output.report, &output.files, format, color, &mut out, &mut err);
    let _ = out.flush();
    if let Err(e) = written {
        let _ = writeln!(err, "error: cannot write the report: {e}");
        return ExitCode::from(2);
    }
    let report = &output.report;
    ExitCode::from(if !report.errors.is_empty() {
        2
    } else if !report.findings.is_empty() {
        1
    } else {
        0
    })
}
