#!/usr/bin/env bash
# The main job: set up, build, and show Fulcrum balancing traffic in network namespaces.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
mvn -B -ntp -q -DskipTests install
echo "demo: the agent demo arrives with the agent (issue 3)"
