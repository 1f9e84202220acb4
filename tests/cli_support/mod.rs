//! Shared helpers of the CLI tests: run the real `riskatlas` binary offline, read its `--json`
//! line, write the demo project, and ask GDAL's `ogrinfo` about a layer.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// `riskatlas ARGS…` offline.
pub fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_riskatlas"))
        .env("RISKATLAS_OFFLINE", "1")
        .args(args)
        .output()
        .expect("the binary runs")
}

/// The one JSON line on stdout (success or not).
pub fn json(out: &Output) -> serde_json::Value {
    let text = String::from_utf8_lossy(&out.stdout);
    serde_json::from_str(text.trim()).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {text}\nstderr: {}",
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

/// As [`json`], for a run that must have succeeded.
pub fn json_ok(out: &Output) -> serde_json::Value {
    assert!(
        out.status.success(),
        "failed: {}\nstderr: {}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    json(out)
}

/// `riskatlas demo --out DIR/demo.gpkg`.
pub fn demo(dir: &Path) -> PathBuf {
    demo_named(dir, "demo.gpkg")
}

/// The demo project under a given file name (e.g. with non-ASCII letters).
pub fn demo_named(dir: &Path, name: &str) -> PathBuf {
    let p = dir.join(name);
    let out = run(&["demo", "--out", p.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    p
}

/// `ogrinfo -ro -so PATH LAYER` stdout; `None` when GDAL is absent and RISKATLAS_SKIP_GDAL=1.
pub fn ogrinfo(path: &Path, layer: &str) -> Option<String> {
    let out = match Command::new("ogrinfo")
        .args(["-ro", "-so"])
        .arg(path)
        .arg(layer)
        .output()
    {
        Ok(out) => out,
        Err(e) if std::env::var("RISKATLAS_SKIP_GDAL").as_deref() == Ok("1") => {
            eprintln!("skipped: ogrinfo not found ({e})");
            return None;
        }
        Err(e) => panic!("ogrinfo not found ({e}): install gdal-bin or set RISKATLAS_SKIP_GDAL=1"),
    };
    assert!(
        out.status.success(),
        "ogrinfo failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// `riskatlas SUBCOMMAND PROJECT --out OUT [--month 7] EXTRA…` must fail with exit 1, one line
/// on stderr containing `needle`, and no output file. `--month 7` is added unless EXTRA sets it.
pub fn fails_on_one_line(
    subcommand: &str,
    project: &Path,
    out: &Path,
    extra: &[&str],
    needle: &str,
) {
    let mut args = vec![
        subcommand,
        project.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    if extra.first() != Some(&"--month") {
        args.extend(["--month", "7"]);
    }
    args.extend(extra.iter().copied());
    let o = run(&args);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{extra:?}: {stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(stderr.contains(needle), "{extra:?}: {stderr}");
    assert!(!out.exists(), "nothing written on error");
}
