//! Integration tests: the real `deflect` binary on real TOML fixtures,
//! checking what a person or a script would see. One binary, a module per
//! command.

mod cache;
mod completions;
mod desk;
mod find;
// Not every helper is used by every topic.
#[allow(dead_code)]
mod harness;
mod hostile;
mod hours;
mod hsds;
mod init;
mod keeper;
mod lists;
mod phone;
mod records;
mod slip;
mod validate;
