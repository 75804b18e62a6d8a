//! Exactness against the Python package (fixtures from scripts/embed/make_reference.py).

mod embed_support;

use embed_support::*;

#[test]
fn token_ids_match_python() {
    let Some(enc) = encoder_or_skip("token_ids_match_python") else { return };
    let corpus = load_corpus();
    let index = corpus_index(&corpus);
    let refs = std::fs::read_to_string(data_dir().join("ref_tokens.jsonl")).expect("ref_tokens.jsonl");
    let (mut checked, mut skipped) = (0usize, 0usize);
    let mut failures = Vec::new();
    for line in refs.lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("ref line");
        let src = v["src"].as_str().unwrap_or_default().to_string();
        let ln = v["line"].as_u64().unwrap_or(0) as usize;
        let Some(&i) = index.get(&(src.clone(), ln)) else {
            skipped += 1;
            continue;
        };
        let e = &corpus[i];
        assert_eq!(
            e.text.chars().count() as u64,
            v["nchars"].as_u64().unwrap_or(0),
            "{src}:{ln}: corpus text changed since the fixtures were made"
        );
        let want: Vec<u32> =
            v["ids"].as_array().expect("ids").iter().map(|x| x.as_u64().unwrap_or(u64::MAX) as u32).collect();
        let got = enc.tokenize(&e.text);
        checked += 1;
        if got != want {
            failures.push(format!(
                "{src}:{ln} {:?}\n  want {:?}\n  got  {:?}",
                e.text.chars().take(80).collect::<String>(),
                &want[..want.len().min(40)],
                &got[..got.len().min(40)]
            ));
        }
    }
    eprintln!("token ids: {}/{} identical ({} references skipped)", checked - failures.len(), checked, skipped);
    assert!(failures.is_empty(), "{} mismatches:\n{}", failures.len(), failures.join("\n"));
    assert_eq!(skipped, 0, "references whose sentence is not in the corpus");
}

#[test]
fn embeddings_match_python() {
    let Some(enc) = encoder_or_skip("embeddings_match_python") else { return };
    let corpus = load_corpus();
    let index = corpus_index(&corpus);
    let meta = std::fs::read_to_string(data_dir().join("ref_emb.jsonl")).expect("ref_emb.jsonl");
    let raw = std::fs::read(data_dir().join("ref_emb.f16")).expect("ref_emb.f16");
    let rows: Vec<(usize, usize)> = meta
        .lines()
        .enumerate()
        .filter_map(|(r, line)| {
            let v: serde_json::Value = serde_json::from_str(line).expect("meta line");
            let key = (v["src"].as_str().unwrap_or_default().to_string(), v["line"].as_u64().unwrap_or(0) as usize);
            index.get(&key).map(|&i| (r, i))
        })
        .collect();
    assert_eq!(raw.len(), meta.lines().count() * 512 * 2);
    // The sentence files are in the repository: every reference must be found.
    assert_eq!(rows.len(), meta.lines().count(), "reference embeddings whose sentence is not in the corpus");
    let texts: Vec<&str> = rows.iter().map(|&(_, i)| corpus[i].text.as_str()).collect();
    let got = enc.encode(&texts);
    let mut min_cos = f64::INFINITY;
    let mut worst = String::new();
    for (k, &(r, i)) in rows.iter().enumerate() {
        let want: Vec<f32> = raw[r * 1024..(r + 1) * 1024]
            .chunks_exact(2)
            .map(|c| f16_to_f32(u16::from_le_bytes([c[0], c[1]])))
            .collect();
        let g = &got[k];
        assert_eq!(g.len(), 512);
        let dot: f64 = g.iter().zip(&want).map(|(a, b)| f64::from(*a) * f64::from(*b)).sum();
        let na: f64 = g.iter().map(|a| f64::from(*a).powi(2)).sum::<f64>().sqrt();
        let nb: f64 = want.iter().map(|a| f64::from(*a).powi(2)).sum::<f64>().sqrt();
        let cos = dot / (na * nb);
        assert!((na - 1.0).abs() < 1e-3, "output not normalized: {na}");
        if cos < min_cos {
            min_cos = cos;
            worst = format!(
                "{}:{} {:?}",
                corpus[i].src,
                corpus[i].line,
                corpus[i].text.chars().take(60).collect::<String>()
            );
        }
    }
    let n_rows = rows.len();
    let one_minus = 1.0 - min_cos;
    eprintln!("embeddings: {n_rows} sentences, min cosine {min_cos:.9} (1 - cos = {one_minus:.2e}; {worst})");
    assert!(min_cos >= 0.999, "min cosine {min_cos} < 0.999 at {worst}");
}

#[test]
fn batch_composition_does_not_matter() {
    let Some(enc) = encoder_or_skip("batch_composition_does_not_matter") else { return };
    let texts = ["今天天气很好。", "", "The weather is nice today.", "Сегодня хорошая погода."];
    let all = enc.encode(&texts);
    for (t, e) in texts.iter().zip(&all) {
        // Bit for bit: the kept embeddings (`clausediff::align::store`)
        // rely on it.
        let one = enc.encode(&[t]);
        assert!(one[0].iter().zip(e).all(|(a, b)| a.to_bits() == b.to_bits()), "{t:?}");
        let mixed = enc.encode(&["短", t, &"A longer neighbour in the batch. ".repeat(40)]);
        assert!(mixed[1].iter().zip(e).all(|(a, b)| a.to_bits() == b.to_bits()), "{t:?} beside others");
    }
    assert!(enc.encode(&[]).is_empty());
}

/// Three units each long enough for its runs to be made from its own pass.
const LONG_UNITS: [&str; 3] = [
    "The Member States note the need to continue cooperation in environmental protection.",
    "They support the restoration and conservation of biodiversity and combating desertification.",
    "成員國指出，有必要繼續在環境保護，生物多樣性恢覆和保護，防治荒漠化等領域開展合作。",
];

#[test]
fn a_run_from_its_texts_own_pass_is_the_joined_tokens_vector() {
    use clausediff::embed::Window;
    let Some(enc) = encoder_or_skip("a_run_from_its_texts_own_pass_is_the_joined_tokens_vector") else { return };
    let [a, b, c] = LONG_UNITS;
    let texts = [
        a,
        b,
        c,
        "短句。",
        "成員國指出，有必要繼續在環境保護，生物多樣性恢覆和保護，防治荒漠化等領域開展合作。",
        "Государства-члены отмечают необходимость продолжения сотрудничества в области охраны окружающей среды.",
        &"A long sentence of many words that goes on. ".repeat(30),
        "The Member States support the work of the regional anti-terrorist structure.",
        "Short.",
        &"Past the longest run of the network in one piece. ".repeat(120),
        "The last sentence of the test, of a dozen tokens or more.",
    ];
    let n = texts.len();
    let runs: Vec<Window> = (2..=4).flat_map(|len| (0..n).map(move |start| Window { start, len })).collect();
    let (singles, joined) = enc.encode_windows(&texts, &runs);
    let alone = enc.encode(&texts);
    for (t, (a, b)) in texts.iter().zip(singles.iter().zip(&alone)) {
        assert!(a.iter().zip(b).all(|(x, y)| x.to_bits() == y.to_bits()), "{t:?} alone");
    }
    let ids: Vec<Vec<u32>> = texts.iter().map(|t| enc.tokenize(t)).collect();
    // Made from the texts' passes: each of 8 content tokens at least and
    // within one piece of the network.
    let own = |i: usize| (10..=1024).contains(&ids[i].len());
    let mut made = [0; 5];
    for (w, v) in runs.iter().zip(&joined) {
        if w.start + w.len > n {
            assert!(v.is_empty(), "{w:?} past the last text");
            continue;
        }
        let members = w.start..w.start + w.len;
        if w.len > 2 && !members.clone().all(own) {
            assert!(v.is_empty(), "{w:?} holds a text too short or too long for its edges");
            continue;
        }
        let mut whole: Vec<u32> = Vec::new();
        for i in members.clone() {
            let from = if i == w.start { 0 } else { 1 };
            let to = if i == w.start + w.len - 1 { ids[i].len() } else { ids[i].len() - 1 };
            whole.extend_from_slice(&ids[i][from..to]);
        }
        let direct = &enc.encode_tokens(&[whole])[0];
        let cos = clausediff::embed::cosine(direct, v);
        let far = direct.iter().zip(v).map(|(x, y)| (x - y).abs()).fold(0f32, f32::max);
        assert!(cos > 0.99999 && far < 1e-4, "{w:?}: cosine {cos}, largest difference {far}");
        made[w.len] += 1;
    }
    assert!(made[3] >= 2 && made[4] >= 1, "runs of three and four made from passes: {made:?}");
    // Runs in any order, repeated, or past the end.
    let asked = [Window { start: 2, len: 3 }, Window { start: 0, len: 2 }, Window { start: 0, len: 2 }];
    let asked = [&asked[..], &[Window { start: 99, len: 2 }, Window { start: 1, len: 1 }, Window { start: 0, len: 3 }]]
        .concat();
    let (again, some) = enc.encode_windows(&texts, &asked);
    assert!(again.iter().zip(&singles).all(|(a, b)| a == b));
    for (k, w) in asked.iter().enumerate() {
        match runs.iter().position(|r| r == w) {
            Some(at) => assert_eq!(&some[k], &joined[at], "{w:?}, asked as {k}"),
            None => assert!(some[k].is_empty(), "{w:?} is no run"),
        }
    }
    // An English pair's joined tokens are those of the joined text.
    let text = format!("{} {}", texts[0], texts[1]);
    assert!(clausediff::embed::cosine(&enc.encode(&[&text])[0], &joined[0]) > 0.99999);
}

#[test]
fn missing_dir_is_an_error() {
    let err = clausediff::embed::Encoder::load(std::path::Path::new("/nonexistent/usem3")).err().expect("must fail");
    assert!(matches!(err, clausediff::embed::EmbedError::MissingFile(_)), "{err}");
    eprintln!("error message: {err}");
}

#[test]
fn garbage_files_are_errors_not_panics() {
    use clausediff::embed::{EmbedError, Encoder};
    let dir = tempfile::tempdir().expect("temp dir");
    let (npz, sp) = (dir.path().join("weights.npz"), dir.path().join("sp.model"));
    std::fs::write(&npz, b"PK\x03\x04 definitely not a zip").expect("write");
    std::fs::write(&sp, b"\x0a\xff\xff\xff\xff\x0f garbage").expect("write");
    let err = Encoder::load(dir.path()).err().expect("must fail");
    eprintln!("error message: {err}");
    assert!(matches!(err, EmbedError::BadModel(_)), "{err}");
    // With a valid tokenizer model, the broken weights are what is reported.
    let Some(real) = embed_support::model_dir_or_skip("garbage weights beside a valid sp.model") else { return };
    std::fs::copy(real.join("sp.model"), &sp).expect("copy sp.model");
    let err = Encoder::load(dir.path()).err().expect("must fail");
    eprintln!("error message: {err}");
    assert!(matches!(err, EmbedError::BadNpz(_)), "{err}");
}

#[test]
fn truncated_or_corrupted_weights_are_errors() {
    let Some(dir) = model_dir_or_skip("truncated_or_corrupted_weights_are_errors") else { return };
    let weights = std::fs::read(dir.join("weights.npz")).expect("weights.npz");
    let sp = std::fs::read(dir.join("sp.model")).expect("sp.model");
    let dir = tempfile::tempdir().expect("temp dir");
    let tmp = dir.path();
    std::fs::write(tmp.join("sp.model"), &sp).expect("write");
    // cut in half: the central directory is gone
    std::fs::write(tmp.join("weights.npz"), &weights[..weights.len() / 2]).expect("write");
    let err = clausediff::embed::Encoder::load(tmp).err().expect("truncated npz must fail");
    assert!(matches!(err, clausediff::embed::EmbedError::BadNpz(_)), "{err}");
    eprintln!("error message: {err}");
    // flip bytes inside the first member's compressed data: inflate or CRC fails
    let mut bad = weights.clone();
    for b in &mut bad[200..4000] {
        *b ^= 0x5a;
    }
    std::fs::write(tmp.join("weights.npz"), &bad).expect("write");
    let err = clausediff::embed::Encoder::load(tmp).err().expect("corrupted npz must fail");
    assert!(matches!(err, clausediff::embed::EmbedError::BadNpz(_)), "{err}");
    eprintln!("error message: {err}");
    // truncated sp.model
    std::fs::write(tmp.join("weights.npz"), &weights).expect("write");
    std::fs::write(tmp.join("sp.model"), &sp[..sp.len() / 3]).expect("write");
    let err = clausediff::embed::Encoder::load(tmp).err().expect("truncated sp.model must fail");
    assert!(matches!(err, clausediff::embed::EmbedError::BadModel(_)), "{err}");
    eprintln!("error message: {err}");
}

#[test]
fn a_store_gives_the_next_handle_the_encoder_s_own_vectors_without_encoding() {
    use clausediff::align::semantic::Model;
    let Some(enc) = encoder_or_skip("a_store_gives_the_next_handle_the_encoder_s_own_vectors") else { return };
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("kept.vec");
    let texts = ["今天天气很好。", "The weather is nice today.", "Сегодня хорошая погода.", ""];
    let (first, note) = Model::with_store(enc.clone(), &path);
    assert_eq!(note, None);
    let made = first.embed(&texts);
    assert_eq!(first.encoded(), (1, texts.len()));
    let (second, note) = Model::with_store(enc.clone(), &path);
    assert_eq!(note, None);
    let kept = second.embed(&texts);
    assert_eq!(second.encoded(), (0, 0), "every text was kept");
    for (a, b) in made.iter().zip(&kept) {
        assert!(a.iter().zip(b.iter()).all(|(x, y)| x.to_bits() == y.to_bits()));
    }
    // A new text is encoded, and kept for the next handle.
    second.embed(&["Новый текст."]);
    assert_eq!(second.encoded(), (1, 1));
    let (third, _) = Model::with_store(enc, &path);
    third.embed(&["Новый текст.", texts[0]]);
    assert_eq!(third.encoded(), (0, 0));
}

#[test]
fn windows_are_kept_like_texts_and_a_pair_is_not_its_joined_text() {
    use clausediff::align::semantic::Model;
    let Some(enc) = encoder_or_skip("windows_are_kept_like_texts") else { return };
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("kept.vec");
    let units = ["今天天气很好，我们去公园散步吧。", "公园里有很多人在跑步和打太极拳。", "晚上回家吃饭。"];
    let (first, _) = Model::with_store(enc.clone(), &path);
    let (singles, runs) = first.embed_windows(&units, 2);
    let pairs = &runs[0];
    assert_eq!((singles.len(), runs.len(), pairs.len()), (3, 1, 2));
    for (i, pair) in pairs.iter().enumerate() {
        let alone = &enc.encode_windows(&units, &[clausediff::embed::Window { start: i, len: 2 }]).1[0];
        assert!(pair.iter().zip(alone).all(|(x, y)| x.to_bits() == y.to_bits()), "pair {i} is units {i} and {}", i + 1);
    }
    assert_eq!(first.encoded(), (1, 5), "three units and two pairs in one run");
    let again = first.embed_windows(&units, 2);
    assert_eq!(first.encoded(), (1, 5), "met once for the life of the handle");
    assert!(again.1[0].iter().zip(pairs).all(|(a, b)| a == b));
    let (second, _) = Model::with_store(enc.clone(), &path);
    let (kept_singles, kept_runs) = second.embed_windows(&units, 2);
    assert_eq!(second.encoded(), (0, 0), "every unit and pair was kept");
    for (a, b) in singles.iter().chain(pairs).zip(kept_singles.iter().chain(&kept_runs[0])) {
        assert!(a.iter().zip(b.iter()).all(|(x, y)| x.to_bits() == y.to_bits()));
    }
    // The joined text is a text of its own, encoded from its text.
    let joined = format!("{}{}", units[0], units[1]);
    second.embed(&[&joined]);
    assert_eq!(second.encoded(), (1, 1));
    // One unit changed: its pairs and itself are made again, the rest kept.
    let edited = [units[0], "公园里人很多。", units[2]];
    let (s, p) = second.embed_windows(&edited, 2);
    assert_eq!(second.encoded(), (2, 1 + 3 + 2), "the three units and two pairs made again in one run");
    assert!(s[0].iter().zip(singles[0].iter()).all(|(x, y)| x.to_bits() == y.to_bits()));
    assert!(p[0].iter().zip(pairs).all(|(a, b)| a != b));
}

#[test]
fn a_longer_run_is_its_joined_tokens_or_else_the_sum_of_its_units() {
    use clausediff::align::semantic::Model;
    use clausediff::embed::Window;
    let Some(enc) = encoder_or_skip("a_longer_run_is_its_joined_tokens_or_else_the_sum_of_its_units") else { return };
    let long = LONG_UNITS;
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("kept.vec");
    let (model, _) = Model::with_store(enc.clone(), &path);
    let (singles, runs) = model.embed_windows(&long, 3);
    // Kept: the next handle on the store gets every run without encoding.
    let (next, _) = Model::with_store(enc.clone(), &path);
    let (_, kept) = next.embed_windows(&long, 3);
    assert_eq!(next.encoded(), (0, 0), "units and runs kept");
    assert!(kept.iter().flatten().zip(runs.iter().flatten()).all(|(a, b)| a == b));
    assert_eq!((runs[0].len(), runs[1].len()), (2, 1));
    let direct = &enc.encode_windows(&long, &[Window { start: 0, len: 3 }]).1[0];
    assert!(runs[1][0].iter().zip(direct).all(|(x, y)| x.to_bits() == y.to_bits()), "made from the passes");
    let sum: Vec<f32> = (0..direct.len()).map(|k| singles.iter().map(|v| v[k]).sum()).collect();
    let norm = sum.iter().map(|x| x * x).sum::<f32>().sqrt();
    assert!(runs[1][0].iter().zip(&sum).any(|(x, y)| (x - y / norm).abs() > 1e-3), "not the sum of its units");
    // A unit too short for a junction: the run of three is the sum of its
    // units' vectors (its pairs are still their joined tokens).
    let with_short = [long[0], "短句。", long[1]];
    let (singles, runs) = model.embed_windows(&with_short, 3);
    let sum: Vec<f32> = (0..direct.len()).map(|k| singles.iter().map(|v| v[k]).sum()).collect();
    let norm = sum.iter().map(|x| x * x).sum::<f32>().sqrt();
    assert!(runs[1][0].iter().zip(&sum).all(|(x, y)| (x - y / norm).abs() < 1e-6), "the sum of its units");
    let pair = &enc.encode_windows(&with_short, &[Window { start: 0, len: 2 }]).1[0];
    assert!(runs[0][0].iter().zip(pair).all(|(x, y)| x.to_bits() == y.to_bits()), "a pair is run whole");
    // Asked again: the units and the pairs are met, the run summed again,
    // nothing encoded; on a new handle too (the units and pairs kept).
    let before = model.encoded();
    let (_, again) = model.embed_windows(&with_short, 3);
    assert_eq!(model.encoded(), before);
    assert_eq!(again, runs);
    let (next, _) = Model::with_store(enc.clone(), &path);
    assert_eq!(next.embed_windows(&with_short, 3).1, runs);
    assert_eq!(next.encoded(), (0, 0), "a summed run asks nothing of the encoder");
    // A text written like a run's key is a text: its own vector, not the run's.
    let lens: Vec<String> = LONG_UNITS.iter().map(|u| u.len().to_string()).collect();
    let key = format!("\u{1f}run\u{1f}{}\u{1f}{}", lens.join(","), LONG_UNITS.concat());
    let as_text = &next.embed(&[&key])[0];
    let direct = &enc.encode(&[&key])[0];
    assert!(as_text.iter().zip(direct).all(|(x, y)| x.to_bits() == y.to_bits()), "the text's own vector");
    let (_, long_runs) = next.embed_windows(&LONG_UNITS, 3);
    assert_ne!(as_text, &long_runs[1][0]);
}

#[test]
fn units_embedded_within_groups_leave_their_runs_for_the_alignment() {
    use clausediff::align::semantic::Model;
    let Some(enc) = encoder_or_skip("units_embedded_within_groups_leave_their_runs_for_the_alignment") else {
        return;
    };
    let units =
        ["今天天气很好，我们去公园散步吧。", "公园里有很多人在跑步和打太极拳。", "晚上回家吃饭。", "明天再去。"];
    // Two paragraphs: units 0–1 and 2–3; nothing runs across them.
    let model = Model::new(enc.clone());
    let singles = model.embed_within(&units, &[0..2, 2..4], 3);
    assert_eq!(model.encoded(), (1, 4 + 2), "four units and the pair of each paragraph in one run");
    let fresh = Model::new(enc.clone());
    let (alone, _) = fresh.embed_windows(&units, 1);
    for (a, b) in singles.iter().zip(&alone) {
        assert!(a.iter().zip(b.iter()).all(|(x, y)| x.to_bits() == y.to_bits()), "a unit's own vector");
    }
    // Each paragraph's units and runs are then met, not encoded again.
    let (first, first_runs) = model.embed_windows(&units[0..2], 3);
    let (second, _) = model.embed_windows(&units[2..4], 3);
    assert_eq!(model.encoded(), (1, 6), "the alignment inside paragraphs encodes nothing more");
    assert_eq!((first.len(), second.len(), first_runs[0].len()), (2, 2, 1));
    let pair = &enc.encode_windows(&units, &[clausediff::embed::Window { start: 0, len: 2 }]).1[0];
    assert!(first_runs[0][0].iter().zip(pair).all(|(x, y)| x.to_bits() == y.to_bits()), "the pair's joined tokens");
    // A run across the paragraphs was not made: asked for, it is made then.
    model.embed_windows(&units[1..3], 2);
    assert_eq!(model.encoded(), (2, 6 + 3), "the two units again for their pair, and the pair");
    // Groups past the units are left out, not a panic.
    assert_eq!(Model::new(enc).embed_within(&units[..1], &[0..3, 5..9], 3).len(), 1);
}
