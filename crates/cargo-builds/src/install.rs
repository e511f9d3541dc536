//! The install and the uninstall of a crate's binaries in a root. An
//! install resolves the version and artifact ([`select`]), downloads it to
//! a temporary file (size and SHA-256 checked against the API), unpacks it
//! into a staging directory inside `bin/` ([`archive`]: checked against
//! its manifest), refuses to replace a file it did not install unless
//! forced, renames each binary into place and then records the install.

use std::fs;
use std::io::Write;
use std::path::PathBuf;

use buildsrs_protocol::public::{Artifact, VersionDetail};
use indicatif::ProgressBar;

use crate::archive::{self, Expected, Staged};
use crate::client::Client;
use crate::record::{self, Install, Record, Uninstalled};
use crate::root::Root;
use crate::spec::CrateSpec;
use crate::{Error, select};

/// What to install, for which target, where.
#[derive(Clone, Debug)]
pub struct Request {
    pub spec: CrateSpec,
    pub target: String,
    pub root: Root,
    /// Replace files that another crate's install or something else wrote.
    pub force: bool,
}

/// What an install did.
#[derive(Clone, Debug)]
pub struct Installed {
    pub install: Install,
    /// The binaries, where they now are.
    pub paths: Vec<PathBuf>,
    /// The install of the crate it replaced, if any.
    pub replaced: Option<Install>,
}

/// Installs the binaries `request` names; `progress` shows the download.
pub async fn install(
    client: &Client,
    request: &Request,
    progress: ProgressBar,
) -> Result<Installed, Error> {
    let (version, artifact) = resolve(client, &request.spec, &request.target).await?;
    progress.set_length(u64::try_from(artifact.size).unwrap_or_default());
    let mut download = tempfile::NamedTempFile::new().map_err(Error::io(std::env::temp_dir()))?;
    client.download(&artifact, &mut download, &progress).await?;
    download.flush().map_err(Error::io(download.path()))?;
    let bin = request.root.bin();
    fs::create_dir_all(&bin).map_err(Error::io(&bin))?;
    let staging = tempfile::Builder::new()
        .prefix(".cargo-builds-")
        .tempdir_in(&bin)
        .map_err(Error::io(&bin))?;
    let expected = Expected {
        krate: version.krate.clone(),
        version: version.version.version.clone(),
        target: request.target.clone(),
    };
    let staged =
        archive::unpack_binaries(download.path(), &expected, staging.path()).map_err(|source| {
            Error::Archive {
                name: artifact.name.clone(),
                source,
            }
        })?;
    let install = Install {
        krate: expected.krate,
        version: expected.version,
        target: expected.target,
        sha256: artifact.sha256,
        files: staged.iter().map(|binary| binary.file.clone()).collect(),
    };
    place(&request.root, install, &staged, request.force)
}

/// The version to install and its artifact: the one asked for, else the
/// newest candidate with a binary build for `target`.
pub async fn resolve(
    client: &Client,
    spec: &CrateSpec,
    target: &str,
) -> Result<(VersionDetail, Artifact), Error> {
    let krate = client.crate_detail(&spec.name).await?;
    if let Some(wanted) = &spec.version {
        let version = select::requested(&krate, wanted)?;
        let detail = client.version_detail(&krate.name, &version.version).await?;
        let artifact = select::binary_build(&detail, target)?.clone();
        return Ok((detail, artifact));
    }
    let candidates = select::candidates(&krate);
    let newest = candidates.first().ok_or_else(|| Error::NoCurrentVersion {
        name: krate.name.clone(),
    })?;
    let mut newest_built = None;
    for version in &candidates {
        let detail = client.version_detail(&krate.name, &version.version).await?;
        match select::binary_build(&detail, target) {
            Ok(artifact) => {
                let artifact = artifact.clone();
                return Ok((detail, artifact));
            }
            Err(Error::NoBuildForTarget { built, .. }) => {
                tracing::info!(version = %version.version, target, "no binary build; trying an older version");
                newest_built.get_or_insert(built);
            }
            Err(other) => return Err(other),
        }
    }
    Err(Error::NoVersionForTarget {
        name: krate.name.clone(),
        target: target.into(),
        newest: newest.version.clone(),
        built: newest_built.unwrap_or_default(),
    })
}

/// Moves the staged binaries into `root`'s `bin/` and records `install`,
/// removing the files of the crate's earlier install it no longer has.
fn place(
    root: &Root,
    install: Install,
    staged: &[Staged],
    force: bool,
) -> Result<Installed, Error> {
    let mut record = Record::load(root)?;
    let bin = root.bin();
    for binary in staged {
        let path = bin.join(&binary.name);
        if fs::symlink_metadata(&path).is_err() {
            continue;
        }
        let owner = record.owner_of(&binary.file.path);
        if owner != Some(install.krate.as_str()) && !force {
            return Err(Error::WouldOverwrite {
                path,
                owner: owner.map(str::to_owned),
            });
        }
    }
    let mut paths = Vec::new();
    for binary in staged {
        let path = bin.join(&binary.name);
        fs::rename(&binary.path, &path).map_err(Error::io(&path))?;
        paths.push(path);
    }
    let written: Vec<String> = install.files.iter().map(|file| file.path.clone()).collect();
    let replaced = record.put(install.clone());
    if let Some(earlier) = &replaced {
        record::remove_files(root, earlier, &written)?;
    }
    record.save(root)?;
    Ok(Installed {
        install,
        paths,
        replaced,
    })
}

/// Removes `krate`'s recorded files that are unchanged, and its record.
pub fn uninstall(root: &Root, krate: &str) -> Result<Uninstalled, Error> {
    let mut record = Record::load(root)?;
    let install = record.take(krate).ok_or_else(|| Error::NotInstalled {
        name: krate.into(),
        root: root.path().to_owned(),
    })?;
    let done = record::remove_files(root, &install, &[])?;
    record.save(root)?;
    Ok(done)
}
