//! Small building blocks shared by the pages.
pub mod card;
pub mod catnav;
pub mod language;
pub mod layout;
pub mod open_files;
pub mod pictures;
pub mod reading;
pub mod refine;
pub mod status;
pub mod theme;
pub mod thumb;
