//! Text utilities, below segmentation and used by every later stage:
//! languages and what is known about each ([`lang`]), scripts, detection,
//! traditional ↔ simplified conversion, comparison keys, numbers across
//! scripts, the CC-CEDICT dictionary and content words.

pub mod convert;
pub mod detect;
pub mod lang;
pub mod lexicon;
pub mod normalize;
pub mod numbers;
pub mod script;
pub mod sound;
pub mod spelling;
pub mod words;

pub use detect::{detect, Detection};
pub use lang::{Family, Lang};
pub use script::{is_capitalised, is_han, Scripts};
