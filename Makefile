# The front door: `make help` lists what is here. Everything goes through ./pants, which
# installs Pants itself on first use (needs CPython 3.9; the project runs on 3.11).
SHELL := /usr/bin/env bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

PANTS := ./pants

# `make owners PATH=<file>` (the name the docs use) sets make's PATH, which would also be the
# recipes' search path: keep the value as the paths asked about, and put the search path back
# from the environment make started with.
ifeq ($(origin PATH),command line)
ASKED_PATHS := $(PATH)
STARTED_PATH := $(shell /usr/bin/printenv PATH)
override PATH := $(if $(filter $(ASKED_PATHS),$(STARTED_PATH)),/usr/local/bin:/usr/bin:/bin,$(STARTED_PATH))
export PATH
endif
BASE ?= main
WITH_DB := build-support/with-test-db
DEV_VENV := dist/export/python/virtualenvs/python-default/$(shell python3.11 -c 'import platform; print(platform.python_version())' 2>/dev/null || echo 3.11)

.PHONY: help
help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  \033[36m%-16s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

.PHONY: setup
setup: ## Install Pants and export the dev venv (IDE, alembic, tools) to .venv
	$(PANTS) --version >/dev/null
	$(PANTS) export --resolve=python-default
	ln -sfn $(DEV_VENV) .venv
	@echo "dev venv: .venv (point your IDE at .venv/bin/python)"

.PHONY: run
run: .venv ## Start both APIs with hot reload (and a local PostgreSQL unless DATABASE_URL is set)
	build-support/run-dev

# Re-exported whenever the lockfile changed since (a pull that adds a dependency, say).
.venv: 3rdparty/python/default.lock
	$(MAKE) setup

.PHONY: test
test: ## Run the tests: unit, integrated (PostgreSQL) and external (app processes)
	rm -rf dist/test/reports
	$(WITH_DB) $(PANTS) --tag=-reliability test ::
	@python3 build-support/checks/test_summary.py

.PHONY: reliability
reliability: ## Storms, restarts, kills and contract runs against the packaged apps (figures printed)
	rm -rf dist/test/reports
	@# One file at a time: each loads the machine on purpose, and storms sharing two cores with
	@# a schemathesis run would measure each other.
	$(WITH_DB) $(PANTS) --process-execution-local-parallelism=1 --tag=reliability test \
	  --test-force --test-output=all :: -- -s -p no:cacheprovider
	@python3 build-support/checks/test_summary.py

.PHONY: test-unit
test-unit: ## Run unit tests only
	$(PANTS) --tag=unit test ::

.PHONY: test-integrated
test-integrated: ## Run integrated tests only (real PostgreSQL)
	$(WITH_DB) $(PANTS) --tag=integrated test ::

.PHONY: test-external
test-external: ## Run external tests only (apps as real server processes)
	$(WITH_DB) $(PANTS) --tag=external test ::

.PHONY: test-changed
test-changed: ## Run the tests of what changed against BASE (default main) and its dependents
	$(WITH_DB) $(PANTS) --tag=-reliability $$(build-support/affected $(BASE)) test

.PHONY: test_reload
test_reload: ## Re-run the affected tests whenever a file changes (Ctrl-C to stop)
	$(WITH_DB) $(PANTS) --loop --tag=-reliability $$(build-support/affected $(BASE)) test

.PHONY: coverage
coverage: .venv ## Every test with coverage, app processes included: one combined figure
	$(WITH_DB) $(PANTS) --tag=-reliability test --use-coverage ::
	@# Product code only: not test support, build plugins or scripts.
	.venv/bin/coverage report --data-file=dist/coverage/python/.coverage --skip-empty \
	  --omit='pants-plugins/*,build-support/*,libs/testing/*,*/versions/*'
	@echo "XML report: dist/coverage/python/coverage.xml"

.PHONY: fmt
fmt: ## Fix and format the code (ruff check --fix, ruff format)
	$(PANTS) fix fmt ::

.PHONY: check
check: ## Lint, types, tailor, layer rules, lock, lib and app versions, owners, settings reference, test kinds, workflows, images
	$(PANTS) tailor --check update-build-files --check ::
	$(PANTS) lint check ::
	python3 build-support/checks/lock_fresh.py
	python3 build-support/checks/versions.py $(BASE)
	python3 build-support/checks/owners.py check
	python3 build-support/checks/owners.py isolated
	python3 build-support/checks/test_kinds.py
	python3 build-support/checks/layer_rules.py
	python3 build-support/checks/docs_assets.py check
	$(MAKE) --no-print-directory contract-gate
	.venv/bin/python build-support/dev/clients.py check
	build-support/node/node_modules/.bin/tsc -p libs/public_api_client/typescript
	DATABASE_URL=postgresql://unused@127.0.0.1:1/unused \
	  build-support/in-dev-venv python build-support/dev/openapi_documents.py check
	build-support/in-dev-venv python build-support/dev/settings_reference.py check
	build-support/in-dev-venv python build-support/dev/manifests.py check
	$(MAKE) --no-print-directory lint-ops

.PHONY: owners
owners: ## Who owns a file and which apps a change to it ships: make owners PATH=apps/worker
	@test -n "$(ASKED_PATHS)" || { echo 'usage: make owners PATH=<file or folder>...'; exit 2; }
	python3 build-support/checks/owners.py who $(ASKED_PATHS)

.PHONY: contract-gate
contract-gate: node-tools ## Refuse breaking API changes against BASE unless announced; self-test
	python3 build-support/checks/contract_gate.py --self-test
	python3 build-support/checks/contract_gate.py $(BASE)

.PHONY: lint-ops
lint-ops: .venv ## Lint the GitHub workflows (actionlint), Dockerfiles (hadolint), compose files
	.venv/bin/actionlint -color=false .github/workflows/*.yml
	.venv/bin/hadolint apps/*/Dockerfile migrations/Dockerfile
	build-support/checks/compose_config.sh
	@echo "workflows and Dockerfiles: clean"

.PHONY: openapi
openapi: .venv ## Write each app's contract documents beside it (OpenAPI of the APIs, AsyncAPI of the worker's events)
	@# A database URL that is never connected to: the documents come from the code alone.
	DATABASE_URL=postgresql://unused@127.0.0.1:1/unused \
	  build-support/in-dev-venv python build-support/dev/openapi_documents.py write

.PHONY: settings-reference
settings-reference: .venv ## Write .env.example and the README's table of settings from the code
	build-support/in-dev-venv python build-support/dev/settings_reference.py write

.PHONY: clients
clients: .venv node-tools ## Regenerate the typed clients (Python, TypeScript) from the documents
	.venv/bin/python build-support/dev/clients.py write

.PHONY: docs-assets
docs-assets: node-tools ## Vendor the docs UI (Swagger UI) from the npm package the lockfile pins
	python3 build-support/checks/docs_assets.py write

.PHONY: node-tools
node-tools: build-support/node/node_modules/.installed ## Install the pinned npm build tools

# Re-installed whenever the lockfile changed since.
build-support/node/node_modules/.installed: build-support/node/package-lock.json \
  libs/public_api_client/typescript/package-lock.json
	npm ci --prefix build-support/node --no-audit --no-fund --loglevel=error
	npm ci --prefix libs/public_api_client/typescript --no-audit --no-fund --loglevel=error
	touch $@

.PHONY: lock
lock: ## Re-resolve 3rdparty/python/requirements.txt into the lockfile
	$(PANTS) generate-lockfiles --resolve=python-default

.PHONY: package
package: ## Build every PEX and every lib's wheel into dist/, and check what each PEX holds
	$(PANTS) package $$($(PANTS) list --filter-target-type=pex_binary,python_distribution ::)
	python3 build-support/checks/pex_contents.py

.PHONY: images
images: package .venv ## Build every app's image (Docker, or podman without an engine), check /readyz, publish locally
	build-support/images
	$(WITH_DB) build-support/checks/image_readyz.sh
	$(MAKE) --no-print-directory publish-check

.PHONY: publish
publish: package .venv ## Release every app whose version is not released yet: make publish REGISTRY=ghcr.io/acme
	@test -n "$(REGISTRY)" || { echo 'usage: make publish REGISTRY=<registry host/namespace>'; exit 2; }
	build-support/in-dev-venv python build-support/dev/release.py publish --registry $(REGISTRY) $(RELEASE_FLAGS)

.PHONY: publish-check
publish-check: package .venv ## A local registry: publish the unreleased apps, pull one back, run it to /readyz
	$(WITH_DB) build-support/checks/publish_local.sh

.PHONY: manifests
manifests: .venv node-tools ## Render the Kubernetes overlays with this build's image tags: make manifests REGISTRY=ghcr.io/acme
	build-support/in-dev-venv python build-support/dev/manifests.py render $(REGISTRY)

.PHONY: audit
audit: .venv ## Audit the locked dependencies for known vulnerabilities (needs osv.dev; nightly in CI)
	python3 build-support/checks/audit.py .venv/bin/pip-audit

.PHONY: migration
migration: .venv ## Create a migration from the entities: make migration name="add products"
	@test -n "$(name)" || { echo 'usage: make migration name="what it does"'; exit 2; }
	APP_ENV=development build-support/in-dev-venv python -m shop.migrations revision --autogenerate -m "$(name)"

.PHONY: migrate
migrate: .venv ## Apply migrations to DATABASE_URL (default: the local development database)
	APP_ENV=development build-support/in-dev-venv python -m shop.migrations upgrade head

.PHONY: db-stop
db-stop: ## Stop the throwaway PostgreSQL that tests and `make run` start
	python3 libs/testing/shop/testing/pg_server.py stop

.PHONY: clean
clean: ## Remove build outputs (dist/) and stop pantsd
	rm -rf dist .venv
	$(PANTS) --no-pantsd clean-all 2>/dev/null || true

.PHONY: bench
bench: package .venv ## Benchmark both APIs against bare endpoints (wrk), the export and the worker
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get install -y -qq wrk >/dev/null; } \
	  || { echo "bench needs wrk (apt-get install wrk)"; exit 1; }
	$(WITH_DB) build-support/in-dev-venv python bench/public_api.py
	$(WITH_DB) build-support/in-dev-venv python bench/admin_api.py
	$(WITH_DB) build-support/in-dev-venv python bench/worker.py

.PHONY: seed
seed: .venv ## Load demo data (products, an owner, a customer) into the dev database; re-runnable
	APP_ENV=development build-support/in-dev-venv python -m shop.migrations.seed
