# The tracefs lifetimes series and its tooling.  'make help' lists the targets.
#
# Variables: KERNEL=/path/to/linux (your own kernel git tree; default: the
# pinned Debian tree), BASE=<ref in KERNEL>, CACHE=<dir> (trees, builds,
# ccache; default ~/.cache/tracefs-series), FULL=1 (make run: full plan),
# PLAN=<name> (make vm), JOBS=<n> (make -j of the kernel build), BOOT_EACH=1
# (make run: boot every patch), ONLY=<series> (make patchcheck: that series).

SHELL := /bin/bash
PLAN ?= $(if $(FULL),full,quick)
export KERNEL BASE CACHE JOBS FORCE

.PHONY: help run test deps deps-root base apply export patchcheck send build vm baseline stress bench cocci-report

help:
	@echo "make run       deps, base, apply, build, boot, test plan ($(PLAN)), report"
	@echo "make test      the project's own tests (tooling, bad input, the series in the VM)"
	@echo "make deps      install the Debian packages needed"
	@echo "make deps-root make deps + depcheck in a clean Debian 12 chroot (debootstrap; root)"
	@echo "make base      prepare the base kernel tree (pinned Debian, or KERNEL=)"
	@echo "make apply     apply each series onto the base (tracefs-series-NAME) and all (tracefs-series)"
	@echo "make export    write the branches tracefs-series-NAME back to patches/NAME/ and series.conf"
	@echo "make patchcheck  the per-patch matrix of each series: apply, build, W=1, sparse, checkpatch, ... (SKIP=)"
	@echo "make send      per series: b4 prep + cover letter + b4 send -o out/mails/NAME (never sends)"
	@echo "make build     build the kernel of the work tree (ccache, out of tree)"
	@echo "make vm        boot it and run test plan PLAN (default quick; FULL=1: full)"
	@echo "make baseline  record the plan's results on the unpatched base"
	@echo "make stress    the long reliability tests in the VM (plan stress; hours)"
	@echo "make bench     eventfs memory and speed, base vs series: table and chart"
	@echo "make cocci-report  the Coccinelle rules over fs/ and include/trace/ of the base"
	@echo "Variables: KERNEL= BASE= CACHE= FULL=1 PLAN= JOBS= FORCE=1 BOOT_EACH=1 SKIP= ONLY= (see README.md)"

run:
	@scripts/run.sh --plan $(PLAN) $(if $(BOOT_EACH),--boot-each)

test: base
	@scripts/test.sh

deps:
	@scripts/deps.sh

# Needs debootstrap (make deps); the host's apt configuration is only read.
deps-root:
	@scripts/deps-root.sh

base: deps
	@scripts/base.sh

apply: base
	@scripts/apply.sh

export:
	@scripts/export.sh

patchcheck:
	@scripts/patchcheck.sh $(if $(SKIP),--skip $(SKIP)) $(if $(ONLY),--series $(ONLY))

send:
	@scripts/send.sh

build:
	@scripts/build.sh

vm:
	@scripts/vm.sh --plan $(PLAN)

baseline:
	@scripts/baseline.sh --plan $(PLAN)

# The long profiles of selftests/reliability/ (the quick ones are in the
# quick plan).  The VM gets more than vm.sh's default hour.
stress:
	@VM_TIMEOUT=$${VM_TIMEOUT:-14400} scripts/vm.sh --plan stress

# Builds and boots the base and the series in a checkout of their own.
bench: apply
	@scripts/bench.sh

cocci-report: base
	@mkdir -p out
	@cocci/check.sh --tree "$${KERNEL:-$${CACHE:-$$HOME/.cache/tracefs-series}/linux}" fs include/trace >out/cocci-report.md
	@echo "written: out/cocci-report.md"
