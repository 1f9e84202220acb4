//! "Save report as CSV…": the import report's problem rows as a CSV file for Excel on
//! Windows: UTF-8 with a byte-order mark (so Excel shows ë and ç), comma-separated, CRLF line
//! ends, like the layer export (`io::export_csv`). Columns: row, severity, field, code,
//! problem and what to fix (in the user's language), and the importer's details.
//! Written to a temporary file beside the target and renamed: never a half-written file.

use std::io::Write;
use std::path::Path;

use super::i18n::{Language, T};
use super::report_dialog::ShownReport;
use super::report_text::{code_name, field_display, field_of, fix_for, issue_text, severity_text};

#[derive(Debug, thiserror::Error)]
pub enum ReportCsvError {
    #[error(transparent)]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Csv(#[from] csv::Error),
}

/// The report as CSV bytes (BOM, header, one line per problem in row order).
pub fn report_csv(shown: &ShownReport, lang: Language) -> Result<Vec<u8>, ReportCsvError> {
    let mut out = "\u{feff}".as_bytes().to_vec();
    {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut out);
        w.write_record([
            T::ColRow.tr(lang),
            T::ColSeverity.tr(lang),
            T::ColField.tr(lang),
            T::ColCode.tr(lang),
            T::ColProblem.tr(lang),
            T::ColFix.tr(lang),
            T::ColDetails.tr(lang),
        ])?;
        let kind = shown.kind();
        for e in &shown.rows {
            let field = field_of(e, kind)
                .map(|f| field_display(&f, lang))
                .unwrap_or_default();
            w.write_record([
                e.number.to_string().as_str(),
                severity_text(e.severity, lang),
                &field,
                &code_name(e.code),
                issue_text(e.code, lang),
                fix_for(e.code, e.severity, lang),
                &e.message,
            ])?;
        }
        w.flush()?;
    }
    Ok(out)
}

/// Writes the report CSV to `path` (temporary file + rename).
pub fn write_report_csv(
    shown: &ShownReport,
    lang: Language,
    path: &Path,
) -> Result<(), ReportCsvError> {
    let bytes = report_csv(shown, lang)?;
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".partial");
    let tmp = std::path::PathBuf::from(tmp);
    let result = (|| -> std::io::Result<()> {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(&bytes)?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    Ok(result?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::import_job::ImportChoice;
    use crate::io::ImportReport;
    use crate::io::report::{IssueCode, Severity};
    use crate::model::LayerKind;

    fn shown() -> ShownReport {
        let mut r = ImportReport {
            kind: "cases".into(),
            ..Default::default()
        };
        r.push(
            12,
            Severity::Rejected,
            IssueCode::MissingField,
            "'case_code' is empty".into(),
            None,
        );
        r.push(
            3,
            Severity::Warning,
            IssueCode::UnknownCategory,
            "kind 'lypës, rrugë' is not a known category: mapped to 'other'".into(),
            None,
        );
        let choice = ImportChoice::new("rastet.csv".into(), LayerKind::Cases);
        ShownReport::new(r, choice, "p.gpkg".into())
    }

    #[test]
    fn bom_crlf_and_row_numbers_in_order() {
        let bytes = report_csv(&shown(), Language::Sq).expect("csv");
        assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]), "no UTF-8 BOM");
        let text = std::str::from_utf8(&bytes[3..]).expect("utf-8");
        let lines: Vec<&str> = text.split("\r\n").collect();
        // Header, two rows, and the empty piece after the last CRLF.
        assert_eq!(lines.len(), 4, "{text:?}");
        assert_eq!(lines[3], "");
        assert!(!text.replace("\r\n", "").contains('\n'), "a bare LF");
        assert!(lines[0].starts_with("Rreshti,"), "{}", lines[0]);
        assert!(
            lines[1].starts_with("3,Paralajmërim,Lloji,unknown_category,"),
            "{}",
            lines[1]
        );
        assert!(
            lines[2].starts_with("12,Refuzuar,Kodi i rastit,missing_field,"),
            "{}",
            lines[2]
        );
        // A comma inside a field is quoted, and ë survives.
        assert!(
            lines[1].contains("\"kind 'lypës, rrugë' is not a known category"),
            "{}",
            lines[1]
        );
    }

    #[test]
    fn english_headers_and_file_written_whole() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("raporti.csv");
        write_report_csv(&shown(), Language::En, &path).expect("write");
        let bytes = std::fs::read(&path).expect("read");
        let text = String::from_utf8(bytes[3..].to_vec()).expect("utf-8");
        assert!(
            text.starts_with("Row,Severity,Field,Code,Problem,What to fix,Details\r\n"),
            "{text}"
        );
        let left: Vec<_> = std::fs::read_dir(dir.path()).expect("list").collect();
        assert_eq!(left.len(), 1, "temporary file left behind");
    }
}
