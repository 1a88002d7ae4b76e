"""`make bench` and `make load` print figures only when every request succeeded (scripts/tally.py)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import bench  # noqa: E402
import load  # noqa: E402
from tally import Tally, refusal  # noqa: E402


def tally(ok: int, failures=()) -> Tally:
    result = Tally()
    for _ in range(ok):
        result.ok()
    for kind, detail in failures:
        result.fail(kind, detail)
    return result


def test_clean_runs_give_no_refusal():
    assert refusal({"a": tally(1000), "b": tally(200)}) is None
    assert refusal({}) is None


def test_a_single_failed_request_refuses_and_names_count_run_and_first_error():
    runs = {
        "AsA config, concurrent": tally(999, [("HTTP 429", '{"message": "Zu viele Nachrichten"}')]),
        "Rasa default, concurrent": tally(1000),
    }
    message = refusal(runs)
    assert message is not None
    assert "1 of 2000 requests failed" in message
    assert "First error (AsA config, concurrent): HTTP 429: {\"message\": \"Zu viele Nachrichten\"}" in message
    assert "Rasa default" not in message  # only the runs that failed are listed


def test_the_first_error_stays_the_first_and_every_failure_is_counted():
    runs = {
        "warm-up": tally(50),
        "concurrent": tally(250, [("HTTP 429", "first"), ("ConnectTimeout", "later")]),
        "single": tally(0, [("HTTP 503", "")] * 3),
    }
    message = refusal(runs)
    assert "5 of 305 requests failed" in message
    assert "First error (concurrent): HTTP 429: first" in message
    assert "single: 3 of 3 ({'HTTP 503': 3})" in message


def test_a_long_error_body_is_cut_to_one_short_line():
    failed = tally(0, [("HTTP 500", "<html>\n" + "x" * 5000)])
    assert "\n" not in failed.first and len(failed.first) < 250


def fake_bench_results(failed_run=None):
    def measure(model, port, texts):
        assert os.environ["RATE_LIMIT_SENDER"] == "off" and os.environ["RATE_LIMIT_CLIENT"] == "off"
        runs = {run: {"p50": 20.0, "p95": 30.0, "rate": 50.0, "tally": tally(10)} for run in bench.RUNS}
        if failed_run and port == 5205:
            runs[failed_run]["tally"].fail("HTTP 429", '{"message": "Zu viele Nachrichten"}')
        runs["concurrent"]["rasa_cpu_ms"] = 18.0
        return {**runs, "nlu_cpu_ms": 6.0}

    return measure


@pytest.fixture
def limits_on(monkeypatch):
    # as a shell with production settings would start the bench; restored after the test
    monkeypatch.setenv("RATE_LIMIT_SENDER", "20/10")
    monkeypatch.setenv("RATE_LIMIT_CLIENT", "300/60")
    monkeypatch.setattr(bench, "train_default", lambda: Path("models/default.tar.gz"))


@pytest.mark.parametrize("failed_run", bench.RUNS)
def test_bench_stops_without_figures_when_any_run_had_a_failure(limits_on, monkeypatch, capsys, failed_run):
    monkeypatch.setattr(bench, "measure", fake_bench_results(failed_run))
    with pytest.raises(SystemExit) as stopped:
        bench.main()
    assert "1 of" in str(stopped.value.code) and "HTTP 429" in str(stopped.value.code)
    assert "msg/s" not in capsys.readouterr().out


def test_bench_prints_its_table_when_every_request_succeeded(limits_on, monkeypatch, capsys):
    monkeypatch.setattr(bench, "measure", fake_bench_results())
    bench.main()
    out = capsys.readouterr().out
    assert "msg/s" in out and "0 of 60 requests failed" in out and "throughput ratio AsA/default: 1.00x" in out


def load_row(instances: int, failures=()) -> dict:
    return {
        "instances": instances,
        "messages": 10,
        "rate": 5.0,
        "p50": 100.0,
        "p95": 200.0,
        "p99": 300.0,
        "tally": tally(10, failures),
        "empty": 0,
        "conversations": 2,
        "lost": 0,
    }


@pytest.mark.parametrize("failed, code, table", [(False, 0, True), (True, 1, False)])
def test_load_prints_figures_only_when_no_request_failed(monkeypatch, capsys, failed, code, table):
    monkeypatch.setattr(sys, "argv", ["load.py", "--seconds", "1"])
    monkeypatch.setattr(
        load,
        "run",
        lambda instances, args: load_row(
            instances, [("HTTP 503", "Bitte gleich noch einmal senden.")] if failed and instances == 2 else ()
        ),
    )
    assert load.main() == code
    captured = capsys.readouterr()
    assert ("Nachr./s" in captured.out) is table
    assert ("First error (2 Instanz(en)): HTTP 503" in captured.err) is failed
