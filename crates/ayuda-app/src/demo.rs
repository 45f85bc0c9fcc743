//! Demo data: a believable multilingual help desk for newcomers.
