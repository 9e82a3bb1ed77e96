#!/usr/bin/env python3
"""Refresh the vendored front-end assets in src/blaupause/static/vendor/.

Runs `npm pack` for each pinned package (npm is needed only here, never to run or test the
app), copies the files we serve, and records versions and integrity hashes in
`static/vendor/vendor.lock.json`. Usage: `python scripts/vendor_assets.py` (or `make vendor`).
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "src" / "blaupause" / "static" / "vendor"

#: package -> (version, {source path in package: target path under vendor/<dir>})
PACKAGES = {
    "@kern-ux/native": (
        "2.7.2",
        "kern",
        {
            "dist/kern.min.css": "kern.min.css",
            "LICENSE.md": "LICENSE.md",
        },
    ),
    "htmx.org": (
        "2.0.9",
        "htmx",
        {
            "dist/htmx.min.js": "htmx.min.js",
            "LICENSE": "LICENSE",
        },
    ),
}
# One font family, only the weights the KERN styles use.
FONT_WEIGHTS = {"400", "500", "600", "700"}


def npm_pack(name: str, version: str, into: Path) -> tuple[Path, str]:
    out = subprocess.run(  # noqa: S603
        ["npm", "pack", f"{name}@{version}", "--json", "--pack-destination", str(into)],  # noqa: S607
        check=True,
        capture_output=True,
        text=True,
    )
    info = json.loads(out.stdout)[0]
    return into / info["filename"], info["integrity"]


def copy_fonts(package_dir: Path, target: Path) -> list[str]:
    css = (package_dir / "dist/fonts/fira-sans.css").read_text()
    blocks = re.findall(r"@font-face\s*{[^}]*}", css)
    kept, files = [], []
    for block in blocks:
        weight = re.search(r"font-weight:\s*(\d+)", block).group(1)
        if weight not in FONT_WEIGHTS:
            continue
        src = re.search(r'url\("?\./fira-sans/([^")]+)"?\)', block).group(1)
        files.append(src)
        kept.append(block)
    (target / "fonts").mkdir(parents=True, exist_ok=True)
    for name in files:
        shutil.copy2(package_dir / "dist/fonts/fira-sans" / name, target / "fonts" / name)
    header = "/* Fira Sans (SIL Open Font License 1.1), subset of weights used by KERN. */\n"
    (target / "fira-sans.css").write_text(
        header + "\n\n".join(b.replace("./fira-sans/", "./fonts/") for b in kept) + "\n"
    )
    return ["fira-sans.css", *[f"fonts/{name}" for name in files]]


def main() -> int:
    if shutil.which("npm") is None:
        print("npm is needed to refresh vendored assets (not to run Blaupause).", file=sys.stderr)
        return 1
    lock = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        for name, (version, dirname, files) in PACKAGES.items():
            tarball, integrity = npm_pack(name, version, tmpdir)
            unpack = tmpdir / dirname
            with tarfile.open(tarball) as archive:
                archive.extractall(unpack, filter="data")
            package_dir = unpack / "package"
            target = VENDOR / dirname
            if target.exists():
                shutil.rmtree(target)
            target.mkdir(parents=True)
            copied = []
            for src, dst in files.items():
                shutil.copy2(package_dir / src, target / dst)
                copied.append(dst)
            if dirname == "kern":
                copied += copy_fonts(package_dir, target)
            lock[name] = {
                "version": version,
                "integrity": integrity,
                "license": json.loads((package_dir / "package.json").read_text()).get("license"),
                "directory": f"vendor/{dirname}",
                "files": {
                    path: hashlib.sha256((target / path).read_bytes()).hexdigest()
                    for path in sorted(copied)
                },
            }
    (VENDOR / "vendor.lock.json").write_text(json.dumps(lock, indent=2, sort_keys=True) + "\n")
    print(f"vendored {', '.join(f'{n}@{v[0]}' for n, v in PACKAGES.items())} into {VENDOR}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
