//! Pure helpers of the indicators window (no UI): the table's columns and their sort order,
//! the cell texts, and the choropleth layer built from the indicators.
//!
//! Sorting: a header click sorts by that column, numbers descending first (the largest
//! municipality on top), names ascending (accent-folded: "Ç" sorts with "C"); a second click
//! reverses. Rows without a value ("-": no cases) go last either way; ties keep name order.
//! O(r log r) for r rows (62).
//!
//! The choropleth layer (`indicator_<code>`, kind Other) holds one polygon per municipality
//! with fields `lau_code`, `municipality` and `value` (shares in percent), styled as five
//! quantile classes of `value`; municipalities without a value get the "no value" class.

use std::cmp::Ordering;

use geo::MultiPolygon;

use super::i18n::{Language, T};
use super::layers_panel::format_count;
use crate::analysis::indicators::AreaIndicators;
use crate::model::style::ClassMethod;
use crate::model::{
    CaseStatus, Feature, FeatureLayer, FieldDef, FieldKind, GeometryType, LayerKind, LayerStyle,
    Value,
};
use crate::text::fold;

/// A column of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Name,
    Cases,
    Referred,
    Managed,
    Closed,
    ShareDayCentre,
    ShareCpu,
    MedianCpu,
    Places,
    NearMines,
    Trend,
}

impl Column {
    pub const ALL: [Column; 11] = [
        Column::Name,
        Column::Cases,
        Column::Referred,
        Column::Managed,
        Column::Closed,
        Column::ShareDayCentre,
        Column::ShareCpu,
        Column::MedianCpu,
        Column::Places,
        Column::NearMines,
        Column::Trend,
    ];

    pub fn title(self, lang: Language) -> &'static str {
        match self {
            Column::Name => T::IndMunicipality,
            Column::Cases => T::IndCases,
            Column::Referred => T::IndReferred,
            Column::Managed => T::IndManaged,
            Column::Closed => T::IndClosed,
            Column::ShareDayCentre => T::IndNearDayCentre,
            Column::ShareCpu => T::IndNearCpu,
            Column::MedianCpu => T::IndMedianCpu,
            Column::Places => T::IndPlaces,
            Column::NearMines => T::IndNearMines,
            Column::Trend => T::IndTrend,
        }
        .tr(lang)
    }

    /// The number a row is sorted by (`None`: no value; not used for names).
    pub fn number(self, r: &AreaIndicators) -> Option<f64> {
        match self {
            Column::Name => None,
            Column::Cases => Some(r.cases.into()),
            Column::Referred => Some(r.status(CaseStatus::Referred).into()),
            Column::Managed => Some(r.status(CaseStatus::Managed).into()),
            Column::Closed => Some(r.status(CaseStatus::Closed).into()),
            Column::ShareDayCentre => r.share_near_day_centre().map(|s| s * 100.0),
            Column::ShareCpu => r.share_near_cpu().map(|s| s * 100.0),
            Column::MedianCpu => r.median_cpu_m.map(|m| m / 1000.0),
            Column::Places => r.places_per_100_cases(),
            Column::NearMines => Some(r.near_mines.into()),
            Column::Trend => r.trend_per_year,
        }
    }

    /// The cell's text: counts with thin groups ("1 234"), shares in %, km and rates with one
    /// decimal, the trend with its sign; "-" when there is no value.
    pub fn cell(self, r: &AreaIndicators) -> String {
        let one = |v: Option<f64>| v.map_or("-".to_string(), |v| format!("{v:.1}"));
        match self {
            Column::Name => r.name.clone(),
            Column::Cases | Column::Referred | Column::Managed | Column::Closed => self
                .number(r)
                .map_or("-".into(), |v| format_count(v as usize)),
            Column::NearMines => format_count(r.near_mines as usize),
            Column::Trend => r.trend_per_year.map_or("-".into(), |v| format!("{v:+.1}")),
            _ => one(self.number(r)),
        }
    }
}

/// The next sort after a click on `clicked`'s header: a new column sorts numbers descending
/// and names ascending; the same column again reverses. `(column, descending)`.
pub fn next_sort(current: Option<(Column, bool)>, clicked: Column) -> (Column, bool) {
    match current {
        Some((c, desc)) if c == clicked => (c, !desc),
        _ => (clicked, clicked != Column::Name),
    }
}

/// The order of `rows` (indices) under `sort`; `None` keeps the given order.
pub fn sort_order(rows: &[AreaIndicators], sort: Option<(Column, bool)>) -> Vec<usize> {
    let mut order: Vec<usize> = (0..rows.len()).collect();
    let Some((column, descending)) = sort else {
        return order;
    };
    let names: Vec<String> = rows.iter().map(|r| fold(&r.name)).collect();
    order.sort_by(|&a, &b| {
        let by_name = names[a].cmp(&names[b]);
        if column == Column::Name {
            return if descending {
                by_name.reverse()
            } else {
                by_name
            };
        }
        let by_value = match (column.number(&rows[a]), column.number(&rows[b])) {
            (Some(x), Some(y)) if descending => y.total_cmp(&x),
            (Some(x), Some(y)) => x.total_cmp(&y),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        };
        by_value.then(by_name)
    });
    order
}

/// What the municipalities layer can be coloured by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choropleth {
    Cases,
    ShareDayCentre,
    ShareCpu,
    Places,
    NearMines,
}

impl Choropleth {
    pub const ALL: [Choropleth; 5] = [
        Choropleth::Cases,
        Choropleth::ShareDayCentre,
        Choropleth::ShareCpu,
        Choropleth::Places,
        Choropleth::NearMines,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Choropleth::Cases => "cases",
            Choropleth::ShareDayCentre => "share_day_centre",
            Choropleth::ShareCpu => "share_cpu",
            Choropleth::Places => "places_per_100",
            Choropleth::NearMines => "near_mines",
        }
    }

    fn column(self) -> Column {
        match self {
            Choropleth::Cases => Column::Cases,
            Choropleth::ShareDayCentre => Column::ShareDayCentre,
            Choropleth::ShareCpu => Column::ShareCpu,
            Choropleth::Places => Column::Places,
            Choropleth::NearMines => Column::NearMines,
        }
    }

    pub fn label(self, lang: Language) -> &'static str {
        self.column().title(lang)
    }

    /// The saved layer's table name.
    pub fn layer_name(self) -> String {
        format!("indicator_{}", self.code())
    }

    pub fn from_layer_name(name: &str) -> Option<Self> {
        let code = name.strip_prefix("indicator_")?;
        Self::ALL.into_iter().find(|c| c.code() == code)
    }
}

/// "Treguesi: Raste" for the layer `indicator_cases` ([`crate::model::layer_names`]).
pub fn layer_label(name: &str, lang: Language) -> Option<String> {
    Choropleth::from_layer_name(name)?;
    crate::model::layer_names::title(name, lang == Language::Sq)
}

/// The choropleth layer: each municipality of `areas` (LAU code, name, polygon) with the
/// value of `choice` from the row of the same LAU code (no value when it has none).
pub fn choropleth_layer(
    rows: &[AreaIndicators],
    areas: &[(String, String, MultiPolygon<f64>)],
    choice: Choropleth,
) -> (FeatureLayer, LayerStyle) {
    let fields = vec![
        FieldDef::new("lau_code", FieldKind::Text),
        FieldDef::new("municipality", FieldKind::Text),
        FieldDef::new("value", FieldKind::Real),
    ];
    let name = choice.layer_name();
    let mut layer = FeatureLayer::new(&name, LayerKind::Other, GeometryType::MultiPolygon, fields);
    for (lau, municipality, area) in areas {
        let value = rows
            .iter()
            .find(|r| !lau.is_empty() && r.lau_code == *lau)
            .and_then(|r| choice.column().number(r))
            .map_or(Value::Null, Value::Real);
        layer.features.push(Feature {
            fid: None,
            geometry_wgs84: Some(area.clone().into()),
            values: vec![
                Value::Text(lau.clone()),
                Value::Text(municipality.clone()),
                value,
            ],
        });
    }
    let style = LayerStyle::graduated(&layer, "value", 5, ClassMethod::Quantile);
    (layer, style)
}

#[cfg(test)]
#[path = "indicators_view_tests.rs"]
mod tests;
