"""The benchmarks run end to end at tiny sizes (figures are not checked: a laptop is not a till)."""
from __future__ import annotations

import sqlite3

from bench import engine_bench, store_bench
from db.store import SqlUnitOfWork, open_engine


def test_engine_bench_runs_and_prints_its_figures(capsys):
    assert engine_bench.main(["--iterations", "20", "--naive-every", "5"]) == 0
    out = capsys.readouterr().out
    assert "30 promotions" in out and "p99" in out and "naive" in out


def test_engine_bench_program_uses_every_effect_type():
    program = engine_bench.load_program(engine_bench.program_text())
    assert {p.effect.type for p in program.promotions} == {
        "percent_off", "amount_off", "nth_item", "buy_x_get_y", "points_multiplier", "bonus_points", "lucky_draw"}
    assert len(program.promotions) == 30 and any(p.exclusive_group for p in program.promotions)


def test_store_bench_generates_a_consistent_store_and_reuses_it(tmp_path, capsys):
    argv = ["--members", "200", "--entries", "2000", "--lookups", "50", "--checkouts", "5", "--out", str(tmp_path)]
    assert store_bench.main(argv) == 0
    first = capsys.readouterr().out
    assert "generated now" in first and "checkout commit, FULL, idle-time WAL checkpoints (the till)" in first
    assert "checkout, 4 writer process(es) at once" in first and "sales/s" in first

    path = tmp_path / "store-200m-2000e.sqlite"
    with sqlite3.connect(path) as con:
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert con.execute("SELECT count(*) FROM membership_cards").fetchone()[0] == 200
        assert con.execute("SELECT count(*) FROM ledger").fetchone()[0] >= 2000
    uow = SqlUnitOfWork(open_engine(path))
    with uow:
        assert uow.ledger_totals() == uow.cached_totals()  # caches equal the ledger, checkouts included

    assert store_bench.main(argv) == 0
    assert "reused (cached)" in capsys.readouterr().out


def test_backtest_bench_runs_one_and_two_processes(tmp_path, capsys):
    from bench import backtest_bench
    assert backtest_bench.main(["--receipts", "300", "--members", "40", "--days", "30", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "1 process(es)" in out and "2 process(es)" in out


def test_the_backtest_bench_store_built_in_shards_replays_as_recorded_and_in_time_order(tmp_path):
    import sqlite3

    from bench import backtest_bench
    path = backtest_bench.generated_store(400, 30, 30, tmp_path)
    assert list(tmp_path.iterdir()) == [path]  # no shard files or journal left behind
    seconds, replayed, same = backtest_bench.replayed_as_recorded(path, days=30, now=backtest_bench.NOW, parts=1)
    assert (replayed, same) == (400, True)
    with sqlite3.connect(path) as connection:
        instants = [at for (at,) in connection.execute("SELECT at FROM receipts ORDER BY rowid")]
        members = connection.execute("SELECT count(DISTINCT member_id) FROM receipts").fetchone()[0]
        lines = connection.execute("SELECT count(*) FROM receipt_lines l LEFT JOIN receipts r ON r.id = l.receipt_id "
                                   "WHERE r.id IS NULL").fetchone()[0]
        indexes = {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert instants == sorted(instants) and members == 30 and lines == 0
    assert {"ix_receipts_at", "ix_receipts_member", "ix_receipt_adjustments_receipt_id"} <= indexes


def test_decode_bench_runs_and_says_when_the_real_photos_are_missing(tmp_path, capsys):
    from bench.cards import decode_bench

    assert decode_bench.main(["--codes", "12", "--empty", "2", "--no-write", "--photos", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "project TillCodeReader" in out and f"real-photo frames skipped: no zxing blackbox photos in {tmp_path}" in out


def test_decode_bench_measures_photos_at_each_webcam_size(tmp_path, capsys):
    from PIL import Image

    from bench.cards import decode_bench
    from pos_loyalty.cards.symbols import modules_image, qr_modules

    (tmp_path / "qrcode-1").mkdir()
    modules_image(qr_modules("HELLO TILL"), module_px=3, quiet_zone=4).save(tmp_path / "qrcode-1" / "1.png")
    (tmp_path / "qrcode-1" / "1.txt").write_text("HELLO TILL\r\n", encoding="utf-8")
    Image.new("L", (120, 90), 200).save(tmp_path / "qrcode-1" / "2.png")  # a photo whose code is not there
    (tmp_path / "qrcode-1" / "2.txt").write_text("UNREADABLE", encoding="utf-8")
    assert decode_bench.main(["--codes", "12", "--empty", "2", "--no-write", "--photos", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    for size in ("640x480", "1280x720", "1920x1080"):
        assert f"| {size} | 2 | 1 | 1 |" in out


def test_sync_faults_bench_runs_a_schedule_and_says_where_the_kills_landed(capsys):
    from bench import sync_faults
    assert sync_faults.main(["--schedules", "1", "--steps", "4", "--seed", "7"]) == 0
    out = capsys.readouterr().out
    assert "1 schedules x 4 steps" in out and "0 lost, 0 duplicated" in out
    assert "server killed and restarted" in out and "tills killed and restarted" in out


def test_demo_bench_builds_the_demo_in_bulk_and_one_by_one(tmp_path, capsys):
    from bench import demo_bench

    assert demo_bench.main(["--members", "12", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "bulk, every core" in out and "bulk, one process" in out and "one by one" in out
    assert "faster than one by one" in out and "load average" in out


def test_member_fetch_bench_looks_members_of_another_store_up_through_a_real_server(capsys):
    from bench import member_fetch_bench
    assert member_fetch_bench.main(["--members", "3", "--entries", "1", "--fetches", "3"]) == 0
    out = capsys.readouterr().out
    assert "fetched from the server (goal p95 < 150)" in out and "already kept (alternative)" in out


def test_sync_bench_measures_ingest_a_till_an_outage_and_balances_on_postgresql(capsys):
    import shutil
    import tempfile
    from pathlib import Path

    from bench import sync_bench
    out = Path(tempfile.mkdtemp(prefix="sync-bench-test-"))
    out.chmod(0o755)   # the cluster inside runs as the postgres user
    argv = ["--entries", "600", "--ingest-members", "50", "--demo-members", "8", "--offline-entries", "60",
            "--balance-members", "300", "--balance-entries", "1500", "--samples", "40", "--chain-on", "postgresql",
            "--out", str(out)]
    try:
        assert sync_bench.main(argv) == 0
    finally:
        shutil.rmtree(out, ignore_errors=True)
    printed = capsys.readouterr().out
    for figure in ("PostgreSQL (durable), push path", "COPYed into a bare ledger copy", "demo till pushes its history",
                   "pulls it back", "after an outage", "bytes on the wire per entry", "gzip of the same bodies",
                   "a cached balance row per member"):
        assert figure in printed
    assert [line.split()[-1] for line in printed.splitlines() if "both tills agree" in line] == ["yes"]


def test_sale_phases_splits_a_checkout_into_the_unit_of_works_steps(tmp_path, capsys):
    from bench import sale_phases
    assert store_bench.main(["--members", "100", "--entries", "1000", "--lookups", "10", "--checkouts", "3",
                             "--writers", "1", "--out", str(tmp_path)]) == 0
    capsys.readouterr()
    assert sale_phases.main([str(tmp_path / "store-100m-1000e.sqlite"), "--members", "100", "--sales", "20"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("20 sales: p50")
    assert {"commit", "member_state", "append", "evaluate"} <= {line.split()[0] for line in out.splitlines()[1:]}
    assert not hasattr(SqlUnitOfWork.commit, "__wrapped__")  # the wrappers are taken off again
