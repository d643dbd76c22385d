# The two quick-start targets: each works on a fresh machine as root.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
APT_PACKAGES := fonts-dejavu-core fonts-lato poppler-utils libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0
# The tests' round trips through the office suite an evaluator without Microsoft Office uses.
OFFICE_PACKAGES := libreoffice-calc-nogui libreoffice-writer-nogui
STAMP := $(VENV)/.installed

.PHONY: demo test system-deps office-deps clean

demo: $(STAMP)
	$(BIN)/rfp demo

test: $(STAMP) office-deps
	$(BIN)/ruff check rfp tests bench
	$(BIN)/ruff format --check rfp tests bench
	$(BIN)/lint-imports --no-logo
	$(BIN)/mypy
	$(BIN)/pytest -q

# Installs Debian packages only when one is missing, so repeat runs stay offline and quick.
define apt_install
	@missing=""; for p in $(1); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi
endef

system-deps:
	$(call apt_install,$(APT_PACKAGES))

office-deps:
	$(call apt_install,$(OFFICE_PACKAGES))

$(STAMP): pyproject.toml | system-deps
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

clean:
	rm -rf $(VENV) build dist .mypy_cache .ruff_cache .pytest_cache .import_linter_cache
