//! Schemas of the domain's enums (`buildsrs_backend`, generated from the
//! SQL enums), which the public views serialize. Those types are another
//! crate's and know no HTTP, so each gets a stand-in here whose schema lists
//! the values serde really writes: every variant, each spelled by its own
//! `Serialize`, and an exhaustive match, so a new variant fails to compile
//! until it is listed.

use buildsrs_backend as domain;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};
use utoipa::{PartialSchema, ToSchema};

/// The schema of a string enum whose values are `variants`, serialized.
fn string_enum<T: serde::Serialize>(description: &str, variants: &[T]) -> RefOr<Schema> {
    let values = variants.iter().map(|variant| {
        serde_json::to_value(variant).expect("a unit variant serializes to a string")
    });
    ObjectBuilder::new()
        .schema_type(Type::String)
        .description(Some(description))
        .enum_values(Some(values))
        .into()
}

macro_rules! domain_enum {
    ($(#[doc = $doc:literal])* $name:ident { $($variant:ident),* $(,)? }) => {
        $(#[doc = $doc])*
        pub struct $name;

        impl PartialSchema for $name {
            fn schema() -> RefOr<Schema> {
                // Fails to compile when the domain gains a variant.
                let _exhaustive = |value: domain::$name| match value {
                    $(domain::$name::$variant => (),)*
                };
                let description = concat!($($doc),*).trim();
                string_enum(description, &[$(domain::$name::$variant),*])
            }
        }

        impl ToSchema for $name {}
    };
}

domain_enum!(
    /// Where a job is: a job is active until it ends in one of the others.
    JobState { Active, Succeeded, Failed, Unclaimed, Expired }
);
domain_enum!(
    /// A job's stage, in order.
    JobStage { Init, Fetch, Build, Upload }
);
domain_enum!(
    /// How a build ended, as its builder reported it.
    BuildResult { Succeeded, BuildFailed, InfrastructureError, TimedOut, Cancelled }
);
domain_enum!(
    /// What a task produces.
    TaskKind { Metadata, Binary }
);
domain_enum!(
    /// Where a task is.
    TaskState { Waiting, Active, Succeeded, Failed, Held, Delayed, Cancelled }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domain_enums_list_the_values_serde_writes() {
        let schema = serde_json::to_value(BuildResult::schema()).unwrap();
        let written = serde_json::to_value(domain::BuildResult::BuildFailed).unwrap();
        assert!(
            schema["enum"].as_array().unwrap().contains(&written),
            "{schema}"
        );
        assert_eq!(schema["enum"].as_array().unwrap().len(), 5, "{schema}");
        assert_eq!(schema["type"], "string", "{schema}");
    }
}
