//! The legacy (GeoJSON 2008) `crs` member → a [`Crs`].
//!
//! Accepted: `{"type": "name", "properties": {"name": N}}` with N = `EPSG:6870`,
//! `urn:ogc:def:crs:EPSG::6870` (any version), `http://www.opengis.net/def/crs/EPSG/0/6870`,
//! or a CRS84 name (`urn:ogc:def:crs:OGC:1.3:CRS84`) = EPSG:4326; and
//! `{"type": "EPSG", "properties": {"code": 6870}}`. Anything else (a `link` member, an
//! unknown code) declares nothing, with a note asking the user to choose the CRS.

use serde_json::Value as Json;

use crate::crs::Crs;

/// The CRS a legacy `crs` member declares, or `None` (with a note saying why) when it names
/// something unknown. Shared with TopoJSON.
pub fn declared_by_member(member: &Json, notes: &mut Vec<String>) -> Option<Crs> {
    const ASK: &str = "choose the CRS when importing (e.g. --crs EPSG:6870)";
    match crs_member_epsg(member) {
        Ok(code) => match Crs::from_epsg(code) {
            Ok(crs) => {
                notes.push(format!(
                    "the file's crs member declares EPSG:{code} ({})",
                    crs.name()
                ));
                Some(crs)
            }
            Err(_) => {
                notes.push(format!(
                    "the crs member names EPSG:{code}, which Risk Atlas does not know: {ASK}"
                ));
                None
            }
        },
        Err(why) => {
            notes.push(format!("{why}: {ASK}"));
            None
        }
    }
}

/// The EPSG code of a `crs` member (`name` or `EPSG` type); CRS84 is 4326.
pub fn crs_member_epsg(member: &Json) -> Result<u32, String> {
    let kind = member
        .get("type")
        .and_then(Json::as_str)
        .unwrap_or_default();
    let props = member.get("properties");
    match kind.to_ascii_lowercase().as_str() {
        "name" => {
            let Some(name) = props.and_then(|p| p.get("name")).and_then(Json::as_str) else {
                return Err("the crs member has no properties.name".into());
            };
            epsg_of_name(name).ok_or_else(|| {
                format!("the crs member names '{name}', which is not an EPSG code or CRS84")
            })
        }
        "epsg" => {
            let code = props.and_then(|p| p.get("code"));
            code.and_then(|c| {
                c.as_u64()
                    .or_else(|| c.as_str().and_then(|s| s.trim().parse().ok()))
            })
            .and_then(|c| u32::try_from(c).ok())
            .ok_or_else(|| "the crs member of type EPSG has no numeric properties.code".into())
        }
        _ => Err(format!("a crs member of type '{kind}' is not supported")),
    }
}

/// `EPSG:6870`, `urn:ogc:def:crs:EPSG::6870`, `…/def/crs/EPSG/0/6870` → 6870; `…CRS84` → 4326.
fn epsg_of_name(name: &str) -> Option<u32> {
    let up = name.trim().to_ascii_uppercase();
    if up.ends_with("CRS84") {
        return Some(crate::crs::WGS84);
    }
    if !up.contains("EPSG") {
        return None;
    }
    let start = up.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    up[start..].parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn crs_member_forms() {
        for (member, code) in [
            (
                json!({"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::6870"}}),
                6870,
            ),
            (
                json!({"type": "name", "properties": {"name": "EPSG:32634"}}),
                32634,
            ),
            (
                json!({"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}}),
                4326,
            ),
            (json!({"type": "EPSG", "properties": {"code": 6870}}), 6870),
            (
                json!({"type": "name", "properties": {"name": "http://www.opengis.net/def/crs/EPSG/0/2462"}}),
                2462,
            ),
        ] {
            assert_eq!(crs_member_epsg(&member), Ok(code), "{member}");
        }
        let link = json!({"type": "link", "properties": {"href": "x.prj"}});
        let mut notes = Vec::new();
        assert_eq!(declared_by_member(&link, &mut notes), None);
        assert!(notes[0].contains("'link' is not supported"), "{notes:?}");
    }
}
