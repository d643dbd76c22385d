"""Properties of the pure steps over generated inputs: nothing raises but the project's own
errors, and the invariants a reader relies on hold for any input (hypothesis)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from rfp.core.calendar import DAYS, parse_clock, parse_days
from rfp.errors import RFPError
from rfp.score import commitments, echo, expects
from rfp.score.checks import CoverageWindow, DeliverySite, weekly_overlap_hours
from rfp.score.checks.staffing import agents_for_service_level, erlang_c, service_level
from rfp.score.document import Block, Document, Page
from rfp.score.passages import split

WEEK = dt.date(2027, 3, 8)  # the week the US moves its clocks
ZONES = ("America/New_York", "Asia/Manila", "Asia/Kolkata", "Europe/London", "UTC")
text = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=400)
clock = st.times().map(lambda t: t.replace(second=0, microsecond=0))
window = st.builds(
    CoverageWindow,
    time_zone=st.sampled_from(ZONES),
    days=st.lists(st.sampled_from(DAYS), min_size=1, max_size=7, unique=True).map(tuple),
    start=clock,
    end=clock,
)


@settings(max_examples=200, deadline=None)
@given(buyer=window, sites=st.lists(window, min_size=1, max_size=3))
def test_overlap_is_within_the_buyers_hours_and_grows_with_sites(
    buyer: CoverageWindow, sites: list[CoverageWindow]
) -> None:
    full = weekly_overlap_hours(buyer, [DeliverySite("buyer", buyer)], WEEK)
    placed = [DeliverySite(f"site {i}", w) for i, w in enumerate(sites)]
    overlap = weekly_overlap_hours(buyer, placed, WEEK)
    assert 0 <= overlap <= full + 1e-9
    # Adding a site never takes covered hours away; a site open round the clock covers all.
    assert weekly_overlap_hours(buyer, placed[:1], WEEK) <= overlap + 1e-9
    always = CoverageWindow("UTC", DAYS, dt.time(0), dt.time(0))
    everything = weekly_overlap_hours(buyer, [DeliverySite("24/7", always)], WEEK)
    assert abs(everything - full) < 1e-9


@settings(max_examples=200, deadline=None)
@given(
    traffic=st.floats(min_value=0, max_value=500, allow_nan=False),
    agents=st.integers(min_value=0, max_value=800),
)
def test_erlang_c_is_a_probability(traffic: float, agents: int) -> None:
    waits = erlang_c(traffic, agents)
    assert 0.0 <= waits <= 1.0
    if agents > traffic > 0:
        assert 0.0 <= service_level(traffic, agents, 300, 20) <= 1.0


@settings(max_examples=100, deadline=None)
@given(
    calls=st.floats(min_value=0, max_value=2000, allow_nan=False),
    aht=st.floats(min_value=10, max_value=1800, allow_nan=False),
    target=st.floats(min_value=0.5, max_value=0.95),
)
def test_the_fewest_agents_meet_the_target_and_one_fewer_does_not(
    calls: float, aht: float, target: float
) -> None:
    agents = agents_for_service_level(calls, aht, 1800, target, 20)
    if calls == 0:
        assert agents == 0
        return
    traffic = calls * aht / 1800
    assert service_level(traffic, agents, aht, 20) >= target
    assert agents - 1 <= traffic or service_level(traffic, agents - 1, aht, 20) < target


@settings(max_examples=300, deadline=None)
@given(value=st.one_of(text, st.floats(), st.integers(), st.none(), st.times(), st.booleans()))
def test_day_and_clock_readers_return_a_reading_or_none(value: object) -> None:
    days = parse_days(value)
    assert days is None or (days and set(days) <= set(DAYS))
    reading = parse_clock(value)
    assert reading is None or isinstance(reading, dt.time)


@settings(max_examples=300, deadline=None)
@given(body=text, buyer_words=st.lists(text, max_size=4))
def test_own_text_only_removes_words(body: str, buyer_words: list[str]) -> None:
    own = echo.own_text(body, echo.buyer_text(buyer_words))
    assert 0 <= own.echo_words <= own.words
    # Nothing is invented: every kept line is a stripped run of the input's own text.
    for line in own.text.split("\n"):
        assert line.split()[0] in body if line.strip() else True


@settings(max_examples=300, deadline=None)
@given(body=text)
def test_commitments_partition_the_statements(body: str) -> None:
    read = commitments.read_commitments(body)
    assert set(read.negated) <= set(read.sentences)
    sorted_out = read.sentences + read.hedged + read.marketing + read.keyword_lines
    assert all(sentence in body for sentence in sorted_out)
    assert commitments.specifics_cap(len(read.specifics)) in (2, 4, 5)


@settings(max_examples=300, deadline=None)
@given(sentence=text, service=st.booleans())
def test_values_are_finite_and_ordered(sentence: str, service: bool) -> None:
    for value in expects.read_values(sentence, service):
        assert value.low <= value.high
        assert value.low == value.low and value.high != float("inf")  # no NaN, no infinity


@settings(max_examples=100, deadline=None)
@given(paragraphs=st.lists(st.tuples(st.booleans(), text), max_size=30))
def test_passages_keep_every_word_in_order(paragraphs: list[tuple[bool, str]]) -> None:
    blocks = tuple(
        Block(body.strip() or "x", is_heading=heading, level=1 if heading else 0)
        for heading, body in paragraphs
    )
    document = Document(path="p.md", name="p.md", kind="md", pages=(Page(None, blocks),))
    try:
        passages = split(document, "V", ["SEC-01"])
    except RFPError:
        return
    words = [w for b in blocks if not b.is_heading for w in b.text.split()]
    kept = [w for p in passages for w in p.text.split()]
    assert set(kept) <= set(words)
    assert [p.index for p in passages] == list(range(len(passages)))
