//! Feature properties of GeoJSON and TopoJSON, read in the file's key order and turned into
//! typed fields.
//!
//! Input: each feature's `properties` member as it appears in the file (serde_json's own map
//! sorts keys, so [`Props`] and [`OrderedMap`] keep the order themselves). Output: the fields
//! (the union of all keys in first-seen order) and each feature's values aligned with them.
//!
//! Kinds are inferred over a field's non-null values: all booleans → `Bool`; all integers
//! that fit in i64 → `Int`; all numbers → `Real`; anything else → `Text`, where numbers and
//! booleans keep their JSON spelling and nested objects/arrays become their JSON text.

use std::collections::HashMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value as Json;

use crate::model::{FieldDef, FieldKind, Value};

/// A feature's `properties` member, keys in file order (a repeated key keeps its first place
/// and its last value).
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Props {
    /// Absent or `null`.
    #[default]
    Empty,
    Object(Vec<(String, Json)>),
    /// Something other than an object: the JSON type found ("a number", "an array" …).
    NotAnObject(&'static str),
}

impl Props {
    /// The key/value pairs (none unless an object).
    pub fn into_pairs(self) -> Vec<(String, Json)> {
        match self {
            Props::Object(pairs) => pairs,
            _ => Vec::new(),
        }
    }
}

impl<'de> Deserialize<'de> for Props {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(PropsVisitor)
    }
}

struct PropsVisitor;

impl<'de> Visitor<'de> for PropsVisitor {
    type Value = Props;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a properties object")
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Props, A::Error> {
        ordered_entries(map).map(Props::Object)
    }
    fn visit_unit<E>(self) -> Result<Props, E> {
        Ok(Props::Empty)
    }
    fn visit_none<E>(self) -> Result<Props, E> {
        Ok(Props::Empty)
    }
    fn visit_bool<E>(self, _: bool) -> Result<Props, E> {
        Ok(Props::NotAnObject("a boolean"))
    }
    fn visit_i64<E>(self, _: i64) -> Result<Props, E> {
        Ok(Props::NotAnObject("a number"))
    }
    fn visit_u64<E>(self, _: u64) -> Result<Props, E> {
        Ok(Props::NotAnObject("a number"))
    }
    fn visit_f64<E>(self, _: f64) -> Result<Props, E> {
        Ok(Props::NotAnObject("a number"))
    }
    fn visit_str<E>(self, _: &str) -> Result<Props, E> {
        Ok(Props::NotAnObject("a string"))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Props, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Props::NotAnObject("an array"))
    }
}

fn ordered_entries<'de, A: MapAccess<'de>, V: Deserialize<'de>>(
    mut map: A,
) -> Result<Vec<(String, V)>, A::Error> {
    let mut out: Vec<(String, V)> = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    while let Some((key, value)) = map.next_entry::<String, V>()? {
        match seen.get(&key) {
            Some(&i) => out[i].1 = value,
            None => {
                seen.insert(key.clone(), out.len());
                out.push((key, value));
            }
        }
    }
    Ok(out)
}

/// A JSON object whose members keep their file order (TopoJSON `objects`).
#[derive(Debug, Clone, PartialEq)]
pub struct OrderedMap<V>(pub Vec<(String, V)>);

impl<'de, V: Deserialize<'de>> Deserialize<'de> for OrderedMap<V> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct MapVisitor<V>(PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for MapVisitor<V> {
            type Value = OrderedMap<V>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                ordered_entries(map).map(OrderedMap)
            }
        }
        d.deserialize_map(MapVisitor(PhantomData))
    }
}

/// Adds each feature's `id` (GeoJSON/TopoJSON feature id) as a property named `id`, or
/// `feature_id` when the properties already have an `id`. Does nothing when no feature has one.
pub fn add_feature_ids(props: &mut [Vec<(String, Json)>], ids: Vec<Option<Json>>) {
    if ids.iter().all(|id| id.as_ref().is_none_or(Json::is_null)) {
        return;
    }
    let taken = props.iter().flatten().any(|(k, _)| k == "id");
    let name = if taken { "feature_id" } else { "id" };
    for (p, id) in props.iter_mut().zip(ids) {
        p.insert(0, (name.to_string(), id.unwrap_or(Json::Null)));
    }
}

/// Fields (union of keys, first-seen order) and each record's values aligned with them.
pub fn build_fields(props: Vec<Vec<(String, Json)>>) -> (Vec<FieldDef>, Vec<Vec<Value>>) {
    let mut names: Vec<String> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut kinds: Vec<KindGuess> = Vec::new();
    for (key, value) in props.iter().flatten() {
        let i = *index.entry(key.clone()).or_insert_with(|| {
            names.push(key.clone());
            kinds.push(KindGuess::default());
            names.len() - 1
        });
        kinds[i].see(value);
    }
    let fields: Vec<FieldDef> = names
        .iter()
        .zip(&kinds)
        .map(|(n, k)| FieldDef::new(n, k.kind()))
        .collect();
    let rows = props
        .into_iter()
        .map(|pairs| {
            let mut row = vec![Value::Null; fields.len()];
            for (key, json) in pairs {
                if let Some(&i) = index.get(&key) {
                    row[i] = to_value(json, fields[i].kind);
                }
            }
            row
        })
        .collect();
    (fields, rows)
}

#[derive(Debug, Clone, Copy)]
struct KindGuess {
    any: bool,
    all_bool: bool,
    all_int: bool,
    all_num: bool,
}

impl Default for KindGuess {
    fn default() -> Self {
        Self {
            any: false,
            all_bool: true,
            all_int: true,
            all_num: true,
        }
    }
}

impl KindGuess {
    fn see(&mut self, v: &Json) {
        match v {
            Json::Null => return,
            Json::Bool(_) => (self.all_int, self.all_num) = (false, false),
            Json::Number(n) => {
                self.all_bool = false;
                self.all_int &= n.is_i64();
            }
            _ => (self.all_bool, self.all_int, self.all_num) = (false, false, false),
        }
        self.any = true;
    }

    fn kind(&self) -> FieldKind {
        match *self {
            KindGuess { any: false, .. } => FieldKind::Text,
            KindGuess { all_bool: true, .. } => FieldKind::Bool,
            KindGuess { all_int: true, .. } => FieldKind::Int,
            KindGuess { all_num: true, .. } => FieldKind::Real,
            _ => FieldKind::Text,
        }
    }
}

fn to_value(json: Json, kind: FieldKind) -> Value {
    match (json, kind) {
        (Json::Null, _) => Value::Null,
        (Json::Bool(b), FieldKind::Bool) => Value::Bool(b),
        (Json::Number(n), FieldKind::Int) => n.as_i64().map_or(Value::Null, Value::Int),
        (Json::Number(n), FieldKind::Real) => n.as_f64().map_or(Value::Null, Value::Real),
        (Json::String(s), _) => Value::Text(s),
        (other, _) => Value::Text(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(text: &str) -> Vec<(String, Json)> {
        serde_json::from_str::<Props>(text).unwrap().into_pairs()
    }

    #[test]
    fn keeps_file_order_and_infers_kinds() {
        let rows = vec![
            pairs(r#"{"z": 1, "a": true, "m": 1.5, "t": "Korçë", "o": {"k": [1]}}"#),
            pairs(r#"{"a": false, "z": 2, "m": 2, "t": 7, "n": null, "o": null}"#),
        ];
        let (fields, values) = build_fields(rows);
        let names: Vec<_> = fields.iter().map(|f| (f.name.as_str(), f.kind)).collect();
        use FieldKind::*;
        assert_eq!(
            names,
            [
                ("z", Int),
                ("a", Bool),
                ("m", Real),
                ("t", Text),
                ("o", Text),
                ("n", Text)
            ]
        );
        assert_eq!(values[0][3], Value::Text("Korçë".into()));
        assert_eq!(values[0][4], Value::Text(r#"{"k":[1]}"#.into()));
        assert_eq!(values[1][2], Value::Real(2.0));
        assert_eq!(values[1][3], Value::Text("7".into()));
        assert_eq!(values[1][5], Value::Null);
    }

    #[test]
    fn non_objects_and_ids() {
        assert_eq!(
            serde_json::from_str::<Props>("[1, 2]").unwrap(),
            Props::NotAnObject("an array")
        );
        assert_eq!(serde_json::from_str::<Props>("null").unwrap(), Props::Empty);
        let mut rows = vec![pairs(r#"{"id": 5}"#), vec![]];
        add_feature_ids(&mut rows, vec![Some(Json::from("A")), None]);
        assert_eq!(rows[0][0].0, "feature_id");
        assert_eq!(rows[1][0], ("feature_id".to_string(), Json::Null));
    }
}
