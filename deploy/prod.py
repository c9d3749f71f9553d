"""The production profile with one command: ``make run-prod`` (``python -m deploy.prod``).

Fills in the settings not given in the environment (local PostgreSQL and Redis, 2 Rasa replicas,
1 action server, ports), renders nginx's configuration (which also serves the website's config.js)
into the run folder, then hands over to honcho, which starts deploy/Procfile.prod's processes and stops them
all on Ctrl-C / SIGTERM (or when one of them dies):

    action  x ACTION_SERVERS  ports PORT_BASE, PORT_BASE+1, ...
    rasa    x RASA_REPLICAS   ports PORT_BASE+100, PORT_BASE+101, ...  (honcho's $PORT numbering)
    nginx   x 1               PROD_HOST:PROD_PORT (website, /webhooks/, /socket.io/), and the
                              action servers' load balancer on 127.0.0.1:ACTIONS_PROXY_PORT
    analytics x 1             the events from RabbitMQ into PostgreSQL (analytics/consumer.py)

``python -m deploy.prod --config-only`` only renders nginx.conf (for an nginx on its own machine:
set RASA_UPSTREAMS / ACTION_UPSTREAMS to the other machines' host:port lists).
"""

from __future__ import annotations

import importlib.util
import os
import re
import sys
from pathlib import Path
from typing import Dict, List, Mapping, Sequence
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
PROCFILE = DEPLOY / "Procfile.prod"
NGINX = "/usr/sbin/nginx"

DEFAULTS = {
    "RASA_REPLICAS": "2",
    "ACTION_SERVERS": "1",
    "PORT_BASE": "5100",
    "PROD_HOST": "127.0.0.1",
    "PROD_PORT": "8000",
    "MODEL": "models/current.tar.gz",
    "POSTGRES_HOST": "127.0.0.1",
    "POSTGRES_PORT": "5432",
    "POSTGRES_USER": "postgres",
    "POSTGRES_PASSWORD": "",
    "POSTGRES_DB": "career_assistant",
    "POSTGRES_LOGIN_DB": "postgres",
    "REDIS_HOST": "127.0.0.1",
    "REDIS_PORT": "6379",
    "REDIS_DB": "1",
    "REDIS_PASSWORD": "",
    "REDIS_KEY_PREFIX": "careerassistant",
    "RABBITMQ_HOST": "127.0.0.1",
    "RABBITMQ_PORT": "5672",
    "RABBITMQ_USER": "guest",
    "RABBITMQ_PASSWORD": "guest",
    "RABBITMQ_EXCHANGE": "careerassistant",
    "RABBITMQ_QUEUE": "careerassistant-analytics",
    "ANALYTICS_DB": "career_assistant_analytics",
}


def settings(environ: Mapping[str, str] = os.environ) -> Dict[str, str]:
    """The environment the profile's processes get: ``environ`` plus defaults for what is unset."""
    env = dict(environ)
    for key, value in DEFAULTS.items():
        env.setdefault(key, value)
    env.setdefault("PUBLIC_URL", f"http://localhost:{env['PROD_PORT']}")
    public = urlsplit(env["PUBLIC_URL"])
    if public.scheme not in ("http", "https") or not public.netloc or re.search(r"[\s'\"\\$;{}]", env["PUBLIC_URL"]):
        raise SystemExit(f"PUBLIC_URL must be an http(s) URL, not {env['PUBLIC_URL']!r}")
    env["PUBLIC_URL"] = env["PUBLIC_URL"].rstrip("/")
    env.setdefault("CORS_ORIGINS", f"{public.scheme}://{public.netloc}")
    env.setdefault("PUBLIC_BASE_URL", env["PUBLIC_URL"])  # where the action server's charts are
    env.setdefault("ACTIONS_PROXY_PORT", str(int(env["PORT_BASE"]) + 200))
    env.setdefault("ACTIONS_URL", f"http://127.0.0.1:{env['ACTIONS_PROXY_PORT']}/webhook")
    env["PROD_RUN_DIR"] = str(Path(env.get("PROD_RUN_DIR") or DEPLOY / "run").resolve())
    if not env["REDIS_KEY_PREFIX"].isalnum():
        raise SystemExit("REDIS_KEY_PREFIX must be letters and digits only (Rasa ignores others)")
    for key in ("RASA_REPLICAS", "ACTION_SERVERS"):
        if not env[key].isdigit() or int(env[key]) < 1:
            raise SystemExit(f"{key} must be a whole number >= 1, not {env[key]!r}")
    return env


def local_ports(env: Mapping[str, str]) -> Dict[str, List[int]]:
    """The ports honcho gives each process (``-p PORT_BASE``: +100 per Procfile line, +1 per copy)."""
    base = int(env["PORT_BASE"])
    return {
        "action": [base + i for i in range(int(env["ACTION_SERVERS"]))],
        "rasa": [base + 100 + i for i in range(int(env["RASA_REPLICAS"]))],
    }


def _servers(addresses: Sequence[str], options: str) -> str:
    return "\n".join(f"        server {address} {options};" for address in addresses)


def _load_web_serve():
    spec = importlib.util.spec_from_file_location("web_serve", ROOT / "web" / "serve.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def write_configs(env: Mapping[str, str], rasa: Sequence[str] = (), actions: Sequence[str] = ()) -> Path:
    """Render nginx.conf into PROD_RUN_DIR. Upstreams ``rasa`` / ``actions`` as host:port: by
    default this machine's ports, or RASA_UPSTREAMS / ACTION_UPSTREAMS. It serves the website's
    config.js itself (the one web/serve.py would generate, pointing at PUBLIC_URL)."""
    ports = local_ports(env)
    rasa = list(rasa) or env.get("RASA_UPSTREAMS", "").split() or [f"127.0.0.1:{p}" for p in ports["rasa"]]
    actions = list(actions) or env.get("ACTION_UPSTREAMS", "").split() or [f"127.0.0.1:{p}" for p in ports["action"]]
    run_dir = Path(env["PROD_RUN_DIR"])
    run_dir.mkdir(parents=True, exist_ok=True)
    values = {
        "run_dir": str(run_dir),
        "web_dir": str(ROOT / "web"),
        "listen": f"{env['PROD_HOST']}:{env['PROD_PORT']}",
        "actions_port": env["ACTIONS_PROXY_PORT"],
        "rasa_servers": _servers(rasa, "max_fails=1 fail_timeout=5s"),
        "action_servers": _servers(actions, "max_fails=1 fail_timeout=2s"),
    }
    web = _load_web_serve()  # the same config.js as `make run`'s website, pointing at nginx
    config_js = web.config_js(web.bot_url({"BOT_URL": env["PUBLIC_URL"]})).decode()
    values["config_js"] = config_js.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n")
    text = (DEPLOY / "nginx.conf").read_text()
    for name, value in values.items():
        text = text.replace("{{%s}}" % name, value)
    (run_dir / "nginx.conf").write_text(text)
    return run_dir


def honcho_command(env: Mapping[str, str]) -> List[str]:
    return [
        str(ROOT / ".venv" / "bin" / "honcho"),
        "--procfile",
        str(PROCFILE),
        "--app-root",
        str(ROOT),
        "start",
        "--port",
        env["PORT_BASE"],
        "--concurrency",
        f"action={env['ACTION_SERVERS']},rasa={env['RASA_REPLICAS']},nginx=1,analytics=1",
    ]


def main(argv: Sequence[str] = sys.argv[1:]) -> None:
    env = settings()
    run_dir = write_configs(env)
    if "--config-only" in argv:
        print(f"wrote {run_dir / 'nginx.conf'}")
        return
    if not Path(NGINX).exists():
        raise SystemExit(f"{NGINX} not found: install Debian's nginx (make nginx)")
    if not (ROOT / env["MODEL"]).exists():  # relative to the repository, or absolute
        raise SystemExit(f"no model at {env['MODEL']}: run make train")
    ports = local_ports(env)
    print(
        f"Production profile: {env['RASA_REPLICAS']} Rasa replica(s) on ports {ports['rasa']}, "
        f"{env['ACTION_SERVERS']} action server(s) on {ports['action']}, behind nginx.\n"
        f"  website + chat widget: {env['PUBLIC_URL']}\n"
        f"  REST: curl -s {env['PUBLIC_URL']}/webhooks/rest/webhook -H 'Content-Type: application/json'"
        f' -d \'{{"sender":"me","message":"hi"}}\'\n'
        f"  conversations: postgresql://{env['POSTGRES_USER']}@{env['POSTGRES_HOST']}:{env['POSTGRES_PORT']}"
        f"/{env['POSTGRES_DB']}; locks: redis://{env['REDIS_HOST']}:{env['REDIS_PORT']}/{env['REDIS_DB']}\n"
        f"  analytics: events via RabbitMQ {env['RABBITMQ_HOST']}:{env['RABBITMQ_PORT']} (queue "
        f"{env['RABBITMQ_QUEUE']}) into PostgreSQL; make report EVENTS_DB=postgresql://"
        f"{env['POSTGRES_USER']}@{env['POSTGRES_HOST']}:{env['POSTGRES_PORT']}/{env['ANALYTICS_DB']}\n"
        f"  Stop with Ctrl-C.",
        flush=True,
    )
    os.chdir(ROOT)
    command = honcho_command(env)
    os.execve(command[0], command, env)


if __name__ == "__main__":
    main()
