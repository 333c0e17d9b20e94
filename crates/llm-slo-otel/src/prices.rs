//! The price table a process prices its calls with, replaceable while calls are recorded:
//! an index over the table, prepared once (see `ModelIndex`), owned together with the table
//! it borrows, and swapped atomically. A call takes the current table without a lock; a
//! replaced table is freed when the last call that took it ends.

use std::sync::Arc;

use arc_swap::ArcSwap;
use llm_slo_core::pricing::{ModelIndex, PriceTable};

self_cell::self_cell!(
    /// A price table and the index prepared over it.
    pub(crate) struct Indexed {
        owner: PriceTable,
        #[covariant]
        dependent: ModelIndex,
    }
);

impl Indexed {
    fn of(table: PriceTable) -> Indexed {
        Indexed::new(table, |table| table.index())
    }

    /// The index.
    pub(crate) fn index(&self) -> &ModelIndex<'_> {
        self.borrow_dependent()
    }

    /// The table.
    pub(crate) fn table(&self) -> &PriceTable {
        self.borrow_owner()
    }
}

impl std::fmt::Debug for Indexed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Indexed")
            .field("content_hash", &self.table().content_hash)
            .finish_non_exhaustive()
    }
}

/// The current prices.
pub(crate) struct Prices(ArcSwap<Indexed>);

impl Prices {
    pub(crate) fn new(table: PriceTable) -> Prices {
        Prices(ArcSwap::from_pointee(Indexed::of(table)))
    }

    /// The prices now (kept alive while the guard lives).
    pub(crate) fn current(&self) -> arc_swap::Guard<Arc<Indexed>> {
        self.0.load()
    }

    /// Replaces the prices; calls already pricing keep the old ones until they are done.
    pub(crate) fn replace(&self, table: PriceTable) {
        self.0.store(Arc::new(Indexed::of(table)));
    }
}
