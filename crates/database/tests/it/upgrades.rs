//! Rolling upgrades: a service built for schema S keeps working on a
//! database at any later version, so old binaries run while new ones roll
//! out. The check: every query of the commit just before the newest
//! migration was added is prepared against the schema of that commit and
//! against today's, and must take the same parameter types and return the
//! same columns of the same types. A migration that would break an older
//! binary must keep a compatible shape (a view, a default, a column kept).
//!
//! The old queries and schema come from git history; outside a git checkout
//! with that history the check says so and passes.

use std::path::{Path, PathBuf};
use std::process::Command;

use buildsrs_database::access::source;
use buildsrs_database::temp::TestDatabase;
use buildsrs_report::Report;
use tokio_postgres::types::{Kind, Type};

/// `git ARGS` in the workspace; `None` when git or the history is missing.
fn git(root: &Path, args: &[&str]) -> Option<String> {
    let output = Command::new("git")
        .args(args)
        .current_dir(root)
        .output()
        .ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}

/// The revision just before the newest migration was added: the parent of
/// the commit that added it, or HEAD while it is not committed yet.
fn revision_before_newest_migration(root: &Path) -> Option<String> {
    let mut migrations: Vec<PathBuf> = std::fs::read_dir(root.join("schema"))
        .ok()?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "sql"))
        .collect();
    migrations.sort();
    let newest = migrations
        .last()?
        .strip_prefix(root)
        .ok()?
        .to_str()?
        .to_owned();
    let added = git(
        root,
        &["log", "--diff-filter=A", "--format=%H", "-1", "--", &newest],
    )?;
    let revision = match added.trim() {
        "" => "HEAD".to_owned(),
        commit => format!("{commit}^"),
    };
    git(root, &["rev-parse", "--verify", &revision]).map(|id| id.trim().to_owned())
}

/// The files under `dir` at `revision` whose names end in `.sql`, each with
/// its text, in name order (subdirectories such as `queries/_copy` left
/// out).
fn files_at(root: &Path, revision: &str, dir: &str) -> Vec<(String, String)> {
    let listing = git(
        root,
        &["ls-tree", "--name-only", revision, &format!("{dir}/")],
    )
    .expect("the revision lists its files");
    let mut names: Vec<&str> = listing
        .lines()
        .filter(|name| name.ends_with(".sql"))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|name| {
            let text = git(root, &["show", &format!("{revision}:{name}")])
                .expect("the revision holds the file");
            (name.to_owned(), text)
        })
        .collect()
}

/// What a prepared statement takes and returns, each type by name (oids
/// differ between databases).
#[derive(Debug, PartialEq)]
struct Shape {
    params: Vec<String>,
    columns: Vec<(String, String)>,
}

/// A type as an older binary depends on it: schema, name, and an enum's
/// labels or an array's element type (a label added or removed breaks the
/// enum that binary generated).
fn describe(ty: &Type) -> String {
    let of = match ty.kind() {
        Kind::Enum(labels) => format!("({})", labels.join(", ")),
        Kind::Array(element) => format!("[{}]", describe(element)),
        Kind::Domain(base) => format!(" domain of {}", describe(base)),
        _ => String::new(),
    };
    format!("{}.{}{of}", ty.schema(), ty.name())
}

async fn shape(client: &tokio_postgres::Client, sql: &str) -> Result<Shape, tokio_postgres::Error> {
    let statement = client.prepare(sql).await?;
    Ok(Shape {
        params: statement.params().iter().map(describe).collect(),
        columns: statement
            .columns()
            .iter()
            .map(|column| (column.name().to_owned(), describe(column.type_())))
            .collect(),
    })
}

#[tokio::test]
async fn the_previous_schemas_queries_keep_their_shape_on_todays_schema() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let Some(revision) = revision_before_newest_migration(&root) else {
        println!("notice: no git history here: the rolling-upgrade check did not run");
        return;
    };
    let old = TestDatabase::empty().await.unwrap();
    let old_client = old.database().client().await.unwrap();
    for (name, text) in files_at(&root, &revision, "schema") {
        old_client
            .batch_execute(&text)
            .await
            .unwrap_or_else(|error| panic!("{name} at {revision}: {}", Report(&error)));
    }
    let today = TestDatabase::new().await.unwrap();
    let today_client = today.database().client().await.unwrap();

    let mut checked = 0;
    let mut broken = Vec::new();
    for (file, text) in files_at(&root, &revision, "queries") {
        let queries = source::parse(&text)
            .unwrap_or_else(|error| panic!("{file} at {revision}: {}", Report(&error)));
        for query in queries {
            let (name, (sql, _)) = (&query.name, query.positional());
            let before = shape(&old_client, &sql)
                .await
                .unwrap_or_else(|error| panic!("{file} {name} at {revision}: {}", Report(&error)));
            match shape(&today_client, &sql).await {
                Ok(after) if after == before => {}
                Ok(after) => broken.push(format!("{file} {name}: {before:?} became {after:?}")),
                Err(error) => broken.push(format!("{file} {name}: {}", Report(&error))),
            }
            checked += 1;
        }
    }
    println!("{checked} queries of {revision} checked against today's schema");
    assert!(checked > 50, "too few queries found: {checked}");
    assert!(
        broken.is_empty(),
        "today's schema breaks queries of {revision}, which older binaries run:\n{}",
        broken.join("\n")
    );
}
