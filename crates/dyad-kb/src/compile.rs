//! `dyad kb build`: compiles the knowledge-base files from the staged
//! sources in `../shared/data` (placeholder; see the issue).
