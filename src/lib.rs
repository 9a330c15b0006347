//! The dirtybit web app.
