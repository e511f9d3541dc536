//! The one place where the protocol's ids, enums and public views meet the
//! domain's (`buildsrs_backend`). Both sides are other crates, so the
//! orphan rule forbids `From` between them: the conversions are these two
//! local traits, one method per direction, and handlers call
//! `.into_domain()` / `.into_api()` instead of matching on variants.

use buildsrs_backend as domain;
use buildsrs_protocol::{api, public};

// The limits builders read from the protocol are the ones the domain keeps.
const _: () = assert!(api::ClaimRequest::MAX_SLOTS == domain::jobs::MAX_CLAIM_SLOTS);
const _: () = assert!(api::CompleteRequest::MAX_REASON_CHARS == domain::jobs::MAX_REASON_CHARS);

/// A protocol value as the domain's.
pub trait IntoDomain {
    type Domain;
    fn into_domain(self) -> Self::Domain;
}

/// A domain value as the protocol's.
pub trait IntoApi {
    type Api;
    fn into_api(self) -> Self::Api;
}

macro_rules! ids {
    ($($name:ident),*) => {$(
        impl IntoDomain for api::$name {
            type Domain = domain::$name;
            fn into_domain(self) -> domain::$name {
                domain::$name(self.0)
            }
        }

        impl IntoApi for domain::$name {
            type Api = api::$name;
            fn into_api(self) -> api::$name {
                api::$name(self.0)
            }
        }
    )*};
}

ids!(JobId, TaskId, ArtifactId, BuilderId);

/// An enum named and spelled alike on both sides, mapped variant by
/// variant in the one direction handlers need: a variant added on either
/// side fails to compile here until it is mapped.
macro_rules! same_variants {
    (into_domain $name:ident { $($variant:ident),* $(,)? }) => {
        impl IntoDomain for api::$name {
            type Domain = domain::$name;
            fn into_domain(self) -> domain::$name {
                match self {
                    $(Self::$variant => domain::$name::$variant,)*
                }
            }
        }
    };
    (into_api $name:ident { $($variant:ident),* $(,)? }) => {
        impl IntoApi for domain::$name {
            type Api = api::$name;
            fn into_api(self) -> api::$name {
                match self {
                    $(Self::$variant => api::$name::$variant,)*
                }
            }
        }
    };
}

same_variants!(into_domain JobStage { Init, Fetch, Build, Upload });
same_variants!(into_domain BuildResult {
    Succeeded,
    BuildFailed,
    InfrastructureError,
    TimedOut,
    Cancelled,
});
same_variants!(into_api JobStage { Init, Fetch, Build, Upload });
same_variants!(into_api BuildResult {
    Succeeded,
    BuildFailed,
    InfrastructureError,
    TimedOut,
    Cancelled,
});
same_variants!(into_api TaskKind { Metadata, Binary });
same_variants!(into_api TaskState {
    Waiting,
    Active,
    Succeeded,
    Failed,
    Held,
    Delayed,
    Cancelled,
});

impl IntoApi for domain::JobState {
    type Api = public::JobState;
    fn into_api(self) -> public::JobState {
        match self {
            Self::Active => public::JobState::Active,
            Self::Succeeded => public::JobState::Succeeded,
            Self::Failed => public::JobState::Failed,
            Self::Unclaimed => public::JobState::Unclaimed,
            Self::Expired => public::JobState::Expired,
        }
    }
}

impl IntoDomain for api::CompleteRequest {
    type Domain = domain::jobs::Outcome;
    fn into_domain(self) -> domain::jobs::Outcome {
        domain::jobs::Outcome {
            result: self.result.into_domain(),
            exit_code: self.exit_code,
            reason: self.reason,
        }
    }
}

impl IntoApi for domain::jobs::ClaimedJob {
    type Api = api::ClaimedJob;
    fn into_api(self) -> api::ClaimedJob {
        api::ClaimedJob {
            job: self.id.into_api(),
            task: self.task.into_api(),
            kind: self.kind.into_api(),
            attempt: self.attempt,
            krate: self.krate,
            version: self.version,
            checksum: hex::encode(self.checksum),
            target: self.target,
            lease_expires_at: self.lease_expires_at,
        }
    }
}

impl IntoApi for domain::jobs::Completion {
    type Api = api::Completed;
    fn into_api(self) -> api::Completed {
        api::Completed {
            // No state: an operator cancelled the task while the job ran.
            task_state: self
                .task_state
                .map_or(api::TaskState::Cancelled, IntoApi::into_api),
            retry_at: self.retry_at,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_protocol_and_the_domain_accept_the_same_artifact_names() {
        let long = "n".repeat(256);
        for name in [
            "serde-1.0.0-x86_64-unknown-linux-gnu.tar.gz",
            "metadata.json",
            "a..b",
            "",
            ".",
            "..",
            "...",
            ".hidden",
            "-rf",
            "a b",
            "a/b",
            "a\0b",
            "ü",
            &long,
        ] {
            assert_eq!(
                api::is_artifact_name(name),
                domain::artifacts::is_artifact_name(name),
                "{name:?}"
            );
        }
    }
}
