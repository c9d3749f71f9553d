"""The pay chart: a real PNG drawn from the data file, plus a text summary for every channel."""

from actions.chart import ActionPayChart


def test_chart_image_and_text_summary(chat, tmp_path, monkeypatch):
    monkeypatch.setenv("CHART_DIR", str(tmp_path))
    monkeypatch.setenv("PUBLIC_BASE_URL", "http://localhost:8080")
    texts, messages, _ = chat.run(ActionPayChart(), "show me pay by state", "ask_pay_chart")
    image = messages[0]["image"]
    assert image.startswith("http://localhost:8080/generated/pay-by-state-") and image.endswith(".png")
    png = tmp_path / image.rsplit("/", 1)[1]
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000
    assert texts[0].startswith(
        "Median pay by state, top and bottom 10 (chart). Highest: District of Columbia $64,690, Rhode Island $63,330"
    )
    assert "Lowest: " in texts[0] and "Alabama $38,540" in texts[0] and "National median: $50,250." in texts[0]
