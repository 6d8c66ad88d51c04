//! The query SQL both backends share: [`query_sql`] turns a [`Filter`]
//! into one parameterised statement, in the dialect of the backend.

use crate::Filter;

/// Which SQL the statement is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dialect {
    /// `?N` parameters; `= ... COLLATE NOCASE`; `LIKE` (ASCII case ignored).
    Sqlite,
    /// `$N` parameters; `lower(a) = lower(b)`; `ILIKE`.
    Postgres,
}

impl Dialect {
    /// Parameter number `p` (from 1).
    pub(crate) fn param(self, p: usize) -> String {
        match self {
            Dialect::Sqlite => format!("?{p}"),
            Dialect::Postgres => format!("${p}"),
        }
    }

    /// `column` equals parameter `p`, case ignored.
    fn eq_nocase(self, column: &str, p: usize) -> String {
        match self {
            Dialect::Sqlite => format!("{column} = ?{p} COLLATE NOCASE"),
            Dialect::Postgres => format!("lower({column}) = lower(${p})"),
        }
    }

    /// `column` is like the pattern in parameter `p` (escaped with
    /// [`like_escape`]), case ignored.
    fn like_nocase(self, column: &str, p: usize) -> String {
        match self {
            Dialect::Sqlite => format!("{column} LIKE ?{p} ESCAPE '\\'"),
            Dialect::Postgres => format!("{column} ILIKE ${p} ESCAPE '\\'"),
        }
    }
}

/// A parameter's value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Param {
    Text(String),
    Int(i64),
}

/// A party's match against parameter `p`: key, code, country,
/// organisation or entity, ignoring case.
fn party_match(d: Dialect, side: &str, p: usize) -> String {
    ["key", "code", "country", "org", "entity"]
        .iter()
        .map(|c| d.eq_nocase(&format!("x.{side}_{c}"), p))
        .collect::<Vec<_>>()
        .join(" OR ")
}

/// `value` escaped for `LIKE ... ESCAPE '\'`.
fn like_escape(value: &str) -> String {
    let mut s = String::with_capacity(value.len());
    for c in value.chars() {
        if matches!(c, '%' | '_' | '\\') {
            s.push('\\');
        }
        s.push(c);
    }
    s
}

/// The query for `filter`: SQL text with numbered parameters, and their
/// values. Filter values only ever travel as parameters.
pub(crate) fn query_sql(filter: &Filter, d: Dialect) -> (String, Vec<Param>) {
    let mut sql = String::from(
        "SELECT e.key, e.date, e.symmetric, e.cameo, e.cameo_name, e.quad_class, e.goldstein,
                e.plover_type, e.plover_mode, e.n_mentions, e.n_documents, e.n_sources,
                e.first_seen, e.last_seen, d.name, m.sentence, m.text, m.rule, e.confidence,
                m.source_text, m.source_country, m.source_org, m.source_sector, m.source_entity, m.source_code,
                m.target_text, m.target_country, m.target_org, m.target_sector, m.target_entity, m.target_code,
                m.place_text, m.place_country, m.lat, m.lon, d.url, e.id, e.representative
         FROM events e
         JOIN event_mentions m ON m.id = e.representative
         JOIN documents d ON d.id = m.doc_id",
    );
    let mut values: Vec<Param> = Vec::new();
    let mut wheres: Vec<String> = Vec::new();
    let param = |values: &mut Vec<Param>, v: Param| {
        values.push(v);
        values.len()
    };
    let exists = |cond: String| {
        format!("EXISTS (SELECT 1 FROM event_mentions x WHERE x.event_id = e.id AND ({cond}))")
    };
    for a in &filter.actors {
        let p = param(&mut values, Param::Text(a.trim().to_owned()));
        wheres.push(exists(format!(
            "{} OR {}",
            party_match(d, "source", p),
            party_match(d, "target", p)
        )));
    }
    if filter.source.is_some() || filter.target.is_some() {
        let s = filter
            .source
            .as_ref()
            .map(|v| param(&mut values, Param::Text(v.trim().to_owned())));
        let t = filter
            .target
            .as_ref()
            .map(|v| param(&mut values, Param::Text(v.trim().to_owned())));
        let side = |side: &str, p: Option<usize>| match p {
            Some(p) => format!("({})", party_match(d, side, p)),
            None => "TRUE".into(),
        };
        wheres.push(exists(format!(
            "({} AND {}) OR (x.symmetric AND {} AND {})",
            side("source", s),
            side("target", t),
            side("target", s),
            side("source", t)
        )));
    }
    if let Some(c) = &filter.cameo {
        let p = param(&mut values, Param::Text(format!("{c}%")));
        wheres.push(exists(format!("x.cameo LIKE {}", d.param(p))));
    }
    if let Some(v) = &filter.plover {
        let p = param(&mut values, Param::Text(v.trim().to_owned()));
        wheres.push(d.eq_nocase("e.plover_type", p));
    }
    if let Some(q) = filter.quad_class {
        let p = param(&mut values, Param::Int(q.into()));
        wheres.push(format!("e.quad_class = {}", d.param(p)));
    }
    if let Some(day) = &filter.from {
        let p = param(&mut values, Param::Text(day.clone()));
        wheres.push(format!("e.date >= {}", d.param(p)));
    }
    if let Some(day) = &filter.to {
        let p = param(&mut values, Param::Text(day.clone()));
        wheres.push(format!("e.date <= {}", d.param(p)));
    }
    if let Some(v) = &filter.place {
        let v = v.trim();
        let p = param(&mut values, Param::Text(format!("%{}%", like_escape(v))));
        let q = param(&mut values, Param::Text(v.to_owned()));
        wheres.push(exists(format!(
            "{} OR {}",
            d.like_nocase("x.place_text", p),
            d.eq_nocase("x.place_country", q)
        )));
    }
    if let Some(v) = &filter.text {
        let p = param(&mut values, Param::Text(format!("%{}%", like_escape(v))));
        wheres.push(exists(d.like_nocase("x.text", p)));
    }
    if !wheres.is_empty() {
        sql.push_str("\n WHERE ");
        sql.push_str(&wheres.join("\n   AND "));
    }
    sql.push_str(match d {
        Dialect::Sqlite => "\n ORDER BY e.date, e.key",
        // Byte order, as SQLite sorts, whatever the database's collation.
        Dialect::Postgres => "\n ORDER BY e.date COLLATE \"C\", e.key COLLATE \"C\"",
    });
    if filter.limit.is_some() || filter.offset.is_some() {
        // No limit but an offset: SQLite reads a negative limit as none;
        // PostgreSQL's LIMIT ALL is the same.
        match (filter.limit, d) {
            (Some(n), _) => {
                let p = param(&mut values, Param::Int(n.min(i64::MAX as u64) as i64));
                sql.push_str(&format!(" LIMIT {}", d.param(p)));
            }
            (None, Dialect::Sqlite) => sql.push_str(" LIMIT -1"),
            (None, Dialect::Postgres) => sql.push_str(" LIMIT ALL"),
        }
        if let Some(o) = filter.offset {
            let p = param(&mut values, Param::Int(o.min(i64::MAX as u64) as i64));
            sql.push_str(&format!(" OFFSET {}", d.param(p)));
        }
    }
    (sql, values)
}
