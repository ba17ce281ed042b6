//! Read and parse source files with `syn`.
