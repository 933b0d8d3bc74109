//! The commands that write: `checkin` edits one value in place, `new`, `init`
//! and `carry` create files. None of them ever overwrites or mangles a file:
//! edits replace exactly the bytes of one value, every result is re-read and
//! re-checked before it is written, and writes are atomic.

pub mod atomic;
pub mod carry;
pub mod checkin;
pub mod commit;
pub mod emit;
pub mod extent;
pub mod layout;
pub mod lock;
pub mod record;
pub mod resolve;
pub mod scaffold;
pub mod set_field;
pub mod write_document;
