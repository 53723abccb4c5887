//! Colours of a diagram: per node kind, per zone trust level, for links, text and selection.

use crate::model::NodeKind;

/// An sRGB colour with straight (not premultiplied) alpha, as SVG and egui take it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Color {
    /// Red.
    pub r: u8,
    /// Green.
    pub g: u8,
    /// Blue.
    pub b: u8,
    /// Opacity: 0 transparent, 255 opaque.
    pub a: u8,
}

impl Color {
    /// Fully transparent: "no fill" or "no stroke".
    pub const TRANSPARENT: Color = Color::rgba(0, 0, 0, 0);

    /// An opaque colour.
    pub const fn rgb(r: u8, g: u8, b: u8) -> Color {
        Color { r, g, b, a: 255 }
    }

    /// A colour with opacity.
    pub const fn rgba(r: u8, g: u8, b: u8, a: u8) -> Color {
        Color { r, g, b, a }
    }

    /// An opaque colour from `0xRRGGBB`.
    pub const fn hex(v: u32) -> Color {
        Color::rgb((v >> 16) as u8, (v >> 8) as u8, v as u8)
    }

    /// The same colour with another opacity.
    pub const fn with_alpha(self, a: u8) -> Color {
        Color { a, ..self }
    }

    /// Whether painting it would show nothing.
    pub const fn is_transparent(self) -> bool {
        self.a == 0
    }

    /// `#rrggbb` (opacity left out), for SVG and CSS.
    pub fn to_hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.r, self.g, self.b)
    }
}

/// Which of the light or dark palettes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum ThemeKind {
    /// Dark text on a light background: print, docs, bright rooms.
    #[default]
    Light,
    /// Light text on a dark background.
    Dark,
}

/// Colours of one node kind.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NodeStyle {
    /// Body fill.
    pub fill: Color,
    /// Body outline, also the icon colour.
    pub stroke: Color,
}

/// Colours of zones of one trust level.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ZoneStyle {
    /// Region fill (translucent, so nested zones deepen).
    pub fill: Color,
    /// Boundary line.
    pub stroke: Color,
    /// Zone name.
    pub label: Color,
}

/// Every colour a scene is painted with.
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    /// Light or dark.
    pub kind: ThemeKind,
    /// Canvas background.
    pub background: Color,
    /// Node names and other main text.
    pub text: Color,
    /// Secondary text: kinds, technologies, protocols.
    pub text_muted: Color,
    /// Background behind link labels, so they read over lines and zones.
    pub label_background: Color,
    /// Client, server, peer, gateway, store, CDN, external, actor (in [`NodeKind::all_defaults`] order).
    pub nodes: [NodeStyle; 8],
    /// Zones by trust level 0, 1, 2 and 3 or more.
    pub zones: [ZoneStyle; 4],
    /// Link lines and arrowheads.
    pub link: Color,
    /// Marker where an encrypted link crosses a trust boundary.
    pub crossing: Color,
    /// Marker where a plaintext link crosses a trust boundary.
    pub crossing_plaintext: Color,
    /// Outline of the selected element.
    pub selection: Color,
    /// Outline of the element under the pointer.
    pub hover: Color,
}

impl Theme {
    /// The theme of the given kind.
    pub fn of(kind: ThemeKind) -> Theme {
        match kind {
            ThemeKind::Light => Theme::light(),
            ThemeKind::Dark => Theme::dark(),
        }
    }

    /// Dark text on white, saturated outlines: reads well on paper and projectors.
    pub fn light() -> Theme {
        let node = |fill: u32, stroke: u32| NodeStyle {
            fill: Color::hex(fill),
            stroke: Color::hex(stroke),
        };
        let zone = |c: u32, label: u32| ZoneStyle {
            fill: Color::hex(c).with_alpha(20),
            stroke: Color::hex(c),
            label: Color::hex(label),
        };
        Theme {
            kind: ThemeKind::Light,
            background: Color::hex(0xfbfbfd),
            text: Color::hex(0x0f172a),
            text_muted: Color::hex(0x526075),
            label_background: Color::hex(0xffffff).with_alpha(235),
            nodes: [
                node(0xeff6ff, 0x2563eb),
                node(0xf5f3ff, 0x7c3aed),
                node(0xecfeff, 0x0e7490),
                node(0xfff7ed, 0xc2410c),
                node(0xecfdf5, 0x047857),
                node(0xfdf2f8, 0xbe185d),
                node(0xf8fafc, 0x64748b),
                node(0xffffff, 0x334155),
            ],
            zones: [
                zone(0xdc2626, 0x991b1b),
                zone(0xd97706, 0x92400e),
                zone(0x2563eb, 0x1e40af),
                zone(0x16a34a, 0x166534),
            ],
            link: Color::hex(0x475569),
            crossing: Color::hex(0xd97706),
            crossing_plaintext: Color::hex(0xdc2626),
            selection: Color::hex(0x2563eb),
            hover: Color::hex(0x60a5fa),
        }
    }

    /// Light text on slate, bright outlines.
    pub fn dark() -> Theme {
        let node = |fill: u32, stroke: u32| NodeStyle {
            fill: Color::hex(fill),
            stroke: Color::hex(stroke),
        };
        let zone = |c: u32, label: u32| ZoneStyle {
            fill: Color::hex(c).with_alpha(26),
            stroke: Color::hex(c),
            label: Color::hex(label),
        };
        Theme {
            kind: ThemeKind::Dark,
            background: Color::hex(0x111827),
            text: Color::hex(0xf1f5f9),
            text_muted: Color::hex(0xa3b1c6),
            label_background: Color::hex(0x111827).with_alpha(230),
            nodes: [
                node(0x172554, 0x60a5fa),
                node(0x2e1065, 0xa78bfa),
                node(0x083344, 0x22d3ee),
                node(0x431407, 0xfb923c),
                node(0x022c22, 0x34d399),
                node(0x500724, 0xf472b6),
                node(0x1e293b, 0x94a3b8),
                node(0x1e293b, 0xcbd5e1),
            ],
            zones: [
                zone(0xf87171, 0xfca5a5),
                zone(0xfbbf24, 0xfcd34d),
                zone(0x60a5fa, 0x93c5fd),
                zone(0x4ade80, 0x86efac),
            ],
            link: Color::hex(0x94a3b8),
            crossing: Color::hex(0xfbbf24),
            crossing_plaintext: Color::hex(0xf87171),
            selection: Color::hex(0x38bdf8),
            hover: Color::hex(0x7dd3fc),
        }
    }

    /// The colours of a node kind.
    pub fn node(&self, kind: &NodeKind) -> NodeStyle {
        let i = match kind {
            NodeKind::Client { .. } => 0,
            NodeKind::Server { .. } => 1,
            NodeKind::Peer { .. } => 2,
            NodeKind::Gateway { .. } => 3,
            NodeKind::Store { .. } => 4,
            NodeKind::Cdn => 5,
            NodeKind::External => 6,
            NodeKind::Actor => 7,
        };
        self.nodes[i]
    }

    /// The colours of a zone with this trust level.
    pub fn zone(&self, trust: u8) -> ZoneStyle {
        self.zones[usize::from(trust.min(3))]
    }
}

impl Default for Theme {
    fn default() -> Self {
        Theme::light()
    }
}
