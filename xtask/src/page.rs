//! The page checks of `cargo xtask test`: the page as a browser loads it,
//! not mounted by a test harness. Builds the page the way trunk lays out
//! `dist/` (index.html, loader.js, the wasm-bindgen glue and module, the
//! styles), serves it on 127.0.0.1 with a strict Content-Security-Policy,
//! and runs `tests/page/check.mjs` (playwright-core driving Debian's
//! Chromium, with axe-core for the accessibility audit).

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};

use crate::{cmd, tools};

/// The policy the page must run under (an instructor's course site).
pub const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";
/// npm packages the checks use, pinned.
pub const PLAYWRIGHT_CORE: &str = "playwright-core@1.65.1";
/// axe-core, pinned.
pub const AXE_CORE: &str = "axe-core@4.14.1";
/// Where the page is built for the checks.
const DIR: &str = "target/page-check";
/// Files copied as they are, from the repository to the page's folder.
const COPIED: [&str; 9] = [
    "static/style.css",
    "static/favicon.svg",
    "static/loader.js",
    "static/lessons-loader.js",
    "static/lessons.css",
    "static/embed-example.html",
    "static/embed-example.css",
    "static/embed-resize.js",
    "docs/scenario.md",
];

/// Builds, serves and checks the page; returns (passed, failed).
pub fn check(browser: &Path) -> Result<(u64, u64), String> {
    build()?;
    let modules = tools::npm_packages("page-check", &[PLAYWRIGHT_CORE, AXE_CORE])?;
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| format!("cannot listen: {e}"))?;
    let port = listener.local_addr().map_err(|e| e.to_string())?.port();
    std::thread::spawn(move || serve(listener, PathBuf::from(DIR)));
    let lines = cmd::result_lines(
        cmd::new("node")
            .arg("tests/page/check.mjs")
            .arg(format!("http://127.0.0.1:{port}/"))
            .env("NODE_PATH", &modules)
            .env("DIRTYBIT_BROWSER", browser)
            .env("DIRTYBIT_CSP", CSP),
        "page checks: ",
    )?;
    let last = lines
        .last()
        .ok_or("tests/page/check.mjs printed no result line")?;
    let count = |word: &str| {
        last.split(',')
            .find_map(|p| p.trim().strip_suffix(word))
            .and_then(|n| n.trim().parse::<u64>().ok())
            .unwrap_or(0)
    };
    Ok((count(" passed"), count(" failed")))
}

/// The page, laid out as trunk lays out `dist/` (debug build, no wasm-opt).
fn build() -> Result<(), String> {
    cmd::run(cmd::new("cargo").args([
        "build",
        "--target",
        "wasm32-unknown-unknown",
        "-p",
        "dirtybit",
        "--bin",
        "dirtybit-web",
        "--bin",
        "dirtybit-lessons-web",
    ]))?;
    let _ = std::fs::remove_dir_all(DIR);
    std::fs::create_dir_all(DIR).map_err(|e| format!("cannot create {DIR}: {e}"))?;
    // The playground, and the lesson module it loads when a lesson opens.
    for bin in ["dirtybit-web", "dirtybit-lessons-web"] {
        cmd::run(
            cmd::new("wasm-bindgen")
                .args([
                    "--target",
                    "web",
                    "--no-typescript",
                    "--out-name",
                    bin,
                    "--out-dir",
                    DIR,
                ])
                .arg(format!("target/wasm32-unknown-unknown/debug/{bin}.wasm")),
        )?;
    }
    for file in COPIED {
        let name = Path::new(file).file_name().unwrap_or_default();
        std::fs::copy(file, Path::new(DIR).join(name)).map_err(|e| format!("cannot copy {file}: {e}"))?;
    }
    // The lesson files, fetched when a lesson opens (trunk's copy-dir).
    let lessons = Path::new(DIR).join("lessons");
    std::fs::create_dir_all(&lessons).map_err(|e| format!("cannot create {}: {e}", lessons.display()))?;
    for entry in std::fs::read_dir("lessons").map_err(|e| format!("cannot read lessons/: {e}"))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        let name = path.file_name().unwrap_or_default();
        std::fs::copy(&path, lessons.join(name))
            .map_err(|e| format!("cannot copy {}: {e}", path.display()))?;
    }
    let index = std::fs::read_to_string("index.html").map_err(|e| format!("cannot read index.html: {e}"))?;
    std::fs::write(
        Path::new(DIR).join("index.html"),
        index_as_trunk_writes_it(&index),
    )
    .map_err(|e| format!("cannot write index.html: {e}"))
}

/// index.html with trunk's directives done: the base URL, the stylesheet
/// and icon links; every other `data-trunk` line dropped.
fn index_as_trunk_writes_it(index: &str) -> String {
    index
        .lines()
        .filter_map(|line| {
            let t = line.trim();
            if t.starts_with("<base data-trunk-public-url") {
                Some("  <base href=\"./\">".to_string())
            } else if t.contains("data-trunk rel=\"css\"") {
                Some("  <link rel=\"stylesheet\" href=\"style.css\">".to_string())
            } else if t.contains("data-trunk rel=\"icon\"") {
                Some("  <link rel=\"icon\" href=\"favicon.svg\">".to_string())
            } else if t.contains("data-trunk") {
                None
            } else {
                Some(line.to_string())
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Serves `dir` with the strict policy on every answer. Under `/broken/`
/// the same page is served without its WebAssembly module, under
/// `/noscript/` without any script, to check that the page says so.
fn serve(listener: TcpListener, dir: PathBuf) {
    for stream in listener.incoming().map_while(Result::ok) {
        let _ = answer(stream, &dir);
    }
}

fn answer(mut stream: TcpStream, dir: &Path) -> std::io::Result<()> {
    let mut request = String::new();
    BufReader::new(&stream).read_line(&mut request)?;
    let path = request.split_whitespace().nth(1).unwrap_or("/");
    let path = path.split(['?', '#']).next().unwrap_or("/");
    // `/broken/...` lacks the WebAssembly module; `/noscript/...` every script.
    let (missing, path) = if let Some(rest) = path.strip_prefix("/broken") {
        (Some(".wasm"), rest)
    } else if let Some(rest) = path.strip_prefix("/noscript") {
        (Some(".js"), rest)
    } else {
        (None, path)
    };
    let name = match path.trim_start_matches('/') {
        "" => "index.html",
        n => n,
    };
    let file = dir.join(name);
    let body = if name.contains("..") || missing.is_some_and(|ext| name.ends_with(ext)) {
        None
    } else {
        std::fs::read(&file).ok()
    };
    let (status, body) = match body {
        Some(b) => ("200 OK", b),
        None => ("404 Not Found", b"not found".to_vec()),
    };
    let kind = match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js" | "mjs") => "text/javascript",
        Some("wasm") => "application/wasm",
        Some("css") => "text/css",
        Some("svg") => "image/svg+xml",
        _ => "text/plain; charset=utf-8",
    };
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nContent-Security-Policy: {CSP}\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    stream.write_all(&body)
}
