"""What the browser tests share: the app on a real port, headless Debian Chromium, and the web
client bundle (roundware-web-framework from npm, built with esbuild)."""
import fcntl
import shutil
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from tests.support.live_server import serve

WEBCLIENT = Path(__file__).parent / "webclient"
WEBCLIENT_SOURCES = ("package.json", "package-lock.json", "entry.js")
WEBCLIENT_BUNDLE = WEBCLIENT / "build" / "webclient.js"
NPM_TIMEOUT_S = 300
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def live_server(app):
    """The test app on a free loopback port, served from a background thread; yields its base URL."""
    with serve(app, quiet=False) as base_url:
        yield base_url


@pytest.fixture(scope="module")
def chromium_args():
    """Command-line switches of the browser (a module may override this fixture to add some)."""
    return CHROMIUM_ARGS


@pytest.fixture(scope="module")
def browser(chromium_args):
    """Headless Debian Chromium (never a downloaded browser)."""
    executable = shutil.which("chromium")
    assert executable, "chromium is not installed"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, headless=True, args=chromium_args)
        try:
            yield chromium
        finally:
            chromium.close()


# --- the web client ------------------------------------------------------------------------------

def _bundle_is_current() -> bool:
    return WEBCLIENT_BUNDLE.is_file() and all(
        WEBCLIENT_BUNDLE.stat().st_mtime > (WEBCLIENT / name).stat().st_mtime for name in WEBCLIENT_SOURCES)


def _npm(npm: str, *args: str) -> None:
    try:
        result = subprocess.run([npm, *args], cwd=WEBCLIENT, capture_output=True, text=True, timeout=NPM_TIMEOUT_S,
                                check=False)
    except subprocess.TimeoutExpired:
        pytest.fail(f"`npm {' '.join(args)}` in {WEBCLIENT} took over {NPM_TIMEOUT_S}s", pytrace=False)
    if result.returncode != 0:
        pytest.fail(f"`npm {' '.join(args)}` in {WEBCLIENT} failed ({result.returncode}):\n"
                    f"{result.stdout[-2000:]}\n{result.stderr[-3000:]}", pytrace=False)


@pytest.fixture(scope="session")
def webclient_bundle() -> Path:
    """tests/browser/webclient/ built: the npm packages its lock file pins (`npm ci`), bundled by
    esbuild into one script for the page (`npm run build`). Done again only when a source is newer
    than the bundle; a lock keeps two test runs from building at once."""
    WEBCLIENT_BUNDLE.parent.mkdir(exist_ok=True)
    with (WEBCLIENT_BUNDLE.parent / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not _bundle_is_current():
            npm = shutil.which("npm")
            if npm is None:  # never a skip: CI must run this test
                pytest.fail("npm is not installed (`make apt` installs Node.js and npm): the web client test "
                            "bundles roundware-web-framework with it", pytrace=False)
            _npm(npm, "ci", "--no-audit", "--no-fund")
            _npm(npm, "run", "--silent", "build")
            assert _bundle_is_current(), f"`npm run build` did not write {WEBCLIENT_BUNDLE}"
    return WEBCLIENT_BUNDLE
