//! The gauges `/metrics` reports: every task state, and the builders at work.

use std::time::Duration;

use crate::operator::Operator as _;
use crate::support::Fixture;

/// The count of `state` in the gauges' task list.
fn tasks_in(gauges: &buildsrs_backend::gauges::Gauges, state: &str) -> i64 {
    gauges
        .tasks_by_state
        .iter()
        .find(|(name, _)| name == state)
        .unwrap_or_else(|| panic!("no {state} in {gauges:?}"))
        .1
}

#[tokio::test]
async fn every_task_state_is_reported_even_when_no_task_is_in_it() {
    let fixture = Fixture::new().await;
    let empty = fixture
        .backend
        .gauges(Duration::from_secs(300))
        .await
        .unwrap();
    let states: Vec<&str> = empty
        .tasks_by_state
        .iter()
        .map(|(s, _)| s.as_str())
        .collect();
    assert_eq!(
        states,
        [
            "waiting",
            "active",
            "succeeded",
            "failed",
            "held",
            "delayed",
            "cancelled"
        ]
    );
    assert!(empty.tasks_by_state.iter().all(|(_, count)| *count == 0));

    fixture.add_versions("serde", 3).await;
    fixture.claimed_job().await;
    let gauges = fixture
        .backend
        .gauges(Duration::from_secs(300))
        .await
        .unwrap();
    assert_eq!(tasks_in(&gauges, "active"), 1);
    assert_eq!(tasks_in(&gauges, "waiting"), 3);
    assert_eq!(tasks_in(&gauges, "failed"), 0);
}

#[tokio::test]
async fn a_builder_is_active_while_enabled_and_heard_from_within_the_window() {
    let fixture = Fixture::new().await;
    let builder = fixture.add_builder(1).await;
    let window = Duration::from_secs(300);
    assert_eq!(
        fixture
            .backend
            .gauges(window)
            .await
            .unwrap()
            .active_builders,
        0,
        "never heard from"
    );

    fixture.backend.builder_heartbeat(builder).await.unwrap();
    assert_eq!(
        fixture
            .backend
            .gauges(window)
            .await
            .unwrap()
            .active_builders,
        1
    );
    tokio::time::sleep(Duration::from_millis(20)).await;
    assert_eq!(
        fixture
            .backend
            .gauges(Duration::from_millis(10))
            .await
            .unwrap()
            .active_builders,
        0,
        "heard from before the window"
    );

    fixture
        .backend
        .set_builder_enabled(builder, false)
        .await
        .unwrap();
    assert_eq!(
        fixture
            .backend
            .gauges(window)
            .await
            .unwrap()
            .active_builders,
        0,
        "disabled"
    );
}
