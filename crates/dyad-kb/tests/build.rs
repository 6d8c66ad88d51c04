//! The knowledge-base build: reproducible, and the committed files are
//! exactly what it makes. Both need the staged sources in `../shared/data`
//! and skip with a message without them.

use std::path::{Path, PathBuf};

use dyad_kb::compile;

fn shared_data() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data");
    if dir.join("leaders.tsv").is_file() {
        Some(dir)
    } else {
        eprintln!(
            "SKIP: {} not found; the knowledge-base build tests need the staged sources",
            dir.display()
        );
        None
    }
}

#[test]
fn build_is_reproducible_and_matches_the_committed_files() {
    let Some(from) = shared_data() else { return };
    let first = compile::build(&from).expect("build");
    let second = compile::build(&from).expect("second build");
    assert_eq!(first.files.len(), compile::OUTPUT_FILES.len());
    for ((name, a), (_, b)) in first.files.iter().zip(&second.files) {
        assert!(a == b, "{name}: two builds from the same input differ");
    }
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("kb");
    for (name, text) in &first.files {
        let path = committed.join(name);
        let on_disk = std::fs::read_to_string(&path).expect("committed file");
        assert!(
            *text == on_disk,
            "{} is not what `dyad kb build --from ../shared/data` makes: rebuild and commit it",
            path.display()
        );
    }
}
