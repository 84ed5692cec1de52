"""A dispatcher in its own process, for the crash and concurrency tests: run_tick at a given moment.

python tests/schedule/dispatch_worker.py DATABASE_URL DATA_DIR AT [SMTP_PORT]
"""

from __future__ import annotations

import os
import signal
import sys
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from core.clock import FakeClock
from core.config import load_settings
from core.db.base import make_engine, make_session_factory
from core.schedule.delivery import deliver_due
from core.schedule.dispatcher import CONTACT_CHANNELS, dispatch_due_steps
from core.schedule.transports import core_transports
from core.uow import UnitOfWork


def arm_kill_switches() -> None:
    """Test-only instrumentation: wrap two functions so the process dies at an exact, chosen moment."""
    import core.schedule.bulk_dispatch as bulk_dispatch
    import core.schedule.dispatcher as dispatcher
    import core.schedule.transports as transports

    at_step, after_send = int(os.environ.get("KILL_AT_STEP", 0)), int(os.environ.get("KILL_AFTER_SEND", 0))
    performed = sent = 0
    deliver = transports.EmailTransport.deliver

    def then_maybe_die(perform):
        def perform_then_maybe_die(*args, **kwargs):
            nonlocal performed
            performed += 1
            result = perform(*args, **kwargs)
            if performed == at_step:
                os.kill(os.getpid(), signal.SIGKILL)
            return result

        return perform_then_maybe_die

    def deliver_then_maybe_die(self, message, parcel):
        nonlocal sent
        deliver(self, message, parcel)
        sent += 1
        if sent == after_send:
            os.kill(os.getpid(), signal.SIGKILL)

    dispatcher._perform = then_maybe_die(dispatcher._perform)  # steps one by one
    bulk_dispatch._materialise = then_maybe_die(bulk_dispatch._materialise)  # the bulk lane
    transports.EmailTransport.deliver = deliver_then_maybe_die


def main() -> None:
    arm_kill_switches()
    url, data_dir, at = sys.argv[1], Path(sys.argv[2]), datetime.fromisoformat(sys.argv[3])
    smtp_port = int(sys.argv[4]) if len(sys.argv) > 4 else 0
    settings = load_settings(
        database_url=url,
        data_dir=data_dir,
        smtp_host="127.0.0.1" if smtp_port else "",
        smtp_port=smtp_port or 25,
        smtp_starttls=False,
        secret_key="test-secret",
        smtp_from="incasso@incasso.example",
    )
    sessions = make_session_factory(make_engine(url))
    clock = FakeClock(at)

    def uow() -> UnitOfWork:
        return UnitOfWork(sessions, clock=clock, data_dir=data_dir)

    outcomes = dispatch_due_steps(uow, settings, batch_size=25, channels=CONTACT_CHANNELS)
    print("steps", dict(outcomes), flush=True)
    transports = core_transports(settings)
    transports.pop("letter", None)
    print("delivered", dict(deliver_due(uow, transports, batch_size=25)), flush=True)


if __name__ == "__main__":
    main()
