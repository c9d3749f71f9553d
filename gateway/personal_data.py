"""Finding personal data in a message: precise enough that the job's own words ("insurance
claims", "patient billing", "medicare billing", "group plans") and its numbers ($47,230, CPT 99213,
ZIP 30301, "May 2024") are never touched, while an identifier in any common format is.

Each kind is a candidate pattern plus a check of what can be checked: the Luhn checksum for card
numbers, the Social Security Administration's area/group/serial rules, a real calendar date for a
date of birth, a digit in every member/insurance ID. Where a format is ambiguous on its own (nine
bare digits, a date, a short ID) a cue word before it ("ssn", "dob", "member id") decides.
Why not Microsoft Presidio: README, "Safety".
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Callable, List, Tuple

REDACTED = "[removed]"


@dataclass(frozen=True)
class Finding:
    kind: str
    start: int
    end: int


_CARD_CUE = re.compile(r"\b(?:card|visa|master\s?card|amex|american express|discover|cc|credit|debit)\b", re.I)
_SSN_CUE = re.compile(r"\b(?:ssn|ss ?#|ss (?:no|num|number)|soc|so\w*\s*sec\w*|social)(?!\w)", re.I)
_PHONE_CUE = re.compile(r"\b(?:phone|cell|mobile|landline|tel|telephone|whatsapp|call|text|fax|number)\b", re.I)
# "dob", "born", "b-day" and "birthday" with the typos people make ("birthdday", "biryh", "brith")
_DOB_CUE = re.compile(r"\b(?:dob|d\.o\.b\.?|born|b-?day|b\w?i?r\w?[th]\w*|date of b\w+)(?!\w)", re.I)

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_DIGIT_GROUPS = re.compile(r"(?<![\d-])\d+(?:[ -]\d+)*(?![\d-])")
_SSN = re.compile(r"(?<![\d-])(\d{3})([- .]?)(\d{2})\2(\d{4})(?![\d-])")
_PHONE = re.compile(
    r"(?<![\w$+])(?:(?:\+|00)?1[ .-]?)?(?:\(\s*[2-9]\d{2}\s*\)|[2-9]\d{2})[ .-]?[2-9]\d{2}[ .-]?\d{4}"
    r"(?:\s*(?:ext\.?|x|extension)\s*\d{1,5})?(?!\d)",
    re.I,
)
_PHONE_INTERNATIONAL = re.compile(r"(?<![\w$])\+(?:[2-9]\d{0,2})(?:[ .-]?\(?\d{1,4}\)?){2,5}\d(?!\d)")
# A national number in another format after a phone word ("my mobile is 020 7946 0179").
_PHONE_LOCAL = re.compile(r"(?<![\w$])\(?0\d{1,4}\)?(?:[ .-]?\d{2,4}){2,4}(?!\d)")
_MONTHS = (
    "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    "sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_DATE_NUMERIC = re.compile(r"(?<![\d/-])(?<!\d\.)(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?![\d/-]|\.\d)")
_DATE_ISO = re.compile(r"(?<![\d/-])(?<!\d\.)(\d{4})([/.-])(\d{1,2})\2(\d{1,2})(?![\d/-]|\.\d)")
_DATE_COMPACT = re.compile(r"(?<![\d/.-])(\d{2})(\d{2})(\d{4})(?![\d/-]|\.\d)")  # 03141988, after a cue
_DATE_MONTH_FIRST = re.compile(rf"\b({_MONTHS})\.? (\d{{1,2}})(?:st|nd|rd|th)?,? (\d{{4}})\b", re.I)
_DATE_DAY_FIRST = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)? (?:of )?({_MONTHS})\.?,? (\d{{4}})\b", re.I)
_NUMBER_WORD = r"(?:id|#|no\.?|n[a-z]{1,5}r|num|is|was|card|record|rec)(?!\w)"  # "nmuber" too
# An ID is chunks with digits ("814", "t760-491-620"), spaces between them, and maybe a first chunk
# of capitals ("ZLM 814 771 986"); checked for enough digits in ``_member_ids``.
_CHUNK = r"(?=[A-Za-z-]*\d)[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9]))*"
_ID = r"(?:(?-i:[A-Z]{1,4}) )?" + _CHUNK + r"(?: " + _CHUNK + r"){0,3}"
# An identifier after a word that names one: "member id W123", "policy # 88-2231-A", "MRN 00482913",
# "kp record # 5281687", "group 4471". After a bare "id" or "claim" it needs six characters
# ("student id 80412" and "claim number 10001" stay).
_ID_CUE = re.compile(
    r"\b(?:member|insurance|policy|subscriber|medicare|medicaid|mbi|group|patient|mrn|medical record|chart|"
    r"account|acct|beneficiary|benefits|dbn|record|kp|tricare|bcbs|plan|grp)(?!\w)\s*(?:"
    + _NUMBER_WORD
    + r"\s*){0,3}[:#=]?\s*(?P<id>"
    + _ID
    + r")(?![\w-])"
    r"|\b(?:id|claim|identification)(?!\w)\s*(?:" + _NUMBER_WORD + r"\s*){0,3}[:#=]?\s*(?P<id2>" + _ID + r")(?![\w-])",
    re.I,
)
_YEAR = re.compile(r"(?:19|20)\d\d")
# Medicare's MBI: 11 characters, digits and letters in fixed positions (CMS's published format).
_MBI = re.compile(
    r"\b[1-9][AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9]\d-?[AC-HJKMNP-RT-Y][AC-HJKMNP-RT-Y0-9]\d-?"
    r"[AC-HJKMNP-RT-Y]{2}\d{2}\b",
    re.I,
)
# A bare identifier: letters and at least five digits in one token of 7+ characters, like
# "W123456789" or "VV28261L" (not "CMS-1500", "J3490", "E11.9", "covid19").
_BARE_ID = re.compile(r"\b(?!0x)(?=(?:[A-Z-]*\d){5})(?=[0-9-]*[A-Z])[A-Z0-9](?:[A-Z0-9]|-(?=[A-Z0-9])){6,19}\b", re.I)

_MONTH_NUMBER = {
    name[:3]: number
    for number, name in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1
    )
}


def luhn_valid(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def ssn_valid(area: str, group: str, serial: str) -> bool:
    """The SSA never issues area 000, 666 or 900-999, group 00 or serial 0000."""
    return area not in ("000", "666") and area[0] != "9" and group != "00" and serial != "0000"


def _real_date(year: int, month: int, day: int) -> bool:
    if year < 100:
        year += 1900 if year > dt.date.today().year % 100 else 2000
    try:
        date = dt.date(year, month, day)
    except ValueError:
        return False
    return 1900 <= date.year and date <= dt.date.today()


def _cued(text: str, start: int, cue: re.Pattern, window: int = 30) -> bool:
    return bool(cue.search(text[max(0, start - window) : start]))


def _cards(text: str) -> List[Finding]:
    """13 to 19 digits in groups ("4111 1111 1111 1111", "3782-822463-10005") passing the Luhn
    check, or after a card word; the groups after a card number ("… 04/28") are not part of it."""
    found = []
    for run in _DIGIT_GROUPS.finditer(text):
        groups = list(re.finditer(r"\d+", run.group()))
        cued = _cued(text, run.start(), _CARD_CUE)
        best = None
        for i in range(len(groups)):
            for j in range(len(groups), i, -1):
                digits = "".join(g.group() for g in groups[i:j])
                if 13 <= len(digits) <= 19 and (luhn_valid(digits) or cued):
                    best = (groups[i].start(), groups[j - 1].end())
                    break
            if best:
                break
        if best:
            found.append(Finding("card number", run.start() + best[0], run.start() + best[1]))
    return found


def _ssns(text: str) -> List[Finding]:
    found = []
    for match in _SSN.finditer(text):
        area, separator, group, serial = match.groups()
        cued = _cued(text, match.start(), _SSN_CUE, 60)
        # nine bare digits are an SSN only after a cue; with separators the SSA rules decide
        if cued or (separator and ssn_valid(area, group, serial)):
            found.append(Finding("social security number", match.start(), match.end()))
    return found


def _phones(text: str) -> List[Finding]:
    found = [Finding("phone number", m.start(), m.end()) for m in _PHONE.finditer(text)]
    for match in _PHONE_LOCAL.finditer(text):
        if len(re.sub(r"\D", "", match.group())) >= 9 and _cued(text, match.start(), _PHONE_CUE, 25):
            found.append(Finding("phone number", match.start(), match.end()))
    for match in _PHONE_INTERNATIONAL.finditer(text):
        if len(re.sub(r"\D", "", match.group())) >= 8:
            found.append(Finding("phone number", match.start(), match.end()))
    return found


def _dates_of_birth(text: str) -> List[Finding]:
    """A real past date with a year. Written out ("July 4, 1976") it needs a cue word ("dob",
    "born") before it; in digits, as forms and records write it, a year at least 14 years ago is
    enough: "deadline 12/01/2026" and "the exam is on 3/14" are not birth dates."""
    found = []

    def add(match: re.Match, year: int, month: int, day: int) -> None:
        if not _real_date(year, month, day):
            return
        full_year = year if year >= 100 else (1900 + year if year > dt.date.today().year % 100 else 2000 + year)
        if _cued(text, match.start(), _DOB_CUE, 40) or full_year <= dt.date.today().year - 14:
            found.append(Finding("date of birth", match.start(), match.end()))

    for match in _DATE_NUMERIC.finditer(text):
        first, _, second, year = match.groups()
        month, day = int(first), int(second)
        if month > 12:  # 14/03/1988: day first
            month, day = day, month
        add(match, int(year), month, day)
    for match in _DATE_ISO.finditer(text):
        add(match, int(match.group(1)), int(match.group(3)), int(match.group(4)))
    for match in _DATE_COMPACT.finditer(text):
        if _cued(text, match.start(), _DOB_CUE, 40):
            add(match, int(match.group(3)), int(match.group(1)), int(match.group(2)))
    for match in _DATE_MONTH_FIRST.finditer(text):
        if _cued(text, match.start(), _DOB_CUE, 40):
            add(match, int(match.group(3)), _MONTH_NUMBER[match.group(1)[:3].lower()], int(match.group(2)))
    for match in _DATE_DAY_FIRST.finditer(text):
        if _cued(text, match.start(), _DOB_CUE, 40):
            add(match, int(match.group(3)), _MONTH_NUMBER[match.group(2)[:3].lower()], int(match.group(1)))
    return found


def _member_ids(text: str) -> List[Finding]:
    found = []
    for match in _ID_CUE.finditer(text):
        group = "id" if match.group("id") else "id2"
        value = match.group(group)
        digits = sum(ch.isdigit() for ch in value)
        long_enough = len(value) >= 6 if group == "id2" else (len(value) >= 5 or digits == len(value) == 4)
        if digits >= 4 and long_enough and not _YEAR.fullmatch(value):
            found.append(Finding("member ID", match.start(group), match.end(group)))
    found += [Finding("member ID", m.start(), m.end()) for m in _MBI.finditer(text)]
    found += [Finding("member ID", m.start(), m.end()) for m in _BARE_ID.finditer(text)]
    return found


def _emails(text: str) -> List[Finding]:
    return [Finding("email address", m.start(), m.end()) for m in _EMAIL.finditer(text)]


# Where findings overlap they are merged; the one starting first (else the longest) names it.
DETECTORS: List[Callable[[str], List[Finding]]] = [_emails, _cards, _ssns, _dates_of_birth, _phones, _member_ids]


def find(text: str) -> List[Finding]:
    """Every piece of personal data in ``text``, overlaps merged, in order."""
    candidates: List[Finding] = []
    for detect in DETECTORS:
        candidates.extend(detect(text))
    merged: List[Finding] = []
    for finding in sorted(candidates, key=lambda f: (f.start, -f.end)):
        if merged and finding.start < merged[-1].end:
            last = merged[-1]
            merged[-1] = Finding(last.kind, last.start, max(last.end, finding.end))
        else:
            merged.append(finding)
    return merged


def redact(text: str) -> Tuple[str, List[str]]:
    """``text`` with each finding replaced by ``REDACTED``, and the kinds removed (in order)."""
    findings = find(text)
    kinds: List[str] = []
    for finding in reversed(findings):
        text = text[: finding.start] + REDACTED + text[finding.end :]
    for finding in findings:
        if finding.kind not in kinds:
            kinds.append(finding.kind)
    return text, kinds
