//! Titles and subtitles of the printed pages, in Albanian or English, per template.

use super::pages::Template;
use crate::model::Municipality;
use crate::model::hotspot::{MONTH_NAMES_EN, MONTH_NAMES_SQ};

/// "Mbulimi me shërbime — Bulqizë", "Rreziku pranë minierave — Bulqizë", ….
pub fn page_title(t: Template, area: Option<&Municipality>, sq: bool) -> String {
    let place = area.map_or(if sq { "Shqipëria" } else { "Albania" }, |m| {
        m.name.as_str()
    });
    let what = match (t, sq) {
        (Template::Coverage, true) => "Mbulimi me shërbime".to_string(),
        (Template::Coverage, false) => "Service coverage".to_string(),
        (Template::Mines { .. }, true) => "Rreziku pranë minierave".to_string(),
        (Template::Mines { .. }, false) => "Risk near mines".to_string(),
        (Template::Coastal { month }, true) => {
            format!(
                "Puna verore në bregdet ({})",
                MONTH_NAMES_SQ[month as usize - 1]
            )
        }
        (Template::Coastal { month }, false) => format!(
            "Summer work on the coast ({})",
            MONTH_NAMES_EN[month as usize - 1]
        ),
    };
    format!("{what} — {place}")
}

pub fn subtitle(t: Template, km: f64, sq: bool) -> String {
    match (t, sq) {
        (Template::Mines { band_m }, true) => format!(
            "Perimetrat e minierave, brezi {:.1} km rreth tyre, ku hyjnë fëmijët, rastet (të grupuara) dhe shërbimet",
            band_m / 1000.0
        ),
        (Template::Mines { band_m }, false) => format!(
            "Mine perimeters, the {:.1} km band around them, where children come in, cases (aggregated) and services",
            band_m / 1000.0
        ),
        (Template::Coastal { .. }, true) => "Zonat ku punojnë fëmijët në verë, rastet e qershor–shtatorit (të grupuara) dhe shërbimet".into(),
        (Template::Coastal { .. }, false) => "Where children work in summer, the cases of June–September (aggregated) and services".into(),
        (Template::Coverage, true) => format!("Fëmijë të identifikuar në shfrytëzim ekonomik (të grupuar) dhe arritja {km:.1} km e shërbimeve"),
        (Template::Coverage, false) => format!("Children identified in economic exploitation (aggregated) and the {km:.1} km reach of services"),
    }
}
