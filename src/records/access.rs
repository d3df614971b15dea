//! Who may use the records files: one account, or the officers of a shared
//! desk.
//!
//! The folder of the records file decides. Where only its owner may write
//! in it (the default folder in the user's own data folder, made 0700),
//! every file made there is the owner's alone: mode 0600. Where its group
//! may write in it, as in the `/var/lib/deflect` the package makes (group
//! `deflect`, mode 2770), the records, the key and the lock are made for
//! that group: mode 0660, and in the folder's group even where the folder
//! lacks the setgid bit. Never for other accounts: a folder that every
//! account may write in is refused, as anyone could alter or remove the
//! records there; and a folder this account may not write in is refused
//! with what to change.
//!
//! Elsewhere than Unix (Windows) files take the access rules of their
//! folder, and nothing here changes them; this is untested on Windows.

use std::fs::{File, OpenOptions};
use std::path::Path;

use anyhow::{bail, Result};

/// Who may use the files of a records folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sharing {
    /// This account alone: files 0600.
    Owner,
    /// The accounts of the folder's group, whose id this is: files 0660 in
    /// that group.
    Group(u32),
}

/// The folder a records file (or its key or lock) is in.
fn folder_of(records: &Path) -> &Path {
    match records.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

impl Sharing {
    /// How the folder of `records` is shared, for writing in it.
    ///
    /// # Errors
    /// When every account may write in the folder, or it cannot be read.
    #[cfg(unix)]
    pub fn for_writing(records: &Path) -> Result<Sharing> {
        use std::os::unix::fs::MetadataExt;
        let folder = folder_of(records);
        let meta = std::fs::metadata(folder).map_err(|e| {
            anyhow::anyhow!(
                "cannot read the records folder {}: {}",
                folder.display(),
                crate::directory::walk::plain_io_error(&e)
            )
        })?;
        let mode = meta.mode() & 0o7777;
        if mode & 0o002 != 0 {
            bail!(
                "the records folder {} may be written by every account on this computer \
                 (mode {mode:04o}): anyone could alter or remove the referral records there. \
                 Give the records a folder of their own: one only you write in \
                 (chmod 700 FOLDER), or one for the officers of this desk \
                 (chgrp deflect FOLDER && chmod 2770 FOLDER), and set [records] path to a file in it",
                folder.display()
            );
        }
        Ok(if mode & 0o020 != 0 {
            Sharing::Group(meta.gid())
        } else {
            Sharing::Owner
        })
    }

    /// Elsewhere files take the folder's access rules.
    #[cfg(not(unix))]
    pub fn for_writing(_records: &Path) -> Result<Sharing> {
        Ok(Sharing::Owner)
    }

    /// How the folder of `records` is shared, for fitting a file read
    /// there: owner-only when it cannot be told.
    pub fn of(records: &Path) -> Sharing {
        Sharing::for_writing(records).unwrap_or(Sharing::Owner)
    }

    /// The mode of the files made here.
    #[cfg(unix)]
    fn mode(self) -> u32 {
        match self {
            Sharing::Owner => 0o600,
            Sharing::Group(_) => 0o660,
        }
    }

    /// Opens files with this sharing's mode where the platform can say so
    /// at creation (the process's umask may still take bits away; [`fit`]
    /// puts them back).
    ///
    /// [`fit`]: Sharing::fit
    #[cfg(unix)]
    pub(crate) fn create_with(self, options: &mut OpenOptions) {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(self.mode());
    }

    /// Elsewhere the file inherits the access rules of its folder.
    #[cfg(not(unix))]
    pub(crate) fn create_with(self, _options: &mut OpenOptions) {}

    /// Gives a file of this account exactly this sharing's mode and group:
    /// a file made under a umask, by hand or copied is fitted; best effort,
    /// as another account's file cannot be changed (and need not be: its
    /// owner fitted it).
    #[cfg(unix)]
    pub(crate) fn fit(self, file: &File) {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let Ok(meta) = file.metadata() else {
            return;
        };
        if let Sharing::Group(gid) = self {
            if meta.gid() != gid {
                let _ = std::os::unix::fs::fchown(file, None, Some(gid));
            }
        }
        if meta.mode() & 0o777 != self.mode() {
            let _ = file.set_permissions(std::fs::Permissions::from_mode(self.mode()));
        }
    }

    /// Elsewhere access rules are left as the folder gives them.
    #[cfg(not(unix))]
    pub(crate) fn fit(self, _file: &File) {}
}

/// An error opening or making a records file, with what to change when it
/// is this account that may not.
pub(crate) fn refused(error: std::io::Error, what: &str, path: &Path) -> anyhow::Error {
    if error.kind() == std::io::ErrorKind::PermissionDenied {
        return anyhow::anyhow!(
            "this account may not write the records {what} {}: {}",
            path.display(),
            advice(folder_of(path))
        );
    }
    anyhow::Error::new(error).context(format!("cannot open the records {what} {}", path.display()))
}

/// What to change so that this account may write in `folder`.
#[cfg(unix)]
fn advice(folder: &Path) -> String {
    use std::os::unix::fs::MetadataExt;
    let Ok(meta) = std::fs::metadata(folder) else {
        return format!(
            "set [records] path to a file in a folder this account can write in, not {}",
            folder.display()
        );
    };
    let group = name_in("/etc/group", meta.gid());
    let owner = name_in("/etc/passwd", meta.uid());
    let mode = meta.mode() & 0o7777;
    if mode & 0o020 != 0 {
        format!(
            "the folder {} belongs to the group {group} (owner {owner}, mode {mode:04o}): add \
             this account to that group (usermod -aG {group} ACCOUNT; it counts from the next \
             login), or set [records] path to a folder of this account's own",
            folder.display()
        )
    } else {
        format!(
            "the folder {} is {owner}'s alone (mode {mode:04o}): to share it, give it to the \
             officers' group (chgrp deflect {0} && chmod 2770 {0}) and add this account to \
             that group; or set [records] path to a folder of this account's own",
            folder.display()
        )
    }
}

#[cfg(not(unix))]
fn advice(folder: &Path) -> String {
    format!(
        "give this account the right to write in {}, or set [records] path to a folder of its own",
        folder.display()
    )
}

/// The name of a user or group id in `/etc/passwd` or `/etc/group`, else
/// the number.
#[cfg(unix)]
fn name_in(file: &str, id: u32) -> String {
    let wanted = id.to_string();
    std::fs::read_to_string(file)
        .ok()
        .and_then(|text| {
            text.lines().find_map(|line| {
                let mut fields = line.split(':');
                let name = fields.next()?;
                (fields.nth(1)? == wanted).then(|| name.to_string())
            })
        })
        .unwrap_or(wanted)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::{MetadataExt, PermissionsExt};

    fn chmod(path: &Path, mode: u32) {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
    }

    #[test]
    fn the_folder_decides_who_may_use_the_files() {
        let dir = tempfile::tempdir().unwrap();
        let records = dir.path().join("records.jsonl");
        chmod(dir.path(), 0o700);
        assert_eq!(Sharing::for_writing(&records).unwrap(), Sharing::Owner);
        chmod(dir.path(), 0o2770);
        let gid = std::fs::metadata(dir.path()).unwrap().gid();
        assert_eq!(Sharing::for_writing(&records).unwrap(), Sharing::Group(gid));
        chmod(dir.path(), 0o1777);
        let e = Sharing::for_writing(&records).unwrap_err().to_string();
        assert!(e.contains("may be written by every account"), "{e}");
        assert!(e.contains("mode 1777"), "{e}");
        assert!(e.contains("chmod 2770"), "{e}");
        assert_eq!(Sharing::of(&records), Sharing::Owner);
        chmod(dir.path(), 0o700);
    }

    #[test]
    fn a_file_is_fitted_to_its_folder_whatever_the_umask_gave_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("records.jsonl");
        std::fs::write(&path, "").unwrap();
        chmod(&path, 0o644);
        let file = File::open(&path).unwrap();
        Sharing::Owner.fit(&file);
        assert_eq!(std::fs::metadata(&path).unwrap().mode() & 0o777, 0o600);
        let gid = std::fs::metadata(dir.path()).unwrap().gid();
        Sharing::Group(gid).fit(&file);
        assert_eq!(std::fs::metadata(&path).unwrap().mode() & 0o777, 0o660);
    }

    #[test]
    fn a_refusal_says_what_to_change() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("records.jsonl.lock");
        let denied = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        chmod(dir.path(), 0o2770);
        let e = refused(denied, "lock", &path).to_string();
        assert!(
            e.starts_with("this account may not write the records lock"),
            "{e}"
        );
        assert!(e.contains("add this account to that group"), "{e}");
        chmod(dir.path(), 0o700);
        let denied = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        let e = refused(denied, "lock", &path).to_string();
        assert!(e.contains("chmod 2770"), "{e}");
        let other = std::io::Error::from(std::io::ErrorKind::NotFound);
        let e = format!("{:#}", refused(other, "file", &path));
        assert!(e.starts_with("cannot open the records file"), "{e}");
    }
}
