"""'Show me pay by state': a bar chart drawn from the data file, served by the website.

The PNG is drawn once per data file (named by its content hash) into $CHART_DIR (default
web/generated/, which `make run` serves at $PUBLIC_BASE_URL/generated/). Matplotlib is imported
only here and only when a chart is first asked for, so the action server starts lean.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from actions.base import TopicAction
from actions.career import DEFAULT_PATH, ranked, source
from actions.formatting import money, source_line

CHART_SIDE = 10  # states shown at each end


def chart_dir() -> Path:
    return Path(os.environ.get("CHART_DIR", DEFAULT_PATH.parents[2] / "web" / "generated"))


def public_base_url() -> str:
    return os.environ.get("PUBLIC_BASE_URL", "http://localhost:8080").rstrip("/")


def draw_pay_chart(data) -> Path:
    rows = ranked("median")
    shown = rows[:CHART_SIDE] + rows[-CHART_SIDE:]
    digest = hashlib.sha256(repr([(p.state, p.median_annual) for p in rows]).encode()).hexdigest()[:12]
    path = chart_dir() / f"pay-by-state-{digest}.png"
    if path.exists():
        return path
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    national = data.pay.national.median_annual
    fig, ax = plt.subplots(figsize=(8, 7), dpi=100)
    colors = ["#1f6f8b"] * CHART_SIDE + ["#b5651d"] * CHART_SIDE
    ax.barh([p.state for p in shown][::-1], [p.median_annual for p in shown][::-1], color=colors[::-1])
    ax.axvline(national, color="#222", linestyle="--", linewidth=1.2)
    ax.text(national, len(shown) - 0.4, f" national median {money(national)}", fontsize=9, va="bottom")
    ax.set_xlabel("Median annual pay (USD)")
    ax.set_title(f"Medical billing specialists: top and bottom {CHART_SIDE} by median pay")
    ax.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: money(v)))
    src = source(data.pay.by_state.source)
    fig.text(0.01, 0.01, f"Source: {src.short}, {src.date}", fontsize=8)
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp.png")
    fig.savefig(tmp, metadata={"Software": None})
    plt.close(fig)
    tmp.replace(path)
    return path


class ActionPayChart(TopicAction):
    action_name = "action_pay_chart"
    gives_figures = True
    topic = "ranking"

    def answer(self, dispatcher, tracker, data):
        rows = ranked("median")
        image = f"{public_base_url()}/generated/{draw_pay_chart(data).name}"
        top = ", ".join(f"{p.state} {money(p.median_annual)}" for p in rows[:5])
        bottom = ", ".join(f"{p.state} {money(p.median_annual)}" for p in rows[-5:])
        dispatcher.utter_message(
            response="utter_pay_chart",
            top=top,
            bottom=bottom,
            national=money(data.pay.national.median_annual),
            source=source_line(source(data.pay.by_state.source)),
            image=image,
        )
        return []
