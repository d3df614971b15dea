//! The directory: its model, and loading it from TOML files with every
//! problem kept as a diagnostic.

pub mod lang;
pub mod load;
pub mod model;
pub mod phone;
pub mod read;
pub mod source;
pub mod walk;
pub mod words;

pub use load::{
    is_valid_id, list, load, load_bytes, DirSource, FaultReport, Keep, LeftOut, Limits, Listing,
    Loaded,
};
pub use model::*;
pub use phone::Phone;
