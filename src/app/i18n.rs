//! Every string the app shows, in Albanian (the default) and English.
//!
//! The texts live in translation files, `assets/i18n/sq.txt` and `assets/i18n/en.txt`
//! (`Key = text`, one per line, `#` comments), embedded into the binary and parsed once.
//! Translators edit those files only. [`T`] lists the keys; `field.<name>` keys label the
//! fields of typed layers. Domain categories (case kinds, service types, …) carry their
//! labels in `crate::model`, shared with the CLI and printed maps.
//! Panels never hard-code visible text: they call `T::X.tr(lang)` or the label helpers of
//! `labels.rs` (re-exported here).
//! Tests check that both files have exactly the same keys and no empty text.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

/// The UI language. Albanian is the default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Language {
    #[default]
    Sq,
    En,
}

impl Language {
    pub const ALL: [Language; 2] = [Language::Sq, Language::En];

    /// The language's own name (never translated).
    pub fn native_name(self) -> &'static str {
        match self {
            Language::Sq => "Shqip",
            Language::En => "English",
        }
    }

    pub(super) fn pick(self, sq: &'static str, en: &'static str) -> &'static str {
        match self {
            Language::Sq => sq,
            Language::En => en,
        }
    }
}

macro_rules! keys {
    ($($key:ident)+) => {
        /// A key of a visible string; its texts are in `assets/i18n/{sq,en}.txt`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum T { $($key),+ }

        impl T {
            pub const ALL: &'static [T] = &[$(T::$key),+];

            /// The key as written in the translation files.
            pub fn name(self) -> &'static str {
                match self { $(T::$key => stringify!($key)),+ }
            }
        }
    };
}

impl T {
    /// The text of this key in `lang` (the key's name if a file lacks it; a test forbids that).
    pub fn tr(self, lang: Language) -> &'static str {
        catalog(lang)
            .get(self.name())
            .copied()
            .unwrap_or(self.name())
    }
}

const SQ_TXT: &str = include_str!("../../assets/i18n/sq.txt");
const EN_TXT: &str = include_str!("../../assets/i18n/en.txt");

/// Parses a translation file: `Key = text` lines; blank lines and `#` comments are skipped.
/// Returns the entries and the lines that are not entries (reported by the tests).
pub fn parse_catalog(text: &'static str) -> (HashMap<&'static str, &'static str>, Vec<usize>) {
    let mut map = HashMap::new();
    let mut bad = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        match line.split_once(" = ") {
            Some((k, v)) if !k.trim().is_empty() && !v.trim().is_empty() => {
                if map.insert(k.trim(), v.trim()).is_some() {
                    bad.push(i + 1);
                }
            }
            _ => bad.push(i + 1),
        }
    }
    (map, bad)
}

pub(super) fn catalog(lang: Language) -> &'static HashMap<&'static str, &'static str> {
    static SQ: OnceLock<HashMap<&str, &str>> = OnceLock::new();
    static EN: OnceLock<HashMap<&str, &str>> = OnceLock::new();
    match lang {
        Language::Sq => SQ.get_or_init(|| parse_catalog(SQ_TXT).0),
        Language::En => EN.get_or_init(|| parse_catalog(EN_TXT).0),
    }
}

keys! {
    MenuFile OpenProject OpenDemo Quit MenuView ShowAlbania ShowLayersPanel ShowLegend
    BackgroundTiles MenuLanguage Layers Features ZoomToLayer Opacity NoProject Legend
    CasesByKind ServicesByType ClusterNote MinePerimeter CoastalHotspot MunicipalityBoundary
    QarkBoundary Land Sea Identify IdentifyHint NothingHere Close Layer Zoom Cancel
    OpeningProject PreparingDemo Reading Preparing Cancelled OpenFailed Offline Yes No Dismiss
    ZoomIn ZoomOut Home GeoPackage
    // Filters
    CasesShown Filters DateFrom DateTo DateFormatHint DatePlaceholder Kind Status ClearFilters Year AllYears AgeBand AllAges Municipality AllMunicipalities CoastalMonth OnlyActiveInMonth MonthLabel RemoveFilter Month1 Month2 Month3 Month4 Month5 Month6 Month7 Month8 Month9 Month10 Month11 Month12 AgeChip
    // Search
    SearchHint SearchLabel NoPlaceFound PlaceMunicipality PlaceQark PlaceTown PlaceVillage PlaceOther
    // Attribute table
    AttributeTable OpenTable TableFilter ZoomToSelection ClearSelection Rows Selected TableButton
    // Measure
    Measure MeasureTip MeasureHint Distance Area ClearMeasure Scale ScaleTip
    // Styles
    NeighbourCountries OtherValues NoValue Style StyleTitle StyleSingle StyleCategorized StyleGraduated StyleField StyleClasses Quantiles EqualInterval LabelField NoLabels Apply NoNumericField StyleSaved StyleNotSaved
    // Files and work (files.rs, import_dialog.rs, report_dialog.rs, recent.rs)
    NewProject NewProjectTitle NewProjectFileName OpenRecent RecentMissing RecentRemoveMissing
    RecentClear ImportFile ImportTitle ImportFileLabel ImportFormat FormatUnknown ImportAs
    LayerName SourceLayer CrsLabel CrsFromFile CrsPick CrsInvalid Encoding EncodingAuto
    LonColumn LatColumn AutoHint MaxGpsAccuracy OptFixSwapped OptRepairPolygons OptStrict DryRun
    ImportButton ImportNow Importing Cancelling StageRead StageValidate StageWrite StageCreate
    Busy NoProjectForImport ImportIntoDemo LayerNameNeeded BothColumnsNeeded UnsupportedFile
    ImportFailed ImportCancelled ImportDone CreateFailed DropHint DataFiles CsvFiles
    ErrCrsNeeded ErrLayerExists ErrStrictRejected ErrFileNotFound ErrRead ErrProjectBusy
    ReportTitle ReportCommitted ReportDryRun ReportNothingWritten ReportStrictRefused
    ReportLayer ReportCrs ReportNotes RowsRead RowsImported RowsWouldImport RowsRejected
    RowsWarnings RowsWord RowsInAll WhatToFix NoIssues ColRow ColSeverity ColField ColCode ColProblem
    ColFix ColDetails SevRejected SevWarning FieldCoordinates SaveReportCsv ReportSaved
    ReportSaveFailed ReportFileSuffix IssueMissingCoordinates FixMissingCoordinates
    IssueInvalidCoordinates FixInvalidCoordinates IssueTransformFailed FixTransformFailed
    IssueOutsideAlbania FixOutsideAlbania IssueSwappedLatLon FixSwappedLatLon FixSwappedDone
    IssueWrongGeometryType FixWrongGeometryType IssueInvalidPolygon FixInvalidPolygon
    IssueRepairedPolygon FixRepairedPolygon IssueDuplicateKey FixDuplicateKey
    IssueUnknownCategory FixUnknownCategory IssueMissingField FixMissingField IssueBadValue
    FixBadValue IssueLowGpsAccuracy FixLowGpsAccuracy IssueNoMunicipality FixNoMunicipality
    // Editing (edit_toolbar.rs, attr_form.rs, editing.rs)
    EditMode EditModeHint EditLayer ChooseLayer ToolSelect ToolAddPoint ToolMovePoint ToolDelete
    ToolDrawPolygon ToolEditVertices Undo Redo DrawHint VertexHint MoveHint ZoomInToEdit Saved
    UndoneSaved RedoneSaved SaveFailed SavingEdit NotEditable NewFeature EditAttributes Save FixErrors
    DateHint ProblemRequired ProblemNotInteger ProblemNotNumber ProblemRange ProblemTooSmall
    ProblemNotDate ProblemFutureDate ProblemUnknownCategory ProblemDuplicate ProblemMonths
    ProblemHours ProblemBool ProblemPersonalName GeomTooFewVertices GeomSelfIntersection
    GeomInvalid GeomOutsideAlbania
    // basemap switcher and offline tile packs
    BasemapHeading BasemapOsm BasemapPack BasemapNoPack BasemapVectorOnly ChooseOfflinePack
    TilePacks PackOpenFailed
    // Layer order and removal
    MoveUp MoveDown RemoveLayer RemoveLayerQuestion RemoveCasesWarning RemoveLayerConfirm OrderSaved OrderNotSaved LayerRemoved LayerNotRemoved LayerMenuHint
    // Analysis: risk zones
    MenuAnalysis RiskZonesMenu RiskZonesTitle RiskPixel RiskMineDecay RiskWeights RiskWeightDensity RiskWeightMines RiskWeightHotspots RiskWeightServices RiskQuantiles RiskRun RiskRunning RiskFailed RiskSaved RiskClass RiskZones RiskAreaKm2 RiskCases StageLand StageDensity StageServices StageScore StageZones
    // Analysis: case density
    DensityMenu DensityTitle DensityHint DensityRadius DensityPerKm2 DensityRun DensityCases DensityShow DensityExport DensityClear DensityExported DensityExportFailed DensityNoCases DensityLegendRaw DensityLegendPerKm2
    // Analysis: service gaps
    GapsHeader GapsDayCentres GapsCpus GapsReach GapsMinRisk GapsRun GapsSaved GapsAreas GapsUncovered GapsUncoveredCol GapsRank StageGaps
    // Analysis: indicators
    IndicatorsMenu IndicatorsTitle IndReach IndMineNear IndCompute IndRunning IndFailed IndNoResult IndNoMunicipalities IndNote IndShowOnMap IndMapShown IndExport IndExported IndFileName IndCasesByYear IndCasesByKind IndAlbania IndNoMunicipality IndMunicipality IndCases IndReferred IndManaged IndClosed IndNearDayCentre IndNearCpu IndMedianCpu IndPlaces IndNearMines IndTrend IndMapBy
    // Planning: new day centres and field-team routes (issue 5)
    MenuPlanning SitingMenu RoutesMenu PlanningRunning StageRoads StageMatrix StageRoutes SitingTitle AllAlbania PlanArea SitingCandidates SitingSettlements SitingGrid SitingLayer SitingSpacing SitingWalk SitingWalkMin SitingReach SitingExisting SitingP SitingExact SitingRun SitingSaved SitingCovered SitingOfUncovered SitingAlready SitingUncovered SitingOptimal SitingGap SitingBound SitingRank SitingSite SitingNew SitingInReach SitingCurve SitingFailed RoutesTitle RoutesVisit RoutesZones RoutesHotspots RoutesMines RoutesService RoutesTeams RoutesShiftStart RoutesShiftLen RoutesWalking RoutesRun RoutesNeedArea RoutesFailed RoutesSaved RoutesServed RoutesTeam RoutesDay RoutesStops RoutesKm RoutesHours RoutesUnassigned RoutesSheets RoutesGpx RoutesGeoJson ExportWritten ExportFailed ReasonPinned ReasonNoTeamDays ReasonUnreachable ReasonWindow ReasonTooFar ReasonNoTime SitingCandidatesCount RoadsImport RoadsLines RoadsImportFailed
    // Planning options: weights, capacity, exclusions, selection stops, pins, road network (issue 5)
    SitingMore SitingCapacity SitingCases SitingWeight SitingWeightUniform SitingWeightRisk SitingWeightKind SitingWeightRiskHint SitingNoZones SitingExclude SitingMark SitingMarkDone SitingMarked SitingClearMarks SitingMarking SitingExcludeRadius SitingExcludeLayer SitingNone SitingDemand RoutesSelection RoutesSelectionNone RoutesSelectionCases RoutesSelectionNoGeometry RoutesZoneWindow RoutesZoneWeekends RoutesPins RoutesPinAuto RoutesPinRerun RoadsPreparing RoadsReady RoutesFrom RoutesTo
    PrintMenu PrintTitle PrintLayout PrintCoverage PrintMines PrintCoastal PrintBandKm PrintMonth PrintOwnTitle PrintOwnSubtitle PrintTitleHint PrintPages PrintOneMunicipality PrintAtlas PrintLandscape PrintElements PrintScaleBar PrintNorthArrow PrintInset PrintTable PrintLayerHexagons PrintLayerReach PrintLayerServices PrintLayerOutline PrintLayerBand PrintLayerMines PrintLayerHotspots PrintK PrintCaseLevel PrintCaseWarning PrintLayoutName PrintSaveLayout PrintLayoutSaved PrintButton PrintWritten PrintFailed PrintNotReady PrintAtlasTitle PrintPreview PrintPreparing PrintProjectLayers
    ExportLayerMenu ExportLayerTitle ExportLayer ExportCasesHow ExportHexagons ExportResolution ExportMunicipalities ExportIndividual ExportWithNotes ExportCaseWarning ExportButton ExportChooseLayer ExportDone ExportHidden ExportAudited
    // Help menu and About box (packaging, issue 7)
    MenuHelp AboutMenu AboutTitle AboutVersion AboutPurpose AboutLicence AboutData AboutSynthetic AboutComponents AboutNotice
    // Print: basemap tiles from the offline pack (issue 6)
    PrintPackTiles PrintPackTilesNone
    PrintDensity PrintDensityRadius PrintCasesAll PrintCasesFromMap
}

pub use super::labels::{
    case_kind, case_status, category_value, field_label, layer_label, service_type, yes_no,
};

#[cfg(test)]
mod tests {
    #[test]
    fn saved_risk_zones_get_a_readable_name_and_class_labels() {
        assert_eq!(
            layer_label(LayerKind::Other, "risk_zones_m07", Language::Sq),
            "Zonat e rrezikut (korrik)"
        );
        assert_eq!(
            layer_label(LayerKind::Other, "gaps_day_centre_2000m_m07", Language::Sq),
            "Zonat pa shërbim: 2 km (korrik)"
        );
        assert_eq!(
            layer_label(LayerKind::Other, "risk_zones_m13", Language::En),
            "risk_zones_m13"
        );
        assert_eq!(
            category_value(LayerKind::Other, "class_code", "very_high", Language::En),
            Some("very high")
        );
    }

    use super::*;
    use crate::model::LayerKind;

    #[test]
    fn both_translation_files_have_exactly_the_keys_of_t_and_nothing_malformed() {
        let (sq, sq_bad) = parse_catalog(SQ_TXT);
        let (en, en_bad) = parse_catalog(EN_TXT);
        assert!(
            sq_bad.is_empty(),
            "malformed or duplicate lines in sq.txt: {sq_bad:?}"
        );
        assert!(
            en_bad.is_empty(),
            "malformed or duplicate lines in en.txt: {en_bad:?}"
        );
        for key in T::ALL {
            assert!(
                sq.contains_key(key.name()),
                "{} missing in sq.txt",
                key.name()
            );
            assert!(
                en.contains_key(key.name()),
                "{} missing in en.txt",
                key.name()
            );
        }
        let mut sq_keys: Vec<_> = sq.keys().collect();
        let mut en_keys: Vec<_> = en.keys().collect();
        sq_keys.sort();
        en_keys.sort();
        assert_eq!(
            sq_keys, en_keys,
            "sq.txt and en.txt must have the same keys"
        );
        for k in sq.keys() {
            assert!(
                k.starts_with("field.") || T::ALL.iter().any(|t| t.name() == *k),
                "{k} is in the files but not a key of T"
            );
        }
    }

    #[test]
    fn albanian_texts_keep_their_diacritics() {
        assert_eq!(T::ShowAlbania.tr(Language::Sq), "Shfaq gjithë Shqipërinë");
        assert_eq!(
            field_label("identified_on", Language::En),
            Some("Identified on")
        );
        assert_eq!(field_label("no_such_field", Language::En), None);
    }

    #[test]
    fn every_key_has_two_different_non_empty_texts_or_is_a_name() {
        for key in T::ALL {
            let sq = key.tr(Language::Sq);
            let en = key.tr(Language::En);
            assert!(!sq.is_empty() && !en.is_empty(), "{key:?}");
        }
        assert_eq!(T::MenuFile.tr(Language::Sq), "Skedari");
        assert_eq!(T::MenuFile.tr(Language::En), "File");
    }

    #[test]
    fn categories_and_layers_are_labelled_in_both_languages() {
        assert_eq!(
            layer_label(LayerKind::Municipalities, "municipalities", Language::Sq),
            "Bashkitë"
        );
        assert_eq!(
            layer_label(LayerKind::Other, "wells", Language::En),
            "wells"
        );
        assert_eq!(
            category_value(LayerKind::Cases, "kind", "begging", Language::Sq),
            Some("Lypje")
        );
        assert_eq!(
            category_value(LayerKind::Mines, "status", "active", Language::En),
            Some("Active")
        );
        assert_eq!(
            category_value(LayerKind::Cases, "status", "closed", Language::En),
            Some("Closed")
        );
        assert_eq!(
            category_value(LayerKind::Cases, "team", "T1", Language::En),
            None
        );
        assert_eq!(
            field_label("case_code", Language::Sq),
            Some("Kodi i rastit")
        );
    }
}
