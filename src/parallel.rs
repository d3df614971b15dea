//! Sharing work among the cores: an order-keeping parallel `map` over a
//! list, with each thread's own state where the work needs a buffer.
//!
//! The loader reads files with it, `validate` judges services, the cache
//! encodes and decodes sections, matching and coverage evaluate hours.
//! Items are handed out one at a time from a shared queue, so a few large
//! items do not leave a thread idle, and the results come back in the
//! order of the items, as one thread would have made them.

/// How many threads to use: the machine's cores, at most 8.
pub(crate) fn workers() -> usize {
    std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8)
}

/// `items.map(f)`, in order, on up to [`workers`] threads when there are
/// at least `min_items`. Items are handed out one at a time, so a few large
/// files do not leave a thread idle.
pub(crate) fn parallel_map<T, U, F>(items: Vec<T>, min_items: usize, f: F) -> Vec<U>
where
    T: Send,
    U: Send,
    F: Fn(T) -> U + Sync,
{
    parallel_map_with(items, min_items, || (), |_, item| f(item))
}

/// [`parallel_map`] with a state of each thread's own (a buffer), made by
/// `init`.
pub(crate) fn parallel_map_with<T, U, S, I, F>(
    items: Vec<T>,
    min_items: usize,
    init: I,
    f: F,
) -> Vec<U>
where
    T: Send,
    U: Send,
    I: Fn() -> S + Sync,
    F: Fn(&mut S, T) -> U + Sync,
{
    let threads = workers().min(items.len());
    if threads < 2 || items.len() < min_items {
        let mut state = init();
        return items.into_iter().map(|item| f(&mut state, item)).collect();
    }
    let count = items.len();
    let queue = std::sync::Mutex::new(items.into_iter().enumerate());
    let next = || queue.lock().map_or(None, |mut q| q.next());
    let mut results: Vec<Option<U>> = (0..count).map(|_| None).collect();
    let done: Vec<Vec<(usize, U)>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut state = init();
                    let mut out = Vec::new();
                    while let Some((i, item)) = next() {
                        out.push((i, f(&mut state, item)));
                    }
                    out
                })
            })
            .collect();
        // A panic is a defect, as it would be on one thread: pass it on.
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    for (i, u) in done.into_iter().flatten() {
        results[i] = Some(u);
    }
    results.into_iter().flatten().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_the_order_of_the_items_on_any_number_of_threads() {
        let items: Vec<u64> = (0..1000).collect();
        let squares: Vec<u64> = items.iter().map(|i| i * i).collect();
        assert_eq!(parallel_map(items.clone(), 2, |i| i * i), squares);
        // Below `min_items`, one thread does it all, in order too.
        assert_eq!(parallel_map(items.clone(), 5000, |i| i * i), squares);
        // Each thread's state is its own: a buffer reused for every item.
        let lengths = parallel_map_with(items, 2, String::new, |buffer, i| {
            buffer.clear();
            buffer.push_str(&i.to_string());
            buffer.len()
        });
        assert_eq!(lengths[0], 1);
        assert_eq!(lengths[999], 3);
        assert_eq!(lengths.len(), 1000);
    }
}
