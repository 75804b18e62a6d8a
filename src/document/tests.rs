//! Tests of loading documents.

use super::*;

#[test]
fn a_declared_language_in_another_script_is_refused() {
    let ru = "Государства-члены подчеркивают важность сотрудничества в области безопасности.";
    let e = Document::from_text(ru, Some(Lang::En)).expect_err("Cyrillic declared English");
    assert_eq!(e.kind(), ErrorKind::Mismatch);
    assert!(e.to_string().contains("Cyrillic"), "{e}");
    // The same script is the declarer's call (zh-Hans text declared zh-Hant, und for anything).
    assert_eq!(Document::from_text("成员国支持合作。", Some(Lang::ZhHant)).expect("same script").lang, Lang::ZhHant);
    assert_eq!(Document::from_text(ru, Some(Lang::Other)).expect("und").lang, Lang::Other);
    assert_eq!(Document::from_text(ru, Some(Lang::Ru)).expect("right").lang, Lang::Ru);
    // Latin letters declared Chinese.
    let fr = "Les États membres soulignent l'importance de la coopération.";
    let e = Document::from_text(fr, Some(Lang::ZhHant)).expect_err("Latin declared zh-Hant");
    assert!(e.to_string().contains("mostly in Latin letters"), "{e}");
}

#[test]
fn a_version_with_passages_in_another_script_keeps_its_declared_language() {
    // An English version whose opening was left in Chinese (what the
    // `untranslated` check is for), and a Russian one under an English heading.
    let en =
        format!("{}{}", "成員國強調合作的重要性。".repeat(20), "The Member States stress cooperation. ".repeat(30));
    assert_eq!(Document::from_text(en, Some(Lang::En)).expect("en").lang, Lang::En);
    let ru = format!("Tianjin Declaration\n{}", "Государства-члены подчеркивают важность сотрудничества. ".repeat(3));
    assert_eq!(Document::from_text(ru, Some(Lang::Ru)).expect("ru").lang, Lang::Ru);
}

#[test]
fn an_undetected_language_is_its_own_error_kind() {
    let e = Document::from_text("中文人民", None).expect_err("script ambiguous");
    assert_eq!(e.kind(), ErrorKind::UndetectedLanguage);
    let e = Document::from_text("12 345 — 678", None).expect_err("no letters");
    assert_eq!(e.kind(), ErrorKind::UndetectedLanguage);
    let e = "zh-Hnt".parse::<Lang>().expect_err("mistyped");
    assert_eq!(e.kind(), ErrorKind::UnknownLanguage);
}

fn enc(text: &str, e: &'static Encoding) -> Vec<u8> {
    e.encode(text).0.into_owned()
}

#[test]
fn utf8_bom_and_offsets() {
    let mut b = vec![0xEF, 0xBB, 0xBF];
    b.extend_from_slice("一二".as_bytes());
    let (t, e, m) = decode(&b, None).expect("decodes");
    assert_eq!((t.as_str(), e), ("一二", UTF_8));
    let d = Document {
        path: PathBuf::new(),
        text: t,
        lang: Lang::ZhHans,
        detection: text::detect("一"),
        encoding: "UTF-8",
        warnings: Vec::new(),
        source: Source::default(),
        offsets: m,
    };
    assert_eq!(d.file_offset(3), 6);
}

#[test]
fn utf16_with_bom() {
    let mut b = vec![0xFF, 0xFE];
    for u in "Hi 你".encode_utf16() {
        b.extend_from_slice(&u.to_le_bytes());
    }
    let (t, e, m) = decode(&b, None).expect("decodes");
    assert_eq!((t.as_str(), e), ("Hi 你", UTF_16LE));
    let d = Document {
        path: PathBuf::new(),
        text: t,
        lang: Lang::En,
        detection: text::detect("Hi"),
        encoding: "UTF-16LE",
        warnings: Vec::new(),
        source: Source::default(),
        offsets: m,
    };
    assert_eq!(d.file_offset(3), 8);
}

#[test]
fn legacy_encodings_detected() {
    let zh = "成員國重申，堅持以《聯合國憲章》為基礎。";
    let (t, e, _) = decode(&enc(zh, BIG5), None).expect("big5");
    assert_eq!((t.as_str(), e), (zh, BIG5));
    let hans = "成员国重申，坚持以《联合国宪章》为基础。";
    let (t, e, _) = decode(&enc(hans, GB18030), None).expect("gb");
    assert_eq!((t.as_str(), e), (hans, GB18030));
    let ru = "Государства-члены подтверждают приверженность Уставу ООН.";
    let (t, e, m) = decode(&enc(ru, WINDOWS_1251), None).expect("1251");
    assert_eq!((t.as_str(), e), (ru, WINDOWS_1251));
    let d = Document {
        path: PathBuf::new(),
        text: t,
        lang: Lang::Ru,
        detection: text::detect("Да"),
        encoding: "windows-1251",
        warnings: Vec::new(),
        source: Source::default(),
        offsets: m,
    };
    assert_eq!(d.file_offset("Государства".len()), 11);
}

#[test]
fn binary_and_bad_bytes_are_errors() {
    assert_eq!(decode(b"ab\0cd", None).map(|_| ()).unwrap_err().kind(), ErrorKind::Binary);
    let e = decode(&[0x61, 0xFF, 0xFE, 0xFD, 0x20, 0xFF], Some("utf-8")).map(|_| ()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Decode);
    assert!(e.message().contains("offset 1"), "{}", e.message());
    assert_eq!(decode(b"abc", Some("klingon")).map(|_| ()).unwrap_err().kind(), ErrorKind::UnknownEncoding);
}

#[test]
fn errors_name_what_cannot_be_read() {
    let denied = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
    let e = io_error(denied, Path::new("p"), Some(PIPE));
    assert_eq!(e.to_string(), "p: a pipe, and permission to read it is denied");
    let other = std::io::Error::other("broken");
    assert!(io_error(other, Path::new("p"), Some(PIPE)).message().starts_with("a pipe that cannot be read"));
}

#[test]
fn reads_are_bounded() {
    let ok = read_limited(&b"12345"[..], "a pipe", 5).expect("at the limit");
    assert_eq!(ok, b"12345");
    let e = read_limited(std::io::repeat(0), "a pipe", 1000).expect_err("an endless reader");
    assert_eq!(e.kind(), ErrorKind::InvalidOption);
    assert!(e.message().contains("more than 1000 bytes") && e.message().contains("limit"), "{}", e.message());
}

#[test]
fn a_declared_single_byte_encoding_over_utf8_warns() {
    let zh = "成員國重申，堅持以《聯合國憲章》為基礎。".as_bytes();
    let (text, enc, _) = decode(zh, Some("windows-1251")).expect("any bytes are windows-1251");
    let w = declared_encoding_warning(zh, enc, &text).expect("a warning");
    assert!(w.contains("windows-1251") && w.contains("Chinese characters as UTF-8"), "{w}");
    let ru = enc_bytes("Государства-члены подтверждают приверженность.", WINDOWS_1251);
    let (text, enc, _) = decode(&ru, Some("windows-1251")).expect("1251");
    assert_eq!(declared_encoding_warning(&ru, enc, &text), None);
}

fn enc_bytes(text: &str, e: &'static Encoding) -> Vec<u8> {
    enc(text, e)
}

#[test]
fn file_offsets_follow_the_bytes_where_encoding_again_differs() {
    // GB18030 decodes 0x80 as € but encodes € as two bytes.
    let bytes = [b'r', 0x80, b'r'];
    let (text, _, offsets) = decode_strict(&bytes, GB18030, 0).expect("valid GB18030");
    assert_eq!(text, "r€r");
    let doc = Document { offsets, ..Document::from_text(text.clone(), Some(Lang::Other)).expect("doc") };
    let at: Vec<usize> = text.char_indices().map(|(i, _)| doc.file_offset(i)).collect();
    assert_eq!(at, [0, 1, 2]);
    assert_eq!(doc.file_offset(text.len()), 3);
    // A Big5 HKSCS sequence that decodes to two characters.
    let bytes = [0x65, 0x9b, 0x65, 0x20, 0x2e, 0x53];
    let (text, _, offsets) = decode_strict(&bytes, BIG5, 0).expect("valid Big5");
    let doc = Document { offsets, ..Document::from_text(text.clone(), Some(Lang::Other)).expect("doc") };
    assert_eq!(doc.file_offset(text.len()), bytes.len());
    let last = text.char_indices().last().map(|(i, _)| i).expect("characters");
    assert_eq!(doc.file_offset(last), 5, "{text:?}");
    let offs: Vec<usize> = text.char_indices().map(|(i, _)| doc.file_offset(i)).collect();
    assert!(offs.windows(2).all(|w| w[0] <= w[1]) && offs.iter().all(|&o| o <= bytes.len()), "{offs:?}");
}

#[test]
fn an_undetected_language_can_default_but_other_refusals_stand() {
    let dir = tempfile::tempdir().expect("dir");
    let digits = dir.path().join("digits.txt");
    std::fs::write(&digits, "12 34 56\n78 90\n").expect("write");
    let strict = Document::load(&digits, &LoadOptions::default()).expect_err("no language");
    assert_eq!(strict.kind(), ErrorKind::UndetectedLanguage);
    let opts = LoadOptions { undetected: Some(Lang::Other), ..Default::default() };
    assert_eq!(Document::load(&digits, &opts).expect("defaults").lang, Lang::Other);
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, "  \n").expect("write");
    assert_eq!(Document::load(&empty, &opts).expect_err("empty").kind(), ErrorKind::Empty);
}
