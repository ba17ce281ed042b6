//! The global allocator: mimalloc, with syntax trees in a heap of their own.
//!
//! A syntax tree lives while its file is lowered; the IR lowered from it
//! lives for the whole run. From one heap, the two interleave: the IR's
//! blocks fill the holes a dropped tree leaves, so the next tree is spread
//! over more pages and more cache lines than it needs, and parsing (most of
//! the run) slows down. `syn` parsing inside [`for_syntax_trees`] allocates
//! from a mimalloc heap that holds nothing else, whose pages a dropped tree
//! leaves empty and warm for the next file. In seven paired runs on the
//! corpus (one build, the heap switched on and off around `parse_source`)
//! this took 0.2-14 % (median 4.6 %) off the user time.
//!
//! Every block is freed with `mi_free`, whichever heap it came from, so a
//! tree may be dropped anywhere; nothing ties a heap to the code that
//! allocated from it.
//!
//! The tree of a file being loaded goes further: [`TreeHeap`] is a heap for
//! that file alone, freed in one step once the file is lowered, so its
//! tree is never dropped node by node.

use std::alloc::{GlobalAlloc, Layout};
use std::cell::Cell;
use std::ffi::c_void;
use std::sync::OnceLock;

use libmimalloc_sys as ffi;

/// The allocator of the `cargo-purpose` binary and of the benchmark.
pub struct Allocator;

thread_local! {
    /// The heap this thread's syntax trees come from while it is inside
    /// [`for_syntax_trees`], null outside (and if mimalloc could not create
    /// it: the main heap serves then). A `const` cell with no destructor, so
    /// the allocator can read it at any point of a thread's life without
    /// allocating, in one load.
    static CURRENT_SYNTAX_HEAP: Cell<*mut ffi::mi_heap_t> = const { Cell::new(std::ptr::null_mut()) };
}

/// The mimalloc heap of syntax trees (a first-class heap: every thread
/// allocates from it through a thread-local part of its own).
struct SyntaxHeap(*mut ffi::mi_heap_t);

// SAFETY: mimalloc's first-class heaps may be allocated from on any thread
// (`mimalloc.h`, "Heaps: first-class"); the pointer itself is never freed.
unsafe impl Send for SyntaxHeap {}
unsafe impl Sync for SyntaxHeap {}

static SYNTAX_HEAP: OnceLock<SyntaxHeap> = OnceLock::new();

/// The syntax heap when this thread is inside [`for_syntax_trees`].
#[inline]
fn syntax_heap() -> Option<*mut ffi::mi_heap_t> {
    CURRENT_SYNTAX_HEAP.try_with(Cell::get).ok().filter(|heap| !heap.is_null())
}

/// Run `parse` (a `syn` parse whose tree is dropped soon after) with its
/// allocations taken from the syntax heap. Whatever `parse` returns may
/// live on: this decides only where its memory comes from.
pub fn for_syntax_trees<T>(parse: impl FnOnce() -> T) -> T {
    // SAFETY: `mi_heap_new` has no preconditions; the heap is never deleted.
    let heap = SYNTAX_HEAP.get_or_init(|| SyntaxHeap(unsafe { ffi::mi_heap_new() })).0;
    let _restore = Restore(CURRENT_SYNTAX_HEAP.with(|current| current.replace(heap)));
    parse()
}

/// The syntax trees of one file, in a heap of their own that is freed in
/// one step once the file is lowered: `mi_heap_destroy` releases the
/// heap's pages without visiting a block, where dropping a tree visits
/// every node and frees every block (a twentieth of the run's time on the
/// corpus, as long as `syn` parsing alone spends on it).
///
/// Dropped without [`TreeHeap::free_all`] (after a panic, say), the heap
/// hands its live blocks to the main heap: nothing is freed under anyone.
pub struct TreeHeap(*mut ffi::mi_heap_t);

impl TreeHeap {
    pub fn new() -> TreeHeap {
        // SAFETY: `mi_heap_new` has no preconditions (null if out of memory:
        // then parses use the main heap and `free_all` frees nothing).
        TreeHeap(unsafe { ffi::mi_heap_new() })
    }

    /// Run `parse` with its allocations taken from this heap.
    pub fn parse<T>(&self, parse: impl FnOnce() -> T) -> T {
        let _restore = Restore(CURRENT_SYNTAX_HEAP.with(|current| current.replace(self.0)));
        parse()
    }

    /// Whether what [`TreeHeap::parse`] allocates is in this heap, so that
    /// [`TreeHeap::free_all`] frees it. It is not when the process's global
    /// allocator is not [`Allocator`] (a test harness, a library user), or
    /// when mimalloc could not make the heap: trees must be dropped then.
    pub fn holds_trees(&self) -> bool {
        static GLOBAL_IS_OURS: OnceLock<bool> = OnceLock::new();
        !self.0.is_null()
            && *GLOBAL_IS_OURS.get_or_init(|| {
                let probe = self.parse(|| Box::new(0u64));
                mi_heap_of(std::ptr::from_ref(&*probe).cast()) == self.0
            })
    }

    /// Free every block allocated in this heap at once, without running
    /// any destructor.
    ///
    /// # Safety
    /// Nothing allocated inside [`TreeHeap::parse`] may be used (or freed)
    /// afterwards: the trees parsed there must have been forgotten, not
    /// dropped, and nothing else made there may survive them.
    pub unsafe fn free_all(self) {
        let heap = std::mem::ManuallyDrop::new(self).0;
        if !heap.is_null() {
            ffi::mi_heap_destroy(heap);
        }
    }
}

impl Default for TreeHeap {
    fn default() -> TreeHeap {
        TreeHeap::new()
    }
}

impl Drop for TreeHeap {
    fn drop(&mut self) {
        if !self.0.is_null() {
            // SAFETY: the heap came from `mi_heap_new` and is deleted once;
            // its live blocks move to the main heap and stay valid.
            unsafe { ffi::mi_heap_delete(self.0) }
        }
    }
}

/// Puts the previous heap back, also when a parse panics.
struct Restore(*mut ffi::mi_heap_t);

impl Drop for Restore {
    fn drop(&mut self) {
        CURRENT_SYNTAX_HEAP.with(|current| current.set(self.0));
    }
}

/// mimalloc's `mi_option_purge_delay` (`mimalloc.h`, `mi_option_e`: the
/// same position in mimalloc 2 and 3), which `libmimalloc-sys` does not
/// name.
const MI_OPTION_PURGE_DELAY: ffi::mi_option_t = 15;

/// Keep the pages of freed memory mapped for the rest of the process.
///
/// mimalloc hands pages that stay free for a second back to the kernel
/// (`MADV_DONTNEED`), and the kernel zeroes them again on the next touch.
/// A run frees and reuses memory all the time (every file's tree heap, the
/// lowered items moved into the index), so on the corpus a third of its
/// page faults were such pages coming back: 310k minor faults with
/// purging, 218k without, for 15 MB more peak. A run ends and frees
/// everything at exit, so there is nothing to give back early.
pub fn keep_freed_pages() {
    // SAFETY: sets one mimalloc option; mimalloc reads it on each purge.
    unsafe { ffi::mi_option_set(MI_OPTION_PURGE_DELAY, -1) }
}

extern "C" {
    /// mimalloc 3's `mi_heap_t* mi_heap_of(const void* p)`, the heap a
    /// block belongs to, which `libmimalloc-sys` does not declare.
    #[link_name = "mi_heap_of"]
    fn mi_heap_of_block(p: *const c_void) -> *mut ffi::mi_heap_t;
}

fn mi_heap_of(p: *const c_void) -> *mut ffi::mi_heap_t {
    // SAFETY: `p` is a live block of this allocator (realloc's argument).
    unsafe { mi_heap_of_block(p) }
}

/// Largest alignment every `mi_malloc` block of at least that size has
/// (mimalloc's `MI_MAX_ALIGN_SIZE`, C's `max_align_t`); a smaller block is
/// aligned to its size class, and a Rust layout's size is a multiple of its
/// alignment. Such requests take mimalloc's plain fast path, which skips the
/// alignment checks of the `*_aligned` calls (the rule `std`'s `System`
/// allocator applies to `malloc`).
const MALLOC_ALIGN: usize = 16;

#[inline]
fn plain(align: usize, size: usize) -> bool {
    align <= MALLOC_ALIGN && align <= size
}

// SAFETY: every path returns memory from mimalloc with the requested size
// and alignment (the `*_aligned` calls, or the plain ones where
// `MALLOC_ALIGN` says their blocks are aligned enough), or null on failure;
// all blocks are freed by `mi_free`, which accepts a block of any heap.
unsafe impl GlobalAlloc for Allocator {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let (size, align) = (layout.size(), layout.align());
        match (syntax_heap(), plain(align, size)) {
            (Some(heap), true) => ffi::mi_heap_malloc(heap, size).cast(),
            (Some(heap), false) => ffi::mi_heap_malloc_aligned(heap, size, align).cast(),
            (None, true) => ffi::mi_malloc(size).cast(),
            (None, false) => ffi::mi_malloc_aligned(size, align).cast(),
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let (size, align) = (layout.size(), layout.align());
        match (syntax_heap(), plain(align, size)) {
            (Some(heap), true) => ffi::mi_heap_zalloc(heap, size).cast(),
            (Some(heap), false) => ffi::mi_heap_zalloc_aligned(heap, size, align).cast(),
            (None, true) => ffi::mi_zalloc(size).cast(),
            (None, false) => ffi::mi_zalloc_aligned(size, align).cast(),
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        ffi::mi_free(ptr.cast::<c_void>());
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let ptr = ptr.cast::<c_void>();
        let align = layout.align();
        // A block grows in the syntax heap only if it is in it already: a
        // long-lived block (a thread-local table) grown during a parse must
        // not move into a heap that `TreeHeap::free_all` frees.
        let heap = syntax_heap().filter(|&heap| mi_heap_of(ptr) == heap);
        match (heap, plain(align, new_size)) {
            (Some(heap), true) => ffi::mi_heap_realloc(heap, ptr, new_size).cast(),
            (Some(heap), false) => ffi::mi_heap_realloc_aligned(heap, ptr, new_size, align).cast(),
            (None, true) => ffi::mi_realloc(ptr, new_size).cast(),
            (None, false) => ffi::mi_realloc_aligned(ptr, new_size, align).cast(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    extern "C" {
        /// mimalloc 3's `bool mi_heap_contains(const mi_heap_t*, const void*)`,
        /// which `libmimalloc-sys` declares only for mimalloc 2.
        fn mi_heap_contains(heap: *const ffi::mi_heap_t, p: *const c_void) -> bool;
    }

    fn in_syntax_heap(p: *mut u8) -> bool {
        let heap = SYNTAX_HEAP.get().expect("created by for_syntax_trees").0;
        // SAFETY: `p` is a live block of this allocator.
        unsafe { mi_heap_contains(heap, p.cast()) }
    }

    #[test]
    fn only_blocks_allocated_while_building_syntax_come_from_the_syntax_heap() {
        let layout = Layout::from_size_align(48, 16).unwrap();
        // SAFETY: blocks are used within their layout and freed once.
        unsafe {
            let tree = for_syntax_trees(|| Allocator.alloc(layout));
            let ir = Allocator.alloc(layout);
            assert!(in_syntax_heap(tree));
            assert!(!in_syntax_heap(ir));
            assert_eq!(tree as usize % 16, 0);

            // A tree's block grown inside a parse stays in the syntax heap;
            // grown outside, it moves to the main heap with its contents,
            // and a main-heap block grown inside a parse stays there.
            tree.write_bytes(7, 48);
            let tree = for_syntax_trees(|| Allocator.realloc(tree, layout, 96));
            assert!(in_syntax_heap(tree));
            let grown = Allocator.realloc(tree, Layout::from_size_align(96, 16).unwrap(), 4096);
            assert!(!in_syntax_heap(grown));
            assert_eq!(*grown.add(47), 7);
            let regrown = for_syntax_trees(|| {
                Allocator.realloc(grown, Layout::from_size_align(4096, 16).unwrap(), 8192)
            });
            assert!(!in_syntax_heap(regrown));
            assert_eq!(*regrown.add(47), 7);

            let zeroed = for_syntax_trees(|| Allocator.alloc_zeroed(layout));
            assert!(in_syntax_heap(zeroed));
            assert!(std::slice::from_raw_parts(zeroed, 48).iter().all(|&b| b == 0));

            Allocator.dealloc(regrown, Layout::from_size_align(8192, 16).unwrap());
            Allocator.dealloc(ir, layout);
            Allocator.dealloc(zeroed, layout);
        }
    }

    #[test]
    fn blocks_from_the_plain_fast_path_have_the_alignment_asked_for() {
        for align in [1, 2, 4, 8, 16, 32, 64] {
            for size in (align..=2048).step_by(align) {
                let layout = Layout::from_size_align(size, align).unwrap();
                // SAFETY: allocated and freed with the same layout.
                unsafe {
                    let blocks =
                        [Allocator.alloc(layout), for_syntax_trees(|| Allocator.alloc_zeroed(layout))];
                    for block in blocks {
                        assert!(!block.is_null());
                        assert_eq!(block as usize % align, 0, "size {size}, align {align}");
                        let grown = Allocator.realloc(block, layout, size * 3);
                        assert_eq!(grown as usize % align, 0, "grown to {}, align {align}", size * 3);
                        Allocator.dealloc(grown, Layout::from_size_align(size * 3, align).unwrap());
                    }
                }
            }
        }
    }

    #[test]
    fn the_main_heap_is_back_after_a_parse_nested_or_panicking() {
        let layout = Layout::from_size_align(32, 8).unwrap();
        for_syntax_trees(|| {
            for_syntax_trees(|| ());
            assert!(syntax_heap().is_some(), "an inner parse keeps the outer one's heap");
        });
        assert!(syntax_heap().is_none());
        let caught = std::panic::catch_unwind(|| for_syntax_trees(|| panic!("syn bug")));
        assert!(caught.is_err());
        assert!(syntax_heap().is_none());
        // SAFETY: allocated and freed with the same layout.
        unsafe {
            let block = Allocator.alloc(layout);
            assert!(!in_syntax_heap(block));
            Allocator.dealloc(block, layout);
        }
    }

    #[test]
    fn a_tree_heap_holds_only_what_its_parse_allocates() {
        let layout = Layout::from_size_align(64, 16).unwrap();
        let trees = TreeHeap::new();
        // SAFETY: blocks are used within their layout; those of `trees` are
        // not touched after `free_all`, the others are freed once.
        unsafe {
            let long_lived = Allocator.alloc(layout);
            long_lived.write_bytes(9, 64);
            let (tree, grown) = trees.parse(|| {
                let tree = Allocator.alloc(layout);
                // A table made before the parse and grown during it (the
                // span table of `proc-macro2`) must not move into `trees`.
                let grown = Allocator.realloc(long_lived, layout, 1 << 16);
                (tree, grown)
            });
            assert_eq!(mi_heap_of(tree.cast()), trees.0);
            assert_ne!(mi_heap_of(grown.cast()), trees.0);
            assert!(syntax_heap().is_none(), "the main heap is back after the parse");
            trees.free_all();
            assert_eq!(*grown.add(63), 9);
            Allocator.dealloc(grown, Layout::from_size_align(1 << 16, 16).unwrap());
        }
    }

    #[test]
    fn a_tree_heap_dropped_without_free_all_keeps_its_blocks_alive() {
        let layout = Layout::from_size_align(32, 8).unwrap();
        let trees = TreeHeap::new();
        let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            trees.parse(|| {
                // SAFETY: written within its layout, freed below.
                let block = unsafe { Allocator.alloc(layout) };
                unsafe { block.write_bytes(5, 32) };
                std::panic::panic_any(block as usize)
            })
        }));
        let block = *caught.unwrap_err().downcast::<usize>().unwrap() as *mut u8;
        assert!(syntax_heap().is_none());
        drop(trees);
        // SAFETY: the block moved to the main heap when `trees` was dropped.
        unsafe {
            assert_eq!(*block.add(31), 5);
            Allocator.dealloc(block, layout);
        }
    }
}
