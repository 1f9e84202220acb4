//! The validation report of an import: every rejected or doubtful record with its number
//! and reason. Nothing is dropped without an entry here.

use serde::Serialize;

/// How bad an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The record was not imported.
    Rejected,
    /// The record was imported but something about it is doubtful or was changed.
    Warning,
}

/// What is wrong, as a stable code (for `--json` and filters) and a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IssueCode {
    MissingCoordinates,
    InvalidCoordinates,
    TransformFailed,
    OutsideAlbania,
    SwappedLatLon,
    WrongGeometryType,
    InvalidPolygon,
    RepairedPolygon,
    DuplicateKey,
    UnknownCategory,
    MissingField,
    BadValue,
    LowGpsAccuracy,
    NoMunicipality,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportEntry {
    /// Row (CSV line) or feature number in the source file.
    pub number: usize,
    pub severity: Severity,
    pub code: IssueCode,
    pub message: String,
    /// How the user can fix it, e.g. "run again with --fix-swapped".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ImportReport {
    pub source_file: String,
    pub format: String,
    pub target_layer: String,
    pub kind: String,
    /// The CRS the coordinates were read in.
    pub source_crs: String,
    pub records_read: usize,
    pub accepted: usize,
    pub rejected: usize,
    pub warnings: usize,
    /// Whether the accepted records were written to the project.
    pub committed: bool,
    /// Decisions taken on the way (encoding, delimiter, columns, CRS, columns not imported).
    pub notes: Vec<String>,
    pub entries: Vec<ReportEntry>,
}

impl ImportReport {
    pub fn push(
        &mut self,
        number: usize,
        severity: Severity,
        code: IssueCode,
        message: String,
        fix: Option<&str>,
    ) {
        self.entries.push(ReportEntry {
            number,
            severity,
            code,
            message,
            fix: fix.map(str::to_string),
        });
    }

    /// Recounts `rejected` and `warnings` from the entries (a record counts once).
    pub fn recount(&mut self) {
        let count = |sev: Severity| {
            let mut numbers: Vec<usize> = self
                .entries
                .iter()
                .filter(|e| e.severity == sev)
                .map(|e| e.number)
                .collect();
            numbers.sort_unstable();
            numbers.dedup();
            numbers.len()
        };
        self.rejected = count(Severity::Rejected);
        self.warnings = count(Severity::Warning);
    }

    /// The report as a person reads it in a terminal.
    pub fn to_text(&self) -> String {
        use std::fmt::Write;
        let mut s = String::new();
        let _ = writeln!(
            s,
            "Import of {} ({}) into layer '{}' as {}",
            self.source_file, self.format, self.target_layer, self.kind
        );
        let _ = writeln!(s, "  coordinates read as {}", self.source_crs);
        for n in &self.notes {
            let _ = writeln!(s, "  note: {n}");
        }
        let _ = writeln!(
            s,
            "  {} read, {} accepted, {} rejected, {} with warnings — {}",
            self.records_read,
            self.accepted,
            self.rejected,
            self.warnings,
            if self.committed {
                "written to the project"
            } else {
                "nothing written to the project"
            }
        );
        let mut entries = self.entries.clone();
        entries.sort_by_key(|e| (e.number, e.severity));
        for e in &entries {
            let tag = match e.severity {
                Severity::Rejected => "REJECTED",
                Severity::Warning => "warning ",
            };
            let _ = write!(s, "  row {:>6}  {tag}  {}", e.number, e.message);
            if let Some(fix) = &e.fix {
                let _ = write!(s, " (fix: {fix})");
            }
            s.push('\n');
        }
        s
    }
}
