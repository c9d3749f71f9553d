"""Entry point: install the hooks, then run Rasa's CLI with the given arguments."""

import sys

from gateway import hooks


def main() -> None:
    hooks.install()
    from rasa.__main__ import main as rasa_main

    sys.argv = ["rasa", *sys.argv[1:]]
    rasa_main()


if __name__ == "__main__":
    main()
