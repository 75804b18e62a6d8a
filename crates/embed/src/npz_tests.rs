//! Tests of the `.npz` reader.

use super::*;

#[test]
fn a_file_that_is_no_zip_archive_has_no_directory() {
    assert!(read_directory(b"PK\x03\x04 definitely not a zip", 0).is_none());
    assert!(read_directory(b"", 0).is_none());
    let dir = std::env::temp_dir().join(format!("clausediff-npz-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("weights.npz");
    std::fs::write(&path, b"\x00\x01binary garbage").expect("write");
    let err = Npz::open(&path).err().expect("garbage is refused");
    assert!(err.to_string().contains("not a readable zip archive"), "{err}");
    std::fs::remove_dir_all(&dir).ok();
}

/// A zip archive of `members` (name, data), each stored.
fn stored_zip(members: &[(String, Vec<u8>)]) -> Vec<u8> {
    let (mut out, mut dir) = (Vec::new(), Vec::new());
    for (name, data) in members {
        let mut crc = flate2::Crc::new();
        crc.update(data);
        let offset = out.len() as u32;
        let fields = |out: &mut Vec<u8>| {
            out.extend(0u16.to_le_bytes()); // method: stored
            out.extend([0u8; 4]); // time, date
            out.extend(crc.sum().to_le_bytes());
            out.extend((data.len() as u32).to_le_bytes());
            out.extend((data.len() as u32).to_le_bytes());
            out.extend((name.len() as u16).to_le_bytes());
            out.extend(0u16.to_le_bytes()); // extra
        };
        out.extend(b"PK\x03\x04\x14\x00\x00\x00");
        fields(&mut out);
        out.extend(name.as_bytes());
        out.extend(data);
        dir.extend(b"PK\x01\x02\x14\x00\x14\x00\x00\x00");
        fields(&mut dir);
        dir.extend([0u8; 10]); // comment length, disk, attributes
        dir.extend(offset.to_le_bytes());
        dir.extend(name.as_bytes());
    }
    let at = out.len() as u32;
    out.extend(&dir);
    out.extend(b"PK\x05\x06\x00\x00\x00\x00");
    out.extend((members.len() as u16).to_le_bytes());
    out.extend((members.len() as u16).to_le_bytes());
    out.extend((dir.len() as u32).to_le_bytes());
    out.extend(at.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out
}

#[test]
fn a_directory_longer_than_the_tail_read_is_read_whole() {
    let arr = npy("|u1", "(3,)", &[7, 8, 9]);
    // 3000 members: a directory of about 200 KB, more than TAIL.
    let members: Vec<(String, Vec<u8>)> =
        (0..3000).map(|i| (format!("array-number-{i:05}.npy"), arr.clone())).collect();
    let zip = stored_zip(&members);
    let dir = std::env::temp_dir().join(format!("clausediff-npz-long-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("weights.npz");
    std::fs::write(&path, &zip).expect("write");
    let npz = Npz::open(&path).expect("a long directory is read");
    assert_eq!(npz.members.len(), 3000);
    assert_eq!(npz.read("array-number-02999").expect("last member").data, vec![7, 8, 9]);
    assert_eq!(npz.read("array-number-00000").expect("first member").data, vec![7, 8, 9]);
    // A changed byte of a member's data is a CRC error, not a wrong array.
    let mut bad = zip;
    let first = bad.windows(3).position(|w| w == [7, 8, 9]).expect("data");
    bad[first] = 1;
    std::fs::write(&path, &bad).expect("write");
    let npz = Npz::open(&path).expect("the directory is intact");
    assert!(matches!(npz.read("array-number-00000"), Err(EmbedError::BadNpz(m)) if m.contains("CRC")));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn npy_parser_accepts_good_and_rejects_bad() {
    assert!(parse_npy("x", b"not numpy".to_vec()).is_err());
    let mut good = b"\x93NUMPY\x01\x00".to_vec();
    let header = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";
    let mut h = header.to_string();
    while !(10 + h.len() + 1).is_multiple_of(64) {
        h.push(' ');
    }
    h.push('\n');
    good.extend((h.len() as u16).to_le_bytes());
    good.extend(h.as_bytes());
    let data: Vec<u8> = (0..6).flat_map(|i| (i as f32).to_le_bytes()).collect();
    let mut full = good.clone();
    full.extend(&data);
    let arr = parse_npy("x", full).expect("valid npy");
    assert_eq!(arr.shape, vec![2, 3]);
    assert_eq!(arr.to_f32("x").expect("f32"), vec![0.0, 1.0, 2.0, 3.0, 4.0, 5.0]);
    let mut short = good;
    short.extend(&data[..10]);
    assert!(parse_npy("x", short).is_err(), "truncated data must be an error");
}

fn npy(descr: &str, shape: &str, data: &[u8]) -> Vec<u8> {
    let h = format!("{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape}, }}\n");
    let mut out = b"\x93NUMPY\x01\x00".to_vec();
    out.extend((h.len() as u16).to_le_bytes());
    out.extend(h.as_bytes());
    out.extend(data);
    out
}

#[test]
fn absurd_shapes_are_errors_not_overflows() {
    let huge = npy("<f4", "(4294967296, 4294967296, 16)", &[0; 8]);
    assert!(matches!(parse_npy("x", huge), Err(EmbedError::BadNpz(m)) if m.contains("shape overflow")));
    let max = npy("|u1", "(18446744073709551615,)", &[0; 8]);
    assert!(matches!(parse_npy("x", max), Err(EmbedError::BadNpz(m)) if m.contains("truncated data")));
    assert_eq!(parse_npy("x", npy("|u1", "(2,)", &[7, 9])).expect("valid").data, vec![7, 9]);
}

#[test]
fn non_finite_weights_are_errors() {
    let values = |v: &[f32]| v.iter().flat_map(|x| x.to_le_bytes()).collect::<Vec<u8>>();
    let ok = parse_npy("w", npy("<f4", "(3,)", &values(&[1.0, -2.5, 0.0]))).expect("valid");
    assert_eq!(ok.to_f32("w").expect("finite"), vec![1.0, -2.5, 0.0]);
    assert_eq!(ok.len(), 3);
    for bad in [f32::NAN, f32::INFINITY, f32::NEG_INFINITY] {
        let arr = parse_npy("w", npy("<f4", "(3,)", &values(&[1.0, bad, 0.0]))).expect("parses");
        assert!(matches!(arr.to_f32("w"), Err(EmbedError::BadNpz(m)) if m.contains("value 1")), "{bad}");
    }
}

#[test]
fn zip_offsets_past_the_end_are_errors() {
    // An end-of-directory record asking for ZIP64, whose locator points at u64::MAX.
    let mut b = Vec::new();
    b.extend(b"PK\x06\x07");
    b.extend(0u32.to_le_bytes());
    b.extend(u64::MAX.to_le_bytes());
    b.extend(1u32.to_le_bytes());
    b.extend(b"PK\x05\x06");
    b.extend([0u8; 4]);
    b.extend(0xFFFFu16.to_le_bytes());
    b.extend(0xFFFFu16.to_le_bytes());
    b.extend(0xFFFF_FFFFu32.to_le_bytes());
    b.extend(0xFFFF_FFFFu32.to_le_bytes());
    b.extend(0u16.to_le_bytes());
    assert!(read_directory(&b, 0).is_none());
    // The same end record read from an offset: its locator is past the end.
    assert!(read_directory(&b, 1 << 20).is_none());
    // A member whose local header is at u64::MAX − 1.
    let dir = std::env::temp_dir().join(format!("clausediff-npz-end-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("w.npz");
    std::fs::write(&path, &b).expect("write");
    let npz = Npz {
        path: path.clone(),
        members: vec![Member {
            name: "w.npy".into(),
            method: 0,
            crc: 0,
            compressed: 4,
            size: 4,
            local_offset: u64::MAX - 1,
        }],
    };
    assert!(npz.read("w").is_err());
    std::fs::remove_dir_all(&dir).ok();
    assert!(slice(&[1, 2, 3], usize::MAX, 2).is_none());
}

/// A stored `.npy` whose header is longer than the bytes first read for
/// it, one whose data is cut short, and one with a changed header byte.
#[test]
fn stored_members_with_long_headers_short_data_or_bad_crc() {
    let long = format!("{{'descr': '|u1', 'fortran_order': False, 'shape': (4,), {}}}\n", " ".repeat(5000));
    let mut with_long = b"\x93NUMPY\x01\x00".to_vec();
    with_long.extend((long.len() as u16).to_le_bytes());
    with_long.extend(long.as_bytes());
    with_long.extend([1, 2, 3, 4]);
    let short = npy("|u1", "(5,)", &[1, 2, 3]);
    let good = npy("|u1", "(2,)", &[5, 6]);
    let members =
        [("long.npy".to_string(), with_long), ("short.npy".to_string(), short), ("good.npy".to_string(), good)];
    let mut zip = stored_zip(&members);
    let dir = std::env::temp_dir().join(format!("clausediff-npz-stored-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("weights.npz");
    std::fs::write(&path, &zip).expect("write");
    let npz = Npz::open(&path).expect("archive");
    assert_eq!(npz.read("long").expect("a long header is read whole").data, vec![1, 2, 3, 4]);
    assert!(matches!(npz.read("short"), Err(EmbedError::BadNpz(m)) if m.contains("truncated")));
    assert_eq!(npz.read("good").expect("good").data, vec![5, 6]);
    // A changed byte of the header (not of the data) is caught by the CRC too.
    let at = zip.windows(6).rposition(|w| w == b"(2,), ").expect("header of good.npy");
    zip[at + 1] = b'1';
    std::fs::write(&path, &zip).expect("write");
    let npz = Npz::open(&path).expect("archive");
    assert!(matches!(npz.read("good"), Err(EmbedError::BadNpz(m)) if m.contains("CRC")));
    std::fs::remove_dir_all(&dir).ok();
}
