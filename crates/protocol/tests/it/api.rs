//! The builder API's JSON as it travels: field names, defaults, enum
//! spellings and ids as plain numbers.

use buildsrs_protocol::api::{
    ArtifactCreated, ArtifactId, BuildResult, ClaimRequest, ClaimResponse, ClaimedJob,
    CompleteRequest, Completed, ErrorBody, JobId, JobStage, Lease, LogBatch, LogCount,
    StageRequest, TaskId, TaskKind, TaskState,
};
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

/// `value` as JSON, and back to an equal value.
fn round_trip<T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug>(value: &T) -> Value {
    let json = serde_json::to_value(value).unwrap();
    assert_eq!(&serde_json::from_value::<T>(json.clone()).unwrap(), value);
    json
}

fn at(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

#[test]
fn a_claim_without_fields_asks_for_one_job_without_waiting() {
    let request: ClaimRequest = serde_json::from_value(json!({})).unwrap();
    assert_eq!(request, ClaimRequest::default());
    assert_eq!((request.wait_seconds, request.slots), (0, 1));
    let request = ClaimRequest {
        wait_seconds: 30,
        slots: 4,
    };
    assert_eq!(
        round_trip(&request),
        json!({ "wait_seconds": 30, "slots": 4 })
    );
    for bad in [json!({ "slots": -1 }), json!({ "wait_seconds": "soon" })] {
        assert!(serde_json::from_value::<ClaimRequest>(bad).is_err());
    }
}

#[test]
fn a_claimed_job_names_its_crate_crate_and_its_ids_are_numbers() {
    let response = ClaimResponse {
        jobs: vec![ClaimedJob {
            job: JobId(7),
            task: TaskId(3),
            kind: TaskKind::Binary,
            attempt: 1,
            krate: "serde".to_owned(),
            version: "1.0.0".to_owned(),
            checksum: "ab".repeat(32),
            target: "x86_64-unknown-linux-gnu".to_owned(),
            lease_expires_at: at("2030-01-02T03:04:05Z"),
        }],
    };
    assert_eq!(
        round_trip(&response),
        json!({ "jobs": [{
            "job": 7,
            "task": 3,
            "kind": "binary",
            "attempt": 1,
            "crate": "serde",
            "version": "1.0.0",
            "checksum": "ab".repeat(32),
            "target": "x86_64-unknown-linux-gnu",
            "lease_expires_at": "2030-01-02T03:04:05Z",
        }] })
    );
    assert_eq!(
        round_trip(&ClaimResponse { jobs: Vec::new() }),
        json!({ "jobs": [] })
    );
    assert_eq!(JobId(7).to_string(), "7");
    assert_eq!(ArtifactId(9).to_string(), "9");
}

#[test]
fn enums_are_spelled_in_snake_case() {
    let spelled = |value: Value| value.as_str().unwrap().to_owned();
    let results = [
        (BuildResult::Succeeded, "succeeded"),
        (BuildResult::BuildFailed, "build_failed"),
        (BuildResult::InfrastructureError, "infrastructure_error"),
        (BuildResult::TimedOut, "timed_out"),
        (BuildResult::Cancelled, "cancelled"),
    ];
    for (result, text) in results {
        assert_eq!(spelled(round_trip(&result)), text);
    }
    let states = [
        (TaskState::Waiting, "waiting"),
        (TaskState::Active, "active"),
        (TaskState::Succeeded, "succeeded"),
        (TaskState::Failed, "failed"),
        (TaskState::Held, "held"),
        (TaskState::Delayed, "delayed"),
        (TaskState::Cancelled, "cancelled"),
    ];
    for (state, text) in states {
        assert_eq!(spelled(round_trip(&state)), text);
    }
    for (stage, text) in [
        (JobStage::Init, "init"),
        (JobStage::Fetch, "fetch"),
        (JobStage::Build, "build"),
        (JobStage::Upload, "upload"),
    ] {
        assert_eq!(spelled(round_trip(&stage)), text);
    }
    assert_eq!(spelled(round_trip(&TaskKind::Metadata)), "metadata");
    assert!(serde_json::from_value::<JobStage>(json!("deploy")).is_err());
}

/// Asserts that every variant of `T` reads as text (`Display`, `&str`)
/// exactly as it is spelled in JSON.
fn text_is_the_json_spelling<T>()
where
    T: strum::VariantArray + Serialize + std::fmt::Display + Copy + Into<&'static str>,
{
    for &variant in T::VARIANTS {
        let json = serde_json::to_value(variant).unwrap();
        assert_eq!(json.as_str(), Some(variant.into()));
        assert_eq!(json.as_str(), Some(variant.to_string().as_str()));
    }
}

#[test]
fn every_enum_reads_as_text_as_it_is_spelled_in_json() {
    text_is_the_json_spelling::<TaskKind>();
    text_is_the_json_spelling::<JobStage>();
    text_is_the_json_spelling::<BuildResult>();
    text_is_the_json_spelling::<TaskState>();
    text_is_the_json_spelling::<buildsrs_protocol::public::JobState>();
    assert_eq!(
        BuildResult::InfrastructureError.to_string(),
        "infrastructure_error"
    );
}

#[test]
fn a_completion_needs_its_result_and_nothing_else() {
    let request: CompleteRequest =
        serde_json::from_value(json!({ "result": "build_failed" })).unwrap();
    assert_eq!(
        request,
        CompleteRequest {
            result: BuildResult::BuildFailed,
            exit_code: None,
            reason: None,
        }
    );
    let full = CompleteRequest {
        result: BuildResult::InfrastructureError,
        exit_code: Some(101),
        reason: Some("disk full".to_owned()),
    };
    assert_eq!(
        round_trip(&full),
        json!({ "result": "infrastructure_error", "exit_code": 101, "reason": "disk full" })
    );
    for bad in [
        json!({}),
        json!({ "success": true }),
        json!({ "result": "maybe" }),
    ] {
        assert!(serde_json::from_value::<CompleteRequest>(bad).is_err());
    }
}

#[test]
fn a_completed_answer_may_say_when_the_task_is_retried() {
    let delayed = Completed {
        task_state: TaskState::Delayed,
        retry_at: Some(at("2030-01-01T00:10:00Z")),
    };
    assert_eq!(
        round_trip(&delayed),
        json!({ "task_state": "delayed", "retry_at": "2030-01-01T00:10:00Z" })
    );
    let ended: Completed = serde_json::from_value(json!({ "task_state": "succeeded" })).unwrap();
    assert_eq!(ended.retry_at, None);
}

#[test]
fn the_small_bodies_have_the_field_names_clients_read() {
    let lease = Lease {
        lease_expires_at: at("2030-01-01T00:00:00Z"),
    };
    assert_eq!(
        round_trip(&lease),
        json!({ "lease_expires_at": "2030-01-01T00:00:00Z" })
    );
    assert_eq!(
        round_trip(&StageRequest {
            stage: JobStage::Build
        }),
        json!({ "stage": "build" })
    );
    let batch = LogBatch {
        stage: JobStage::Build,
        first_line: 10,
        lines: vec!["Compiling serde".to_owned()],
    };
    assert_eq!(
        round_trip(&batch),
        json!({ "stage": "build", "first_line": 10, "lines": ["Compiling serde"] })
    );
    assert_eq!(
        round_trip(&LogCount { log_lines: 11 }),
        json!({ "log_lines": 11 })
    );
    assert_eq!(
        round_trip(&ArtifactCreated { id: ArtifactId(5) }),
        json!({ "id": 5 })
    );
}

#[test]
fn an_error_answer_parses_into_its_code_and_message() {
    let body: ErrorBody = serde_json::from_value(json!({
        "error": { "code": "lease_expired", "message": "the lease of job 7 has expired" }
    }))
    .unwrap();
    assert_eq!(body.error.code, "lease_expired");
    assert!(body.error.message.contains("job 7"));
}
