//! Road classes, the walking and driving profiles and their speed table.
//!
//! Inputs: a road's [`RoadAttrs`] (class from OSM `highway=*` or a line layer's class column,
//! one-way flag, optional `maxspeed` in km/h, optional explicit foot / motor-vehicle access).
//! Output: whether a profile may use the road, in which directions, and at what speed (km/h).
//!
//! Speed table (km/h; driving speed = min(table, maxspeed) when a maxspeed is known):
//!
//! | class | driving | walking |
//! |---|---|---|
//! | motorway / motorway_link | 100 / 60 | no (no sidewalks) |
//! | trunk / trunk_link | 80 / 50 | no (no sidewalks) |
//! | primary / primary_link | 70 / 45 | 4.5 |
//! | secondary / secondary_link | 60 / 40 | 4.5 |
//! | tertiary / tertiary_link | 50 / 35 | 4.5 |
//! | unclassified | 40 | 4.5 |
//! | residential | 30 | 4.5 |
//! | road (class unknown) | 30 | 4.5 |
//! | living_street | 10 | 4.5 |
//! | service | 20 | 4.5 |
//! | track | 15 | 4.5 |
//! | pedestrian, footway, path, steps, cycleway, bridleway | no | 4.5 |
//!
//! Explicit tags win over the class: `foot=yes` opens a trunk to walkers, `foot=no` closes a
//! street to them; `motor_vehicle=no` (or `access=no/private`) closes a road to cars, and an
//! explicit motor access on a path-like class drives at [`OPENED_PATH_KMH`]. Walking ignores
//! one-way streets; driving honours them. Everything is O(1) per road.

/// OSM `highway=*` classes Risk Atlas routes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RoadClass {
    Motorway,
    MotorwayLink,
    Trunk,
    TrunkLink,
    Primary,
    PrimaryLink,
    Secondary,
    SecondaryLink,
    Tertiary,
    TertiaryLink,
    Unclassified,
    Residential,
    LivingStreet,
    Service,
    Track,
    /// `highway=road` or a line layer without a class: a road of unknown type.
    Road,
    Pedestrian,
    Footway,
    Path,
    Steps,
    Cycleway,
    Bridleway,
}

/// Walking speed on every road a pedestrian may use, km/h.
pub const WALKING_KMH: f64 = 4.5;
/// Driving speed on a path-like road explicitly opened to motor vehicles, km/h.
pub const OPENED_PATH_KMH: f64 = 10.0;

impl RoadClass {
    pub const ALL: [RoadClass; 22] = [
        RoadClass::Motorway,
        RoadClass::MotorwayLink,
        RoadClass::Trunk,
        RoadClass::TrunkLink,
        RoadClass::Primary,
        RoadClass::PrimaryLink,
        RoadClass::Secondary,
        RoadClass::SecondaryLink,
        RoadClass::Tertiary,
        RoadClass::TertiaryLink,
        RoadClass::Unclassified,
        RoadClass::Residential,
        RoadClass::LivingStreet,
        RoadClass::Service,
        RoadClass::Track,
        RoadClass::Road,
        RoadClass::Pedestrian,
        RoadClass::Footway,
        RoadClass::Path,
        RoadClass::Steps,
        RoadClass::Cycleway,
        RoadClass::Bridleway,
    ];

    /// The OSM `highway=*` value.
    pub fn code(self) -> &'static str {
        use RoadClass::*;
        match self {
            Motorway => "motorway",
            MotorwayLink => "motorway_link",
            Trunk => "trunk",
            TrunkLink => "trunk_link",
            Primary => "primary",
            PrimaryLink => "primary_link",
            Secondary => "secondary",
            SecondaryLink => "secondary_link",
            Tertiary => "tertiary",
            TertiaryLink => "tertiary_link",
            Unclassified => "unclassified",
            Residential => "residential",
            LivingStreet => "living_street",
            Service => "service",
            Track => "track",
            Road => "road",
            Pedestrian => "pedestrian",
            Footway => "footway",
            Path => "path",
            Steps => "steps",
            Cycleway => "cycleway",
            Bridleway => "bridleway",
        }
    }

    /// An OSM `highway` value or a Geofabrik shapefile `fclass` (`track_grade2`, `unknown`),
    /// any letter case. `None` for values that are not routable roads (`construction`,
    /// `proposed`, `platform`, `bus_stop`, …).
    pub fn parse(text: &str) -> Option<RoadClass> {
        let t = text.trim().to_ascii_lowercase();
        if t.starts_with("track") {
            return Some(RoadClass::Track);
        }
        match t.as_str() {
            "unknown" | "road" => Some(RoadClass::Road),
            "sidewalk" | "crossing" | "corridor" => Some(RoadClass::Footway),
            _ => RoadClass::ALL.into_iter().find(|c| c.code() == t),
        }
    }

    /// Driving speed of the class in km/h; `None` when cars may not use it by default.
    pub fn driving_kmh(self) -> Option<f64> {
        use RoadClass::*;
        Some(match self {
            Motorway => 100.0,
            MotorwayLink => 60.0,
            Trunk => 80.0,
            TrunkLink => 50.0,
            Primary => 70.0,
            PrimaryLink => 45.0,
            Secondary => 60.0,
            SecondaryLink => 40.0,
            Tertiary => 50.0,
            TertiaryLink => 35.0,
            Unclassified => 40.0,
            Residential | Road => 30.0,
            LivingStreet => 10.0,
            Service => 20.0,
            Track => 15.0,
            Pedestrian | Footway | Path | Steps | Cycleway | Bridleway => return None,
        })
    }

    /// Whether pedestrians may use the class when no `foot=*` tag says otherwise.
    pub fn walkable_by_default(self) -> bool {
        !matches!(
            self,
            RoadClass::Motorway | RoadClass::MotorwayLink | RoadClass::Trunk | RoadClass::TrunkLink
        )
    }

    /// Classes that are one-way unless tagged `oneway=no` (OSM convention for motorways).
    pub fn implies_oneway(self) -> bool {
        matches!(self, RoadClass::Motorway | RoadClass::MotorwayLink)
    }
}

/// What the router needs to know about one road (one edge of the graph).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RoadAttrs {
    pub class: RoadClass,
    /// Cars may only drive in the direction of the geometry.
    pub oneway: bool,
    /// Posted speed limit in km/h (`None` when unknown).
    pub maxspeed_kmh: Option<f64>,
    /// Explicit pedestrian access (`foot=*`, or `access=*` when no `foot` tag); `None` = class default.
    pub foot: Option<bool>,
    /// Explicit motor-vehicle access (`motor_vehicle`/`motorcar`/`vehicle`/`access`); `None` = class default.
    pub motor: Option<bool>,
}

impl RoadAttrs {
    /// A two-way road of `class` with no further tags.
    pub fn new(class: RoadClass) -> Self {
        Self {
            class,
            oneway: false,
            maxspeed_kmh: None,
            foot: None,
            motor: None,
        }
    }
}

/// How the route is travelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Profile {
    Walking,
    Driving,
}

impl Profile {
    pub const ALL: [Profile; 2] = [Profile::Walking, Profile::Driving];

    pub fn code(self) -> &'static str {
        match self {
            Profile::Walking => "walking",
            Profile::Driving => "driving",
        }
    }

    pub fn parse(text: &str) -> Option<Profile> {
        match text.trim().to_ascii_lowercase().as_str() {
            "walking" | "walk" | "foot" | "në këmbë" => Some(Profile::Walking),
            "driving" | "drive" | "car" | "makinë" => Some(Profile::Driving),
            _ => None,
        }
    }

    pub(crate) fn index(self) -> usize {
        match self {
            Profile::Walking => 0,
            Profile::Driving => 1,
        }
    }

    /// Travel speed on the road in km/h, `None` when this profile may not use it.
    pub fn speed_kmh(self, a: &RoadAttrs) -> Option<f64> {
        match self {
            Profile::Walking => a
                .foot
                .unwrap_or_else(|| a.class.walkable_by_default())
                .then_some(WALKING_KMH),
            Profile::Driving => {
                let base = match (a.motor, a.class.driving_kmh()) {
                    (Some(false), _) | (None, None) => return None,
                    (_, Some(v)) => v,
                    (Some(true), None) => OPENED_PATH_KMH,
                };
                Some(match a.maxspeed_kmh {
                    Some(m) if m.is_finite() && m >= 1.0 => base.min(m),
                    _ => base,
                })
            }
        }
    }

    /// Whether this profile must follow one-way restrictions.
    pub fn honours_oneway(self) -> bool {
        self == Profile::Driving
    }

    /// `(forward, backward)` usability of a road for this profile.
    pub fn directions(self, a: &RoadAttrs) -> (bool, bool) {
        if self.speed_kmh(a).is_none() {
            return (false, false);
        }
        (true, !(a.oneway && self.honours_oneway()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_and_overrides() {
        let mut a = RoadAttrs::new(RoadClass::Primary);
        assert_eq!(Profile::Driving.speed_kmh(&a), Some(70.0));
        a.maxspeed_kmh = Some(40.0);
        assert_eq!(Profile::Driving.speed_kmh(&a), Some(40.0));
        a.maxspeed_kmh = Some(130.0);
        assert_eq!(Profile::Driving.speed_kmh(&a), Some(70.0));
        let mut t = RoadAttrs::new(RoadClass::Trunk);
        assert_eq!(Profile::Walking.speed_kmh(&t), None);
        t.foot = Some(true);
        assert_eq!(Profile::Walking.speed_kmh(&t), Some(WALKING_KMH));
        let mut f = RoadAttrs::new(RoadClass::Footway);
        assert_eq!(Profile::Driving.speed_kmh(&f), None);
        f.motor = Some(true);
        assert_eq!(Profile::Driving.speed_kmh(&f), Some(OPENED_PATH_KMH));
        let mut r = RoadAttrs::new(RoadClass::Residential);
        r.oneway = true;
        assert_eq!(Profile::Driving.directions(&r), (true, false));
        assert_eq!(Profile::Walking.directions(&r), (true, true));
        r.motor = Some(false);
        assert_eq!(Profile::Driving.directions(&r), (false, false));
    }

    #[test]
    fn class_codes_round_trip() {
        for c in RoadClass::ALL {
            assert_eq!(RoadClass::parse(c.code()), Some(c));
        }
        assert_eq!(RoadClass::parse("track_grade3"), Some(RoadClass::Track));
        assert_eq!(RoadClass::parse("Unknown"), Some(RoadClass::Road));
        assert_eq!(RoadClass::parse("construction"), None);
    }
}
