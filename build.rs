//! Build script: on Windows (GNU toolchain) targets only, embeds the app icon
//! (`assets/icons/riskatlas.ico`), the version information Explorer shows (from Cargo.toml's
//! version: one place) and an application manifest (run as invoker: never asks for admin
//! rights; long paths) into `riskatlas.exe`.
//!
//! How: writes a resource script into OUT_DIR, compiles it with MinGW's `windres` into a COFF
//! object and links that object into the binary (`rustc-link-arg-bin`). The resource
//! compiler is `$WINDRES`, else `x86_64-w64-mingw32-windres` (Debian's
//! `binutils-mingw-w64-x86-64`), else `windres` (MSYS2). Without one the build goes on with a
//! warning and an .exe without icon; `packaging/build.sh` checks that the icon is there. On
//! other targets this script does nothing.

use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=WINDRES");
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os != "windows" {
        return;
    }
    if env != "gnu" {
        println!("cargo:warning=riskatlas: Windows resources are embedded for the GNU target only");
        return;
    }
    let manifest_dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets it"));
    let icon = manifest_dir.join("assets/icons/riskatlas.ico");
    println!("cargo:rerun-if-changed={}", icon.display());

    let rc = out_dir.join("riskatlas.rc");
    let manifest = out_dir.join("riskatlas.exe.manifest");
    std::fs::write(&manifest, MANIFEST).expect("write the manifest into OUT_DIR");
    std::fs::write(&rc, resource_script(&icon, &manifest)).expect("write the .rc into OUT_DIR");

    let obj = out_dir.join("riskatlas_res.o");
    let Some(windres) = find_windres() else {
        println!(
            "cargo:warning=riskatlas: no windres found (install binutils-mingw-w64-x86-64): \
             the .exe has no icon or version information"
        );
        return;
    };
    let status = Command::new(&windres)
        .arg("--input-format=rc")
        .arg("--output-format=coff")
        .arg("-i")
        .arg(&rc)
        .arg("-o")
        .arg(&obj)
        .status();
    match status {
        Ok(s) if s.success() => {
            println!("cargo:rustc-link-arg-bin=riskatlas={}", obj.display());
        }
        Ok(s) => panic!("{windres} failed on {} ({s})", rc.display()),
        Err(e) => panic!("{windres} could not be run: {e}"),
    }
}

fn find_windres() -> Option<String> {
    let candidates = [
        std::env::var("WINDRES").ok(),
        Some("x86_64-w64-mingw32-windres".to_string()),
        Some("windres".to_string()),
    ];
    candidates.into_iter().flatten().find(|c| {
        Command::new(c)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

/// A path as the resource compiler reads it inside quotes (forward slashes, quotes doubled).
fn rc_path(p: &Path) -> String {
    p.display()
        .to_string()
        .replace('\\', "/")
        .replace('"', "\"\"")
}

fn resource_script(icon: &Path, manifest: &Path) -> String {
    let v = |k: &str| std::env::var(k).unwrap_or_else(|_| "0".into());
    let (major, minor, patch) = (
        v("CARGO_PKG_VERSION_MAJOR"),
        v("CARGO_PKG_VERSION_MINOR"),
        v("CARGO_PKG_VERSION_PATCH"),
    );
    let version = v("CARGO_PKG_VERSION");
    let description = v("CARGO_PKG_DESCRIPTION");
    format!(
        r#"#pragma code_page(65001)
1 ICON "{icon}"
1 24 "{manifest}"
1 VERSIONINFO
FILEVERSION {major},{minor},{patch},0
PRODUCTVERSION {major},{minor},{patch},0
FILEOS 0x40004
FILETYPE 0x1
BEGIN
  BLOCK "StringFileInfo"
  BEGIN
    BLOCK "040904B0"
    BEGIN
      VALUE "CompanyName", "ASHMDF"
      VALUE "FileDescription", "{description}"
      VALUE "FileVersion", "{version}"
      VALUE "InternalName", "riskatlas"
      VALUE "LegalCopyright", "MIT OR Apache-2.0; map data (c) OpenStreetMap contributors"
      VALUE "OriginalFilename", "riskatlas.exe"
      VALUE "ProductName", "Risk Atlas"
      VALUE "ProductVersion", "{version}"
    END
  END
  BLOCK "VarFileInfo"
  BEGIN
    VALUE "Translation", 0x409, 1200
  END
END
"#,
        icon = rc_path(icon),
        manifest = rc_path(manifest),
    )
}

/// Runs as the user who started it (no elevation prompt), Windows 10/11, long paths.
const MANIFEST: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<assembly xmlns="urn:schemas-microsoft-com:asm.v1" manifestVersion="1.0">
  <assemblyIdentity type="win32" name="ASHMDF.RiskAtlas" version="1.0.0.0"/>
  <trustInfo xmlns="urn:schemas-microsoft-com:asm.v3">
    <security>
      <requestedPrivileges>
        <requestedExecutionLevel level="asInvoker" uiAccess="false"/>
      </requestedPrivileges>
    </security>
  </trustInfo>
  <compatibility xmlns="urn:schemas-microsoft-com:compatibility.v1">
    <application>
      <supportedOS Id="{8e0f7a12-bfb3-4fe8-b9a5-48fd50a15a9a}"/>
    </application>
  </compatibility>
  <application xmlns="urn:schemas-microsoft-com:asm.v3">
    <windowsSettings>
      <longPathAware xmlns="http://schemas.microsoft.com/SMI/2016/WindowsSettings">true</longPathAware>
    </windowsSettings>
  </application>
</assembly>
"#;
