#!/usr/bin/env bash
# Runs every CoachBot test: restores, builds and runs each test project of the solution.
# Installs what the tests need when it is missing: Node.js (the widget bundle) and Chromium (the widget's browser tests).
set -euo pipefail
cd "$(dirname "$0")"

missing=()
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test --solution CoachBot.sln --no-progress 2>&1 | tee "$log" || status=$?

# One plain closing line with the totals of every test module.
passed=$(grep -E '^\s+succeeded:' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -E '^\s+failed:' "$log" | awk '{s+=$2} END {print s+0}')
echo "${passed} passed, ${failed} failed"
exit "$status"
