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
        "lost": [],
    }


@pytest.mark.parametrize("failed, code, table", [(False, 0, True), (True, 1, False)])
def test_load_prints_figures_only_when_no_request_failed(monkeypatch, capsys, failed, code, table):
    monkeypatch.setattr(sys, "argv", ["load.py", "--seconds", "1", "--no-faults"])
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


class FakePostgres:
    def __init__(self, rows):
        self.rows = rows

    def query(self, sql):
        return self.rows


def test_lost_messages_are_the_acknowledged_ones_postgresql_lacks_with_when_they_were_sent():
    cluster = type("C", (), {"postgres": FakePostgres([["load-a", "hallo"], ["load-a", "ja"], ["load-b", "ja"]])})()
    acknowledged = {
        "load-a": [("hallo", 1.0), ("ja", 2.0), ("ja", 3.0)],  # the second "ja" is not stored
        "load-b": [("ja", 4.0)],
        "load-c": [("nein", 5.0)],  # nothing of this conversation stored
    }
    assert sorted(load.lost_messages(cluster, acknowledged)) == [3.0, 5.0]


def fault_row(lost):
    result = load.Result(began=0.0)
    result.records = [
        load.Record(10.0, 0.2, ok=True),
        load.Record(20.0, 0.4, ok=True),
        load.Record(31.0, 0.1, ok=False),  # the killed instance's request
        load.Record(62.0, 3.1, ok=True, stand_in=True),  # the paused action server's stand-in answer
        load.Record(90.0, 0.3, ok=True),
    ]
    return {"result": result, "lost": lost, "elapsed": 120.0}


def fault_times():
    faults = load.Faults(kill_at=30, pause_at=60)
    faults.killed, faults.paused, faults.resumed, faults.ready_again = 30.2, 60.0, 70.0, 75.0
    return faults


def test_the_fault_table_counts_failures_stand_ins_and_losses_per_phase(capsys):
    assert load.report_faults(fault_row(lost=[]), fault_times()) is True
    lines = {line.split()[0]: line.split()[1:] for line in capsys.readouterr().out.splitlines() if line}
    # phase, seconds, messages, failed, stand-ins, p95, lost
    assert lines["vorher"][:3] == ["0–30", "2", "0"] and lines["vorher"][-1] == "0"
    assert lines["Störung"][:4] == ["30–75", "1", "1", "1"]
    assert lines["danach"][:4] == ["75–120", "1", "0", "0"]


def test_a_lost_message_fails_the_fault_run_and_is_shown_in_its_phase(capsys):
    assert load.report_faults(fault_row(lost=[95.0]), fault_times()) is False
    after = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("danach"))
    assert after.split()[-1] == "1"


def test_the_stand_in_answer_is_recognised_from_the_domain():
    assert load.STAND_IN and all(opening.startswith("Der Check ist gerade") for opening in load.STAND_IN)


def test_bench_ours_only_measures_our_configuration_alone(limits_on, monkeypatch, capsys):
    measured = []
    fake = fake_bench_results()
    monkeypatch.setattr(bench, "measure", lambda model, port, texts: measured.append(model) or fake(model, port, texts))
    monkeypatch.setattr(bench, "train_default", lambda: pytest.fail("--ours-only must not train the default model"))
    bench.main(["--ours-only"])
    out = capsys.readouterr().out
    assert [m.name for m in measured] == ["asa.tar.gz"]
    assert "AsA config" in out and "Rasa default" not in out and "throughput ratio" not in out
