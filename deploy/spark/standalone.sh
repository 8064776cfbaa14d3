#!/usr/bin/env bash
# Starts or stops a Spark standalone cluster on this machine: one master and N workers, each its own
# JVM, bound to 127.0.0.1 on free ports, run from Spark's classes ($SPARK_HOME/jars, or Spark's jars
# from the Maven repository when no Spark is installed). See deploy/spark/README.md.
#
#   deploy/spark/standalone.sh start [DIR]   prints the master's URL, spark://127.0.0.1:PORT
#   deploy/spark/standalone.sh stop [DIR]    stops the workers (and their executors), then the master
#
# DIR (default: deploy/spark/local-spark/target/standalone) holds the state: master.url, master-ui.url,
# master.pid, worker-I.pid, worker-I.url, and the logs master.log, worker-I.log, with each worker's
# executors under worker-I/ (app-ID/EXECUTOR/stderr).
# Environment:
#   SPARK_HOME             a Spark 4.2 (Scala 2.13) distribution; default: the Maven repository's jars
#   SPARK_WORKERS          how many workers (default 2)
#   SPARK_WORKER_CORES     cores each worker offers (default 1)
#   SPARK_WORKER_MEMORY    memory each worker offers its executors (default 2g)
#   SPARK_DAEMON_MEMORY    heap of the master and worker JVMs (default 512m)
#   SPARK_LOCAL_IP         the address everything binds (default 127.0.0.1)
set -euo pipefail
ENGINE_HOME=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=../../bin/lib/jdk.sh
source "$ENGINE_HOME/bin/lib/jdk.sh"
# shellcheck source=local-spark/spark-jars.sh
source "$ENGINE_HOME/deploy/spark/local-spark/spark-jars.sh"

die() { echo "standalone: $*" >&2; exit 1; }
usage() { die "usage: standalone.sh start|stop [DIR]"; }

[ $# -ge 1 ] || usage
command=$1
dir=${2:-$ENGINE_HOME/deploy/spark/local-spark/target/standalone}
export SPARK_LOCAL_IP=${SPARK_LOCAL_IP:-127.0.0.1}
host=$SPARK_LOCAL_IP

# Waits up to 120 s for a line of $1 matching the sed expression $2, and prints what it captures.
await_log() {
  local log=$1 expr=$2 pid=$3 found
  for _ in $(seq 1 240); do
    found=$(sed -n "$expr" "$log" 2>/dev/null | head -n 1)
    if [ -n "$found" ]; then echo "$found"; return 0; fi
    kill -0 "$pid" 2>/dev/null || die "process $pid ended before it was ready; see $log"
    sleep 0.5
  done
  die "not ready after 120 s; see $log"
}

# Starts one Spark daemon in the background: $1 its name (log and pid file), then its class and arguments.
start_daemon() {
  local name=$1
  shift
  # Spark's default Log4j configuration (INFO on stderr) goes to the log; stdin is closed so the
  # daemon outlives the shell that started it.
  nohup "$JAVA_HOME/bin/java" -Xmx"${SPARK_DAEMON_MEMORY:-512m}" -cp "$spark_home/jars/*" "$@" \
    </dev/null >"$dir/$name.log" 2>&1 &
  echo $! >"$dir/$name.pid"
}

start() {
  JAVA_HOME=$(engine_find_jdk) || exit 1
  export JAVA_HOME
  MAVEN_OPTS=$(engine_maven_opts "$JAVA_HOME")
  export MAVEN_OPTS
  if [ -n "${SPARK_HOME:-}" ]; then
    [ -d "$SPARK_HOME/jars" ] || die "SPARK_HOME=$SPARK_HOME has no jars/: not a Spark distribution"
    spark_home=$SPARK_HOME
  else
    spark_home=$(local_spark_home) || exit 1
    # A distribution's launcher finds its Scala version from its layout; tell it for the jars' home.
    export SPARK_SCALA_VERSION=${SPARK_SCALA_VERSION:-2.13}
  fi
  # Workers build their executors' classpath from SPARK_HOME/jars.
  export SPARK_HOME=$spark_home
  [ ! -f "$dir/master.pid" ] || ! kill -0 "$(cat "$dir/master.pid")" 2>/dev/null \
    || die "a master is running already (pid $(cat "$dir/master.pid")); run: standalone.sh stop $dir"
  mkdir -p "$dir"
  rm -f "$dir"/*.url "$dir"/*.pid

  # Port 0: the master and the web UIs take free ports, and say which in their logs.
  start_daemon master org.apache.spark.deploy.master.Master --host "$host" --port 0 --webui-port 0
  local master_url ui_port
  master_url=$(await_log "$dir/master.log" 's/.*Starting Spark master at \(spark:[^ ]*\).*/\1/p' "$(cat "$dir/master.pid")")
  # The UI binds $host but names the machine's host name in its log: keep its port.
  ui_port=$(await_log "$dir/master.log" 's/.*MasterWebUI.* started at http:.*:\([0-9]*\).*/\1/p' "$(cat "$dir/master.pid")")
  echo "$master_url" >"$dir/master.url"
  echo "http://$host:$ui_port" >"$dir/master-ui.url"

  local i
  for i in $(seq 1 "${SPARK_WORKERS:-2}"); do
    mkdir -p "$dir/worker-$i"
    start_daemon "worker-$i" org.apache.spark.deploy.worker.Worker --host "$host" --port 0 --webui-port 0 \
      --cores "${SPARK_WORKER_CORES:-1}" --memory "${SPARK_WORKER_MEMORY:-2g}" --work-dir "$dir/worker-$i" "$master_url"
  done
  for i in $(seq 1 "${SPARK_WORKERS:-2}"); do
    await_log "$dir/worker-$i.log" 's/.*Successfully registered with master.*/registered/p' "$(cat "$dir/worker-$i.pid")" >/dev/null
    await_log "$dir/worker-$i.log" 's/.*Starting Spark worker \([^ ]*\) .*/\1/p' "$(cat "$dir/worker-$i.pid")" \
      >"$dir/worker-$i.url"
  done
  echo "$master_url"
}

# Stops the daemon of pid file $1: TERM (a worker then kills its executors), KILL after 20 s.
stop_daemon() {
  local pid
  [ -f "$1" ] || return 0
  pid=$(cat "$1")
  if kill "$pid" 2>/dev/null; then
    for _ in $(seq 1 40); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.5
    done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$1"
}

stop() {
  local pidfile
  for pidfile in "$dir"/worker-*.pid; do stop_daemon "$pidfile"; done
  stop_daemon "$dir/master.pid"
}

case "$command" in
  start) start ;;
  stop) stop ;;
  *) usage ;;
esac
