"""The website and its chat widget in a real browser (Debian's chromium, driven by Playwright).

The servers are the real ones `make run` starts (honcho + Procfile: actions, Rasa, web) on free
ports. Every page is opened in a fresh browser context (so a fresh visitor and chat session) whose
requests are all checked: anything not for localhost/127.0.0.1 is blocked and fails the test.
Screenshots of the desktop and phone views go to artifacts/ (not committed).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator, List
from urllib.parse import urlsplit

import pytest
import requests

from tests.servers import ROOT, Servers

pytestmark = [pytest.mark.servers, pytest.mark.browser]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = ROOT / "artifacts"
GUIDE = ROOT.parent / "shared" / "source" / "medical-billing-specialist-guide.txt"
LOCAL_HOSTS = {"localhost", "127.0.0.1"}
ANSWER_TIMEOUT_MS = 30_000  # a bot answer over the socket; the first one also warms up the servers


@pytest.fixture
def site(servers) -> Servers:
    """The session's servers (conftest): the page is served by the Procfile's web process."""
    return servers


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} not found: `make chromium` installs Debian's chromium (never `playwright install`)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Visitor:
    """One browser context (a fresh visitor) that lets only local requests through."""

    def __init__(self, browser, site: Servers, **context_args):
        self.site = site
        self.outside: List[str] = []  # requests that would have left localhost (blocked)
        self.requested: List[str] = []
        self.context = browser.new_context(**context_args)
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("websocket", lambda ws: self._check(ws.url))
        self.page.set_default_timeout(15_000)

    def _check(self, url: str) -> bool:
        self.requested.append(url)
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob") or parts.hostname in LOCAL_HOSTS:
            return True
        self.outside.append(url)
        return False

    def _route(self, route) -> None:
        if self._check(route.request.url):
            route.continue_()
        else:
            route.abort("blockedbyclient")

    # The page and the widget
    def open(self) -> None:
        self.page.goto(self.site.web_url + "/")
        self.page.wait_for_function("window.WebChat !== undefined")

    def open_chat(self) -> None:
        launcher = self.page.locator(".rw-launcher")
        launcher.wait_for(state="visible")
        if not self.page.locator(".rw-conversation-container").is_visible():
            launcher.click()
        self.page.locator(".rw-new-message").wait_for(state="visible")

    def say(self, text: str) -> None:
        clients = self.page.locator(".rw-client")
        before = clients.count()
        box = self.page.locator(".rw-new-message")
        box.fill(text)
        box.press("Enter")
        clients.nth(before).wait_for(state="visible")

    def answer(self, containing: str):
        """The bot's message bubble containing ``containing`` (waits for it)."""
        bubble = self.page.locator(".rw-response", has_text=containing).last
        bubble.wait_for(state="visible", timeout=ANSWER_TIMEOUT_MS)
        return bubble

    def wait_for_answers(self, count: int) -> None:
        self.page.wait_for_function(
            f"document.querySelectorAll('.rw-response').length >= {count}", timeout=ANSWER_TIMEOUT_MS
        )

    def screenshot(self, name: str) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / name))


@pytest.fixture
def visitor(browser, site) -> Iterator[Visitor]:
    v = Visitor(browser, site, viewport={"width": 1280, "height": 900})
    yield v
    v.context.close()
    assert v.outside == [], f"the page tried to load from outside localhost: {v.outside}"


@pytest.fixture
def phone(browser, site) -> Iterator[Visitor]:
    v = Visitor(
        browser, site, viewport={"width": 390, "height": 844}, device_scale_factor=3, is_mobile=True, has_touch=True
    )
    yield v
    v.context.close()
    assert v.outside == [], f"the page tried to load from outside localhost: {v.outside}"


# --- the page --------------------------------------------------------------------------------------


def test_the_page_presents_the_guide_and_its_tables(site):
    page = requests.get(site.web_url + "/", timeout=10).text
    assert "<h1>How to Become a Medical Billing Specialist</h1>" in page
    for heading in (
        "Why Medical Billing Specialists Matter",
        "Your Career Roadmap",
        "Where Medical Billing Specialists Work",
        "What It Costs to Train",
        "Skills for Success",
        "Future Job Outlook and Salary Range",
        "Is a Medical Billing Career Right for You?",
        "Pros &amp; Challenges",
        "Medical Billing Specialist Salary by State",
    ):
        assert heading in page, heading
    guide = GUIDE.read_text(encoding="utf-8")
    table = guide.split("State Median annual Top 10% annual")[1]
    rows = re.findall(r"^([^\d\n]+?) (\$[\d,]+) (\$[\d,]+)$", table, re.M)
    assert len(rows) == 51
    for state, median, top in rows:  # the page's table is the guide's, row for row
        assert f'<tr><th scope="row">{state}</th><td>{median}</td><td>{top}</td></tr>' in page, state
    assert "<td>$3,000 – $6,000</td><td>6 – 12 months</td>" in page
    assert "<td>$8,000 – $15,000</td><td>2 years</td>" in page


def test_the_widget_is_pointed_at_the_rasa_server_and_only_the_site_is_served(site):
    config = requests.get(site.web_url + "/config.js", timeout=10).text
    assert f'socketUrl: "http://localhost:{site.rasa_port}"' in config
    assert requests.get(site.web_url + "/vendor/rasa-webchat.js", timeout=10).ok
    assert requests.get(site.web_url + "/serve.py", timeout=10).status_code == 404


def test_only_the_configured_origin_may_use_the_socket(site):
    poll = f"{site.url}/socket.io/?EIO=4&transport=polling"
    allowed = requests.get(poll, headers={"Origin": site.web_url}, timeout=10)
    assert allowed.ok and allowed.headers.get("Access-Control-Allow-Origin") == site.web_url
    other = requests.get(poll, headers={"Origin": "http://evil.example"}, timeout=10)
    assert "Access-Control-Allow-Origin" not in other.headers


def test_the_outside_request_guard_works(visitor):
    visitor.open()
    blocked = visitor.page.evaluate("fetch('https://example.com/x.css').then(() => 'loaded', () => 'blocked')")
    assert blocked == "blocked" and visitor.outside == ["https://example.com/x.css"]
    visitor.outside.clear()


# --- the chat ---------------------------------------------------------------------------------------


def test_greeting_with_buttons_and_a_button_answers(visitor):
    visitor.open()
    assert visitor.page.locator("h1").inner_text() == "How to Become a Medical Billing Specialist"
    visitor.screenshot("web-desktop.png")
    visitor.open_chat()
    visitor.answer("I'm the medical billing career assistant")
    replies = visitor.page.locator(".rw-replies .rw-reply")
    replies.first.wait_for(state="visible")
    titles = [t.strip() for t in replies.all_inner_texts()]
    assert {"The steps", "Certifications", "Salary", "Pay in my state"} <= set(titles), titles
    replies.filter(has_text=re.compile(r"^\s*Salary\s*$")).click()
    visitor.page.locator(".rw-client", has_text="Salary").wait_for(state="visible")
    answer = visitor.answer("$50,250")
    assert "median" in answer.inner_text()
    visitor.screenshot("web-desktop-chat.png")


def test_state_pay_question(visitor):
    visitor.open()
    visitor.open_chat()
    visitor.answer("I'm the medical billing career assistant")
    visitor.say("how much do billers make in california")
    text = visitor.answer("$59,700").inner_text()
    assert "California" in text


def test_the_pay_chart_shows_as_an_image(visitor):
    visitor.open()
    visitor.open_chat()
    visitor.answer("I'm the medical billing career assistant")
    visitor.say("show me pay by state")
    visitor.answer("Median pay by state, top and bottom 10")
    image = visitor.page.locator(".rw-image-frame, .rw-conversation-container img").last
    image.wait_for(state="visible", timeout=ANSWER_TIMEOUT_MS)
    visitor.page.wait_for_function(
        "() => [...document.querySelectorAll('.rw-conversation-container img')]"
        ".some(i => i.src.includes('/generated/pay-by-state-') && i.complete && i.naturalWidth > 400)",
        timeout=ANSWER_TIMEOUT_MS,
    )
    visitor.screenshot("web-desktop-chart.png")


def test_long_answers_keep_their_lines(visitor):
    visitor.open()
    visitor.open_chat()
    visitor.answer("I'm the medical billing career assistant")
    visitor.page.locator(".rw-replies .rw-reply", has_text="Is it right for me?").click()
    bubble = visitor.answer("great fit if you")
    # "\n" and "•" lines are displayed as separate lines, not run together into one paragraph.
    lines = [line for line in bubble.inner_text().splitlines() if line.strip()]
    assert sum(line.lstrip().startswith("•") for line in lines) >= 4, lines
    assert bubble.evaluate("e => getComputedStyle(e.querySelector('.rw-markdown p')).whiteSpace") == "pre-line"


def test_a_reload_keeps_the_conversation_and_its_context(visitor):
    visitor.open()
    visitor.open_chat()
    visitor.answer("I'm the medical billing career assistant")
    visitor.say("what would i make in my state")
    visitor.answer("Which state")
    visitor.say("ohio")
    visitor.answer("$51,420")
    shown = visitor.page.locator(".rw-message").count()

    visitor.page.reload()
    visitor.page.wait_for_function("window.WebChat !== undefined")
    visitor.open_chat()
    visitor.answer("$51,420")  # the conversation is still there ...
    visitor.page.locator(".rw-client", has_text="ohio").wait_for(state="visible")
    assert visitor.page.locator(".rw-message").count() == shown
    assert visitor.page.locator(".rw-response", has_text="I'm the medical billing career assistant").count() == 1

    answers = visitor.page.locator(".rw-response").count()  # counted before asking: a quick answer is not missed
    visitor.say("what about my state")  # ... and so is its context on the server: the state slot
    visitor.wait_for_answers(answers + 1)
    latest = visitor.page.locator(".rw-response").last
    latest.filter(has_text="$51,420").wait_for(state="visible", timeout=ANSWER_TIMEOUT_MS)
    assert "Ohio" in latest.inner_text()


def test_delete_conversation_in_the_widget_forgets_it_on_the_server_and_in_the_browser(visitor):
    import sqlite3

    visitor.open()
    visitor.open_chat()
    visitor.answer("I'm the medical billing career assistant")
    visitor.say("how much do billers make in ohio")
    visitor.answer("$51,420")
    session = visitor.page.evaluate("JSON.parse(localStorage.getItem('chat_session')).session_id")
    with sqlite3.connect(visitor.site.db) as db:
        assert db.execute("SELECT COUNT(*) FROM events WHERE sender_id = ?", (session,)).fetchone()[0] > 5

    visitor.page.locator(".rw-forget").click()
    visitor.answer("Delete this whole conversation?")
    visitor.page.locator(".rw-replies .rw-reply", has_text="Yes, delete it").click()
    visitor.answer("Done: this conversation has been deleted")
    with sqlite3.connect(visitor.site.db) as db:
        assert db.execute("SELECT COUNT(*) FROM events WHERE sender_id = ?", (session,)).fetchone()[0] == 0
    assert visitor.page.evaluate("localStorage.getItem('chat_session')") is None

    visitor.page.reload()  # a fresh conversation: nothing of the old one is shown
    visitor.page.wait_for_function("window.WebChat !== undefined")
    visitor.open_chat()
    visitor.answer("I'm the medical billing career assistant")
    assert visitor.page.locator(".rw-client").count() == 0
    assert visitor.page.locator(".rw-response", has_text="$51,420").count() == 0


XSS = ['<img src=x onerror="window.__xss=1">', "<script>window.__xss=2</script>"]


def test_visitors_text_is_never_html(visitor):
    visitor.open()
    visitor.open_chat()
    visitor.answer("I'm the medical billing career assistant")
    for n, attack in enumerate(XSS):
        answers = visitor.page.locator(".rw-response").count()
        visitor.say(attack)
        visitor.wait_for_answers(answers + 1)  # the round trip is complete; the bot may answer anything
        assert visitor.page.locator(".rw-client").nth(n).inner_text().strip() == attack
    messages = visitor.page.locator(".rw-messages-container")
    assert messages.locator("img[src='x'], script").count() == 0
    visitor.page.wait_for_timeout(500)  # an onerror handler would have fired by now
    assert visitor.page.evaluate("typeof window.__xss") == "undefined"


def test_a_phone_visitor_can_read_and_chat(phone):
    phone.open()
    assert phone.page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    phone.screenshot("web-phone.png")
    phone.open_chat()
    phone.answer("I'm the medical billing career assistant")
    box = phone.page.locator(".rw-conversation-container").bounding_box()
    assert box and box["width"] >= 380, box  # the open chat fills the phone's screen
    phone.say("how much do billers make in california")
    phone.answer("$59,700")
    sender = phone.page.locator(".rw-new-message").bounding_box()
    assert sender and sender["y"] + sender["height"] <= 844  # the input stays on screen
    phone.screenshot("web-phone-chat.png")
