//! The bead-file reader: `parse_beads_checked` and `parse_beads` (they must
//! agree), then the checks run on a gold file (duplicate ids, ranges) and
//! the scoring of the beads against themselves.
//!
//! Input: the bead file (invalid UTF-8 replaced).

#![no_main]

use clausediff::align::bead::{check_ranges, duplicate_ids, parse_beads, parse_beads_checked};
use clausediff::align::eval::count;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let checked = parse_beads_checked(&text);
    let plain = parse_beads(&text);
    match (&checked, &plain) {
        (Ok(c), Ok(p)) => assert_eq!(&c.beads, p, "parse_beads and parse_beads_checked disagree"),
        (Err(_), Err(_)) => {}
        _ => panic!("parse_beads and parse_beads_checked disagree on success: {checked:?} vs {plain:?}"),
    }
    let Ok(parsed) = checked else { return };
    let _ = duplicate_ids(&parsed.beads);
    let max = |side: usize| {
        parsed.beads.iter().flat_map(|b| if side == 0 { &b.0 } else { &b.1 }).max().map_or(0, |&m| m.saturating_add(1))
    };
    let (ns, nt) = (max(0), max(1));
    assert!(check_ranges(&parsed.beads, ns, nt).is_ok(), "ids below their maximum + 1 refused");
    let _ = check_ranges(&parsed.beads, ns / 2, nt / 2);
    let _ = clausediff::score(&count(&parsed.beads, &parsed.beads));
});
