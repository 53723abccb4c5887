//! The app's chrome around the canvas: which side panels are shown, the commands and shortcuts
//! that show or hide them, and the View menu items for them.
//!
//! A panel the user has not toggled follows the window: in a narrow window the outline starts
//! hidden and the inspector shows only while something is selected, so the canvas keeps room.

use eframe::egui;
use egui::{Button, Key, KeyboardShortcut, Modifiers, Ui};

use super::actions::Action;

/// Below this window width the side panels give the canvas room unless asked for.
pub const NARROW: f32 = 1100.0;

/// Ctrl+[ shows or hides the outline.
pub const TOGGLE_OUTLINE: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND, Key::OpenBracket);
/// Ctrl+] shows or hides the inspector.
pub const TOGGLE_INSPECTOR: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND, Key::CloseBracket);
/// Ctrl+J shows or hides the findings panel.
pub const TOGGLE_FINDINGS: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::J);
/// Ctrl+\ hides every panel around the canvas, or brings them back.
pub const TOGGLE_PANELS: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND, Key::Backslash);

/// A side panel that can be hidden.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SidePanel {
    /// The outline on the left.
    Outline,
    /// The inspector on the right.
    Inspector,
}

/// A change to what is shown around (or on) the canvas.
#[derive(Debug, Clone, PartialEq)]
pub enum ViewCommand {
    /// Show or hide a side panel.
    Toggle(SidePanel),
    /// Hide every panel, or bring back the ones hidden that way.
    TogglePanels,
    /// Enter presentation mode.
    Present,
    /// Dim everything outside this zone.
    FocusZone(String),
    /// Dim nothing any more.
    ClearFocus,
}

/// F11 enters presentation mode (and leaves it).
pub const PRESENT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::NONE, Key::F11);

/// What the user chose to show (`None` follows the window's width), and the presentation.
#[derive(Debug, Clone, Default)]
pub struct Chrome {
    outline: Option<bool>,
    inspector: Option<bool>,
    /// The panels as they were before Ctrl+\ hid them all.
    before_hiding: Option<(Option<bool>, Option<bool>)>,
    /// The walk being presented, while in presentation mode.
    pub presentation: Option<super::present::Presentation>,
}

/// What decides whether a panel is shown this frame.
#[derive(Debug, Clone, Copy)]
pub struct Window {
    /// The window's width in points.
    pub width: f32,
    /// Whether something is selected (a narrow window shows the inspector then).
    pub has_selection: bool,
}

impl Chrome {
    /// Whether the outline is shown.
    pub fn shows_outline(&self, window: Window) -> bool {
        self.outline.unwrap_or(window.width >= NARROW)
    }

    /// Whether the inspector is shown.
    pub fn shows_inspector(&self, window: Window) -> bool {
        self.inspector
            .unwrap_or(window.width >= NARROW || window.has_selection)
    }

    /// Carries out a command about the panels.
    pub fn apply(&mut self, command: &ViewCommand, window: Window) {
        match command {
            ViewCommand::Toggle(SidePanel::Outline) => {
                self.outline = Some(!self.shows_outline(window));
                self.before_hiding = None;
            }
            ViewCommand::Toggle(SidePanel::Inspector) => {
                self.inspector = Some(!self.shows_inspector(window));
                self.before_hiding = None;
            }
            // The app carries these out: they need the document and the canvas.
            ViewCommand::Present | ViewCommand::FocusZone(_) | ViewCommand::ClearFocus => {}
            ViewCommand::TogglePanels => match self.before_hiding.take() {
                Some((outline, inspector)) => {
                    self.outline = outline;
                    self.inspector = inspector;
                }
                None => {
                    self.before_hiding = Some((self.outline, self.inspector));
                    self.outline = Some(false);
                    self.inspector = Some(false);
                }
            },
        }
    }

    /// Whether Ctrl+\ hid the panels (so the findings panel stays hidden too).
    pub fn all_hidden(&self) -> bool {
        self.before_hiding.is_some()
    }
}

/// Reads this frame's panel, presentation and zone focus shortcuts; Escape clears a zone focus
/// before it clears the selection.
pub fn shortcuts(ctx: &egui::Context, focused: bool) -> Vec<Action> {
    let mut out = Vec::new();
    let typing = ctx.egui_wants_keyboard_input();
    ctx.input_mut(|i| {
        if i.consume_shortcut(&PRESENT) {
            out.push(Action::View(ViewCommand::Present));
        }
        if focused && !typing && i.consume_key(Modifiers::NONE, Key::Escape) {
            out.push(Action::View(ViewCommand::ClearFocus));
        }
        for (shortcut, action) in [
            (
                TOGGLE_OUTLINE,
                Action::View(ViewCommand::Toggle(SidePanel::Outline)),
            ),
            (
                TOGGLE_INSPECTOR,
                Action::View(ViewCommand::Toggle(SidePanel::Inspector)),
            ),
            (TOGGLE_PANELS, Action::View(ViewCommand::TogglePanels)),
            (
                TOGGLE_FINDINGS,
                Action::Review(super::review::ReviewView::Findings),
            ),
        ] {
            if i.consume_shortcut(&shortcut) {
                out.push(action);
            }
        }
    });
    out
}

/// What the View menu's chrome items need to know.
#[derive(Debug, Clone, Copy)]
pub struct MenuState<'a> {
    /// Whether a model is open.
    pub enabled: bool,
    /// Whether the outline and the inspector are shown.
    pub shown: (bool, bool),
    /// The selected zone, if the selection is one.
    pub selected_zone: Option<&'a str>,
    /// The zone in focus, if any.
    pub focused_zone: Option<&'a str>,
}

/// The View menu's items for presenting, zone focus and the panels (checked when shown).
pub fn menu_items(ui: &mut Ui, state: MenuState<'_>) -> Option<Action> {
    let (enabled, shown) = (state.enabled, state.shown);
    let mut chosen = None;
    let ctx = ui.ctx().clone();
    let key = |s| ctx.format_shortcut(s);
    if ui
        .add_enabled(enabled, Button::new("Present").shortcut_text(key(&PRESENT)))
        .on_hover_text("Full screen: step through zones, open findings and the checklist")
        .clicked()
    {
        chosen = Some(Action::View(ViewCommand::Present));
    }
    let focus = Button::new("Focus on Selected Zone");
    if let Some(zone) = state.selected_zone
        && state.focused_zone != Some(zone)
    {
        if ui.add_enabled(enabled, focus).clicked() {
            chosen = Some(Action::View(ViewCommand::FocusZone(zone.to_owned())));
        }
    } else if state.focused_zone.is_some() {
        if ui
            .add(Button::new("Clear Zone Focus").shortcut_text("Esc"))
            .clicked()
        {
            chosen = Some(Action::View(ViewCommand::ClearFocus));
        }
    } else {
        ui.add_enabled(false, focus)
            .on_disabled_hover_text("Select a trust zone to focus on it");
    }
    ui.separator();
    for (on, label, shortcut, command) in [
        (
            shown.0,
            "Outline",
            key(&TOGGLE_OUTLINE),
            ViewCommand::Toggle(SidePanel::Outline),
        ),
        (
            shown.1,
            "Inspector",
            key(&TOGGLE_INSPECTOR),
            ViewCommand::Toggle(SidePanel::Inspector),
        ),
    ] {
        let item = Button::selectable(on, label).shortcut_text(shortcut);
        if ui.add_enabled(enabled, item).clicked() {
            chosen = Some(Action::View(command));
        }
    }
    let hide = Button::new("Hide All Panels").shortcut_text(key(&TOGGLE_PANELS));
    if ui.add_enabled(enabled, hide).clicked() {
        chosen = Some(Action::View(ViewCommand::TogglePanels));
    }
    chosen
}

#[cfg(test)]
mod tests {
    use super::*;

    const WIDE: Window = Window {
        width: 1400.0,
        has_selection: false,
    };
    const NARROW_WINDOW: Window = Window {
        width: 900.0,
        has_selection: false,
    };

    #[test]
    fn a_narrow_window_keeps_the_panels_out_of_the_way() {
        let chrome = Chrome::default();
        assert!(chrome.shows_outline(WIDE) && chrome.shows_inspector(WIDE));
        assert!(!chrome.shows_outline(NARROW_WINDOW));
        assert!(!chrome.shows_inspector(NARROW_WINDOW));
        let selected = Window {
            has_selection: true,
            ..NARROW_WINDOW
        };
        assert!(chrome.shows_inspector(selected));
    }

    #[test]
    fn a_toggle_sticks_whatever_the_width() {
        let mut chrome = Chrome::default();
        chrome.apply(&ViewCommand::Toggle(SidePanel::Outline), NARROW_WINDOW);
        assert!(chrome.shows_outline(NARROW_WINDOW));
        chrome.apply(&ViewCommand::Toggle(SidePanel::Inspector), WIDE);
        assert!(!chrome.shows_inspector(WIDE));
    }

    #[test]
    fn hiding_all_panels_comes_back_to_what_was_shown() {
        let mut chrome = Chrome::default();
        chrome.apply(&ViewCommand::Toggle(SidePanel::Inspector), WIDE);
        chrome.apply(&ViewCommand::TogglePanels, WIDE);
        assert!(chrome.all_hidden());
        assert!(!chrome.shows_outline(WIDE) && !chrome.shows_inspector(WIDE));
        chrome.apply(&ViewCommand::TogglePanels, WIDE);
        assert!(chrome.shows_outline(WIDE) && !chrome.shows_inspector(WIDE));
    }
}
