"""Open a report.html in headless Chromium and save a screenshot.

    .venv/bin/python tools/screenshot_report.py data/processed/report.html /tmp/report.png

Needs Debian's `chromium` and `fonts-noto-cjk` (apt-get install -y chromium fonts-noto-cjk)
so that Chinese renders. Chromium runs with a fresh profile in a temporary folder and with
background networking off; the page itself allows no network (its CSP).
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome")


def find_chromium() -> str:
    """Path of the Chromium binary, or exit with how to install it."""
    for name in CANDIDATES:
        path = shutil.which(name)
        if path:
            return path
    sys.exit("no chromium found: apt-get install -y chromium fonts-noto-cjk")


def chromium_args(binary: str, profile: str, extra: list[str]) -> list[str]:
    return [binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", f"--user-data-dir={profile}", *extra]


def run_chromium(url: str, extra: list[str], timeout: float = 120) -> subprocess.CompletedProcess:
    """Run headless Chromium on url with a throw-away profile; extra flags say what to do."""
    binary = find_chromium()
    with tempfile.TemporaryDirectory(prefix="chromium-report-") as profile:
        return subprocess.run(chromium_args(binary, profile, [*extra, url]), capture_output=True,
                              text=True, timeout=timeout, check=False)


def screenshot(report: Path, out_png: Path, width: int = 1400, height: int = 2400,
               fragment: str = "") -> Path:
    """Save a screenshot of report (a local HTML file) as out_png; return its path."""
    out_png = out_png.resolve()
    url = report.resolve().as_uri() + (f"#{fragment}" if fragment else "")
    done = run_chromium(url, [f"--screenshot={out_png}", f"--window-size={width},{height}"])
    if not out_png.exists():
        sys.exit(f"chromium wrote no screenshot (exit {done.returncode}):\n{done.stderr[-2000:]}")
    return out_png


def dump_dom(report: Path, fragment: str = "") -> str:
    """The page's DOM after its script ran (used by the tests to check the rendered marks)."""
    url = report.resolve().as_uri() + (f"#{fragment}" if fragment else "")
    done = run_chromium(url, ["--dump-dom", "--virtual-time-budget=5000"])
    return done.stdout


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("report", type=Path, help="report.html")
    ap.add_argument("out_png", type=Path, help="where to save the PNG")
    ap.add_argument("--width", type=int, default=1400)
    ap.add_argument("--height", type=int, default=2400)
    ap.add_argument("--fragment", default="", help="e.g. 'doc=2' to open the third article")
    args = ap.parse_args(argv)
    if not args.report.is_file():
        sys.exit(f"no such file: {args.report}")
    path = screenshot(args.report, args.out_png, args.width, args.height, args.fragment)
    print(f"{path} ({path.stat().st_size:,} bytes) from {args.report} "
          f"({args.report.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
