"""The open-loop load generator of `make bench` (bench/openloop.py)."""

from __future__ import annotations

import statistics

import pytest

from bench import openloop


def test_arrivals_are_a_seeded_poisson_process_at_the_rate():
    times = openloop.arrivals(rate=20, seconds=200, seed=3)
    gaps = [b - a for a, b in zip(times, times[1:])]
    assert times == openloop.arrivals(rate=20, seconds=200, seed=3)  # the same schedule for both bots
    assert times != openloop.arrivals(rate=20, seconds=200, seed=4)
    assert abs(len(times) / 200 - 20) < 1  # 4,000 expected, sd 63
    assert abs(statistics.fmean(gaps) - 0.05) < 0.003
    # exponential gaps: standard deviation equal to the mean (a fixed pace would have none)
    assert abs(statistics.pstdev(gaps) / statistics.fmean(gaps) - 1) < 0.08
    assert all(0 <= t < 200 for t in times) and times == sorted(times)


def make_pool(size: int = 3) -> openloop.Pool:
    return openloop.Pool(["hi {state}", "pay in {state}"], lambda n: {"state": f"S{n}"}, size=size)


def test_an_arrival_never_goes_to_a_visitor_waiting_for_an_answer():
    pool = make_pool()
    first = pool.next_idle()
    first.busy = True
    others = {pool.next_idle().sender for _ in range(4)}
    assert first.sender not in others and len(others) == 2


def test_when_every_visitor_waits_a_new_one_arrives():
    pool = make_pool(size=2)
    for _ in range(2):
        pool.next_idle().busy = True
    extra = pool.next_idle()
    assert not extra.busy and pool.made == 3 and extra.script == ["hi S3", "pay in S3"]


def test_a_visitor_who_said_everything_is_replaced_by_a_new_visitor():
    pool = make_pool(size=1)
    visitor = pool.next_idle()
    assert visitor.script == ["hi S1", "pay in S1"]
    for _ in visitor.script:
        visitor.busy = True
        visitor.turn += 1
        pool.done(visitor)
    assert list(pool.visitors)[0] is not visitor and pool.next_idle().script == ["hi S2", "pay in S2"]


def test_summary_counts_errors_and_first_messages():
    samples = [openloop.Sample(i / 1000, ok=i % 10 != 0, first=i < 5) for i in range(1, 101)]
    result = openloop.summary(samples)
    assert result["messages"] == 100 and result["errors"] == 10 and result["first_messages"] == 4
    assert result["p50_ms"] == pytest.approx(50.5) and result["p99_ms"] == pytest.approx(99.0)


@pytest.mark.servers
def test_a_phase_against_the_real_servers_answers_every_message(servers):
    pool = openloop.Pool(["hi", "how much do billers make in {state}", "thanks"], lambda n: {"state": "Ohio"}, size=5)
    samples = openloop.phase(servers.url, pool, rate=8, seconds=3, seed=1)
    assert len(samples) == len(openloop.arrivals(8, 3, 1)) > 10
    assert all(s.ok for s in samples)
    assert sum(s.first for s in samples) >= 5  # every visitor's first message, then returning ones
