//! Readable titles, in Albanian or English, of the layers the analyses save under generated
//! table names — shown in the app's layer list and dialogs and printed as legend headings
//! (the CLI and the app print the same words):
//! - `risk_zones_m07` → "Zonat e rrezikut (korrik)" / "Risk zones (July)";
//! - `gaps_day_centre_2000m_m07` → "Zonat pa shërbim: 2 km (korrik)";
//! - `sites_p3_2000m` → "Qendra të reja: 3 (2 km)", `…_catchments` → "Zonat e mbulimit të
//!   qendrave: 3 (2 km)";
//! - `field_routes`, `field_routes_stops` → "Itineraret e ekipeve", "Ndalesat e itinerareve";
//! - `indicator_cases` (a choropleth of municipality indicators) → "Treguesi: Raste".
//!
//! Any other name has no title here (`None`): the caller shows the table name.

use super::hotspot::{MONTH_NAMES_EN, MONTH_NAMES_SQ};

/// The table name of the routes layer (its stops: `field_routes_stops`).
pub const ROUTES_LAYER: &str = "field_routes";

/// The choropleth indicators: layer code, Albanian and English title.
pub const INDICATOR_LAYERS: [(&str, &str, &str); 5] = [
    ("cases", "Raste", "Cases"),
    (
        "share_day_centre",
        "Afër qendrës ditore (%)",
        "Near a day centre (%)",
    ),
    ("share_cpu", "Afër NjMF (%)", "Near a CPU (%)"),
    (
        "places_per_100",
        "Vende në qendra ditore për 100 raste",
        "Day-centre places per 100 cases",
    ),
    ("near_mines", "Afër minierave", "Near mines"),
];

/// The readable title of the layer `name` (see the module doc), `None` for other names.
pub fn title(name: &str, sq: bool) -> Option<String> {
    let pick = |a: &str, b: &str| if sq { a } else { b }.to_string();
    if name == ROUTES_LAYER {
        return Some(pick("Itineraret e ekipeve", "Field-team routes"));
    }
    if name.strip_prefix(ROUTES_LAYER) == Some("_stops") {
        return Some(pick("Ndalesat e itinerareve", "Route stops"));
    }
    risk_zones(name, sq)
        .or_else(|| gaps(name, sq))
        .or_else(|| sites(name, sq))
        .or_else(|| indicator(name, sq))
}

fn month(m: &str, sq: bool) -> Option<&'static str> {
    let m: usize = m.parse().ok().filter(|m| (1..=12).contains(m))?;
    Some(if sq { MONTH_NAMES_SQ } else { MONTH_NAMES_EN }[m - 1])
}

fn km(reach: &str) -> Option<f64> {
    Some(reach.strip_suffix('m')?.parse::<f64>().ok()? / 1000.0)
}

fn risk_zones(name: &str, sq: bool) -> Option<String> {
    let m = month(name.strip_prefix("risk_zones_m")?, sq)?;
    let t = if sq { "Zonat e rrezikut" } else { "Risk zones" };
    Some(format!("{t} ({m})"))
}

fn gaps(name: &str, sq: bool) -> Option<String> {
    let (head, m) = name.strip_prefix("gaps_")?.rsplit_once("_m")?;
    let m = month(m, sq)?;
    let km = km(head.rsplit_once('_')?.1)?;
    let t = if sq {
        "Zonat pa shërbim"
    } else {
        "Service gaps"
    };
    Some(format!("{t}: {km} km ({m})"))
}

fn sites(name: &str, sq: bool) -> Option<String> {
    let rest = name.strip_prefix("sites_p")?;
    let (rest, catchments) = match rest.strip_suffix("_catchments") {
        Some(r) => (r, true),
        None => (rest, false),
    };
    let (p, reach) = rest.split_once('_')?;
    let p: usize = p.parse().ok()?;
    let km = km(reach)?;
    let t = match (catchments, sq) {
        (false, true) => "Qendra të reja",
        (false, false) => "New centres",
        (true, true) => "Zonat e mbulimit të qendrave",
        (true, false) => "Catchments of the centres",
    };
    Some(format!("{t}: {p} ({km} km)"))
}

fn indicator(name: &str, sq: bool) -> Option<String> {
    let code = name.strip_prefix("indicator_")?;
    let (_, a, b) = INDICATOR_LAYERS.iter().find(|(c, _, _)| *c == code)?;
    let t = if sq { "Treguesi" } else { "Indicator" };
    Some(format!("{t}: {}", if sq { a } else { b }))
}

#[cfg(test)]
mod tests {
    use super::title;

    #[test]
    fn analysis_layers_have_titles_in_both_languages() {
        let sq = |n| title(n, true);
        let en = |n| title(n, false);
        assert_eq!(sq("risk_zones_m07").unwrap(), "Zonat e rrezikut (korrik)");
        assert_eq!(en("risk_zones_m12").unwrap(), "Risk zones (December)");
        assert_eq!(
            sq("gaps_day_centre_2000m_m07").unwrap(),
            "Zonat pa shërbim: 2 km (korrik)"
        );
        assert_eq!(
            en("gaps_day_centre,child_protection_unit_1500m_m01").unwrap(),
            "Service gaps: 1.5 km (January)"
        );
        assert_eq!(sq("sites_p3_2000m").unwrap(), "Qendra të reja: 3 (2 km)");
        assert_eq!(
            en("sites_p10_500m_catchments").unwrap(),
            "Catchments of the centres: 10 (0.5 km)"
        );
        assert_eq!(sq("field_routes_stops").unwrap(), "Ndalesat e itinerareve");
        assert_eq!(en("indicator_near_mines").unwrap(), "Indicator: Near mines");
    }

    #[test]
    fn other_names_have_none() {
        for n in [
            "risk_zones_m13",
            "risk_zones_m",
            "gaps_x_m07",
            "sites_px_2000m",
            "indicator_other",
            "candidates",
            "field_routes_x",
        ] {
            assert_eq!(title(n, true), None, "{n}");
        }
    }
}
