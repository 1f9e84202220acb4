//! Gazetteer: find a municipality, county (qark) or settlement by name, the way people type
//! it — any case, with or without diacritics ("korce" finds Korçë, "bulqize" finds Bulqizë).
//!
//! Inputs: the names and extents of administrative areas (from the project's layers) and
//! settlements (OSM `place` nodes). Ranking of a folded query `q` against a folded name `n`:
//! exact (n == q) < prefix < a word of n starts with q < q inside n; within a rank,
//! municipalities come before counties before settlements, larger settlements first, then by
//! name. Complexity: O(entries) per query (a few thousand names: well under a millisecond).

use crate::text::fold;

/// What a name refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PlaceKind {
    Municipality,
    Qark,
    /// A city, town, village or smaller named place.
    Settlement,
}

/// One name in the gazetteer.
#[derive(Debug, Clone, PartialEq)]
pub struct GazetteerEntry {
    pub name: String,
    pub kind: PlaceKind,
    /// OSM `place` value for settlements ("city", "town", "village", …), empty otherwise.
    pub detail: String,
    /// Where to go: min lon, min lat, max lon, max lat (a point has a zero-size box).
    pub bbox_wgs84: [f64; 4],
    pub population: Option<f64>,
    folded: String,
}

impl GazetteerEntry {
    pub fn new(name: &str, kind: PlaceKind, detail: &str, bbox_wgs84: [f64; 4]) -> Self {
        Self {
            name: name.trim().to_string(),
            kind,
            detail: detail.to_string(),
            bbox_wgs84,
            population: None,
            folded: fold(name),
        }
    }

    pub fn with_population(mut self, population: Option<f64>) -> Self {
        self.population = population;
        self
    }

    /// Whether the entry is a point (a settlement) rather than an area.
    pub fn is_point(&self) -> bool {
        self.bbox_wgs84[0] == self.bbox_wgs84[2] && self.bbox_wgs84[1] == self.bbox_wgs84[3]
    }
}

/// A searchable list of names.
#[derive(Debug, Clone, Default)]
pub struct Gazetteer {
    entries: Vec<GazetteerEntry>,
}

impl Gazetteer {
    pub fn new(entries: Vec<GazetteerEntry>) -> Self {
        Self { entries }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The best `limit` matches for `query`, best first; empty for a blank query.
    pub fn search(&self, query: &str, limit: usize) -> Vec<&GazetteerEntry> {
        let q = fold(query);
        if q.is_empty() {
            return Vec::new();
        }
        let mut hits: Vec<(u8, &GazetteerEntry)> = self
            .entries
            .iter()
            .filter_map(|e| rank(&e.folded, &q).map(|r| (r, e)))
            .collect();
        hits.sort_by(|(ra, a), (rb, b)| {
            ra.cmp(rb)
                .then(a.kind.cmp(&b.kind))
                .then(
                    b.population
                        .unwrap_or(0.0)
                        .total_cmp(&a.population.unwrap_or(0.0)),
                )
                .then(a.folded.cmp(&b.folded))
        });
        // The same place is often both a municipality and its seat: keep one row per
        // (name, kind), which still lists "Korçë" the municipality and "Korçë" the city.
        let mut seen = std::collections::HashSet::new();
        hits.into_iter()
            .filter(|(_, e)| seen.insert((e.folded.clone(), e.kind)))
            .map(|(_, e)| e)
            .take(limit)
            .collect()
    }
}

/// 0 exact, 1 prefix, 2 word prefix, 3 substring; `None` when `q` is not in `name`.
fn rank(name: &str, q: &str) -> Option<u8> {
    if name == q {
        Some(0)
    } else if name.starts_with(q) {
        Some(1)
    } else if name
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| w.starts_with(q))
    {
        Some(2)
    } else if name.contains(q) {
        Some(3)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gazetteer() -> Gazetteer {
        let p = |n: &str, pop: f64| {
            GazetteerEntry::new(n, PlaceKind::Settlement, "town", [20.0, 41.0, 20.0, 41.0])
                .with_population(Some(pop))
        };
        Gazetteer::new(vec![
            p("Korçë", 51_000.0),
            GazetteerEntry::new(
                "Korçë",
                PlaceKind::Municipality,
                "",
                [20.5, 40.4, 21.0, 40.8],
            ),
            GazetteerEntry::new(
                "Bulqizë",
                PlaceKind::Municipality,
                "",
                [20.1, 41.4, 20.5, 41.7],
            ),
            p("Bulqizë", 9_000.0),
            p("Fushë-Bulqizë", 800.0),
            p("Zerqan", 900.0),
            GazetteerEntry::new("Tiranë", PlaceKind::Qark, "", [19.5, 41.1, 20.2, 41.6]),
            p("Kodër-Tiranë", 100.0),
        ])
    }

    #[test]
    fn names_are_found_without_diacritics_and_case() {
        let g = gazetteer();
        let hits = g.search("korce", 5);
        assert_eq!(hits[0].name, "Korçë");
        assert_eq!(hits[0].kind, PlaceKind::Municipality);
        assert_eq!(hits[1].kind, PlaceKind::Settlement);
        assert!(!hits[0].is_point() && hits[1].is_point());
        assert_eq!(g.search("BULQIZE", 5)[0].kind, PlaceKind::Municipality);
    }

    #[test]
    fn exact_beats_prefix_beats_word_beats_substring() {
        let g = gazetteer();
        let names: Vec<&str> = g
            .search("bulqiz", 5)
            .iter()
            .map(|e| e.name.as_str())
            .collect();
        // Prefix matches (municipality first), then the word match "Fushë-Bulqizë".
        assert_eq!(names, vec!["Bulqizë", "Bulqizë", "Fushë-Bulqizë"]);
        let names: Vec<&str> = g
            .search("tirane", 5)
            .iter()
            .map(|e| e.name.as_str())
            .collect();
        assert_eq!(names, vec!["Tiranë", "Kodër-Tiranë"]);
        assert_eq!(g.search("erqa", 5)[0].name, "Zerqan");
        assert!(g.search("  ", 5).is_empty());
        assert!(g.search("paris", 5).is_empty());
        assert_eq!(g.search("e", 2).len(), 2);
    }
}
