//! Shared by the egui_kittest UI tests (`tests/ui_*.rs`): starting the real app in a harness,
//! keeping the tests of one binary off each other's recovery files, and driving the pointer and
//! keyboard the way a user would.

// Each test binary uses a different subset of these helpers.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, OnceLock};

use archmodel::examples;
use archmodel::io::{self, recovery::RecoveryStore};
use archmodel::model::Model;
use archmodel::scene::{ElementRef, Hit};
use archmodel::ui::ArchApp;
use archmodel::ui::dialogs::PresetDialogs;
use eframe::egui::{Event, Key, Modifiers, PointerButton, Pos2, Vec2, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

/// The real app running in a test harness.
pub type App = Harness<'static, ArchApp>;

/// A window with room for the outline, the canvas and the inspector side by side.
pub const WIDE_WINDOW: Vec2 = vec2(1400.0, 900.0);

/// The recovery folder of this test binary, a fresh temporary folder set as
/// `ARCHMODEL_RECOVERY_DIR` the first time it is asked for (before any app reads it).
pub fn recovery_dir() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        // SAFETY: set once, under `serial()`, before any app reads it.
        unsafe { std::env::set_var("ARCHMODEL_RECOVERY_DIR", dir.path()) };
        dir
    })
    .path()
}

/// Runs the tests of this binary one at a time and sets up [`recovery_dir`]: they share that
/// folder, so a crash left by one is not offered to another.
pub fn serial() -> MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    // A test that failed while holding the lock must not fail all the others too.
    let guard = LOCK.lock().unwrap_or_else(|e| e.into_inner());
    recovery_dir();
    guard
}

/// Starts the app in a window of `window` size, with `file` open, then waits for the file to be
/// read (see [`settle`]). `recovery` is where autosave writes (`None`: no autosave); pass
/// `RecoveryStore::default_location()` for the desktop app's choice, [`recovery_dir`] under
/// [`serial`].
pub fn launch(
    window: Vec2,
    dialogs: PresetDialogs,
    file: Option<PathBuf>,
    recovery: Option<RecoveryStore>,
) -> App {
    let mut harness = Harness::builder()
        .with_size(window)
        // Window fades and background work (review, file reads) that arrives late on a loaded
        // machine take more frames to settle than an idle one needs.
        .with_max_steps(120)
        .build_eframe(move |cc| ArchApp::with_recovery(cc, Box::new(dialogs), file, recovery));
    settle(&mut harness);
    harness
}

/// The app in a [`WIDE_WINDOW`], with `file` open, dialogs that answer nothing, and autosave in
/// this binary's [`recovery_dir`] (call [`serial`] first).
pub fn app(file: Option<PathBuf>) -> App {
    launch(
        WIDE_WINDOW,
        PresetDialogs::new(),
        file,
        RecoveryStore::default_location(),
    )
}

/// Runs frames until a file being opened or saved in the background is done and the UI is still.
pub fn settle(harness: &mut App) {
    for _ in 0..1000 {
        harness.step();
        if !harness.state().is_busy() {
            break;
        }
        // The file is read on another thread; give it time rather than spinning frames.
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    assert!(
        !harness.state().is_busy(),
        "the file dialog or the file read never finished"
    );
    harness.run();
}

/// The usual start of a test: run alone (see [`serial`]), with a copy of the bundled web-app
/// example in a temporary folder open in [`app`]. Bind all three for the whole test; the
/// pattern drops them in reverse, so the app goes before its folder and before the lock.
pub fn open_web_app() -> (MutexGuard<'static, ()>, tempfile::TempDir, App) {
    let guard = serial();
    let dir = tempfile::tempdir().expect("temp dir");
    let harness = app(Some(web_app(dir.path())));
    (guard, dir, harness)
}

/// A copy of the bundled web-app example in `dir`.
pub fn web_app(dir: &Path) -> PathBuf {
    let example = examples::example("web-app").expect("web-app example");
    let path = dir.join("web-app.ron");
    std::fs::write(&path, example.source).expect("write example");
    path
}

/// The open model.
pub fn model(harness: &App) -> &Model {
    harness.state().document().expect("a document").model()
}

/// The open model in its file format, to compare whole models before and after.
pub fn model_text(harness: &App) -> String {
    io::to_string(model(harness)).expect("serialises")
}

/// How many steps Undo can take back (0 with no document).
pub fn undo_depth(harness: &App) -> usize {
    harness
        .state()
        .document()
        .map_or(0, |d| d.history().undo_depth())
}

/// What Undo would take back, as the Edit menu names it.
pub fn undo_label(harness: &App) -> Option<String> {
    let doc = harness.state().document()?;
    doc.history().undo_label().map(str::to_owned)
}

/// Presses `key` with `modifiers` held and lets the app settle.
pub fn press(harness: &mut App, modifiers: Modifiers, key: Key) {
    harness.key_press_modifiers(modifiers, key);
    harness.run();
}

/// Clicks the widget labelled `label`, first scrolling it into view (panels and forms are long).
pub fn click_in_view(harness: &mut App, label: &str) {
    harness.get_by_label(label).scroll_to_me();
    harness.run();
    harness.get_by_label(label).click();
    harness.run();
}

/// One frame with the pointer at `pos`, pressing or releasing the primary button. One frame, not
/// `run()`: the harness moves its clock a quarter second a frame, and a press held that long is
/// no longer a click.
pub fn pointer(harness: &mut App, pos: Pos2, pressed: Option<bool>, modifiers: Modifiers) {
    harness.event(Event::PointerMoved(pos));
    if let Some(pressed) = pressed {
        harness.event(Event::PointerButton {
            pos,
            button: PointerButton::Primary,
            pressed,
            modifiers,
        });
    }
    harness.step();
}

/// Presses at `from`, moves in steps and releases at `to`.
pub fn drag(harness: &mut App, from: Pos2, to: Pos2, modifiers: Modifiers) {
    pointer(harness, from, None, modifiers);
    pointer(harness, from, Some(true), modifiers);
    for step in 1..=6 {
        pointer(
            harness,
            from + (to - from) * step as f32 / 6.0,
            None,
            modifiers,
        );
    }
    pointer(harness, to, Some(false), modifiers);
    harness.run();
}

/// Clicks at `at` with `modifiers` held (pressed before, released after, as on a keyboard).
pub fn click(harness: &mut App, at: Pos2, modifiers: Modifiers) {
    harness.event(Event::ModifiersChanged(modifiers));
    pointer(harness, at, None, modifiers);
    pointer(harness, at, Some(true), modifiers);
    pointer(harness, at, Some(false), modifiers);
    harness.event(Event::ModifiersChanged(Modifiers::NONE));
    harness.run();
}

/// A right click at `at`.
pub fn right_click(harness: &mut App, at: Pos2) {
    harness.event(Event::PointerMoved(at));
    harness.step();
    for pressed in [true, false] {
        harness.event(Event::PointerButton {
            pos: at,
            button: PointerButton::Secondary,
            pressed,
            modifiers: Modifiers::NONE,
        });
        harness.step();
    }
    harness.run();
}

/// Clicks the middle of an element on the canvas with `modifiers` held.
pub fn click_element(harness: &mut App, element: &ElementRef, modifiers: Modifiers) {
    let at = screen_pos_of(harness, element);
    click(harness, at, modifiers);
}

/// Where an element's box is on screen: its middle and its size.
pub fn screen_rect(harness: &App, element: &ElementRef) -> (Pos2, Vec2) {
    let canvas = harness.state().canvas();
    let item = canvas.scene().find(element).expect("element drawn");
    let area = match &item.hit {
        Hit::Area(a) => *a,
        Hit::Line { .. } => item.bounds,
    };
    let min = canvas.to_screen(area.min).expect("canvas shown");
    let max = canvas.to_screen(area.max).expect("canvas shown");
    (min + (max - min) / 2.0, max - min)
}

/// The middle of an element's box on screen.
pub fn screen_pos_of(harness: &App, element: &ElementRef) -> Pos2 {
    screen_rect(harness, element).0
}
