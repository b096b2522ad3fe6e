//! libFuzzer target: `tablemates::fuzzing::mdgp` on every input.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| tablemates::fuzzing::mdgp(data));
