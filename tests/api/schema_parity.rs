//! Both migration folders must build the same tables with the same columns.

use crate::helpers::*;
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::{Bool, Text};
use portefolje::db::{DatabaseUrl, Db};

#[derive(QueryableByName, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Column {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    column_name: String,
    #[diesel(sql_type = Bool)]
    nullable: bool,
}

fn sqlite_columns() -> Vec<Column> {
    let path = std::env::temp_dir().join(format!("portefolje-parity-{}.db", std::process::id()));
    let _ = std::fs::remove_file(&path);
    drop(
        Db::connect(
            &DatabaseUrl::parse(&format!("sqlite://{}", path.display())).unwrap(),
            1,
        )
        .unwrap(),
    );
    let mut conn = SqliteConnection::establish(path.to_str().unwrap()).unwrap();
    // The dropped instance's pooled connections close on their own threads,
    // and the last one to close checkpoints the WAL under an exclusive lock.
    conn.batch_execute("PRAGMA busy_timeout = 5000;").unwrap();
    let mut columns: Vec<Column> = diesel::sql_query(
        "SELECT m.name AS table_name, p.name AS column_name, (p.\"notnull\" = 0 AND p.pk = 0) AS nullable \
         FROM sqlite_master m JOIN pragma_table_info(m.name) p \
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> '__diesel_schema_migrations'",
    )
    .load(&mut conn)
    .unwrap();
    columns.sort();
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    columns
}

fn postgres_columns(url: &str) -> Vec<Column> {
    let mut conn = PgConnection::establish(url).unwrap();
    let mut columns: Vec<Column> = diesel::sql_query(
        "SELECT table_name::text AS table_name, column_name::text AS column_name, (is_nullable = 'YES') AS nullable \
         FROM information_schema.columns \
         WHERE table_schema = 'public' AND table_name <> '__diesel_schema_migrations'",
    )
    .load(&mut conn)
    .unwrap();
    columns.sort();
    columns
}

#[test]
fn both_migration_folders_build_the_same_tables() {
    let sqlite = sqlite_columns();
    assert!(sqlite
        .iter()
        .any(|c| c.table_name == "status_reports" && c.column_name == "is_latest"));
    let Some(_) = postgres_server() else {
        eprintln!("schema parity needs PostgreSQL: set TEST_DATABASE_URL (.ci/run does)");
        return;
    };
    let t = TestDb::empty();
    let postgres = postgres_columns(&t.url.target);
    assert_eq!(sqlite, postgres);
}
