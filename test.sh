#!/usr/bin/env bash
# Runs every CoachBot test: restores, builds and runs each test project of the solution.
# Installs what the tests need when it is missing: Node.js (the widget bundle), Chromium (the widget's browser tests),
# jq (the closing table of what the fault, crash, cluster and fuzz tests tried and what held), PostgreSQL (the storage
# tests and a second run of the server suite on PostgreSQL, on a throwaway server owned by this run) and Redis (the
# cluster tests' membership table and backplane, also throwaway).
set -euo pipefail
cd "$(dirname "$0")"

missing=()
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v jq >/dev/null 2>&1 || missing+=(jq)
pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
[ -n "$(pg_bin)" ] || missing+=(postgresql)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log=$(mktemp)
report=$(mktemp)
pg_dir=$(mktemp -d /tmp/coachbot-pg.XXXXXX)
pg=$(pg_bin)
redis_dir=$(mktemp -d)
redis_port=6390
# PostgreSQL refuses to run as root: as root the server runs as the postgres user, otherwise as the caller.
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  as_pg "$pg/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true
  redis-cli -h 127.0.0.1 -p "$redis_port" shutdown nosave >/dev/null 2>&1 || true
  rm -rf "$pg_dir" "$redis_dir"
  rm -f "$log" "$report"
}
trap cleanup EXIT

# A throwaway PostgreSQL on the first free port from 55440, reachable on 127.0.0.1 only, without durability.
[ "$(id -u)" -ne 0 ] || chown postgres:postgres "$pg_dir"
as_pg "$pg/initdb" -D "$pg_dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
# A start that fails (say, a port taken between the check and the bind) shows the server's log and tries the next port.
pg_port=55440
pg_started=0
for attempt in 1 2 3; do
  while (exec 3<>"/dev/tcp/127.0.0.1/$pg_port") 2>/dev/null; do pg_port=$((pg_port + 1)); done
  if as_pg "$pg/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $pg_dir -c fsync=off -c full_page_writes=off -c max_connections=300" start >/dev/null; then
    pg_started=1
    break
  fi
  echo "PostgreSQL did not start on port $pg_port (attempt $attempt of 3); its log:"
  tail -n 20 "$pg_dir/log" 2>/dev/null || true
  as_pg "$pg/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true
  pg_port=$((pg_port + 1))
done
[ "$pg_started" -eq 1 ] || exit 1
export COACHBOT_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres"

# A throwaway Redis for the cluster tests on the first free port from 6390, on 127.0.0.1 only, nothing saved.
while (exec 3<>"/dev/tcp/127.0.0.1/$redis_port") 2>/dev/null; do redis_port=$((redis_port + 1)); done
redis-server --bind 127.0.0.1 --port "$redis_port" --save "" --appendonly no --daemonize yes \
  --dir "$redis_dir" --pidfile "$redis_dir/redis.pid" --logfile "$redis_dir/redis.log"
for _ in $(seq 50); do redis-cli -h 127.0.0.1 -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done
export COACHBOT_TEST_REDIS="127.0.0.1:$redis_port"

export COACHBOT_FAULT_REPORT="$report"
status=0
dotnet test --solution CoachBot.sln --no-progress 2>&1 | tee "$log" || status=$?

# The whole server suite again with every host on PostgreSQL, the multi-process cluster failover test included.
echo
echo "Server tests on PostgreSQL"
COACHBOT_TEST_STORAGE=PostgreSql dotnet test --project tests/CoachBot.Server.Tests --no-build --no-progress 2>&1 | tee -a "$log" || status=$?

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
