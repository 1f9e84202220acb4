//! Road attributes from OSM-style tags (`highway`, `oneway`, `junction`, `maxspeed`, `access`,
//! `foot`, `motor_vehicle`, `motorcar`, `vehicle`, `area`), shared by the `.osm.pbf` reader and
//! the road-line reader (whose columns are mapped to these keys).
//!
//! Rules:
//! - `highway` must be a routable [`RoadClass`]; `area=yes` (a pedestrian square drawn as a
//!   polygon) is not a line to route along.
//! - One-way: `oneway=yes/1/true` forward, `-1/reverse` backward (the geometry is reversed),
//!   `no/0/false` two-way; Geofabrik shapefile codes `F` (forward), `T` (backward), `B` (both);
//!   without a tag `junction=roundabout/circular` and motorways are one-way;
//!   `reversible/alternating` roads are closed to cars (their direction changes by the hour).
//! - `maxspeed`: `50`, `50 km/h`, `30 mph` (→ 48.3 km/h), the first of `50;70`; symbolic
//!   values (`AL:urban`, `none`, `signals`) are unknown.
//! - Access: `foot`, `motor_vehicle` and `motorcar` open or close a road to their mode;
//!   `access` and `vehicle` only close it (`no`, `private`, `agricultural`, `forestry`), since
//!   `access=yes` on a footway does not admit cars.
//!
//! O(number of tags) per road.

use super::profile::{RoadAttrs, RoadClass};

/// A road read from tags: its attributes and whether its geometry must be reversed
/// (`oneway=-1`) so that `attrs.oneway` means "in the direction of the geometry".
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TaggedRoad {
    pub attrs: RoadAttrs,
    pub reverse: bool,
}

/// Columns tried, in order, for the road class of road lines (OSM `highway`, Geofabrik
/// shapefiles' `fclass`, common others, Albanian `lloji`).
pub const CLASS_FIELDS: [&str; 6] = ["highway", "fclass", "type", "class", "road_type", "lloji"];
/// Columns read as OSM tags of the same name.
pub const TAG_FIELDS: [&str; 8] = [
    "oneway",
    "maxspeed",
    "junction",
    "access",
    "foot",
    "motor_vehicle",
    "motorcar",
    "vehicle",
];
/// The value of a `oneway` tag or column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnewayTag {
    No,
    Forward,
    Backward,
    Reversible,
}

pub fn parse_oneway(value: &str) -> Option<OnewayTag> {
    let v = value.trim();
    // Geofabrik shapefile codes are single capital letters; test them before folding case.
    match v {
        "F" => return Some(OnewayTag::Forward),
        "T" => return Some(OnewayTag::Backward),
        "B" => return Some(OnewayTag::No),
        _ => {}
    }
    match v.to_ascii_lowercase().as_str() {
        "yes" | "1" | "true" | "po" => Some(OnewayTag::Forward),
        "-1" | "reverse" => Some(OnewayTag::Backward),
        "no" | "0" | "false" | "jo" => Some(OnewayTag::No),
        "reversible" | "alternating" => Some(OnewayTag::Reversible),
        _ => None,
    }
}

/// A speed limit in km/h, `None` when the value gives no number.
pub fn parse_maxspeed(value: &str) -> Option<f64> {
    let first = value.split(';').next()?.trim().to_ascii_lowercase();
    let digits: String = first
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let n: f64 = digits.parse().ok()?;
    let rest = first[digits.len()..].trim();
    let kmh = if rest.starts_with("mph") {
        n * 1.609344
    } else if rest.is_empty() || rest.starts_with("km") {
        n
    } else {
        return None;
    };
    (kmh.is_finite() && kmh >= 1.0).then_some(kmh)
}

/// An access value: `Some(true)` admits, `Some(false)` forbids, `None` says nothing.
pub fn parse_access(value: &str) -> Option<bool> {
    match value.trim().to_ascii_lowercase().as_str() {
        "yes" | "designated" | "permissive" | "destination" | "delivery" | "customers"
        | "official" => Some(true),
        "no" | "private" | "agricultural" | "forestry" | "use_sidepath" | "discouraged" => {
            Some(false)
        }
        _ => None,
    }
}

/// Attributes of a road from its tags; `None` when it is not a routable road.
pub fn road_from_tags<'a>(
    tags: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Option<TaggedRoad> {
    let mut class = None;
    let (mut oneway, mut junction_loop, mut area) = (None, false, false);
    let mut maxspeed = None;
    let (mut foot, mut access) = (None, None);
    let (mut motor_specific, mut vehicle) = (None, None);
    for (k, v) in tags {
        match k {
            "highway" => class = RoadClass::parse(v),
            "oneway" => oneway = parse_oneway(v),
            "junction" => junction_loop = matches!(v, "roundabout" | "circular"),
            "area" => area = v == "yes",
            "maxspeed" => maxspeed = parse_maxspeed(v),
            "foot" => foot = parse_access(v),
            "access" => access = parse_access(v),
            "motor_vehicle" => motor_specific = parse_access(v).or(motor_specific),
            "motorcar" if motor_specific.is_none() => motor_specific = parse_access(v),
            "vehicle" => vehicle = parse_access(v),
            _ => {}
        }
    }
    let class = class?;
    if area {
        return None;
    }
    let closing = |v: Option<bool>| v.filter(|allowed| !allowed);
    let mut motor = motor_specific.or(closing(vehicle)).or(closing(access));
    let foot = foot.or(closing(access));
    let oneway = match oneway {
        Some(tag) => tag,
        None if junction_loop || class.implies_oneway() => OnewayTag::Forward,
        None => OnewayTag::No,
    };
    if oneway == OnewayTag::Reversible {
        motor = Some(false);
    }
    Some(TaggedRoad {
        attrs: RoadAttrs {
            class,
            oneway: matches!(oneway, OnewayTag::Forward | OnewayTag::Backward),
            maxspeed_kmh: maxspeed,
            foot,
            motor,
        },
        reverse: oneway == OnewayTag::Backward,
    })
}

impl RoadAttrs {
    /// The attributes as OSM-style tags (`highway`, `oneway`, and `maxspeed`, `foot`,
    /// `motor_vehicle` when set): columns for storing the lines; [`road_from_tags`] (and so
    /// `io::road_lines`) reads them back to the same attributes.
    pub fn tags(&self) -> Vec<(&'static str, String)> {
        let yes_no = |b: bool| if b { "yes" } else { "no" }.to_string();
        let mut tags = vec![
            ("highway", self.class.code().to_string()),
            ("oneway", yes_no(self.oneway)),
        ];
        if let Some(m) = self.maxspeed_kmh {
            tags.push(("maxspeed", m.to_string()));
        }
        if let Some(f) = self.foot {
            tags.push(("foot", yes_no(f)));
        }
        if let Some(m) = self.motor {
            tags.push(("motor_vehicle", yes_no(m)));
        }
        tags
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn road(tags: &[(&str, &str)]) -> Option<TaggedRoad> {
        road_from_tags(tags.iter().copied())
    }

    #[test]
    fn oneway_rules() {
        let r = road(&[("highway", "residential"), ("oneway", "-1")]).unwrap();
        assert!(r.attrs.oneway && r.reverse);
        let r = road(&[("highway", "tertiary"), ("junction", "roundabout")]).unwrap();
        assert!(r.attrs.oneway && !r.reverse);
        let r = road(&[("highway", "motorway")]).unwrap();
        assert!(r.attrs.oneway);
        let r = road(&[("highway", "motorway"), ("oneway", "no")]).unwrap();
        assert!(!r.attrs.oneway);
        let r = road(&[("highway", "primary"), ("oneway", "reversible")]).unwrap();
        assert_eq!(r.attrs.motor, Some(false));
        assert_eq!(parse_oneway("T"), Some(OnewayTag::Backward));
        assert_eq!(parse_oneway("true"), Some(OnewayTag::Forward));
    }

    #[test]
    fn attrs_round_trip_through_tags() {
        for class in RoadClass::ALL {
            for (oneway, maxspeed, foot, motor) in [
                (false, None, None, None),
                (true, Some(48.28032), Some(true), Some(false)),
                (false, Some(30.0), Some(false), Some(true)),
            ] {
                let a = RoadAttrs {
                    class,
                    oneway,
                    maxspeed_kmh: maxspeed,
                    foot,
                    motor,
                };
                let tags = a.tags();
                let back = road_from_tags(tags.iter().map(|(k, v)| (*k, v.as_str()))).unwrap();
                assert_eq!((back.attrs, back.reverse), (a, false));
            }
        }
    }

    #[test]
    fn access_and_speed() {
        let r = road(&[
            ("highway", "service"),
            ("access", "private"),
            ("foot", "yes"),
        ])
        .unwrap();
        assert_eq!((r.attrs.foot, r.attrs.motor), (Some(true), Some(false)));
        let r = road(&[("highway", "footway"), ("access", "yes")]).unwrap();
        assert_eq!(r.attrs.motor, None);
        assert!(road(&[("highway", "pedestrian"), ("area", "yes")]).is_none());
        assert!(road(&[("highway", "construction")]).is_none());
        assert!(road(&[("building", "yes")]).is_none());
        assert_eq!(parse_maxspeed("50"), Some(50.0));
        assert_eq!(parse_maxspeed("50 km/h"), Some(50.0));
        assert!((parse_maxspeed("30 mph").unwrap() - 48.28032).abs() < 1e-9);
        assert_eq!(parse_maxspeed("40;60"), Some(40.0));
        assert_eq!(parse_maxspeed("AL:urban"), None);
        assert_eq!(parse_maxspeed("none"), None);
        assert_eq!(parse_maxspeed("0"), None);
    }
}
