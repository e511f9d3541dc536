//! Schemas of the domain's enums (`buildsrs_backend`, generated from the
//! SQL enums) that the daemon's own views serialize (a log line's and a
//! stage's `JobStage`); the views of `buildsrs_protocol::public` carry the
//! protocol's enums, mapped variant by variant in `convert`. Those types are another
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
    /// A job's stage, in order.
    JobStage { Init, Fetch, Build, Upload }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domain_enums_list_the_values_serde_writes() {
        let schema = serde_json::to_value(JobStage::schema()).unwrap();
        let written = serde_json::to_value(domain::JobStage::Build).unwrap();
        assert!(
            schema["enum"].as_array().unwrap().contains(&written),
            "{schema}"
        );
        assert_eq!(schema["enum"].as_array().unwrap().len(), 4, "{schema}");
        assert_eq!(schema["type"], "string", "{schema}");
    }
}
