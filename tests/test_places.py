"""Places as people type them, and no guessing for places without data."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from actions import places
from actions.places import JURISDICTIONS, find_in_text, places_in, resolve


@pytest.mark.parametrize(
    "typed,expected",
    [
        ("Texas", "Texas"),
        ("texas", "Texas"),
        ("TX", "Texas"),
        ("tx", "Texas"),
        ("TEXAS", "Texas"),
        ("Cali", "California"),
        ("calif", "California"),
        ("Mass", "Massachusetts"),
        ("Jersey", "New Jersey"),
        ("pennsilvania", "Pennsylvania"),
        ("Massachusets", "Massachusetts"),
        ("Pensylvania", "Pennsylvania"),
        ("tennesee", "Tennessee"),
        ("conneticut", "Connecticut"),
        ("misouri", "Missouri"),
        ("Washington DC", "District of Columbia"),
        ("washington d.c.", "District of Columbia"),
        ("DC", "District of Columbia"),
        ("D.C.", "District of Columbia"),
        ("d.c", "District of Columbia"),
        ("District of Columbia", "District of Columbia"),
        ("Washington", "Washington"),
        ("Washington state", "Washington"),
        ("WA", "Washington"),
        ("west virginia", "West Virginia"),
        ("virginia", "Virginia"),
        ("virgina", "Virginia"),
        ("the state of ohio", "Ohio"),
        ("oh", "Ohio"),
        ("new york state", "New York"),
    ],
)
def test_resolves_known_jurisdictions(typed, expected):
    place = resolve(typed)
    assert place.has_data and place.name == expected


def test_every_name_and_code_resolves_to_itself():
    for name, code in JURISDICTIONS.items():
        assert resolve(name).name == name
        assert resolve(code).name == name
        assert resolve(name.lower()).name == name


@pytest.mark.parametrize(
    "typed,named",
    [
        ("Puerto Rico", "Puerto Rico"),
        ("guam", "Guam"),
        ("London", "London"),
        ("Canada", "Canada"),
        ("Atlantis", "Atlantis"),
    ],
)
def test_places_without_data_are_named_not_guessed(typed, named):
    place = resolve(typed)
    assert not place.has_data and not place.national and place.name == named


@pytest.mark.parametrize("typed", ["USA", "united states", "nationwide", "the US"])
def test_national(typed):
    assert resolve(typed).national


def test_ambiguous_typos_are_not_guessed():
    # "Iowa"/"Ohio" style near-misses that are as close to two names stay unknown
    assert not resolve("Xyzzy").has_data
    assert resolve("").__class__ is type(None)


def _typo_by_brute_force(key, min_len, candidates):
    """The typo rule spelled out with no shortcut: every name's edit distance."""
    if len(key) < min_len:
        return None
    close = {}
    for known, canonical in candidates:
        d = places._distance(key, known)
        if d <= (2 if len(known) >= 8 else 1):
            close[canonical] = min(d, close.get(canonical, d))
    best = [c for c, d in close.items() if d == min(close.values())] if close else []
    return best[0] if len(best) == 1 else None


_NEAR_NAMES = st.builds(
    lambda name, cut, insert: (name[:cut] + insert + name[cut + 1 :]).lower(),
    st.sampled_from(sorted(JURISDICTIONS) + sorted(places.ALIASES)),
    st.integers(0, 20),
    st.text("abcdefghijklmnopqrstuvwxyz ", max_size=2),
)


@settings(max_examples=400, deadline=None)
@given(
    key=st.one_of(_NEAR_NAMES, st.text("abcdefghijklmnopqrstuvwxyz '", max_size=22)),
    candidates=st.sampled_from([places._TYPO_TEXT, places._TYPO_MENTION]),
    min_len=st.sampled_from([4, 7]),
)
def test_typo_shortcuts_never_change_the_answer(key, candidates, min_len):
    """Skipping names by length and caching (the action server's hot path) are exact."""
    assert places._typo_match(key, min_len, candidates) == _typo_by_brute_force(key, min_len, candidates)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("how much do billers make in california", ["California"]),
        ("salary in TX", ["Texas"]),
        ("pay in washington dc", ["District of Columbia"]),
        ("pay in Washington D.C.?", ["District of Columbia"]),
        ("pay in washington state", ["Washington"]),
        ("compare ohio and michigan", ["Ohio", "Michigan"]),
        ("what about pennsilvania", ["Pennsylvania"]),
        ("i live in new york city", ["New York"]),
        ("what is the main duty", []),
        ("do taxes matter for billing", []),
        ("is it ok in general", []),
        ("what do i need to know", []),
        ("pay in PA", ["Pennsylvania"]),
    ],
)
def test_find_in_text(text, expected):
    assert [p.name for p in find_in_text(text)] == expected


@pytest.mark.parametrize(
    "typed,named",
    [("<script>alert(1)</script>", "script alert script"), ("{{7*7}}", "that place"), ("São Paulo", "São Paulo")],
)
def test_unknown_names_are_echoed_without_markup_or_numbers(typed, named):
    assert resolve(typed).name == named


@pytest.mark.parametrize(
    "text,tagged",
    [
        ("wash windshield", []),
        ("what is body mass index", []),
        ("is the earth flat", ["flat"]),
        ("buy a jersey", []),
        ("how many miles does my car have", ["car"]),
    ],
)
def test_everyday_words_are_not_places(text, tagged):
    assert places_in(text, tagged) == []


@pytest.mark.parametrize(
    "text,tagged,name",
    [
        ("pay in atlantis", ["atlantis"], "atlantis"),
        ("atlantis", ["atlantis"], "atlantis"),
        ("i live in mass", ["mass"], "Massachusetts"),
        ("pay in guam", ["guam"], "Guam"),
    ],
)
def test_tagged_places_said_as_places_are_kept(text, tagged, name):
    assert [p.name for p in places_in(text, tagged)] == [name]


def test_the_labelled_place_sentences_meet_the_floors():
    """eval/places: cities of every size, ZIP codes, misspellings, shared names, territories,
    foreign places, and sentences whose everyday words are also place names."""
    from scripts.eval_places import FLOORS, SETS, evaluate, failed_floors

    assert FLOORS == {"precision": 0.99, "recall": 0.97}
    for name, path in SETS.items():
        result = evaluate(path)
        assert result["with_place"] >= 300 and result["without_place"] >= 300, name
        assert not failed_floors(result), (
            name,
            failed_floors(result),
            result["false_alarms"][:5],
            result["wrong_place"][:5],
            result["missed"][:10],
        )


@pytest.mark.parametrize(
    "text,name,via,options",
    [
        ("whats the pay in atlanta", "Georgia", "Atlanta", ()),
        ("what would I make in Billings, Montana", "Montana", "Billings", ()),
        ("I'm in 30301", "Georgia", "ZIP 30301", ()),
        ("london, kentucky", "Kentucky", "London", ()),
        ("portland", "Portland", "", ("Maine", "Oregon")),
        ("jobs in Reading", "Pennsylvania", "Reading", ()),
        ("what about 00901", "Puerto Rico", "ZIP 00901", ()),
    ],
)
def test_cities_and_zip_codes(text, name, via, options):
    place = find_in_text(text)[0]
    assert (place.name, place.via, place.options) == (name, via, options)


@pytest.mark.parametrize(
    "text",
    [
        "i love reading about billing",
        "can i do billing from my mobile phone",
        "is the earth flat",
        "medical billings vs coding",
        "what's a normal salary",
        "cpt 99213 vs 99214",
        "i make 47230 a year",
        "my aunt georgia is a biller",
        "austin, my son, says i should try billing",
        "wash windshield",
    ],
)
def test_everyday_words_and_numbers_are_not_places(text):
    assert find_in_text(text) == []


def test_a_city_several_states_share_is_settled_by_the_state_named_in_the_same_message():
    text = "my cousin in portland does billing. what does that pay in maine on avg?"
    assert [p.name for p in find_in_text(text)] == ["Maine"]
    assert find_in_text("salary in portland")[0].options == ("Maine", "Oregon")
    # a much smaller namesake that is not its state's largest city leaves the name to the big one
    assert find_in_text("salary in jacksonville")[0].name == "Florida"  # not Jacksonville, NC
    assert find_in_text("cleveland billing pay")[0].name == "Ohio"  # not Cleveland, TN
    assert find_in_text("im moving to charleston")[0].options == ("South Carolina", "West Virginia")
    assert find_in_text("top 10 bama")[0].name == "Alabama"
    assert [p.name for p in find_in_text("top 10 la")] == ["Louisiana"] and not find_in_text("la la land")
