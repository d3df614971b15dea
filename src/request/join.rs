//! How a part joins a request, for the words and the flags alike: a list
//! value once however often it is said, a single value (a gender, a time,
//! a place) once unless it is said otherwise, and an age only where it
//! agrees with the ages already given.

use super::{PersonWords, RequestError};

/// Adds `value` to `list` unless it is there already.
pub(super) fn push_new(list: &mut Vec<String>, value: String) {
    if !list.contains(&value) {
        list.push(value);
    }
}

/// Sets a single value of a request the first time it is given; given
/// again, `same` says whether it is the same (and the first is kept) or
/// not, and `conflict` words the error from the first and the second.
pub(super) fn set_once<T>(
    slot: &mut Option<T>,
    value: T,
    same: impl FnOnce(&T, &T) -> bool,
    conflict: impl FnOnce(&T, &T) -> String,
) -> Result<(), RequestError> {
    match slot {
        Some(first) if !same(first, &value) => Err(RequestError::Conflict(conflict(first, &value))),
        Some(_) => Ok(()),
        None => {
            *slot = Some(value);
            Ok(())
        }
    }
}

/// Whether an exact age agrees with what is said of the person: the age
/// given, or within the range given (`teen`), or anything when neither is.
pub(super) fn admits_age(person: &PersonWords, years: u32) -> bool {
    match (person.age, person.age_range) {
        (Some(age), _) => age == years,
        (None, Some((min, max))) => (min..=max).contains(&years),
        (None, None) => true,
    }
}
