//! Privacy rules of every output (issue 6): counts of children, never children.
//!
//! Rules, in the order they apply:
//! 1. **Aggregation.** Outputs show counts per area (H3 hexagon, municipality), never a case
//!    point. Case-level output is a separate, explicit and audited choice (`riskatlas export
//!    --case-level`), not something this module decides.
//! 2. **Primary suppression.** A count from 1 to k − 1 is hidden and written "<k"
//!    ([`Suppression::Primary`]). k is a [`MinCount`]: 5 by default and only ever raised by a
//!    deliberate setting, never lowered.
//! 3. **Zero stays 0.** An area with no identified child singles nobody out, and planners need
//!    to see where nothing was found. The attacker model below therefore assumes a reader knows
//!    that "<k" means 1..=k − 1, and the protection is checked against that knowledge. The one
//!    exception: in a table, the breakdown of an area whose own total is below k is written
//!    "<k" in full, zeros included ([`Suppression::Masked`]); otherwise a row such as
//!    "<5 = <5 + <5 + <5 + <5" would pin every cell to 1.
//!    (The risk-zone layer, a different product, hides 0 as well; see `analysis::risk_layer`.)
//! 4. **Secondary suppression.** When totals are published, a hidden count could be recovered
//!    by subtraction. More cells are hidden ([`Suppression::Secondary`], written "x") until no
//!    hidden cell is determined by the published cells, the totals and the markers:
//!    [`group`] for one level (cells and their published total, e.g. hexagons within
//!    Albania, municipalities within Albania) and [`table`] for a two-way table with row,
//!    column and grand totals (municipalities × status, with the national row).
//!
//! The attacker: knows every published number, every equation (row, column and group sums),
//! that counts are whole numbers, that "<k" means 1..=k − 1 and that "x" is at least k (only
//! non-zero counts are chosen as secondary cells, and every count below k is already primary).
//! A hidden cell is *protected* when at least two values are consistent with all of that; both
//! modules check this exactly and hide more until every hidden cell is protected, skipping a
//! cell that hiding everything else could not protect either (a case the masking rule is there
//! to prevent). All choices are deterministic: the same table gives the same output.

pub mod aggregate;
pub mod area_table;
pub mod group;
pub mod table;

/// The smallest count shown as a number (k of k-anonymity); at least [`MinCount::MIN`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MinCount(u32);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PrivacyError {
    /// k below [`MinCount::MIN`] (5).
    #[error(
        "the smallest count shown must be at least 5 (was {0}): smaller groups of children could be singled out"
    )]
    KTooSmall(u32),
}

impl MinCount {
    /// The floor: k can be raised above it, never set below.
    pub const MIN: u32 = 5;
    /// The default, k = 5.
    pub const DEFAULT: MinCount = MinCount(Self::MIN);

    /// `k`, refused below [`MinCount::MIN`].
    pub fn new(k: u32) -> Result<Self, PrivacyError> {
        if k < Self::MIN {
            return Err(PrivacyError::KTooSmall(k));
        }
        Ok(MinCount(k))
    }

    pub fn get(self) -> u32 {
        self.0
    }

    /// Whether `n` must be hidden by the primary rule: 1..=k − 1 (0 is shown).
    pub fn hides(self, n: u64) -> bool {
        n > 0 && n < u64::from(self.0)
    }

    /// The marker of a primary cell, e.g. "<5".
    pub fn marker(self) -> String {
        format!("<{}", self.0)
    }
}

impl Default for MinCount {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// How one count is published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Suppression {
    /// Shown as the number.
    #[default]
    Shown,
    /// 1..=k − 1, hidden and written "<k".
    Primary,
    /// Hidden to protect a primary cell, written [`SECONDARY_MARKER`].
    Secondary,
    /// 0..=k − 1 in a row or column whose own total is below k: the whole line is written
    /// "<k", zeros included, so "<k" there does not even say "at least one".
    Masked,
}

/// What a secondary cell says instead of its number.
pub const SECONDARY_MARKER: &str = "x";

/// The marking carried by every file holding individual cases (both languages).
pub const CONFIDENTIAL: &str =
    "KONFIDENCIALE: të dhëna për fëmijë / CONFIDENTIAL: contains data about children";

/// Marks a case-level layer before it leaves the project: a first text column
/// `confidential` holding [`CONFIDENTIAL`] on every row, so the marking survives any format
/// and any tool (CSV, GeoJSON, GeoPackage, a spreadsheet).
pub fn mark_confidential(layer: &mut crate::model::FeatureLayer) {
    use crate::model::{FieldDef, FieldKind, Value};
    if layer.fields.iter().any(|f| f.name == "confidential") {
        return;
    }
    layer
        .fields
        .insert(0, FieldDef::new("confidential", FieldKind::Text));
    for f in &mut layer.features {
        f.values.insert(0, Value::Text(CONFIDENTIAL.to_string()));
    }
}

impl Suppression {
    pub fn is_hidden(self) -> bool {
        self != Suppression::Shown
    }

    /// The text of a count `n` as published with k.
    pub fn text(self, n: u64, k: MinCount) -> String {
        match self {
            Suppression::Shown => n.to_string(),
            Suppression::Primary | Suppression::Masked => k.marker(),
            Suppression::Secondary => SECONDARY_MARKER.to_string(),
        }
    }

    /// What the attacker knows of a cell of true value `n`: inclusive bounds (`None` above =
    /// unbounded).
    pub fn bounds(self, n: u64, k: MinCount) -> (u64, Option<u64>) {
        let k = u64::from(k.get());
        match self {
            Suppression::Shown => (n, Some(n)),
            Suppression::Primary => (1, Some(k - 1)),
            Suppression::Secondary => (k, None),
            Suppression::Masked => (0, Some(k - 1)),
        }
    }
}

/// Primary suppression of one count.
pub fn primary(n: u64, k: MinCount) -> Suppression {
    if k.hides(n) {
        Suppression::Primary
    } else {
        Suppression::Shown
    }
}

/// Whether a cell of value `n`, marked `s`, may move by `delta` (±1) and stay consistent with
/// what the attacker knows.
pub(crate) fn can_move(n: u64, s: Suppression, k: MinCount, delta: i64) -> bool {
    if s == Suppression::Shown {
        return false;
    }
    let (lo, hi) = s.bounds(n, k);
    let Some(m) = n.checked_add_signed(delta) else {
        return false;
    };
    m >= lo && hi.is_none_or(|hi| m <= hi)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn k_is_at_least_five_and_zero_is_shown() {
        assert_eq!(MinCount::new(4), Err(PrivacyError::KTooSmall(4)));
        assert_eq!(MinCount::new(0), Err(PrivacyError::KTooSmall(0)));
        let k = MinCount::new(7).unwrap();
        assert_eq!(k.get(), 7);
        assert_eq!(MinCount::default().get(), 5);
        assert_eq!(primary(0, k), Suppression::Shown);
        assert_eq!(primary(1, k), Suppression::Primary);
        assert_eq!(primary(6, k), Suppression::Primary);
        assert_eq!(primary(7, k), Suppression::Shown);
        assert_eq!(Suppression::Primary.text(3, k), "<7");
        assert_eq!(Suppression::Secondary.text(30, k), "x");
        assert_eq!(Suppression::Shown.text(30, k), "30");
        assert!(can_move(3, Suppression::Primary, k, 1));
        assert!(!can_move(6, Suppression::Primary, k, 1));
        assert!(!can_move(1, Suppression::Primary, k, -1));
        assert!(!can_move(7, Suppression::Secondary, k, -1));
        assert!(can_move(7, Suppression::Secondary, k, 1));
        assert!(!can_move(9, Suppression::Shown, k, 1));
    }
}
