#!/usr/bin/env bash
# Times the installed desktop from launch to its windows (docs/benchmarks.md, "Installed app"):
#   sign-in window   launcher started -> the window "Teller — approval console" exists (Xvfb)
#   usable queue     launcher started with --local (Local mode, the bundled server and its embedded
#                    PostgreSQL started, demo data) -> the signed-in console "Teller — Local · admin"
#                    exists, opening on the approval queue (remembered last screen)
# Usage: packaging/launch-bench.sh [RUNS] [LAUNCHER]
#   RUNS      warm runs after the first (cold: new data folder, initdb) run; default 3
#   LAUNCHER  default /opt/teller/bin/Teller if installed, else the .deb in packaging/target/dist unpacked
# Needs Xvfb and xwininfo (apt-get install xvfb x11-utils). Prints one line per run, in milliseconds.
set -euo pipefail
runs=${1:-3}
launcher=${2:-}
work=$(mktemp -d)
cleanup() {
  [ -n "${teller_pid:-}" ] && kill "$teller_pid" 2>/dev/null && wait "$teller_pid" 2>/dev/null || true
  [ -n "${xvfb_pid:-}" ] && kill "$xvfb_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
if [ -z "$launcher" ]; then
  if [ -x /opt/teller/bin/Teller ]; then
    launcher=/opt/teller/bin/Teller
  else
    deb=$(ls "$(dirname "$0")"/target/dist/teller_*.deb | head -1)
    dpkg-deb -x "$deb" "$work/root"
    launcher="$work/root/opt/teller/bin/Teller"
  fi
fi
display=:$((100 + RANDOM % 100))
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb_pid=$!
sleep 2

now_ms() { date +%s%3N; }
wait_for_title() { # pattern, start time; prints elapsed ms
  until DISPLAY=$display xwininfo -root -tree 2>/dev/null | grep -q "$1"; do sleep 0.1; done
  echo $(( $(now_ms) - $2 ))
}
run() { # label, data dir, extra args...
  local label=$1 data=$2
  shift 2
  mkdir -p "$data"
  printf 'console.lastScreen=queue\n' > "$data/preferences.properties"
  local start
  start=$(now_ms)
  HOME="$work/home" DISPLAY=$display "$launcher" --demo --data-dir "$data" "$@" >"$work/out.log" 2>&1 &
  teller_pid=$!
  local window console
  window=$(wait_for_title '"Teller — ' "$start")
  console=$(wait_for_title '"Teller — Local' "$start")
  kill "$teller_pid"
  wait "$teller_pid" 2>/dev/null || true
  teller_pid=
  echo "$label: sign-in window ${window} ms, usable queue (Local, server started) ${console} ms"
}
mkdir -p "$work/home"
run "cold (new data folder)" "$work/data" --local
for i in $(seq 1 "$runs"); do
  run "warm run $i" "$work/data" --local
done
