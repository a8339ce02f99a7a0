"""Browser tests: the app served on 127.0.0.1, Debian's Chromium driven by Playwright.

`live_server` serves a seeded demo school on a free port; `page` is a fresh browser page;
`check_accessibility(page)` runs axe-core and fails on serious or critical violations;
`screenshot(page, name)` writes tests/artifacts/NAME.png for a person to look at.
"""
from __future__ import annotations

import shutil
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from scheduler_app.services.demo import seed_demo

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync",
                 "--disable-quic"]

pytestmark = pytest.mark.browser


@dataclass
class LiveServer:
    url: str
    app: object


@pytest.fixture
def live_server(app):
    from scheduler_app.db import db

    with app.app_context():
        seed_demo(db.session)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield LiveServer(f"http://127.0.0.1:{server.server_port}", app)
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make test-deps`")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="de-DE", timezone_id="Europe/Berlin")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def check_accessibility(page) -> None:
    """Fails on serious or critical axe-core violations of the page as shown."""
    if not AXE.exists():
        pytest.fail(f"axe-core missing at {AXE}: run `make test-deps`")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run()")
    bad = [v for v in result["violations"] if v["impact"] in {"serious", "critical"}]
    details = "\n".join(f"{v['id']} ({v['impact']}): {v['help']} — "
                        f"{[n['target'] for n in v['nodes']][:3]}" for v in bad)
    assert not bad, f"accessibility violations on {page.url}:\n{details}"


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.fixture
def a11y():
    return check_accessibility


@pytest.fixture
def shoot():
    return screenshot
