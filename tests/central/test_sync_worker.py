"""The till's background worker: online rounds at the interval, backoff with jitter when unreachable."""
from __future__ import annotations

import random

from pos_loyalty.sync.worker import SyncWorker, backoff
from tests.central.chain import CAKE, ChainTill, code_for


def test_backoff_grows_is_capped_and_jittered():
    rng = random.Random(7)
    waits = [backoff(n, rng, base=1, cap=60) for n in range(1, 12)]
    assert 0.5 <= waits[0] <= 1 and 1 <= waits[1] <= 2 and 2 <= waits[2] <= 4
    assert all(30 <= w <= 60 for w in waits[7:])
    assert len({round(w, 6) for w in waits}) == len(waits)


def test_the_worker_goes_offline_with_the_server_and_catches_up_when_it_returns(tmp_path, server_process):
    db = str(tmp_path / "central.sqlite")
    server = server_process(db)
    till = ChainTill(tmp_path / "till.sqlite", 3)
    till.register(server.url, code_for(db))
    seen = []
    worker = SyncWorker(till.client, rng=random.Random(1), interval=5, on_status=seen.append)
    member = till.enrol("Alice Wang")
    assert worker.round() == 5 and seen[-1].online and seen[-1].pending == 0
    server.kill()
    till.pay(member.id, CAKE)
    wait = worker.round()
    assert not seen[-1].online and seen[-1].pending > 0 and 0.5 <= wait <= 1
    server.start()
    till.connect(server.url)
    worker.client = till.client
    worker.round()
    assert seen[-1].online and seen[-1].pending == 0
    till.close()
