//! The commands that write: `checkin` edits one value in place, `new`, `init`
//! and `carry` create files. None of them ever overwrites or mangles a file:
//! edits replace exactly the bytes of one value, every result is re-read and
//! re-checked before it is written, and writes are atomic. A replaced file
//! keeps its owner, group and mode; a new file set goes in all or not at all;
//! no symbolic link in the repository can send a write out of it.

pub(crate) mod atomic;
pub mod carry;
pub mod checkin;
pub(crate) mod confine;
pub mod create;
pub mod emit;
pub mod extent;
pub mod layout;
pub(crate) mod lock;
pub mod record;
pub(crate) mod resolve;
pub mod scaffold;
pub mod set_field;
pub mod write_document;

pub use atomic::OwnershipChanged;
