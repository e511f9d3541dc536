//! Query access markers: every query of `queries/` has one, the parser
//! refuses a missing or unknown one, and the markers tell the truth: no query
//! marked read-only writes, or needs more than the reader role's grants.

use std::error::Error as StdError;
use std::path::Path;

use buildsrs_database::access::source::{self, QuerySource};
use buildsrs_database::access::{self, Access};
use buildsrs_database::temp::TestDatabase;
use buildsrs_database::{Database, PoolOptions};
use bytes::BytesMut;
use tokio_postgres::error::SqlState;
use tokio_postgres::types::{IsNull, ToSql, Type, to_sql_checked};

/// Every query of `queries/*.sql` with its module, read the way `build.rs`
/// reads them (skipping `_`-prefixed files, as cornucopia does).
fn all_queries() -> Vec<(String, QuerySource)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../queries");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| {
            path.is_file()
                && path.extension().is_some_and(|ext| ext == "sql")
                && !path.file_name().unwrap().to_string_lossy().starts_with('_')
        })
        .collect();
    files.sort();
    let mut queries = Vec::new();
    for path in files {
        let module = path.file_stem().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).unwrap();
        for query in source::parse(&text).unwrap() {
            queries.push((module.clone(), query));
        }
    }
    queries
}

/// A NULL of whatever type the server wants.
#[derive(Debug)]
struct Null;

impl ToSql for Null {
    fn to_sql(
        &self,
        _: &Type,
        _: &mut BytesMut,
    ) -> Result<IsNull, Box<dyn StdError + Sync + Send>> {
        Ok(IsNull::Yes)
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

/// Prepares and runs every query with all-NULL parameters, each in a
/// `READ ONLY` transaction that is rolled back, and returns each query with
/// the SQLSTATE it failed with (`None`: it ran).
async fn run_read_only(database: &Database) -> Vec<(String, QuerySource, Option<SqlState>)> {
    let mut client = database.client().await.unwrap();
    let mut outcomes = Vec::new();
    for (module, query) in all_queries() {
        let (sql, _) = query.positional();
        let transaction = client
            .build_transaction()
            .read_only(true)
            .start()
            .await
            .unwrap();
        let outcome = async {
            let statement = transaction.prepare(&sql).await?;
            let nulls: Vec<&(dyn ToSql + Sync)> =
                statement.params().iter().map(|_| &Null as _).collect();
            transaction.query(&statement, &nulls).await
        }
        .await;
        transaction.rollback().await.unwrap();
        let state = match outcome {
            Ok(_) => None,
            Err(error) => Some(
                error
                    .code()
                    .unwrap_or_else(|| panic!("{module}::{}: {error}", query.name))
                    .clone(),
            ),
        };
        outcomes.push((module, query, state));
    }
    outcomes
}

#[test]
fn the_crate_knows_the_access_of_every_query_in_queries() {
    let queries = all_queries();
    assert_eq!(queries.len(), access::ALL.len());
    for (module, query) in &queries {
        assert_eq!(
            access::of(module, &query.name),
            Some(query.access),
            "{module}::{}",
            query.name
        );
    }
    assert_eq!(
        access::of("catalog", "catalog_crate_page"),
        Some(Access::ReadOnly)
    );
    assert_eq!(access::of("jobs", "job_claim_next"), Some(Access::Primary));
    assert_eq!(access::of("jobs", "no_such_query"), None);
}

#[test]
fn a_query_without_a_marker_is_refused_with_its_line_and_name() {
    let text =
        "--! first\n-- access: read-only\nSELECT 1;\n\n--! second\n-- Says what.\nSELECT 2;\n";
    let error = source::parse(text).unwrap_err();
    assert_eq!(error.line, 5);
    assert!(
        error.message.contains("`second` has no access marker"),
        "{error}"
    );

    let at_the_end = "--! last\nSELECT 1;";
    assert_eq!(source::parse(at_the_end).unwrap_err().line, 1);
}

#[test]
fn an_unknown_or_misplaced_marker_is_refused() {
    let unknown = "--! q\n-- access: readonly\nSELECT 1;";
    let error = source::parse(unknown).unwrap_err();
    assert_eq!(error.line, 2);
    assert!(
        error.message.contains("unknown access marker \"readonly\""),
        "{error}"
    );

    let second = "--! q\n-- access: primary\n-- access: read-only\nSELECT 1;";
    let error = source::parse(second).unwrap_err();
    assert_eq!(error.line, 3);
    assert!(error.message.contains("in query `q`"), "{error}");
}

#[test]
fn comments_are_left_out_and_named_parameters_become_positional() {
    // Text for the marker parser, never run: the SQL here is test data.
    let text = "-- The file's header.\n\n--! q : (a?)\n-- access: read-only\n-- What it does.\n\
                SELECT :b::bigint[] AS x, 'a:literal' AS \"c:d\"\n-- inside\nWHERE y = :a AND z = :b;\n\
                --: Row ()\n";
    let queries = source::parse(text).unwrap();
    assert_eq!(queries.len(), 1);
    let query = &queries[0];
    assert_eq!((query.name.as_str(), query.line), ("q", 3));
    assert_eq!(query.access, Access::ReadOnly);
    // Parser input and output, never run: the statement text is what is tested.
    assert_eq!(
        query.sql,
        "SELECT :b::bigint[] AS x, 'a:literal' AS \"c:d\"\nWHERE y = :a AND z = :b"
    );
    let (sql, names) = query.positional();
    assert_eq!(
        sql,
        "SELECT $1::bigint[] AS x, 'a:literal' AS \"c:d\"\nWHERE y = $2 AND z = $1"
    );
    assert_eq!(names, ["b", "a"]);
}

#[tokio::test]
async fn no_query_marked_read_only_writes() {
    let test = TestDatabase::new().await.unwrap();
    let outcomes = run_read_only(test.database()).await;
    let writers: Vec<String> = outcomes
        .iter()
        .filter(|(_, _, state)| *state == Some(SqlState::READ_ONLY_SQL_TRANSACTION))
        .map(|(module, query, _)| format!("{module}::{}", query.name))
        .collect();
    // The check can see a write at all: the migrations ledger's insert is one.
    assert!(
        writers.contains(&"migrations::migration_insert".to_owned()),
        "{writers:?}"
    );
    let mislabelled: Vec<String> = outcomes
        .iter()
        .filter(|(_, query, state)| {
            query.access == Access::ReadOnly && *state == Some(SqlState::READ_ONLY_SQL_TRANSACTION)
        })
        .map(|(module, query, _)| format!("queries/{module}.sql:{} {}", query.line, query.name))
        .collect();
    assert!(
        mislabelled.is_empty(),
        "marked read-only but refused in a read-only transaction (mark them \
         `-- access: primary`): {mislabelled:?}"
    );
}

#[tokio::test]
async fn read_only_queries_need_no_more_than_the_reader_roles_grants() {
    let test = TestDatabase::new().await.unwrap();
    let reader = test
        .connect(&PoolOptions {
            role: Some("buildsrs_reader".to_owned()),
            ..PoolOptions::default()
        })
        .await
        .unwrap();
    let denied: Vec<String> = run_read_only(&reader)
        .await
        .into_iter()
        .filter(|(_, query, state)| {
            query.access == Access::ReadOnly && *state == Some(SqlState::INSUFFICIENT_PRIVILEGE)
        })
        .map(|(module, query, _)| format!("queries/{module}.sql:{} {}", query.line, query.name))
        .collect();
    assert!(
        denied.is_empty(),
        "marked read-only but the reader role may not run them: {denied:?}"
    );
}
