"""Shared test set-up: real headless Chromium for browser tests, and "a skip is a failure" in CI.

Browser tests use pytest-django's ``live_server`` for the app and one of the fixtures below::

    @pytest.mark.browser
    def test_home(page, live_server):
        page.goto(live_server.url + "/")

Model factories live in ``tests/factories.py``, not here.
"""

import os
from pathlib import Path

import pytest

# Playwright's sync API keeps an event loop running in this thread, which trips Django's
# async-unsafe guard on every ORM call made by the test (or by live_server fixtures) meanwhile.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


# Debian's own Chromium: `playwright install` would download a browser, and CI has no internet.
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",  # CI runs as root, where Chromium's sandbox refuses to start
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
BROWSER_FIXTURES = {"chromium_browser", "page", "phone_page"}
PHONE_USER_AGENT = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/156.0.0.0 Mobile Safari/537.36"
)
# Playwright's default, stated: a loaded 2-core CI machine needs it (10 s proved flaky).
DEFAULT_TIMEOUT_MS = 30_000


def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    pytest.fail(f"Chromium required: {CHROMIUM} not found (install it with `sudo apt-get install chromium`)",
                pytrace=False)


@pytest.fixture(scope="session")
def chromium_browser():
    """One headless Chromium for the whole session (Playwright sync API)."""
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _new_page(browser, **context_options):
    """A page in a fresh context that records every Content-Security-Policy violation Chromium reports (the
    console says "Refused to ... Content Security Policy"); the fixtures fail the test if there was one."""
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", **context_options)
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    context.csp_violations = []
    context.on("console", lambda message: "Content Security Policy" in message.text
               and context.csp_violations.append(message.text))
    return context, context.new_page()


def _close(context) -> None:
    violations = list(context.csp_violations)
    context.close()
    if violations:
        pytest.fail("Content-Security-Policy violations:\n" + "\n".join(violations), pytrace=False)


@pytest.fixture
def page(chromium_browser):
    """A desktop page (1280×900, zh-CN) in a fresh browser context: no cookies shared between tests."""
    context, new_page = _new_page(chromium_browser, viewport={"width": 1280, "height": 900})
    yield new_page
    _close(context)


@pytest.fixture
def phone_page(chromium_browser):
    """A phone page (390×844, touch, mobile user agent), as a rater holds it at a stop."""
    context, new_page = _new_page(
        chromium_browser,
        viewport={"width": 390, "height": 844},
        device_scale_factor=3,
        is_mobile=True,
        has_touch=True,
        user_agent=PHONE_USER_AGENT,
    )
    yield new_page
    _close(context)


def log_in(page, base_url: str, username: str) -> None:
    """Sign in through the login form and wait for the redirect, so the next ``goto`` carries the session.

    Clicking the button without waiting races the next navigation: the page may then open signed out.
    """
    from tests.factories import PASSWORD

    page.context.clear_cookies()
    page.goto(base_url + "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("form.edit button[type=submit]")
    assert "/login/" not in page.url, f"login as {username} failed"


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing():
    """PBKDF2 costs ~0.5 s per password by design; tests create hundreds of users."""
    from django.test.utils import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the site's language (Chinese), as a new process or request does.

    The test client's requests activate the page language in this thread and leave it active: without this, a
    test after an English page would get English messages from a command or a service.
    """
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


def pytest_collection_modifyitems(items):
    # A test that uses a browser fixture is a browser test, marked or not (`-m "not browser"` works).
    for item in items:
        if BROWSER_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)


# --- A skipped test is a failure, in every run: a missing PostgreSQL, Chromium or font must not pass silently.

_skipped: list[tuple[str, str]] = []


def _record_skip(report) -> None:
    if report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        _skipped.append((report.nodeid, reason))


def pytest_runtest_logreport(report):
    _record_skip(report)


def pytest_collectreport(report):
    _record_skip(report)


def pytest_sessionfinish(session, exitstatus):
    if _skipped and exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter):
    if _skipped:
        terminalreporter.section("skipped tests fail the run", red=True, bold=True)
        for nodeid, reason in _skipped:
            terminalreporter.line(f"SKIPPED {nodeid}: {reason}", red=True)
