//! libFuzzer target: `tablemates::fuzzing::handles` on every input.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| tablemates::fuzzing::handles(data));
