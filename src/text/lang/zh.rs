//! Chinese, in traditional and simplified characters.

use super::{Family, Profile, Script, Titles};

/// Chinese in traditional characters.
pub(super) const TRADITIONAL: Profile = Profile { tags: &["zh-Hant", "zh-tw", "zh-hk", "zh-mo", "hant"], ..SIMPLIFIED };

/// Chinese in simplified characters.
pub(super) const SIMPLIFIED: Profile = Profile {
    tags: &["zh-Hans", "zh-cn", "zh-sg", "zh", "hans"],
    family: Family::Chinese,
    script: Script::Han,
    titles: Titles { title: &['《'], quote: &['《', '「', '『'], straight_pairs: false },
    // 、 separates the items of an enumeration: a clause mark for long items only.
    clause_marks: &['，', '；', '：', '、', ',', ';', ':'],
    function_words: FUNCTION_WORDS,
    marker_words: &[],
    number_words: &[],
    single_letter_roman: false,
    compound_joint: None,
    space_groups_digits: false,
    decimal_mark: '.',
    magnitudes: &[
        ("十", 10),
        ("百", 100),
        ("千", 1_000),
        ("萬", 10_000),
        ("万", 10_000),
        ("億", 100_000_000),
        ("亿", 100_000_000),
    ],
    heading_words: &[],
    abbreviations: &[],
    soft_abbreviations: &[],
    stemmer: None,
    common_stems: &[],
    // Two versions in Chinese: nearly the same length (docs/length-model.md).
    length: &[(Family::Chinese, 1.0, 0.5)],
};

/// Words without content of their own, in simplified characters; the last
/// line holds counterparts of English and Russian function words (all,
/// other, each, we, after, if, already, own).
const FUNCTION_WORDS: &[&str] = &[
    "的", "了", "和", "与", "及", "在", "是", "对", "为", "等", "并", "将", "于", "以", "其", "之", "或", "而", "也",
    "都", "这", "该", "各", "把", "被", "从", "向", "中", "上", "下", "就", "由", "所", "此", "有", "着", "到", "又",
    "同", "使", "给", "让", "还", "但", "则", "即", "如", "至", "个", "们", "地", "得", "方面", "进行", "以及", "关于",
    "所有", "其他", "每个", "我们", "之后", "如果", "已经", "自己",
];

/// Characters of Chinese numerals (二〇二五, 八十, 兩).
pub const NUMERAL_CHARS: &[char] = &[
    '〇', '零', '○', '一', '二', '兩', '两', '三', '四', '五', '六', '七', '八', '九', '十', '百', '千', '萬', '万',
    '億', '亿',
];

/// Classifiers that count without naming what (條, 次, 屆 …): with a
/// numeral they are a number, no content word. Those that name it (國,
/// 年, 人, 天) make a word with it (兩國, 十年).
pub const CLASSIFIERS: &str = "條条次屆届個个項项份章款號号";

/// Counters after which a numeral is a real quantity (2025年, 三次, 八十周年).
pub const COUNTERS: &str = "年月日號号次屆届份個个項项國国周週歲岁名位條条章款點点人天%％";

/// What makes the number before it an hour of the clock (15時, 3點).
pub const HOUR_MARKS: [char; 4] = ['時', '时', '點', '点'];

/// Words before an hour that put it after noon (下午3時 is 15時).
pub const AFTERNOON: [&str; 8] = ["下午", "晚上", "傍晚", "午後", "午后", "晚間", "晚间", "夜間"];

/// Section heads 第…條: what may close them.
pub const HEADING_ENDS: &[char] = &['條', '条', '章', '節', '节', '部', '篇', '款'];

/// Characters a Chinese term does not start or end with (particles,
/// prepositions, conjunctions), in simplified form.
pub const TERM_EDGES: &str = "的之和与及在对为将并等于关是了也而或其以被把从向";
