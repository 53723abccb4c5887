//! `export`: diagrams, ADRs and the runbook from a model file, several at once.
//!
//! Everything is rendered in memory, then every file is staged beside its target (written in full
//! and synced, see [`StagedSet`]) and only then are they all put in place together: an error at
//! any point before that leaves every target as it was.

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use super::print_line;
use super::{EXIT_OK, EXIT_USAGE};
use crate::diff::source::Source;
use crate::export::adr::{self, FolderOptions};
use crate::export::decisions::Template;
use crate::export::escape::terminal;
use crate::export::png;
use crate::export::svg::{self, SvgOptions};
use crate::export::{self, compat, dot, folder, mermaid, openapi, otm, plantuml, runbook};
use crate::io::{self, LoadError, StagedSet};
use crate::model::Model;
use crate::scene::{Theme, ThemeKind};

/// Exit status and help text of `export`.
pub const EXPORT_EXIT_CODES: &str = "Exit status: 0 every output was written; 2 any error (a \
model that does not load, a bad flag, a file in the way): then nothing is written. \
A PATH of `-` writes that output to standard output.";

/// Arguments of `archmodel export`.
#[derive(Debug, Clone, Args)]
pub struct ExportArgs {
    /// The model file to export.
    pub model: PathBuf,
    /// Write the diagram as SVG.
    #[arg(long, value_name = "PATH")]
    pub svg: Option<PathBuf>,
    /// Write the diagram as PNG (see --scale).
    #[arg(long, value_name = "PATH")]
    pub png: Option<PathBuf>,
    /// Write the diagram as a Mermaid flowchart.
    #[arg(long, value_name = "PATH")]
    pub mermaid: Option<PathBuf>,
    /// Write the diagram as Graphviz DOT.
    #[arg(long, value_name = "PATH")]
    pub dot: Option<PathBuf>,
    /// Write the diagram as a PlantUML deployment diagram.
    #[arg(long, value_name = "PATH")]
    pub plantuml: Option<PathBuf>,
    /// Write the architecture ADR, its SVG, every decision record and an index into this folder;
    /// exporting again replaces only the files archmodel wrote there.
    #[arg(long, value_name = "DIR")]
    pub adr: Option<PathBuf>,
    /// Write the rollout runbook (Markdown).
    #[arg(long, value_name = "PATH")]
    pub runbook: Option<PathBuf>,
    /// Write the model as Open Threat Model (OTM 0.2.0) JSON, findings as threats.
    #[arg(long, value_name = "PATH")]
    pub otm: Option<PathBuf>,
    /// Write an OpenAPI 3.1 skeleton per HTTP contract into this folder
    /// (`<contract-id>.openapi.json`); exporting again replaces only the files archmodel wrote.
    #[arg(long, value_name = "DIR")]
    pub openapi: Option<PathBuf>,
    /// Write the client-release × contract-version matrix with the test each cell implies as
    /// P.md (Markdown) and P.csv; a P of `-` writes the Markdown to standard output.
    #[arg(long, value_name = "P")]
    pub compat_matrix: Option<PathBuf>,
    /// Colours of the diagrams.
    #[arg(long, value_enum, default_value_t = ThemeArg::Light)]
    pub theme: ThemeArg,
    /// PNG pixels per model unit: 1, 2 or any number above 0.
    #[arg(long, default_value_t = 1.0, value_parser = parse_scale, value_name = "N")]
    pub scale: f32,
    /// Format of the decision records in --adr.
    #[arg(long, value_enum, default_value_t = AdrTemplate::Madr)]
    pub adr_template: AdrTemplate,
    /// Embed the diagram in the architecture ADR as inline Mermaid too.
    #[arg(long)]
    pub adr_mermaid: bool,
    /// Export only this trust zone (with the zones nested in it) and the nodes it links to.
    #[arg(long, value_name = "ID")]
    pub zone: Option<String>,
    /// Leave the model's name off the SVG and PNG.
    #[arg(long)]
    pub no_title: bool,
    /// Leave the legend off the SVG and PNG.
    #[arg(long)]
    pub no_legend: bool,
    /// Draw what changed since this version (a file, or `REV:PATH` in git) on the SVG and PNG:
    /// added elements outlined green, changed ones amber, removed ones ghosted red.
    #[arg(long, value_name = "OLD")]
    pub diff_against: Option<String>,
}

/// The `--theme` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ThemeArg {
    /// Dark text on a light background.
    Light,
    /// Light text on a dark background.
    Dark,
}

/// The `--adr-template` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AdrTemplate {
    /// MADR 4.0 with YAML front matter.
    Madr,
    /// Michael Nygard's format, as adr-tools writes it.
    Nygard,
}

fn parse_scale(s: &str) -> Result<f32, String> {
    match s.trim().parse::<f32>() {
        Ok(v) if v.is_finite() && v > 0.0 => Ok(v),
        _ => Err(format!(
            "expected a number above 0, such as 1 or 2, not `{s}`"
        )),
    }
}

/// Where one output goes.
enum Target {
    File(PathBuf),
    Stdout,
}

/// One rendered output, waiting to be written.
struct Output {
    what: &'static str,
    target: Target,
    bytes: Vec<u8>,
}

/// Runs `export`; returns the exit status.
pub fn run(args: &ExportArgs, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    match export(args, out) {
        Ok(()) => EXIT_OK,
        Err(message) => {
            // One line per diagnostic, each already escaped where it holds file content.
            for line in message.split('\n') {
                print_line(err, format_args!("archmodel export: {line}"));
            }
            EXIT_USAGE
        }
    }
}

fn export(args: &ExportArgs, out: &mut dyn Write) -> Result<(), String> {
    let targets = single_file_targets(args);
    if targets.is_empty() && args.adr.is_none() && args.openapi.is_none() {
        return Err(
            "nothing to export: give at least one of --svg, --png, --mermaid, --dot, \
                    --plantuml, --adr, --runbook, --otm, --openapi or --compat-matrix"
                .into(),
        );
    }
    check_distinct(args, &targets)?;
    let model = load(&args.model)?;
    let model = match &args.zone {
        Some(zone) => export::subset(&model, zone).map_err(|e| e.to_string())?,
        None => model,
    };
    let older = match &args.diff_against {
        Some(spec) => Some(load_older(spec, args.zone.as_deref())?),
        None => None,
    };
    let outputs = render_all(args, (&model, older.as_ref()), &targets)?;
    let adr_plan = match &args.adr {
        Some(dir) => Some(plan_adr(args, &model, dir)?),
        None => None,
    };
    let openapi_plan = match &args.openapi {
        Some(dir) => {
            Some(folder::plan(dir, openapi::folder_files(&model)).map_err(|e| e.to_string())?)
        }
        None => None,
    };
    for o in &outputs {
        if let Target::File(path) = &o.target {
            check_file_target(path)?;
        }
    }
    for plan in adr_plan.iter().chain(&openapi_plan) {
        check_dir_target(plan.dir())?;
    }
    write_all(&outputs, adr_plan.iter().chain(&openapi_plan), out)
}

/// The single-file outputs asked for, by format name.
fn single_file_targets(args: &ExportArgs) -> Vec<(&'static str, PathBuf)> {
    let compat = args.compat_matrix.as_deref().map(|p| {
        if p == Path::new("-") {
            (p.to_owned(), None)
        } else {
            (p.with_extension("md"), Some(p.with_extension("csv")))
        }
    });
    let (compat_md, compat_csv) = match compat {
        Some((md, csv)) => (Some(md), csv),
        None => (None, None),
    };
    [
        ("svg", &args.svg),
        ("png", &args.png),
        ("mermaid", &args.mermaid),
        ("dot", &args.dot),
        ("plantuml", &args.plantuml),
        ("runbook", &args.runbook),
        ("otm", &args.otm),
        ("compatibility matrix", &compat_md),
        ("compatibility matrix CSV", &compat_csv),
    ]
    .into_iter()
    .filter_map(|(what, p)| p.clone().map(|p| (what, p)))
    .collect()
}

/// Two outputs to the same file (or two to standard output) would overwrite each other.
fn check_distinct(args: &ExportArgs, targets: &[(&'static str, PathBuf)]) -> Result<(), String> {
    let mut seen: HashSet<PathBuf> = HashSet::new();
    let mut stdout = 0;
    for (what, path) in targets {
        if path == Path::new("-") {
            stdout += 1;
            if stdout > 1 {
                return Err("only one output can go to standard output (`-`)".into());
            }
            continue;
        }
        if !seen.insert(normalize(path)) {
            return Err(format!(
                "{} is given for two outputs (the second is --{what})",
                path.display()
            ));
        }
    }
    for (flag, dir) in [("--adr", &args.adr), ("--openapi", &args.openapi)] {
        let Some(dir) = dir else { continue };
        let dir = normalize(dir);
        if let Some((what, path)) = targets.iter().find(|(_, p)| normalize(p) == dir) {
            return Err(format!("--{what} {} is the {flag} folder", path.display()));
        }
    }
    if let (Some(a), Some(o)) = (&args.adr, &args.openapi)
        && normalize(a) == normalize(o)
    {
        return Err("--adr and --openapi need different folders".into());
    }
    Ok(())
}

/// The path made absolute (without touching the file system), for comparing targets.
fn normalize(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_owned())
}

fn load(path: &Path) -> Result<Model, String> {
    io::load(path).map_err(|e| match &e {
        LoadError::Read(source) => format!("{}: cannot read: {source}", path.display()),
        LoadError::TooLarge { .. } => format!("{}: {e}", path.display()),
        _ => e
            .diagnostics()
            .iter()
            .map(|d| terminal(&format!("{}:{d}", path.display())).into_owned())
            .collect::<Vec<_>>()
            .join("\n"),
    })
}

/// The version `--diff-against` names, cut to the same zone when it has that zone.
fn load_older(spec: &str, zone: Option<&str>) -> Result<Model, String> {
    let source = Source::parse(spec).map_err(|e| format!("--diff-against: {e}"))?;
    let (_, model) = source.load().map_err(|e| format!("--diff-against: {e}"))?;
    match zone {
        Some(z) if model.zone(z).is_some() => export::subset(&model, z).map_err(|e| e.to_string()),
        _ => Ok(model),
    }
}

fn render_all(
    args: &ExportArgs,
    (model, older): (&Model, Option<&Model>),
    targets: &[(&'static str, PathBuf)],
) -> Result<Vec<Output>, String> {
    let svg_options = svg_options(args);
    let svg_text = || match older {
        Some(old) => crate::diff::svg(old, model, &svg_options),
        None => svg::render(model, &svg_options),
    };
    let theme = Theme::of(svg_options.theme);
    let mut outputs = Vec::with_capacity(targets.len());
    for (what, path) in targets {
        let (what, path) = (*what, path.as_path());
        let bytes = match what {
            "svg" => svg_text().into_bytes(),
            "png" => png::rasterize(&svg_text(), args.scale)
                .map_err(|e| format!("{}: {e}", path.display()))?,
            "mermaid" => mermaid::render(model, &theme).into_bytes(),
            "dot" => dot::render(model, &theme).into_bytes(),
            "plantuml" => plantuml::render(model, &theme).into_bytes(),
            "otm" => otm::render(model).into_bytes(),
            "compatibility matrix" => compat::markdown(model).into_bytes(),
            "compatibility matrix CSV" => compat::csv(model).into_bytes(),
            _ => runbook::render(model).into_bytes(),
        };
        let target = if path == Path::new("-") {
            Target::Stdout
        } else {
            Target::File(path.to_owned())
        };
        outputs.push(Output {
            what,
            target,
            bytes,
        });
    }
    Ok(outputs)
}

fn svg_options(args: &ExportArgs) -> SvgOptions {
    SvgOptions {
        theme: match args.theme {
            ThemeArg::Light => ThemeKind::Light,
            ThemeArg::Dark => ThemeKind::Dark,
        },
        title: !args.no_title,
        legend: !args.no_legend,
    }
}

fn plan_adr(args: &ExportArgs, model: &Model, dir: &Path) -> Result<folder::Plan, String> {
    let options = FolderOptions {
        template: match args.adr_template {
            AdrTemplate::Madr => Template::Madr,
            AdrTemplate::Nygard => Template::Nygard,
        },
        svg: svg_options(args),
        mermaid: args.adr_mermaid,
    };
    folder::plan(dir, adr::folder_files(model, &options)).map_err(|e| e.to_string())
}

/// A file can be written at `path`: it is not a folder and its folder exists.
fn check_file_target(path: &Path) -> Result<(), String> {
    if path.is_dir() {
        return Err(format!(
            "{} is a folder, not a file (nothing was written)",
            path.display()
        ));
    }
    check_parent(path)
}

/// The ADR folder exists, or can be created in a folder that exists.
fn check_dir_target(dir: &Path) -> Result<(), String> {
    if dir.is_dir() {
        Ok(())
    } else {
        check_parent(dir)
    }
}

fn check_parent(path: &Path) -> Result<(), String> {
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if parent.is_dir() {
        Ok(())
    } else {
        Err(format!(
            "{}: the folder {} does not exist (nothing was written)",
            path.display(),
            parent.display()
        ))
    }
}

/// Stages every file output and every folder, commits them together, then writes standard
/// output: a failure anywhere before the commit leaves every target as it was.
fn write_all<'p>(
    outputs: &[Output],
    plans: impl Iterator<Item = &'p folder::Plan>,
    out: &mut dyn Write,
) -> Result<(), String> {
    let to_stdout = outputs.iter().any(|o| matches!(o.target, Target::Stdout));
    let mut set = StagedSet::new();
    let mut log = Vec::new();
    for o in outputs {
        if let Target::File(path) = &o.target {
            set.write(path, &o.bytes)
                .map_err(|e| format!("cannot write the {}: {e} (nothing was written)", o.what))?;
            log.push(format!("wrote {} ({})", path.display(), o.what));
        }
    }
    for plan in plans {
        plan.stage(&mut set)
            .map_err(|e| format!("{e} (nothing was written)"))?;
        let changed = plan.writes().count();
        log.push(format!(
            "wrote {} ({changed} files changed, {} removed)",
            plan.dir().display(),
            plan.removals().len()
        ));
    }
    set.commit()
        .map_err(|e| format!("cannot write {e} (the other outputs were put back)"))?;
    for o in outputs {
        if matches!(o.target, Target::Stdout) {
            out.write_all(&o.bytes)
                .map_err(|e| format!("cannot write the {} to standard output: {e}", o.what))?;
        }
    }
    if !to_stdout {
        for line in log {
            print_line(out, format_args!("{line}"));
        }
    }
    Ok(())
}
