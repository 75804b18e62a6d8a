//! The file of embeddings kept between runs (`clausediff::align::store`):
//! any bytes found at its place are read without a panic, either as
//! records whose vectors have the probe's length or not at all; after one
//! opening the file is whole (a second opening reads the same), and a
//! record appended then is read back.
//!
//! Input: the bytes of the file.

#![no_main]

use std::sync::Arc;

use clausediff::align::store::Store;
use libfuzzer_sys::fuzz_target;

const PROBE: [f32; 4] = [0.5, -0.25, 0.125, 1.0];

fuzz_target!(|data: &[u8]| {
    let path = std::env::temp_dir().join(format!("clausediff-fuzz-store-{}.vec", std::process::id()));
    // A header that matches the probe, then the input: the records are
    // reached as often as the header.
    let mut bytes = Vec::new();
    if data.first().is_some_and(|b| b % 2 == 0) {
        bytes.extend_from_slice(b"CDVECS2\n");
        bytes.extend_from_slice(&(PROBE.len() as u32).to_le_bytes());
        PROBE.iter().for_each(|x| bytes.extend_from_slice(&x.to_le_bytes()));
    }
    bytes.extend_from_slice(data);
    std::fs::write(&path, &bytes).expect("write the input");
    let Ok((store, kept)) = Store::open(&path, &PROBE) else { return };
    assert!(kept.values().all(|v| v.len() == PROBE.len()), "a vector of another length");
    drop(store);
    let (store, again) = Store::open(&path, &PROBE).expect("reopen");
    assert_eq!(again.len(), kept.len(), "a second opening reads otherwise");
    let v: Arc<[f32]> = Arc::from(vec![1.0f32, 2.0, 3.0, 4.0]);
    store.append(&["appended"], &[v.clone()]);
    drop(store);
    let (_, last) = Store::open(&path, &PROBE).expect("reopen");
    assert_eq!(last.get("appended").map(|x| x.to_vec()), Some(v.to_vec()), "an appended record is not read back");
    let _ = std::fs::remove_file(&path);
});
