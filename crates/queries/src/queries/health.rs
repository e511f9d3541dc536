// This file was generated with `cornucopia`. Do not modify.

#[derive(Debug, Clone, PartialEq)]
pub struct ServerHealth {
    pub server_version_num: i32,
    pub in_recovery: bool,
    pub current_user: String,
    pub database: String,
    pub tls: bool,
}
pub struct ServerHealthBorrowed<'a> {
    pub server_version_num: i32,
    pub in_recovery: bool,
    pub current_user: &'a str,
    pub database: &'a str,
    pub tls: bool,
}
impl<'a> From<ServerHealthBorrowed<'a>> for ServerHealth {
    fn from(
        ServerHealthBorrowed {
            server_version_num,
            in_recovery,
            current_user,
            database,
            tls,
        }: ServerHealthBorrowed<'a>,
    ) -> Self {
        Self {
            server_version_num,
            in_recovery,
            current_user: current_user.into(),
            database: database.into(),
            tls,
        }
    }
}
use crate::client::async_::GenericClient;
use futures::{self, StreamExt, TryStreamExt};
pub struct ServerHealthQuery<'c, 'a, 's, C: GenericClient, T, const N: usize> {
    client: &'c C,
    params: [&'a (dyn postgres_types::ToSql + Sync); N],
    query: &'static str,
    cached: Option<&'s tokio_postgres::Statement>,
    extractor: fn(&tokio_postgres::Row) -> Result<ServerHealthBorrowed, tokio_postgres::Error>,
    mapper: fn(ServerHealthBorrowed) -> T,
}
impl<'c, 'a, 's, C, T: 'c, const N: usize> ServerHealthQuery<'c, 'a, 's, C, T, N>
where
    C: GenericClient,
{
    pub fn map<R>(
        self,
        mapper: fn(ServerHealthBorrowed) -> R,
    ) -> ServerHealthQuery<'c, 'a, 's, C, R, N> {
        ServerHealthQuery {
            client: self.client,
            params: self.params,
            query: self.query,
            cached: self.cached,
            extractor: self.extractor,
            mapper,
        }
    }
    pub async fn one(self) -> Result<T, tokio_postgres::Error> {
        let row =
            crate::client::async_::one(self.client, self.query, &self.params, self.cached).await?;
        Ok((self.mapper)((self.extractor)(&row)?))
    }
    pub async fn all(self) -> Result<Vec<T>, tokio_postgres::Error> {
        self.iter().await?.try_collect().await
    }
    pub async fn opt(self) -> Result<Option<T>, tokio_postgres::Error> {
        let opt_row =
            crate::client::async_::opt(self.client, self.query, &self.params, self.cached).await?;
        Ok(opt_row
            .map(|row| {
                let extracted = (self.extractor)(&row)?;
                Ok((self.mapper)(extracted))
            })
            .transpose()?)
    }
    pub async fn iter(
        self,
    ) -> Result<
        impl futures::Stream<Item = Result<T, tokio_postgres::Error>> + 'c,
        tokio_postgres::Error,
    > {
        let stream = crate::client::async_::raw(
            self.client,
            self.query,
            crate::slice_iter(&self.params),
            self.cached,
        )
        .await?;
        let mapped = stream
            .map(move |res| {
                res.and_then(|row| {
                    let extracted = (self.extractor)(&row)?;
                    Ok((self.mapper)(extracted))
                })
            })
            .into_stream();
        Ok(mapped)
    }
}
pub struct ServerHealthStmt(&'static str, Option<tokio_postgres::Statement>);
pub fn server_health() -> ServerHealthStmt {
    ServerHealthStmt(
        "SELECT current_setting('server_version_num')::integer AS server_version_num, pg_is_in_recovery() AS in_recovery, current_user::text AS current_user, current_database()::text AS database, coalesce((SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()), false) AS tls",
        None,
    )
}
impl ServerHealthStmt {
    pub async fn prepare<'a, C: GenericClient>(
        mut self,
        client: &'a C,
    ) -> Result<Self, tokio_postgres::Error> {
        self.1 = Some(client.prepare(self.0).await?);
        Ok(self)
    }
    pub fn bind<'c, 'a, 's, C: GenericClient>(
        &'s self,
        client: &'c C,
    ) -> ServerHealthQuery<'c, 'a, 's, C, ServerHealth, 0> {
        ServerHealthQuery {
            client,
            params: [],
            query: self.0,
            cached: self.1.as_ref(),
            extractor:
                |row: &tokio_postgres::Row| -> Result<ServerHealthBorrowed, tokio_postgres::Error> {
                    Ok(ServerHealthBorrowed {
                        server_version_num: row.try_get(0)?,
                        in_recovery: row.try_get(1)?,
                        current_user: row.try_get(2)?,
                        database: row.try_get(3)?,
                        tls: row.try_get(4)?,
                    })
                },
            mapper: |it| ServerHealth::from(it),
        }
    }
}
