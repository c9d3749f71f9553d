"""`make bench`: the assistant side by side with a `rasa init --no-prompt` baseline, on this machine.

Not a test. One run:

1. the baseline is written and trained by `rasa init --no-prompt` (timed; with ``--training`` the
   assistant's clean training is timed too: about 7 min more);
2. both bots serve REST as they are run: the assistant as `make run` runs it (its Rasa server
   with the project's SQLite tracker store and event store, its action server), the baseline as
   `rasa init` writes it (conversations in memory), each timed from start to its first answer;
3. context: one conversation at a time (latency, CPU per message), and each bot's capacity
   (messages/s with 8 senders sending back to back);
4. the target: open-loop load (bench/openloop.py: Poisson arrivals over 200+ conversations,
   latency from each message's scheduled arrival) at 25 %, 50 % and 75 % of the baseline's
   capacity, in phases that alternate between the two bots (the order flips every round), the
   same arrival schedule for both in a round: p50, p90, p99, errors, CPU per message;
5. the production profile (deploy/: PostgreSQL, Redis lock store, nginx, 1 action server, 2 Rasa
   replicas): closed-loop throughput with 1 and 2 replicas (context), then open-loop phases at
   75 % alternating with the single-instance baseline.

Prints a markdown table (ratios to the baseline) and, with --readme, writes it into README.md
between the bench markers. Raw numbers go to results/bench.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Dict, Iterator, List, Optional, Sequence

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench import openloop  # noqa: E402
from deploy import prod  # noqa: E402
from tests import rabbitmq  # noqa: E402
from tests.processes import free_port, stop, wait_until  # noqa: E402

BIN = ROOT / ".venv" / "bin"
MODEL = ROOT / "models" / "current.tar.gz"
START_TIMEOUT_S = 600
MARK_START, MARK_END = "<!-- bench:start -->", "<!-- bench:end -->"

# What each bot is asked: typical conversations. The assistant's go through its custom actions.
ASSISTANT_TURNS = [
    "hi",
    "how much do billers make in {state}",
    "what are the steps",
    "what's the pay in my state",
    "which certifications?",
    "how much does an associate degree cost",
    "job outlook",
    "can I work from home",
    "what about the top 10% there?",
    "is this right for me",
    "stop",
]
STATES = ["Ohio", "Texas", "California", "Florida", "New York", "Utah", "Maine", "Oregon", "Iowa", "Nevada"]
BASELINE_TURNS = [
    "hi",
    "I am sad",
    "yes",
    "bye",
    "hello",
    "I am very happy",
    "are you a bot?",
    "hey there",
    "I am sad",
    "no",
    "goodbye",
]  # the starter bot's stories
LOAD_SHARES = (0.25, 0.5, 0.75)  # open-loop offered load, as shares of the baseline's capacity


def fill(visitor: int) -> Dict[str, str]:
    """The format fields of one visitor's script: the state it asks about."""
    return {"state": STATES[visitor % len(STATES)]}


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def base_env(**extra: str) -> Dict[str, str]:
    env = {**os.environ, "PYTHONHASHSEED": "0", "TF_CPP_MIN_LOG_LEVEL": "2", "SQLALCHEMY_SILENCE_UBER_WARNING": "1"}
    env.update(extra)
    return env


# --- processes -------------------------------------------------------------------------------------


class Procs:
    """Processes started by the benchmark, each in its own session; all stopped at the end."""

    def __init__(self, logdir: Path):
        self.logdir, self.running = logdir, {}

    def start(self, name: str, cmd: Sequence[str], cwd: Path, env: Dict[str, str]) -> subprocess.Popen:
        log_file = (self.logdir / f"{name}.log").open("a")
        proc = subprocess.Popen(
            list(cmd), cwd=cwd, env=env, stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.running[name] = proc
        return proc

    def stop(self, name: str) -> None:
        proc = self.running.pop(name, None)
        if proc is not None:
            stop(proc)

    def stop_all(self) -> None:
        for name in list(self.running):
            self.stop(name)


def rss_mb(pid: int) -> Dict[str, float]:
    """Resident memory now and its peak (VmHWM), in MB, of a process."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = round(int(rest.split()[0]) / 1024, 1)
    return {"rss": values.get("VmRSS", 0.0), "peak": values.get("VmHWM", 0.0)}


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) a process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def with_children(pids: Sequence[int]) -> List[int]:
    """The processes and all their descendants (honcho starts the production servers)."""
    found, todo = [], list(pids)
    while todo:
        pid = todo.pop()
        found.append(pid)
        for task in Path(f"/proc/{pid}/task").glob("*/children"):
            todo += [int(child) for child in task.read_text().split()]
    return found


@dataclass
class Bot:
    """One bot being measured: where it answers, its processes, its visitors."""

    name: str
    url: str
    pids: List[int]
    first_answer_s: float = 0.0
    pool: Optional[openloop.Pool] = None

    def cpu(self) -> float:
        return sum(cpu_seconds(pid) for pid in with_children(self.pids))


def wait_for(check: Callable[[], bool], procs: Procs, names: Sequence[str], what: str) -> None:
    wait_until(check, [(procs.running[name], procs.logdir / f"{name}.log") for name in names], what, START_TIMEOUT_S)


def say(url: str, sender: str, message: str, session: Optional[requests.Session] = None) -> List[Dict]:
    reply = (session or requests).post(
        f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": message}, timeout=300
    )
    reply.raise_for_status()
    return reply.json()


# --- load ----------------------------------------------------------------------------------------


def load(url: str, turns: Sequence[str], conversations: int, per_conversation: int) -> Dict[str, float]:
    """``conversations`` concurrent conversations of ``per_conversation`` turns each (each waits for
    its answer before the next message, like a person). Latency = one REST round trip."""
    latencies: List[float] = []
    firsts: List[float] = []  # each conversation's first message: how long a new visitor waits
    errors: List[str] = []
    unanswered: List[str] = []

    def conversation(index: int) -> None:
        sender, session = f"bench-{uuid.uuid4().hex[:10]}", requests.Session()
        state = STATES[index % len(STATES)]
        for turn in range(per_conversation):
            message = turns[turn % len(turns)].format(state=state)
            started = time.perf_counter()
            try:
                if not say(url, sender, message, session):
                    unanswered.append(message)
            except requests.RequestException as exc:
                errors.append(str(exc))
            latencies.append(time.perf_counter() - started)
            if turn == 0:
                firsts.append(latencies[-1])

    started = time.perf_counter()
    with ThreadPoolExecutor(conversations) as pool:
        list(pool.map(conversation, range(conversations)))
    elapsed = time.perf_counter() - started
    return {
        "messages": len(latencies),
        "errors": len(errors),
        "unanswered": len(unanswered),
        "seconds": round(elapsed, 2),
        "msgs_per_s": round(len(latencies) / elapsed, 2),
        "mean_ms": round(statistics.fmean(latencies) * 1000, 1) if latencies else float("nan"),
        "p50_ms": round(openloop.percentile(latencies, 0.50) * 1000, 1),
        "p95_ms": round(openloop.percentile(latencies, 0.95) * 1000, 1),
        "p99_ms": round(openloop.percentile(latencies, 0.99) * 1000, 1),
        "first_p50_ms": round(openloop.percentile(firsts, 0.50) * 1000, 1),
        "first_max_ms": round(max(firsts, default=float("nan")) * 1000, 1),
    }


# --- the two bots ----------------------------------------------------------------------------------


def train_assistant(work: Path) -> float:
    """Clean training of the assistant: a fresh Rasa cache, a model written to a temp folder."""
    log("training the assistant from scratch (fresh cache) ...")
    started = time.perf_counter()
    subprocess.run(
        [str(BIN / "rasa"), "train", "--out", str(work / "assistant-models"), "--fixed-model-name", "bench", "--quiet"],
        cwd=ROOT,
        check=True,
        env=base_env(RASA_CACHE_DIRECTORY=str(work / "cache-assistant")),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return round(time.perf_counter() - started, 1)


def init_baseline(work: Path) -> tuple:
    """`rasa init --no-prompt` in a temporary folder: the starter bot, trained (timed)."""
    log("rasa init --no-prompt (writes the starter bot and trains it, fresh cache) ...")
    folder = work / "baseline"
    folder.mkdir()
    started = time.perf_counter()
    subprocess.run(
        [str(BIN / "rasa"), "init", "--no-prompt", "--init-dir", str(folder)],
        cwd=work,
        check=True,
        env=base_env(RASA_CACHE_DIRECTORY=str(work / "cache-baseline")),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    seconds = round(time.perf_counter() - started, 1)
    model = sorted((folder / "models").glob("*.tar.gz"))[-1]
    return folder, model, seconds


def serve(
    name: str,
    procs: Procs,
    work: Path,
    folder: Path,
    model: Path,
    rasa_cmd: Sequence[str],
    endpoints: Path,
    action_env: Dict[str, str],
) -> Bot:
    """Start the bot's action server and Rasa server as ``make run`` does; time the first answer."""
    rasa_port, action_port = free_port(), free_port()
    text = endpoints.read_text().replace("http://localhost:5055/webhook", f"http://127.0.0.1:{action_port}/webhook")
    for store in ("conversations.db", "events.db"):  # the bot's own files, in the work folder
        text = text.replace(f'"{store}"', f'"{work / (name + "-" + store)}"')
    (work / f"{name}-endpoints.yml").write_text(text)
    url = f"http://127.0.0.1:{rasa_port}"
    log(f"{name}: starting its action server and Rasa server ...")
    started = time.perf_counter()
    procs.start(
        f"{name}-actions",
        [str(BIN / "python"), "-m", "rasa_sdk", "--actions", "actions", "--port", str(action_port)],
        folder,
        base_env(SANIC_HOST="127.0.0.1", **action_env),
    )
    procs.start(
        f"{name}-rasa",
        [
            *rasa_cmd,
            "--model",
            str(model),
            "--interface",
            "127.0.0.1",
            "--port",
            str(rasa_port),
            "--endpoints",
            str(work / f"{name}-endpoints.yml"),
            "--credentials",
            "credentials.yml",
        ],
        folder,
        base_env(),
    )
    wait_for(
        lambda: bool(say(url, "bench-first", "hi")),
        procs,
        [f"{name}-actions", f"{name}-rasa"],
        f"{name}'s first answer",
    )
    bot = Bot(
        name,
        url,
        [procs.running[f"{name}-rasa"].pid, procs.running[f"{name}-actions"].pid],
        first_answer_s=round(time.perf_counter() - started, 1),
    )
    log(f"{name}: first answer after {bot.first_answer_s}s")
    return bot


def one_at_a_time(bot: Bot, turns: Sequence[str]) -> Dict[str, float]:
    """Context: one conversation at a time (closed loop), and its CPU time per message."""
    load(bot.url, turns, 2, len(turns))  # warm-up: every kind of message once
    cpu_before = bot.cpu()
    result = load(bot.url, turns, 1, 40)
    result["cpu_ms_per_msg"] = round((bot.cpu() - cpu_before) * 1000 / result["messages"], 1)
    log(f"{bot.name}: one conversation at a time: {result}")
    return result


def alternate(bots: Sequence[Bot], rates: Dict[str, float], rounds: int, seconds: float, seed: int) -> Dict:
    """Open-loop phases of each bot in turn (the order flips every round, so drifts in the machine's
    load hit both); the same arrival schedule for both bots in a round. Per bot and level: the
    pooled samples' percentiles, each round's p50/p99 (the spread), errors, CPU per message."""
    results: Dict = {}
    for label, rate in rates.items():
        samples: Dict[str, List] = {bot.name: [] for bot in bots}
        cpu: Dict[str, float] = {bot.name: 0.0 for bot in bots}
        per_round: Dict[str, List] = {bot.name: [] for bot in bots}
        for round_ in range(rounds):
            for bot in bots if round_ % 2 == 0 else list(reversed(bots)):
                cpu_before = bot.cpu()
                got = openloop.phase(bot.url, bot.pool, rate, seconds, seed + round_)
                cpu[bot.name] += bot.cpu() - cpu_before
                samples[bot.name] += got
                per_round[bot.name].append(openloop.summary(got))
                log(f"{label} ({rate:.1f} msg/s), round {round_ + 1}, {bot.name}: {per_round[bot.name][-1]}")
        results[label] = {
            "rate": round(rate, 2),
            **{
                name: {
                    **openloop.summary(got),
                    "rounds": per_round[name],
                    "cpu_ms_per_msg": round(cpu[name] * 1000 / max(len(got), 1), 1),
                }
                for name, got in samples.items()
            },
        }
    return results


# --- the production profile ------------------------------------------------------------------------


@contextmanager
def postgres_database(env: Dict[str, str], name: str) -> Iterator[None]:
    import psycopg2

    def run(sql: str) -> None:
        with closing(
            psycopg2.connect(
                host=env["POSTGRES_HOST"],
                port=env["POSTGRES_PORT"],
                user=env["POSTGRES_USER"],
                password=env["POSTGRES_PASSWORD"] or None,
                dbname="postgres",
            )
        ) as conn:
            conn.autocommit = True
            conn.cursor().execute(sql)

    run(f"CREATE DATABASE {name}")
    try:
        yield
    finally:
        run(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def production(procs: Procs, work: Path, baseline: Bot, open_loop: Dict) -> Dict:
    """1 action server, 2 Rasa replicas, and two nginx instances: one sending to replica 1 only,
    one to both. Throughput with 50 concurrent conversations through each, twice, alternating
    (context); then open-loop phases through the 2-replica entry alternating with the (single
    instance) baseline's, at ``open_loop["rates"]``."""
    run_id = uuid.uuid4().hex[:8]
    ports = {"action": free_port(), "rasa1": free_port(), "rasa2": free_port()}
    env = prod.settings(
        {
            **base_env(),
            **rabbitmq.names("bench"),  # events to a queue of its own, deleted after
            **rabbitmq.endpoint(),  # on a private RabbitMQ
            "POSTGRES_DB": f"career_bench_{run_id}",
            "REDIS_KEY_PREFIX": f"bench{run_id}",
            "PROD_RUN_DIR": str(work / "prod-1"),
            "PROD_PORT": str(free_port()),
            "ACTIONS_PROXY_PORT": str(free_port()),
        }
    )
    one = dict(env)
    two = {
        **env,
        "PROD_RUN_DIR": str(work / "prod-2"),
        "PROD_PORT": str(free_port()),
        "ACTIONS_PROXY_PORT": str(free_port()),
    }
    action = [f"127.0.0.1:{ports['action']}"]
    prod.write_configs(one, rasa=[f"127.0.0.1:{ports['rasa1']}"], actions=action)
    prod.write_configs(two, rasa=[f"127.0.0.1:{ports['rasa1']}", f"127.0.0.1:{ports['rasa2']}"], actions=action)
    honcho = [str(BIN / "honcho"), "--procfile", str(prod.PROCFILE), "--app-root", str(ROOT), "start"]
    results: Dict = {"runs": []}
    with postgres_database(env, env["POSTGRES_DB"]):
        try:
            log("production profile: starting 1 action server, 2 Rasa replicas, nginx ...")
            procs.start("prod-action", [*honcho, "action", "--port", str(ports["action"])], ROOT, env)
            procs.start("prod-rasa1", [*honcho, "rasa", "--port", str(ports["rasa1"])], ROOT, env)
            procs.start("prod-rasa2", [*honcho, "rasa", "--port", str(ports["rasa2"])], ROOT, env)
            procs.start("prod-nginx-1", [*honcho, "nginx"], ROOT, one)
            procs.start("prod-nginx-2", [*honcho, "nginx"], ROOT, two)
            names = ["prod-action", "prod-rasa1", "prod-rasa2", "prod-nginx-1", "prod-nginx-2"]
            for port in (ports["rasa1"], ports["rasa2"]):
                wait_for(
                    lambda: requests.get(f"http://127.0.0.1:{port}/", timeout=2).ok, procs, names, f"replica on {port}"
                )
            urls = {1: f"http://127.0.0.1:{one['PROD_PORT']}", 2: f"http://127.0.0.1:{two['PROD_PORT']}"}
            for replicas in (1, 2):
                wait_for(lambda: requests.get(f"{urls[replicas]}/webhooks/rest/", timeout=2).ok, procs, names, "nginx")
                load(urls[replicas], ASSISTANT_TURNS, 4, len(ASSISTANT_TURNS))  # warm-up
            for round_ in range(2):
                for replicas in (1, 2):
                    result = load(urls[replicas], ASSISTANT_TURNS, 50, 8)
                    results["runs"].append({"replicas": replicas, **result})
                    log(f"production, {replicas} replica(s), round {round_ + 1}: {result}")
            pids = [procs.running[name].pid for name in ("prod-action", "prod-rasa1", "prod-rasa2", "prod-nginx-2")]
            two_replicas = Bot("production", urls[2], pids, pool=openloop.Pool(ASSISTANT_TURNS, fill))
            results["open_loop"] = alternate([baseline, two_replicas], **open_loop)
        finally:
            for name in ("prod-nginx-1", "prod-nginx-2", "prod-rasa1", "prod-rasa2", "prod-action"):
                procs.stop(name)
            import redis

            red = redis.Redis(host=env["REDIS_HOST"], port=int(env["REDIS_PORT"]), db=int(env["REDIS_DB"]))
            for key in red.scan_iter(f"{env['REDIS_KEY_PREFIX']}:*"):
                red.delete(key)
            rabbitmq.delete(env["RABBITMQ_EXCHANGE"], env["RABBITMQ_QUEUE"])
    for replicas in (1, 2):
        runs = [r for r in results["runs"] if r["replicas"] == replicas]
        results[replicas] = {
            "msgs_per_s": round(statistics.mean(r["msgs_per_s"] for r in runs), 2),
            "p50_ms": round(statistics.mean(r["p50_ms"] for r in runs), 1),
            "p99_ms": round(statistics.mean(r["p99_ms"] for r in runs), 1),
            "errors": sum(r["errors"] for r in runs),
        }
    return results


# --- report ----------------------------------------------------------------------------------------


def machine() -> Dict[str, str]:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown",
    )
    memory = next(
        (
            int(line.split()[1]) // 1024 // 1024
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        ),
        0,
    )
    return {
        "date": dt.date.today().isoformat(),
        "nproc": str(os.cpu_count()),
        "cpu": cpu,
        "memory_gb": str(memory),
        "python": platform.python_version(),
    }


def table(data: Dict) -> str:
    a, b, p = data["assistant"], data["baseline"], data["production"]

    def ratio(x: float, y: float) -> str:
        return f"{x / y:.2f}" if y else "–"

    def check(ok: bool) -> str:
        return "met" if ok else "**missed**"

    def spread(level: Dict, name: str, q: str) -> str:
        ratios = [
            mine[f"{q}_ms"] / theirs[f"{q}_ms"]
            for mine, theirs in zip(level[name]["rounds"], level["baseline"]["rounds"])
        ]
        return f"{min(ratios):.2f}–{max(ratios):.2f}"

    def row(label: str, level: Dict, name: str, p50_target: float, p99_target: float) -> str:
        mine, theirs = level[name], level["baseline"]
        r50, r99 = mine["p50_ms"] / theirs["p50_ms"], mine["p99_ms"] / theirs["p99_ms"]
        met = r50 <= p50_target and r99 <= p99_target and mine["errors"] == 0

        def quantiles(bot: Dict) -> str:
            return f"{bot['p50_ms']:.0f} / {bot['p90_ms']:.0f} / {bot['p99_ms']:.0f}"

        return (
            f"| {label} | {level['rate']:.1f} | {quantiles(mine)} | {quantiles(theirs)} | "
            f"**{r50:.2f}** ({spread(level, name, 'p50')}) | **{r99:.2f}** ({spread(level, name, 'p99')}) | "
            f"{mine['errors']} / {theirs['errors']} | "
            f"{mine['cpu_ms_per_msg']:.0f} / {theirs['cpu_ms_per_msg']:.0f} | "
            f"p50 ≤ {p50_target}, p99 ≤ {p99_target}: {check(met)} |"
        )

    o = data["open_loop"]
    rounds = len(next(iter(o.values()))["baseline"]["rounds"])
    rows = [
        f"Open loop (Poisson arrivals over {openloop.POOL}+ conversations, latency from each message's scheduled "
        f"arrival; {rounds} phases of {data['phase_s']:.0f} s per bot and load, alternating). Baseline capacity "
        f"{data['capacity']['baseline']:.1f} messages/s (the assistant's {data['capacity']['assistant']:.1f}).",
        "",
        "| offered load (share of the baseline's capacity) | messages/s | assistant p50 / p90 / p99 (ms) | "
        "baseline p50 / p90 / p99 (ms) | ratio p50 (rounds) | ratio p99 (rounds) | errors | CPU ms per message | "
        "target |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for label, level in o.items():
        rows.append(row(label, level, "assistant", 0.8, 0.7))
    for label, level in p["open_loop"].items():
        rows.append(
            row(f"production profile, 2 replicas, {label}", level, "production", float("inf"), 0.5).replace(
                "p50 ≤ inf, ", ""
            )
        )
    rows += ["", "| context | assistant | baseline (`rasa init`) | ratio |", "| --- | ---: | ---: | ---: |"]
    for q in ("p50", "p99"):
        rows.append(
            f"| one conversation at a time, {q} (ms) | {a['one'][f'{q}_ms']:.0f} | {b['one'][f'{q}_ms']:.0f} | "
            f"{ratio(a['one'][f'{q}_ms'], b['one'][f'{q}_ms'])} |"
        )
    cpu_a, cpu_b = a["one"]["cpu_ms_per_msg"], b["one"]["cpu_ms_per_msg"]
    rows.append(
        f"| CPU time per message, one conversation at a time (ms) | {cpu_a:.1f} | {cpu_b:.1f} | {ratio(cpu_a, cpu_b)} |"
    )
    cap_a, cap_b = data["capacity"]["assistant"], data["capacity"]["baseline"]
    rows.append(
        f"| capacity: messages/s with 8 senders sending back to back | {cap_a:.1f} | {cap_b:.1f} | "
        f"{ratio(cap_a, cap_b)} |"
    )
    for what in ("rasa", "actions"):
        rows.append(
            f"| {'Rasa' if what == 'rasa' else 'action'} server RSS after the load (MB) | "
            f"{a[f'{what}_mb']['rss']:.0f} | {b[f'{what}_mb']['rss']:.0f} | "
            f"{ratio(a[f'{what}_mb']['rss'], b[f'{what}_mb']['rss'])} |"
        )
    rows.append(
        f"| start to first answer (s) | {a['first_answer_s']:.1f} | {b['first_answer_s']:.1f} | "
        f"{ratio(a['first_answer_s'], b['first_answer_s'])} |"
    )
    if "training" in data:
        t = data["training"]
        rows.append(
            f"| clean training time (s) | {t['assistant_s']:.0f} | {t['baseline_s']:.0f} | "
            f"{ratio(t['assistant_s'], t['baseline_s'])} |"
        )
    for replicas in (1, 2):
        rows.append(
            f"| production profile, {replicas} Rasa replica{'s' if replicas > 1 else ''}, 50 conversations "
            f"back to back: messages/s | {p[replicas]['msgs_per_s']:.1f} | | |"
        )
    m = data["machine"]
    head = (
        f"Measured {m['date']} on this machine: {m['nproc']} CPU cores ({m['cpu']}), {m['memory_gb']} GB RAM, "
        f"Python {m['python']}, Rasa 3.6.21; load average {data['load_before']} when the run began. "
        f"The assistant as `make run` serves it (SQLite tracker store and event store); the baseline as "
        f"`rasa init` writes it (conversations in memory). Total benchmark time {data['total_s'] / 60:.1f} min."
    )
    return head + "\n\n" + "\n".join(rows) + "\n"


def write_readme(readme: Path, text: str) -> None:
    content = readme.read_text()
    if MARK_START not in content or MARK_END not in content:
        raise SystemExit(f"{readme}: no {MARK_START} ... {MARK_END} markers to write the table between")
    before, rest = content.split(MARK_START, 1)
    _, after = rest.split(MARK_END, 1)
    readme.write_text(f"{before}{MARK_START}\n{text}{MARK_END}{after}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--readme", type=Path, help="write the table into this README (between the markers)")
    parser.add_argument("--json", type=Path, default=ROOT / "results" / "bench.json")
    parser.add_argument("--training", action="store_true", help="also time a clean training of the assistant")
    parser.add_argument("--rounds", type=int, default=6, help="open-loop phases per bot and load")
    parser.add_argument("--seconds", type=float, default=15, help="length of one open-loop phase")
    parser.add_argument("--seed", type=int, default=7, help="seed of the arrival schedules")
    args = parser.parse_args()
    if not MODEL.exists():
        raise SystemExit(f"no {MODEL}: run make train")
    began = time.perf_counter()
    data: Dict = {
        "machine": machine(),
        "load_before": " ".join(Path("/proc/loadavg").read_text().split()[:3]),
        "phase_s": args.seconds,
    }
    work = Path(tempfile.mkdtemp(prefix="bench-"))
    procs = Procs(work)
    log(f"work folder {work}; machine {data['machine']}; load {data['load_before']}")
    try:
        baseline_dir, baseline_model, baseline_train = init_baseline(work)
        if args.training:
            data["training"] = {"assistant_s": train_assistant(work), "baseline_s": baseline_train}
            log(f"training: {data['training']}")
        baseline = serve(
            "baseline",
            procs,
            work,
            baseline_dir,
            baseline_model,
            [str(BIN / "rasa"), "run"],
            baseline_dir / "endpoints.yml",
            {"PYTHONPATH": str(baseline_dir)},
        )
        assistant = serve(
            "assistant",
            procs,
            work,
            ROOT,
            MODEL,
            [str(BIN / "python"), "-m", "gateway", "run"],
            ROOT / "endpoints.yml",
            {},
        )
        scripts = {"baseline": BASELINE_TURNS, "assistant": ASSISTANT_TURNS}
        for bot in (baseline, assistant):
            data[bot.name] = {"first_answer_s": bot.first_answer_s, "one": one_at_a_time(bot, scripts[bot.name])}
        data["capacity"] = {
            bot.name: round(openloop.capacity(bot.url, openloop.Pool(scripts[bot.name], fill), args.seconds), 2)
            for bot in (baseline, assistant)
        }
        log(f"capacity (messages/s): {data['capacity']}")
        for bot in (baseline, assistant):  # new visitors for the open-loop phases
            bot.pool = openloop.Pool(scripts[bot.name], fill)
        open_loop = {"rounds": args.rounds, "seconds": args.seconds, "seed": args.seed}
        rates = {f"{int(share * 100)} %": share * data["capacity"]["baseline"] for share in LOAD_SHARES}
        data["open_loop"] = alternate([baseline, assistant], rates, **open_loop)
        for name in ("baseline", "assistant"):
            data[name]["rasa_mb"] = rss_mb(procs.running[f"{name}-rasa"].pid)
            data[name]["actions_mb"] = rss_mb(procs.running[f"{name}-actions"].pid)
        procs.stop("assistant-rasa")
        procs.stop("assistant-actions")
        top = max(LOAD_SHARES)
        data["production"] = production(
            procs, work, baseline, {**open_loop, "rates": {f"{int(top * 100)} %": top * data["capacity"]["baseline"]}}
        )
    finally:
        procs.stop_all()
    data["total_s"] = round(time.perf_counter() - began, 1)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(data, indent=2))
    text = table(data)
    print("\n" + text)
    if args.readme:
        write_readme(args.readme, text)
        log(f"table written into {args.readme}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
