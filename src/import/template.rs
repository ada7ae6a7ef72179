//! ARM template expressions that have exactly one literal value: `parameters('p')` with a
//! `defaultValue` (as `az group export` writes them), `variables('v')` holding a string,
//! `resourceId('Type/sub', 'name', ...)` and `concat(...)` of those. Anything else is left as
//! it is, and the reader reports it with its JSON path: peerlab never guesses a value.

use serde_json::{Map, Value};

struct Scope<'a> {
    parameters: Option<&'a Map<String, Value>>,
    variables: Option<&'a Map<String, Value>>,
}

/// A copy of the template with every resolvable expression replaced by its value.
pub fn resolve(template: &Value) -> Value {
    let scope = Scope {
        parameters: template.get("parameters").and_then(Value::as_object),
        variables: template.get("variables").and_then(Value::as_object),
    };
    let mut out = template.clone();
    if let Some(resources) = out.get_mut("resources") {
        walk(resources, &scope, 0);
    }
    out
}

fn walk(v: &mut Value, scope: &Scope, depth: usize) {
    if depth > 64 {
        return;
    }
    match v {
        Value::String(s) if super::json::is_expression(s) => {
            if let Some(x) = eval(&s[1..s.len() - 1], scope) {
                *s = x;
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|i| walk(i, scope, depth + 1)),
        Value::Object(m) => m.values_mut().for_each(|i| walk(i, scope, depth + 1)),
        _ => {}
    }
}

/// Evaluates one expression body (without the brackets), or `None` if it is not literal.
fn eval(src: &str, scope: &Scope) -> Option<String> {
    let mut p = Parser {
        s: src.as_bytes(),
        i: 0,
    };
    let v = p.expr(scope, 0)?;
    p.ws();
    (p.i == p.s.len()).then_some(v)
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn ws(&mut self) {
        while self.i < self.s.len() && self.s[self.i].is_ascii_whitespace() {
            self.i += 1;
        }
    }

    fn eat(&mut self, c: u8) -> bool {
        self.ws();
        if self.s.get(self.i) == Some(&c) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn expr(&mut self, scope: &Scope, depth: usize) -> Option<String> {
        if depth > 16 {
            return None;
        }
        self.ws();
        if self.eat(b'\'') {
            let mut out = String::new();
            loop {
                let c = *self.s.get(self.i)?;
                self.i += 1;
                if c == b'\'' {
                    if self.s.get(self.i) == Some(&b'\'') {
                        self.i += 1;
                        out.push('\'');
                        continue;
                    }
                    return Some(out);
                }
                out.push(c as char);
            }
        }
        let start = self.i;
        while self.i < self.s.len() && self.s[self.i].is_ascii_alphanumeric() {
            self.i += 1;
        }
        let name = std::str::from_utf8(&self.s[start..self.i])
            .ok()?
            .to_ascii_lowercase();
        if !self.eat(b'(') {
            return None;
        }
        let mut args = Vec::new();
        if !self.eat(b')') {
            loop {
                args.push(self.expr(scope, depth + 1)?);
                if self.eat(b')') {
                    break;
                }
                if !self.eat(b',') {
                    return None;
                }
            }
        }
        match (name.as_str(), args.as_slice()) {
            ("parameters", [p]) => scope
                .parameters?
                .get(p)?
                .get("defaultValue")?
                .as_str()
                .map(str::to_string),
            ("variables", [v]) => scope.variables?.get(v)?.as_str().map(str::to_string),
            ("concat", parts) => Some(parts.concat()),
            ("resourceid", [ty, names @ ..]) if !names.is_empty() => {
                // resourceId('Microsoft.Network/virtualNetworks/subnets', 'hub', 'web')
                let mut segs = ty.split('/');
                let provider = segs.next()?;
                let types: Vec<&str> = segs.collect();
                if types.len() != names.len() {
                    return None;
                }
                let mut id = format!("/providers/{provider}");
                for (t, n) in types.iter().zip(names) {
                    id.push_str(&format!("/{t}/{n}"));
                }
                Some(id)
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn literal_expressions_resolve_and_others_stay() {
        let t = json!({
            "parameters": { "hubName": { "type": "String", "defaultValue": "hub-vnet" },
                            "secret": { "type": "String" } },
            "variables": { "web": "web" },
            "resources": [ {
                "name": "[parameters('hubName')]",
                "id": "[resourceId('Microsoft.Network/virtualNetworks/subnets', parameters('hubName'), variables('web'))]",
                "joined": "[concat(parameters('hubName'), '-to-', 'spoke')]",
                "unknown": "[parameters('secret')]",
                "call": "[reference('x').id]"
            } ]
        });
        let r = resolve(&t);
        let x = &r["resources"][0];
        assert_eq!(x["name"], "hub-vnet");
        assert_eq!(
            x["id"],
            "/providers/Microsoft.Network/virtualNetworks/hub-vnet/subnets/web"
        );
        assert_eq!(x["joined"], "hub-vnet-to-spoke");
        assert_eq!(x["unknown"], "[parameters('secret')]");
        assert_eq!(x["call"], "[reference('x').id]");
    }
}
