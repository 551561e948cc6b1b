#!/usr/bin/env bash
# Runs every CoachBot test: restores, builds and runs each test project of the solution.
# Installs what the tests need when it is missing: Node.js (the widget bundle), Chromium (the widget's browser tests),
# Redis (the cluster test's membership table and backplane) and jq (the closing table of what the fault, crash, cluster
# and fuzz tests tried and what held).
set -euo pipefail
cd "$(dirname "$0")"

missing=()
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v jq >/dev/null 2>&1 || missing+=(jq)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log=$(mktemp)
report=$(mktemp)
redis_dir=$(mktemp -d)
redis_port=6390
stop_redis() { redis-cli -h 127.0.0.1 -p "$redis_port" shutdown nosave >/dev/null 2>&1 || true; }
trap 'stop_redis; rm -rf "$log" "$report" "$redis_dir"' EXIT
export COACHBOT_FAULT_REPORT="$report"

# A throwaway Redis on loopback for the cluster tests: nothing saved, stopped on exit.
redis-server --bind 127.0.0.1 --port "$redis_port" --save "" --appendonly no --daemonize yes \
  --dir "$redis_dir" --pidfile "$redis_dir/redis.pid" --logfile "$redis_dir/redis.log"
for _ in $(seq 50); do redis-cli -h 127.0.0.1 -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done
export COACHBOT_TEST_REDIS="127.0.0.1:$redis_port"
status=0
dotnet test --solution CoachBot.sln --no-progress 2>&1 | tee "$log" || status=$?

# What the fault, crash and fuzz tests tried and what held, per area and per case.
if [ -s "$report" ]; then
  echo
  echo "Faults and bad input: tried / held"
  jq -rs 'group_by(.area)[] | "  \(.[0].area): \(map(.tried) | add) tried, \(map(.held) | add) held, \(map(.tried - .held) | add) failed",
    (.[] | "      \(.held)/\(.tried) \(.fault)\(if .detail then " (\(.detail))" else "" end)")' "$report"
fi

# One plain closing line with the totals of every test module.
passed=$(grep -E '^\s+succeeded:' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -E '^\s+failed:' "$log" | awk '{s+=$2} END {print s+0}')
echo "${passed} passed, ${failed} failed"
exit "$status"
