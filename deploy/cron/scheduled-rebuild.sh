#!/usr/bin/env bash
# Scheduled index maintenance, one run at a time: ingest the new images, then an index update (or a
# full rebuild on the rebuild day) into a new generation that is NOT published yet, index verify on
# that generation (checksums, counts, recall@10), and only when it passes, index publish moves
# CURRENT to it. Any failure leaves CURRENT on the generation it served before. See deploy/cron/README.md.
#
#   deploy/cron/scheduled-rebuild.sh [auto|update|rebuild]
#     auto (default): rebuild on ENGINE_REBUILD_DAY, update on the other days
#
# Environment (in the crontab line, or in the file ENGINE_SCHEDULE_ENV names, sourced first):
#   ENGINE_IMAGES          images to ingest, any Hadoop URI (required)
#   ENGINE_FACES           the ingest output directory: faces/ and images/ datasets (required)
#   ENGINE_INDEX           the index root (required)
#   ENGINE_LABELS          ingest --labels: dir, csv:FILE or none (default none)
#   ENGINE_SPARK_ARGS      spark-submit options, split on spaces, e.g. "--master yarn --num-executors 8"
#                          (client deploy mode: this script reads the jobs' output)
#   ENGINE_REBUILD_DAY     day of the weekly full rebuild, 1 = Monday .. 7 = Sunday (default 7)
#   ENGINE_DELETIONS_DIR   deletion requests: *.csv files of KEY,VALUE lines (face_id, image_id, label), applied by
#                          the next run and then moved to done/ (default: none)
#   ENGINE_MIN_RECALL      index verify --min-recall (default 0.95)
#   ENGINE_KEEP            generations kept after publishing (default 3)
#   ENGINE_CLUSTERS        a clustering output (docs/clustering.md); when set, a last step re-clusters every face
#                          through the published index on the rebuild day, and adds the new faces to the
#                          existing clusters (cluster --assign-new) on the other days (default: none)
#   ENGINE_LOG_DIR         one log file per run, kept 30 days (default /var/log/face-engine); "-" logs to
#                          stdout and stderr (containers)
#   ENGINE_LOCK_FILE       the lock that keeps two runs from overlapping (default /tmp/face-engine-index.lock)
#   SPARK_SUBMIT, SPARK_HOME, ENGINE_CLUSTER_JAR, ENGINE_DRIVER_JAVA_OPTS, ...: as for deploy/spark/submit-job.sh
set -euo pipefail
ENGINE_HOME=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
if [ -n "${ENGINE_SCHEDULE_ENV:-}" ]; then
  # shellcheck source=/dev/null
  source "$ENGINE_SCHEDULE_ENV"
fi

die() { echo "scheduled-rebuild: $*" >&2; exit 1; }
mode=${1:-auto}
case "$mode" in
  auto) [ "$(date +%u)" = "${ENGINE_REBUILD_DAY:-7}" ] && mode=rebuild || mode=update ;;
  update|rebuild) ;;
  *) die "unknown mode '$mode': auto, update or rebuild" ;;
esac
: "${ENGINE_IMAGES:?set ENGINE_IMAGES, the images to ingest}"
: "${ENGINE_FACES:?set ENGINE_FACES, the ingest output directory}"
: "${ENGINE_INDEX:?set ENGINE_INDEX, the index root}"
log_dir=${ENGINE_LOG_DIR:-/var/log/face-engine}
lock_file=${ENGINE_LOCK_FILE:-/tmp/face-engine-index.lock}
read -r -a spark_args <<<"${ENGINE_SPARK_ARGS:-}"

# One run at a time: the lock is held until this process exits, however it exits.
exec 9>"$lock_file"
if ! flock -n 9; then
  echo "scheduled-rebuild: another run holds $lock_file; not starting" >&2
  exit 0
fi

started=$(date -u +%Y%m%dT%H%M%SZ)
if [ "$log_dir" != - ]; then
  mkdir -p "$log_dir"
  exec >>"$log_dir/index-$mode-$started.log" 2>&1
  find "$log_dir" -name 'index-*.log' -mtime +30 -delete
fi
work=$(mktemp -d)
say() { echo "$(date -u +%FT%TZ) scheduled-rebuild: $*"; }
finish() {
  local status=$?
  rm -rf "$work"
  [ "$status" = 0 ] || say "FAILED (exit $status): CURRENT was not moved by this run"
}
trap finish EXIT

submit() { "$ENGINE_HOME/deploy/spark/submit-job.sh" "${spark_args[@]+"${spark_args[@]}"}" -- "$@"; }

say "$mode of $ENGINE_INDEX from $ENGINE_FACES, images $ENGINE_IMAGES"
say "step 1/4: ingest (run sched-$started)"
submit ingest --input "$ENGINE_IMAGES" --output "$ENGINE_FACES" --labels "${ENGINE_LABELS:-none}" \
  --run-id "sched-$started"

# Deletion requests: every pending file, merged into one for this run.
deletion_args=() requests=()
if [ -n "${ENGINE_DELETIONS_DIR:-}" ]; then
  shopt -s nullglob
  requests=("$ENGINE_DELETIONS_DIR"/*.csv)
  shopt -u nullglob
  if [ ${#requests[@]} -gt 0 ]; then
    merged=$work/deletions-$started.csv
    cat "${requests[@]}" >"$merged"
    deletion_args=(--deletions "$merged")
    say "deletion requests: ${requests[*]}"
  fi
fi

say "step 2/4: index $mode, not published yet"
output=$(submit index "$mode" --index "$ENGINE_INDEX" --input "$ENGINE_FACES" \
  "${deletion_args[@]+"${deletion_args[@]}"}" --no-publish)
echo "$output"
gen=$(sed -n 's/^index gen-\([0-9][0-9]*\)[: ].*/\1/p' <<<"$output" | tail -n 1)
if [ -z "$gen" ]; then
  say "no new generation (nothing to update); CURRENT unchanged"
  exit 0
fi

say "step 3/4: index verify --gen $gen"
submit index verify --index "$ENGINE_INDEX" --gen "$gen" --min-recall "${ENGINE_MIN_RECALL:-0.95}"

say "step 4/4: index publish --gen $gen"
submit index publish --index "$ENGINE_INDEX" --gen "$gen" --keep "${ENGINE_KEEP:-3}"

if [ ${#requests[@]} -gt 0 ]; then
  mkdir -p "$ENGINE_DELETIONS_DIR/done"
  mv "${requests[@]}" "$ENGINE_DELETIONS_DIR/done/"
fi
say "gen-$gen is CURRENT"
if [ -n "${ENGINE_CLUSTERS:-}" ]; then
  if [ "$mode" = rebuild ]; then
    say "step 5/5: cluster every face into $ENGINE_CLUSTERS"
    submit cluster --faces "$ENGINE_FACES" --index "$ENGINE_INDEX" --output "$ENGINE_CLUSTERS"
  else
    say "step 5/5: cluster --assign-new: the new faces into $ENGINE_CLUSTERS"
    submit cluster --assign-new --faces "$ENGINE_FACES" --output "$ENGINE_CLUSTERS"
  fi
fi
say "done"
