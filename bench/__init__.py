"""`make bench`: the benchmark against a `rasa init` baseline (bench.py) and its open-loop load (openloop.py)."""
