//! libFuzzer target: `tablemates::fuzzing::emails` on every input.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| tablemates::fuzzing::emails(data));
