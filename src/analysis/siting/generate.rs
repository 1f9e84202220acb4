//! Candidate generation.
