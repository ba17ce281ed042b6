//! The driver: runs the stages in order and gathers everything into one
//! [`Report`]. Files are read, parsed and lowered in parallel, one module
//! level at a time, so file ids (and therefore output) do not depend on
//! thread timing; no syntax tree is used once its file is lowered, and its
//! memory is freed with its worker's tree heap (see [`parse_and_lower`]).

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::analyze;
use crate::config::{self, Config};
use crate::discover::{self, ReadScope, TargetKind};
use crate::finding::{Report, Warning};
use crate::index::{CrateInput, FnId, Index, IndexBuilder};
use crate::inventory;
use crate::ir::{Body, Item, ItemKind, LoweredFile, ModBody, Name};
use crate::lower;
use crate::parse;
use crate::progress::Progress;
use crate::source::{FileId, InputError, SourceFile, SourceFiles, Span};

/// Stack for worker threads: parsing and lowering recurse on nesting depth.
const WORKER_STACK_BYTES: usize = 256 * 1024 * 1024;

#[derive(Clone, Debug, Default)]
pub struct Options {
    /// What to scan (any PATH form of the contract); `None`: the workspace
    /// around the current directory.
    pub path: Option<PathBuf>,
    /// Worker threads; `None`: one per core.
    pub jobs: Option<usize>,
    /// Counters to update as the run goes (for a progress display).
    pub progress: Option<Arc<Progress>>,
    /// Files (relative paths) whose text the caller will show besides
    /// those the report points into: a baseline's recorded markers.
    pub shown_files: Vec<String>,
}

/// The result of a run: the report and the files it refers to.
pub struct Output {
    pub report: Report,
    pub files: SourceFiles,
    pub timings: Timings,
}

/// Where a run's time went. Parsing and lowering run interleaved on the
/// worker threads, so they are given as time summed over threads, beside
/// the wall time of the loading stage as a whole.
#[derive(Clone, Debug, Default)]
pub struct Timings {
    pub discover: Duration,
    /// Wall time of reading, parsing and lowering every file.
    pub load: Duration,
    /// Thread time spent in `syn` parsing, summed over threads.
    pub parse_cpu: Duration,
    /// Thread time spent lowering, summed over threads.
    pub lower_cpu: Duration,
    /// Wall time of indexing once every file is loaded.
    pub index: Duration,
    /// Wall time of indexing the package targets, which runs while the
    /// files no target reaches load (within `load`).
    pub index_overlapped: Duration,
    pub analyze: Duration,
    /// Lines in the files loaded.
    pub lines: usize,
}

pub fn run(options: &Options) -> Output {
    let mut builder = rayon::ThreadPoolBuilder::new().stack_size(WORKER_STACK_BYTES);
    if let Some(jobs) = options.jobs {
        builder = builder.num_threads(jobs.max(1));
    }
    match builder.build() {
        Ok(pool) => pool.install(|| run_in_pool(options)),
        Err(_) => run_in_pool(options),
    }
}

fn run_in_pool(options: &Options) -> Output {
    let path = match &options.path {
        Some(p) => p.clone(),
        None => {
            let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
            discover::find_enclosing_root(&cwd)
        }
    };
    let mut timings = Timings::default();
    let started = Instant::now();
    let workspace = discover::discover(&path);
    timings.discover = started.elapsed();
    let mut errors = workspace.errors.clone();
    let (config, config_errors) = config::load_for(&workspace);
    errors.extend(config_errors);
    let mut loader = Loader {
        root: workspace.root.clone(),
        scope: workspace.scope.clone(),
        files: SourceFiles::default(),
        by_path: BTreeMap::new(),
        units: Vec::new(),
        lowered: BTreeMap::new(),
        failed: Default::default(),
        progress: options.progress.clone(),
        parse_cpu: Duration::ZERO,
        lower_cpu: Duration::ZERO,
        lines: 0,
        config,
    };

    let root_files: Vec<&Path> = workspace.crates.iter().map(|c| c.root_file.as_path()).collect();
    let roots: Vec<usize> = loader.root_units(&root_files);
    let started = Instant::now();
    // `.rs` files of a package under the root that no target reaches (modules behind a
    // `#[cfg_attr(.., path)]`, platform files, leftovers): each is analysed
    // as a standalone crate, so code the build may include is never skipped.
    // Listing them walks directories: it runs while the targets load.
    let (_, package_files) = rayon::join(
        || loader.load_all(roots.clone(), &mut errors),
        || {
            let dirs: Vec<&PathBuf> = workspace
                .package_dirs
                .iter()
                // Path dependencies outside the scanned tree: their targets only.
                .filter(|dir| dir.starts_with(&workspace.root))
                .collect();
            dirs.into_par_iter().map(|dir| discover::package_rs_files(dir)).collect::<Vec<_>>()
        },
    );
    let orphan_files: Vec<PathBuf> = package_files
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .into_par_iter()
        .filter(|file| !loader.by_path.contains_key(file))
        .filter(|file| !loader.config.is_excluded(&discover::relative_path(&workspace.root, file)))
        .collect();
    let orphan_paths: Vec<&Path> = orphan_files.iter().map(PathBuf::as_path).collect();
    let orphans: Vec<(String, usize)> = orphan_files
        .iter()
        .zip(loader.root_units(&orphan_paths))
        .map(|(file, unit)| {
            let name = file.file_stem().map(|s| s.to_string_lossy().replace('-', "_")).unwrap_or_default();
            (name, unit)
        })
        .collect();
    // Package targets come before the standalone files in the crate list,
    // and none of them is dropped as a duplicate: they are indexed while the
    // files no target reaches load (no target can name those).
    let packaged = workspace
        .crates
        .iter()
        .position(|c| c.kind == TargetKind::Standalone)
        .unwrap_or(workspace.crates.len());
    let mut crate_inputs = Vec::new();
    for (krate, root) in workspace.crates.iter().zip(&roots).take(packaged) {
        let items = loader.take_items(*root);
        crate_inputs.push(CrateInput { name: krate.name.clone(), items, deps: krate.deps.clone() });
    }
    let workspace_file = workspace_name(&workspace.root);
    let indexing = |inputs| {
        guarded(&workspace_file, "indexing the workspace", || {
            let started = Instant::now();
            let mut builder = IndexBuilder::default();
            builder.add(inputs);
            Ok((builder, started.elapsed()))
        })
    };
    // Cargo compiles none of them as they are: one that cannot be read or
    // parsed (test data of a parser, a template) cannot be in the build, so
    // it is a warning, not an error.
    let mut orphan_problems = Vec::new();
    let orphan_units = orphans.iter().map(|(_, unit)| *unit).collect();
    let (indexed, ()) =
        rayon::join(|| indexing(crate_inputs), || loader.load_all(orphan_units, &mut orphan_problems));
    free_tree_heaps();
    if let Some(p) = &options.progress {
        p.indexing();
    }
    timings.load = started.elapsed();
    timings.parse_cpu = loader.parse_cpu;
    timings.lower_cpu = loader.lower_cpu;
    timings.lines = loader.lines;
    let analysed_files = loader.files.files.iter().filter(|f| f.digest != 0 || f.abs_path.exists()).count();

    // A standalone file that is also a module of another crate is analysed
    // as that module only.
    let is_root = |i: &usize| roots.contains(i) || orphans.iter().any(|(_, u)| u == i);
    let module_files: BTreeSet<FileId> =
        loader.units.iter().enumerate().filter(|(i, _)| !is_root(i)).map(|(_, u)| u.file).collect();
    let mut late_inputs = Vec::new();
    // Positions in the list of every crate indexed, by position in the
    // list of every crate found.
    let mut kept: Vec<Option<usize>> = (0..packaged).map(Some).collect();
    for (krate, root) in workspace.crates.iter().zip(&roots).skip(packaged) {
        let duplicate =
            krate.kind == TargetKind::Standalone && module_files.contains(&loader.units[*root].file);
        if duplicate {
            kept.push(None);
            continue;
        }
        kept.push(Some(packaged + late_inputs.len()));
        let items = loader.take_items(*root);
        late_inputs.push(CrateInput { name: krate.name.clone(), items, deps: krate.deps.clone() });
    }
    for (name, root) in &orphans {
        if module_files.contains(&loader.units[*root].file) {
            continue;
        }
        let items = loader.take_items(*root);
        late_inputs.push(CrateInput { name: name.clone(), items, deps: Vec::new() });
    }
    // Dependency indexes refer to the crate list before dropping duplicates.
    for input in &mut late_inputs {
        input.deps = input
            .deps
            .iter()
            .filter_map(|(name, i)| kept.get(*i).copied().flatten().map(|j| (name.clone(), j)))
            .collect();
    }

    // Indexing and the analysis see the whole workspace at once: a panic
    // there (a bug) fails the run rather than passing it.
    let started = Instant::now();
    let external = loader.config.external_spec();
    let outcome = indexed.and_then(|(mut builder, overlapped)| {
        guarded(&workspace_file, "indexing and analysing the workspace", || {
            builder.add(late_inputs);
            let mut index = builder.finish();
            timings.index = started.elapsed();
            timings.index_overlapped = overlapped;
            let started = Instant::now();
            let relevant = analyze::relevant_fns(&index, &external);
            let relowered = lower_needed_bodies(&mut index, &relevant.layers.concat(), &loader.files);
            timings.parse_cpu += relowered.parse_cpu;
            timings.lower_cpu += relowered.lower_cpu;
            let report_fns = |done, total| {
                if let Some(p) = &options.progress {
                    p.functions(done, total);
                }
            };
            let analysis = analyze::analyze(&index, &relevant, &external, &report_fns);
            timings.analyze = started.elapsed();
            let markers = inventory::markers(&index, &loader.files);
            let (approvals, approval_errors) = inventory::approvals(&index, &loader.files);
            let mut errors = relowered.errors;
            errors.extend(approval_errors);
            drop_in_background(index);
            Ok((analysis, markers, approvals, errors))
        })
    });
    let (analysis, markers, approvals) = match outcome {
        Ok((analysis, markers, approvals, more_errors)) => {
            errors.extend(more_errors);
            (analysis, markers, approvals)
        }
        Err(e) => {
            errors.push(e);
            (analyze::Analysis::default(), Vec::new(), Vec::new())
        }
    };

    let mut files = loader.files;
    let mut findings = analysis.findings;
    findings.sort_by_cached_key(|f| {
        (span_key(&files, f.sink.span), span_key(&files, f.source.span), f.source.label.clone())
    });
    let mut warnings = workspace.warnings;
    warnings.extend(orphan_problems.into_iter().map(|e| Warning {
        span: None,
        message: format!(
            "{}:{}:{}: {} (this file is reached by no target, so it is not part of the build as written; skipped)",
            e.file, e.line, e.column, e.message
        ),
    }));
    warnings.extend(analysis.warnings);
    warnings.sort_by_cached_key(|w| (w.span.map(|s| span_key(&files, s)), w.message.clone()));
    warnings.dedup();
    // The texts of the files the report shows, read again.
    let named: BTreeSet<&str> = errors
        .iter()
        .map(|e| e.file.as_str())
        .chain(options.shown_files.iter().map(String::as_str))
        .collect();
    let shown: BTreeSet<FileId> = findings
        .iter()
        .flat_map(|f| [f.source.span, f.sink.span].into_iter().chain(f.steps.iter().map(|s| s.span)))
        .chain(warnings.iter().filter_map(|w| w.span))
        .chain(markers.iter().map(|m| m.span))
        .chain(approvals.iter().map(|a| a.span))
        .map(|span| span.file)
        .chain(
            files
                .files
                .iter()
                .enumerate()
                .filter(|(_, f)| named.contains(f.rel_path.as_str()))
                .map(|(i, _)| FileId(i as u32)),
        )
        .collect();
    errors.extend(restore_texts(&mut files, &shown));
    errors.sort();
    errors.dedup();
    let report = Report {
        findings,
        errors,
        warnings,
        files: analysed_files,
        functions: analysis.functions,
        approvals,
        markers,
    };
    Output { report, files, timings }
}

/// The text of `file` read again, if it is still the text analysed.
fn read_again(file: &SourceFile) -> Result<Arc<str>, InputError> {
    let text = parse::read_source(&file.abs_path, &file.rel_path)?;
    if crate::ir::fx_hash(0, text.as_bytes()) != file.digest {
        return Err(changed_on_disk(file));
    }
    Ok(Arc::from(text))
}

fn changed_on_disk(file: &SourceFile) -> InputError {
    InputError {
        file: file.rel_path.clone(),
        line: 0,
        column: 0,
        message: "changed on disk while it was being analysed; run the analysis again".to_string(),
    }
}

/// Read again the texts of `which` (set aside after loading), in
/// parallel; a file that changed or vanished since is an error.
fn restore_texts(files: &mut SourceFiles, which: &BTreeSet<FileId>) -> Vec<InputError> {
    let read: Vec<(FileId, Result<Arc<str>, InputError>)> = which
        .par_iter()
        .filter_map(|&id| {
            let file = files.files.get(id.0 as usize)?;
            // Never read (unreadable, excluded, or a failed load): nothing to restore.
            (file.digest != 0).then(|| (id, read_again(file)))
        })
        .collect();
    let mut errors = Vec::new();
    for (id, text) in read {
        match (text, files.files.get_mut(id.0 as usize)) {
            (Ok(text), Some(file)) => file.text = text,
            (Err(e), _) => errors.push(e),
            (Ok(_), None) => {}
        }
    }
    errors
}

/// Free `value` on another thread: nothing waits for its many small frees
/// (half a second for the index of a large workspace), and a process that
/// exits right after does not wait at all. If no thread can be started, the
/// value is dropped here.
fn drop_in_background<T: Send + 'static>(value: T) {
    let _ = std::thread::Builder::new().name("purpose-drop".to_string()).spawn(move || drop(value));
}

/// What `text.lines().count()` says, counted a byte at a time (the
/// compiler vectorises this; `lines()` finds each line).
fn line_count(text: &str) -> usize {
    let newlines = text.bytes().filter(|&b| b == b'\n').count();
    newlines + usize::from(!text.is_empty() && !text.ends_with('\n'))
}

/// Sort key of a span that does not depend on file ids.
fn span_key(files: &SourceFiles, span: Span) -> (String, u32, u32, u32, u32) {
    let path = files.files.get(span.file.0 as usize).map(|f| f.rel_path.clone()).unwrap_or_default();
    (path, span.line, span.column, span.end_line, span.end_column)
}

/// One module file loaded for one crate (a file reached from two crates is
/// loaded twice: it is a different module in each).
struct Unit {
    file: FileId,
    path: PathBuf,
    /// Crate roots, `mod.rs` and `#[path]` files: their child modules live
    /// in their own directory.
    owns_dir: bool,
    /// This file with symbolic links resolved.
    real: PathBuf,
    /// Files from the crate root down to this one's parent, symbolic links
    /// resolved, to catch `#[path]` cycles.
    ancestors: Vec<PathBuf>,
    /// The unit loaded for each `mod x;` of this file, in pre-order.
    children: Vec<Option<usize>>,
}

struct Loader {
    root: PathBuf,
    /// What `mod x;` and `#[path]` may lead to: nothing outside the tree.
    scope: ReadScope,
    files: SourceFiles,
    by_path: BTreeMap<PathBuf, FileId>,
    units: Vec<Unit>,
    /// Each file's IR, read, parsed and lowered once however many crates
    /// include it (a test helper module shared by every test target), with
    /// the number of units that have yet to take a copy.
    lowered: BTreeMap<FileId, (Arc<Vec<Item>>, usize)>,
    /// Files that could not be loaded (reported once).
    failed: BTreeSet<FileId>,
    progress: Option<Arc<Progress>>,
    parse_cpu: Duration,
    lower_cpu: Duration,
    /// Lines of the files loaded.
    lines: usize,
    /// Configuration: files matching `exclude` are not read.
    config: Config,
}

/// The file of each `mod x;` of a unit, in order, or why it was not found.
type FoundChildren = Vec<Result<ChildFile, InputError>>;

/// Where a `mod x;` leads: what [`Loader::new_unit`] needs.
struct ChildFile {
    path: PathBuf,
    real: PathBuf,
    owns_dir: bool,
    ancestors: Vec<PathBuf>,
}

/// One `mod x;` found in a lowered file.
struct ModSlot {
    name: Name,
    inline_path: Vec<Name>,
    path_attr: Option<String>,
    span: Span,
}

impl Loader {
    /// A crate root's unit.
    /// A unit for each crate root in `paths`, in order (symbolic links
    /// resolved in parallel: a syscall or more per file).
    fn root_units(&mut self, paths: &[&Path]) -> Vec<usize> {
        let reals: Vec<PathBuf> = paths
            .par_iter()
            .map(|path| std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()))
            .collect();
        paths
            .iter()
            .zip(reals)
            .map(|(path, real)| {
                self.new_unit(ChildFile {
                    path: path.to_path_buf(),
                    real,
                    owns_dir: true,
                    ancestors: Vec::new(),
                })
            })
            .collect()
    }

    fn new_unit(&mut self, child: ChildFile) -> usize {
        let ChildFile { path, real, owns_dir, ancestors } = child;
        let path = path.as_path();
        let file = match self.by_path.get(path) {
            Some(id) => *id,
            None => {
                let rel_path = discover::relative_path(&self.root, path);
                let id = self.files.add(SourceFile {
                    rel_path,
                    abs_path: path.to_path_buf(),
                    text: Arc::from(""),
                    digest: 0,
                });
                self.by_path.insert(path.to_path_buf(), id);
                id
            }
        };
        self.units.push(Unit {
            file,
            path: path.to_path_buf(),
            real,
            owns_dir,
            ancestors,
            children: Vec::new(),
        });
        self.units.len() - 1
    }

    /// Load `level` and every module below it, one level at a time.
    fn load_all(&mut self, mut level: Vec<usize>, errors: &mut Vec<InputError>) {
        while !level.is_empty() {
            let mut scheduled = std::collections::BTreeSet::new();
            let jobs: Vec<(usize, FileId, PathBuf, String)> = level
                .iter()
                .filter_map(|&u| {
                    let unit = &self.units[u];
                    let done = self.lowered.contains_key(&unit.file) || self.failed.contains(&unit.file);
                    (!done && scheduled.insert(unit.file)).then(|| {
                        (u, unit.file, unit.path.clone(), self.files.get(unit.file).rel_path.clone())
                    })
                })
                .collect();
            // Largest files first, handed out one at a time: the level ends
            // when its last file does, so a big file started last would
            // leave the other workers idle.
            let mut jobs: Vec<(u64, (usize, FileId, PathBuf, String))> = jobs
                .into_par_iter()
                .map(|job| (std::fs::metadata(&job.2).map_or(0, |m| m.len()), job))
                .collect();
            jobs.sort_by(|a, b| b.0.cmp(&a.0).then(a.1 .1.cmp(&b.1 .1)));
            let jobs: Vec<(usize, FileId, PathBuf, String)> = jobs.into_iter().map(|(_, job)| job).collect();
            let (config, progress) = (&self.config, self.progress.as_deref());
            if let Some(p) = progress {
                p.files_found(jobs.len());
            }
            // Each worker also looks up the files of the `mod x;` items of
            // the file it loaded (this touches the file system), for the
            // unit it loaded it for.
            let this = &*self;
            let results: Vec<(usize, FileId, Loaded, LoadTimes, FoundChildren)> = jobs
                .into_par_iter()
                .with_max_len(1)
                .map(|(u, file, path, rel)| {
                    // An excluded file is an empty module.
                    let (loaded, times) = if config.is_excluded(&rel) {
                        (
                            Ok(LoadedFile { digest: 0, lines: 0, lowered: LoweredFile::default() }),
                            LoadTimes::default(),
                        )
                    } else {
                        load_file(file, &path, &rel)
                    };
                    let children = match &loaded {
                        Ok(loaded) => mod_slots(&loaded.lowered.items)
                            .iter()
                            .map(|slot| this.find_child(u, slot))
                            .collect(),
                        Err(_) => Vec::new(),
                    };
                    if let Some(p) = progress {
                        p.file_loaded();
                    }
                    (u, file, loaded, times, children)
                })
                .collect();
            let mut found_for: BTreeMap<usize, FoundChildren> = BTreeMap::new();
            for (u, file, result, times, children) in results {
                self.parse_cpu += times.parse;
                self.lower_cpu += times.lower;
                match result {
                    Ok(LoadedFile { digest, lines, lowered }) => {
                        let source = &mut self.files.files[file.0 as usize];
                        if source.digest == 0 {
                            source.digest = digest;
                            self.lines += lines;
                        } else if source.digest != digest {
                            // Loaded before, its items already handed to the
                            // index (a module of a target that a file no
                            // target reaches names too): it must not differ.
                            errors.push(changed_on_disk(source));
                            continue;
                        }
                        self.lowered.insert(file, (Arc::new(lowered.items), 0));
                        found_for.insert(u, children);
                    }
                    Err(e) => {
                        self.failed.insert(file);
                        errors.push(e);
                    }
                }
            }
            // The other units of the level (a file loaded before, or for
            // another unit): their `mod x;` files looked up in parallel too,
            // then units made in order (file ids stay fixed).
            let this = &*self;
            let found: Vec<FoundChildren> = level
                .par_iter()
                .map(|&u| match this.lowered.get(&this.units[u].file) {
                    Some(_) if found_for.contains_key(&u) => Vec::new(),
                    Some((items, _)) => {
                        mod_slots(items).iter().map(|slot| this.find_child(u, slot)).collect()
                    }
                    None => Vec::new(),
                })
                .collect();
            let found: Vec<FoundChildren> = level
                .iter()
                .zip(found)
                .map(|(u, children)| found_for.remove(u).unwrap_or(children))
                .collect();
            let mut next = Vec::new();
            for (u, children) in level.into_iter().zip(found) {
                if let Some((_, users)) = self.lowered.get_mut(&self.units[u].file) {
                    *users += 1;
                }
                let children: Vec<Option<usize>> = children
                    .into_iter()
                    .map(|child| match child {
                        Ok(child) => {
                            let unit = self.new_unit(child);
                            next.push(unit);
                            Some(unit)
                        }
                        Err(e) => {
                            errors.push(e);
                            None
                        }
                    })
                    .collect();
                self.units[u].children = children;
            }
            level = next;
        }
    }

    /// Find the file of `mod x;` in unit `parent`: its path, or the error
    /// to report at the declaration.
    fn find_child(&self, parent: usize, slot: &ModSlot) -> Result<ChildFile, InputError> {
        let unit = &self.units[parent];
        let inline: Vec<&str> = slot.inline_path.iter().map(|n| &**n).collect();
        let candidates = discover::module_file_candidates(
            &unit.path,
            unit.owns_dir,
            &inline,
            &slot.name,
            slot.path_attr.as_deref(),
        );
        let error = |message| InputError {
            file: self.files.get(unit.file).rel_path.clone(),
            line: slot.span.line,
            column: slot.span.column,
            message,
        };
        let found = self.scope.module_file(&slot.name, &candidates).map_err(error)?;
        // Compared after symbolic links are resolved, so that a link back up
        // the tree is a cycle too, not an ever longer path to the same file.
        let mut ancestors = unit.ancestors.clone();
        ancestors.push(unit.real.clone());
        if ancestors.contains(&found.real) {
            return Err(error(format!(
                "module `{}` includes `{}`, which is already one of its ancestors (module cycle)",
                slot.name,
                discover::relative_path(&self.root, &found.path)
            )));
        }
        let owns_dir = slot.path_attr.is_some() || found.path.file_name().is_some_and(|n| n == "mod.rs");
        Ok(ChildFile { path: found.path, real: found.real, owns_dir, ancestors })
    }

    /// The items of unit `u` with every loaded child module put in place.
    fn take_items(&mut self, u: usize) -> Vec<Item> {
        let file = self.units[u].file;
        let mut items = match self.lowered.get_mut(&file) {
            Some((shared, users)) if *users > 1 => {
                *users -= 1;
                shared.as_ref().clone()
            }
            Some(_) => match self.lowered.remove(&file) {
                Some((shared, _)) => Arc::try_unwrap(shared).unwrap_or_else(|shared| shared.as_ref().clone()),
                None => Vec::new(),
            },
            None => Vec::new(),
        };
        let children = std::mem::take(&mut self.units[u].children);
        let mut loaded = Vec::with_capacity(children.len());
        for child in children {
            loaded.push(child.map(|c| (self.units[c].file, self.take_items(c))));
        }
        let mut loaded = loaded.into_iter();
        fill_slots(&mut items, &mut loaded);
        items
    }
}

/// What loading keeps of a file (its text is read again where needed),
/// or why it could not be had.
type Loaded = Result<LoadedFile, InputError>;

struct LoadedFile {
    /// FxHash of the text (see [`SourceFile::digest`]).
    digest: u64,
    lines: usize,
    lowered: LoweredFile,
}

/// Thread time of one file's parsing and lowering.
#[derive(Default)]
struct LoadTimes {
    parse: Duration,
    lower: Duration,
}

/// Read, parse and lower one file. A panic in parsing or lowering (a bug)
/// becomes an error for this file, never a silent pass.
fn load_file(file: FileId, path: &Path, rel: &str) -> (Loaded, LoadTimes) {
    let mut times = LoadTimes::default();
    let text = match parse::read_source(path, rel) {
        Ok(text) => text,
        Err(e) => return (Err(e), times),
    };
    // A file that writes a marker almost always holds bodies the analysis
    // needs: lowering them now spares parsing it twice.
    let marked = text.contains("security_only") || text.contains("advertising_sink");
    let lowered = parse_and_lower(&text, rel, &mut times, |ast| match marked {
        true => lower::lower_file(file, ast),
        false => lower::lower_signatures(file, ast, &text),
    });
    let loaded = lowered.map(|lowered| LoadedFile {
        digest: crate::ir::fx_hash(0, text.as_bytes()),
        lines: line_count(&text),
        lowered,
    });
    (loaded, times)
}

/// Parse `text` and `lower` its tree, timing both. The tree is never
/// dropped: it is parsed into a heap of trees, freed in one step once it
/// holds the trees of [`TREE_BATCH_BYTES`] of source (`heap::TreeHeap`;
/// see [`free_tree_heaps`]). A panic in parsing or lowering (a bug)
/// becomes an error for this file, never a silent pass.
fn parse_and_lower<T>(
    text: &str,
    rel: &str,
    times: &mut LoadTimes,
    lower: impl FnOnce(&syn::File) -> T,
) -> Result<T, InputError> {
    let (trees, held) = TREE_BATCH.with(RefCell::take).unwrap_or_default();
    let mut finished = false;
    let result = guarded(rel, "analysing this file", || {
        let started = Instant::now();
        let ast = parse::parse_source_in(&trees, text, rel);
        times.parse = started.elapsed();
        let started = Instant::now();
        let lowered = ast.map(|ast| {
            let lowered = lower(&ast);
            match trees.holds_trees() {
                true => std::mem::forget(ast),
                false => drop(ast),
            }
            lowered
        });
        times.lower = started.elapsed();
        finished = true;
        lowered
    });
    // The span table's entry for `text` was made in `trees`.
    forget_spans();
    if finished && trees.holds_trees() {
        let held = held + text.len();
        if held < TREE_BATCH_BYTES {
            TREE_BATCH.with(|batch| batch.replace(Some((trees, held))));
        } else {
            // SAFETY: see `free_tree_heaps`.
            unsafe { trees.free_all() };
        }
    }
    // After a panic, dropping `trees` keeps whatever is in it alive.
    result
}

thread_local! {
    /// The heap this thread parses its next file into, and how many bytes
    /// of source it holds the (forgotten) trees of. Every tree in it was
    /// forgotten after lowering, so it may be freed at any point between
    /// two files: see [`free_tree_heaps`].
    static TREE_BATCH: RefCell<Option<(crate::heap::TreeHeap, usize)>> = const { RefCell::new(None) };
}

/// How much source a thread parses into one heap before freeing it. A new
/// mimalloc heap starts with no pages and makes a zeroed page table per
/// arena it takes pages from: one heap per file cost 4.2 % of the
/// instructions of a run (10 crates of the corpus). This bounds the trees
/// kept alive: a few MB a thread.
const TREE_BATCH_BYTES: usize = 256 * 1024;

/// Free every worker's heap of trees (after the files of a stage are
/// loaded), so that nothing holds trees while the analysis runs.
fn free_tree_heaps() {
    rayon::broadcast(|_| {
        if let Some((trees, _)) = TREE_BATCH.with(RefCell::take) {
            // SAFETY: every tree parsed into a heap kept in `TREE_BATCH` was
            // forgotten, not dropped, and lowering only borrowed it: the IR
            // holds no `syn` or `proc-macro2` value, so nothing made in the
            // heap outlives this. `parse_source_in` keeps the thread's span
            // table out of the heap, and its entry for each file is gone
            // (`forget_spans`); a block made outside never moves into it
            // (see `heap::Allocator::realloc`). A heap whose parse panicked
            // is never kept.
            unsafe { trees.free_all() };
        }
    });
}

/// The last-resort guard: run `work`, turning a panic (always a bug) into
/// an error about `file`, so that the run exits 2 instead of crashing or,
/// worse, passing. The panic message is kept for the bug report.
fn guarded<T>(
    file: &str,
    doing: &str,
    work: impl FnOnce() -> Result<T, InputError>,
) -> Result<T, InputError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)).unwrap_or_else(|payload| {
        let detail = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(InputError {
            file: file.to_string(),
            line: 0,
            column: 0,
            message: format!(
                "internal error while {doing}: {detail} (a bug in cargo-purpose; please report it)"
            ),
        })
    })
}

/// What an error about the workspace as a whole names: its root manifest
/// when there is one, else the scanned directory.
fn workspace_name(root: &Path) -> String {
    if root.join("Cargo.toml").is_file() {
        "Cargo.toml".to_string()
    } else {
        ".".to_string()
    }
}

/// Every `mod x;` in `items`, in pre-order, with the inline modules around it.
fn mod_slots(items: &[Item]) -> Vec<ModSlot> {
    fn walk(items: &[Item], inline: &mut Vec<Name>, out: &mut Vec<ModSlot>) {
        for item in items {
            if let ItemKind::Mod(m) = &item.kind {
                match &m.body {
                    ModBody::Inline(inner) => {
                        inline.push(m.name);
                        walk(inner, inline, out);
                        inline.pop();
                    }
                    ModBody::OutOfLine { path_attr, .. } => out.push(ModSlot {
                        name: m.name,
                        // `include!` paths are relative to the file.
                        inline_path: if m.transparent { Vec::new() } else { inline.clone() },
                        path_attr: path_attr.clone(),
                        span: item.span,
                    }),
                }
            }
        }
    }
    let mut out = Vec::new();
    walk(items, &mut Vec::new(), &mut out);
    out
}

/// Put loaded child modules into the `mod x;` slots, in the same pre-order
/// as [`mod_slots`].
fn fill_slots(items: &mut [Item], loaded: &mut impl Iterator<Item = Option<(FileId, Vec<Item>)>>) {
    for item in items {
        if let ItemKind::Mod(m) = &mut item.kind {
            match &mut m.body {
                ModBody::Inline(inner) => fill_slots(inner, loaded),
                ModBody::OutOfLine { loaded: slot, .. } => *slot = loaded.next().flatten(),
            }
        }
    }
}

/// A fn body lowered again, with the span and name that identify its fn.
type LoweredBody = (Span, Name, Body);

/// What re-reading the needed bodies produced.
struct Relowered {
    errors: Vec<InputError>,
    parse_cpu: Duration,
    lower_cpu: Duration,
}

/// Lower the bodies the analysis needs (the first pass deferred every
/// body): each file that holds one is parsed again and lowered whole, and
/// its bodies are matched to the index's fns by file, span and name, in
/// order (a file included by several crates, or a macro that defines
/// several fns at one invocation, gives several fns the same key).
fn lower_needed_bodies(index: &mut Index, needed: &[FnId], files: &SourceFiles) -> Relowered {
    let mut by_file: BTreeMap<FileId, Vec<FnId>> = BTreeMap::new();
    for &f in needed {
        if index.fn_data(f).def.deferred_body.is_some() {
            by_file.entry(index.fn_data(f).span.file).or_default().push(f);
        }
    }
    let results: Vec<(FileId, Result<Vec<LoweredBody>, InputError>, LoadTimes)> = by_file
        .keys()
        .copied()
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|file| {
            let source = files.get(file);
            let mut times = LoadTimes::default();
            let result = read_again(source).and_then(|text| {
                parse_and_lower(&text, &source.rel_path, &mut times, |ast| {
                    let mut bodies = Vec::new();
                    collect_bodies(lower::lower_file(file, ast).items, &mut bodies);
                    bodies
                })
            });
            (file, result, times)
        })
        .collect();
    free_tree_heaps();

    // Every deferred fn of those files, in id order, found in one pass.
    let mut deferred_in: BTreeMap<FileId, Vec<usize>> = BTreeMap::new();
    for (i, data) in index.fns.iter().enumerate() {
        if data.def.deferred_body.is_some() && by_file.contains_key(&data.span.file) {
            deferred_in.entry(data.span.file).or_default().push(i);
        }
    }
    let mut out = Relowered { errors: Vec::new(), parse_cpu: Duration::ZERO, lower_cpu: Duration::ZERO };
    for (file, result, times) in results {
        out.parse_cpu += times.parse;
        out.lower_cpu += times.lower;
        let bodies = match result {
            Ok(bodies) => bodies,
            Err(e) => {
                out.errors.push(e);
                continue;
            }
        };
        let mut lowered: BTreeMap<(Span, Name), Vec<Body>> = BTreeMap::new();
        for (span, name, body) in bodies {
            lowered.entry((span, name)).or_default().push(body);
        }
        // Every fn of the file with that key, in id order: crates that
        // include the file repeat the same sequence.
        let mut seen: BTreeMap<(Span, Name), usize> = BTreeMap::new();
        let wanted: std::collections::BTreeSet<FnId> =
            by_file.get(&file).into_iter().flatten().copied().collect();
        for &i in deferred_in.get(&file).into_iter().flatten() {
            let data = &index.fns[i];
            let key = (data.span, data.def.name);
            let position = seen.entry(key).or_default();
            let nth = *position;
            *position += 1;
            if !wanted.contains(&FnId(i as u32)) {
                continue;
            }
            let body = lowered.get(&key).filter(|b| !b.is_empty()).map(|b| b[nth % b.len()].clone());
            match body {
                Some(body) => {
                    let def = &mut index.fns[i].def;
                    def.body = Some(Box::new(body));
                    def.deferred_body = None;
                }
                None => out.errors.push(InputError {
                    file: files.get(file).rel_path.clone(),
                    line: data.span.line,
                    column: data.span.column,
                    message: format!(
                        "internal error: the body of `{}` could not be read again; flows through it are not followed (a bug in cargo-purpose; please report it)",
                        data.display
                    ),
                }),
            }
        }
    }
    out
}

/// Every fn with a body in `items`, with its span and name, in the order
/// the index numbers them.
fn collect_bodies(items: Vec<Item>, out: &mut Vec<LoweredBody>) {
    for item in items {
        match item.kind {
            ItemKind::Fn(def) => {
                if let Some(body) = def.body {
                    out.push((item.span, def.name, *body));
                }
            }
            ItemKind::Impl(imp) => collect_bodies(imp.methods, out),
            ItemKind::Trait(tr) => collect_bodies(tr.methods, out),
            ItemKind::Mod(m) => {
                if let ModBody::Inline(inner) = m.body {
                    collect_bodies(inner, out);
                }
            }
            _ => {}
        }
    }
}

/// Free what `proc-macro2` keeps per parsed text on this thread (a copy of
/// the text and its line table, for span locations): the syntax trees of
/// the file just lowered are gone, and nothing else holds a span.
fn forget_spans() {
    proc_macro2::extra::invalidate_current_thread_spans();
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Texts set aside after loading are read again only if unchanged: a
    /// report must not show (nor a body be analysed from) other code than
    /// the code the run analysed.
    #[test]
    fn a_text_read_again_must_be_the_text_analysed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("lib.rs");
        std::fs::write(&path, "fn a() {}\n").unwrap();
        let file = SourceFile {
            rel_path: "lib.rs".to_string(),
            abs_path: path.clone(),
            text: Arc::from(""),
            digest: crate::ir::fx_hash(0, b"fn a() {}\n"),
        };
        assert_eq!(read_again(&file).as_deref().ok(), Some("fn a() {}\n"));
        let mut files = SourceFiles::default();
        let id = files.add(file);
        assert!(restore_texts(&mut files, &BTreeSet::from([id])).is_empty());
        assert_eq!(&*files.get(id).text, "fn a() {}\n");

        std::fs::write(&path, "fn b() {}\n").unwrap();
        let changed = restore_texts(&mut files, &BTreeSet::from([id]));
        assert_eq!(changed.len(), 1);
        assert_eq!(changed[0].file, "lib.rs");
        assert!(changed[0].message.contains("changed on disk"), "{}", changed[0].message);
        std::fs::remove_file(&path).unwrap();
        assert_eq!(
            restore_texts(&mut files, &BTreeSet::from([id])).len(),
            1,
            "a vanished file is an error too"
        );
    }

    /// The guard around each file's parsing and lowering, and around the
    /// analysis: a panic becomes an error naming the file, which makes the
    /// run exit 2. (No input is known to panic: this is what one would do.)
    #[test]
    fn a_panic_becomes_an_error_for_its_file() {
        let result: Result<(), InputError> =
            guarded("src/odd.rs", "analysing this file", || panic!("index out of bounds"));
        let error = result.expect_err("the panic is caught");
        assert_eq!(error.file, "src/odd.rs");
        assert!(error.message.starts_with("internal error while analysing this file"), "{}", error.message);
        assert!(error.message.contains("index out of bounds"), "{}", error.message);
        let formatted: Result<(), InputError> = guarded("Cargo.toml", "indexing", || panic!("at {}", 3));
        assert!(formatted.expect_err("caught").message.contains("at 3"));
        assert_eq!(guarded("a.rs", "x", || Ok(7)), Ok(7));
    }

    #[test]
    fn line_count_agrees_with_lines() {
        for text in ["", "a", "a\n", "a\nb", "a\r\nb\r\n", "\n\n", "é\nü"] {
            assert_eq!(super::line_count(text), text.lines().count(), "{text:?}");
        }
    }
}
