//! Model files: postcard-serialised, zstd-compressed, versioned.
//!
//! The default models live in `crates/dyad-nlp/models/` and are compiled into
//! the binary with `include_bytes!`, so dyad needs no model download and no
//! file next to the executable. `dyad train` writes the same files; any
//! directory holding them can be loaded instead with [`crate::Nlp::load_dir`].
//!
//! | file | content |
//! |---|---|
//! | `tagger.bin.zst` | [`ModelFile`] of a [`StoredTagger`] |
//! | `parser.bin.zst` | [`ModelFile`] of a [`StoredParser`] |
//! | `lemma-rules.tsv` | suffix rules, `xpos suffix strip append` |
//! | `lemma-exceptions.tsv` | exceptions, `form xpos lemma` |

use std::path::Path;

use serde::{Deserialize, Serialize, de::DeserializeOwned};

use crate::parser::StoredParser;
use crate::tagger::StoredTagger;

/// Bumped whenever a stored type changes shape.
pub const FORMAT_VERSION: u32 = 4;

/// File names inside a model directory.
pub const TAGGER_FILE: &str = "tagger.bin.zst";
/// See [`TAGGER_FILE`].
pub const PARSER_FILE: &str = "parser.bin.zst";
/// See [`TAGGER_FILE`].
pub const LEMMA_RULES_FILE: &str = "lemma-rules.tsv";
/// See [`TAGGER_FILE`]. Training input of the tagger (which keeps the
/// clusters inside its own file), not read at run time.
pub const CLUSTERS_FILE: &str = "clusters.tsv";
/// See [`TAGGER_FILE`].
pub const LEMMA_EXCEPTIONS_FILE: &str = "lemma-exceptions.tsv";

/// Where a model came from, kept inside the file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    /// What it is (`tagger`, `parser`).
    pub kind: String,
    /// Training file name (not its path).
    pub trained_on: String,
    /// Training sentences.
    pub sentences: usize,
    /// Epochs.
    pub epochs: usize,
    /// Seed.
    pub seed: u64,
    /// Headline dev score after the last epoch (accuracy or LAS).
    pub dev_score: f64,
    /// Free-form notes (how tags were produced for the parser...).
    pub notes: String,
}

/// A stored model with its header.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelFile<T> {
    /// [`FORMAT_VERSION`] at write time.
    pub version: u32,
    /// Provenance.
    pub meta: Meta,
    /// The model.
    pub model: T,
}

/// A tagger file.
pub type TaggerFile = ModelFile<StoredTagger>;
/// A parser file.
pub type ParserFile = ModelFile<StoredParser>;

/// A model could not be loaded or saved.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// Reading or writing failed.
    #[error("{path}: {error}")]
    Io {
        /// The file.
        path: String,
        /// The I/O error (shown in the message, so not chained as a source).
        error: std::io::Error,
    },
    /// The bytes are not a model of this version.
    #[error("{path}: not a dyad model file of format {FORMAT_VERSION}: {reason}")]
    Format {
        /// The file.
        path: String,
        /// Why.
        reason: String,
    },
    /// The binary was built without models.
    #[error(
        "this dyad binary was built without {0}; train one with `dyad train` and load it with --models DIR"
    )]
    Missing(&'static str),
    /// The models compiled into the binary could not be decoded.
    #[error("the built-in models are damaged: {0}")]
    Builtin(String),
    /// A lemmatizer file is malformed.
    #[error(transparent)]
    Lemma(#[from] crate::lemma::LemmaFileError),
}

/// Serialises and compresses a model.
pub fn encode<T: Serialize>(file: &ModelFile<T>) -> Vec<u8> {
    let bytes = postcard::to_stdvec(file).expect("models serialise");
    // Level 12: within 2-10% of level 19's size, but decompresses twice as
    // fast (level 19's large window costs cache misses on load).
    zstd::encode_all(&bytes[..], 12).expect("in-memory zstd")
}

/// Decompresses and deserialises a model; `name` labels errors.
pub fn decode<T: DeserializeOwned>(bytes: &[u8], name: &str) -> Result<ModelFile<T>, ModelError> {
    if bytes.is_empty() {
        return Err(ModelError::Format {
            path: name.to_owned(),
            reason: "empty file".into(),
        });
    }
    let raw = zstd::decode_all(bytes).map_err(|e| ModelError::Format {
        path: name.to_owned(),
        reason: format!("zstd: {e}"),
    })?;
    // The version comes first; check it before trusting the rest.
    let (version, _) = postcard::take_from_bytes::<u32>(&raw).map_err(|e| ModelError::Format {
        path: name.to_owned(),
        reason: e.to_string(),
    })?;
    if version != FORMAT_VERSION {
        return Err(ModelError::Format {
            path: name.to_owned(),
            reason: format!("file has format {version}"),
        });
    }
    postcard::from_bytes(&raw).map_err(|e| ModelError::Format {
        path: name.to_owned(),
        reason: e.to_string(),
    })
}

/// Decodes a tagger file into a ready tagger.
pub fn tagger_from_bytes(bytes: &[u8], name: &str) -> Result<crate::Tagger, ModelError> {
    let f: TaggerFile = decode(bytes, name)?;
    crate::Tagger::from_stored(&f.model).ok_or_else(|| inconsistent(name))
}

/// Decodes a parser file into a ready parser.
pub fn parser_from_bytes(bytes: &[u8], name: &str) -> Result<crate::Parser, ModelError> {
    let f: ParserFile = decode(bytes, name)?;
    crate::Parser::from_stored(&f.model).ok_or_else(|| inconsistent(name))
}

fn inconsistent(name: &str) -> ModelError {
    ModelError::Format {
        path: name.to_owned(),
        reason: "its tables do not fit together".into(),
    }
}

/// Writes a model file.
pub fn save<T: Serialize>(file: &ModelFile<T>, path: &Path) -> Result<(), ModelError> {
    std::fs::write(path, encode(file)).map_err(|error| ModelError::Io {
        path: path.display().to_string(),
        error,
    })
}

/// Reads a model file.
pub fn load<T: DeserializeOwned>(path: &Path) -> Result<ModelFile<T>, ModelError> {
    let bytes = std::fs::read(path).map_err(|error| ModelError::Io {
        path: path.display().to_string(),
        error,
    })?;
    decode(&bytes, &path.display().to_string())
}

/// Reads a text file of a model directory.
pub fn read_text(path: &Path) -> Result<String, ModelError> {
    std::fs::read_to_string(path).map_err(|error| ModelError::Io {
        path: path.display().to_string(),
        error,
    })
}
