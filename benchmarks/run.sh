#!/usr/bin/env bash
# Benchmarks CoachBot against the reference peer in one run: builds Release (the servers published ReadyToRun), starts the fake model and each server
# pinned to core 0, drives them with the load generator pinned to core 1, stops everything, and writes the report.
#   benchmarks/run.sh --quick                 about three minutes: fewer levels, shorter phases, a 20 s soak
#   benchmarks/run.sh [--soak=00:30:00]       the full suite (levels 50/200/500/1000, a 30-minute soak per server)
#   benchmarks/run.sh --soak-faults[=00:30:00] CoachBot alone: 200 conversations with model faults and dropped connections,
#                                             its runtime (memory, thread pool, GC heap, timer lateness) sampled; writes
#                                             soak-faults.json, soak-faults.md and soak-faults.png (FAULT_SOAK_ARGS adds load generator options)
#   --out=DIR                                 where results.json, results.md and the plots go (default benchmarks/results)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
mode=full
soak=""
out="$root/benchmarks/results"
for arg in "$@"; do
  case "$arg" in
    --quick) mode=quick ;;
    --soak=*) soak="${arg#--soak=}" ;;
    --soak-faults) mode=faults; soak=00:30:00 ;;
    --soak-faults=*) mode=faults; soak="${arg#--soak-faults=}" ;;
    --out=*) out="${arg#--out=}" ;;
    *) echo "unknown argument: $arg" >&2; exit 2 ;;
  esac
done

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
model_port=27190
coachbot_port=27180
reference_port=27181
silo_port=27111
gateway_port=27130
work=$(mktemp -d /tmp/coachbot-bench.XXXXXX)
pids=()

cleanup() {
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

for port in $model_port $coachbot_port $reference_port $silo_port $gateway_port; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "port $port on 127.0.0.1 is in use; the benchmark needs it" >&2
    exit 1
  fi
done

echo "Building (Release; the two servers published ReadyToRun, as they are deployed)"
for project in benchmarks/CoachBot.Benchmarks.FakeModel benchmarks/CoachBot.Benchmarks.Load; do
  dotnet build "$root/$project" -c Release -v quiet -nologo -clp:ErrorsOnly
done
for project in src/CoachBot.Server benchmarks/CoachBot.Benchmarks.Reference; do
  dotnet publish "$root/$project" -c Release -v quiet -nologo -clp:ErrorsOnly -o "$work/publish/$project"
done
bin() { echo "$root/$1/bin/Release/net10.0/linux-x64"; }
published() { echo "$work/publish/$1"; }

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# wait_for URL PID: until URL answers 200, or fail when the process died or two minutes passed. The poll runs on core 1,
# so its hundred requests a second do not take the processor of the server it times.
wait_for() {
  local deadline=$(( $(now_ms) + 120000 ))
  until taskset -c 1 curl -sf -o /dev/null "$1"; do
    kill -0 "$2" 2>/dev/null || { echo "process $2 exited before $1 answered" >&2; return 1; }
    [ "$(now_ms)" -lt "$deadline" ] || { echo "$1 not ready after 2 minutes" >&2; return 1; }
    sleep 0.01
  done
}

stop() {
  kill "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

# start NAME DIR DLL [ARGS...]: starts a .NET app from its output folder on core 0; sets $started to its pid.
start() {
  local name=$1 dir=$2
  shift 2
  (cd "$dir" && exec taskset -c 0 dotnet "$@" >"$work/$name.log" 2>&1) &
  started=$!
  pids+=("$started")
}

start_coachbot() {
  Urls="http://127.0.0.1:$coachbot_port" \
  Storage__DataDirectory="$work/coachbot" \
  Coaching__Model=openai-compatible \
  Coaching__Llm__Endpoint="http://127.0.0.1:$model_port/v1" \
  Coaching__Llm__ModelId=fake \
  RateLimits__PerUserPermitLimit=1000000 \
  RateLimits__PerTenantPermitLimit=10000000 \
  Auth__SessionsPerMinutePerClient=100000 \
  Orleans__SiloPort=$silo_port \
  Orleans__GatewayPort=$gateway_port \
  Logging__LogLevel__Default=Warning \
    start coachbot "$(published src/CoachBot.Server)" CoachBot.Server.dll
}

start_reference() {
  mkdir -p "$work/reference"
  Urls="http://127.0.0.1:$reference_port" \
  Reference__DatabasePath="$work/reference/reference.db" \
  Reference__ModelEndpoint="http://127.0.0.1:$model_port/v1" \
  Logging__LogLevel__Default=Warning \
    start reference "$(published benchmarks/CoachBot.Benchmarks.Reference)" CoachBot.Benchmarks.Reference.dll
}

# measure NAME PORT LABEL: a first start on an empty data folder, then a warm start, each timed from launch to /health/ready
# answering 200; drives the warm server with the load generator on core 1, then stops it.
measure() {
  local name=$1 port=$2 label=$3 t0 cold warm
  t0=$(now_ms); "start_$name"; wait_for "http://127.0.0.1:$port/health/ready" "$started"; cold=$(( $(now_ms) - t0 ))
  stop "$started"
  t0=$(now_ms); "start_$name"; wait_for "http://127.0.0.1:$port/health/ready" "$started"; warm=$(( $(now_ms) - t0 ))
  echo "$name ready: ${cold} ms on first start, ${warm} ms warm"
  local args=(run "--target=$label" "--server=http://127.0.0.1:$port" "--model=http://127.0.0.1:$model_port" "--pid=$started"
    "--out=$work/$name.json" "--ready-cold-ms=$cold" "--ready-warm-ms=$warm")
  [ "$mode" = quick ] && args+=(--quick)
  [ -n "$soak" ] && args+=("--soak=$soak")
  # Bounded: the full mode's phases plus its soak, with room to spare.
  local limit=900
  [ "$mode" = full ] && limit=$(( 3 * 3600 ))
  if ! (cd "$(bin benchmarks/CoachBot.Benchmarks.Load)" && timeout "$limit" taskset -c 1 dotnet CoachBot.Benchmarks.Load.dll "${args[@]}"); then
    echo "the load generator failed against $label; the end of its server's log:" >&2
    tail -n 30 "$work/$name.log" >&2
    exit 1
  fi
  stop "$started"
}

start model "$(bin benchmarks/CoachBot.Benchmarks.FakeModel)" CoachBot.Benchmarks.FakeModel.dll "--urls=http://127.0.0.1:$model_port"
model_pid=$started
wait_for "http://127.0.0.1:$model_port/health" "$model_pid"

if [ "$mode" = faults ]; then
  start_coachbot
  wait_for "http://127.0.0.1:$coachbot_port/health/ready" "$started"
  IFS=: read -r h m s <<<"$soak"
  # Bounded: the soak, plus opening the conversations and checking every history afterwards.
  limit=$(( 10#$h * 3600 + 10#$m * 60 + 10#${s%.*} + 900 ))
  mkdir -p "$out"
  # shellcheck disable=SC2086 # FAULT_SOAK_ARGS is a list of options
  if ! (cd "$(bin benchmarks/CoachBot.Benchmarks.Load)" && timeout "$limit" taskset -c 1 dotnet CoachBot.Benchmarks.Load.dll soak-faults \
      "--server=http://127.0.0.1:$coachbot_port" "--model=http://127.0.0.1:$model_port" "--pid=$started" "--soak=$soak" "--out=$out" ${FAULT_SOAK_ARGS:-}); then
    echo "the fault soak failed; the end of the server's log:" >&2
    tail -n 30 "$work/coachbot.log" >&2
    exit 1
  fi
  echo "server log: $(grep -c ' fail: \|^fail:' "$work/coachbot.log" || true) error lines"
  echo "Results in $out"
  exit 0
fi

measure coachbot $coachbot_port CoachBot
measure reference $reference_port reference
stop "$model_pid"

mkdir -p "$out"
(cd "$(bin benchmarks/CoachBot.Benchmarks.Load)" && dotnet CoachBot.Benchmarks.Load.dll report "--coachbot=$work/coachbot.json" "--reference=$work/reference.json" "--out=$out")
echo "Results in $out"
