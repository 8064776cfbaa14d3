#!/usr/bin/env bash
# Submits the ingest job: submit-job.sh with the job "ingest". See deploy/spark/README.md.
#
#   deploy/spark/submit-ingest.sh [SPARK-SUBMIT OPTIONS --] INGEST OPTIONS
#   deploy/spark/submit-ingest.sh --master yarn --deploy-mode client --num-executors 8 -- \
#       --input s3a://photos/2026/ --output s3a://faces/ --labels none
#
# Options before "--" go to spark-submit, the rest to the job; the environment is submit-job.sh's.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
spark_args=()
if [[ " $* " == *" -- "* ]]; then
  while [ "$1" != "--" ]; do spark_args+=("$1"); shift; done
  shift
fi
exec "$here/submit-job.sh" "${spark_args[@]+"${spark_args[@]}"}" -- ingest "$@"
