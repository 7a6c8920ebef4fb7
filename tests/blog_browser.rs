//! The blog example in a real browser: headless Chromium driven through
//! WebDriver (Debian's `chromium` and `chromium-driver`, with the fantoccini
//! client). It opens the home page, signs in, writes an article through the
//! form with an image, finds it listed, posts a comment and sees it arrive through the
//! live feed (server-sent events, no reload), and saves a screenshot to
//! `target/blog-browser.png`.
//!
//! Without Chromium it skips with a message; with `TWAIN_REQUIRE_BROWSER=1`
//! (set by `.ci/run`) a missing browser is a failure.

#[path = "../examples/blog/app.rs"]
mod app;
#[path = "../examples/blog/auth.rs"]
mod auth;
#[path = "../examples/blog/feed.rs"]
mod feed;
#[path = "../examples/blog/models.rs"]
mod models;
#[path = "../examples/blog/schema.rs"]
mod schema;
#[path = "../examples/blog/views/mod.rs"]
mod views;

mod child_addr;

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// Every wait for the page is bounded by this.
const WAIT: Duration = Duration::from_secs(10);

/// chromedriver, ended when the test ends however it ends.
struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// chromedriver on a port it picks (`--port=0`), and its URL: it says which
/// port once it listens ("ChromeDriver was started successfully on port N.").
fn start_driver() -> (Driver, String) {
    let mut child = Command::new(CHROMEDRIVER)
        .arg("--port=0")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    let stdout = child.stdout.take().unwrap();
    let driver = Driver(child);
    let port = child_addr::first_line(stdout, WAIT, |line| {
        let (_, port) = line.split_once("started successfully on port ")?;
        port.trim_end_matches('.').parse::<u16>().ok()
    });
    assert_ne!(port, 0, "chromedriver did not say which port it took");
    (driver, format!("http://127.0.0.1:{port}"))
}

fn capabilities(profile: &Path) -> fantoccini::wd::Capabilities {
    let args = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1100,1250",
    ]
    .map(str::to_owned)
    .into_iter()
    .chain([format!("--user-data-dir={}", profile.display())])
    .collect::<Vec<_>>();
    let options = serde_json::json!({ "binary": CHROMIUM, "args": args });
    let mut caps = fantoccini::wd::Capabilities::new();
    caps.insert("goog:chromeOptions".to_owned(), options);
    caps
}

/// Whether the browser is there; a skip message (or a failure when
/// `TWAIN_REQUIRE_BROWSER=1`) when it is not.
fn browser_installed() -> bool {
    let missing: Vec<&str> = [CHROMIUM, CHROMEDRIVER]
        .into_iter()
        .filter(|p| !Path::new(p).exists())
        .collect();
    if missing.is_empty() {
        return true;
    }
    let message = format!(
        "blog_browser: skipped, {} not installed (apt-get install chromium chromium-driver)",
        missing.join(" and ")
    );
    if std::env::var("TWAIN_REQUIRE_BROWSER").is_ok_and(|v| v == "1") {
        panic!("{message}, and TWAIN_REQUIRE_BROWSER=1 requires it");
    }
    println!("{message}");
    eprintln!("{message}");
    false
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_write_an_article_and_see_a_comment_arrive_live() {
    if !browser_installed() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let config = app::Config::new(dir.path().join("blog.db"));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let site = format!("http://{}", listener.local_addr().unwrap());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(
        app::app(&config)
            .unwrap()
            .serve_with_shutdown(listener, async {
                let _ = stopped.await;
            }),
    );

    let (driver, driver_url) = start_driver();
    let profile = tempfile::tempdir().unwrap();
    let browser = tokio::time::timeout(
        WAIT,
        ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities(profile.path()))
            .connect(&driver_url),
    )
    .await
    .expect("a browser session within 10 s")
    .expect("chromedriver starts Chromium");

    let image = dir.path().join("picture.png");
    std::fs::write(&image, PNG).unwrap();
    let walk = walk_through(&browser, &site, &image);
    let outcome = tokio::time::timeout(Duration::from_secs(60), walk).await;
    let _ = browser.close().await;
    drop(driver);
    let _ = stop.send(());
    let _ = tokio::time::timeout(WAIT, server).await;
    outcome
        .expect("the walk-through finished within 60 s")
        .unwrap();
}

/// A 2x1 PNG (an orange and a blue pixel), for the upload.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00, 0x00, 0x7b, 0x40, 0xe8,
    0xdd, 0x00, 0x00, 0x00, 0x0f, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0xdf, 0xc3, 0x20,
    0x97, 0x77, 0x07, 0x00, 0x0a, 0xcf, 0x02, 0xf4, 0x28, 0x4e, 0x62, 0x4d, 0x00, 0x00, 0x00, 0x00,
    0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];
const PNG_WIDTH: u32 = 2;

async fn walk_through(
    browser: &Client,
    site: &str,
    image: &Path,
) -> Result<(), fantoccini::error::CmdError> {
    // The home page, with the seeded articles and the stylesheet applied.
    browser.goto(&format!("{site}/")).await?;
    assert_eq!(browser.title().await?, "twain blog");
    let heading = browser.find(Locator::Css("main h1")).await?;
    assert_eq!(heading.text().await?, "Articles");
    let font = heading.css_value("font-family").await?;
    assert!(
        font.contains("system-ui"),
        "the stylesheet from /static/ is applied: {font}"
    );
    let listed = browser.find_all(Locator::Css("ul.articles li")).await?;
    assert_eq!(listed.len(), 3);

    // Sign in through the form (it carries its CSRF token).
    browser
        .find(Locator::LinkText("Sign in"))
        .await?
        .click()
        .await?;
    let form = browser.form(Locator::Css("form.stacked")).await?;
    form.set_by_name("username", schema::DEMO_USER).await?;
    form.set_by_name("password", schema::DEMO_PASSWORD).await?;
    form.submit().await?;
    browser
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css("button.link"))
        .await?; // "Sign out"

    // Write an article.
    browser
        .find(Locator::LinkText("Write"))
        .await?
        .click()
        .await?;
    let form = browser.form(Locator::Id("article-form")).await?;
    form.set_by_name("title", "Written in Chromium").await?;
    form.set_by_name("body", "Typed by WebDriver.\nSecond paragraph.")
        .await?;
    let file_input = browser
        .find(Locator::Css("#article-form input[type=file]"))
        .await?;
    file_input.send_keys(&image.display().to_string()).await?;
    browser
        .find(Locator::Css("#article-form button"))
        .await?
        .click()
        .await?;
    let heading = browser
        .wait()
        .at_most(WAIT)
        .for_element(Locator::XPath("//h1[.='Written in Chromium']"))
        .await?;
    assert_eq!(heading.text().await?, "Written in Chromium");
    let article_url = browser.current_url().await?;
    assert_eq!(article_url.path(), "/articles/4/");
    // The uploaded image is served back and the browser decodes it.
    let decoded = browser
        .execute(
            "const img = document.querySelector('img.cover'); return img && img.complete ? img.naturalWidth : 0;",
            vec![],
        )
        .await?;
    assert_eq!(
        decoded,
        serde_json::json!(PNG_WIDTH),
        "the uploaded PNG shows on the article"
    );

    // It is listed on the home page, newest first.
    browser.goto(&format!("{site}/")).await?;
    let first = browser.find(Locator::Css("ul.articles li a.title")).await?;
    assert_eq!(first.text().await?, "Written in Chromium");
    first.click().await?;
    browser
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Id("comment-form"))
        .await?;

    // Wait until the page listens to the feed, then post a comment. The page
    // posts it with fetch and does not reload (the marker survives), so the
    // comment can only appear through the server-sent event.
    browser
        .wait()
        .at_most(WAIT)
        .for_element(Locator::XPath(
            "//p[@id='live-status'][starts-with(., 'Live')]",
        ))
        .await?;
    browser
        .execute("window.notReloaded = true;", vec![])
        .await?;
    let body = browser.find(Locator::Css("#comment-form textarea")).await?;
    body.send_keys("Arrived over server-sent events").await?;
    browser
        .find(Locator::Css("#comment-form button"))
        .await?
        .click()
        .await?;
    let comment = browser
        .wait()
        .at_most(WAIT)
        .for_element(Locator::XPath(
            "//ol[@id='comment-list']/li[p='Arrived over server-sent events']",
        ))
        .await?;
    assert!(comment.text().await?.starts_with("demo"));
    let same_page = browser
        .execute("return window.notReloaded === true;", vec![])
        .await?;
    assert_eq!(
        same_page,
        serde_json::Value::Bool(true),
        "the comment came without a reload"
    );

    browser.execute("window.scrollTo(0, 0);", vec![]).await?;
    let png = browser.screenshot().await?;
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target")
        .join("blog-browser.png");
    std::fs::write(&path, &png).expect("the screenshot is written");
    println!("blog_browser: screenshot in {}", path.display());
    Ok(())
}
