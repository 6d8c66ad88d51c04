//! Reading the user's input: a file or standard input, as UTF-8 text.

use std::io::Read;
use std::path::Path;

use anyhow::{Context, bail};

/// Reads `path` (`-` for standard input) as UTF-8 text. Invalid UTF-8 is an
/// error naming the file and the byte offset, never a silent replacement.
pub fn read_text(path: &Path) -> anyhow::Result<String> {
    let name = path.display();
    let bytes = if path.as_os_str() == "-" {
        let mut b = Vec::new();
        std::io::stdin()
            .read_to_end(&mut b)
            .context("reading standard input")?;
        b
    } else {
        std::fs::read(path).with_context(|| format!("{name}: cannot read"))?
    };
    match String::from_utf8(bytes) {
        Ok(s) => Ok(s),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            bail!("{name}: not valid UTF-8 (first bad byte at offset {at})")
        }
    }
}
