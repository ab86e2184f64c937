#!/usr/bin/env bash
# Runs every test: unit tests (*Test) and kernel/namespace/process tests (*IT), as root.
# Installs what it needs first. CI calls exactly this (see .ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export CI="${CI:-false}"
mvn -B -ntp -fae verify "$@"
