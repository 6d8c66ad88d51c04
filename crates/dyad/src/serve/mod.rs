//! `dyad serve`: the store over HTTP, as a JSON API under `/api/` and a
//! dashboard at `/`.
//!
//! The handlers only parse parameters and write JSON: every read is a
//! method of [`dyad_store::SqliteStore`] (`dyad_store::read`), run on a
//! blocking thread with a read-only connection from a small pool. The
//! dashboard is our own HTML, CSS and JavaScript, compiled into the binary
//! with `include_str!`, so the binary needs nothing beside it.
//!
//! Safety: the server binds 127.0.0.1 unless told otherwise; the database
//! is opened read-only; request bodies are limited ([`BODY_LIMIT`]) and so
//! are query strings ([`QUERY_LIMIT`]); every request has a timeout; a bad
//! parameter is a 400 with `{"error": "..."}`, and so is every other error
//! (with its status); `POST /api/code` (which codes a pasted article and
//! stores nothing) is off unless `--allow-code`, and codes at most
//! [`CODE_SLOTS`] articles at a time.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use dyad_store::read::{Interval, Span, is_day, marks, parts};
use dyad_store::{Filter, SqliteStore, Store as _};
use serde::Serialize;
use serde_json::{Value, json};

use crate::Engine;

/// The largest request body: 1 MB.
pub const BODY_LIMIT: usize = 1 << 20;
/// The longest query string.
pub const QUERY_LIMIT: usize = 4096;
/// Articles coded at once by `POST /api/code`.
pub const CODE_SLOTS: usize = 2;

const INDEX_HTML: &str = include_str!("assets/index.html");
const APP_JS: &str = include_str!("assets/app.js");
const APP_CSS: &str = include_str!("assets/app.css");
const OPENAPI: &str = include_str!("assets/openapi.json");

/// What the server serves.
pub struct Config {
    /// The database written by `dyad ingest`.
    pub db: PathBuf,
    /// Where to listen.
    pub addr: SocketAddr,
    /// The time a request may take.
    pub timeout: Duration,
    /// The engine for `POST /api/code`; `None` keeps it off.
    pub engine: Option<Engine<'static>>,
}

/// Read-only connections, reused.
struct Pool {
    db: PathBuf,
    idle: Mutex<Vec<SqliteStore>>,
}

impl Pool {
    fn take(&self) -> dyad_store::Result<SqliteStore> {
        let idle = self.idle.lock().ok().and_then(|mut v| v.pop());
        match idle {
            Some(s) => Ok(s),
            None => SqliteStore::open_read_only(&self.db),
        }
    }

    fn give(&self, s: SqliteStore) {
        if let Ok(mut v) = self.idle.lock()
            && v.len() < 8
        {
            v.push(s);
        }
    }
}

struct AppState {
    pool: Pool,
    engine: Option<Engine<'static>>,
    slots: tokio::sync::Semaphore,
}

type Shared = Arc<AppState>;

/// An error answered as `{"error": "..."}` with its status.
#[derive(Debug)]
pub struct ApiError(StatusCode, String);

impl ApiError {
    fn bad(msg: impl Into<String>) -> ApiError {
        ApiError(StatusCode::BAD_REQUEST, msg.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.0, Json(json!({ "error": self.1 }))).into_response()
    }
}

impl From<dyad_store::Error> for ApiError {
    fn from(e: dyad_store::Error) -> ApiError {
        match e {
            dyad_store::Error::Filter(m) => {
                // The store names command-line options; here they are
                // query parameters.
                let m = [
                    "actor", "source", "target", "cameo", "plover", "quad", "from", "to", "place",
                    "text",
                ]
                .iter()
                .fold(m, |m, n| m.replace(&format!("--{n}"), n));
                ApiError::bad(m)
            }
            e => {
                eprintln!("dyad serve: {e}");
                ApiError(StatusCode::INTERNAL_SERVER_ERROR, e.to_string())
            }
        }
    }
}

type ApiResult = Result<Response, ApiError>;

/// The query string as (name, value) pairs; a name not in `allowed` is an
/// error, so a typo is not silently ignored.
fn params(raw: Option<String>, allowed: &[&str]) -> Result<Vec<(String, String)>, ApiError> {
    let raw = raw.unwrap_or_default();
    let mut out = Vec::new();
    for (k, v) in form_urlencoded::parse(raw.as_bytes()) {
        if !allowed.contains(&k.as_ref()) {
            return Err(ApiError::bad(format!(
                "unknown parameter {k:?} (known: {})",
                allowed.join(", ")
            )));
        }
        out.push((k.into_owned(), v.into_owned()));
    }
    Ok(out)
}

fn one(ps: &[(String, String)], name: &str) -> Result<Option<String>, ApiError> {
    let mut it = ps.iter().filter(|(k, _)| k == name);
    let v = it.next().map(|(_, v)| v.clone());
    if it.next().is_some() {
        return Err(ApiError::bad(format!("{name} is given twice")));
    }
    match v {
        Some(v) if v.trim().is_empty() => Err(ApiError::bad(format!("{name} is empty"))),
        v => Ok(v),
    }
}

fn number(ps: &[(String, String)], name: &str, max: u64) -> Result<Option<u64>, ApiError> {
    match one(ps, name)? {
        None => Ok(None),
        Some(v) => match v.trim().parse::<u64>() {
            Ok(n) if n <= max => Ok(Some(n)),
            _ => Err(ApiError::bad(format!(
                "{name} {v:?} is not a whole number from 0 to {max}"
            ))),
        },
    }
}

fn day(ps: &[(String, String)], name: &str) -> Result<Option<String>, ApiError> {
    match one(ps, name)? {
        Some(d) if !is_day(&d) => Err(ApiError::bad(format!(
            "{name} {d:?} is not a date of the form YYYY-MM-DD"
        ))),
        d => Ok(d),
    }
}

/// Runs a read on a blocking thread with a pooled connection.
async fn read<T, F>(state: &Shared, f: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&mut SqliteStore) -> dyad_store::Result<T> + Send + 'static,
{
    let state = state.clone();
    tokio::task::spawn_blocking(move || {
        let mut store = state.pool.take()?;
        let out = f(&mut store);
        state.pool.give(store);
        out
    })
    .await
    .map_err(|e| ApiError(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?
    .map_err(ApiError::from)
}

fn json<T: Serialize>(v: &T) -> Response {
    Json(v).into_response()
}

const EVENT_PARAMS: &[&str] = &[
    "actor", "source", "target", "cameo", "plover", "quad", "from", "to", "place", "text", "limit",
    "offset",
];

async fn events(State(s): State<Shared>, RawQuery(q): RawQuery) -> ApiResult {
    let ps = params(q, EVENT_PARAMS)?;
    let quad = number(&ps, "quad", 4)?;
    let limit = number(&ps, "limit", 1000)?.unwrap_or(50);
    let offset = number(&ps, "offset", i64::MAX as u64)?.unwrap_or(0);
    let filter = Filter {
        actors: ps
            .iter()
            .filter(|(k, _)| k == "actor")
            .map(|(_, v)| v.clone())
            .collect(),
        source: one(&ps, "source")?,
        target: one(&ps, "target")?,
        cameo: one(&ps, "cameo")?,
        plover: one(&ps, "plover")?,
        quad_class: quad.map(|q| q as u8),
        from: one(&ps, "from")?,
        to: one(&ps, "to")?,
        place: one(&ps, "place")?,
        text: one(&ps, "text")?,
        limit: Some(limit),
        offset: Some(offset),
    };
    filter.validate()?;
    let (total, events) = read(&s, move |st| {
        Ok((st.count_events(&filter)?, st.events(&filter)?))
    })
    .await?;
    let next = offset + events.len() as u64;
    Ok(json(&json!({
        "total": total,
        "limit": limit,
        "offset": offset,
        "next_offset": (next < total).then_some(next),
        "events": events,
    })))
}

async fn event(State(s): State<Shared>, Path(key): Path<String>) -> ApiResult {
    if key.is_empty() || key.len() > 64 || !key.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(ApiError::bad(format!(
            "{key:?} is not an event key (hex digits, as /api/events gives them)"
        )));
    }
    let k = key.clone();
    match read(&s, move |st| st.event(&k)).await? {
        Some(d) => Ok(json(&d)),
        None => Err(ApiError(
            StatusCode::NOT_FOUND,
            format!("no event with key {key}"),
        )),
    }
}

async fn actors(State(s): State<Shared>, RawQuery(q): RawQuery) -> ApiResult {
    let ps = params(q, &["limit"])?;
    let limit = number(&ps, "limit", 10_000)?.unwrap_or(200);
    let actors = read(&s, move |st| st.actors(limit)).await?;
    Ok(json(&json!({ "actors": actors })))
}

fn span(ps: &[(String, String)]) -> Result<Span, ApiError> {
    Ok(Span {
        source: one(ps, "source")?,
        target: one(ps, "target")?,
        from: day(ps, "from")?,
        to: day(ps, "to")?,
    })
}

async fn series(State(s): State<Shared>, RawQuery(q): RawQuery) -> ApiResult {
    let ps = params(q, &["source", "target", "from", "to", "interval"])?;
    let interval: Interval = one(&ps, "interval")?
        .as_deref()
        .unwrap_or("month")
        .parse()?;
    let span = span(&ps)?;
    let name = match interval {
        Interval::Day => "day",
        Interval::Week => "week",
        Interval::Month => "month",
    };
    let sp = span.clone();
    let series = read(&s, move |st| st.series(&sp, interval)).await?;
    Ok(json(&json!({
        "source": span.source, "target": span.target, "interval": name, "series": series,
    })))
}

async fn network(State(s): State<Shared>, RawQuery(q): RawQuery) -> ApiResult {
    let ps = params(q, &["source", "target", "from", "to", "limit"])?;
    let limit = number(&ps, "limit", 5000)?.unwrap_or(150);
    let span = span(&ps)?;
    let net = read(&s, move |st| st.network(&span, limit)).await?;
    Ok(json(&net))
}

async fn info(State(s): State<Shared>) -> ApiResult {
    let counts = read(&s, |st| st.counts()).await?;
    Ok(json(&json!({
        "version": env!("CARGO_PKG_VERSION"),
        "counts": counts,
        "allow_code": s.engine.is_some(),
    })))
}

/// The body of `POST /api/code` and `/api/explain`.
fn code_body(
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<(String, crate::kb::Day), ApiError> {
    let body = body.map_err(|e| ApiError(e.status(), e.body_text()))?;
    let v: Value = serde_json::from_slice(&body)
        .map_err(|e| ApiError::bad(format!("the body is not JSON: {e}")))?;
    let text = v
        .get("text")
        .and_then(Value::as_str)
        .ok_or_else(|| ApiError::bad("the body needs a \"text\" string"))?;
    if text.trim().is_empty() {
        return Err(ApiError::bad("text is empty"));
    }
    let day = match v.get("date") {
        None | Some(Value::Null) => crate::kb::date::today(),
        Some(Value::String(d)) if d.is_empty() => crate::kb::date::today(),
        Some(Value::String(d)) => match crate::engine::parse_day(d) {
            Some(day) if is_day(d) => day,
            _ => {
                return Err(ApiError::bad(format!(
                    "date {d:?} is not a date of the form YYYY-MM-DD"
                )));
            }
        },
        Some(_) => return Err(ApiError::bad("date must be a string YYYY-MM-DD")),
    };
    Ok((text.to_owned(), day))
}

/// Runs `f` with the engine on a blocking thread, at most
/// [`CODE_SLOTS`] at a time; 403 when coding is off.
async fn with_engine<T, F>(s: &Shared, f: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&Engine<'static>) -> T + Send + 'static,
{
    if s.engine.is_none() {
        return Err(ApiError(
            StatusCode::FORBIDDEN,
            "coding is off: start the server with `dyad serve --allow-code`".into(),
        ));
    }
    let _permit = s
        .slots
        .acquire()
        .await
        .map_err(|e| ApiError(StatusCode::SERVICE_UNAVAILABLE, e.to_string()))?;
    let s = s.clone();
    tokio::task::spawn_blocking(move || f(s.engine.as_ref().expect("checked above")))
        .await
        .map_err(|e| ApiError(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))
}

async fn code(
    State(s): State<Shared>,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> ApiResult {
    let (text, day) = code_body(body)?;
    let (y, m, d) = day;
    let coded = with_engine(&s, move |engine| {
        let doc = crate::ingest::Document {
            id: "pasted".into(),
            key: String::new(),
            origin: "pasted".into(),
            format: crate::ingest::Format::Text,
            body: text,
            // The engine dates a document by its own date first.
            published: Some(format!("{y:04}-{m:02}-{d:02}")),
            url: None,
        };
        engine.code(&doc)
    })
    .await?;
    let events: Vec<Value> = coded
        .events
        .iter()
        .map(|e| {
            let verb = [
                e.evidence.span[0].saturating_sub(e.span[0]),
                e.evidence.span[1].saturating_sub(e.span[0]),
            ];
            let m = marks(
                &e.text,
                Some(verb),
                e.source.as_ref().map_or("", |p| p.text.as_str()),
                e.target.as_ref().map_or("", |p| p.text.as_str()),
            );
            let mut v = serde_json::to_value(e).unwrap_or(Value::Null);
            v["parts"] = serde_json::to_value(parts(&e.text, &m)).unwrap_or(Value::Null);
            v["marks"] = serde_json::to_value(&m).unwrap_or(Value::Null);
            v
        })
        .collect();
    let sentences: Vec<Value> = coded
        .sentences
        .iter()
        .enumerate()
        .map(|(i, s)| {
            json!({"index": i, "start": s[0], "end": s[1],
                   "text": coded.text.get(s[0]..s[1]).unwrap_or("")})
        })
        .collect();
    let (y, m, d) = coded.day;
    Ok(json(&json!({
        "day": format!("{y:04}-{m:02}-{d:02}"),
        "sentences": sentences,
        "events": events,
    })))
}

async fn explain(
    State(s): State<Shared>,
    body: Result<Bytes, axum::extract::rejection::BytesRejection>,
) -> ApiResult {
    let (text, day) = code_body(body)?;
    if text.len() > 4000 {
        return Err(ApiError::bad(
            "explain takes a sentence or a few (at most 4000 bytes)",
        ));
    }
    let lines = with_engine(&s, move |engine| {
        crate::explain::explain(engine, &text, day)
    })
    .await?;
    Ok(json(&json!({ "lines": lines })))
}

fn asset(kind: &'static str, body: &'static str) -> Response {
    ([(header::CONTENT_TYPE, kind)], body).into_response()
}

/// Every error answers JSON, whoever made it (a body too large, a method
/// not allowed, a timeout); and every answer carries headers that keep a
/// browser from guessing types or framing the dashboard.
async fn guard(req: Request, next: Next) -> Response {
    if req.uri().query().is_some_and(|q| q.len() > QUERY_LIMIT) {
        return ApiError(
            StatusCode::URI_TOO_LONG,
            format!("the query string is longer than {QUERY_LIMIT} bytes"),
        )
        .into_response();
    }
    let mut res = next.run(req).await;
    let status = res.status();
    let is_json = res
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    if (status.is_client_error() || status.is_server_error()) && !is_json {
        let msg = status.canonical_reason().unwrap_or("error").to_lowercase();
        res = (status, Json(json!({ "error": msg }))).into_response();
    }
    let h = res.headers_mut();
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; style-src 'self'; script-src 'self'; img-src 'self' data:",
        ),
    );
    res
}

/// The application: API, OpenAPI description, dashboard.
pub fn router(db: PathBuf, engine: Option<Engine<'static>>, timeout: Duration) -> Router {
    let state = Arc::new(AppState {
        pool: Pool {
            db,
            idle: Mutex::new(Vec::new()),
        },
        engine,
        slots: tokio::sync::Semaphore::new(CODE_SLOTS),
    });
    Router::new()
        .route(
            "/",
            get(|| async { asset("text/html; charset=utf-8", INDEX_HTML) }),
        )
        .route(
            "/app.js",
            get(|| async { asset("text/javascript; charset=utf-8", APP_JS) }),
        )
        .route(
            "/app.css",
            get(|| async { asset("text/css; charset=utf-8", APP_CSS) }),
        )
        .route(
            "/openapi.json",
            get(|| async { asset("application/json", OPENAPI) }),
        )
        .route("/api/info", get(info))
        .route("/api/events", get(events))
        .route("/api/events/{key}", get(event))
        .route("/api/actors", get(actors))
        .route("/api/series", get(series))
        .route("/api/network", get(network))
        .route("/api/code", post(code))
        .route("/api/explain", post(explain))
        .fallback(|| async { ApiError(StatusCode::NOT_FOUND, "no such page".into()) })
        .with_state(state)
        .layer(axum::extract::DefaultBodyLimit::max(BODY_LIMIT))
        .layer(tower_http::limit::RequestBodyLimitLayer::new(BODY_LIMIT))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            timeout,
        ))
        .layer(middleware::from_fn(guard))
}

/// Serves until Ctrl-C (or SIGTERM). Checks the database first, so a
/// wrong path fails at start, not at the first request.
pub async fn run(config: Config) -> anyhow::Result<()> {
    drop(SqliteStore::open_read_only(&config.db)?);
    let listener = tokio::net::TcpListener::bind(config.addr).await?;
    let addr = listener.local_addr()?;
    eprintln!(
        "dyad serve: {} on http://{addr}/ (coding {})",
        config.db.display(),
        if config.engine.is_some() { "on" } else { "off" }
    );
    let app = router(config.db, config.engine, config.timeout);
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let ctrl_c = tokio::signal::ctrl_c();
            #[cfg(unix)]
            {
                let mut term =
                    tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
                        .expect("SIGTERM handler");
                tokio::select! { _ = ctrl_c => {}, _ = term.recv() => {} }
            }
            #[cfg(not(unix))]
            let _ = ctrl_c.await;
        })
        .await?;
    Ok(())
}
