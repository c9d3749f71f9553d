"""``make report``: what visitors asked and where the assistant failed, for a period.

    .venv/bin/python -m analytics.report [--since 2026-11-01] [--until 2026-11-30]
                                         [--events events.db | postgresql://…] [--out reports]

Reads the event broker's events (analytics/events.py) and writes ``summary.json`` (the figures)
and ``index.html`` (one self-contained page with charts: inline CSS and SVG, no script, nothing
fetched) into the output folder. Days are UTC days; the period includes both ends and defaults to
the last 30 days up to today.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from datetime import date, datetime, time, timedelta, timezone
from html import escape
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence

from analytics import charts
from analytics.events import Conversation, EventsError, conversations, read

DEFAULT_DAYS = 30
UNANSWERED_SHOWN = 25
CHART_ROWS = 10
# The replies that mean "I can't answer that": the out-of-scope decline, the fallback (did you
# mean…?, rephrase, the menu) and every "the guide doesn't give/cover …" (domain.yml).
DECLINES = {
    "utter_out_of_scope",
    "utter_did_you_mean",
    "utter_ask_rephrase",
    "utter_default",
    "utter_not_in_guide",
    "utter_not_in_guide_general",
    "utter_certification_unknown",
    "utter_state_figure_not_in_guide",
    "utter_not_by_place",
    "utter_no_data_place",
}
QUIZ_VERDICT = "utter_quiz_verdict_"
INTENT_LABELS = {"out_of_scope": "out of scope", "nlu_fallback": "not understood", "inform_state": "a state named"}


def declined(replies: Sequence[str]) -> bool:
    return any(reply in DECLINES for reply in replies)


def _day(at: float) -> date:
    return datetime.fromtimestamp(at, timezone.utc).date()


def _ranked(counter: Counter) -> List[List[Any]]:
    return [[key, n] for key, n in sorted(counter.items(), key=lambda item: (-item[1], item[0]))]


def summarize(found: List[Conversation], since: date, until: date) -> Dict[str, Any]:
    messages = [message for conversation in found for message in conversation.messages]
    declines = [message for message in messages if declined(message.replies)]
    days = [since + timedelta(days=n) for n in range((until - since).days + 1)]
    per_day = {day: {"date": day.isoformat(), "conversations": 0, "messages": 0, "declined": 0} for day in days}
    for conversation in found:
        per_day[_day(conversation.messages[0].at)]["conversations"] += 1
    for message in messages:
        per_day[_day(message.at)]["messages"] += 1
        per_day[_day(message.at)]["declined"] += declined(message.replies)
    unanswered, spellings = Counter(), {}
    for message in declines:
        key = " ".join(message.text.casefold().split())
        unanswered[key] += 1
        spellings.setdefault(key, Counter())[message.text.strip()] += 1
    return {
        "period": {"since": since.isoformat(), "until": until.isoformat(), "timezone": "UTC"},
        "conversations": len(found),
        "messages": len(messages),
        "declined": len(declines),
        "declined_rate": round(len(declines) / len(messages), 4) if messages else 0.0,
        "by_channel": dict(_ranked(Counter(c.messages[0].channel for c in found))),
        "top_intents": _ranked(Counter(m.intent or "(none)" for m in messages)),
        "top_states": _ranked(Counter(state for m in messages for state in m.states)),
        # grouped case-insensitively, shown as most often typed
        "unanswered": [[spellings[key].most_common(1)[0][0], n] for key, n in _ranked(unanswered)[:UNANSWERED_SHOWN]],
        "quiz": {
            "started": sum(m.started_quiz for m in messages),
            "finished": sum(reply.startswith(QUIZ_VERDICT) for m in messages for reply in m.replies),
        },
        "per_day": list(per_day.values()),
    }


# --- the page --------------------------------------------------------------------------------------

STYLE = """
:root{color-scheme:light;--ink:#1f2937;--muted:#4b5563;--line:#d1d5db;--bar:#1d4ed8;--bad:#b91c1c}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:#f9fafb}
main{max-width:760px;margin:0 auto;padding:16px}
h1{font-size:1.5rem;margin:.5rem 0}h2{font-size:1.15rem;margin:0 0 .5rem}
section{background:#fff;border:1px solid var(--line);border-radius:8px;padding:16px;margin:16px 0}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(140px,1fr));gap:12px;margin:16px 0}
.card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:12px}
.card b{display:block;font-size:1.6rem}.card span{color:var(--muted)}
svg{display:block;width:100%;max-width:480px;height:auto;fill:var(--ink)}
svg .bar{fill:var(--bar)}svg .declined{fill:var(--bad)}
svg .axis{stroke:var(--ink)}svg .grid{stroke:var(--line)}
.note,.empty{color:var(--muted)}
details{margin-top:8px}summary{cursor:pointer;color:var(--bar)}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;margin-top:8px}
th,td{text-align:left;padding:4px 8px;border-bottom:1px solid var(--line);overflow-wrap:anywhere}
td.n,th.n{text-align:right;white-space:nowrap}
"""


def _percent(share: float) -> str:
    return f"{share * 100:.1f} %"


def _table(headers: Sequence[str], rows: Sequence[Sequence[Any]], numeric_from: int = 1) -> str:
    cells = "".join(
        f'<th scope="col"{" class=n" if i >= numeric_from else ""}>{escape(h)}</th>' for i, h in enumerate(headers)
    )
    body = "".join(
        "<tr>"
        + "".join(f"<td{' class=n' if i >= numeric_from else ''}>{escape(str(v))}</td>" for i, v in enumerate(row))
        + "</tr>"
        for row in rows
    )
    return f'<div class="scroll"><table><thead><tr>{cells}</tr></thead><tbody>{body}</tbody></table></div>'


def _chart(title: str, svg: Optional[str], table: str, empty: str) -> str:
    inner = (
        f"{svg}<details><summary>The figures as a table</summary>{table}</details>"
        if svg
        else f'<p class="empty">{escape(empty)}</p>'
    )
    return f"<section><h2>{escape(title)}</h2>{inner}</section>"


def _words(rows: Sequence[Sequence[Any]]) -> str:
    return "; ".join(f"{label}: {value}" for label, value in rows) or "none"


def intent_label(intent: str) -> str:
    return INTENT_LABELS.get(intent) or intent.removeprefix("ask_").replace("_", " ")


def render(summary: Dict[str, Any]) -> str:
    period = summary["period"]
    days = summary["per_day"]
    labels = [datetime.strptime(d["date"], "%Y-%m-%d").strftime("%b %d") for d in days]
    any_message = summary["messages"] > 0

    per_day = [(d["date"], d["conversations"]) for d in days]
    conversations_chart = _chart(
        "Conversations per day",
        charts.columns(
            "Conversations per day",
            f"Conversations started each day, {period['since']} to {period['until']}: "
            + _words([(d, n) for d, n in per_day if n]),
            labels,
            [n for _, n in per_day],
        )
        if any_message
        else None,
        _table(["Day", "Conversations", "Messages"], [(d["date"], d["conversations"], d["messages"]) for d in days]),
        "No conversations in this period.",
    )

    intents = [(intent_label(i), n) for i, n in summary["top_intents"][:CHART_ROWS]]
    intents_chart = _chart(
        "Top questions",
        charts.bars("Top questions", "What visitors asked most, by topic (messages): " + _words(intents), intents)
        if any_message
        else None,
        _table(["Topic", "Intent", "Messages"], [(intent_label(i), i, n) for i, n in summary["top_intents"]], 2),
        "No messages in this period.",
    )

    states = summary["top_states"]
    states_chart = _chart(
        "States asked about",
        charts.bars(
            "States asked about",
            "States visitors asked about (messages): " + _words(states[:CHART_ROWS]),
            states[:CHART_ROWS],
        )
        if states
        else None,
        _table(["State", "Messages"], states),
        "No state was asked about in this period.",
    )

    rates = [d["declined"] / d["messages"] if d["messages"] else None for d in days]
    decline_chart = _chart(
        "Decline rate per day",
        charts.columns(
            "Decline rate per day",
            "Share of each day's messages the assistant declined or could not answer: "
            + _words([(d["date"], _percent(r)) for d, r in zip(days, rates) if r is not None]),
            labels,
            rates,
            fmt=lambda v: f"{v * 100:.0f}%",
            ceiling=1,
            css_class="bar declined",
        )
        if any_message
        else None,
        _table(
            ["Day", "Messages", "Declined", "Rate"],
            [
                (d["date"], d["messages"], d["declined"], _percent(r) if r is not None else "")
                for d, r in zip(days, rates)
            ],
        ),
        "No messages in this period.",
    )

    unanswered = (
        _table(["Message (as stored, personal data removed)", "Times"], summary["unanswered"])
        if summary["unanswered"]
        else '<p class="empty">None in this period.</p>'
    )
    channels = (
        _table(["Channel", "Conversations"], list(summary["by_channel"].items()))
        if summary["by_channel"]
        else '<p class="empty">No conversations in this period.</p>'
    )
    figures = [
        (summary["conversations"], "conversations"),
        (summary["messages"], "messages"),
        (_percent(summary["declined_rate"]), f"declined ({summary['declined']})"),
        (f"{summary['quiz']['finished']} / {summary['quiz']['started']}", "quizzes finished / started"),
    ]
    cards = "".join(
        f'<div class="card"><b>{escape(str(value))}</b><span>{escape(label)}</span></div>' for value, label in figures
    )
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="robots" content="noindex">
<title>Career assistant: conversations {escape(period["since"])} to {escape(period["until"])}</title>
<style>{STYLE}</style>
</head>
<body>
<main>
<h1>What visitors asked</h1>
<p class="note">Medical billing career assistant, {escape(period["since"])} to {escape(period["until"])} (UTC days).
Generated {escape(summary.get("generated", ""))}.</p>
<div class="cards">{cards}</div>
{conversations_chart}
<section><h2>Questions the assistant could not answer</h2>
<p class="note">The messages that got the out-of-scope decline, the fallback ("did you mean…?", "say it another
way") or "the guide doesn't give that", most frequent first (same words in any case counted together).</p>
{unanswered}</section>
{decline_chart}
{intents_chart}
{states_chart}
<section><h2>Channels</h2>{channels}</section>
</main>
</body>
</html>
"""


# --- the command -----------------------------------------------------------------------------------


def _date(value: str, name: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise SystemExit(f"report: {name} must be a date like 2026-11-01 (YYYY-MM-DD), not {value!r}") from None


def main(argv: Optional[Sequence[str]] = None, today: Optional[date] = None) -> int:
    parser = argparse.ArgumentParser(description="Conversation analytics: reports/index.html and summary.json.")
    parser.add_argument("--since", help="first day (YYYY-MM-DD, UTC); default: 30 days up to --until")
    parser.add_argument("--until", help="last day, included (YYYY-MM-DD, UTC); default: today")
    parser.add_argument(
        "--events",
        default=os.environ.get("EVENTS_DB") or "events.db",
        help="the SQLite file or a database URL (postgresql://…); default events.db",
    )
    parser.add_argument("--out", default=os.environ.get("REPORT_DIR") or "reports", help="default reports/")
    args = parser.parse_args(argv)
    until = _date(args.until, "UNTIL") if args.until else (today or datetime.now(timezone.utc).date())
    since = _date(args.since, "SINCE") if args.since else until - timedelta(days=DEFAULT_DAYS - 1)
    if since > until:
        raise SystemExit(f"report: SINCE ({since}) is after UNTIL ({until})")
    start = datetime.combine(since, time.min, timezone.utc).timestamp()
    end = datetime.combine(until + timedelta(days=1), time.min, timezone.utc).timestamp()
    try:
        found = conversations(read(args.events, start, end))
    except EventsError as error:
        raise SystemExit(f"report: {error}") from None
    summary = summarize(found, since, until)
    summary["generated"] = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "summary.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (out / "index.html").write_text(render(summary), encoding="utf-8")
    print(
        f"report: {since} to {until} (UTC): {summary['conversations']} conversation(s), {summary['messages']} "
        f"message(s), {_percent(summary['declined_rate'])} declined -> {out / 'index.html'}, {out / 'summary.json'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
