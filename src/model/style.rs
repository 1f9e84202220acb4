//! Layer styles: how a layer's features are coloured and symbolised, shared by the map and
//! printed maps, and saved in the project (`ra_layers.style_json`) as JSON.
//!
//! A style is one [`StyleRule`]: a single symbol; *categorized* by the values of a field (each
//! value its colour and point symbol, from the colour-blind-safe Okabe–Ito palette; values not
//! listed fall in "other"); or *graduated* by a numeric field (class breaks by equal interval or
//! quantiles, colours from the colour-blind-safe viridis ramp). Each feature gets a *class*
//! index ([`LayerStyle::class_of`]); drawing and the legend look colours and symbols up by it.
//! Optionally a field whose text labels the features. Complexity: O(n log n) to build a
//! graduated or categorized style from n features, O(classes) per feature to classify.

use serde::{Deserialize, Serialize};

use super::{CaseKind, FeatureLayer, LayerKind, ServiceType, Value};

/// Colour as sRGB + alpha (unmultiplied), 0–255.
pub type Rgba = [u8; 4];

/// Okabe & Ito (2008), safe for the common colour-vision deficiencies; black left out.
pub const OKABE_ITO: [Rgba; 7] = [
    [230, 159, 0, 255],
    [86, 180, 233, 255],
    [0, 158, 115, 255],
    [240, 228, 66, 255],
    [0, 114, 178, 255],
    [213, 94, 0, 255],
    [204, 121, 167, 255],
];
/// The colour of "other" / unknown values.
pub const OTHER_GREY: Rgba = [90, 90, 90, 255];

/// Viridis at 0, 1/8, …, 1 (perceptually uniform, colour-blind safe, prints in grey).
const VIRIDIS: [Rgba; 9] = [
    [68, 1, 84, 255],
    [71, 44, 122, 255],
    [59, 81, 139, 255],
    [44, 113, 142, 255],
    [33, 144, 141, 255],
    [39, 173, 129, 255],
    [92, 200, 99, 255],
    [170, 220, 50, 255],
    [253, 231, 37, 255],
];

/// Point symbols (outline shapes the map and printed maps both draw).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Symbol {
    Circle,
    Square,
    Diamond,
    Triangle,
    InvertedTriangle,
    Cross,
    House,
    Star,
    Dot,
}

impl Symbol {
    pub const CYCLE: [Symbol; 7] = [
        Symbol::Circle,
        Symbol::Square,
        Symbol::Diamond,
        Symbol::Triangle,
        Symbol::InvertedTriangle,
        Symbol::Star,
        Symbol::Cross,
    ];
}

/// One value of a categorized style.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CategoryClass {
    /// The stored value (a category code for typed fields).
    pub value: String,
    pub colour: Rgba,
    pub symbol: Symbol,
}

/// How graduated classes are cut.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ClassMethod {
    EqualInterval,
    Quantile,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum StyleRule {
    Single {
        colour: Rgba,
        symbol: Symbol,
    },
    Categorized {
        field: String,
        classes: Vec<CategoryClass>,
    },
    Graduated {
        field: String,
        method: ClassMethod,
        /// Class upper bounds, ascending (n classes: n bounds; the last is the maximum).
        /// A value `v` is in the first class whose bound is ≥ v.
        bounds: Vec<f64>,
        /// Lower bound of the first class (for the legend).
        min: f64,
        colours: Vec<Rgba>,
    },
}

/// A layer's style.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LayerStyle {
    pub rule: StyleRule,
    /// Field whose text labels each feature on the map.
    #[serde(default)]
    pub label_field: Option<String>,
}

/// What a class looks like.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClassLook {
    pub colour: Rgba,
    pub symbol: Symbol,
}

impl LayerStyle {
    /// The default style of a layer: cases by kind and services by type (fixed colours and
    /// symbols, so every project looks the same), municipality names as labels, and a
    /// single colour for the rest.
    pub fn default_for(layer: &FeatureLayer) -> Self {
        let (rule, label_field) = match layer.kind {
            LayerKind::Cases => (cases_by_kind(), None),
            LayerKind::Services => (services_by_type(), None),
            kind => (
                StyleRule::Single {
                    colour: default_colour(kind),
                    symbol: Symbol::Circle,
                },
                None,
            ),
        };
        Self { rule, label_field }
    }

    /// Parses a saved style; `None` when the JSON is not a style this version understands.
    pub fn from_json(json: &str) -> Option<Self> {
        serde_json::from_str(json).ok()
    }

    pub fn to_json(&self) -> String {
        // A style has no maps with non-string keys: serialising cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Categorized by `field`: one class per distinct value (most frequent first, at most
    /// `max_classes`; the rest fall into "other").
    pub fn categorized(layer: &FeatureLayer, field: &str, max_classes: usize) -> Self {
        let mut counts: std::collections::HashMap<String, usize> = Default::default();
        if let Some(i) = layer.field_index(field) {
            for f in &layer.features {
                if let Some(t) = f.values.get(i).and_then(Value::non_empty_text) {
                    *counts.entry(t).or_default() += 1;
                }
            }
        }
        let mut values: Vec<(String, usize)> = counts.into_iter().collect();
        values.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let classes = values
            .into_iter()
            .take(max_classes)
            .enumerate()
            .map(|(i, (value, _))| CategoryClass {
                value,
                colour: OKABE_ITO[i % OKABE_ITO.len()],
                symbol: Symbol::CYCLE[i % Symbol::CYCLE.len()],
            })
            .collect();
        Self {
            rule: StyleRule::Categorized {
                field: field.to_string(),
                classes,
            },
            label_field: None,
        }
    }

    /// Graduated by numeric `field` into `n` classes (2–9).
    pub fn graduated(layer: &FeatureLayer, field: &str, n: usize, method: ClassMethod) -> Self {
        let n = n.clamp(2, 9);
        let mut values: Vec<f64> = match layer.field_index(field) {
            Some(i) => layer
                .features
                .iter()
                .filter_map(|f| f.values.get(i).and_then(Value::as_f64))
                .filter(|v| v.is_finite())
                .collect(),
            None => Vec::new(),
        };
        values.sort_by(f64::total_cmp);
        let (min, max) = match (values.first(), values.last()) {
            (Some(a), Some(b)) => (*a, *b),
            _ => (0.0, 0.0),
        };
        let mut bounds: Vec<f64> = (1..=n)
            .map(|k| match method {
                ClassMethod::EqualInterval => min + (max - min) * k as f64 / n as f64,
                ClassMethod::Quantile => {
                    let idx = ((values.len() * k).div_ceil(n)).saturating_sub(1);
                    values.get(idx).copied().unwrap_or(max)
                }
            })
            .collect();
        bounds.dedup();
        if let Some(last) = bounds.last_mut() {
            *last = max;
        }
        let colours = ramp(bounds.len());
        Self {
            rule: StyleRule::Graduated {
                field: field.to_string(),
                method,
                bounds,
                min,
                colours,
            },
            label_field: None,
        }
    }

    /// Number of classes, including the trailing "other / no value" class.
    pub fn class_count(&self) -> usize {
        match &self.rule {
            StyleRule::Single { .. } => 1,
            StyleRule::Categorized { classes, .. } => classes.len() + 1,
            StyleRule::Graduated { bounds, .. } => bounds.len() + 1,
        }
    }

    /// The field a rule reads (`None` for a single symbol).
    pub fn field(&self) -> Option<&str> {
        match &self.rule {
            StyleRule::Single { .. } => None,
            StyleRule::Categorized { field, .. } | StyleRule::Graduated { field, .. } => {
                Some(field)
            }
        }
    }

    /// The class of a value of the style's field (the last class for "other / no value").
    pub fn class_of(&self, value: &Value) -> usize {
        match &self.rule {
            StyleRule::Single { .. } => 0,
            StyleRule::Categorized { classes, .. } => {
                let text = value.non_empty_text();
                let text = text.as_deref().map(str::trim);
                classes
                    .iter()
                    .position(|c| Some(c.value.as_str()) == text)
                    .unwrap_or(classes.len())
            }
            StyleRule::Graduated { bounds, .. } => match value.as_f64() {
                Some(v) if v.is_finite() => {
                    bounds.iter().position(|b| v <= *b).unwrap_or(bounds.len())
                }
                _ => bounds.len(),
            },
        }
    }

    /// Colour and symbol of class `i`.
    pub fn look(&self, i: usize) -> ClassLook {
        match &self.rule {
            StyleRule::Single { colour, symbol } => ClassLook {
                colour: *colour,
                symbol: *symbol,
            },
            StyleRule::Categorized { classes, .. } => classes.get(i).map_or(
                ClassLook {
                    colour: OTHER_GREY,
                    symbol: Symbol::Dot,
                },
                |c| ClassLook {
                    colour: c.colour,
                    symbol: c.symbol,
                },
            ),
            StyleRule::Graduated { colours, .. } => ClassLook {
                colour: colours.get(i).copied().unwrap_or(OTHER_GREY),
                symbol: Symbol::Circle,
            },
        }
    }
}

/// `n` colours spread evenly along viridis.
pub fn ramp(n: usize) -> Vec<Rgba> {
    if n <= 1 {
        return vec![VIRIDIS[4]; n];
    }
    (0..n)
        .map(|i| {
            let t = i as f64 / (n - 1) as f64 * (VIRIDIS.len() - 1) as f64;
            let (a, b) = (
                t.floor() as usize,
                (t.ceil() as usize).min(VIRIDIS.len() - 1),
            );
            let f = t - t.floor();
            let mix = |x: u8, y: u8| (x as f64 + (y as f64 - x as f64) * f).round() as u8;
            let (ca, cb) = (VIRIDIS[a], VIRIDIS[b]);
            [mix(ca[0], cb[0]), mix(ca[1], cb[1]), mix(ca[2], cb[2]), 255]
        })
        .collect()
}

/// Cases by kind: the colours every Risk Atlas map uses for the forms of exploitation.
fn cases_by_kind() -> StyleRule {
    let colour = |k: CaseKind| match k {
        CaseKind::Begging => OKABE_ITO[5],
        CaseKind::Recycling => OKABE_ITO[2],
        CaseKind::ChromeCollection => OKABE_ITO[6],
        CaseKind::Agriculture => OKABE_ITO[3],
        CaseKind::InformalWork => OKABE_ITO[1],
        CaseKind::Other => OTHER_GREY,
    };
    StyleRule::Categorized {
        field: "kind".into(),
        classes: CaseKind::ALL
            .iter()
            .map(|k| CategoryClass {
                value: k.code().into(),
                colour: colour(*k),
                symbol: Symbol::Circle,
            })
            .collect(),
    }
}

/// Services by type: one colour, a symbol per type.
fn services_by_type() -> StyleRule {
    let symbol = |t: ServiceType| match t {
        ServiceType::DayCentre => Symbol::Square,
        ServiceType::ChildProtectionUnit => Symbol::Diamond,
        ServiceType::School => Symbol::Triangle,
        ServiceType::Kindergarten => Symbol::InvertedTriangle,
        ServiceType::HealthCentre => Symbol::Cross,
        ServiceType::EmergencyShelter => Symbol::House,
        ServiceType::CommunityCentre => Symbol::Circle,
        ServiceType::Police => Symbol::Star,
        ServiceType::Other => Symbol::Dot,
    };
    StyleRule::Categorized {
        field: "service_type".into(),
        classes: ServiceType::ALL
            .iter()
            .map(|t| CategoryClass {
                value: t.code().into(),
                colour: OKABE_ITO[4],
                symbol: symbol(*t),
            })
            .collect(),
    }
}

fn default_colour(kind: LayerKind) -> Rgba {
    match kind {
        LayerKind::Mines => [90, 60, 40, 255],
        LayerKind::Hotspots => [230, 159, 0, 255],
        LayerKind::Roads => [200, 120, 60, 255],
        LayerKind::Candidates => [20, 20, 20, 255],
        _ => [80, 80, 80, 255],
    }
}

#[cfg(test)]
#[path = "style_tests.rs"]
mod tests;
