//! Reading Azure's JSON in either of its shapes: az CLI's flattened one and ARM's nested one
//! (Resource Graph, templates), where a resource's settings sit under `properties`. Every
//! lookup carries its JSON path, so a problem names exactly where it is.

use serde_json::Value;

/// A problem in an input file, located by JSON path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    pub path: String,
    pub message: String,
}

impl Problem {
    pub fn render(&self) -> String {
        format!(
            "{}: {}: {}",
            crate::text::printable(&self.file),
            crate::text::printable(&self.path),
            crate::text::printable(&self.message)
        )
    }
}

/// A JSON value and the path that leads to it.
#[derive(Clone)]
pub struct At<'a> {
    pub v: &'a Value,
    pub path: String,
}

/// The longest a string taken from the input is shown in a message.
const SHOWN: usize = 120;

pub fn shown(s: &str) -> String {
    let mut out: String = s.chars().take(SHOWN).collect();
    if s.chars().count() > SHOWN {
        out.push('…');
    }
    crate::text::quoted(&out)
}

impl<'a> At<'a> {
    pub fn root(v: &'a Value) -> Self {
        At {
            v,
            path: "$".into(),
        }
    }

    /// The member `k`, looked up first on the object itself (az's flattened shape), then
    /// under its `properties` (ARM's nested shape).
    pub fn key(&self, k: &str) -> Option<At<'a>> {
        let obj = self.v.as_object()?;
        if let Some(v) = obj.get(k) {
            return Some(At {
                v,
                path: format!("{}.{k}", self.path),
            });
        }
        let props = obj.get("properties")?.as_object()?;
        props.get(k).map(|v| At {
            v,
            path: format!("{}.properties.{k}", self.path),
        })
    }

    /// A dotted chain of members (`addressSpace.addressPrefixes`).
    pub fn dig(&self, keys: &str) -> Option<At<'a>> {
        let mut at = self.clone();
        for k in keys.split('.') {
            at = at.key(k)?;
        }
        Some(at)
    }

    pub fn problem(&self, file: &str, message: impl Into<String>) -> Problem {
        Problem {
            file: file.to_string(),
            path: self.path.clone(),
            message: message.into(),
        }
    }

    /// This value as a string (`null` counts as absent).
    pub fn as_str(&self, file: &str) -> Result<Option<&'a str>, Problem> {
        match self.v {
            Value::Null => Ok(None),
            Value::String(s) => {
                if is_expression(s) {
                    Err(self.problem(file, expression_message(s)))
                } else {
                    Ok(Some(s))
                }
            }
            _ => Err(self.problem(file, "expected a string")),
        }
    }

    pub fn str(&self, file: &str, keys: &str) -> Result<Option<&'a str>, Problem> {
        match self.dig(keys) {
            Some(at) => at.as_str(file),
            None => Ok(None),
        }
    }

    pub fn req_str(&self, file: &str, keys: &str) -> Result<&'a str, Problem> {
        self.str(file, keys)?.ok_or_else(|| Problem {
            file: file.to_string(),
            path: format!("{}.{keys}", self.path),
            message: format!("`{keys}` is missing; it is needed to import this resource"),
        })
    }

    pub fn bool(&self, file: &str, keys: &str) -> Result<Option<bool>, Problem> {
        match self.dig(keys) {
            None => Ok(None),
            Some(at) => match at.v {
                Value::Null => Ok(None),
                Value::Bool(b) => Ok(Some(*b)),
                Value::String(s) if is_expression(s) => {
                    Err(at.problem(file, expression_message(s)))
                }
                _ => Err(at.problem(file, "expected true or false")),
            },
        }
    }

    pub fn int(&self, file: &str, keys: &str) -> Result<Option<i64>, Problem> {
        match self.dig(keys) {
            None => Ok(None),
            Some(at) => match at.v {
                Value::Null => Ok(None),
                Value::Number(n) => n
                    .as_i64()
                    .map(Some)
                    .ok_or_else(|| at.problem(file, "expected a whole number")),
                Value::String(s) if is_expression(s) => {
                    Err(at.problem(file, expression_message(s)))
                }
                _ => Err(at.problem(file, "expected a number")),
            },
        }
    }

    /// The elements of an array member (absent or `null`: none).
    pub fn arr(&self, file: &str, keys: &str) -> Result<Vec<At<'a>>, Problem> {
        match self.dig(keys) {
            None => Ok(Vec::new()),
            Some(at) => at.elements(file),
        }
    }

    pub fn elements(&self, file: &str) -> Result<Vec<At<'a>>, Problem> {
        match self.v {
            Value::Null => Ok(Vec::new()),
            Value::Array(items) => Ok(items
                .iter()
                .enumerate()
                .map(|(i, v)| At {
                    v,
                    path: format!("{}[{i}]", self.path),
                })
                .collect()),
            _ => Err(self.problem(file, "expected an array")),
        }
    }

    /// An array of strings (absent: empty).
    pub fn strs(&self, file: &str, keys: &str) -> Result<Vec<&'a str>, Problem> {
        let mut out = Vec::new();
        for e in self.arr(file, keys)? {
            if let Some(s) = e.as_str(file)? {
                out.push(s);
            }
        }
        Ok(out)
    }

    /// The `id` of a reference member (`{ "id": "/subscriptions/..." }`).
    pub fn ref_id(&self, file: &str, keys: &str) -> Result<Option<&'a str>, Problem> {
        match self.dig(keys) {
            None => Ok(None),
            Some(at) if at.v.is_null() => Ok(None),
            Some(at) => at.str(file, "id"),
        }
    }
}

/// An ARM template expression (`[parameters('x')]`); `[[` escapes a literal bracket.
pub fn is_expression(s: &str) -> bool {
    s.starts_with('[') && s.ends_with(']') && !s.starts_with("[[")
}

fn expression_message(s: &str) -> String {
    format!(
        "the template expression {} cannot be resolved to a literal value; export the deployed \
         resources instead (for example `az network vnet list`, or `az graph query`), or replace \
         the expression with its value",
        shown(s)
    )
}

/// A resource id reduced to what joins resources: provider, then type/name pairs, lowercase
/// (`microsoft.network/virtualnetworks/hub/subnets/web`). Subscription and resource group are
/// dropped, so a template's `resourceId(...)` and a deployed id meet.
pub fn id_key(id: &str) -> String {
    let lower = id.to_ascii_lowercase();
    let tail = match lower.rfind("/providers/") {
        Some(i) => &lower[i + "/providers/".len()..],
        None => lower.trim_start_matches('/'),
    };
    tail.trim_end_matches('/').to_string()
}

/// The name of the resource of `kind` (e.g. `virtualNetworks`) an id names or lies under.
pub fn name_in(id: &str, kind: &str) -> Option<String> {
    let segs: Vec<&str> = id.split('/').collect();
    segs.iter()
        .position(|s| s.eq_ignore_ascii_case(kind))
        .and_then(|i| segs.get(i + 1))
        .filter(|s| !s.is_empty())
        .map(|s| s.to_string())
}

/// The last segment of an id: the resource's own name.
pub fn last(id: &str) -> String {
    id.trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or(id)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn both_shapes_answer_the_same_lookup() {
        let flat = json!({ "addressSpace": { "addressPrefixes": ["10.0.0.0/16"] } });
        let nested =
            json!({ "properties": { "addressSpace": { "addressPrefixes": ["10.0.0.0/16"] } } });
        for v in [&flat, &nested] {
            let at = At::root(v);
            assert_eq!(
                at.strs("f", "addressSpace.addressPrefixes").unwrap(),
                vec!["10.0.0.0/16"]
            );
        }
        let p = At::root(&nested)
            .dig("addressSpace.addressPrefixes")
            .unwrap()
            .path;
        assert_eq!(p, "$.properties.addressSpace.addressPrefixes");
    }

    #[test]
    fn an_expression_is_refused_with_its_path() {
        let v = json!({ "name": "[parameters('vnetName')]" });
        let e = At::root(&v).str("t.json", "name").unwrap_err();
        assert_eq!(e.path, "$.name");
        assert!(e.message.contains("cannot be resolved"), "{}", e.message);
        let lit = json!({ "name": "[[literal]" });
        assert_eq!(
            At::root(&lit).str("t.json", "name").unwrap(),
            Some("[[literal]")
        );
    }

    #[test]
    fn ids_reduce_to_join_keys() {
        let id = "/subscriptions/s/resourceGroups/RG/providers/Microsoft.Network/virtualNetworks/Hub/subnets/web";
        assert_eq!(
            id_key(id),
            "microsoft.network/virtualnetworks/hub/subnets/web"
        );
        assert_eq!(name_in(id, "virtualNetworks").as_deref(), Some("Hub"));
        assert_eq!(last(id), "web");
    }
}
