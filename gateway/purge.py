"""``make purge``: delete what is older than RETENTION_DAYS (default 30) from the tracker store
that an endpoints file configures, and say what was removed. Safe to run from cron.

    .venv/bin/python -m gateway.purge [--endpoints endpoints.yml] [--days 30]
"""

from __future__ import annotations

import argparse
import os
import sys
import time

from gateway.tracker_store import PrivateSQLTrackerStore, retention_days


def open_store(endpoints: str) -> PrivateSQLTrackerStore:
    """The tracker store ``endpoints`` configures (environment variables filled in, as Rasa does)."""
    from rasa.core.tracker_store import TrackerStore
    from rasa.utils.endpoints import read_endpoint_config

    config = read_endpoint_config(endpoints, "tracker_store")
    store = TrackerStore.create(config) if config else None
    if not isinstance(store, PrivateSQLTrackerStore):
        raise SystemExit(
            f"{endpoints}: the tracker store is not a {PrivateSQLTrackerStore.__name__} "
            f"(type: gateway.tracker_store.{PrivateSQLTrackerStore.__name__}), nothing purged"
        )
    return store


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Delete conversations older than RETENTION_DAYS (default 30).")
    parser.add_argument("--endpoints", default=os.environ.get("ENDPOINTS", "endpoints.yml"))
    parser.add_argument("--days", help="overrides RETENTION_DAYS")
    args = parser.parse_args(argv)
    days = retention_days(args.days)
    store = open_store(args.endpoints)
    purged = store.purge(time.time() - days * 86400)
    print(
        f"purge: removed {purged.conversations} conversation(s) with no activity in {days:g} days and "
        f"{purged.events} event(s) older than {days:g} days in all ({store.engine.url.render_as_string()})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
