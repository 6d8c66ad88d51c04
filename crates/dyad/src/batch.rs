//! Every core, bounded memory, results in input order.
//!
//! A batch job is a source that pushes items (documents, or failures to
//! report), a pure `work` function (coding a document), and a sink that
//! takes the results. [`ordered`] runs `work` on `threads` threads:
//!
//! * the source runs on its own thread and hands items over a bounded
//!   channel, so a corpus is never read ahead of the workers;
//! * at most `in_flight` items are between the source and the sink at any
//!   time (read, being worked on, or done and waiting for an earlier one):
//!   the source takes a ticket per item and the sink gives it back, so
//!   memory stays flat whatever the corpus size, even when one slow item
//!   holds up the rest;
//! * the sink sees results in the source's order, so output is the same
//!   whatever the thread count (and diffs between runs mean something).
//!
//! With one thread nothing is spawned: the source calls `work` and the
//! sink directly, which is the baseline multi-thread runs are compared to.

use std::collections::BTreeMap;

/// Runs `work` over the items `source` produces on `threads` threads and
/// hands each result to `sink` in source order. `source` gets a push
/// function to call once per item. At most `in_flight` items (at least
/// `threads`) are held at once.
pub fn ordered<T, R>(
    threads: usize,
    in_flight: usize,
    source: impl FnOnce(&mut dyn FnMut(T)) + Send,
    work: impl Fn(T) -> R + Sync,
    mut sink: impl FnMut(R),
) where
    T: Send,
    R: Send,
{
    if threads <= 1 {
        source(&mut |item| sink(work(item)));
        return;
    }
    let in_flight = in_flight.max(threads);
    let (tickets_tx, tickets_rx) = crossbeam_channel::bounded::<()>(in_flight);
    for _ in 0..in_flight {
        tickets_tx.send(()).expect("ticket channel open");
    }
    let (items_tx, items_rx) = crossbeam_channel::bounded::<(u64, T)>(threads);
    let (done_tx, done_rx) = crossbeam_channel::unbounded::<(u64, R)>();
    std::thread::scope(|scope| {
        scope.spawn(move || {
            let mut seq = 0u64;
            source(&mut |item| {
                // No ticket: the sink is behind; wait for it. A closed
                // channel means the sink stopped: drop the rest.
                if tickets_rx.recv().is_err() {
                    return;
                }
                if items_tx.send((seq, item)).is_ok() {
                    seq += 1;
                }
            });
            // Dropping `items_tx` ends the workers' loops.
        });
        for _ in 0..threads {
            let items_rx = items_rx.clone();
            let done_tx = done_tx.clone();
            let work = &work;
            scope.spawn(move || {
                for (seq, item) in items_rx {
                    if done_tx.send((seq, work(item))).is_err() {
                        return;
                    }
                }
            });
        }
        drop(items_rx);
        drop(done_tx);
        // The sink, on this thread: results in order.
        let mut next = 0u64;
        let mut waiting: BTreeMap<u64, R> = BTreeMap::new();
        for (seq, r) in done_rx {
            waiting.insert(seq, r);
            while let Some(r) = waiting.remove(&next) {
                sink(r);
                next += 1;
                // A closed ticket channel only means the source is done.
                let _ = tickets_tx.send(());
            }
        }
    });
}

/// The number of threads to use: `requested`, else every core.
pub fn threads(requested: Option<usize>) -> usize {
    requested
        .filter(|&n| n > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_source_order_whatever_the_threads() {
        for threads in [1, 2, 4] {
            let mut out = Vec::new();
            ordered(
                threads,
                3,
                |push| (0..100u64).for_each(push),
                |i| {
                    // Uneven work, so later items finish first.
                    if i % 7 == 0 {
                        std::thread::sleep(std::time::Duration::from_millis(2));
                    }
                    i * 2
                },
                |r| out.push(r),
            );
            assert_eq!(out, (0..100u64).map(|i| i * 2).collect::<Vec<_>>());
        }
    }

    #[test]
    fn no_more_than_in_flight_items_are_held() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let produced = AtomicUsize::new(0);
        let mut consumed = 0usize;
        let mut most = 0usize;
        ordered(
            2,
            4,
            |push| {
                for i in 0..200usize {
                    produced.fetch_add(1, Ordering::SeqCst);
                    push(i);
                }
            },
            |i| {
                if i % 10 == 0 {
                    std::thread::sleep(std::time::Duration::from_millis(3));
                }
                i
            },
            |_| {
                consumed += 1;
                most = most.max(produced.load(Ordering::SeqCst) - consumed);
            },
        );
        assert_eq!(consumed, 200);
        // The source may have one more item in hand, waiting for a ticket.
        assert!(most <= 4 + 1, "{most} items held at once");
    }
}
