"""The website and its chat widget for people using a keyboard or a screen reader (WCAG 2.2 AA), in
Debian's chromium: axe-core (tests/vendor/axe-core, from the npm registry, integrity checked by its
update.sh) finds nothing in four states, a conversation works with the keyboard alone, the message
list is a live region that gets each bot message once, controls are at least 24 x 24 px, motion
stops under prefers-reduced-motion, and the page and widget reflow at 200 % zoom and 320 px wide."""

from __future__ import annotations

from pathlib import Path
from typing import Dict, List

import pytest

from tests.test_web import ANSWER_TIMEOUT_MS, Visitor, browser, site  # noqa: F401 - fixtures

pytestmark = [pytest.mark.servers, pytest.mark.browser]

AXE = (Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
CERTIFICATIONS = "which certifications are there"


def violations(visitor: Visitor) -> List[Dict]:
    page = visitor.page
    # colours are checked at rest, not halfway through the widget's opening animation
    page.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE)
    return page.evaluate(
        """async (tags) => {
        const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
        return result.violations.map(v => ({id: v.id, impact: v.impact,
                                           nodes: v.nodes.map(n => n.target.join(' '))}));
    }""",
        WCAG_AA,
    )


@pytest.fixture
def visitor(browser, site):  # noqa: F811
    v = Visitor(browser, site, viewport={"width": 1280, "height": 900})
    yield v
    v.context.close()
    assert v.outside == [], v.outside


def test_axe_finds_no_violation_closed_open_with_buttons_and_with_the_chart(visitor):
    visitor.open()
    visitor.page.locator(".rw-launcher").wait_for(state="visible")
    assert violations(visitor) == [], "widget closed"
    visitor.open_chat()
    visitor.wait_for_answers(1)
    assert violations(visitor) == [], "widget open, greeting"
    visitor.say(CERTIFICATIONS)
    visitor.page.locator(".rw-replies .rw-reply", has_text="CMRS").wait_for(timeout=ANSWER_TIMEOUT_MS)
    assert violations(visitor) == [], "after a question with buttons"
    visitor.say("show me pay by state")
    image = visitor.page.locator(".rw-image-frame").last
    image.wait_for(timeout=ANSWER_TIMEOUT_MS)
    assert violations(visitor) == [], "after the chart"
    alt = image.get_attribute("alt")
    assert alt.startswith("Chart. Median pay by state") and "National median: $50,250" in alt  # its summary


def focused(visitor: Visitor) -> Dict:
    """What has the focus, and whether a focus outline shows."""
    return visitor.page.evaluate("""() => {
        const e = document.activeElement, style = getComputedStyle(e);
        return {cls: e.className || '', tag: e.tagName, role: e.getAttribute('role'), text: e.textContent.trim(),
                outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2};
    }""")


def tab_to(visitor: Visitor, wanted: str, limit: int = 60) -> Dict:
    for _ in range(limit):
        visitor.page.keyboard.press("Tab")
        now = focused(visitor)
        if wanted in now["cls"]:
            return now
    raise AssertionError(f"Tab never reached .{wanted}")


def test_a_keyboard_only_conversation(visitor):
    visitor.open()
    page = visitor.page
    page.evaluate("""() => { window.pointerEvents = 0;
        for (const kind of ['mousedown', 'pointerdown', 'mouseup']) {
            document.addEventListener(kind, () => window.pointerEvents++, true); } }""")
    launcher = tab_to(visitor, "rw-launcher")
    assert launcher["outline"], "the focus on the launcher is visible"
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement.classList.contains('rw-new-message')")
    assert focused(visitor)["outline"]
    visitor.wait_for_answers(1)
    page.keyboard.type(CERTIFICATIONS)
    page.keyboard.press("Enter")
    page.locator(".rw-replies .rw-reply", has_text="CMRS").wait_for(timeout=ANSWER_TIMEOUT_MS)
    reply = tab_to(visitor, "rw-reply", limit=20)
    assert reply["role"] == "button" and reply["outline"]
    while reply["text"] != "CMRS":
        reply = tab_to(visitor, "rw-reply", limit=5)
    page.keyboard.press("Enter")
    visitor.answer("Certified Medical Reimbursement Specialist")
    page.keyboard.press("Escape")
    page.locator(".rw-conversation-container").wait_for(state="detached")
    page.wait_for_function("document.activeElement.classList.contains('rw-launcher')")
    assert focused(visitor)["outline"]
    assert page.evaluate("window.pointerEvents") == 0, "no mouse or pointer event at all"


def test_the_message_list_is_a_live_region_that_gets_each_bot_message_once(visitor):
    visitor.open()
    visitor.open_chat()
    page = visitor.page
    log = page.locator("[role=log]")
    assert log.count() == 1 and log.get_attribute("aria-live") == "polite"
    assert log.get_attribute("aria-label") == "Conversation with the career assistant"
    visitor.wait_for_answers(1)
    visitor.say("how much do billers make in ohio")
    visitor.answer("In Ohio")
    page.wait_for_timeout(1000)  # any late re-render would show as a duplicate
    texts = log.locator(".rw-response .rw-message-text").all_inner_texts()
    assert len(texts) == len(set(texts)) == 2, texts
    # the typing indicator speaks
    visitor.say("what does a biller do")
    typing = page.locator(".rw-typing-indication .rw-visually-hidden")
    assert typing.first.inner_text() == "The assistant is typing"


def test_controls_are_at_least_24_pixels_and_motion_stops_when_asked(browser, site):  # noqa: F811
    calm = Visitor(browser, site, viewport={"width": 1280, "height": 900}, reduced_motion="reduce")
    try:
        calm.open()
        calm.open_chat()
        calm.wait_for_answers(1)
        calm.page.locator(".rw-replies .rw-reply").first.wait_for()
        for selector in (".rw-launcher", ".rw-send", ".rw-close-button", ".rw-replies .rw-reply"):
            for box in [e.bounding_box() for e in calm.page.locator(selector).all() if e.is_visible()]:
                assert box["width"] >= 24 and box["height"] >= 24, (selector, box)
        moving = calm.page.evaluate("""() => [...document.querySelectorAll('.rw-widget-container *, .rw-launcher')]
            .filter(e => getComputedStyle(e).animationName !== 'none').length""")
        assert moving == 0
    finally:
        calm.context.close()
    assert calm.outside == []


@pytest.mark.parametrize(
    "width,height,mobile",
    [
        (640, 450, False),  # WCAG 1.4.4: a 1280 x 900 screen at 200 % zoom
        (320, 568, True),  # WCAG 1.4.10: reflow at 320 CSS pixels
        (195, 422, True),  # a 390 x 844 phone at 200 % zoom
    ],
)
def test_zoomed_and_narrow_the_widget_still_works(browser, site, width, height, mobile):  # noqa: F811
    small = Visitor(
        browser,
        site,
        viewport={"width": width, "height": height},
        device_scale_factor=2,
        is_mobile=mobile,
        has_touch=mobile,
    )
    try:
        small.open()
        assert small.page.evaluate("document.documentElement.scrollWidth") <= width, "the page reflows"
        launcher = small.page.locator(".rw-launcher").bounding_box()
        assert launcher["x"] + launcher["width"] <= width and launcher["y"] + launcher["height"] <= height
        small.open_chat()
        small.wait_for_answers(1)
        small.say("salary in texas")
        small.answer("In Texas")
        for selector in (".rw-new-message", ".rw-send", ".rw-close-button"):
            box = small.page.locator(selector).bounding_box()
            assert box and box["y"] >= 0 and box["y"] + box["height"] <= height and box["x"] + box["width"] <= width, (
                selector,
                box,
            )
        scroll_width = small.page.evaluate("document.querySelector('.rw-conversation-container').scrollWidth")
        assert scroll_width <= width, "no sideways scrolling in the chat"
    finally:
        small.context.close()
    assert small.outside == []
