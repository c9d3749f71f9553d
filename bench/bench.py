"""`make bench`: the assistant side by side with a `rasa init --no-prompt` baseline, on this machine.

Not a test. One run, everything sequential (one bot at a time, so they never compete for CPU):

1. clean training time of each (fresh Rasa cache; the baseline's is `rasa init --no-prompt`
   itself: it writes the starter project and trains it);
2. each bot serving REST (its Rasa server + its action server, the same commands as `make run`,
   same tracker store: SQLite), timed from start to the first answer, then message round-trip
   latency p50/p95/p99 with 1, 10 and 50 concurrent conversations, sustained messages per second
   (the 50-conversation run), and the RSS of the Rasa server and the action server after the load;
3. the production profile (deploy/: PostgreSQL, Redis lock store, nginx, 1 action server) with
   1 and with 2 Rasa replicas: throughput with 50 concurrent conversations.

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
from pathlib import Path
from typing import Callable, Dict, Iterator, List, Optional, Sequence

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from deploy import prod  # noqa: E402
from deploy.processes import free_port, stop, wait_until  # noqa: E402
from tests import rabbitmq  # noqa: E402

BIN = ROOT / ".venv" / "bin"
MODEL = ROOT / "models" / "current.tar.gz"
START_TIMEOUT_S = 600
MARK_START, MARK_END = "<!-- bench:start -->", "<!-- bench:end -->"

# What each bot is asked: typical conversations. The assistant's go through its custom actions.
ASSISTANT_TURNS = [
    "hi", "how much do billers make in {state}", "what are the steps", "what's the pay in my state",
    "which certifications?", "how much does an associate degree cost", "job outlook",
    "can I work from home", "what about the top 10% there?", "is this right for me", "stop",
]
STATES = ["Ohio", "Texas", "California", "Florida", "New York", "Utah", "Maine", "Oregon", "Iowa", "Nevada"]
BASELINE_TURNS = ["hi", "I am sad", "yes", "bye", "hello", "I am very happy", "are you a bot?", "hey there",
                  "I am sad", "no", "goodbye"]  # the starter bot's stories
LEVELS = [(1, 40), (10, 15), (50, 8)]  # (concurrent conversations, turns each)


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def base_env(**extra: str) -> Dict[str, str]:
    env = {**os.environ, "PYTHONHASHSEED": "0", "TF_CPP_MIN_LOG_LEVEL": "2",
           "SQLALCHEMY_SILENCE_UBER_WARNING": "1"}
    env.update(extra)
    return env


# --- processes -------------------------------------------------------------------------------------

class Procs:
    """Processes started by the benchmark, each in its own session; all stopped at the end."""

    def __init__(self, logdir: Path):
        self.logdir, self.running = logdir, {}

    def start(self, name: str, cmd: Sequence[str], cwd: Path, env: Dict[str, str]) -> subprocess.Popen:
        log_file = (self.logdir / f"{name}.log").open("a")
        proc = subprocess.Popen(list(cmd), cwd=cwd, env=env, stdout=log_file, stderr=subprocess.STDOUT,
                                start_new_session=True)
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


def wait_for(check: Callable[[], bool], procs: Procs, names: Sequence[str], what: str) -> None:
    wait_until(check, [(procs.running[name], procs.logdir / f"{name}.log") for name in names], what, START_TIMEOUT_S)


def say(url: str, sender: str, message: str, session: Optional[requests.Session] = None) -> List[Dict]:
    reply = (session or requests).post(f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": message},
                                       timeout=300)
    reply.raise_for_status()
    return reply.json()


# --- load ----------------------------------------------------------------------------------------

def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = (len(ordered) - 1) * q
    low, high = int(rank), min(int(rank) + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


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
    return {"messages": len(latencies), "errors": len(errors), "unanswered": len(unanswered),
            "seconds": round(elapsed, 2),
            "msgs_per_s": round(len(latencies) / elapsed, 2),
            "mean_ms": round(statistics.fmean(latencies) * 1000, 1) if latencies else float("nan"),
            "p50_ms": round(percentile(latencies, 0.50) * 1000, 1),
            "p95_ms": round(percentile(latencies, 0.95) * 1000, 1),
            "p99_ms": round(percentile(latencies, 0.99) * 1000, 1),
            "first_p50_ms": round(percentile(firsts, 0.50) * 1000, 1),
            "first_max_ms": round(max(firsts, default=float("nan")) * 1000, 1)}


# --- the two bots ----------------------------------------------------------------------------------

def train_assistant(work: Path) -> float:
    """Clean training of the assistant: a fresh Rasa cache, a model written to a temp folder."""
    log("training the assistant from scratch (fresh cache) ...")
    started = time.perf_counter()
    subprocess.run([str(BIN / "rasa"), "train", "--out", str(work / "assistant-models"),
                    "--fixed-model-name", "bench", "--quiet"], cwd=ROOT, check=True,
                   env=base_env(RASA_CACHE_DIRECTORY=str(work / "cache-assistant")),
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return round(time.perf_counter() - started, 1)


def init_baseline(work: Path) -> tuple:
    """`rasa init --no-prompt` in a temporary folder: the starter bot, trained (timed)."""
    log("rasa init --no-prompt (writes the starter bot and trains it, fresh cache) ...")
    folder = work / "baseline"
    folder.mkdir()
    started = time.perf_counter()
    subprocess.run([str(BIN / "rasa"), "init", "--no-prompt", "--init-dir", str(folder)], cwd=work, check=True,
                   env=base_env(RASA_CACHE_DIRECTORY=str(work / "cache-baseline")),
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seconds = round(time.perf_counter() - started, 1)
    model = sorted((folder / "models").glob("*.tar.gz"))[-1]
    return folder, model, seconds


def serve_and_measure(name: str, procs: Procs, work: Path, folder: Path, model: Path, turns: Sequence[str],
                      rasa_cmd: Sequence[str], action_env: Dict[str, str]) -> Dict:
    """Start the bot's action server and Rasa server (SQLite tracker store), time the first
    answer, run the load levels, read the RSS."""
    rasa_port, action_port = free_port(), free_port()
    endpoints = work / f"{name}-endpoints.yml"
    endpoints.write_text(f'action_endpoint:\n  url: "http://127.0.0.1:{action_port}/webhook"\n'
                         f'tracker_store:\n  type: SQL\n  dialect: sqlite\n  db: "{work / (name + ".db")}"\n')
    url = f"http://127.0.0.1:{rasa_port}"
    log(f"{name}: starting its action server and Rasa server ...")
    started = time.perf_counter()
    procs.start(f"{name}-actions", [str(BIN / "rasa"), "run", "actions", "--actions", "actions",
                                    "--port", str(action_port)], folder, base_env(SANIC_HOST="127.0.0.1", **action_env))
    procs.start(f"{name}-rasa", [*rasa_cmd, "--model", str(model), "--interface", "127.0.0.1", "--port", str(rasa_port),
                                 "--endpoints", str(endpoints), "--credentials", "credentials.yml"], folder, base_env())
    wait_for(lambda: bool(say(url, "bench-first", "hi")), procs, [f"{name}-actions", f"{name}-rasa"],
             f"{name}'s first answer")
    first_answer = round(time.perf_counter() - started, 1)
    log(f"{name}: first answer after {first_answer}s; warming up, then the load levels ...")
    load(url, turns, 2, len(turns))  # warm-up: every kind of message once
    results = {"first_answer_s": first_answer, "levels": {}}
    pids = [procs.running[f"{name}-rasa"].pid, procs.running[f"{name}-actions"].pid]
    for conversations, per_conversation in LEVELS:
        cpu_before = sum(cpu_seconds(pid) for pid in pids)
        level = results["levels"][conversations] = load(url, turns, conversations, per_conversation)
        level["cpu_ms_per_msg"] = round((sum(cpu_seconds(pid) for pid in pids) - cpu_before) * 1000
                                        / level["messages"], 1)
        log(f"{name}: {conversations} concurrent: {level}")
    results["rasa_mb"] = rss_mb(procs.running[f"{name}-rasa"].pid)
    results["actions_mb"] = rss_mb(procs.running[f"{name}-actions"].pid)
    log(f"{name}: RSS rasa {results['rasa_mb']}, actions {results['actions_mb']}")
    procs.stop(f"{name}-rasa")
    procs.stop(f"{name}-actions")
    return results


# --- the production profile ------------------------------------------------------------------------

@contextmanager
def postgres_database(env: Dict[str, str], name: str) -> Iterator[None]:
    import psycopg2

    def run(sql: str) -> None:
        with closing(psycopg2.connect(host=env["POSTGRES_HOST"], port=env["POSTGRES_PORT"],
                                      user=env["POSTGRES_USER"], password=env["POSTGRES_PASSWORD"] or None,
                                      dbname="postgres")) as conn:
            conn.autocommit = True
            conn.cursor().execute(sql)

    run(f"CREATE DATABASE {name}")
    try:
        yield
    finally:
        run(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def production_scaling(procs: Procs, work: Path) -> Dict:
    """1 action server, 2 Rasa replicas, and two nginx instances: one sending to replica 1 only,
    one to both. Throughput with 50 concurrent conversations through each, twice, alternating."""
    run_id = uuid.uuid4().hex[:8]
    ports = {"action": free_port(), "rasa1": free_port(), "rasa2": free_port()}
    env = prod.settings({**base_env(), **rabbitmq.names("bench"),  # events to a queue of its own, deleted after
                         "POSTGRES_DB": f"career_bench_{run_id}", "REDIS_KEY_PREFIX": f"bench{run_id}",
                         "PROD_RUN_DIR": str(work / "prod-1"), "PROD_PORT": str(free_port()),
                         "ACTIONS_PROXY_PORT": str(free_port())})
    one = dict(env)
    two = {**env, "PROD_RUN_DIR": str(work / "prod-2"), "PROD_PORT": str(free_port()),
           "ACTIONS_PROXY_PORT": str(free_port())}
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
                wait_for(lambda: requests.get(f"http://127.0.0.1:{port}/", timeout=2).ok, procs, names,
                         f"replica on {port}")
            urls = {1: f"http://127.0.0.1:{one['PROD_PORT']}", 2: f"http://127.0.0.1:{two['PROD_PORT']}"}
            for replicas in (1, 2):
                wait_for(lambda: requests.get(f"{urls[replicas]}/webhooks/rest/", timeout=2).ok, procs, names,
                         "nginx")
                load(urls[replicas], ASSISTANT_TURNS, 4, len(ASSISTANT_TURNS))  # warm-up
            for round_ in range(2):
                for replicas in (1, 2):
                    result = load(urls[replicas], ASSISTANT_TURNS, 50, 8)
                    results["runs"].append({"replicas": replicas, **result})
                    log(f"production, {replicas} replica(s), round {round_ + 1}: {result}")
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
        results[replicas] = {"msgs_per_s": round(statistics.mean(r["msgs_per_s"] for r in runs), 2),
                             "p50_ms": round(statistics.mean(r["p50_ms"] for r in runs), 1),
                             "p99_ms": round(statistics.mean(r["p99_ms"] for r in runs), 1),
                             "errors": sum(r["errors"] for r in runs)}
    return results


# --- report ----------------------------------------------------------------------------------------

def machine() -> Dict[str, str]:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor() or "unknown")
    memory = next((int(line.split()[1]) // 1024 // 1024 for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), 0)
    return {"date": dt.date.today().isoformat(), "nproc": str(os.cpu_count()), "cpu": cpu,
            "memory_gb": str(memory), "python": platform.python_version()}


def table(data: Dict) -> str:
    a, b, p = data["assistant"], data["baseline"], data["production"]

    def ratio(x: float, y: float) -> str:
        return f"{x / y:.2f}" if y else "–"

    def check(ok: bool) -> str:
        return "met" if ok else "**missed**"

    rows = ["| metric | assistant | baseline (`rasa init`) | ratio assistant / baseline | target |",
            "| --- | ---: | ---: | ---: | --- |"]
    for level, _ in LEVELS:
        la, lb = a["levels"][level], b["levels"][level]
        for q in ("mean", "p50", "p95", "p99"):
            r = la[f"{q}_ms"] / lb[f"{q}_ms"]
            target = f"≤ 1.00: {check(r <= 1.0)}" if q in ("p50", "p99") else ""
            rows.append(f"| latency {q}, {level} concurrent conversation{'s' if level > 1 else ''} (ms) | "
                        f"{la[f'{q}_ms']:.0f} | {lb[f'{q}_ms']:.0f} | {r:.2f} | {target} |")
    la, lb = a["levels"][50], b["levels"][50]
    for q, label in (("first_p50", "p50"), ("first_max", "max")):
        rows.append(f"| first answer of a conversation, {label}, 50 concurrent conversations (ms) | "
                    f"{la[f'{q}_ms']:.0f} | {lb[f'{q}_ms']:.0f} | {ratio(la[f'{q}_ms'], lb[f'{q}_ms'])} | |")
    cpu_a, cpu_b = a["levels"][1]["cpu_ms_per_msg"], b["levels"][1]["cpu_ms_per_msg"]
    rows.append(f"| CPU time per message, Rasa server + action server, 1 conversation (ms) | "
                f"{cpu_a:.1f} | {cpu_b:.1f} | {ratio(cpu_a, cpu_b)} | |")
    rows.append(f"| sustained messages/s (50 conversations, {la['messages']} messages) | {la['msgs_per_s']:.1f} | "
                f"{lb['msgs_per_s']:.1f} | {ratio(la['msgs_per_s'], lb['msgs_per_s'])} | |")
    def total(bot: Dict, key: str) -> int:
        return sum(level[key] for level in bot["levels"].values())

    rows.append(f"| failed requests (HTTP error, timeout) | {total(a, 'errors')} | {total(b, 'errors')} | | 0 |")
    unanswered = (total(a, "unanswered"), total(b, "unanswered"))
    rows.append(f"| messages the bot left unanswered (`[]`) | {unanswered[0]} | {unanswered[1]} | | |")
    rows.append(f"| Rasa server RSS after the load (MB) | {a['rasa_mb']['rss']:.0f} | {b['rasa_mb']['rss']:.0f} | "
                f"{ratio(a['rasa_mb']['rss'], b['rasa_mb']['rss'])} | |")
    rows.append(f"| action server RSS after the load (MB) | {a['actions_mb']['rss']:.0f} | "
                f"{b['actions_mb']['rss']:.0f} (no custom actions) | "
                f"{ratio(a['actions_mb']['rss'], b['actions_mb']['rss'])} | "
                f"≤ 150 MB: {check(a['actions_mb']['rss'] <= 150)} |")
    rows.append(f"| start to first answer (s) | {a['first_answer_s']:.1f} | {b['first_answer_s']:.1f} | "
                f"{ratio(a['first_answer_s'], b['first_answer_s'])} | |")
    rows.append(f"| clean training time (s) | {data['training']['assistant_s']:.0f} | "
                f"{data['training']['baseline_s']:.0f} | "
                f"{ratio(data['training']['assistant_s'], data['training']['baseline_s'])} | |")
    scale = p[2]["msgs_per_s"] / p[1]["msgs_per_s"]
    for replicas in (1, 2):
        rounds = ", ".join(f"{r['msgs_per_s']:.1f}" for r in p["runs"] if r["replicas"] == replicas)
        rows.append(f"| production profile, {replicas} Rasa replica{'s' if replicas > 1 else ''}: messages/s, "
                    f"mean of rounds ({rounds}); p50 / p99 ms | {p[replicas]['msgs_per_s']:.1f}; "
                    f"{p[replicas]['p50_ms']:.0f} / {p[replicas]['p99_ms']:.0f} | | | |")
    rows.append(f"| production profile, 2 replicas / 1 replica throughput | {scale:.2f}× | | | "
                f"≥ 1.5×: {check(scale >= 1.5)} |")
    m = data["machine"]
    head = (f"Measured {m['date']} on this machine: {m['nproc']} CPU cores ({m['cpu']}), {m['memory_gb']} GB RAM, "
            f"Python {m['python']}, Rasa 3.6.21; load average {data['load_before']} when the run began "
            f"(the machine is shared). Total benchmark time {data['total_s'] / 60:.1f} min.")
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
    parser.add_argument("--skip-training", action="store_true", help="reuse the last run's training times")
    args = parser.parse_args()
    if not MODEL.exists():
        raise SystemExit(f"no {MODEL}: run make train")
    began = time.perf_counter()
    data: Dict = {"machine": machine(), "load_before": " ".join(Path("/proc/loadavg").read_text().split()[:3])}
    work = Path(tempfile.mkdtemp(prefix="bench-"))
    procs = Procs(work)
    log(f"work folder {work}; machine {data['machine']}; load {data['load_before']}")
    try:
        baseline_dir, baseline_model, baseline_train = init_baseline(work)
        if args.skip_training and args.json.exists():
            data["training"] = json.loads(args.json.read_text())["training"]
        else:
            data["training"] = {"assistant_s": train_assistant(work), "baseline_s": baseline_train}
        log(f"training: {data['training']}")
        data["baseline"] = serve_and_measure(
            "baseline", procs, work, baseline_dir, baseline_model, BASELINE_TURNS,
            [str(BIN / "rasa"), "run"], {"PYTHONPATH": str(baseline_dir)})
        data["assistant"] = serve_and_measure(
            "assistant", procs, work, ROOT, MODEL, ASSISTANT_TURNS,
            [str(BIN / "python"), "-m", "gateway", "run"], {})
        data["production"] = production_scaling(procs, work)
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
