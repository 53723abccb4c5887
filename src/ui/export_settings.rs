//! The Export window's choices: which formats, colours, PNG scale, decision-record template,
//! zone and folder, and the file names they produce. They are kept in eframe storage between
//! runs, so every field has a default and older stored settings still load.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::export::decisions::Template;
use crate::export::escape;
use crate::scene::ThemeKind;

/// One thing the dialog can export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Format {
    /// The diagram as SVG.
    Svg,
    /// The diagram as PNG.
    Png,
    /// The diagram as a Mermaid flowchart.
    Mermaid,
    /// The diagram as Graphviz DOT.
    Dot,
    /// The diagram as a PlantUML deployment diagram.
    PlantUml,
    /// The architecture ADR, its diagram and the decision records, in a folder.
    Adr,
    /// The rollout runbook (Markdown).
    Runbook,
}

impl Format {
    /// Every format, in the order the dialog lists (and writes) them.
    pub const ALL: [Format; 7] = [
        Format::Svg,
        Format::Png,
        Format::Mermaid,
        Format::Dot,
        Format::PlantUml,
        Format::Adr,
        Format::Runbook,
    ];

    /// The checkbox text.
    pub fn label(self) -> &'static str {
        match self {
            Format::Svg => "SVG",
            Format::Png => "PNG",
            Format::Mermaid => "Mermaid",
            Format::Dot => "DOT",
            Format::PlantUml => "PlantUML",
            Format::Adr => "ADR folder",
            Format::Runbook => "Runbook",
        }
    }

    /// The checkbox's hover text.
    pub(super) fn hint(self) -> &'static str {
        match self {
            Format::Svg => "The diagram as a vector image",
            Format::Png => "The diagram as a bitmap image",
            Format::Mermaid => "The diagram as a Mermaid flowchart (.mmd)",
            Format::Dot => "The diagram as Graphviz DOT",
            Format::PlantUml => "The diagram as a PlantUML deployment diagram (.puml)",
            Format::Adr => {
                "A folder with the architecture ADR, its diagram, every decision record and an \
                 index; exporting again replaces only the files archmodel wrote there"
            }
            Format::Runbook => "The rollout runbook as Markdown",
        }
    }

    /// The file (or, for the ADR, folder) name for a model whose file is `stem`.ron.
    pub fn target_name(self, stem: &str) -> String {
        match self {
            Format::Svg => format!("{stem}.svg"),
            Format::Png => format!("{stem}.png"),
            Format::Mermaid => format!("{stem}.mmd"),
            Format::Dot => format!("{stem}.dot"),
            Format::PlantUml => format!("{stem}.puml"),
            Format::Adr => format!("{stem}-adr"),
            Format::Runbook => format!("{stem}-runbook.md"),
        }
    }
}

/// Colours of the exported diagrams.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum ExportTheme {
    /// Dark text on a light background.
    #[default]
    Light,
    /// Light text on a dark background.
    Dark,
}

/// The PNG's pixels per model unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum PngScale {
    /// 1×.
    #[default]
    One,
    /// 2×, for high-density screens.
    Two,
    /// [`ExportSettings::custom_scale`].
    Custom,
}

/// The format of the decision records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum AdrTemplate {
    /// MADR 4.0.
    #[default]
    Madr,
    /// Michael Nygard's format.
    Nygard,
}

/// What to export and where: the dialog's choices, remembered between runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ExportSettings {
    /// The formats chosen.
    pub formats: Vec<Format>,
    /// Colours of the diagrams.
    pub theme: ExportTheme,
    /// PNG scale.
    pub png_scale: PngScale,
    /// The scale used when [`PngScale::Custom`] is chosen.
    pub custom_scale: f32,
    /// Template of the decision records.
    pub adr_template: AdrTemplate,
    /// Export only this trust zone and what it links to (the whole model when `None`).
    pub zone: Option<String>,
    /// The folder to export into.
    pub folder: Option<PathBuf>,
}

impl Default for ExportSettings {
    fn default() -> Self {
        ExportSettings {
            formats: vec![Format::Svg],
            theme: ExportTheme::Light,
            png_scale: PngScale::One,
            custom_scale: 3.0,
            adr_template: AdrTemplate::Madr,
            zone: None,
            folder: None,
        }
    }
}

/// Smallest and largest custom PNG scale the dialog offers.
pub(super) const SCALE_RANGE: std::ops::RangeInclusive<f32> = 0.25..=16.0;

impl ExportSettings {
    /// Whether `format` is chosen.
    pub fn has(&self, format: Format) -> bool {
        self.formats.contains(&format)
    }

    /// Chooses or drops `format`, keeping the formats in [`Format::ALL`] order.
    pub fn set(&mut self, format: Format, on: bool) {
        self.formats.retain(|f| *f != format);
        if on {
            self.formats.push(format);
        }
        self.formats
            .sort_by_key(|f| Format::ALL.iter().position(|a| a == f));
    }

    /// The PNG's pixels per model unit.
    pub fn scale(&self) -> f32 {
        match self.png_scale {
            PngScale::One => 1.0,
            PngScale::Two => 2.0,
            PngScale::Custom => self.custom_scale,
        }
    }

    /// Every output with its file (or folder) name, for a model file named `model_file`
    /// (`web-app.ron` gives `web-app.svg`, `web-app-adr`, …; a zone adds `-zone`).
    pub fn targets(&self, model_file: &str) -> Vec<(Format, String)> {
        let stem = Path::new(model_file)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .filter(|s| !s.is_empty() && !s.starts_with('.'))
            .unwrap_or_else(|| "model".into());
        let stem = match &self.zone {
            Some(zone) => format!("{stem}-{}", escape::slug(zone, "zone")),
            None => stem,
        };
        self.formats
            .iter()
            .map(|f| (*f, f.target_name(&stem)))
            .collect()
    }

    /// The scene theme the diagrams are drawn with.
    pub(super) fn theme_kind(&self) -> ThemeKind {
        match self.theme {
            ExportTheme::Light => ThemeKind::Light,
            ExportTheme::Dark => ThemeKind::Dark,
        }
    }

    /// The export template of the decision records.
    pub(super) fn template(&self) -> Template {
        match self.adr_template {
            AdrTemplate::Madr => Template::Madr,
            AdrTemplate::Nygard => Template::Nygard,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_come_from_the_model_file() {
        let mut s = ExportSettings::default();
        s.set(Format::Adr, true);
        s.set(Format::Mermaid, true);
        let names: Vec<String> = s.targets("web-app.ron").into_iter().map(|t| t.1).collect();
        assert_eq!(names, ["web-app.svg", "web-app.mmd", "web-app-adr"]);
        s.zone = Some("Core Zone".into());
        s.set(Format::Adr, false);
        s.set(Format::Svg, false);
        assert_eq!(s.targets("web-app.ron")[0].1, "web-app-core-zone.mmd");
    }

    #[test]
    fn settings_survive_storage() {
        let s = ExportSettings {
            formats: vec![Format::Png, Format::Runbook],
            theme: ExportTheme::Dark,
            png_scale: PngScale::Custom,
            custom_scale: 1.5,
            adr_template: AdrTemplate::Nygard,
            zone: Some("dmz".into()),
            folder: Some("/tmp/out".into()),
        };
        let text = ron::to_string(&s).expect("serialize");
        assert_eq!(ron::from_str::<ExportSettings>(&text).expect("parse"), s);
        // Settings stored by an older version, with fields missing, still load.
        let old: ExportSettings = ron::from_str("(theme: Dark)").expect("parse");
        assert_eq!(old.theme, ExportTheme::Dark);
        assert_eq!(old.formats, [Format::Svg]);
    }
}
