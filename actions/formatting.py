"""How figures, lists and sources are written. Every action formats through these helpers."""

from __future__ import annotations

from typing import Dict, Iterable, List

from actions.career import Range, Source, source

# The source of the answers that come from the guide's text (the steps, training, certifications…).
GUIDE = "guide"


def money(amount: float) -> str:
    """$50,250 for whole dollars, $24.16 for cents."""
    return f"${amount:,.0f}" if float(amount).is_integer() else f"${amount:,.2f}"


def money_range(r: Range) -> str:
    return f"{money(r.min)} – {money(r.max)}"


def duration(r: Range) -> str:
    unit = r.unit or "months"
    return f"{r.min} {unit}" if r.min == r.max else f"{r.min}–{r.max} {unit}"


def percent(value: float) -> str:
    return f"{value:g}%"


def count(value: int) -> str:
    return f"{value:,}"


def source_line(src: Source) -> str:
    return f"Source: {src.name} ({src.date})."


def guide_source() -> str:
    return source_line(source(GUIDE))


def bullets(items: Iterable[str]) -> str:
    return "\n".join(f"• {item}" for item in items)


def button(title: str, payload: str) -> Dict[str, str]:
    return {"title": title, "payload": payload}


def buttons(*pairs: tuple) -> List[Dict[str, str]]:
    return [button(title, payload) for title, payload in pairs]


def join_names(names: List[str], conj: str = "and") -> str:
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {conj} {names[-1]}"
