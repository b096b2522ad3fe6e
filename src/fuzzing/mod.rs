//! The properties the fuzz targets in `fuzz/` check, kept in the library so that a stable unit
//! test replays the checked-in seeds and past findings through exactly the same checks (CI has
//! no nightly toolchain to run libFuzzer).
//!
//! Each function takes arbitrary bytes and panics when a property fails; "does not panic" alone
//! would miss a parser that accepts input it then cannot read back. Compiled for tests and under
//! the `fuzzing` feature only: the service does not link it.

mod csv_import;
mod emails;
mod handles;
mod mdgp;

pub use csv_import::csv_import;
pub use emails::emails;
pub use handles::handles;
pub use mdgp::mdgp;

use crate::domain::is_invisible_format;

/// Panics unless `text` is free of what the input rules forbid in stored identifiers: control
/// characters (CR and LF among them) and the bidi and zero-width characters that make one text
/// pass for another.
fn assert_clean(what: &str, text: &str) {
    let bad = text
        .chars()
        .find(|c| c.is_control() || is_invisible_format(*c));
    assert!(bad.is_none(), "{what} {text:?} holds {bad:?}");
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    type Property = fn(&[u8]);

    /// Every checked-in seed and past finding (`seed-*`, `regression-*` in
    /// `fuzz/corpus/<target>/`), replayed through its target's property.
    #[test]
    fn checked_in_fuzz_inputs_keep_their_properties() {
        let targets: [(&str, Property); 4] = [
            ("handles", super::handles),
            ("emails", super::emails),
            ("csv_import", super::csv_import),
            ("mdgp", super::mdgp),
        ];
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus");
        for (target, property) in targets {
            let mut replayed = 0;
            for entry in std::fs::read_dir(root.join(target)).expect("corpus directory") {
                let path = entry.expect("corpus entry").path();
                let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
                if name.starts_with("seed-") || name.starts_with("regression-") {
                    let data = std::fs::read(&path).expect("corpus file");
                    let outcome = std::panic::catch_unwind(|| property(&data));
                    assert!(outcome.is_ok(), "{target}: {}", path.display());
                    replayed += 1;
                }
            }
            assert!(replayed >= 3, "{target}: only {replayed} checked-in inputs");
        }
    }
}
