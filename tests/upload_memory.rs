//! A 100 MiB upload to a sync view, over a real socket: the view reads every
//! byte through `std::io::Read`, the process's resident memory stays under
//! 64 MiB above idle (the body goes to a temp file, not to memory), and the
//! temp file is gone afterwards. Alone in its binary so no other test moves the
//! RSS it measures.

mod common;

use std::io::Read;
use std::path::PathBuf;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use common::*;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;
use twain::SpooledBody;
use twain::prelude::*;

const MIB: usize = 1024 * 1024;
const UPLOAD: usize = 100 * MIB;

static SPOOL_DIR: OnceLock<PathBuf> = OnceLock::new();

/// Byte `i` of the upload: a pattern the view can check without a copy.
fn pattern(i: usize) -> u8 {
    (i % 251) as u8
}

/// Reads the body in 64 KiB steps, checking every byte, and reports the
/// length, whether it was on disk, and how many spool files were open then.
#[view]
fn upload(mut body: SpooledBody) -> Result<String, Error> {
    let on_disk = body.is_on_disk();
    let open = open_files_in(SPOOL_DIR.get().unwrap());
    let mut buf = vec![0u8; 64 * 1024];
    let mut at = 0usize;
    let mut mismatches = 0u64;
    loop {
        let n = body.read(&mut buf)?;
        if n == 0 {
            break;
        }
        for (k, byte) in buf[..n].iter().enumerate() {
            if *byte != pattern(at + k) {
                mismatches += 1;
            }
        }
        at += n;
    }
    Ok(format!("{at} {mismatches} {on_disk} {open}"))
}

async fn send_upload(addr: std::net::SocketAddr, len: usize) -> Reply {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "POST /upload HTTP/1.1\r\nHost: test\r\nConnection: close\r\nContent-Type: application/octet-stream\r\nContent-Length: {len}\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    // One period of the pattern is 251 bytes; send whole blocks of it.
    let block: Vec<u8> = (0..251 * 261).map(pattern).collect();
    let mut sent = 0;
    while sent < len {
        let n = block.len().min(len - sent);
        stream.write_all(&block[..n]).await.unwrap();
        sent += n;
    }
    read_reply(&mut stream).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_100_mib_upload_to_a_sync_view_stays_out_of_memory() {
    let dir = tempfile::tempdir().unwrap();
    SPOOL_DIR.set(dir.path().to_owned()).unwrap();
    let server = start(
        App::new()
            .max_body_size(128 * MIB)
            .spool_dir(dir.path())
            .route("upload", upload),
    )
    .await;

    // Warm up (allocator arenas, buffers) before taking the idle figure.
    let warm = send_upload(server.addr, 4 * MIB).await;
    assert_eq!(warm.status, 200, "{}", warm.text());
    tokio::time::sleep(Duration::from_millis(100)).await;
    let idle = rss_bytes();

    let peak = std::sync::Arc::new(AtomicU64::new(idle));
    let stop = std::sync::Arc::new(AtomicBool::new(false));
    let sampler = {
        let (peak, stop) = (peak.clone(), stop.clone());
        std::thread::spawn(move || {
            // bounded: at most 60 s of samples
            for _ in 0..12_000 {
                if stop.load(Ordering::SeqCst) {
                    break;
                }
                peak.fetch_max(rss_bytes(), Ordering::SeqCst);
                std::thread::sleep(Duration::from_millis(5));
            }
        })
    };
    let reply = send_upload(server.addr, UPLOAD).await;
    stop.store(true, Ordering::SeqCst);
    sampler.join().unwrap();

    assert_eq!(reply.status, 200, "{}", reply.text());
    let fields: Vec<String> = reply.text().split(' ').map(str::to_owned).collect();
    assert_eq!(
        fields[0],
        UPLOAD.to_string(),
        "the view did not read every byte"
    );
    assert_eq!(fields[1], "0", "the view read bytes that were not sent");
    assert_eq!(fields[2], "true", "a 100 MiB body must be spooled to disk");
    assert_eq!(
        fields[3], "1",
        "the view should see its one spool file open"
    );

    let grew = peak.load(Ordering::SeqCst).saturating_sub(idle);
    eprintln!(
        "RSS idle {} MiB, peak {} MiB, growth {:.1} MiB",
        idle / MIB as u64,
        peak.load(Ordering::SeqCst) / MIB as u64,
        grew as f64 / MIB as f64
    );
    assert!(
        grew < 64 * MIB as u64,
        "RSS grew by {grew} bytes during the upload"
    );

    let gone = eventually(Duration::from_secs(5), || {
        open_files_in(dir.path()) == 0 && twain::stats::spooled_bodies() == 0
    })
    .await;
    assert!(gone, "the spool file outlived the request");
    assert_eq!(
        entries_in(dir.path()),
        0,
        "a spool file is left in the spool dir"
    );
    server.stop().await;
}
