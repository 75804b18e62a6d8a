//! Glossaries: CSV or TSV with one column per language tag (`zh-Hant`,
//! `zh-Hans`, `en`, `ru`) and an optional `note`, several accepted renderings
//! separated by `|`; and TBX (TBX-Basic `termEntry/langSet/tig`, TBX v3
//! `conceptEntry/langSec/termSec`). Both can be written back.

use std::path::Path;

use quick_xml::events::Event;
use quick_xml::Reader;

use crate::error::{Error, ErrorKind, Result};
use crate::text::Lang;

/// One concept: its accepted forms in each language, and a note.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Entry {
    /// Accepted forms per language, in column order.
    pub forms: Vec<(Lang, Vec<String>)>,
    /// Free text.
    pub note: String,
}

impl Entry {
    /// The accepted forms in `lang` (empty when the entry has none).
    pub fn forms(&self, lang: Lang) -> &[String] {
        self.forms.iter().find(|(l, _)| *l == lang).map_or(&[], |(_, f)| f.as_slice())
    }

    /// A label for people: the first form of the first language.
    pub fn label(&self) -> String {
        self.forms.iter().find_map(|(_, f)| f.first().cloned()).unwrap_or_default()
    }
}

/// A list of entries with the languages it covers.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Glossary {
    /// Languages, in column order.
    pub langs: Vec<Lang>,
    /// The entries.
    pub entries: Vec<Entry>,
}

fn parse_error(msg: String) -> Error {
    Error::new(ErrorKind::Parse, msg)
}

fn column_lang(name: &str) -> Result<Option<Lang>> {
    let n = name.trim();
    if n.eq_ignore_ascii_case("note") || n.eq_ignore_ascii_case("notes") {
        return Ok(None);
    }
    match n.parse::<Lang>() {
        Ok(l) if l != Lang::Other => Ok(Some(l)),
        _ => {
            Err(parse_error(format!("unknown column {} (expected zh-Hant, zh-Hans, en, ru or note)", Error::quote(n))))
        }
    }
}

/// Split one CSV record (RFC 4180 quoting) or a TSV line.
fn split_record(line: &str, delim: char) -> Result<Vec<String>> {
    if delim == '\t' {
        return Ok(line.split('\t').map(|s| s.trim().to_string()).collect());
    }
    let mut out = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', true) => quoted = false,
            ('"', false) if field.trim().is_empty() => {
                field.clear();
                quoted = true;
            }
            (c, false) if c == delim => out.push(std::mem::take(&mut field).trim().to_string()),
            (c, _) => field.push(c),
        }
    }
    if quoted {
        return Err(parse_error(format!("unclosed quote in {}", Error::quote(line))));
    }
    out.push(field.trim().to_string());
    Ok(out)
}

impl Glossary {
    /// Read a glossary file: `.tbx`/`.xml` as TBX, `.csv` as CSV, anything
    /// else (standard input, `-`, among them) as TSV.
    pub fn read(path: &Path) -> Result<Glossary> {
        Glossary::read_checked(path, None).map(|(g, _)| g)
    }

    /// Read a glossary file as [`Glossary::read`] does, with a warning for
    /// each row it accepts only leniently: a CSV or TSV row with fewer
    /// fields than the header (the missing ones read as empty), and a row
    /// (or TBX entry) with no form in `master` (or, when `None`, in the
    /// first language), which can never be followed.
    pub fn read_checked(path: &Path, master: Option<Lang>) -> Result<(Glossary, Vec<String>)> {
        let text = crate::document::read_text(path)?;
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
        let g = match ext.as_str() {
            "tbx" | "xml" => Glossary::parse_tbx(&text).map(|g| (g, Vec::new())),
            "csv" => Glossary::parse_checked(&text, ',', master),
            _ => Glossary::parse_checked(&text, '\t', master),
        };
        let (g, mut warnings) = g.map_err(|e| e.with_path(path))?;
        if matches!(ext.as_str(), "tbx" | "xml") {
            warnings = g.missing_master(master);
        }
        Ok((g, warnings))
    }

    /// For each entry without a form in `master` (by default the first
    /// language), a message.
    fn missing_master(&self, master: Option<Lang>) -> Vec<String> {
        let Some(m) = master.or_else(|| self.langs.first().copied()) else { return Vec::new() };
        let missing: Vec<String> = self
            .entries
            .iter()
            .enumerate()
            .filter(|(_, e)| e.forms(m).is_empty())
            .map(|(i, e)| {
                format!("entry {} ({}): no {m} term, so it is never followed", i + 1, Error::quote(&e.label()))
            })
            .collect();
        missing
    }

    /// Parse CSV (`delim` = ',') or TSV (`delim` = '\t') text with a header line.
    pub fn parse_delimited(text: &str, delim: char) -> Result<Glossary> {
        Glossary::parse_checked(text, delim, None).map(|(g, _)| g)
    }

    /// [`Glossary::parse_delimited`], with the warnings of [`Glossary::read_checked`].
    pub fn parse_checked(text: &str, delim: char, master: Option<Lang>) -> Result<(Glossary, Vec<String>)> {
        let text = text.trim_start_matches('\u{feff}');
        let mut lines = text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
            .map(|(n, l)| (n + 1, l));
        let (_, header) = lines.next().ok_or_else(|| parse_error("empty glossary".to_string()))?;
        let cols: Vec<Option<Lang>> =
            split_record(header, delim)?.iter().map(|c| column_lang(c)).collect::<Result<_>>()?;
        let langs: Vec<Lang> = cols.iter().flatten().copied().collect();
        if langs.is_empty() {
            return Err(parse_error("the header names no language column".to_string()));
        }
        if let Some(l) = langs.iter().enumerate().find(|(i, l)| langs[..*i].contains(l)).map(|(_, l)| l) {
            return Err(parse_error(format!("the header names {l} twice")));
        }
        let master = master.filter(|m| langs.contains(m)).unwrap_or(langs[0]);
        let mut entries = Vec::new();
        let mut warnings = Vec::new();
        for (n, line) in lines {
            let fields = split_record(line, delim).map_err(|e| parse_error(format!("line {n}: {}", e.message())))?;
            if fields.len() > cols.len() {
                return Err(parse_error(format!("line {n}: {} fields, the header has {}", fields.len(), cols.len())));
            }
            if fields.len() < cols.len() {
                warnings.push(format!(
                    "line {n}: {} of the header's {} fields (the missing ones read as empty): {}",
                    fields.len(),
                    cols.len(),
                    Error::quote(line)
                ));
            }
            let mut e = Entry::default();
            for (col, field) in cols.iter().zip(&fields) {
                match col {
                    Some(l) => {
                        let forms: Vec<String> =
                            field.split('|').map(str::trim).filter(|f| !f.is_empty()).map(str::to_string).collect();
                        e.forms.push((*l, forms));
                    }
                    None => e.note = field.clone(),
                }
            }
            if e.forms.iter().any(|(_, f)| !f.is_empty()) {
                if e.forms(master).is_empty() {
                    warnings.push(format!(
                        "line {n}: the {master} cell is empty, so the entry is never followed: {}",
                        Error::quote(line)
                    ));
                }
                entries.push(e);
            }
        }
        if entries.is_empty() {
            return Err(parse_error("the glossary has a header but no entries".to_string()));
        }
        Ok((Glossary { langs, entries }, warnings))
    }

    /// Parse TBX (TBX-Basic or TBX v3 core).
    pub fn parse_tbx(text: &str) -> Result<Glossary> {
        let mut reader = Reader::from_str(text);
        let mut entries: Vec<Entry> = Vec::new();
        let mut langs: Vec<Lang> = Vec::new();
        let mut current: Option<Entry> = None;
        let mut lang: Option<Lang> = None;
        let mut in_term = false;
        let mut in_note = false;
        loop {
            match reader.read_event() {
                Err(e) => return Err(parse_error(format!("TBX: {}", Error::excerpt(&e.to_string())))),
                Ok(Event::Eof) => break,
                Ok(Event::Start(s)) => match s.local_name().as_ref() {
                    b"termEntry" | b"conceptEntry" => current = Some(Entry::default()),
                    b"langSet" | b"langSec" => {
                        lang = None;
                        for a in s.attributes().flatten() {
                            if a.key.as_ref() == b"xml:lang" {
                                let v = String::from_utf8_lossy(&a.value).into_owned();
                                lang = v.parse::<Lang>().ok().filter(|l| *l != Lang::Other);
                            }
                        }
                    }
                    b"term" => in_term = true,
                    b"note" | b"descrip" => in_note = true,
                    _ => {}
                },
                Ok(Event::Text(t)) => {
                    let value = t
                        .unescape()
                        .map_err(|e| parse_error(format!("TBX: {}", Error::excerpt(&e.to_string()))))?
                        .trim()
                        .to_string();
                    if let (Some(e), true) = (current.as_mut(), in_term) {
                        if let Some(l) = lang {
                            if !langs.contains(&l) {
                                langs.push(l);
                            }
                            match e.forms.iter_mut().find(|(x, _)| *x == l) {
                                Some((_, f)) => f.push(value),
                                None => e.forms.push((l, vec![value])),
                            }
                        }
                    } else if let (Some(e), true) = (current.as_mut(), in_note) {
                        if e.note.is_empty() {
                            e.note = value;
                        }
                    }
                }
                Ok(Event::End(e)) => match e.local_name().as_ref() {
                    b"termEntry" | b"conceptEntry" => {
                        if let Some(en) = current.take().filter(|x| !x.forms.is_empty()) {
                            entries.push(en);
                        }
                    }
                    b"term" => in_term = false,
                    b"note" | b"descrip" => in_note = false,
                    _ => {}
                },
                _ => {}
            }
        }
        if entries.is_empty() {
            return Err(parse_error("TBX: no termEntry or conceptEntry with terms".to_string()));
        }
        Ok(Glossary { langs, entries })
    }

    /// TSV text (the format `parse_delimited` reads).
    pub fn to_tsv(&self) -> String {
        self.delimited('\t')
    }

    /// CSV text.
    pub fn to_csv(&self) -> String {
        self.delimited(',')
    }

    fn delimited(&self, d: char) -> String {
        let quote = |s: &str| {
            if d == ',' && s.contains([',', '"', '\n']) {
                format!("\"{}\"", s.replace('"', "\"\""))
            } else {
                s.replace(['\t', '\n'], " ")
            }
        };
        let mut header: Vec<String> = self.langs.iter().map(|l| l.tag().to_string()).collect();
        header.push("note".to_string());
        let mut out = header.join(&d.to_string()) + "\n";
        for e in &self.entries {
            let mut row: Vec<String> = self.langs.iter().map(|l| quote(&e.forms(*l).join("|"))).collect();
            row.push(quote(&e.note));
            out.push_str(&row.join(&d.to_string()));
            out.push('\n');
        }
        out
    }

    /// TBX v3 (TBX-Core dialect) text.
    pub fn to_tbx(&self) -> String {
        use quick_xml::escape::escape;
        let mut out = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tbx type=\"TBX-Core\" style=\"dca\" xml:lang=\"en\" xmlns=\"urn:iso:std:iso:30042:ed-2\">\n  <tbxHeader><fileDesc><sourceDesc><p>clausediff glossary</p></sourceDesc></fileDesc></tbxHeader>\n  <text><body>\n",
        );
        for (i, e) in self.entries.iter().enumerate() {
            out.push_str(&format!("    <conceptEntry id=\"c{}\">\n", i + 1));
            if !e.note.is_empty() {
                out.push_str(&format!("      <note>{}</note>\n", escape(e.note.as_str())));
            }
            for (l, forms) in &e.forms {
                if forms.is_empty() {
                    continue;
                }
                out.push_str(&format!("      <langSec xml:lang=\"{}\">\n", l.tag()));
                for f in forms {
                    out.push_str(&format!("        <termSec><term>{}</term></termSec>\n", escape(f.as_str())));
                }
                out.push_str("      </langSec>\n");
            }
            out.push_str("    </conceptEntry>\n");
        }
        out.push_str("  </body></text>\n</tbx>\n");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tsv_csv_and_tbx_round_trip() {
        let tsv = "zh-Hant\tzh-Hans\ten\tru\tnote\n上海精神\t上海精神\tShanghai Spirit\t«Шанхайский дух»|Шанхайский дух\tprinciple\n";
        let g = Glossary::parse_delimited(tsv, '\t').expect("tsv");
        assert_eq!(g.entries[0].forms(Lang::Ru).len(), 2);
        assert_eq!(Glossary::parse_delimited(&g.to_tsv(), '\t').expect("again"), g);
        let csv = g.to_csv();
        assert_eq!(Glossary::parse_delimited(&csv, ',').expect("csv"), g);
        let tbx = g.to_tbx();
        let back = Glossary::parse_tbx(&tbx).expect("tbx");
        assert_eq!(back.entries[0].forms(Lang::En), &["Shanghai Spirit".to_string()]);
        assert_eq!(back.entries[0].note, "principle");
        let quoted = "en,note\n\"Charter, the\",\"a \"\"quote\"\"\"\n";
        let q = Glossary::parse_delimited(quoted, ',').expect("quoted csv");
        assert_eq!(
            (q.entries[0].forms(Lang::En)[0].as_str(), q.entries[0].note.as_str()),
            ("Charter, the", "a \"quote\"")
        );
    }

    #[test]
    fn tbx_basic_and_errors() {
        let basic = r#"<martif type="TBX-Basic"><text><body><termEntry id="1"><langSet xml:lang="zh-Hant"><tig><term>聯合國</term></tig></langSet><langSet xml:lang="en"><tig><term>United Nations</term></tig><tig><term>UN</term></tig></langSet></termEntry></body></text></martif>"#;
        let g = Glossary::parse_tbx(basic).expect("basic");
        assert_eq!(g.entries[0].forms(Lang::En).len(), 2);
        assert!(Glossary::parse_delimited("xx\tyy\n", '\t').is_err());
        assert!(Glossary::parse_delimited("", '\t').is_err());
        assert!(Glossary::parse_delimited("en\tru\n", '\t').is_err());
        assert!(Glossary::parse_delimited("en\ten\nA\tB\n", '\t').is_err());
        assert!(Glossary::parse_tbx("<tbx><text><body></body></text></tbx>").is_err());
        assert!(Glossary::parse_delimited("en,note\n\"open,x\n", ',').is_err());
    }
}
