//! The HTML report in a real browser, loaded from disk (`file://`) as an
//! editor opens it: headless Chromium driven over the DevTools protocol (a
//! websocket, with `tungstenite`). Nothing downloads a browser: without
//! Chromium on PATH each test says it is skipped and passes, unless
//! `CLAIMCHECK_REQUIRE_BROWSER=1` (as `.ci/run` sets), where it fails.

mod common;

use std::io::Write as _;
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tungstenite::{Message, WebSocket};

use common::{claimcheck, fixtures, repo};

/// One browser at a time: the tests share the machine's cores.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// The longest wait for any one reply or event.
const TIMEOUT: Duration = Duration::from_secs(30);

const WIDTH: u32 = 1280;
const HEIGHT: u32 = 800;

// ---------------------------------------------------------------------------
// A small DevTools protocol client

struct Browser {
    child: Child,
    ws: WebSocket<TcpStream>,
    next_id: u64,
    /// The page's session (flat mode), once a page is open.
    session: Option<String>,
    /// Events read while waiting for replies, in order.
    events: Vec<Value>,
    _profile: tempfile::TempDir,
}

fn find_chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("CLAIMCHECK_CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| {
            [
                "chromium",
                "chromium-browser",
                "google-chrome",
                "google-chrome-stable",
            ]
            .map(|name| dir.join(name))
        })
        .find(|candidate| candidate.is_file())
}

/// The browser, or `None` after saying the test is skipped. Holds the lock
/// that keeps browsers one at a time.
fn browser_or_skip(test: &str) -> Option<(MutexGuard<'static, ()>, Browser)> {
    let guard = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let Some(chromium) = find_chromium() else {
        if std::env::var("CLAIMCHECK_REQUIRE_BROWSER").is_ok_and(|v| v == "1") {
            panic!(
                "{test}: no Chromium on PATH, and CLAIMCHECK_REQUIRE_BROWSER=1 (apt-get install chromium)"
            );
        }
        // Straight to stderr, past the test harness's capture, so that a
        // skip is seen in every run.
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED browser test `{test}`: no Chromium on PATH (install `chromium`; \
             CLAIMCHECK_REQUIRE_BROWSER=1 makes this a failure)"
        );
        return None;
    };
    match Browser::launch(&chromium) {
        Ok(browser) => Some((guard, browser)),
        Err(e) => panic!("{test}: {e}"),
    }
}

impl Browser {
    fn launch(chromium: &Path) -> Result<Browser, String> {
        let profile = tempfile::tempdir().map_err(|e| e.to_string())?;
        let mut child = Command::new(chromium)
            // Without these, the sandbox needs privileges CI lacks, and
            // background connections are refused by the closed network.
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-extensions",
                "--hide-scrollbars",
                "--mute-audio",
                "--remote-debugging-port=0",
            ])
            .arg(format!("--window-size={WIDTH},{HEIGHT}"))
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", chromium.display()))?;
        match Browser::connect(&mut child, profile.path()) {
            Ok(ws) => Ok(Browser {
                child,
                ws,
                next_id: 0,
                session: None,
                events: Vec::new(),
                _profile: profile,
            }),
            Err(e) => {
                let _ = child.kill();
                let _ = child.wait();
                Err(e)
            }
        }
    }

    fn connect(child: &mut Child, profile: &Path) -> Result<WebSocket<TcpStream>, String> {
        // Chromium writes the port it chose, then the browser's path, here.
        let port_file = profile.join("DevToolsActivePort");
        let started = Instant::now();
        let (port, path) = loop {
            if let Ok(text) = std::fs::read_to_string(&port_file) {
                let mut lines = text.lines();
                if let (Some(Ok(port)), Some(path)) =
                    (lines.next().map(str::parse::<u16>), lines.next())
                {
                    break (port, path.to_owned());
                }
            }
            if let Ok(Some(status)) = child.try_wait() {
                return Err(format!("Chromium exited as it started ({status})"));
            }
            if started.elapsed() > TIMEOUT {
                return Err("Chromium opened no DevTools port in 30 s".into());
            }
            std::thread::sleep(Duration::from_millis(50));
        };
        let stream = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
        stream
            .set_read_timeout(Some(TIMEOUT))
            .map_err(|e| e.to_string())?;
        let (ws, _) = tungstenite::client(format!("ws://127.0.0.1:{port}{path}"), stream)
            .map_err(|e| format!("DevTools handshake: {e}"))?;
        Ok(ws)
    }

    fn read(&mut self) -> Value {
        loop {
            match self.ws.read() {
                Ok(Message::Text(text)) => {
                    return serde_json::from_str(text.as_str())
                        .unwrap_or_else(|e| panic!("DevTools sent no JSON ({e}): {text}"));
                }
                Ok(Message::Close(_)) => panic!("the browser closed the connection"),
                Ok(_) => continue,
                Err(e) => panic!("reading from the browser: {e}"),
            }
        }
    }

    /// Sends a command to the page (or, before one is open, the browser)
    /// and waits for its reply.
    fn call(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let mut message = json!({ "id": id, "method": method, "params": params });
        if let Some(session) = &self.session {
            message["sessionId"] = json!(session);
        }
        if let Err(e) = self.ws.send(Message::text(message.to_string())) {
            panic!("sending {method}: {e}");
        }
        loop {
            let reply = self.read();
            if reply["id"] == json!(id) {
                if let Some(error) = reply.get("error") {
                    panic!("{method} failed: {error}");
                }
                return reply["result"].clone();
            }
            self.events.push(reply);
        }
    }

    fn wait_event(&mut self, method: &str) -> Value {
        if let Some(at) = self.events.iter().position(|e| e["method"] == method) {
            return self.events.remove(at);
        }
        let started = Instant::now();
        loop {
            let event = self.read();
            if event["method"] == method {
                return event;
            }
            self.events.push(event);
            assert!(started.elapsed() < TIMEOUT, "no {method} in 30 s");
        }
    }

    /// Opens `url` in a new tab of `WIDTH`×`HEIGHT` and waits for its load
    /// event. `before` runs in the page before any of its own scripts.
    fn open(&mut self, url: &str, before: Option<&str>) {
        self.session = None;
        let target = self.call("Target.createTarget", json!({ "url": "about:blank" }));
        let attached = self.call(
            "Target.attachToTarget",
            json!({ "targetId": target["targetId"], "flatten": true }),
        );
        self.session = attached["sessionId"].as_str().map(str::to_owned);
        for domain in [
            "Page.enable",
            "Runtime.enable",
            "Log.enable",
            "Network.enable",
        ] {
            self.call(domain, json!({}));
        }
        self.call(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": WIDTH, "height": HEIGHT, "deviceScaleFactor": 1, "mobile": false }),
        );
        if let Some(source) = before {
            self.call(
                "Page.addScriptToEvaluateOnNewDocument",
                json!({ "source": source }),
            );
        }
        self.call("Page.navigate", json!({ "url": url }));
        self.wait_event("Page.loadEventFired");
    }

    /// Evaluates `expression` in the page (awaiting a promise) and returns
    /// its value.
    fn eval(&mut self, expression: &str) -> Value {
        let result = self.call(
            "Runtime.evaluate",
            json!({ "expression": expression, "returnByValue": true, "awaitPromise": true }),
        );
        if let Some(details) = result.get("exceptionDetails") {
            panic!("script failed: {details}\n{expression}");
        }
        result["result"]["value"].clone()
    }

    /// Waits until `condition` (a JS expression) is true.
    fn wait_until(&mut self, condition: &str, what: &str) {
        let started = Instant::now();
        while self.eval(condition) != json!(true) {
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "{what}: not so after 10 s"
            );
            std::thread::sleep(Duration::from_millis(40));
        }
    }

    fn mouse(&mut self, kind: &str, x: f64, y: f64, buttons: u32) {
        let mut event = json!({ "type": kind, "x": x, "y": y, "buttons": buttons });
        if kind != "mouseMoved" {
            event["button"] = json!("left");
            event["clickCount"] = json!(1);
        } else if buttons == 1 {
            event["button"] = json!("left");
        }
        self.call("Input.dispatchMouseEvent", event);
    }

    /// Clicks the middle of `element` (a JS expression), as a mouse does.
    fn click(&mut self, element: &str) {
        let (x, y) = self.center_of(element);
        self.mouse("mouseMoved", x, y, 0);
        self.mouse("mousePressed", x, y, 1);
        self.mouse("mouseReleased", x, y, 0);
    }

    /// The middle of the first box of the element `element` (a JS
    /// expression) in the viewport.
    fn center_of(&mut self, element: &str) -> (f64, f64) {
        let point = self.eval(&format!(
            "(() => {{ const r = ({element}).getClientRects()[0]; return [r.left + r.width / 2, r.top + r.height / 2]; }})()"
        ));
        (
            point[0].as_f64().unwrap_or_default(),
            point[1].as_f64().unwrap_or_default(),
        )
    }

    /// Presses and releases a key, as a keyboard does.
    fn press(&mut self, key: &str) {
        let (code, key_code, text) = match key {
            "Enter" => ("Enter", 13, Some("\r")),
            " " => ("Space", 32, Some(" ")),
            "Escape" => ("Escape", 27, None),
            "Tab" => ("Tab", 9, None),
            other => panic!("no such key here: {other}"),
        };
        let mut down = json!({ "type": "keyDown", "key": key, "code": code, "windowsVirtualKeyCode": key_code });
        if let Some(text) = text {
            down["text"] = json!(text);
        }
        self.call("Input.dispatchKeyEvent", down);
        self.call(
            "Input.dispatchKeyEvent",
            json!({ "type": "keyUp", "key": key, "code": code, "windowsVirtualKeyCode": key_code }),
        );
    }

    /// Script errors, console errors and requests for anything but the
    /// page's own file, so far.
    fn problems(&mut self) -> Vec<String> {
        // A reply comes after every event sent before it.
        self.eval("0");
        let mut problems = Vec::new();
        for event in &self.events {
            let params = &event["params"];
            match event["method"].as_str().unwrap_or_default() {
                "Runtime.exceptionThrown" => problems.push(format!(
                    "uncaught: {}",
                    params["exceptionDetails"]["exception"]["description"]
                )),
                "Runtime.consoleAPICalled"
                    if matches!(params["type"].as_str(), Some("error" | "assert")) =>
                {
                    problems.push(format!("console.{}: {}", params["type"], params["args"]));
                }
                "Log.entryAdded" if params["entry"]["level"] == "error" => {
                    problems.push(format!("log: {}", params["entry"]["text"]));
                }
                "Network.requestWillBeSent" => {
                    let url = params["request"]["url"].as_str().unwrap_or_default();
                    if !url.starts_with("file:") && !url.starts_with("about:") {
                        problems.push(format!("network request: {url}"));
                    }
                }
                _ => {}
            }
        }
        problems
    }

    fn assert_no_problems(&mut self) {
        let problems = self.problems();
        assert!(
            problems.is_empty(),
            "the page had problems:\n{}",
            problems.join("\n")
        );
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // Asked to close, then made to, so no browser outlives its test.
        self.session = None;
        self.next_id += 1;
        let close = json!({ "id": self.next_id, "method": "Browser.close" });
        let _ = self.ws.send(Message::text(close.to_string()));
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(5) {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

// ---------------------------------------------------------------------------
// Pages

/// `claimcheck report ARGS --html DIR/report.html`, run in `cwd`; the page's
/// `file://` URL. The report may have findings (exit 1 or 2).
fn write_report(cwd: &Path, args: &[&str], dir: &Path) -> String {
    let page = dir.join("report.html");
    let page_arg = page.to_string_lossy().into_owned();
    let mut all = vec!["report"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--html", &page_arg]);
    let output = claimcheck(cwd, &all);
    assert!(
        matches!(output.code, Some(0..=2)) && page.is_file(),
        "report failed: {}",
        output.stderr
    );
    format!("file://{}", page.display())
}

fn fixture_page(dir: &Path) -> String {
    write_report(
        &fixtures().join("report"),
        &["claims.json", "second.json", "invalid.json"],
        dir,
    )
}

fn js(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_default()
}

/// The claim card whose id is `id`, as a JS expression.
fn card(id: &str) -> String {
    format!(
        "[...document.querySelectorAll('.claim')].find((c) => c.querySelector('.cid').textContent === {})",
        js(id)
    )
}

const IN_VIEW: &str = "((el) => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; })";

// ---------------------------------------------------------------------------
// Tests

#[test]
fn the_page_runs_without_errors_and_loads_nothing_else() {
    let Some((_lock, mut browser)) =
        browser_or_skip("the_page_runs_without_errors_and_loads_nothing_else")
    else {
        return;
    };
    let dir = tempfile::tempdir().expect("a temporary folder");
    browser.open(&fixture_page(dir.path()), None);
    assert_eq!(
        browser.eval("document.querySelectorAll('.article').length"),
        json!(2)
    );
    assert_eq!(
        browser.eval("document.querySelectorAll('.claim').length"),
        json!(12)
    );
    assert_eq!(
        browser.eval(
            "document.querySelector('#errors li').textContent.includes('unknown field `quot`')"
        ),
        json!(true)
    );

    // A filter hides its claims, and shows them again.
    let verified = "document.querySelector('.filter[data-filter=verified]')";
    browser.click(verified);
    browser.wait_until(
        &format!(
            "{} .offsetParent === null && document.body.classList.contains('hide-verified')",
            card("budget")
        ),
        "verified claims hidden",
    );
    assert_eq!(
        browser.eval(&format!("{verified}.getAttribute('aria-pressed')")),
        json!("false")
    );
    browser.click(verified);
    browser.wait_until(
        &format!("{}.offsetParent !== null", card("budget")),
        "verified claims shown",
    );

    // Clicking a span shows its claims; choosing one brings its card.
    let span = "document.querySelector('#a0-p2 mark.multi')";
    browser.click(span);
    browser.wait_until("!document.getElementById('pop').hidden", "the pop-up opens");
    let listed = browser
        .eval("[...document.querySelectorAll('#pop [data-goto]')].map((b) => b.textContent)");
    let listed: Vec<&str> = listed
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    assert_eq!(listed.len(), 2, "{listed:?}");
    assert!(
        listed[0].contains("budget — The council approved a budget of 15,000 dollars."),
        "{listed:?}"
    );
    assert!(
        listed[1].contains("unsupported") && listed[1].contains("budget-figure"),
        "{listed:?}"
    );
    browser.click("document.querySelectorAll('#pop [data-goto]')[1]");
    browser.wait_until(
        &format!(
            "document.getElementById('pop').hidden && document.activeElement === {}.querySelector('.claim-head')",
            card("budget-figure")
        ),
        "the chosen claim has the focus",
    );
    browser.assert_no_problems();
}

#[test]
fn clicking_a_claim_scrolls_to_its_span_and_marks_it() {
    let Some((_lock, mut browser)) =
        browser_or_skip("clicking_a_claim_scrolls_to_its_span_and_marks_it")
    else {
        return;
    };
    let dir = tempfile::tempdir().expect("a temporary folder");
    let url = write_report(
        &repo(),
        &["--source", "sources/russia-recognizes-taliban.rev2.txt"],
        dir.path(),
    );
    browser.open(&url, None);
    // The last paragraph's claim: far below the first screen.
    let lawfare = card("published-by-lawfare");
    let mark = format!("document.querySelector(`mark[data-c~=\"${{{lawfare}.id}}\"]`)");
    assert_eq!(
        browser.eval(&format!("{IN_VIEW}({mark})")),
        json!(false),
        "the span starts out of view"
    );
    browser.eval(&format!("{lawfare}.scrollIntoView({{ block: 'center' }})"));
    assert_eq!(browser.eval(&format!("{IN_VIEW}({mark})")), json!(false));
    browser.click(&format!("{lawfare}.querySelector('.claim-head')"));
    browser.wait_until(
        &format!("{IN_VIEW}({mark})"),
        "the span is scrolled into view",
    );
    assert_eq!(
        browser.eval(&format!("{mark}.classList.contains('current')")),
        json!(true)
    );
    assert_eq!(
        browser.eval(&format!("{lawfare}.classList.contains('current')")),
        json!(true)
    );
    // Only this claim's spans are marked.
    assert_eq!(
        browser.eval(&format!(
            "[...document.querySelectorAll('mark.current')].every((m) => m.dataset.c.split(' ').includes({lawfare}.id))"
        )),
        json!(true)
    );
    // A drifted evidence's location button goes to its passage.
    let drifted = card("moscow-concert-hall-attack-deaths");
    browser.eval(&format!("{drifted}.scrollIntoView({{ block: 'center' }})"));
    browser.click(&format!("{drifted}.querySelector('.loc')"));
    let drifted_mark = format!("document.querySelector(`mark[data-c~=\"${{{drifted}.id}}\"]`)");
    browser.wait_until(
        &format!("{IN_VIEW}({drifted_mark}) && {drifted_mark}.classList.contains('current')"),
        "the drifted passage is shown",
    );
    assert_eq!(
        browser.eval(&format!("{drifted}.querySelector('.diff del').textContent + '→' + {drifted}.querySelector('.diff ins').textContent")),
        json!("149→145")
    );
    browser.assert_no_problems();
}

#[test]
fn the_page_works_from_the_keyboard() {
    let Some((_lock, mut browser)) = browser_or_skip("the_page_works_from_the_keyboard") else {
        return;
    };
    let dir = tempfile::tempdir().expect("a temporary folder");
    browser.open(&fixture_page(dir.path()), None);
    // Tab goes through the bar first (the input errors link, then the
    // filters), with a visible focus ring; Space works a filter.
    browser.press("Tab");
    assert_eq!(
        browser.eval("document.activeElement.matches('.bar .err-count') && getComputedStyle(document.activeElement).outlineStyle !== 'none'"),
        json!(true)
    );
    browser.press("Tab");
    assert_eq!(
        browser.eval("document.activeElement.dataset.filter"),
        json!("broken")
    );
    browser.press(" ");
    browser.wait_until(
        "document.body.classList.contains('hide-broken')",
        "Space hides broken claims",
    );
    browser.press(" ");
    browser.wait_until(
        "!document.body.classList.contains('hide-broken')",
        "Space shows them again",
    );
    // Enter on a claim marks its span.
    let vote = card("vote-year");
    browser.eval(&format!("{vote}.querySelector('.claim-head').focus()"));
    browser.press("Enter");
    let mark = format!("document.querySelector(`mark[data-c~=\"${{{vote}.id}}\"]`)");
    browser.wait_until(
        &format!("{mark}.classList.contains('current')"),
        "Enter on a claim marks its span",
    );
    // Space on a span opens its claims, focused; Escape closes and returns.
    browser.eval(&format!("{mark}.focus()"));
    browser.press(" ");
    browser.wait_until(
        "!document.getElementById('pop').hidden && document.getElementById('pop').contains(document.activeElement)",
        "Space on a span opens its pop-up",
    );
    browser.press("Escape");
    browser.wait_until(
        &format!("document.getElementById('pop').hidden && document.activeElement === {mark}"),
        "Escape closes the pop-up and gives the focus back",
    );
    // Enter in the pop-up goes to the claim.
    browser.press("Enter");
    browser.wait_until(
        "!document.getElementById('pop').hidden",
        "Enter on a span opens its pop-up",
    );
    browser.press("Enter");
    browser.wait_until(
        &format!("document.activeElement === {vote}.querySelector('.claim-head')"),
        "Enter in the pop-up focuses the claim",
    );
    // Escape closes the evidence item too.
    select(&mut browser, "a0-p5", "officials said");
    browser.wait_until(
        "!document.getElementById('author').hidden",
        "the evidence item shows",
    );
    browser.press("Escape");
    browser.wait_until(
        "document.getElementById('author').hidden",
        "Escape closes the evidence item",
    );
    browser.assert_no_problems();
}

/// Selects the first `needle` in the paragraph element `id` (by DOM
/// offsets, which count UTF-16 units) and returns its UTF-16 offset.
fn select(browser: &mut Browser, id: &str, needle: &str) -> u64 {
    let at = browser.eval(&format!(
        "(() => {{
            const p = document.getElementById({id});
            const needle = {needle};
            const at = p.textContent.indexOf(needle);
            if (at < 0) throw new Error('not in the paragraph: ' + needle);
            const locate = (offset) => {{
                const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
                let seen = 0;
                for (let node = walker.nextNode(); node; node = walker.nextNode()) {{
                    if (offset <= seen + node.data.length) return [node, offset - seen];
                    seen += node.data.length;
                }}
                throw new Error('past the end');
            }};
            const range = document.createRange();
            range.setStart(...locate(at));
            range.setEnd(...locate(at + needle.length));
            getSelection().removeAllRanges();
            getSelection().addRange(range);
            return at;
        }})()",
        id = js(id),
        needle = js(needle)
    ));
    at.as_u64().unwrap_or_default()
}

/// The evidence item the page offers, once it differs from `previous`.
fn offered_item(browser: &mut Browser, previous: &str) -> String {
    browser.wait_until(
        &format!(
            "document.getElementById('author').dataset.state === 'item' && document.getElementById('author-json').textContent !== {}",
            js(previous)
        ),
        "an evidence item is offered",
    );
    browser
        .eval("document.getElementById('author-json').textContent")
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// What `claimcheck pin` and annotation tools store: 32 chars each side.
fn expected_item(paragraph: &str, id: &str, quote: &str) -> Value {
    let chars: Vec<char> = paragraph.chars().collect();
    let byte = paragraph
        .find(quote)
        .expect("the quote is in the paragraph");
    let start = paragraph[..byte].chars().count();
    let end = start + quote.chars().count();
    json!({
        "quote": quote,
        "paragraph": id,
        "start": start,
        "end": end,
        "prefix": chars[start.saturating_sub(32)..start].iter().collect::<String>(),
        "suffix": chars[end..(end + 32).min(chars.len())].iter().collect::<String>(),
    })
}

#[test]
fn a_selection_becomes_evidence_that_checks_exact() {
    let Some((_lock, mut browser)) =
        browser_or_skip("a_selection_becomes_evidence_that_checks_exact")
    else {
        return;
    };
    let dir = tempfile::tempdir().expect("a temporary folder");
    browser.open(&fixture_page(dir.path()), None);
    let article =
        std::fs::read_to_string(fixtures().join("report/article.txt")).expect("the fixture");
    let lines: Vec<&str> = article.lines().collect();

    let mut items: Vec<Value> = Vec::new();
    let mut previous = String::new();
    // Each after an astral char (emoji, a ZWJ sequence, a math letter), or
    // holding one: offsets count code points, not UTF-16 units.
    for (p, needle) in [
        (6, "welcomed the plan"),
        (6, "“as low as 𝔸-grade ports”"),
        (6, "as low as 𝔸"),
        (3, "👩‍⚕️ said the plan was"),
        (1, "after a long night"),
    ] {
        let utf16 = select(&mut browser, &format!("a0-p{p}"), needle);
        let json = offered_item(&mut browser, &previous);
        let item: Value = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}: {json}"));
        let expected = expected_item(lines[p - 1], &format!("p{p}"), needle);
        assert_eq!(item, expected, "the item for {needle:?}");
        let before = &lines[p - 1][..lines[p - 1].find(needle).unwrap_or(0)];
        if before.chars().any(|c| c.len_utf16() == 2) {
            assert_ne!(
                json!(utf16),
                item["start"],
                "{needle:?}: counted in UTF-16 units"
            );
        }
        items.push(item);
        previous = json;
    }

    // A selection inside words is widened to whole words.
    select(&mut browser, "a0-p6", "elcomed the pla");
    let json = offered_item(&mut browser, &previous);
    let item: Value = serde_json::from_str(&json).unwrap_or_default();
    assert_eq!(item["quote"], json!("welcomed the plan"));
    assert_eq!(
        browser.eval("document.getElementById('author-note').textContent.includes('whole words')"),
        json!(true)
    );
    previous = json;

    // A selection made with the mouse, from the start of one word to the
    // end of another.
    let drag = browser.eval(
        "(() => {
            const p = document.getElementById('a0-p2');
            const text = p.textContent;
            const box = (from, to) => {
                const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
                let seen = 0;
                for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                    if (from < seen + node.data.length) {
                        const range = document.createRange();
                        range.setStart(node, from - seen);
                        range.setEnd(node, to - seen);
                        return range.getBoundingClientRect();
                    }
                    seen += node.data.length;
                }
            };
            const first = box(text.indexOf('council'), text.indexOf('council') + 1);
            const last = text.indexOf('the clerk said') + 'the clerk said'.length;
            const end = box(last - 1, last);
            return [first.left + 1, first.top + first.height / 2, end.right - 1, end.top + end.height / 2];
        })()",
    );
    let at = |i: usize| drag[i].as_f64().unwrap_or_default();
    browser.mouse("mouseMoved", at(0), at(1), 0);
    browser.mouse("mousePressed", at(0), at(1), 1);
    browser.mouse("mouseMoved", (at(0) + at(2)) / 2.0, at(3), 1);
    browser.mouse("mouseMoved", at(2), at(3), 1);
    browser.mouse("mouseReleased", at(2), at(3), 0);
    let json = offered_item(&mut browser, &previous);
    let item: Value = serde_json::from_str(&json).unwrap_or_default();
    assert_eq!(
        item,
        expected_item(
            lines[1],
            "p2",
            "council approved a budget of 15,000 dollars on Monday, the clerk said"
        )
    );
    items.push(item);
    // The mouse-up ends a selection: it opens no pop-up.
    assert_eq!(
        browser.eval("document.getElementById('pop').hidden"),
        json!(true)
    );

    // Copy puts the item's JSON on the clipboard.
    browser.click("document.getElementById('author-copy')");
    browser.wait_until(
        "document.getElementById('author-note').textContent.startsWith('Copied') || document.getElementById('author-note').textContent.startsWith('Press')",
        "Copy answers",
    );

    // Across paragraphs: said so, and no item to copy.
    browser.eval(
        "(() => {
            const range = document.createRange();
            range.setStart(document.querySelector('#a0-p4').firstChild, 0);
            range.setEnd(document.querySelector('#a0-p5').lastChild, 5);
            getSelection().removeAllRanges();
            getSelection().addRange(range);
        })()",
    );
    browser.wait_until(
        "document.getElementById('author').dataset.state === 'crossing'",
        "a crossing selection is refused",
    );
    assert_eq!(
        browser.eval("[document.getElementById('author-copy').hidden, document.getElementById('author-json').textContent, document.getElementById('author-note').textContent.includes('crosses 2 paragraphs')]"),
        json!([true, "", true])
    );
    browser.assert_no_problems();
    drop(browser);

    // What the page offered, pasted into an annotation file beside a copy
    // of the article, checks `exact` with the real binary.
    let work = tempfile::tempdir().expect("a temporary folder");
    std::fs::write(work.path().join("article.txt"), &article).expect("a copy of the article");
    let claims: Vec<Value> = items
        .iter()
        .enumerate()
        .map(|(i, item)| json!({ "id": format!("selected-{i}"), "claim": item["quote"], "evidence": [item] }))
        .collect();
    let annotations = json!({ "source": "article.txt", "claims": claims });
    std::fs::write(work.path().join("selected.json"), annotations.to_string())
        .expect("the annotation file");
    let output = claimcheck(work.path(), &["check", "--format", "json", "selected.json"]);
    assert_eq!(output.code, Some(0), "{}\n{}", output.stdout, output.stderr);
    let report = output.json();
    let checked = report["files"][0]["claims"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(checked.len(), items.len());
    for (claim, item) in checked.iter().zip(&items) {
        let evidence = &claim["evidence"][0];
        assert_eq!(evidence["status"], json!("exact"), "{claim}");
        assert_eq!(evidence["found"]["paragraph"], item["paragraph"]);
        assert_eq!(evidence["found"]["start"], item["start"]);
        assert_eq!(evidence["found"]["end"], item["end"]);
    }
}

// ---------------------------------------------------------------------------
// A large report: 2,000 claims over a 400-paragraph article

/// Writes an article and one annotation file of 2,000 claims in `dir`, of
/// every status, some overlapping. Returns the annotation file's name.
fn large_report_inputs(dir: &Path) -> &'static str {
    const PARAGRAPHS: usize = 400;
    const PER_PARAGRAPH: usize = 5;
    let sentence = |p: usize, s: usize| {
        format!(
            "In ward {p}-{s} the council counted {} ballots and named Officer Q{p}x{s} to the harbour board.",
            p * 31 + s * 7
        )
    };
    let mut paragraphs: Vec<String> = Vec::new();
    for p in 0..PARAGRAPHS {
        let mut text = if p % 10 == 0 {
            "📍 ".to_owned()
        } else {
            String::new()
        };
        for s in 0..PER_PARAGRAPH {
            text.push_str(&sentence(p, s));
            text.push(' ');
        }
        text.push_str("The meeting was adjourned.");
        paragraphs.push(text);
    }
    let chars_before = |text: &str, quote: &str| {
        let byte = text.find(quote).unwrap_or(0);
        text[..byte].chars().count()
    };
    let mut claims = Vec::new();
    for (p, text) in paragraphs.iter().enumerate() {
        for s in 0..PER_PARAGRAPH {
            let k = p * PER_PARAGRAPH + s;
            let mut quote = sentence(p, s);
            if k % 10 == 5 && s > 0 {
                // Straddles the end of the sentence before: overlaps its claim.
                let before = sentence(p, s - 1);
                quote = format!("{} {}", &before[before.len() - 30..], &quote[..40]);
            }
            let start = chars_before(text, &quote);
            let pinned = |paragraph: usize| {
                json!({
                    "quote": quote, "paragraph": format!("p{}", paragraph + 1),
                    "start": start, "end": start + quote.chars().count(),
                })
            };
            let evidence = match k % 50 {
                0 => vec![
                    json!({ "quote": format!("An invented passage, number {k}, that is nowhere in the article at all.") }),
                ],
                1 => vec![json!({ "quote": quote.replace("counted", "tallied up") })],
                2 => vec![pinned((p + 1) % PARAGRAPHS)],
                3 => Vec::new(),
                4 => vec![json!({ "quote": "The meeting was adjourned." })],
                _ => vec![pinned(p)],
            };
            let claim = evidence
                .first()
                .and_then(|e| e["quote"].as_str())
                .unwrap_or("An unsupported claim.")
                .to_owned();
            claims
                .push(json!({ "id": format!("claim-{k}"), "claim": claim, "evidence": evidence }));
        }
    }
    std::fs::write(dir.join("article.txt"), paragraphs.join("\n") + "\n").expect("the article");
    let annotations = json!({ "source": "article.txt", "claims": claims });
    std::fs::write(dir.join("large.json"), annotations.to_string()).expect("the annotations");
    "large.json"
}

/// Long tasks (over 50 ms, the browser's own measure), from the first byte.
const WATCH_LONG_TASKS: &str = "window.__longTasks = [];
new PerformanceObserver((list) => {
  for (const task of list.getEntries()) window.__longTasks.push(Math.round(task.duration));
}).observe({ type: 'longtask', buffered: true });";

/// Scrolls `scroller` (the window if null) top to bottom in 120 animation
/// frames; the frames' lengths.
const SCROLL: &str = "((scroller) => new Promise((done) => {
  const target = scroller || document.scrollingElement;
  const distance = target.scrollHeight - target.clientHeight;
  const gaps = [];
  let last = performance.now();
  const started = last;
  let step = 0;
  const frame = (now) => {
    gaps.push(now - last);
    last = now;
    step += 1;
    target.scrollTop = distance * step / 120;
    if (step < 120) requestAnimationFrame(frame);
    else done({ ms: Math.round(now - started), worstFrame: Math.round(Math.max(...gaps.slice(1))),
                framesOver50ms: gaps.filter((g) => g > 50).length, distance });
  };
  requestAnimationFrame(frame);
}))";

/// Opens a 2,000-claim report, scrolls the article and the claims, jumps to
/// the last claim and selects a passage; prints the figures and fails on a
/// stall (bounds loose enough for a busy CI machine).
#[test]
fn a_large_report_opens_and_scrolls_without_a_stall() {
    let Some((_lock, mut browser)) =
        browser_or_skip("a_large_report_opens_and_scrolls_without_a_stall")
    else {
        return;
    };
    let dir = tempfile::tempdir().expect("a temporary folder");
    let annotations = large_report_inputs(dir.path());
    let written = Instant::now();
    let url = write_report(dir.path(), &[annotations], dir.path());
    let write_ms = written.elapsed().as_millis();
    let bytes = std::fs::metadata(dir.path().join("report.html"))
        .map(|m| m.len())
        .unwrap_or(0);

    let opened = Instant::now();
    browser.open(&url, Some(WATCH_LONG_TASKS));
    let open_ms = opened.elapsed().as_millis();
    let load = browser.eval(
        "new Promise((done) => setTimeout(() => {
            const nav = performance.getEntriesByType('navigation')[0];
            const paint = performance.getEntriesByName('first-contentful-paint')[0];
            done({ domContentLoaded: Math.round(nav.domContentLoadedEventEnd),
                   load: Math.round(nav.loadEventEnd),
                   firstContentfulPaint: paint ? Math.round(paint.startTime) : null,
                   claims: document.querySelectorAll('.claim').length,
                   spans: document.querySelectorAll('mark.span').length,
                   elements: document.getElementsByTagName('*').length,
                   longTasks: window.__longTasks.slice() });
        }, 100))",
    );
    assert_eq!(load["claims"], json!(2000));
    let article_scroll = browser.eval(&format!("{SCROLL}(null)"));
    let claims_scroll = browser.eval(&format!("{SCROLL}(document.querySelector('.claims'))"));
    let jump = browser.eval(
        "(() => {
            const cards = document.querySelectorAll('.claim.s-verified');
            const head = cards[cards.length - 1].querySelector('.claim-head');
            const started = performance.now();
            head.click();
            document.body.getBoundingClientRect();
            return Math.round((performance.now() - started) * 10) / 10;
        })()",
    );
    let filter = browser.eval(
        "(() => {
            const started = performance.now();
            document.querySelector('.filter[data-filter=verified]').click();
            document.body.getBoundingClientRect();
            const ms = performance.now() - started;
            document.querySelector('.filter[data-filter=verified]').click();
            return Math.round(ms * 10) / 10;
        })()",
    );
    // From the selection to the item on the page, timed in the page.
    browser.eval(
        "window.__selected = performance.now();
         new MutationObserver(() => { window.__offered = performance.now(); })
           .observe(document.getElementById('author-json'), { childList: true });",
    );
    select(&mut browser, "a0-p400", "the council counted");
    offered_item(&mut browser, "");
    let select_ms = browser.eval("Math.round(window.__offered - window.__selected)");
    let long_tasks = browser.eval("window.__longTasks.slice()");
    browser.assert_no_problems();

    let _ = writeln!(
        std::io::stderr(),
        "2,000-claim report: `claimcheck report` {write_ms} ms, page {} KiB\n\
         \x20 opened in {open_ms} ms (navigation to load event, measured outside)\n\
         \x20 in the page: {load}\n\
         \x20 article scroll: {article_scroll}\n\
         \x20 claims scroll: {claims_scroll}\n\
         \x20 jump to the last verified claim: {jump} ms; filter toggle with layout: {filter} ms\n\
         \x20 selection to evidence item: {select_ms} ms (of which 120 ms debounce)\n\
         \x20 long tasks (ms), load to end: {long_tasks}",
        bytes / 1024
    );
    // Stalls, not speed: a page that hangs fails, a slow machine does not.
    let ms = |v: &Value| v.as_f64().unwrap_or(f64::MAX);
    assert!(
        ms(&load["load"]) < 10_000.0,
        "the page took {} ms to load",
        load["load"]
    );
    for scroll in [&article_scroll, &claims_scroll] {
        assert!(
            ms(&scroll["worstFrame"]) < 1_000.0,
            "a scroll frame stalled: {scroll}"
        );
    }
    assert!(ms(&jump) < 1_000.0 && ms(&filter) < 2_000.0);
}

/// Writes `docs/report.png`, the README's picture: the bundled article
/// checked against its revision, a drifted claim chosen, a passage
/// selected. `cargo test --test browser -- --ignored readme_screenshot`
#[test]
#[ignore]
fn readme_screenshot() {
    let Some((_lock, mut browser)) = browser_or_skip("readme_screenshot") else {
        return;
    };
    let dir = tempfile::tempdir().expect("a temporary folder");
    let url = write_report(
        &repo(),
        &["--source", "sources/russia-recognizes-taliban.rev2.txt"],
        dir.path(),
    );
    browser.open(&url, None);
    browser.call(
        "Emulation.setDeviceMetricsOverride",
        json!({ "width": 1440, "height": 900, "deviceScaleFactor": 1, "mobile": false }),
    );
    let drifted = card("moscow-concert-hall-attack-deaths");
    browser.eval(&format!("{drifted}.scrollIntoView({{ block: 'start' }})"));
    browser.click(&format!("{drifted}.querySelector('.claim-text')"));
    // Past the smooth scroll and the flash.
    std::thread::sleep(Duration::from_millis(2500));
    select(
        &mut browser,
        "a0-p5",
        "the Kremlin set up a (relatively) significant trade deal",
    );
    offered_item(&mut browser, "");
    browser.eval("document.activeElement.blur()");
    let shot = browser.call("Page.captureScreenshot", json!({ "format": "png" }));
    let png = data_encoding::BASE64
        .decode(shot["data"].as_str().unwrap_or_default().as_bytes())
        .expect("a PNG");
    std::fs::write(repo().join("docs/report.png"), png).expect("docs/report.png");
}
