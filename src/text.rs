//! Text helpers shared by search, category parsing and name matching.

use unicode_normalization::UnicodeNormalization;

/// Lower-case and strip diacritics, so "Korçë" and "korce" compare equal.
pub fn fold(text: &str) -> String {
    text.trim()
        .nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn fold_strips_albanian_diacritics() {
        assert_eq!(super::fold("Korçë"), "korce");
        assert_eq!(super::fold(" DURRËS "), "durres");
    }
}
