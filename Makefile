# AsA-Assistent. `make run` installs and starts everything; `make test` installs and runs the suite.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV      := .venv
PY        := $(VENV)/bin/python
RASA      := $(VENV)/bin/rasa
STAMP     := $(VENV)/.installed
WEB_STAMP := .venv-web/.installed
LINT_STAMP := .venv-lint/.installed
IAC_STAMP := .venv-iac/.installed
SPACY_DE  := build/spacy_de/meta.json
DOMAIN    := build/domain.yml
MODEL     := models/asa.tar.gz
CHROMIUM  := /usr/bin/chromium
AXE       := tests/a11y/node_modules/axe-core/axe.min.js
export PYTHONHASHSEED := 0
export TF_CPP_MIN_LOG_LEVEL := 2
export RASA_TELEMETRY_ENABLED := false
export SQLALCHEMY_SILENCE_UBER_WARNING := 1

NLU_DATA  := $(wildcard nlu/*.yml) $(wildcard data/*.yml)
TRAIN_INPUTS := config.yml domain.yml $(DOMAIN) $(NLU_DATA) $(wildcard components/*.py) $(SPACY_DE)

SERVICES  := /usr/bin/redis-server /usr/sbin/nginx

.PHONY: help install model faq-responses run run-scaled test test-fast lint check-deploy lock validate nlu-report search-report check-paths bench load audit screenshots \
        hotline-user purge clean

help:
	@echo "make run         install, train if needed, start Rasa (5005), actions (5055), web app (8000)"
	@echo "make test        install, train if needed, run the whole test suite"
	@echo "make test-fast   the tests that need no browser, database server, running assistant or trained model"
	@echo "make faq-responses  after editing knowledge/faq.yml: data/faq_responses.yml, which Rasa reads"
	@echo "make lint        ruff (lint, format check) and mypy on our code; part of make test and make test-fast"
	@echo "make lock        after editing requirements*.txt: the lock files with hashes that make installs from"
	@echo "make check-deploy deploy/ against the Kubernetes schemas and the IaC scanner checkov; part of make test"
	@echo "make run-scaled  the scale-out profile: PostgreSQL, Redis, two Rasa instances, two action servers"
	@echo "make load        50 conversations for 2 minutes on the scaled profile, 1 vs. 2 Rasa instances"
	@echo "make audit       pip-audit of the installed, pinned packages (needs PyPI's or OSV's vulnerability data)"
	@echo "make nlu-report  intent accuracy on the held-out test set (tests/nlu_test.yml)"
	@echo "make search-report  hotline search: right answer in the top three (held-out set)"
	@echo "make check-paths questions the chat check asks before its verdict, on the typical paths (at most 4)"
	@echo "make bench       latency/throughput vs. Rasa's default configuration"
	@echo "make screenshots screenshots of the chat widget and the hotline pages (desktop, phone) into reports/screenshots"
	@echo "make hotline-user NAME=...  create a hotline staff account (asks for the password)"
	@echo "make purge       delete conversations older than RETENTION_DAYS (default 30); run daily"

# Every environment installs from its lock file (requirements*.lock, made from the .txt pins by
# make lock): every package pinned, every file checked against its sha256.
HASHED := --quiet --require-hashes
$(STAMP): requirements-pip.lock requirements.lock
	@PY310=$$(scripts/find_python310.sh) && { [ -x $(PY) ] || $$PY310 -m venv $(VENV); }
	$(PY) -m pip install $(HASHED) -r requirements-pip.lock
	$(PY) -m pip install $(HASHED) -r requirements.lock
	touch $@

install: $(STAMP) $(WEB_STAMP) $(SPACY_DE)

# the web app's own environment (bot/ imports nothing from Rasa): current FastAPI, Starlette, pydantic 2
$(WEB_STAMP): requirements-pip.lock requirements-web.lock
	@PY310=$$(scripts/find_python310.sh) && { [ -x .venv-web/bin/python ] || $$PY310 -m venv .venv-web; }
	.venv-web/bin/python -m pip install $(HASHED) -r requirements-pip.lock
	.venv-web/bin/python -m pip install $(HASHED) -r requirements-web.lock
	touch $@

# ruff and mypy in a venv of their own (not under Rasa's pins); mypy reads our packages' imports from .venv
$(LINT_STAMP): requirements-pip.lock requirements-lint.lock
	@PY310=$$(scripts/find_python310.sh) && { [ -x .venv-lint/bin/python ] || $$PY310 -m venv .venv-lint; }
	.venv-lint/bin/python -m pip install $(HASHED) -r requirements-pip.lock
	.venv-lint/bin/python -m pip install $(HASHED) -r requirements-lint.lock
	touch $@

# Kubernetes schemas (shipped by kubernetes-validate) and the IaC scanner checkov over deploy/
$(IAC_STAMP): requirements-pip.lock requirements-iac.lock
	@PY310=$$(scripts/find_python310.sh) && { [ -x .venv-iac/bin/python ] || $$PY310 -m venv .venv-iac; }
	.venv-iac/bin/python -m pip install $(HASHED) -r requirements-pip.lock
	.venv-iac/bin/python -m pip install $(HASHED) -r requirements-iac.lock
	touch $@

# after editing a requirements*.txt: resolve every environment again into its lock file (needs the registry)
lock:
	python3 scripts/lock_requirements.py --python $$(scripts/find_python310.sh)

check-deploy: $(IAC_STAMP)
	.venv-iac/bin/kubernetes-validate --strict --quiet deploy/k8s/asa-assistent.yaml
	.venv-iac/bin/checkov --directory deploy --compact --quiet --skip-download

lint: $(LINT_STAMP) $(STAMP) $(WEB_STAMP)
	.venv-lint/bin/ruff check .
	.venv-lint/bin/ruff format --check .
	.venv-lint/bin/mypy --python-executable $(PY)
	.venv-lint/bin/mypy --python-executable .venv-web/bin/python bot

$(SPACY_DE): $(STAMP) scripts/build_spacy_de.py
	$(PY) scripts/build_spacy_de.py build/spacy_de

# checks domain.yml's answer slots and data/faq_responses.yml against their sources, then writes the whole domain
$(DOMAIN): $(STAMP) domain.yml knowledge/faq.yml data/faq_responses.yml actions/eligibility/schema.py scripts/build_domain.py
	$(PY) scripts/build_domain.py $@

# after editing knowledge/faq.yml: the FAQ responses Rasa reads (committed, so the stock Rasa CLI finds them)
faq-responses: $(STAMP)
	$(PY) scripts/build_domain.py --responses

# Trains only when data, domain, config or the custom components changed. The same files as the stock
# `rasa train` from the root reads: domain.yml, and under data/ the rules, the FAQ responses and nlu/ (a link).
$(MODEL): $(TRAIN_INPUTS)
	$(RASA) train --config config.yml --domain domain.yml --data data --out models \
	  --fixed-model-name asa --quiet --skip-validation
	touch $@

model: $(MODEL)

validate: $(DOMAIN)
	$(PY) scripts/validate_data.py

run: $(MODEL) $(WEB_STAMP)
	$(PY) scripts/run_all.py

# Debian's PostgreSQL, Redis and nginx for the scaled profile; the project runs its own under var/
$(SERVICES):
	scripts/install_services.sh

run-scaled: $(MODEL) $(WEB_STAMP) $(SERVICES)
	$(PY) scripts/run_scaled.py

load: $(MODEL) $(WEB_STAMP) $(SERVICES)
	$(PY) scripts/load.py

# a tool venv of its own: pip-audit's dependencies would clash with Rasa's pins. Advisories recorded as not
# reaching this project (security/accepted-risks.yml) are ignored; --strict still fails on unaudited packages.
audit: $(STAMP) $(WEB_STAMP)
	@[ -x .venv-audit/bin/pip-audit ] || { $$(scripts/find_python310.sh) -m venv .venv-audit && \
	  .venv-audit/bin/pip install --quiet "pip-audit==2.10.1"; }
	for python in $(PY) .venv-web/bin/python; do \
	  .venv-audit/bin/pip-audit --path $$($$python -c "import sysconfig; print(sysconfig.get_paths()['purelib'])") \
	    --progress-spinner off --strict $$($(PY) scripts/audit_risks.py --ignore-args) || exit 1; \
	done

# Debian's Chromium for the browser tests (a test tool's own browser download is not possible here)
$(CHROMIUM):
	scripts/install_chromium.sh

# axe-core from the npm registry (pinned in tests/a11y/package-lock.json), injected into pages by the tests
$(AXE): tests/a11y/package.json tests/a11y/package-lock.json
	cd tests/a11y && npm ci --no-audit --no-fund --loglevel=error
	touch $@

test: $(MODEL) $(WEB_STAMP) $(CHROMIUM) $(AXE) $(SERVICES) validate lint check-deploy
	.venv-web/bin/python -m pytest tests/web
	$(PY) -m pytest tests --ignore=tests/web

# The marks are set by the test modules and, from the fixtures a test uses, by tests/conftest.py.
# Extra pytest options: make test-fast ARGS="--lf" (the cache is on) or ARGS="-k rate_limit".
FAST_MARKS := not e2e and not scaled and not browser and not model
test-fast: $(STAMP) $(WEB_STAMP) $(DOMAIN) lint
	.venv-web/bin/python -m pytest tests/web -m "$(FAST_MARKS)" $(ARGS)
	$(PY) -m pytest tests --ignore=tests/web -m "$(FAST_MARKS)" $(ARGS)

nlu-report: $(MODEL)
	$(PY) scripts/nlu_report.py

search-report: $(MODEL)
	$(PY) scripts/search_report.py

check-paths: $(MODEL)
	$(PY) scripts/check_paths.py

purge: $(STAMP)
	$(PY) scripts/purge.py

hotline-user: $(STAMP)
	@test -n "$(NAME)" || { echo "Aufruf: make hotline-user NAME=vorname.nachname"; exit 2; }
	$(PY) scripts/hotline_user.py "$(NAME)"

screenshots: $(MODEL) $(WEB_STAMP) $(CHROMIUM)
	$(PY) scripts/screenshots.py reports/screenshots

bench: $(MODEL) $(WEB_STAMP)
	$(PY) scripts/bench.py $(ARGS)

clean:
	rm -rf build models reports .pytest_cache
