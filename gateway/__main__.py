"""Entry point: install the hooks, render the credentials file, then run Rasa's CLI."""

import logging
import sys
import tempfile
from pathlib import Path

from gateway import credentials, hooks


def _log_before_rasa() -> None:
    """The credentials are rendered before Rasa sets up logging: their one line per platform goes
    to stderr in Rasa's format."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)-8s %(name)s  - %(message)s"))
    logger = logging.getLogger(credentials.logger.name)
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False


def main() -> None:
    hooks.install()
    _log_before_rasa()
    from rasa.__main__ import main as rasa_main

    with tempfile.TemporaryDirectory(prefix="credentials-") as directory:
        sys.argv = ["rasa", *credentials.render_into(sys.argv[1:], Path(directory))]
        rasa_main()


if __name__ == "__main__":
    main()
