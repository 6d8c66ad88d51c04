//! Parquet, partitioned by event date the Hive way:
//! `OUT/date=YYYY-MM-DD/part-0.parquet`, which Spark, Trino, DuckDB
//! (`hive_partitioning=true`) and pandas/pyarrow read as a table with a
//! `date` column.
//!
//! - Events with no usable date go to `date=__HIVE_DEFAULT_PARTITION__`,
//!   the name Hive and Spark give the partition of a NULL value, so those
//!   engines (and DuckDB) read their `date` as NULL rather than as a
//!   string that breaks the column's DATE type.
//! - Inside the files the day is a typed column too, `event_date` (Date32),
//!   not `date`, so that it never clashes with the partition column.
//! - Each event carries its mentions as a list of structs (`mentions`),
//!   one file set, no join needed; engines unnest it when asked.
//! - Streaming: events come from the store in date order, so one
//!   partition's file is open at a time, and rows are buffered
//!   [`BATCH_ROWS`] at a time before being handed to the writer, which
//!   closes a row group every [`ROW_GROUP_ROWS`] rows. Memory is bounded
//!   by those two numbers, not by the size of the store. Should a date
//!   come round again (a malformed date sorting between real ones), its
//!   partition gets a further file, `part-1.parquet`.
//! - Compression is zstd, which every reader named above supports.

use std::collections::HashMap;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow_array::builder::{
    BooleanBuilder, Date32Builder, Float64Builder, Int32Builder, Int64Builder, StringBuilder,
};
use arrow_array::{ArrayRef, ListArray, RecordBatch, StructArray};
use arrow_buffer::OffsetBuffer;
use arrow_schema::{DataType, Field, Fields, Schema, SchemaRef};
use dyad_events::Party;
use dyad_store::{StoredEvent, StoredMention};
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::properties::WriterProperties;

use crate::text::{date32, event_id, widen};
use crate::{Result, Sink};

/// Events buffered before they are handed to the Parquet writer.
pub const BATCH_ROWS: usize = 4096;
/// Rows per row group (the unit readers skip and parallelise by).
pub const ROW_GROUP_ROWS: usize = 65_536;
/// The partition of events with no date (Hive's name for NULL).
pub const NO_DATE: &str = "__HIVE_DEFAULT_PARTITION__";

/// The partition directory name of an event date.
pub fn partition(date: &str) -> String {
    match date32(date) {
        Some(_) => format!("date={date}"),
        None => format!("date={NO_DATE}"),
    }
}

fn utf8(name: &str, nullable: bool) -> Field {
    Field::new(name, DataType::Utf8, nullable)
}

/// The fields of one mention (the list column's struct).
pub fn mention_fields() -> Fields {
    Fields::from(vec![
        utf8("doc", false),
        utf8("url", true),
        utf8("outlet", false),
        Field::new("doc_day", DataType::Date32, true),
        Field::new("event_date", DataType::Date32, true),
        Field::new("sentence", DataType::Int64, false),
        Field::new("sentence_start", DataType::Int64, false),
        Field::new("sentence_end", DataType::Int64, false),
        utf8("text", false),
        utf8("source_text", true),
        utf8("target_text", true),
        utf8("cameo", false),
        Field::new("trigger_start", DataType::Int64, false),
        Field::new("trigger_end", DataType::Int64, false),
        Field::new("confidence", DataType::Float64, false),
        Field::new("representative", DataType::Boolean, false),
    ])
}

/// The schema of the events files.
pub fn schema() -> SchemaRef {
    let mut f = vec![
        Field::new("event_id", DataType::Int64, false),
        utf8("key", false),
        Field::new("event_date", DataType::Date32, true),
    ];
    for side in ["source", "target"] {
        for c in PARTY_COLUMNS {
            f.push(utf8(&format!("{side}_{c}"), true));
        }
    }
    f.extend([
        Field::new("symmetric", DataType::Boolean, false),
        utf8("cameo", false),
        utf8("cameo_base", false),
        utf8("cameo_root", false),
        utf8("cameo_name", false),
        Field::new("quad_class", DataType::Int32, false),
        Field::new("goldstein", DataType::Float64, true),
        utf8("plover_type", true),
        utf8("plover_mode", true),
        utf8("place", true),
        utf8("place_country", true),
        Field::new("lat", DataType::Float64, true),
        Field::new("lon", DataType::Float64, true),
        Field::new("num_mentions", DataType::Int64, false),
        Field::new("num_documents", DataType::Int64, false),
        Field::new("num_sources", DataType::Int64, false),
        Field::new("first_seen", DataType::Date32, true),
        Field::new("last_seen", DataType::Date32, true),
        utf8("doc", false),
        utf8("url", true),
        Field::new("sentence", DataType::Int64, false),
        utf8("text", false),
        utf8("rule", false),
        Field::new("confidence", DataType::Float64, false),
        Field::new(
            "mentions",
            DataType::List(Arc::new(Field::new(
                "item",
                DataType::Struct(mention_fields()),
                false,
            ))),
            false,
        ),
    ]);
    Arc::new(Schema::new(f))
}

/// A party's columns, after `source_` or `target_`.
const PARTY_COLUMNS: [&str; 7] = ["key", "code", "name", "country", "org", "sector", "entity"];

fn party_values(p: Option<&Party>) -> [Option<&str>; 7] {
    match p {
        None => [None; 7],
        Some(p) => [
            p.key(),
            Some(p.code.as_str()),
            Some(p.text.as_str()),
            p.country.as_deref(),
            p.org.as_deref(),
            p.sector.as_deref(),
            p.entity.as_deref(),
        ],
    }
}

fn nonempty(s: &str) -> Option<&str> {
    (!s.is_empty()).then_some(s)
}

fn int(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// Rows waiting to be written, column by column.
struct Batch {
    rows: usize,
    event_id: Int64Builder,
    key: StringBuilder,
    event_date: Date32Builder,
    parties: Vec<StringBuilder>,
    symmetric: BooleanBuilder,
    cameo: [StringBuilder; 4],
    quad_class: Int32Builder,
    goldstein: Float64Builder,
    plover: [StringBuilder; 2],
    place: [StringBuilder; 2],
    coords: [Float64Builder; 2],
    counts: [Int64Builder; 3],
    seen: [Date32Builder; 2],
    doc: [StringBuilder; 2],
    sentence: Int64Builder,
    text: [StringBuilder; 2],
    confidence: Float64Builder,
    lengths: Vec<usize>,
    m: Mentions,
}

/// The mentions of the buffered rows, flattened.
#[derive(Default)]
struct Mentions {
    strings: [StringBuilder; 3],
    days: [Date32Builder; 2],
    ints: [Int64Builder; 3],
    text: StringBuilder,
    actors: [StringBuilder; 2],
    cameo: StringBuilder,
    trigger: [Int64Builder; 2],
    confidence: Float64Builder,
    representative: BooleanBuilder,
}

impl Batch {
    fn new() -> Batch {
        Batch {
            rows: 0,
            event_id: Int64Builder::new(),
            key: StringBuilder::new(),
            event_date: Date32Builder::new(),
            parties: (0..2 * PARTY_COLUMNS.len())
                .map(|_| StringBuilder::new())
                .collect(),
            symmetric: BooleanBuilder::new(),
            cameo: Default::default(),
            quad_class: Int32Builder::new(),
            goldstein: Float64Builder::new(),
            plover: Default::default(),
            place: Default::default(),
            coords: Default::default(),
            counts: Default::default(),
            seen: Default::default(),
            doc: Default::default(),
            sentence: Int64Builder::new(),
            text: Default::default(),
            confidence: Float64Builder::new(),
            lengths: Vec::new(),
            m: Mentions::default(),
        }
    }

    fn push(&mut self, e: &StoredEvent, ms: &[StoredMention]) {
        self.rows += 1;
        self.event_id.append_value(event_id(&e.key));
        self.key.append_value(&e.key);
        self.event_date.append_option(date32(&e.date));
        let values = party_values(e.source.as_ref())
            .into_iter()
            .chain(party_values(e.target.as_ref()));
        for (b, v) in self.parties.iter_mut().zip(values) {
            b.append_option(v);
        }
        self.symmetric.append_value(e.symmetric);
        let code = e.cameo.as_str();
        for (b, v) in self.cameo.iter_mut().zip([
            code,
            code.get(..3).unwrap_or(code),
            code.get(..2).unwrap_or(code),
            &e.cameo_name,
        ]) {
            b.append_value(v);
        }
        self.quad_class.append_value(i32::from(e.quad_class));
        self.goldstein.append_option(e.goldstein.map(widen));
        self.plover[0].append_option(nonempty(&e.plover.kind));
        self.plover[1].append_option(nonempty(&e.plover.mode));
        let l = e.location.as_ref();
        self.place[0].append_option(l.map(|l| l.text.as_str()));
        self.place[1].append_option(l.and_then(|l| l.country.as_deref()));
        self.coords[0].append_option(l.and_then(|l| l.lat));
        self.coords[1].append_option(l.and_then(|l| l.lon));
        for (b, n) in self
            .counts
            .iter_mut()
            .zip([e.mentions, e.documents, e.sources])
        {
            b.append_value(int(n));
        }
        self.seen[0].append_option(date32(&e.first_seen));
        self.seen[1].append_option(date32(&e.last_seen));
        self.doc[0].append_value(&e.doc);
        self.doc[1].append_option(e.url.as_deref());
        self.sentence.append_value(int(e.sentence));
        self.text[0].append_value(&e.text);
        self.text[1].append_value(&e.rule);
        self.confidence.append_value(widen(e.confidence));
        self.lengths.push(ms.len());
        let m = &mut self.m;
        for x in ms {
            m.strings[0].append_value(&x.doc);
            m.strings[1].append_option(x.url.as_deref());
            m.strings[2].append_value(&x.outlet);
            m.days[0].append_option(date32(&x.doc_day));
            m.days[1].append_option(date32(&x.date));
            for (b, n) in m.ints.iter_mut().zip([x.sentence, x.start, x.end]) {
                b.append_value(int(n));
            }
            m.text.append_value(&x.text);
            m.actors[0].append_option(x.source_text.as_deref());
            m.actors[1].append_option(x.target_text.as_deref());
            m.cameo.append_value(&x.cameo);
            m.trigger[0].append_value(int(x.trigger[0]));
            m.trigger[1].append_value(int(x.trigger[1]));
            m.confidence.append_value(widen(x.confidence));
            m.representative.append_value(x.representative);
        }
    }

    /// The buffered rows as a record batch; the buffers are emptied.
    fn take(&mut self, schema: &SchemaRef) -> Result<RecordBatch> {
        fn fin<B: arrow_array::builder::ArrayBuilder>(b: &mut B) -> ArrayRef {
            b.finish()
        }
        let m = &mut self.m;
        let mut children: Vec<ArrayRef> = Vec::new();
        children.extend(m.strings.iter_mut().map(fin));
        children.extend(m.days.iter_mut().map(fin));
        children.extend(m.ints.iter_mut().map(fin));
        children.push(fin(&mut m.text));
        children.extend(m.actors.iter_mut().map(fin));
        children.push(fin(&mut m.cameo));
        children.extend(m.trigger.iter_mut().map(fin));
        children.push(fin(&mut m.confidence));
        children.push(fin(&mut m.representative));
        let structs = StructArray::try_new(mention_fields(), children, None).map_err(io)?;
        let item = match schema.field_with_name("mentions").map_err(io)?.data_type() {
            DataType::List(item) => item.clone(),
            _ => unreachable!("mentions is a list"),
        };
        let offsets = OffsetBuffer::<i32>::from_lengths(self.lengths.iter().copied());
        let lists = ListArray::try_new(item, offsets, Arc::new(structs), None).map_err(io)?;
        self.lengths.clear();

        let mut cols: Vec<ArrayRef> = vec![
            fin(&mut self.event_id),
            fin(&mut self.key),
            fin(&mut self.event_date),
        ];
        cols.extend(self.parties.iter_mut().map(fin));
        cols.push(fin(&mut self.symmetric));
        cols.extend(self.cameo.iter_mut().map(fin));
        cols.push(fin(&mut self.quad_class));
        cols.push(fin(&mut self.goldstein));
        cols.extend(self.plover.iter_mut().map(fin));
        cols.extend(self.place.iter_mut().map(fin));
        cols.extend(self.coords.iter_mut().map(fin));
        cols.extend(self.counts.iter_mut().map(fin));
        cols.extend(self.seen.iter_mut().map(fin));
        cols.extend(self.doc.iter_mut().map(fin));
        cols.push(fin(&mut self.sentence));
        cols.extend(self.text.iter_mut().map(fin));
        cols.push(fin(&mut self.confidence));
        cols.push(Arc::new(lists));
        self.rows = 0;
        Ok(RecordBatch::try_new(schema.clone(), cols).map_err(io)?)
    }
}

fn io(e: impl std::error::Error + Send + Sync + 'static) -> std::io::Error {
    std::io::Error::other(e)
}

/// One partition's file being written.
struct Open {
    partition: String,
    path: PathBuf,
    writer: ArrowWriter<File>,
}

/// The Parquet sink: one open file at a time, a new one when the date
/// changes.
pub struct Partitioned {
    out: PathBuf,
    schema: SchemaRef,
    props: WriterProperties,
    open: Option<Open>,
    parts: HashMap<String, usize>,
    batch: Batch,
    files: Vec<PathBuf>,
}

impl Partitioned {
    /// A sink writing under `out`.
    pub fn new(out: &Path) -> Partitioned {
        let props = WriterProperties::builder()
            .set_compression(Compression::ZSTD(ZstdLevel::default()))
            .set_max_row_group_row_count(Some(ROW_GROUP_ROWS))
            .set_created_by(format!("dyad {}", env!("CARGO_PKG_VERSION")))
            .build();
        Partitioned {
            out: out.to_owned(),
            schema: schema(),
            props,
            open: None,
            parts: HashMap::new(),
            batch: Batch::new(),
            files: Vec::new(),
        }
    }

    /// Hands the buffered rows to the open file's writer.
    fn flush(&mut self) -> Result<()> {
        if self.batch.rows == 0 {
            return Ok(());
        }
        let batch = self.batch.take(&self.schema)?;
        let open = self
            .open
            .as_mut()
            .expect("rows are buffered only with a file open");
        open.writer.write(&batch).map_err(io)?;
        Ok(())
    }

    /// Finishes the open file.
    fn close(&mut self) -> Result<()> {
        self.flush()?;
        if let Some(open) = self.open.take() {
            open.writer.close().map_err(io)?;
            self.files.push(open.path);
        }
        Ok(())
    }

    fn start(&mut self, partition: String) -> Result<()> {
        self.close()?;
        let dir = self.out.join(&partition);
        std::fs::create_dir_all(&dir)?;
        let n = self.parts.entry(partition.clone()).or_insert(0);
        let path = dir.join(format!("part-{n}.parquet"));
        *n += 1;
        let file = File::create(&path)?;
        let writer = ArrowWriter::try_new(file, self.schema.clone(), Some(self.props.clone()))
            .map_err(io)?;
        self.open = Some(Open {
            partition,
            path,
            writer,
        });
        Ok(())
    }

    fn push(&mut self, e: &StoredEvent, ms: &[StoredMention]) -> Result<()> {
        let p = partition(&e.date);
        if self.open.as_ref().is_none_or(|o| o.partition != p) {
            self.start(p)?;
        }
        self.batch.push(e, ms);
        if self.batch.rows >= BATCH_ROWS {
            self.flush()?;
        }
        Ok(())
    }
}

impl Sink for Partitioned {
    fn event(&mut self, e: &StoredEvent, ms: &[StoredMention]) -> std::io::Result<()> {
        self.push(e, ms).map_err(|e| match e {
            crate::Error::Io(e) => e,
            e => std::io::Error::other(e),
        })
    }

    fn finish(mut self: Box<Self>) -> Result<Vec<PathBuf>> {
        self.close()?;
        Ok(std::mem::take(&mut self.files))
    }
}
