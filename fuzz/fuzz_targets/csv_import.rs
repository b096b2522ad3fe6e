//! libFuzzer target: `tablemates::fuzzing::csv_import` on every input.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| tablemates::fuzzing::csv_import(data));
