//! One "risk zones" run, from a project's records to a storable layer: the composite risk
//! surface (`risk`), its classes (`classes`), the zone polygons (`zones`) and the zones layer
//! with counts below 5 suppressed (`risk_layer`), plus every parameter needed to reproduce it.
//! The CLI (`riskatlas risk`) and the app's analysis panel both call [`run_risk_zones`], so a
//! map made in the app can be reproduced from the command line.
//!
//! Inputs: records in WGS84 (cases, mine perimeters, hotspots, services, municipalities), a
//! [`RiskConfig`] and a [`ClassMethod`]. Complexity: that of the risk surface (dominated by
//! the case density and the service distance, O(cells + n·stamp)) plus O(cells) for classes
//! and zones.

use serde_json::json;

use super::classes::{ClassError, ClassMethod, classify};
use super::kde::GridSpec;
use super::risk::{RiskConfig, RiskError, RiskInputs, risk_surface};
use super::risk_layer::{ClassSummary, class_summaries, zones_layer, zones_layer_name};
use super::zones::{ZoneError, vectorise_zones};
use crate::crs::CrsError;
use crate::model::style::{CategoryClass, LayerStyle, Rgba, StyleRule, Symbol};
use crate::model::{Case, FeatureLayer, Hotspot, MinePerimeter, Municipality, Service};
use crate::progress::Progress;

/// A project's records the risk surface is computed from.
pub struct RiskRecords<'a> {
    pub cases: &'a [Case],
    pub mines: &'a [MinePerimeter],
    pub hotspots: &'a [Hotspot],
    pub services: &'a [Service],
    pub municipalities: &'a [Municipality],
}

/// The result of one run, ready to store and to report.
pub struct RiskZonesRun {
    pub layer: FeatureLayer,
    pub month: u32,
    pub grid: GridSpec,
    /// The class thresholds used (from the config or the quantiles).
    pub thresholds: [f64; 3],
    pub zones: usize,
    pub summaries: Vec<ClassSummary>,
    /// Everything needed to reproduce the run (config, class method, thresholds, grid).
    pub params: serde_json::Value,
}

#[derive(Debug, thiserror::Error)]
pub enum RiskRunError {
    #[error(transparent)]
    Risk(#[from] RiskError),
    #[error(transparent)]
    Classes(#[from] ClassError),
    #[error(transparent)]
    Zones(#[from] ZoneError),
    #[error(transparent)]
    Crs(#[from] CrsError),
}

/// Computes the risk zones of `records` for `config.month`.
pub fn run_risk_zones(
    records: &RiskRecords<'_>,
    config: &RiskConfig,
    method: ClassMethod,
    progress: &dyn Progress,
) -> Result<RiskZonesRun, RiskRunError> {
    config.validate()?;
    let inputs = RiskInputs::from_records(
        records.cases,
        records.mines,
        records.hotspots,
        records.services,
        records.municipalities,
    )?;
    let surface = risk_surface(&inputs, config, progress)?;
    let classes = classify(surface.grid, &surface.score, method)?;
    let zones = vectorise_zones(
        &classes,
        &surface.municipality,
        &inputs.cases_xy_m,
        progress,
    )?;
    let refs: Vec<_> = records
        .municipalities
        .iter()
        .map(Municipality::reference)
        .collect();
    let name = zones_layer_name(config.month);
    let layer = zones_layer(&name, config.month, &zones, &refs)?;
    let params = json!({
        "config": config,
        "classes": method,
        "thresholds": classes.thresholds,
        "grid": {
            "crs": "EPSG:6870",
            "xmin": surface.grid.xmin,
            "ymax": surface.grid.ymax,
            "pixel_m": surface.grid.pixel_m,
            "cols": surface.grid.cols,
            "rows": surface.grid.rows,
        },
        "density_reference": surface.density_reference,
    });
    Ok(RiskZonesRun {
        layer,
        month: config.month,
        grid: surface.grid,
        thresholds: classes.thresholds,
        zones: zones.len(),
        summaries: class_summaries(&zones),
        params,
    })
}

/// Colours of the classes low … very high (a yellow-to-dark-red ramp that stays readable for
/// colour-blind readers and in greyscale print: lightness falls with risk).
pub const ZONE_COLOURS: [Rgba; 4] = [
    [254, 217, 118, 255],
    [253, 141, 60, 255],
    [227, 26, 28, 255],
    [128, 0, 38, 255],
];

/// The style a zones layer gets when it is saved: categorized by `class_code`.
pub fn zones_style() -> LayerStyle {
    let classes = ["low", "medium", "high", "very_high"]
        .iter()
        .zip(ZONE_COLOURS)
        .map(|(code, colour)| CategoryClass {
            value: (*code).to_string(),
            colour,
            symbol: Symbol::Square,
        })
        .collect();
    LayerStyle {
        rule: StyleRule::Categorized {
            field: "class_code".into(),
            classes,
        },
        label_field: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Value;

    #[test]
    fn the_zones_style_colours_every_class_and_reads_back() {
        let style = zones_style();
        let json = style.to_json();
        assert_eq!(LayerStyle::from_json(&json), Some(style.clone()));
        let classes: Vec<usize> = ["low", "medium", "high", "very_high"]
            .iter()
            .map(|c| style.class_of(&Value::Text((*c).into())))
            .collect();
        assert_eq!(classes, vec![0, 1, 2, 3]);
    }
}
