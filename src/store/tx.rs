//! [`StoreTx`]: everything that changes a project, available only inside
//! [`ProjectStore::write`](super::ProjectStore::write), so every change is part of one
//! transaction that commits or rolls back as a whole.
//!
//! Layer writes live in [`super::layers`], single-feature edits in [`super::features`], history rows in [`super::history`]; this file holds
//! the small setters (metadata, layer style/visibility/order) and the delegation.

use rusqlite::{Connection, params};

use geo::Geometry;

use super::{StoreError, WriteMode, catalog, features, history, layers};
use crate::model::{Feature, FeatureLayer, Value};

/// A write transaction on the project. Dropped without commit = rolled back.
pub struct StoreTx<'a> {
    conn: &'a Connection,
}

impl<'a> StoreTx<'a> {
    pub(crate) fn new(conn: &'a Connection) -> Self {
        Self { conn }
    }

    /// Writes a layer; returns the fid of each feature, in feature order. A feature with
    /// `fid: Some(x)` keeps `x`.
    pub fn write_layer(
        &self,
        layer: &FeatureLayer,
        mode: WriteMode,
    ) -> Result<Vec<i64>, StoreError> {
        layers::write_layer(self.conn, layer, mode)
    }

    /// Sets the layer's `gpkg_contents.description` (what GIS tools show as its abstract).
    pub fn set_layer_description(&self, layer: &str, text: &str) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE gpkg_contents SET description = ?2 WHERE table_name = ?1",
            rusqlite::params![layer, text],
        )?;
        Ok(())
    }

    /// One feature by fid (`None` when there is none), as this transaction sees it.
    pub fn read_feature(&self, layer: &str, fid: i64) -> Result<Option<Feature>, StoreError> {
        features::read_feature(self.conn, layer, fid)
    }

    /// Inserts one feature (values aligned with the layer's fields); returns its fid: a new
    /// one for `fid: None`, never one used before; `Some(x)` restores a deleted feature `x`.
    pub fn insert_feature(&self, layer: &str, feature: &Feature) -> Result<i64, StoreError> {
        features::insert_feature(self.conn, layer, feature)
    }

    /// Replaces the geometry and values of feature `fid`.
    pub fn update_feature(
        &self,
        layer: &str,
        fid: i64,
        geometry: Option<&Geometry<f64>>,
        values: &[Value],
    ) -> Result<(), StoreError> {
        features::update_feature(self.conn, layer, fid, geometry, values)
    }

    /// Deletes feature `fid`.
    pub fn delete_feature(&self, layer: &str, fid: i64) -> Result<(), StoreError> {
        features::delete_feature(self.conn, layer, fid)
    }

    /// Removes a layer, its registry rows and any spatial index.
    pub fn delete_layer(&self, name: &str) -> Result<(), StoreError> {
        catalog::delete_layer(self.conn, name)
    }

    /// Sets a metadata value. `schema_version` belongs to the store and is refused.
    pub fn set_meta(&self, key: &str, value: &str) -> Result<(), StoreError> {
        if key == "schema_version" || key.trim().is_empty() {
            return Err(StoreError::BadName {
                what: "metadata key",
                name: key.to_string(),
                reason: "reserved or empty".into(),
            });
        }
        self.conn.execute(
            "INSERT INTO ra_meta (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )?;
        Ok(())
    }

    /// Logs an import; returns its id.
    pub fn log_import(&self, e: &history::ImportLogEntry) -> Result<i64, StoreError> {
        history::log_import(self.conn, e)
    }

    /// Appends to the audit trail as the operating system user.
    pub fn audit(&self, action: &str, detail: &str) -> Result<(), StoreError> {
        history::audit(self.conn, &history::current_user(), action, detail)
    }

    /// Appends to the audit trail as `user` (for callers that know better than the OS).
    pub fn audit_as(&self, user: &str, action: &str, detail: &str) -> Result<(), StoreError> {
        history::audit(self.conn, user, action, detail)
    }

    /// Records an analysis run and the layer holding its result; returns its id.
    pub fn record_analysis_run(
        &self,
        kind: &str,
        params_json: &str,
        result_table: Option<&str>,
    ) -> Result<i64, StoreError> {
        history::record_analysis_run(self.conn, kind, params_json, result_table)
    }

    /// Saves an analysis result as a layer (replacing an earlier one of that name), with its
    /// style, an audit row and the run's parameters, as one step of this transaction.
    /// Returns the run's id.
    pub fn save_analysis_layer(
        &self,
        kind: &str,
        layer: &FeatureLayer,
        style_json: Option<&str>,
        params_json: &str,
        audit_detail: &str,
    ) -> Result<i64, StoreError> {
        self.write_layer(layer, WriteMode::Replace)?;
        if let Some(style) = style_json {
            self.set_layer_style(&layer.name, style)?;
        }
        self.audit("analysis", audit_detail)?;
        self.record_analysis_run(kind, params_json, Some(&layer.name))
    }

    /// Stores a layer's style (any JSON the renderer understands; checked to be JSON).
    pub fn set_layer_style(&self, name: &str, style_json: &str) -> Result<(), StoreError> {
        if let Err(e) = serde_json::from_str::<serde_json::Value>(style_json) {
            return Err(StoreError::BadLayer {
                layer: name.to_string(),
                reason: format!("the style is not valid JSON: {e}"),
            });
        }
        self.update_layer(name, "style_json", &style_json)
    }

    pub fn set_layer_visible(&self, name: &str, visible: bool) -> Result<(), StoreError> {
        self.update_layer(name, "visible", &i64::from(visible))
    }

    /// Sets the display order: `names[0]` first. Layers not named keep their order after them.
    pub fn set_layer_order(&self, names: &[&str]) -> Result<(), StoreError> {
        let offset = names.len() as i64;
        self.conn.execute(
            "UPDATE ra_layers SET sort_order = sort_order + ?1",
            [offset],
        )?;
        for (i, name) in names.iter().enumerate() {
            self.update_layer(name, "sort_order", &(i as i64))?;
        }
        Ok(())
    }

    pub fn set_layer_title(&self, name: &str, title: &str) -> Result<(), StoreError> {
        self.update_layer(name, "title", &title)
    }

    fn update_layer(
        &self,
        name: &str,
        column: &'static str,
        value: &dyn rusqlite::ToSql,
    ) -> Result<(), StoreError> {
        let sql = format!("UPDATE ra_layers SET {column} = ?1 WHERE table_name = ?2");
        match self.conn.execute(&sql, params![value, name])? {
            0 => Err(StoreError::NoSuchLayer(name.to_string())),
            _ => Ok(()),
        }
    }
}
