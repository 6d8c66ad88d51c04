//! The metric of `../shared/eval/README.md`, natively: documents reduced to
//! sets of dyad-events (source key, target key, CAMEO root), matched against
//! the required gold events. It follows the reference `score.py` step by
//! step, so the two agree to the last decimal.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;
use serde_json::Value;

const SYMMETRIC_ROOTS: [&str; 1] = ["04"];

fn key(actor: &Value) -> String {
    if !actor.is_object() {
        return "-".into();
    }
    let s = actor
        .get("org")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .or_else(|| {
            actor
                .get("country")
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty())
        })
        .unwrap_or("-");
    s.to_uppercase()
}

fn code_str(v: &Value) -> String {
    match v {
        Value::String(s) => s.trim().to_owned(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn root(code: &str) -> String {
    if code.chars().count() >= 2 {
        code.chars().take(2).collect()
    } else {
        code.to_owned()
    }
}

fn accept(g: &Value) -> Vec<String> {
    g.get("accept")
        .and_then(Value::as_array)
        .map(|a| a.iter().map(code_str).collect())
        .unwrap_or_default()
}

fn gold_roots(g: &Value) -> HashSet<String> {
    let mut r: HashSet<String> = [root(&code_str(&g["cameo"]))].into();
    for a in accept(g) {
        r.insert(root(&a));
    }
    r
}

fn optional(g: &Value) -> bool {
    g.get("optional").and_then(Value::as_bool).unwrap_or(false)
}

fn is_symmetric(g: &Value) -> bool {
    g.get("symmetric").and_then(Value::as_bool).unwrap_or(false)
        || SYMMETRIC_ROOTS.contains(&root(&code_str(&g["cameo"])).as_str())
}

fn matches(g: &Value, s: &str, t: &str, r: &str) -> bool {
    if !gold_roots(g).contains(r) {
        return false;
    }
    let (gs, gt) = (key(&g["source"]), key(&g["target"]));
    if gs == s && gt == t {
        return true;
    }
    let sym = g.get("symmetric").and_then(Value::as_bool).unwrap_or(false)
        || (SYMMETRIC_ROOTS.contains(&r)
            && SYMMETRIC_ROOTS.contains(&root(&code_str(&g["cameo"])).as_str()));
    sym && gt == s && gs == t
}

type Unit = (String, String, String);

fn unit(g: &Value) -> Unit {
    let (mut s, mut t) = (key(&g["source"]), key(&g["target"]));
    let r = root(&code_str(&g["cameo"]));
    if is_symmetric(g) && s > t {
        std::mem::swap(&mut s, &mut t);
    }
    (s, t, r)
}

/// Per-document counts.
#[derive(Debug, Clone, Serialize)]
pub struct DocScore {
    /// Document id.
    pub doc: String,
    /// True positives.
    pub tp: usize,
    /// False positives.
    pub fp: usize,
    /// False negatives.
    pub fn_: usize,
    /// Predicted dyad-events that matched nothing: (source, target, root).
    pub false_positives: Vec<Unit>,
    /// Required gold dyad-events not matched.
    pub misses: Vec<Unit>,
}

/// The result.
#[derive(Debug, Clone, Serialize)]
pub struct Score {
    /// Per document.
    pub docs: Vec<DocScore>,
    /// Totals.
    pub tp: usize,
    /// Totals.
    pub fp: usize,
    /// Totals.
    #[serde(rename = "fn")]
    pub fn_: usize,
    /// Precision.
    pub precision: f64,
    /// Recall.
    pub recall: f64,
    /// F1.
    pub f1: f64,
    /// Agreement on matched events: name → (fraction, compared).
    pub agreement: BTreeMap<String, (Option<f64>, usize)>,
    /// Predicted events naming no gold document.
    pub stray_events: usize,
}

/// Scores predicted events (JSON objects with `doc`) against gold
/// documents (JSON objects with `id` and `events`).
pub fn score(gold_docs: &[Value], preds: &[Value]) -> Score {
    let mut by_doc: HashMap<String, Vec<&Value>> = HashMap::new();
    for p in preds {
        by_doc.entry(id_of(&p["doc"])).or_default().push(p);
    }
    let (mut tp_all, mut fp_all, mut fn_all) = (0, 0, 0);
    let mut agree: BTreeMap<String, [usize; 2]> = BTreeMap::new();
    let mut docs = Vec::new();
    for doc in gold_docs {
        let did = id_of(&doc["id"]);
        let mut gold: Vec<Value> = doc["events"].as_array().cloned().unwrap_or_default();
        // A symmetric event restating a directional one between the same
        // pair counts with it.
        let snapshot = gold.clone();
        for g in gold.iter_mut() {
            let u = unit(g);
            let sorted = u.0 <= u.1;
            if !optional(g) && sorted && is_symmetric(g) {
                let pair: HashSet<String> = [u.0.clone(), u.1.clone()].into();
                if snapshot.iter().any(|h| {
                    !optional(h)
                        && !is_symmetric(h)
                        && root(&code_str(&h["cameo"])) == u.2
                        && HashSet::from([key(&h["source"]), key(&h["target"])]) == pair
                }) {
                    g["optional"] = Value::Bool(true);
                }
            }
        }
        // One tuple per distinct (source, target, root); the first event
        // keeps the attributes.
        let mut order: Vec<Unit> = Vec::new();
        let mut tuples: HashMap<Unit, &Value> = HashMap::new();
        for p in by_doc.get(&did).map(Vec::as_slice).unwrap_or(&[]) {
            let t = (
                key(&p["source"]),
                key(&p["target"]),
                root(&code_str(&p["cameo"])),
            );
            if let std::collections::hash_map::Entry::Vacant(e) = tuples.entry(t.clone()) {
                order.push(t);
                e.insert(p);
            }
        }
        let mut units = Vec::new();
        let mut seen = HashSet::new();
        for (i, g) in gold.iter().enumerate() {
            let u = unit(g);
            if !optional(g) && seen.insert(u) {
                units.push(i);
            }
        }
        let mut used: HashSet<usize> = HashSet::new();
        let (mut tp, mut fp) = (0, 0);
        let mut false_positives = Vec::new();
        for t in &order {
            let p = tuples[t];
            let hit = units.iter().copied().find(|&i| {
                !used.contains(&i)
                    && gold.iter().any(|h| {
                        !optional(h) && unit(h) == unit(&gold[i]) && matches(h, &t.0, &t.1, &t.2)
                    })
            });
            let Some(hit) = hit else {
                if gold.iter().enumerate().any(|(i, g)| {
                    (optional(g) || used.contains(&i)) && matches(g, &t.0, &t.1, &t.2)
                }) {
                    continue;
                }
                fp += 1;
                false_positives.push(t.clone());
                continue;
            };
            used.insert(hit);
            tp += 1;
            let g = &gold[hit];
            let mut full: HashSet<String> = accept(g).into_iter().collect();
            full.insert(code_str(&g["cameo"]));
            let a = agree.entry("cameo_code".into()).or_default();
            a[0] += full.contains(&code_str(&p["cameo"])) as usize;
            a[1] += 1;
            if let Some(gp) = g
                .get("plover")
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty())
            {
                let pl = match &p["plover"] {
                    Value::Object(o) => o.get("type").cloned().unwrap_or(Value::Null),
                    other => other.clone(),
                };
                let pl = match pl {
                    Value::String(s) => s,
                    Value::Null => String::new(),
                    other => other.to_string(),
                };
                let a = agree.entry("plover_type".into()).or_default();
                a[0] += (pl.to_uppercase() == gp.to_uppercase()) as usize;
                a[1] += 1;
            }
            for side in ["source", "target"] {
                let (ga, pa) = (&g[side], &p[side]);
                if let Some(gs) = ga
                    .get("sector")
                    .and_then(Value::as_str)
                    .filter(|s| !s.is_empty())
                {
                    let ps = pa.get("sector").and_then(Value::as_str).unwrap_or("");
                    let a = agree.entry("sector".into()).or_default();
                    a[0] += (ps.to_uppercase() == gs.to_uppercase()) as usize;
                    a[1] += 1;
                }
                if let Some(ge) = ga
                    .get("entity")
                    .and_then(Value::as_str)
                    .filter(|s| !s.is_empty())
                {
                    let pe = pa.get("entity").and_then(Value::as_str).unwrap_or("");
                    let a = agree.entry("entity".into()).or_default();
                    a[0] += (pe.to_lowercase() == ge.to_lowercase()) as usize;
                    a[1] += 1;
                }
            }
            if let Some(gd) = g
                .get("date")
                .filter(|d| !d.is_null() && d.as_str() != Some(""))
            {
                let a = agree.entry("date".into()).or_default();
                a[0] += (&p["date"] == gd) as usize;
                a[1] += 1;
            }
        }
        let misses = units
            .iter()
            .filter(|i| !used.contains(i))
            .map(|&i| unit(&gold[i]))
            .collect();
        let fn_ = units.len() - used.len();
        tp_all += tp;
        fp_all += fp;
        fn_all += fn_;
        docs.push(DocScore {
            doc: did,
            tp,
            fp,
            fn_,
            false_positives,
            misses,
        });
    }
    let known: HashSet<String> = gold_docs.iter().map(|d| id_of(&d["id"])).collect();
    let stray = preds
        .iter()
        .filter(|p| !known.contains(&id_of(&p["doc"])))
        .count();
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let precision = ratio(tp_all, tp_all + fp_all);
    let recall = ratio(tp_all, tp_all + fn_all);
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    Score {
        docs,
        tp: tp_all,
        fp: fp_all,
        fn_: fn_all,
        precision,
        recall,
        f1,
        agreement: agree
            .into_iter()
            .map(|(k, [a, n])| {
                (
                    k,
                    (
                        if n == 0 {
                            None
                        } else {
                            Some(a as f64 / n as f64)
                        },
                        n,
                    ),
                )
            })
            .collect(),
        stray_events: stray,
    }
}

fn id_of(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => "None".into(),
        other => other.to_string(),
    }
}
