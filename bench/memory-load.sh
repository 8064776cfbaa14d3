#!/usr/bin/env bash
# The query service's memory under load (docs/reliability.md): starts `bin/engine serve` on loopback
# over INDEX, then 3 runs of wrk (64 connections): JSON embedding searches for 20 s, multipart image
# searches for 20 s, then 20 s idle; prints the process's RSS and NMT's committed memory after each.
# Usage: bench/memory-load.sh INDEX IMAGE [LABEL]   (needs wrk, curl; the server's env is inherited,
# e.g. ENGINE_SERVE_JAVA_OPTS or MALLOC_ARENA_MAX to try other bounds)
set -euo pipefail
index=$1; image=$2; label=${3:-run}; port=${PORT:-18080}
home=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
"$home/bin/engine" embed "$image" 2>/dev/null | head -1 \
  | sed -E 's/.*"embedding":(\[[^]]*\]).*/{"embedding":\1,"k":10}/' > "$work/body.json"
cat > "$work/json.lua" <<LUA
local f = assert(io.open("$work/body.json", "rb")); wrk.body = f:read("*a"); f:close()
wrk.method = "POST"; wrk.headers["Content-Type"] = "application/json"
LUA
cat > "$work/image.lua" <<LUA
local f = assert(io.open("$image", "rb")); local jpeg = f:read("*a"); f:close()
local b = "----memoryload"
wrk.method = "POST"; wrk.headers["Content-Type"] = "multipart/form-data; boundary=" .. b
wrk.body = "--" .. b .. "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"p.jpg\"\r\n\r\n" .. jpeg
  .. "\r\n--" .. b .. "--\r\n"
LUA
ENGINE_JAVA_OPTS="-XX:NativeMemoryTracking=summary ${ENGINE_JAVA_OPTS:-}" \
  "$home/bin/engine" serve --index "$index" --port "$port" > "$work/serve.log" 2>&1 &
launcher=$!
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$port/v1/health" > /dev/null && break; sleep 1; done
pid=$(pgrep -P "$launcher" java || echo "$launcher")
rss() { awk '/VmRSS/ {printf "%d", $2 / 1024}' "/proc/$pid/status"; }
nmt() { "${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/jcmd" "$pid" VM.native_memory summary scale=MB \
  | awk '/^Total/ {print "jvm committed " $0} /Java Heap/ {print "heap " $0}' | grep -o 'committed=[0-9]*MB' | tr '\n' ' '; }
echo "$label start: rss $(rss) MB; jvm total, heap: $(nmt)"
for run in 1 2 3; do
  for kind in json image; do
    echo "$label run $run $kind: $(wrk -t2 -c64 -d20s --timeout 10s -s "$work/$kind.lua" "http://127.0.0.1:$port/v1/search" \
      | grep -E 'Requests/sec|Non-2xx|timeout' | tr -s ' ' | tr '\n' ' ')"
  done
  echo "$label run $run after load: rss $(rss) MB"
  sleep 20
  echo "$label run $run after 20 s idle: rss $(rss) MB; jvm total, heap: $(nmt)"
done
kill "$pid"; wait "$launcher" 2>/dev/null || true
