//! How code outside the workspace moves data: the std model table.
//!
//! Anything not listed here is modelled conservatively: an unknown method's
//! result is derived from its receiver and arguments, and the receiver
//! absorbs the arguments (it may store them). README "What the analysis
//! assumes" documents the same table.

/// What an external method does with data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MethodModel {
    /// The result is the receiver seen another way (same value, same type,
    /// and writes through the result reach the receiver): `clone`, `as_ref`,
    /// `unwrap`, `lock`, `iter`, `get`, `entry`, ...
    Project,
    /// A read-only query: the result is derived from receiver and
    /// arguments, the receiver is untouched: `len`, `contains`, `eq`,
    /// `to_string`, `trim`, ...
    Query,
    /// The receiver stores the arguments: `push`, `insert`, `extend`, ...
    Absorb,
    /// The result is what the closure argument returns (its parameters are
    /// the receiver's elements): `map`, `and_then`, `filter_map`, ...
    MapWith,
    /// The arguments receive the receiver's data: `hash`, `fmt`,
    /// `serialize`, `read_to_string`, ...
    IntoArgs,
    /// Not in the table: derived result, and the receiver absorbs the
    /// arguments.
    Unknown,
}

const PROJECT: &[&str] = &[
    "and_modify",
    "as_deref",
    "as_deref_mut",
    "as_mut",
    "as_mut_slice",
    "as_path",
    "as_ref",
    "as_slice",
    "as_str",
    "borrow",
    "borrow_mut",
    "by_ref",
    "chain",
    "clone",
    "cloned",
    "copied",
    "deref",
    "deref_mut",
    "drain",
    "entry",
    "enumerate",
    "err",
    "expect",
    "expect_err",
    "filter",
    "find",
    "first",
    "first_mut",
    "flatten",
    "get",
    "get_mut",
    "get_or_insert",
    "get_or_insert_with",
    "inspect",
    "into",
    "into_inner",
    "into_iter",
    "into_values",
    "iter",
    "iter_mut",
    "last",
    "last_mut",
    "lock",
    "max",
    "max_by",
    "max_by_key",
    "min",
    "min_by",
    "min_by_key",
    "next",
    "next_back",
    "nth",
    "ok",
    "ok_or",
    "ok_or_else",
    "or",
    "or_default",
    "or_else",
    "or_insert",
    "or_insert_with",
    "peek",
    "peekable",
    "pop",
    "pop_back",
    "pop_front",
    "read",
    "remove",
    "rev",
    "skip",
    "skip_while",
    "step_by",
    "swap_remove",
    "take",
    "take_while",
    "to_owned",
    "to_vec",
    "try_into",
    "try_lock",
    "try_read",
    "try_write",
    "unwrap",
    "unwrap_or",
    "unwrap_or_default",
    "unwrap_or_else",
    "unwrap_unchecked",
    "upgrade",
    "values",
    "values_mut",
    "write",
    "zip",
];

const QUERY: &[&str] = &[
    "all",
    "any",
    "as_bytes",
    "bytes",
    "char_indices",
    "chars",
    "cmp",
    "concat",
    "contains",
    "contains_key",
    "count",
    "ends_with",
    "eq",
    "eq_ignore_ascii_case",
    "ge",
    "gt",
    "is_empty",
    "is_err",
    "is_none",
    "is_some",
    "join",
    "le",
    "len",
    "lines",
    "lt",
    "matches",
    "ne",
    "parse",
    "partial_cmp",
    "position",
    "product",
    "repeat",
    "replace",
    "replacen",
    "rfind",
    "rsplit",
    "split",
    "split_once",
    "split_whitespace",
    "splitn",
    "starts_with",
    "strip_prefix",
    "strip_suffix",
    "sum",
    "to_ascii_lowercase",
    "to_ascii_uppercase",
    "to_lowercase",
    "to_string",
    "to_uppercase",
    "trim",
    "trim_end",
    "trim_end_matches",
    "trim_matches",
    "trim_start",
    "trim_start_matches",
];

const ABSORB: &[&str] = &[
    "append",
    "extend",
    "extend_from_slice",
    "insert",
    "push",
    "push_back",
    "push_front",
    "push_str",
    "set",
    "store",
    "update",
    "write_all",
    "write_fmt",
    "write_str",
];

const MAP_WITH: &[&str] = &[
    "and_then",
    "filter_map",
    "find_map",
    "flat_map",
    "fold",
    "map",
    "map_or",
    "map_or_else",
    "map_while",
    "reduce",
    "scan",
    "then",
    "try_fold",
];

const INTO_ARGS: &[&str] = &[
    "clone_into",
    "encode",
    "fmt",
    "hash",
    "read_exact",
    "read_line",
    "read_to_end",
    "read_to_string",
    "serialize",
    "write_to",
];

/// The model of external method `name` called with `arg_count` arguments.
pub fn method_model(name: &str, arg_count: usize) -> MethodModel {
    // `RwLock::write()` is a projection; `io::Write::write(buf)` stores.
    // Likewise `RwLock::read()` projects; `io::Read::read(buf)` fills `buf`.
    match (name, arg_count) {
        ("write", 1..) => return MethodModel::Absorb,
        ("read", 1..) => return MethodModel::IntoArgs,
        _ => {}
    }
    let tables = [
        (PROJECT, MethodModel::Project),
        (QUERY, MethodModel::Query),
        (ABSORB, MethodModel::Absorb),
        (MAP_WITH, MethodModel::MapWith),
        (INTO_ARGS, MethodModel::IntoArgs),
    ];
    for (table, model) in tables {
        if table.binary_search(&name).is_ok() {
            return model;
        }
    }
    MethodModel::Unknown
}

/// External free functions and constructors whose result is their first
/// argument, unchanged (so a struct keeps its fields and type through them).
const TRANSPARENT_FNS: &[&str] = &[
    "Arc::clone",
    "Arc::from",
    "Arc::new",
    "Borrowed",
    "Box::from",
    "Box::new",
    "Box::pin",
    "Cell::new",
    "Clone::clone",
    "Cow::from",
    "Err",
    "From::from",
    "Into::into",
    "Mutex::from",
    "Mutex::new",
    "Ok",
    "Owned",
    "Pin::new",
    "Rc::clone",
    "Rc::from",
    "Rc::new",
    "RefCell::from",
    "RefCell::new",
    "RwLock::new",
    "Some",
    "ToOwned::to_owned",
    "black_box",
    "identity",
    "take",
];

/// Whether the external fn at `path` (as written) returns its first argument.
pub fn is_transparent_fn(path: &str) -> bool {
    let mut tail = path.rsplit("::");
    let last = tail.next().unwrap_or("");
    let with_type = tail.next().map(|ty| format!("{ty}::{last}"));
    TRANSPARENT_FNS.binary_search(&last).is_ok()
        || with_type.is_some_and(|p| TRANSPARENT_FNS.binary_search(&p.as_str()).is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_sorted_and_disjoint() {
        let tables = [PROJECT, QUERY, ABSORB, MAP_WITH, INTO_ARGS, TRANSPARENT_FNS];
        for table in tables {
            assert!(table.windows(2).all(|w| w[0] < w[1]), "unsorted table near {table:?}");
        }
        let mut all: Vec<&str> = tables[..5].iter().flat_map(|t| t.iter().copied()).collect();
        all.sort();
        let before = all.len();
        all.dedup();
        assert_eq!(before, all.len(), "a method is in two tables");
    }

    #[test]
    fn write_depends_on_arity() {
        assert_eq!(method_model("write", 0), MethodModel::Project);
        assert_eq!(method_model("write", 1), MethodModel::Absorb);
        assert_eq!(method_model("frobnicate", 1), MethodModel::Unknown);
        assert!(is_transparent_fn("std::sync::Arc::new"));
        assert!(is_transparent_fn("Some"));
        assert!(!is_transparent_fn("serde_json::to_string"));
    }
}
