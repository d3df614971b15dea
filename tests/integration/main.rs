//! Integration tests: the real `deflect` binary on real TOML fixtures,
//! checking what a person or a script would see. One binary, a module per
//! command.

mod browser;
mod cache;
mod completions;
mod coverage;
mod desk;
mod find;
// Not every helper is used by every topic.
#[allow(dead_code)]
mod harness;
mod hostile;
mod hours;
mod hours_meaning;
mod hours_words;
mod hsds;
mod init;
mod keeper;
mod lists;
mod phone;
mod printing;
mod programme;
mod records;
mod request;
mod screens;
mod slip;
mod station;
mod training;
mod validate;
