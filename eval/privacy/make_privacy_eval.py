#!/usr/bin/env python3
"""Generate and verify the privacy (PII) evaluation set for the chatbot.

    python make_privacy_eval.py            # (re)write positives.tsv and hard_negatives.tsv
    python make_privacy_eval.py --check    # verify the files on disk (exit 1 on any problem)

Everything is synthetic and deterministic (random.Random(SEED)); no real person's data.
Every generated piece is validated when it is made (Luhn for cards, SSA rules for SSNs,
NANP rules for phones, real calendar dates for birth dates, CMS MBI format for Medicare
numbers) and --check re-validates every line of the files independently of the generator
and confirms that regenerating with the seed reproduces the files byte for byte.

Columns: positives.tsv    kind<TAB>pii<TAB>text   (pii pieces joined by " || ")
         hard_negatives.tsv   text
"""

import datetime as dt
import os
import random
import re
import sys

SEED = 20240314
HERE = os.path.dirname(os.path.abspath(__file__))
POS_PATH = os.path.join(HERE, "positives.tsv")
NEG_PATH = os.path.join(HERE, "hard_negatives.tsv")
TARGETS = {"ssn": 72, "card": 72, "email": 62, "phone": 82, "dob": 72, "member_id": 72}
N_NEG = 180
KINDS = tuple(TARGETS)

# --------------------------------------------------------------------------- validators


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def luhn_complete(prefix: str) -> str:
    for c in "0123456789":
        if luhn_ok(prefix + c):
            return prefix + c
    raise AssertionError


def ssn_ok(piece: str) -> bool:
    m = re.fullmatch(r"(\d{3})([-. ]?)(\d{2})\2(\d{4})", piece)
    if not m:
        return False
    area, group, serial = m.group(1), m.group(3), m.group(4)
    a = int(area)
    return a != 0 and a != 666 and a < 900 and group != "00" and serial != "0000"


CARD_PREFIX = re.compile(r"^(4|5[1-5]|2(22[1-9]|2[3-9]\d|[3-6]\d\d|7[01]\d|720)|3[47]|36|6011|64[4-9]|65|62)")


def card_ok(piece: str) -> bool:
    if not re.fullmatch(r"\d+([ -]\d+)*", piece):
        return False
    digits = re.sub(r"\D", "", piece)
    return 13 <= len(digits) <= 19 and luhn_ok(digits) and bool(CARD_PREFIX.match(digits))


EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}")


def email_ok(piece: str) -> bool:
    return bool(EMAIL_RE.fullmatch(piece)) and ".." not in piece


# real, in-service US area codes (geographic); no 555 exchanges, no N11 exchanges
AREA_CODES = [
    "201",
    "202",
    "205",
    "206",
    "208",
    "210",
    "212",
    "213",
    "214",
    "215",
    "216",
    "217",
    "219",
    "224",
    "225",
    "228",
    "229",
    "231",
    "234",
    "239",
    "240",
    "248",
    "251",
    "252",
    "253",
    "254",
    "256",
    "260",
    "262",
    "267",
    "269",
    "270",
    "276",
    "281",
    "301",
    "302",
    "303",
    "304",
    "305",
    "307",
    "308",
    "309",
    "310",
    "312",
    "313",
    "314",
    "315",
    "316",
    "317",
    "318",
    "319",
    "320",
    "321",
    "323",
    "330",
    "334",
    "336",
    "337",
    "339",
    "347",
    "351",
    "352",
    "360",
    "361",
    "385",
    "386",
    "401",
    "402",
    "404",
    "405",
    "406",
    "407",
    "408",
    "409",
    "410",
    "412",
    "413",
    "414",
    "415",
    "417",
    "419",
    "423",
    "424",
    "425",
    "432",
    "434",
    "435",
    "440",
    "443",
    "469",
    "470",
    "478",
    "479",
    "480",
    "484",
    "501",
    "502",
    "503",
    "504",
    "505",
    "507",
    "508",
    "509",
    "510",
    "512",
    "513",
    "515",
    "516",
    "517",
    "518",
    "520",
    "530",
    "540",
    "541",
    "559",
    "561",
    "562",
    "563",
    "567",
    "570",
    "571",
    "573",
    "574",
    "580",
    "585",
    "586",
    "601",
    "602",
    "603",
    "605",
    "606",
    "607",
    "608",
    "609",
    "610",
    "612",
    "614",
    "615",
    "616",
    "617",
    "618",
    "619",
    "620",
    "623",
    "626",
    "630",
    "631",
    "636",
    "641",
    "646",
    "650",
    "651",
    "657",
    "660",
    "661",
    "662",
    "678",
    "682",
    "701",
    "702",
    "703",
    "704",
    "706",
    "707",
    "708",
    "712",
    "713",
    "714",
    "715",
    "716",
    "717",
    "718",
    "719",
    "720",
    "724",
    "727",
    "731",
    "732",
    "734",
    "740",
    "754",
    "757",
    "760",
    "763",
    "765",
    "770",
    "772",
    "773",
    "774",
    "775",
    "781",
    "785",
    "786",
    "801",
    "802",
    "803",
    "804",
    "805",
    "806",
    "808",
    "810",
    "812",
    "813",
    "814",
    "815",
    "816",
    "817",
    "818",
    "828",
    "830",
    "831",
    "832",
    "843",
    "845",
    "847",
    "848",
    "850",
    "856",
    "857",
    "858",
    "859",
    "860",
    "862",
    "863",
    "864",
    "865",
    "870",
    "901",
    "903",
    "904",
    "907",
    "908",
    "909",
    "910",
    "912",
    "913",
    "914",
    "915",
    "916",
    "917",
    "918",
    "919",
    "920",
    "925",
    "928",
    "931",
    "936",
    "937",
    "940",
    "941",
    "947",
    "949",
    "951",
    "952",
    "954",
    "956",
    "970",
    "971",
    "972",
    "973",
    "978",
    "979",
    "980",
    "985",
    "989",
]
AREA_SET = set(AREA_CODES)
PHONE_SHAPE = re.compile(r"(?:\+?1[ .-]?)?(?:\((\d{3})\)[ ]?|(\d{3})[ .-]?)(\d{3})[ .-]?(\d{4})")


def phone_ok(piece: str) -> bool:
    m = PHONE_SHAPE.fullmatch(piece)
    if not m:
        return False
    area = m.group(1) or m.group(2)
    exch = m.group(3)
    return area in AREA_SET and exch[0] not in "01" and exch[1:] != "11" and exch != "555"


MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
MON3 = [m[:3] for m in MONTHS]


def parse_dob(piece: str):
    """Return a datetime.date if piece is a birth date in one of the supported formats."""
    p = piece.strip()
    low = p.lower()
    month_names = {m.lower(): i + 1 for i, m in enumerate(MONTHS)}
    month_names.update({m.lower(): i + 1 for i, m in enumerate(MON3)})
    month_names["sept"] = 9
    # Month D[th][,] YYYY
    m = re.fullmatch(r"([a-z]+)\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})", low)
    if m and m.group(1) in month_names:
        return dt.date(int(m.group(3)), month_names[m.group(1)], int(m.group(2)))
    # D Month YYYY  /  the Dth of Month YYYY
    m = re.fullmatch(r"(?:the )?(\d{1,2})(?:st|nd|rd|th)?(?: of)? ([a-z]+),? (\d{4})", low)
    if m and m.group(2) in month_names:
        return dt.date(int(m.group(3)), month_names[m.group(2)], int(m.group(1)))
    # YYYY-MM-DD
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", p)
    if m:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    # M/D/YY(YY), M-D-YY(YY), M.D.YYYY  (US order)
    m = re.fullmatch(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{2}|\d{4})", p)
    if m:
        y = int(m.group(4))
        if y < 100:
            y += 1900 if y > 25 else 2000
        mo, d = int(m.group(1)), int(m.group(3))
        if mo > 12:  # D/M/YYYY (only used when unambiguous)
            mo, d = d, mo
        return dt.date(y, mo, d)
    # MMDDYYYY compact
    m = re.fullmatch(r"(\d{2})(\d{2})(\d{4})", p)
    if m:
        return dt.date(int(m.group(3)), int(m.group(1)), int(m.group(2)))
    return None


def dob_ok(piece: str) -> bool:
    try:
        d = parse_dob(piece)
    except ValueError:  # not a real calendar date
        return False
    return d is not None and dt.date(1930, 1, 1) <= d <= dt.date(2008, 12, 31)


MBI_LET = "ACDEFGHJKMNPQRTUVWXY"  # CMS MBI letters: no S L O I B Z


def mbi_ok(piece: str) -> bool:
    s = piece.replace("-", "").upper()
    if len(s) != 11:
        return False
    a, n = f"[{MBI_LET}]", "[0-9]"
    an = f"[{MBI_LET}0-9]"
    return bool(re.fullmatch(f"[1-9]{a}{an}{n}{a}{an}{n}{a}{a}{n}{n}", s))


def member_id_ok(piece: str) -> bool:
    return bool(re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9 #-]{4,18}[A-Za-z0-9]", piece))


CHECKERS = {
    "ssn": ssn_ok,
    "card": card_ok,
    "email": email_ok,
    "phone": phone_ok,
    "dob": dob_ok,
    "member_id": member_id_ok,
}

# --------------------------------------------------------------------------- generators


class Gen:
    def __init__(self, rng: random.Random):
        self.r = rng

    def digits(self, n):
        return "".join(self.r.choice("0123456789") for _ in range(n))

    # ---- SSN
    def ssn_value(self, allow_bare=True):
        r = self.r
        while True:
            area = r.randint(1, 899)
            if area != 666:
                break
        group, serial = r.randint(1, 99), r.randint(1, 9999)
        a, g, s = f"{area:03d}", f"{group:02d}", f"{serial:04d}"
        fmts = ["-"] * 6 + [" "] * 2 + ["."] * 1 + ([""] * 3 if allow_bare else [])
        sep = r.choice(fmts)
        v = f"{a}{sep}{g}{sep}{s}"
        assert ssn_ok(v), v
        return v

    def ssn_cue(self):
        return self.r.choice(
            [
                "ssn is ",
                "ssn: ",
                "ssn ",
                "SSN: ",
                "SSN ",
                "social security number is ",
                "social is ",
                "SSN# ",
                "social security # ",
                "soc sec ",
                "ss# ",
                "SSN - ",
                "social security no. ",
                "ssn#",
                "social sec number ",
                "my ss number is ",
            ]
        )

    # ---- card
    BRANDS = {
        "visa": ["visa16", "visa13", "visa19"],
        "mc": ["mc5", "mc2"],
        "amex": ["amex"],
        "disc": ["disc6011", "disc65", "disc64x", "disc19"],
        "diners": ["diners"],
    }

    def card_value(self, brand=None):
        """Return (brand, formatted number)."""
        r = self.r
        types = [
            "visa16",
            "visa13",
            "visa19",
            "mc5",
            "mc2",
            "amex",
            "disc6011",
            "disc65",
            "disc64x",
            "disc19",
            "diners",
        ]
        weights = [20, 3, 3, 12, 5, 10, 5, 4, 3, 2, 2]
        if brand:
            pairs = [(t, w) for t, w in zip(types, weights) if t in self.BRANDS[brand]]
            types, weights = [t for t, _ in pairs], [w for _, w in pairs]
        t = r.choices(types, weights=weights)[0]
        brand = next(b for b, ts in self.BRANDS.items() if t in ts)
        if t == "visa16":
            num, groups = luhn_complete("4" + self.digits(14)), [4, 4, 4, 4]
        elif t == "visa13":
            num, groups = luhn_complete("4" + self.digits(11)), [13]
        elif t == "visa19":
            num, groups = luhn_complete("4" + self.digits(17)), [4, 4, 4, 4, 3]
        elif t == "mc5":
            num, groups = luhn_complete("5" + str(r.randint(1, 5)) + self.digits(13)), [4, 4, 4, 4]
        elif t == "mc2":
            num, groups = luhn_complete(str(r.randint(2221, 2720)) + self.digits(11)), [4, 4, 4, 4]
        elif t == "amex":
            num, groups = luhn_complete(r.choice(["34", "37"]) + self.digits(12)), [4, 6, 5]
        elif t == "disc6011":
            num, groups = luhn_complete("6011" + self.digits(11)), [4, 4, 4, 4]
        elif t == "disc65":
            num, groups = luhn_complete("65" + self.digits(13)), [4, 4, 4, 4]
        elif t == "disc64x":
            num, groups = luhn_complete("64" + str(r.randint(4, 9)) + self.digits(12)), [4, 4, 4, 4]
        elif t == "disc19":
            num, groups = luhn_complete("6011" + self.digits(14)), [4, 4, 4, 4, 3]
        else:
            num, groups = luhn_complete("36" + self.digits(11)), [4, 6, 4]
        sep = r.choices([" ", "-", "", "mixed"], weights=[45, 20, 30, 5])[0]
        if len(groups) == 1:
            sep = ""
        if sep == "mixed" and len(groups) < 4:
            sep = " "
        parts, i = [], 0
        for g in groups:
            parts.append(num[i : i + g])
            i += g
        if sep == "mixed":  # e.g. "4532 0151-1283 0366" or "4532015112830366" typed in two halves
            v = parts[0] + " " + "".join(parts[1:3]) + " " + "".join(parts[3:])
        else:
            v = sep.join(parts)
        assert card_ok(v), v
        return brand, v

    def card_cue(self, brand):
        cues = [
            "card ",
            "card number ",
            "card # ",
            "cc ",
            "cc# ",
            "credit card ",
            "debit card ",
            "card no. ",
            "my card is ",
            "card: ",
            "CC: ",
            "the card number is ",
        ]
        cues += {
            "visa": ["visa ", "visa debit ", "Visa "],
            "mc": ["mastercard ", "mc ", "MasterCard "],
            "amex": ["amex ", "AMEX ", "american express "],
            "disc": ["discover ", "discover card "],
            "diners": ["diners club "],
        }[brand]
        return self.r.choice(cues)

    # ---- email
    FIRST = [
        "jen",
        "maria",
        "tasha",
        "kevin",
        "latoya",
        "brianna",
        "mike",
        "deshawn",
        "amy",
        "rosa",
        "tiffany",
        "carlos",
        "hannah",
        "jasmine",
        "kayla",
        "derek",
        "nicole",
        "priya",
        "tom",
        "angela",
        "marcus",
        "sarah",
        "luis",
        "monique",
        "heather",
        "trang",
        "olga",
        "shauna",
        "ebony",
        "paul",
        "crystal",
        "megan",
        "jamal",
        "destiny",
        "brandy",
        "kim",
        "yolanda",
    ]
    LAST = [
        "morales",
        "johnson",
        "nguyen",
        "okafor",
        "smith",
        "patel",
        "williams",
        "garcia",
        "brown",
        "hernandez",
        "lee",
        "washington",
        "kowalski",
        "rivera",
        "thompson",
        "chen",
        "davis",
        "martinez",
        "jackson",
        "robinson",
        "lopez",
        "baker",
        "harris",
        "scott",
        "reyes",
        "oconnor",
        "whitfield",
        "delgado",
        "pham",
        "simmons",
    ]
    DOMAINS = (
        ["gmail.com"] * 10
        + ["yahoo.com"] * 4
        + ["outlook.com"] * 3
        + ["hotmail.com"] * 3
        + [
            "icloud.com",
            "aol.com",
            "comcast.net",
            "att.net",
            "protonmail.com",
            "sbcglobal.net",
            "ymail.com",
            "me.com",
            "live.com",
            "msn.com",
            "mail.northside-health.org",
            "billing.riverviewclinic.com",
            "students.sinclair.edu",
            "my.waketech.edu",
            "student.cuny.edu",
            "us.kellyservices.com",
            "ems.mercyhealth.org",
            "alumni.asu.edu",
            "rcm.advocate-billing.net",
            "yahoo.co.uk",
            "mail.valleyortho.com",
            "lakeshoremed.org",
            "email.phoenix.edu",
            "pt.summitcare.io",
            "gmx.us",
        ]
    )
    TAGS = [
        "billing",
        "aapc",
        "jobs",
        "cpc",
        "school",
        "careers",
        "medbill",
        "apps",
        "course",
        "coding",
        "work",
        "cert",
        "indeed",
        "training",
    ]

    def email_value(self):
        r = self.r
        f, l = r.choice(self.FIRST), r.choice(self.LAST)
        style = r.randint(0, 9)
        local = [
            f"{f}.{l}",
            f"{f}{l}{r.randint(1, 99)}",
            f"{f[0]}{l}",
            f"{f}_{l}",
            f"{f}-{l}",
            f"{f}{r.randint(1970, 2004)}",
            f"{l}.{f}{r.randint(1, 9)}",
            f"{f}.{l[0]}{r.randint(10, 999)}",
            f"{f[0]}.{l}",
            f"{f}{l}",
        ][style]
        if r.random() < 0.25:
            local += "+" + r.choice(self.TAGS)
        v = f"{local}@{r.choice(self.DOMAINS)}"
        if r.random() < 0.12:
            v = v[0].upper() + v[1:]
        if r.random() < 0.05:
            v = v.upper()
        assert email_ok(v), v
        return v

    # ---- phone
    def phone_value(self):
        r = self.r
        area = r.choice(AREA_CODES)
        while True:
            exch = f"{r.randint(2, 9)}{r.randint(0, 9)}{r.randint(0, 9)}"
            if exch[1:] != "11" and exch != "555":
                break
        line = self.digits(4)
        a, e, l = area, exch, line
        fmts = [
            f"({a}) {e}-{l}",
            f"({a}) {e}-{l}",
            f"{a}-{e}-{l}",
            f"{a}-{e}-{l}",
            f"{a}-{e}-{l}",
            f"{a}.{e}.{l}",
            f"{a} {e} {l}",
            f"{a}{e}{l}",
            f"{a}{e}{l}",
            f"+1 {a} {e} {l}",
            f"+1-{a}-{e}-{l}",
            f"1-{a}-{e}-{l}",
            f"1 ({a}) {e}-{l}",
            f"+1{a}{e}{l}",
            f"({a}){e}-{l}",
            f"+1 ({a}) {e}-{l}",
            f"1{a}{e}{l}",
            f"{a} {e}-{l}",
            f"+1.{a}.{e}.{l}",
            f"1.{a}.{e}.{l}",
        ]
        v = r.choice(fmts)
        assert phone_ok(v), v
        return v

    def phone_ext(self):
        return self.r.choice(
            [" ext 12", " ext. 204", " x31", " ext 5", " extension 118", " x 7", " EXT 3302", ", ext 41"]
        )

    def phone_cue(self):
        return self.r.choice(
            [
                "call me at ",
                "my number is ",
                "my cell is ",
                "cell: ",
                "ph ",
                "text me at ",
                "phone: ",
                "phone number ",
                "you can reach me at ",
                "my # is ",
                "tel ",
                "mobile ",
                "reach me on ",
                "call or text ",
                "best number is ",
                "home phone ",
                "work line ",
            ]
        )

    # ---- date of birth
    DOB_RANGES = {
        None: (1948, 2004),
        "mid": (1972, 1999),
        "old": (1948, 1973),
        "young": (2005, 2007),
        "any": (1940, 2008),
    }

    def dob_date(self, mod=None):
        r = self.r
        lo, hi = self.DOB_RANGES[mod]
        start, end = dt.date(lo, 1, 1).toordinal(), dt.date(hi, 12, 31).toordinal()
        return dt.date.fromordinal(r.randint(start, end))

    def dob_value(self, allow_compact=True, mod=None):
        r = self.r
        d = self.dob_date(mod)
        y, m, dd, yy = d.year, d.month, d.day, d.year % 100
        mon, mon3 = MONTHS[m - 1], MON3[m - 1]
        if r.random() < 0.45:
            mon, mon3 = mon.lower(), mon3.lower()
        suf = "th" if 11 <= dd <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(dd % 10, "th")
        fmts = [
            f"{m}/{dd}/{yy:02d}",
            f"{m}/{dd}/{yy:02d}",
            f"{m:02d}/{dd:02d}/{y}",
            f"{m}/{dd}/{y}",
            f"{m:02d}/{dd:02d}/{y}",
            f"{m:02d}-{dd:02d}-{y}",
            f"{m}-{dd}-{yy:02d}",
            f"{y}-{m:02d}-{dd:02d}",
            f"{mon} {dd}, {y}",
            f"{mon} {dd} {y}",
            f"{mon3} {dd}, {y}",
            f"{mon3} {dd} {y}",
            f"{dd} {mon} {y}",
            f"{m}.{dd}.{y}",
            f"{m:02d}.{dd:02d}.{y}",
            f"{mon} {dd}{suf}, {y}",
            f"{mon} {dd}{suf} {y}",
            f"{dd} {mon3} {y}",
        ]
        if dd > 12:
            fmts.append(f"{dd}/{m:02d}/{y}")
        if allow_compact:
            fmts.append(f"{m:02d}{dd:02d}{y}")
        v = r.choice(fmts)
        assert dob_ok(v) and parse_dob(v) == d, (v, d)
        return v

    def dob_cue(self):
        return self.r.choice(
            [
                "dob ",
                "DOB: ",
                "DOB ",
                "born ",
                "born on ",
                "birthday is ",
                "date of birth ",
                "d.o.b. ",
                "bday ",
                "my birthday is ",
                "DOB - ",
                "date of birth: ",
                "dob: ",
                "b-day ",
                "birth date ",
                "birthdate: ",
                "i was born ",
            ]
        )

    # ---- member / insurance / record / account ids
    def mbi(self):
        r = self.r
        L = MBI_LET
        an = L + "0123456789"
        s = (
            str(r.randint(1, 9))
            + r.choice(L)
            + r.choice(an)
            + r.choice("0123456789")
            + r.choice(L)
            + r.choice(an)
            + r.choice("0123456789")
            + r.choice(L)
            + r.choice(L)
            + self.digits(2)
        )
        v = f"{s[:4]}-{s[4:7]}-{s[7:]}" if r.random() < 0.55 else s
        assert mbi_ok(v), v
        return v

    def letters(self, n):
        return "".join(self.r.choice("ABCDEFGHJKLMNPQRSTUVWXYZ") for _ in range(n))

    def member(self, bare_ok=True):
        """Return (cue, value)."""
        r = self.r
        kinds = [
            "aetna_w",
            "bcbs",
            "bcbs_sp",
            "uhc",
            "cigna",
            "humana",
            "policy",
            "mbi",
            "mbi",
            "medicaid_ny",
            "medicaid_num",
            "mrn",
            "mrn",
            "subscriber",
            "account",
            "account",
            "pt_account",
            "tricare",
            "kaiser",
            "medical",
        ]
        if not bare_ok:
            kinds = [k for k in kinds if k not in ("uhc", "medicaid_num", "mrn", "account", "tricare", "kaiser")]
        k = r.choice(kinds)
        mem_cues = [
            "member id ",
            "member ID: ",
            "member # ",
            "mbr id ",
            "insurance id ",
            "ins id# ",
            "member id is ",
            "id# ",
            "member number ",
            "ID: ",
            "my member id is ",
            "insurance ID number ",
            "memberid ",
        ]
        if k == "aetna_w":
            v, cues = "W" + self.digits(9), mem_cues
        elif k == "bcbs":
            v, cues = self.letters(3) + self.digits(r.choice([7, 8, 9])), mem_cues + ["bcbs id "]
        elif k == "bcbs_sp":
            v, cues = self.letters(3) + " " + self.digits(3) + " " + self.digits(3) + " " + self.digits(3), mem_cues
        elif k == "uhc":
            v, cues = self.digits(9), ["member id ", "uhc member id ", "member # ", "insurance id "]
        elif k == "cigna":
            v, cues = "U" + self.digits(8) + "01", mem_cues + ["cigna id "]
        elif k == "humana":
            v, cues = "H" + self.digits(8), mem_cues + ["humana id "]
        elif k == "policy":
            v = r.choice(
                [
                    f"{self.digits(2)}-{self.digits(4)}-{self.letters(1)}",
                    f"{self.letters(2)}{self.digits(7)}",
                    f"{self.digits(3)}-{self.digits(5)}-{self.digits(2)}",
                    f"P{self.digits(8)}",
                ]
            )
            cues = ["policy # ", "policy number ", "policy no. ", "policy #", "pol # ", "policy id "]
        elif k == "mbi":
            v = self.mbi()
            cues = [
                "medicare number ",
                "medicare # ",
                "mbi ",
                "MBI: ",
                "medicare id ",
                "medicare beneficiary id ",
                "my medicare number is ",
                "new medicare card number ",
            ]
        elif k == "medicaid_ny":
            v = self.letters(2) + self.digits(5) + self.letters(1)
            cues = ["medicaid id ", "medicaid # ", "CIN ", "medicaid number "]
        elif k == "medicaid_num":
            v = self.digits(r.choice([8, 10, 12]))
            cues = ["medicaid id ", "medicaid # ", "medicaid number ", "medi-cal id "]
        elif k == "mrn":
            v = r.choice(["00", "0", ""]) + self.digits(r.choice([6, 7, 8]))
            v = v[:10]
            cues = [
                "MRN ",
                "mrn: ",
                "MRN# ",
                "medical record number ",
                "med rec # ",
                "mrn ",
                "medical record # ",
                "chart # ",
            ]
        elif k == "subscriber":
            v = self.letters(3) + self.digits(9)
            cues = ["subscriber id: ", "subscriber id ", "subscriber # ", "sub id "]
        elif k == "account":
            v = self.digits(r.choice([8, 10, 11, 12]))
            cues = ["account number ", "acct # ", "acct no. ", "account # ", "acct ", "account no ", "patient acct "]
        elif k == "pt_account":
            v = r.choice(["PA-", "A", "ACC"]) + self.digits(7)
            cues = ["patient account ", "account number ", "acct # ", "guarantor acct "]
        elif k == "tricare":
            v = self.digits(11)
            cues = ["dod benefits number ", "tricare id ", "DBN "]
        elif k == "kaiser":
            v = self.digits(r.choice([7, 8]))
            cues = ["kaiser mrn ", "health record number ", "kp record # "]
        else:  # medical id with dashes
            v = f"{self.letters(1)}{self.digits(3)}-{self.digits(3)}-{self.digits(3)}"
            cues = ["insurance id ", "member id ", "health plan id "]
        if r.random() < 0.1 and not v.isdigit() and k != "mbi":
            v = v.lower()
        assert member_id_ok(v), v
        return r.choice(cues), v


# --------------------------------------------------------------------------- text fillers

Q = [
    "how much do medical billers make",
    "is the cpc worth it or should i do the cbcs",
    "how long does the training take",
    "can i work from home as a biller",
    "do i need a degree for medical billing",
    "whats the difference between billing and coding",
    "which certification do employers actually want",
    "is it hard to get hired with no experience",
    "how much is the aapc exam",
    "are the online programs legit",
    "what does a billing specialist do all day",
    "is this job going to get replaced by ai",
    "whats the starting pay in texas",
    "can i do this part time while my kids are in school",
    "do community colleges have billing programs",
    "how many hours a week is normal",
    "is remote billing work real or a scam",
    "should i learn epic or kareo",
    "can i get certified in 6 months",
    "do i need to know anatomy for this",
    "what's the job outlook like",
    "is the nha cbcs easier than the cpc",
    "do hospitals pay more than clinics",
    "can i switch from front desk to billing",
    "is there a lot of math",
    "how do i get my first billing job",
    "is medical billing stressful",
    "do i need to be good with computers",
    "what is a CPB",
    "how does the externship work",
    "can i take the exam online",
    "is it better to work for a billing company or a hospital",
    "what's the average salary after 5 years",
    "do you get benefits as a remote biller",
    "how do denials work",
    "is the career diploma from penn foster any good",
]
CERTS = ["CPC", "CBCS", "CPB", "CMRS", "CCA", "RHIT", "CPC-A", "CRCR"]
STATES = [
    "ohio",
    "georgia",
    "florida",
    "texas",
    "arizona",
    "michigan",
    "nc",
    "tennessee",
    "california",
    "new jersey",
    "illinois",
    "washington",
]


def fill_filler(tpl: str, r: random.Random) -> str:
    tpl = tpl.replace("{Q}", r.choice(Q))
    tpl = tpl.replace("{CERT}", r.choice(CERTS))
    tpl = tpl.replace("{STATE}", r.choice(STATES))
    return tpl


# --------------------------------------------------------------------------- templates
# Placeholders: {SSN} cue+value, {SSNX} value (cue written in template, may be bare digits),
# {SSNV} value with separators, {CARD} cue+value, {CARDV} value, {EMAIL} value,
# {PHONE} value, {PHONEC} cue+value, {PHONEE} value + extension (extension is not PII),
# {DOB} cue+value, {DOBX} value (cue in template), {MID} cue+value, {MIDV} value (non-bare).

TEMPLATES = {
    "ssn": [
        "my {SSN} do i need that to register for the {CERT} exam",
        "{Q}? also the application is asking for my {SSN}, is that normal",
        "Hi, I'm filling out the financial aid form for the billing certificate program. {SSN}. What do I put for the school code?",
        "{SSNV}",
        "{SSN} {DOB}",
        "ok here it is {SSNV} can you check if i qualify for the workforce grant",
        "the employer wants my {SSN} for the background check on a billing job offer. should i send it by email??",
        "i accidentally typed my {SSN} into the wrong field on the aapc site how do i fix it",
        "we have a patient whose social ({SSNX}) is printed on the claim form, is that allowed? im still in training",
        "pt ssn {SSNV} dob {DOBX} ins {MIDV} - how would i bill an office visit for this one",
        "can you verify me? {SSN}, {EMAIL}",
        "plz help w enrollment. {SSN}, phone {PHONE}",
        "does the billing course need my social? its {SSNX}",
        "social security # {SSNX} i think thats what they need for the w-4 at my new billing job",
        "So I've been working as a receptionist at a dermatology office for about 3 years and my manager says I should move into billing since I already handle insurance questions. The online program at the community college costs around $1,800 and they want my {SSN} on the enrollment form before I even talk to an advisor. Is that normal or should I be worried?",
        "my husband's {SSN}, can he sign up for the same course as me",
        "{SSNV} is my social",
        "for the 1099 contract billing gig do i use my social ({SSNX}) or do i need an ein",
        "ssn {SSNX}",
        "my social is {SSNX} and i want to apply for the billing apprenticeship in {STATE}",
        "ss# {SSNX}",
        "SSN {SSNV}\nDOB {DOBX}",
        "Im trying to apply for unemployment retraining for medical billing and the form said to give my {SSN} to the career counselor, is this the counselor?",
        "{SSN} thx",
        "need to update my info on the course portal, {SSN} and new email is {EMAIL}",
        "here is my info for the scholarship {SSN} {PHONEC}",
        "i dont have a ssn card with me but i know the number, {SSNX}. can i still register for the {CERT}",
        "{Q}. btw my {SSN}",
        "verify identity: {SSNV}",
        "last 4 isnt enough?? ok full {SSN}",
        "taxpayer id {SSNX}",
        "hi! quick question, my {SSN} is on file from when i applied last year, can u pull up my application status",
        "do they run a credit check for billing jobs? my {SSN} if you need it",
        "{SSNV} {Q}",
        "my soc is {SSNX} pls sign me up for the free info session",
        "I'm a veteran and want to use my GI bill for medical billing training. My {SSN} and my {MID}.",
        "patient called about a bill, gave {SSN} and {DOB}, what do i do with that as a biller trainee",
        "sorry wrong chat lol {SSNV}",
    ],
    "card": [
        "can i pay the {CERT} exam fee with my {CARD}",
        "{CARDV}",
        "{CARD} exp is on the back i think, sign me up for the course",
        "how much is the billing program? ill pay now {CARD}",
        "I want to enroll in the medical billing and coding certificate. Please charge my {CARD}.",
        "my {CARD} got declined on the aapc membership page, can you try it",
        "use this one {CARDV} for the practice exam bundle",
        "patient gave me their {CARD} over the phone to pay a copay, where do i put that in the billing software",
        "{Q} also can i pay monthly? {CARD}",
        "ok heres my card {CARDV}",
        "Hi, trying to buy the CPC study guide. {CARD}, billing zip is the same as my home. email receipt to {EMAIL}",
        "i'm at work and a patient left their card number on a note {CARDV} - should i shred it or give it to billing",
        "{CARD} {PHONEC}",
        "charge {CARDV} pls",
        "Can you process my payment for the externship fee. Card is {CARDV} thank you!",
        "is it safe to put my {CARD} in this chat?? lol too late",
        "my amex is {CARDV:amex} does the school take amex",
        "{CARD} and {DOB} is what they asked for at registration",
        "we got a fax with a patient's {CARD} on it, is that a hipaa thing or pci thing? trying to learn before my billing interview",
        "pay for the course with {CARDV}",
        "visa {CARDV:visa}",
        "mastercard {CARDV:mc}",
        "discover card {CARDV:disc} does that work for the payment plan",
        "so I've been looking at a few programs and I think I'm going with the 6 month one. {Q}? I can put the deposit on my {CARD} today if that holds my spot",
        "{CARDV} is the card for the membership renewal",
        "sorry it cut off, card number {CARDV}",
        "my debit card {CARDV} should have enough for the $399 exam",
        "use my {CARD}, name on card is same as account",
        "pls refund to {CARD}",
        "{CARDV}\n{PHONE}",
        "can my mom pay? her {CARD}",
        "heres the card i used when i bought the course {CARDV} but i never got the login email",
    ],
    "email": [
        "{EMAIL}",
        "can you send me info about the billing program to {EMAIL}",
        "email me at {EMAIL} pls",
        "my email is {EMAIL}",
        "{Q}? you can email me at {EMAIL}",
        "Hi! I'm interested in becoming a medical billing specialist. Could someone reach out to me at {EMAIL}? Thanks!",
        "send the salary guide to {EMAIL} thx",
        "{EMAIL} is my work email, the personal one is {EMAIL}",
        "i signed up with {EMAIL} but never got the confirmation",
        "contact: {EMAIL} / {PHONE}",
        "I'm a medical assistant in {STATE} thinking about switching to billing. {Q}? my email is {EMAIL}",
        "can a recruiter email me {EMAIL}",
        "reset password for {EMAIL}",
        "pls add {EMAIL} to the newsletter about the {CERT}",
        "{EMAIL} {Q}",
        "send me the list of accredited schools at {EMAIL}, I'm in {STATE}",
        "i used my school email {EMAIL} for the student discount, did it go through",
        "my manager {EMAIL} wants the course brochure too",
        "email {EMAIL}, {DOB}",
        "Hello. I would like more information on the billing and coding diploma, including cost and length. My email address is {EMAIL}. Thank you.",
        "can u email the practice test to {EMAIL} i cant download it on my phone",
        "reply to {EMAIL} not my old one",
        "{EMAIL} - just want the free webinar link",
        "my aapc login is {EMAIL}, is that the same as my chat account?",
        "whats the best way to contact a career advisor, mine is {EMAIL}",
    ],
    "phone": [
        "{PHONE}",
        "call me at {PHONE}",
        "can someone call me about the billing course {PHONE}",
        "my number is {PHONE} text me",
        "{Q}? {PHONEC}",
        "Hi, I'd like to talk to an admissions advisor about the medical billing program. {PHONEC}, best time is after 5pm.",
        "{PHONEC} im free weekdays",
        "call {PHONEE}",
        "my work line is {PHONEE} if you need to reach me during the day",
        "pls have a career counselor call {PHONE} about the {CERT}",
        "{PHONE} is my cell, {PHONE} is home",
        "text me the class schedule {PHONE}",
        "I'm in {STATE} and looking at remote billing jobs, {Q}. You can reach me at {PHONE} or {EMAIL}",
        "phone {PHONE}",
        "{PHONEC}",
        "{PHONE} call me",
        "cant talk on the phone at work but you can text {PHONE}",
        "reach me on {PHONE} after 6",
        "if the recruiter wants to call, {PHONE}",
        "{PHONEC} {DOB}",
        "my old number was {PHONE}, new one is {PHONE}",
        "I got a voicemail from {PHONE} saying I was accepted into a billing program, is that you guys?",
        "ok so my question is {Q} and my phone is {PHONE} in case it's easier to explain by phone",
        "callback pls {PHONE}",
        "best # {PHONE}",
        "we got a call from a patient at {PHONE} disputing a charge, how should a biller handle that?",
        "please call my wife she is the one interested {PHONE}",
        "{PHONEE}",
        "sign me up for the info session, {PHONEC}, {EMAIL}",
        "hey, {Q}?? {PHONE}",
        "my cell {PHONE} my email {EMAIL} my {DOB}",
        "can the school call me back at {PHONEE}",
    ],
    "dob": [
        "{DOB}",
        "my {DOB} am i too old to start a billing career lol",
        "i was born {DOBX}, is there an age limit for the {CERT} exam",
        "{Q}? {DOB}",
        "the form wants {DOB} is that right format",
        "patient {DOB:any} {MID} denied claim what do i do",
        "{DOB}, {PHONE}",
        "my birthday is {DOBX} and i want to know if im eligible for the youth workforce program",
        "hi im a high school senior, {DOB:young}, can i start the billing certificate before i graduate",
        "DOB {DOBX}",
        "for verification {DOB}",
        "born {DOBX} in {STATE}, {Q}",
        "I'm 50+ ({DOB:old}) and changing careers after 20 years in retail. {Q}?",
        "pt dob {DOBX} ssn {SSNV}",
        "{DOB} and {EMAIL}",
        "my son's {DOB:young}, can he enroll under my account",
        "dob: {DOBX}",
        "the claim got rejected bc the {DOB} didnt match the insurance file, how do billers fix that",
        "ok {DOB}",
        "date of birth {DOBX} zip 30301",
        "bday {DOBX} lol why do you need it",
        "I'm a stay at home mom looking to get back into the workforce. {DOB:mid}. {Q}?",
        "{DOB} {SSN}",
        "born on {DOBX}",
        "Hello, my {DOB}. I was told I need to give my date of birth to check my exam results.",
        "{DOB} {MID}",
        "my dob is {DOBX}, {Q}",
        "what age do most people start? i was born {DOBX}",
        "my mom was born {DOBX:old} and wants to start medical billing, is that too late",
    ],
    "member_id": [
        "my {MID}, does my insurance cover the training",
        "{MID}",
        "{MIDV}",
        "how do i read an insurance card? mine says {MID} and group 4471",
        "patient's {MID} came back invalid, how do billers check eligibility",
        "{MID} {DOB} claim denied CO-16 what do i fix",
        "{Q}? also my {MID}",
        "I'm practicing on my own EOB to learn billing. {MID}, allowed amount $142.50, patient responsibility $30. Is that right?",
        "can you look up my account {MID}",
        "{MID} is on my card, where do i put that on the cms-1500",
        "my {MID} and {PHONE}",
        "Hi! Quick one. My {MID} - does the plan pay for the billing certification or is that only tuition?",
        "found this on an old claim: {MID} {SSN}",
        "{MID} pls check status",
        "for practice i used my own {MID} on the 1500 form, box 1a right?",
        "its {MIDV} on the front of the card",
        "our patient's {MID}, the payer says no coverage on file, what do i do",
        "{MID}, {EMAIL}",
        "my {MID} keeps getting rejected at the pharmacy, is that something a billing specialist would fix",
        "ok so in my training job they gave me {MID} and told me to verify benefits, what does that even mean",
        "{MID} dob {DOBX}",
        "question about coordination of benefits. primary is my work plan, {MID}, secondary is my husbands",
        "patient gave {MID}, do I bill 99213 or 99214 for a 25 min visit",
        "I work front desk and am learning billing. Is the {MID} the same thing as the group number?",
        "{MID}\n{MID}",
        "can u check my {MID} ty",
    ],
}

# --------------------------------------------------------------------------- message builder

PII_SLOTS = re.compile(r"\{(SSN|SSNX|SSNV|CARD|CARDV|EMAIL|PHONE|PHONEC|PHONEE|DOB|DOBX|MID|MIDV)(?::([a-z]+))?\}")
POSSESSIVE = re.compile(r"\b(my|her|his|their|our|own|the|is|patient'?s|husband'?s|son'?s|wife'?s|mom'?s)\s*$", re.I)
SLOT_KIND = {
    "SSN": "ssn",
    "SSNX": "ssn",
    "SSNV": "ssn",
    "CARD": "card",
    "CARDV": "card",
    "EMAIL": "email",
    "PHONE": "phone",
    "PHONEC": "phone",
    "PHONEE": "phone",
    "DOB": "dob",
    "DOBX": "dob",
    "MID": "member_id",
    "MIDV": "member_id",
}

TEXTESE = [
    (r"\byou\b", "u"),
    (r"\byour\b", "ur"),
    (r"\bplease\b", "pls"),
    (r"\bthanks\b", "thx"),
    (r"\bbecause\b", "bc"),
    (r"\bokay\b", "ok"),
    (r"\bwith\b", "w/"),
    (r"\bi'm\b", "im"),
    (r"\bdon't\b", "dont"),
]


def typo(word: str, r: random.Random) -> str:
    i = r.randint(1, len(word) - 2)
    op = r.randint(0, 3)
    if op == 0:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if op == 1:
        return word[:i] + word[i + 1 :]
    if op == 2:
        return word[:i] + word[i] + word[i:]
    near = {
        "a": "s",
        "e": "r",
        "i": "o",
        "o": "p",
        "n": "m",
        "t": "y",
        "s": "d",
        "r": "t",
        "l": "k",
        "m": "n",
        "c": "v",
        "u": "i",
        "d": "f",
        "h": "j",
        "g": "h",
        "b": "v",
    }
    return word[:i] + near.get(word[i], word[i]) + word[i + 1 :]


def noise_literals(segs, r: random.Random, lower: bool):
    """segs: list of (text, is_pii). Apply human-typing noise to literal segments only."""
    nopunct = r.random() < 0.3
    textese = r.random() < 0.25
    n_typos = r.choices([0, 1, 2], weights=[60, 28, 12])[0]
    out = []
    for text, is_pii in segs:
        if not is_pii:
            if lower:
                text = text.lower()
            if textese:
                for pat, rep in TEXTESE:
                    text = re.sub(pat, rep, text, flags=re.I)
            if nopunct:
                # drop sentence punctuation, but keep it inside numbers/codes ($1,800  E11.9  6:30)
                text = re.sub(r"(?<![0-9A-Za-z])[.,:]|[.,:](?![0-9A-Za-z])|[?!;'\"()]", "", text)
        out.append([text, is_pii])
    # typos in literal words
    cand = [(si, m.start(), m.end()) for si, (t, p) in enumerate(out) if not p for m in re.finditer(r"[A-Za-z]{5,}", t)]
    for si, a, b in r.sample(cand, min(n_typos, len(cand))):
        t = out[si][0]
        out[si][0] = t[:a] + typo(t[a:b], r) + t[b:]
    return out


def build_message(tpl: str, g: Gen, r: random.Random):
    lower = r.random() < 0.45
    tpl = fill_filler(tpl, r)
    segs, pieces = [], []
    pos = 0
    for m in PII_SLOTS.finditer(tpl):
        segs.append((tpl[pos : m.start()], False))
        slot, mod = m.group(1), m.group(2)
        cue, val, tail = "", "", ""
        if slot == "SSN":
            cue, val = g.ssn_cue(), g.ssn_value(allow_bare=True)
        elif slot == "SSNX":
            val = g.ssn_value(allow_bare=True)
        elif slot == "SSNV":
            val = g.ssn_value(allow_bare=False)
        elif slot == "CARD":
            brand, val = g.card_value(mod)
            cue = g.card_cue(brand)
        elif slot == "CARDV":
            _, val = g.card_value(mod)
        elif slot == "EMAIL":
            val = g.email_value()
            if lower and r.random() < 0.7:
                val = val.lower()
        elif slot == "PHONE":
            val = g.phone_value()
        elif slot == "PHONEC":
            cue, val = g.phone_cue(), g.phone_value()
            if r.random() < 0.15:
                tail = g.phone_ext()
        elif slot == "PHONEE":
            val, tail = g.phone_value(), g.phone_ext()
        elif slot == "DOB":
            cue, val = g.dob_cue(), g.dob_value(mod=mod)
        elif slot == "DOBX":
            val = g.dob_value(mod=mod)
        elif slot == "MID":
            cue, val = g.member(bare_ok=True)
        elif slot == "MIDV":
            _, val = g.member(bare_ok=False)
        prev = segs[-1][0]
        # no "my my member id is" / "her i was born": after a possessive use a bare cue
        while (
            cue
            and POSSESSIVE.search(prev)
            and (re.match(r"(my |i was |the )", cue, re.I) or (slot == "MID" and cue.endswith(" is ")))
        ):
            cue = {"SSN": g.ssn_cue, "DOB": g.dob_cue, "PHONEC": g.phone_cue}.get(
                slot, lambda: cue[cue.index(" ") + 1 :]
            )()
            if slot == "MID":
                cue = cue[3:] if cue.lower().startswith("my ") else cue
                cue = cue[:-3] if cue.endswith(" is ") else cue
            if slot == "CARD":
                cue = g.card_cue(brand)
        if cue:
            segs.append((cue, False))
        segs.append((val, True))
        if tail:
            segs.append((tail, False))
        pieces.append((SLOT_KIND[slot], val))
        pos = m.end()
    segs.append((tpl[pos:], False))
    segs = noise_literals(segs, r, lower)
    text = "".join(t for t, _ in segs)
    text = re.sub(r"[ ]{2,}", " ", text).strip()
    text = text.replace("\n", " / ") if r.random() < 0.5 else text.replace("\n", " ")
    return text, pieces


def generate():
    r = random.Random(SEED)
    g = Gen(r)
    rows, seen = [], set()
    counts = {k: 0 for k in KINDS}
    for kind in KINDS:
        tpls = TEMPLATES[kind]
        order = []
        while counts[kind] < TARGETS[kind]:
            if not order:
                order = list(tpls)
                r.shuffle(order)
            tpl = order.pop()
            text, pieces = build_message(tpl, g, r)
            assert pieces[0][0] == kind, (kind, tpl)
            if text in seen:
                continue
            seen.add(text)
            rows.append((kind, " || ".join(v for _, v in pieces), text, pieces))
            counts[kind] += 1
    r.shuffle(rows)
    negs = generate_negatives(r)
    return rows, negs


# --------------------------------------------------------------------------- hard negatives

NEG_TEMPLATES = [
    "how much do medical billers make in {STATE}? i saw {SAL} online",
    "is {SALK} a good starting salary for a medical billing specialist",
    "the job posting says {SAL} to {SAL2} a year, is that normal for entry level",
    "whats the hourly pay, like ${HOURLY}/hr?",
    "i make ${HOURLY} an hour at the front desk, would billing pay more",
    "can i get certified by {MONTHYEAR}?",
    "i want to be working in billing in {NYEARS} years",
    "how many hours a week do billers work, i can only do {HOURS}",
    "is it true that {PCT}% of claims get denied the first time",
    "our clean claim rate is {PCT}% is that good",
    "what does CPT {CPT} mean",
    "how do i bill {CPT} vs {CPT2}",
    "is {CPT} an office visit code",
    "what is ICD-10 {ICD} used for",
    "the practice exam had a question on {ICD} and {ICD2}, i got both wrong",
    "what's a HCPCS code like {HCPCS}",
    "do billers need to know J codes like {HCPCS}",
    "I'm in {ZIP}, are there billing jobs near me",
    "zip {ZIP} - any community college programs around here?",
    "the cpc exam fee is ${FEE}, is there a discount for students",
    "the {CERT} costs ${FEE} plus ${FEE2} for the membership, right?",
    "the exam is on {SHORTDATE}, any last minute tips",
    "application deadline {FULLDATE}, do i have time to finish the course",
    "my class starts {SHORTDATE} and ends {FULLDATE}",
    "i've sent {COUNT} claims this month at my externship",
    "we process about {COUNT} claims a week, how many can one biller handle",
    "is Medical Billing {COURSE} a good course",
    "i'm taking {COURSE2} this semester, does that count toward the certificate",
    "what's the difference between insurance claims and patient billing",
    "is medicare billing harder than commercial insurance",
    "how do group health plans work for billing",
    "what does account receivable mean in a billing office",
    "do billers talk to member services at the insurance company a lot",
    "who handles policy questions, billing or front desk",
    "how do I look up a patient's member id when the card is expired? asking for my job",
    "do I have to give my ssn to apply for billing jobs",
    "is it normal for employers to ask for a social security number before an interview",
    "what is an MRN and why is it on every claim",
    "how do you protect patient dates of birth under hipaa",
    "do billers see credit card numbers or does the front desk handle payments",
    "what's a medicare beneficiary identifier, does it replace the ssn on the card",
    "I've been a cashier for {NYEARS} years, can I switch to medical billing",
    "is {PCT}% commission normal for billing companies",
    "{CPT} with modifier 25, when do you use that",
    "how long does it take to get paid on a claim, {DAYS} days?",
    "my AR over {DAYS} days is huge at my externship, how do i work it down",
    "timely filing is {DAYS} days for most payers right?",
    "is the {CERT} exam {QCOUNT} questions",
    "the {CERT} exam is {EXAMH} hours long?? thats crazy",
    "i scored {PCT}% on the practice test, passing is 70 right",
    "how much does a billing manager make? i saw {SAL} in {ZIP}",
    "can I do billing from home with kids aged {AGE1} and {AGE2}",
    "I'm {AGE} years old is it too late to start",
    "i was born in {STATE} but live in florida now, where are the most billing jobs",
    "my birthday is next week and i want to sign up for the course as a present to myself",
    "is E/M coding 99202 through 99215 on the exam",
    "ICD-10 {ICD} vs {ICD2}, which one is more specific",
    "what's the point of {HCPCS} if there's already a cpt code",
    "payer paid ${AMT} on a ${AMT2} charge, is the rest patient responsibility",
    "the allowed amount was ${AMT} and copay ${COPAY}, how do i post that",
    "i have ${AMT2} saved, is that enough for a billing program",
    "tuition is ${TUITION}, is that a ripoff",
    "the program is {WEEKS} weeks long, is that enough",
    "I have {NYEARS} years of customer service, do I still need an externship",
    "can i work {HOURS} hours a week remote and still go to school",
    "starting pay {SALK}, goes up to {SALK2} after {NYEARS} years?",
    "which pays more, billing or coding? i heard coders make {SAL}",
    "is the {YEAR} bls data on billing salaries still accurate",
    "how did billing change after {YEAR}",
    "my cousin started billing in {YEAR} and now makes {SALK}",
    "do I need to know ICD-10 codes like {ICD} by heart",
    "how many CPT codes are there, like {COUNT}?",
    "what does denial code CO-{CARC} mean",
    "what is remark code N{RARC}",
    "place of service {POS} vs {POS2}, whats the difference",
    "are billing jobs in {ZIP} remote or in office",
    "room {ROOM} at the community college is where the info session is right?",
    "the class is Tuesdays {TIME1} to {TIME2}",
    "does the course include {CPT} and {CPT2} practice",
    "my practice claim had {COUNT2} line items, is that a lot",
    "i finished module {MOD} of {MODS}, how long till im job ready",
    "form CMS-1500 box {BOX} is for what",
    "UB-04 form locator {FL}, what goes there",
    "how do you bill revenue code {REV}",
    "the insurance paid {PCT}% of the allowed amount, is that coinsurance",
    "deductible is ${DEDUCT} on my plan, how does a biller apply that",
    "{Q}",
    "{Q}? the job listing says {SAL}",
    "is medical billing a good career in {YEAR}",
    "I passed the {CERT} on {SHORTDATE}!! what next",
    "does aapc membership cost ${FEE2} per year",
    "what does NPI stand for and do billers need their own",
    "is the tax id on a claim the doctor's or the clinic's",
    "what are member services hours usually, like 8 to 5?",
    "do medicaid claims take longer than {DAYS} days",
    "how do i appeal a denied claim, the payer gave us {DAYS} days",
    "i have 3 kids and work nights, can i still do this",
    "what's a superbill",
    "my interview is {SHORTDATE} at {TIME1}, what will they ask",
    "do billing companies hire people with a {GPA} gpa",
    "is it worth paying ${TUITION} for a diploma when the cpc is ${FEE}",
    "hospital billing vs physician billing which pays more, {SALK} vs {SALK2}?",
    "how do i explain a {NYEARS} year gap in my resume for a billing job",
    "version {VER} of the coding book or the newer one?",
    "the {YEAR} CPT book costs ${BOOK}, do i need it",
    "are there billing jobs that pay weekly, i need at least ${WEEKLY} a week",
    "do you need a policy number to submit a claim? just learning",
    "whats the format of a medicare number now, its not the ssn anymore right",
    "where on the card is the subscriber id usually",
    "what is a patient account number vs an encounter number",
    "do billers ever call patients about unpaid balances over ${AMT}",
    "{PCT}% of my practice claims had errors, how do i get better",
    "billing for {COUNT2} providers at once, is that normal",
    "is it bad that i type {WPM} wpm",
]

NEG_FILL = {
    "SAL": lambda r: f"${r.randint(34, 49)},{r.randint(0, 999):03d}",
    "SAL2": lambda r: f"${r.randint(50, 75)},{r.choice(['000', '500', '250'])}",
    "SALK": lambda r: f"{r.randint(32, 55)}k",
    "SALK2": lambda r: f"{r.randint(56, 80)}k",
    "HOURLY": lambda r: f"{r.randint(15, 32)}{r.choice(['', '.50', '.25', '.75'])}",
    "MONTHYEAR": lambda r: f"{r.choice(MONTHS)} {r.randint(2024, 2027)}",
    "NYEARS": lambda r: str(r.randint(2, 15)),
    "HOURS": lambda r: str(r.choice([20, 25, 30, 32, 36, 40])),
    "PCT": lambda r: str(r.choice([5, 8, 10, 12, 15, 20, 25, 30, 80, 85, 92, 95, 97])),
    "CPT": lambda r: r.choice(
        [
            "99213",
            "99214",
            "99203",
            "99204",
            "99215",
            "99212",
            "36415",
            "93000",
            "81002",
            "90471",
            "99395",
            "97110",
            "85025",
        ]
    ),
    "CPT2": lambda r: r.choice(["99214", "99215", "99205", "99202", "80053", "87880", "99396"]),
    "ICD": lambda r: r.choice(
        ["E11.9", "Z00.00", "I10", "J06.9", "M54.5", "F41.1", "R51.9", "Z23", "E78.5", "N39.0", "K21.9", "S93.401A"]
    ),
    "ICD2": lambda r: r.choice(["E11.65", "Z00.01", "I11.9", "J20.9", "M54.50", "F32.A", "Z79.4"]),
    "HCPCS": lambda r: r.choice(["J3490", "J1100", "G0438", "A4253", "E0114", "J0696", "Q4101", "G2211"]),
    "ZIP": lambda r: r.choice(
        [
            "30301",
            "98101",
            "77002",
            "33101",
            "60601",
            "85001",
            "48201",
            "37203",
            "28202",
            "43215",
            "19103",
            "80202",
            "97201",
            "64105",
        ]
    ),
    "FEE": lambda r: str(r.choice([399, 499, 425, 325, 299, 560])),
    "FEE2": lambda r: str(r.choice([145, 125, 205, 99, 60])),
    "SHORTDATE": lambda r: f"{r.randint(1, 12)}/{r.randint(1, 28)}",
    "FULLDATE": lambda r: f"{r.randint(1, 12):02d}/{r.randint(1, 28):02d}/{r.randint(2025, 2027)}",
    "COUNT": lambda r: str(r.choice([1200, 350, 2400, 800, 1500, 10000, 4500, 600])),
    "COUNT2": lambda r: str(r.randint(3, 40)),
    "COURSE": lambda r: r.choice(["101", "MBC 110", "HIM 120", "HIT-140", "BIL 201"]),
    "COURSE2": lambda r: r.choice(["MED 105", "HIT 112", "BUS 101", "AHS 150", "HIM 2214"]),
    "DAYS": lambda r: str(r.choice([30, 45, 60, 90, 120, 180, 365])),
    "QCOUNT": lambda r: str(r.choice([100, 150, 90])),
    "EXAMH": lambda r: str(r.choice([4, "5 and a half", 3])),
    "AGE": lambda r: str(r.randint(35, 62)),
    "AGE1": lambda r: str(r.randint(2, 7)),
    "AGE2": lambda r: str(r.randint(8, 14)),
    "AMT": lambda r: f"{r.randint(40, 400)}.{r.randint(0, 99):02d}",
    "AMT2": lambda r: f"{r.randint(500, 3500):,}",
    "COPAY": lambda r: str(r.choice([20, 25, 30, 40, 50])),
    "TUITION": lambda r: f"{r.randint(1, 15):,}{r.choice([',000', ',500', ',200', ',995'])}",
    "WEEKS": lambda r: str(r.choice([8, 12, 16, 24, 36])),
    "YEAR": lambda r: str(r.choice([2019, 2020, 2022, 2023, 2024, 2025, 2026])),
    "CARC": lambda r: str(r.choice([16, 45, 97, 197, 50, 29, 18])),
    "RARC": lambda r: str(r.choice([130, 290, 479, 30, 115])),
    "POS": lambda r: r.choice(["11", "22", "02", "10"]),
    "POS2": lambda r: r.choice(["21", "23", "19", "12"]),
    "ROOM": lambda r: str(r.choice([214, 108, "B-12", 3302])),
    "TIME1": lambda r: r.choice(["6pm", "6:30", "9am", "10:15", "1 pm"]),
    "TIME2": lambda r: r.choice(["9pm", "8:30", "noon", "3 pm"]),
    "MOD": lambda r: str(r.randint(2, 9)),
    "MODS": lambda r: str(r.choice([10, 12, 14])),
    "BOX": lambda r: str(r.choice(["24J", "21", "33", "17b", "1a"])),
    "FL": lambda r: str(r.choice([42, 44, 67, 4])),
    "REV": lambda r: r.choice(["0450", "0250", "0300", "0636"]),
    "DEDUCT": lambda r: f"{r.choice([500, 1500, 2000, 3500, 6000]):,}",
    "GPA": lambda r: r.choice(["2.5", "2.8", "3.0"]),
    "VER": lambda r: r.choice(["2.0", "3", "11"]),
    "BOOK": lambda r: str(r.choice([119, 139, 99])),
    "WEEKLY": lambda r: str(r.choice([600, 700, 850])),
    "WPM": lambda r: str(r.choice([35, 45, 60])),
}


def generate_negatives(r: random.Random):
    out, seen = [], set()
    order = []
    while len(out) < N_NEG:
        if not order:
            order = list(NEG_TEMPLATES)
            r.shuffle(order)
        tpl = fill_filler(order.pop(), r)
        text = re.sub(r"\{([A-Z0-9]+)\}", lambda m: NEG_FILL[m.group(1)](r), tpl)
        segs = noise_literals([(text, False)], r, lower=r.random() < 0.45)
        text = re.sub(r"[ ]{2,}", " ", segs[0][0]).strip()
        if text in seen:
            continue
        seen.add(text)
        out.append(text)
    return out


# --------------------------------------------------------------------------- I/O and check


def write(rows, negs):
    with open(POS_PATH, "w", encoding="utf-8", newline="\n") as f:
        f.write("kind\tpii\ttext\n")
        for kind, pii, text, _ in rows:
            f.write(f"{kind}\t{pii}\t{text}\n")
    with open(NEG_PATH, "w", encoding="utf-8", newline="\n") as f:
        f.write("text\n")
        for t in negs:
            f.write(t + "\n")


MEMBER_CUE = re.compile(
    r"(member|mbr|id|policy|pol|subscriber|sub|medicare|mbi|medicaid|medi-cal|"
    r"cin|mrn|record|chart|acct|account|dbn|tricare|benefits)"
    r"(\s*(id|number|no\.?|#|is|:))*\W{0,4}\s*$",
    re.I,
)
SSN_CUE = re.compile(r"(ssn|social|ss#|soc|ss number|taxpayer id)[^0-9]{0,25}$", re.I)


def classify(piece: str, before: str) -> str:
    """Guess the kind of a pii piece from its shape and the words just before it."""
    if "@" in piece:
        return "email"
    if re.search(r"[A-Za-z]", piece):
        return "dob" if parse_dob_safe(piece) else "member_id"
    digits = re.sub(r"\D", "", piece)
    if re.fullmatch(r"\d{3}([-. ])\d{2}\1\d{4}", piece):
        return "ssn"
    if re.fullmatch(r"\d{9}", piece):
        return "ssn" if SSN_CUE.search(before[-40:]) else "member_id"
    if re.fullmatch(r"\d{1,4}[/.-]\d{1,2}[/.-]\d{2,4}", piece):
        return "dob"
    if MEMBER_CUE.search(before[-30:]):
        return "member_id"
    if 13 <= len(digits) <= 19:
        return "card"
    if PHONE_SHAPE.fullmatch(piece):
        return "phone"
    if re.fullmatch(r"\d{8}", piece) and parse_dob_safe(piece):
        return "dob"
    return "member_id"


def parse_dob_safe(piece):
    try:
        return parse_dob(piece)
    except ValueError:
        return None


def check() -> int:
    errors = []
    with open(POS_PATH, encoding="utf-8") as f:
        lines = f.read().split("\n")
    assert lines[-1] == "", "file must end with a newline"
    lines = lines[:-1]
    if lines[0] != "kind\tpii\ttext":
        errors.append("bad header in positives.tsv")
    counts = {k: 0 for k in KINDS}
    piece_counts = {k: 0 for k in KINDS}
    texts = set()
    for n, line in enumerate(lines[1:], start=2):
        cols = line.split("\t")
        if len(cols) != 3:
            errors.append(f"positives:{n}: {len(cols)} columns")
            continue
        kind, pii, text = cols
        if kind not in KINDS:
            errors.append(f"positives:{n}: bad kind {kind}")
            continue
        counts[kind] += 1
        if text in texts:
            errors.append(f"positives:{n}: duplicate text")
        texts.add(text)
        pieces = pii.split(" || ")
        first_pos = None
        for i, p in enumerate(pieces):
            idx = text.find(p)
            if idx < 0:
                errors.append(f"positives:{n}: piece {p!r} not in text")
                continue
            if idx > 0 and text[idx - 1].isalnum() or (idx + len(p) < len(text) and text[idx + len(p)].isalnum()):
                errors.append(f"positives:{n}: piece {p!r} glued to surrounding characters")
            if p != p.strip() or not p:
                errors.append(f"positives:{n}: piece {p!r} has outer whitespace")
            k = kind if i == 0 else classify(p, text[:idx])
            if not CHECKERS[k](p):
                errors.append(f"positives:{n}: piece {p!r} fails the {k} check")
            piece_counts[k] += 1
            if i == 0:
                first_pos = idx
            elif idx < first_pos:
                errors.append(f"positives:{n}: first listed piece is not first in text")
    total = sum(counts.values())
    if total < 420:
        errors.append(f"positives: only {total} rows")
    with open(NEG_PATH, encoding="utf-8") as f:
        nlines = f.read().split("\n")[:-1]
    if nlines[0] != "text":
        errors.append("bad header in hard_negatives.tsv")
    for n, t in enumerate(nlines[1:], start=2):
        problems = []
        if "\t" in t:
            problems.append("tab")
        if "@" in t:
            problems.append("@")
        for m in re.finditer(r"\d[\d .()/-]*\d", t):
            run = re.sub(r"\D", "", m.group())
            if len(run) >= 9 and not re.search(r"/", m.group()):
                problems.append(f"long digit run {m.group()!r}")
        if re.search(r"\b(dob|born|birthday|birth date|date of birth)\b\W{0,3}(on |is )?\d", t, re.I):
            problems.append("birth date")
        if problems:
            errors.append(f"negatives:{n}: {problems}: {t}")
    if len(nlines) - 1 < 150:
        errors.append(f"negatives: only {len(nlines) - 1} rows")
    # regeneration must reproduce the files exactly
    rows, negs = generate()
    regen_pos = "kind\tpii\ttext\n" + "".join(f"{k}\t{p}\t{t}\n" for k, p, t, _ in rows)
    regen_neg = "text\n" + "".join(t + "\n" for t in negs)
    if "\n".join(lines) + "\n" != regen_pos:
        errors.append("positives.tsv differs from what the seed regenerates")
    if "\n".join(nlines) + "\n" != regen_neg:
        errors.append("hard_negatives.tsv differs from what the seed regenerates")
    for e in errors[:50]:
        print("ERROR", e)
    print(f"positives rows: {total} {counts}")
    print(f"pii pieces by (classified) kind: {piece_counts}")
    print(f"hard negatives rows: {len(nlines) - 1}")
    print("OK" if not errors else f"{len(errors)} problems")
    return 1 if errors else 0


if __name__ == "__main__":
    if "--check" in sys.argv:
        sys.exit(check())
    rows, negs = generate()
    write(rows, negs)
    print(f"wrote {len(rows)} positives, {len(negs)} hard negatives")
