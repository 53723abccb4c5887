//! The export itself, run on its own thread with a copy of the model: everything is rendered,
//! then staged beside its target, then put in place together, so a failure leaves every file
//! as it was.

use std::path::PathBuf;

use super::export_dialog::Outcome;
use super::export_settings::{ExportSettings, Format};
use crate::export::adr::{self, FolderOptions};
use crate::export::png::{self, PngOptions};
use crate::export::svg::{self, SvgOptions};
use crate::export::{self, dot, folder, mermaid, plantuml, runbook};
use crate::io::StagedSet;
use crate::model::Model;
use crate::scene::Theme;

/// What the export thread needs: its own copy of everything.
pub(super) struct Request {
    /// The model to export (the whole model; [`run`] cuts out the zone).
    pub(super) model: Model,
    /// The dialog's choices when the export started.
    pub(super) settings: ExportSettings,
    /// Every output with its file (or folder) name, from [`ExportSettings::targets`].
    pub(super) targets: Vec<(Format, String)>,
    /// The folder to export into.
    pub(super) folder: PathBuf,
}

/// One rendered single-file output.
struct Rendered {
    name: String,
    bytes: Vec<u8>,
}

/// Renders every output, checks every target, then writes; reports each step to `progress`.
pub(super) fn run(request: &Request, progress: impl Fn(usize, usize, &'static str)) -> Outcome {
    let Request {
        model,
        settings,
        targets,
        folder,
    } = request;
    if !folder.is_dir() {
        return Outcome::failed(format!("the folder {} does not exist", folder.display()));
    }
    let subset;
    let model = match &settings.zone {
        Some(zone) => match export::subset(model, zone) {
            Ok(m) => {
                subset = m;
                &subset
            }
            Err(e) => return Outcome::failed(e.to_string()),
        },
        None => model,
    };
    let svg_options = SvgOptions {
        theme: settings.theme_kind(),
        title: true,
        legend: true,
    };
    let theme = Theme::of(svg_options.theme);
    let total = targets.len();
    let mut files = Vec::new();
    let mut adr_plan = None;
    for (step, (format, name)) in targets.iter().enumerate() {
        progress(step, total, format.label());
        let bytes = match format {
            Format::Svg => svg::render(model, &svg_options).into_bytes(),
            Format::Png => {
                let options = PngOptions {
                    svg: svg_options,
                    scale: settings.scale(),
                };
                match png::render(model, &options) {
                    Ok(bytes) => bytes,
                    Err(e) => return Outcome::failed(format!("{name}: {e}")),
                }
            }
            Format::Mermaid => mermaid::render(model, &theme).into_bytes(),
            Format::Dot => dot::render(model, &theme).into_bytes(),
            Format::PlantUml => plantuml::render(model, &theme).into_bytes(),
            Format::Runbook => runbook::render(model).into_bytes(),
            Format::Adr => {
                let options = FolderOptions {
                    template: settings.template(),
                    svg: svg_options,
                    mermaid: false,
                };
                let dir = folder.join(name);
                match folder::plan(&dir, adr::folder_files(model, &options)) {
                    Ok(plan) => adr_plan = Some((name.clone(), plan)),
                    Err(e) => return Outcome::failed(e.to_string()),
                }
                continue;
            }
        };
        files.push(Rendered {
            name: name.clone(),
            bytes,
        });
    }
    for file in &files {
        let path = folder.join(&file.name);
        if path.is_dir() {
            return Outcome::failed(format!("{} is a folder, not a file", path.display()));
        }
    }
    progress(total, total, "files");
    // Staged first, committed together: a failure anywhere leaves every file as it was.
    let mut set = StagedSet::new();
    let mut written = Vec::new();
    for file in &files {
        let path = folder.join(&file.name);
        if let Err(e) = set.write(&path, &file.bytes) {
            return Outcome::failed(format!("cannot write {e} (nothing was written)"));
        }
        written.push(file.name.clone());
    }
    if let Some((name, plan)) = adr_plan {
        if let Err(e) = plan.stage(&mut set) {
            return Outcome::failed(format!("{e} (nothing was written)"));
        }
        let changed = plan.writes().count();
        written.push(format!(
            "{name}/ ({changed} {} changed, {} removed)",
            if changed == 1 { "file" } else { "files" },
            plan.removals().len()
        ));
    }
    if let Err(e) = set.commit() {
        return Outcome::failed(format!("cannot write {e} (nothing was written)"));
    }
    Outcome::Written {
        folder: folder.clone(),
        lines: written,
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::examples;

    fn web_app() -> Model {
        examples::example("web-app")
            .expect("web-app example")
            .model()
            .expect("example parses")
    }

    fn request(model: Model, settings: ExportSettings, folder: &Path) -> Request {
        Request {
            targets: settings.targets("web-app.ron"),
            model,
            settings,
            folder: folder.to_owned(),
        }
    }

    #[test]
    fn exports_every_format_and_reports_progress() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let mut s = ExportSettings::default();
        for f in Format::ALL {
            s.set(f, true);
        }
        let steps = std::cell::RefCell::new(Vec::new());
        let outcome = run(&request(web_app(), s, tmp.path()), |step, total, _| {
            steps.borrow_mut().push((step, total));
        });
        assert!(matches!(outcome, Outcome::Written { ref lines, .. } if lines.len() == 7));
        assert_eq!(steps.borrow().len(), 8);
        assert_eq!(steps.borrow().last(), Some(&(7, 7)));
        for name in [
            "web-app.svg",
            "web-app.png",
            "web-app.mmd",
            "web-app.dot",
            "web-app.puml",
            "web-app-runbook.md",
            "web-app-adr/architecture.md",
        ] {
            assert!(tmp.path().join(name).is_file(), "{name} is missing");
        }
    }

    #[test]
    fn a_foreign_file_in_the_adr_folder_stops_everything_before_writing() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let adr = tmp.path().join("web-app-adr");
        std::fs::create_dir(&adr).expect("mkdir");
        std::fs::write(adr.join("index.md"), "mine").expect("write");
        let mut s = ExportSettings::default();
        s.set(Format::Adr, true);
        let outcome = run(&request(web_app(), s, tmp.path()), |_, _, _| {});
        assert!(
            matches!(&outcome, Outcome::Failed { written, .. } if written.is_empty()),
            "{outcome:?}"
        );
        assert!(!tmp.path().join("web-app.svg").exists());
    }

    #[cfg(unix)]
    #[test]
    fn a_file_that_cannot_be_written_leaves_every_output_as_it_was() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().expect("tempdir");
        let svg = tmp.path().join("web-app.svg");
        let runbook = tmp.path().join("web-app-runbook.md");
        std::fs::write(&svg, "old").expect("write");
        std::fs::write(&runbook, "old").expect("write");
        std::fs::set_permissions(&runbook, std::fs::Permissions::from_mode(0o444)).expect("chmod");
        let mut s = ExportSettings::default();
        for f in [Format::Svg, Format::Runbook, Format::Adr] {
            s.set(f, true);
        }
        let outcome = run(&request(web_app(), s, tmp.path()), |_, _, _| {});
        assert!(
            matches!(&outcome, Outcome::Failed { message, written }
                if written.is_empty() && message.contains("read-only")),
            "{outcome:?}"
        );
        assert_eq!(std::fs::read_to_string(&svg).ok().as_deref(), Some("old"));
        assert!(!tmp.path().join("web-app-adr").exists());
    }

    #[test]
    fn a_missing_folder_is_refused() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let s = ExportSettings::default();
        let outcome = run(
            &request(web_app(), s, &tmp.path().join("nope")),
            |_, _, _| {},
        );
        assert!(matches!(outcome, Outcome::Failed { .. }));
    }
}
