//! Request nonces: each admitted once per builder until it expires, and
//! pruned in batches once expired.

use std::time::Duration;

use buildsrs_backend::Config;
use buildsrs_backend::nonces::nonce_pruner;

use crate::support::Fixture;

/// Now, in Unix seconds, as the daemon passes expiry times.
fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

#[tokio::test]
async fn a_nonce_is_admitted_once_per_builder_until_it_expires() {
    let fixture = Fixture::new().await;
    let (first, second) = (fixture.add_builder(1).await, fixture.add_builder(2).await);
    let backend = &fixture.backend;
    let nonce = "nonce-0123456789ab";

    assert!(
        backend
            .nonce_admit(first, nonce, now() + 300)
            .await
            .unwrap()
    );
    assert!(
        !backend
            .nonce_admit(first, nonce, now() + 300)
            .await
            .unwrap()
    );
    // Another builder's nonces are its own.
    assert!(
        backend
            .nonce_admit(second, nonce, now() + 300)
            .await
            .unwrap()
    );
    // An expired use, not yet pruned, no longer counts.
    let old = "nonce-old-0123456789";
    assert!(backend.nonce_admit(first, old, now() - 1).await.unwrap());
    assert!(backend.nonce_admit(first, old, now() + 300).await.unwrap());
    assert!(!backend.nonce_admit(first, old, now() + 300).await.unwrap());
}

#[tokio::test]
async fn pruning_deletes_expired_nonces_and_keeps_live_ones() {
    let fixture = Fixture::new().await;
    let builder = fixture.add_builder(1).await;
    let backend = &fixture.backend;
    for index in 0..3 {
        let nonce = format!("expired-nonce-{index:04}");
        assert!(
            backend
                .nonce_admit(builder, &nonce, now() - 10)
                .await
                .unwrap()
        );
    }
    assert!(
        backend
            .nonce_admit(builder, "live-nonce-0123456", now() + 300)
            .await
            .unwrap()
    );

    assert_eq!(backend.nonce_prune().await.unwrap(), 3);
    assert_eq!(backend.nonce_prune().await.unwrap(), 0);
    assert!(
        !backend
            .nonce_admit(builder, "live-nonce-0123456", now() + 300)
            .await
            .unwrap()
    );
}

#[tokio::test]
async fn the_nonce_pruner_deletes_every_expired_nonce_in_batches() {
    let fixture = Fixture::new().await;
    let builder = fixture.add_builder(1).await;
    for index in 0..5 {
        let nonce = format!("expired-nonce-{index:04}");
        assert!(
            fixture
                .backend
                .nonce_admit(builder, &nonce, now() - 10)
                .await
                .unwrap()
        );
    }
    let pruning = fixture.backend_with(Config {
        nonce_prune_interval: Duration::from_secs(3600),
        nonce_prune_batch: 2,
        ..Config::default()
    });
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let pruner = tokio::spawn(nonce_pruner(pruning, async move {
        let _ = stopped.await;
    }));
    // The first tick is at once; its batches of two go on while full.
    tokio::time::sleep(Duration::from_secs(1)).await;
    stop.send(()).unwrap();
    pruner.await.unwrap();
    assert_eq!(fixture.backend.nonce_prune().await.unwrap(), 0);
}
