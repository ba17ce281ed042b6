//! The taint analysis over the IR.
