//! The desktop app (feature `gui`): a start screen, a menu bar, an outline of the model and a
//! canvas that paints its [`crate::scene`].
//!
//! Each panel is one file with one `ui` function; [`app::ArchApp`] composes them. File dialogs sit
//! behind [`dialogs::FileDialogs`] so tests drive the real app without opening a window.

pub mod actions;
pub mod app;
pub mod autosave;
pub mod background;
mod badges;
pub mod canvas;
pub mod chrome;
pub mod clipboard;
pub mod compare;
mod confirm;
pub mod conflicts;
mod contracts;
mod dates;
mod decisions;
pub mod describe;
pub mod dialogs;
pub mod document;
pub mod drawing;
pub mod edit;
pub mod errors;
pub mod export_dialog;
mod export_job;
mod export_settings;
pub mod file_watch;
pub mod find;
pub mod findings;
mod findings_list;
mod form;
mod glyphs;
pub mod import;
pub mod inspector;
mod inspector_multi;
pub mod loading;
pub mod look;
pub mod menu;
pub mod model_panels;
pub mod natural_order;
pub mod new_model;
pub mod outline;
mod paint;
pub mod palette;
pub mod path_complete;
pub mod path_prompt;
pub mod present;
pub mod recent;
mod releases;
pub mod review;
mod save_prompt;
pub mod selection_words;
mod shortcuts;
pub mod start;
mod tidy;
mod toolbar;
pub mod view;
pub mod window_place;
pub mod wording;

use std::path::PathBuf;

use eframe::egui;

pub use app::ArchApp;

/// Starts the desktop app, opening `file` if given; returns when the window closes.
pub fn run(file: Option<PathBuf>, compare: Option<String>) -> anyhow::Result<()> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("archmodel")
            .with_app_id("io.github.archmodel.archmodel")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([720.0, 480.0]),
        persist_window: true,
        ..Default::default()
    };
    eframe::run_native(
        "archmodel",
        options,
        Box::new(move |cc| {
            let dialogs = Box::new(dialogs::NativeDialogs::new(cc.egui_ctx.clone()));
            let mut app = ArchApp::new(cc, dialogs, file);
            if let Some(spec) = compare {
                app.compare_with(spec);
            }
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| anyhow::anyhow!("cannot start the desktop app: {e}"))
}
