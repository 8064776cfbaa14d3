#!/usr/bin/env bash
# Submits one of the engine's Spark jobs (io.faceengine.jobs.JobsMain: ingest, index build|update|
# rebuild|verify|rollback, search-batch, cluster) with spark-submit: builds the cluster jar when it is missing or older than
# the sources, ships the models and their manifest with --files, and sets the JVM flags Spark on
# JDK 23+ and Lucene want. See deploy/spark/README.md.
#
#   deploy/spark/submit-job.sh [SPARK-SUBMIT OPTIONS --] JOB JOB-OPTIONS
#   deploy/spark/submit-job.sh --master yarn --deploy-mode client --num-executors 8 -- \
#       ingest --input s3a://photos/2026/ --output s3a://faces/ --labels none
#   deploy/spark/submit-job.sh --master yarn -- index update --index hdfs:///index --input hdfs:///faces
#   deploy/spark/submit-job.sh --master yarn -- cluster --faces hdfs:///faces --index hdfs:///index \
#       --output hdfs:///clusters
#
# Options before "--" go to spark-submit, the rest to the job (without "--", all go to the job); the
# job's arguments start with its command, as for bin/engine.
# Environment:
#   SPARK_SUBMIT                the spark-submit to use; else $SPARK_HOME/bin/spark-submit, else
#                               spark-submit on the PATH, else Spark's jars from the Maven repository
#                               (local masters only: for testing on a machine without Spark)
#   ENGINE_CLUSTER_JAR          the cluster jar to submit, used as is (e.g. in a container image without
#                               the sources); default: engine-jobs/target/engine-jobs-*-cluster.jar, built
#                               when missing or older than the sources
#   ENGINE_MODELS_DIR           the manifest.json and model files to ship (default: models/ here)
#   ENGINE_SHIP_MODELS=0        ship nothing: every node reads engine.models.dir and the driver
#                               engine.models.manifest (set them in ENGINE_DRIVER_JAVA_OPTS)
#   ENGINE_DRIVER_JAVA_OPTS     more driver JVM options, e.g. -Dengine.inference.batch-size=32
#   ENGINE_EXECUTOR_JAVA_OPTS   more executor JVM options, e.g. -Dorg.bytedeco.javacpp.cachedir=/local/javacpp
#   ENGINE_SUBMIT_JVM_FLAGS     JVM flags of driver and executors; the default needs JDK 23+ (on JDK 21-22
#                               use --enable-native-access=ALL-UNNAMED --add-modules=jdk.incubator.vector)
#   ENGINE_MAVEN_ARGS           build options, e.g. -Pgpu
#   ENGINE_LOG4J2               the driver's Log4j 2 configuration in the Maven fallback (default: conf/log4j2.xml)
set -euo pipefail
ENGINE_HOME=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=../../bin/lib/jdk.sh
source "$ENGINE_HOME/bin/lib/jdk.sh"

MAIN_CLASS=io.faceengine.jobs.JobsMain
# jdk.incubator.vector: Lucene's SIMD (about 1.7x faster index builds and searches).
JVM_FLAGS=${ENGINE_SUBMIT_JVM_FLAGS:---enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow --add-modules=jdk.incubator.vector}

die() { echo "submit-job: $*" >&2; exit 1; }

# Split the arguments at "--": spark-submit's options, then the job's.
spark_args=() job_args=()
if [[ " $* " == *" -- "* ]]; then
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do spark_args+=("$1"); shift; done
  shift
fi
job_args=("$@")
[ ${#job_args[@]} -gt 0 ] || die "name the job: ingest ... or index build|update|rebuild|verify|rollback ..."
# The application's name in the cluster manager, e.g. face-engine-index-update.
case "${job_args[0]}" in
  index) app_name=face-engine-index-${job_args[1]:-help} ;;
  *) app_name=face-engine-${job_args[0]} ;;
esac

# What the caller gave spark-submit that this script must merge or look at.
master="" deploy_mode=client user_files="" n=${#spark_args[@]}
for ((i = 0; i < n; i++)); do
  case "${spark_args[i]}" in
    --master) master=${spark_args[i + 1]:-} ;;
    --master=*) master=${spark_args[i]#--master=} ;;
    --deploy-mode) deploy_mode=${spark_args[i + 1]:-} ;;
    --deploy-mode=*) deploy_mode=${spark_args[i]#--deploy-mode=} ;;
    spark.submit.deployMode=*) deploy_mode=${spark_args[i]#spark.submit.deployMode=} ;;
    --files) user_files=${spark_args[i + 1]:-}; unset 'spark_args[i]' 'spark_args[i + 1]'; i=$((i + 1)) ;;
    --files=*) user_files=${spark_args[i]#--files=}; unset 'spark_args[i]' ;;
  esac
done
spark_args=("${spark_args[@]+"${spark_args[@]}"}")

JAVA_HOME=$(engine_find_jdk) || exit 1
export JAVA_HOME
MAVEN_OPTS=$(engine_maven_opts "$JAVA_HOME")
export MAVEN_OPTS

# The cluster jar: rebuilt when missing or when a source, pom or the default configuration is newer.
cluster_jar() { ls -t "$ENGINE_HOME"/engine-jobs/target/engine-jobs-*-cluster.jar 2>/dev/null | head -n 1 || true; }
if [ -n "${ENGINE_CLUSTER_JAR:-}" ]; then
  jar=$ENGINE_CLUSTER_JAR
  [ -f "$jar" ] || die "ENGINE_CLUSTER_JAR=$jar is not a file"
else
  jar=$(cluster_jar)
fi
if [ -z "${ENGINE_CLUSTER_JAR:-}" ] && { [ -z "$jar" ] || [ -n "$(find "$ENGINE_HOME/pom.xml" "$ENGINE_HOME/conf/engine.conf" \
    "$ENGINE_HOME"/engine-{core,store,spark,ingest,index,jobs}/pom.xml "$ENGINE_HOME"/engine-{core,store,spark,ingest,index,jobs}/src/main \
    -newer "$jar" -type f -print -quit)" ]; }; then
  echo "submit-job: building the cluster jar..." >&2
  (cd "$ENGINE_HOME" && ./mvnw -q -B -DskipTests ${ENGINE_MAVEN_ARGS:-} -pl engine-jobs -am package) >&2 \
    || die "the build failed; run './mvnw -pl engine-jobs -am package' in $ENGINE_HOME to see why"
  jar=$(cluster_jar)
  [ -n "$jar" ] || die "the build made no engine-jobs/target/engine-jobs-*-cluster.jar"
fi

# The models: the manifest and every model file it names that is installed. Executors take shipped
# files before engine.models.dir, the driver a shipped manifest before engine.models.manifest. The
# driver is told where the manifest is too: in client mode the local file; in cluster mode its name,
# which YARN's driver finds in its working directory (Kubernetes and standalone drivers find the
# shipped file by themselves).
files=() driver_opts=""
if [ "${ENGINE_SHIP_MODELS:-1}" != 0 ]; then
  models_dir=${ENGINE_MODELS_DIR:-$ENGINE_HOME/models}
  manifest=$models_dir/manifest.json
  [ -f "$manifest" ] || die "no $manifest: run bin/engine setup, set ENGINE_MODELS_DIR, or ENGINE_SHIP_MODELS=0"
  files+=("$manifest")
  for name in $(sed -n 's/.*"file"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p' "$manifest"); do
    if [ -f "$models_dir/$name" ]; then
      files+=("$models_dir/$name")
    else
      echo "submit-job: not shipping $name (not in $models_dir); executors look in engine.models.dir" >&2
    fi
  done
  [ ${#files[@]} -gt 1 ] || die "no model file of $manifest is installed in $models_dir: run bin/engine setup"
  if [ "$deploy_mode" = cluster ]; then
    driver_opts=-Dengine.models.manifest=manifest.json
  else
    driver_opts=-Dengine.models.manifest=$(cd "$models_dir" && pwd)/manifest.json
  fi
fi
[ -n "$user_files" ] && files+=("$user_files")
files_csv=$(IFS=,; echo "${files[*]-}")

# Which spark-submit; without one, Spark's jars from the Maven repository (below).
submit=${SPARK_SUBMIT:-}
if [ -z "$submit" ] && [ -n "${SPARK_HOME:-}" ] && [ -x "$SPARK_HOME/bin/spark-submit" ]; then
  submit=$SPARK_HOME/bin/spark-submit
fi
if [ -z "$submit" ] && command -v spark-submit >/dev/null 2>&1; then
  submit=$(command -v spark-submit)
fi

# Local masters (and the Maven fallback, whose default master is local[*]) stay on loopback.
local_master=0
if [[ "$master" == local* ]] || { [ -z "$submit" ] && [ -z "$master" ]; }; then
  local_master=1
  export SPARK_LOCAL_IP=${SPARK_LOCAL_IP:-127.0.0.1}
fi
# A standalone master on loopback (standalone.sh's) reaches the driver there too.
if [[ "$master" == spark://127.0.0.1:* || "$master" == spark://localhost:* ]]; then
  export SPARK_LOCAL_IP=${SPARK_LOCAL_IP:-127.0.0.1}
fi

args=(--class "$MAIN_CLASS" --name "$app_name"
  --conf "spark.driver.extraJavaOptions=$JVM_FLAGS $driver_opts ${ENGINE_DRIVER_JAVA_OPTS:-}"
  --conf "spark.executor.extraJavaOptions=$JVM_FLAGS ${ENGINE_EXECUTOR_JAVA_OPTS:-}"
  # OpenCV's own decoder limit and logging, as bin/engine sets them (the engine reports bad images itself).
  --conf "spark.executorEnv.OPENCV_IO_MAX_IMAGE_PIXELS=${OPENCV_IO_MAX_IMAGE_PIXELS:-100000000}"
  --conf "spark.executorEnv.OPENCV_LOG_LEVEL=${OPENCV_LOG_LEVEL:-FATAL}")
[ -n "$files_csv" ] && args+=(--files "$files_csv")
if [ "$local_master" = 1 ]; then
  args+=(--conf spark.driver.host=127.0.0.1 --conf spark.driver.bindAddress=127.0.0.1)
fi
# The caller's options come last: theirs win.
args+=("${spark_args[@]+"${spark_args[@]}"}" "$jar" "${job_args[@]+"${job_args[@]}"}")
export OPENCV_IO_MAX_IMAGE_PIXELS=${OPENCV_IO_MAX_IMAGE_PIXELS:-100000000} OPENCV_LOG_LEVEL=${OPENCV_LOG_LEVEL:-FATAL}

if [ -n "$submit" ]; then
  exec "$submit" "${args[@]}"
fi

# No Spark installed: run Spark's launcher (SparkSubmit, in spark-core) on Spark's jars from the Maven
# repository. This JVM is the driver, and in local mode the executors too, so the JVM options that
# spark-submit would give the driver go on its command line, with the opens Spark's own launcher adds
# for Kryo. Local masters, and standalone masters started by standalone.sh from the same jars (whose
# workers launch the executors); other cluster managers need a Spark installation anyway.
[ "$local_master" = 1 ] || [[ "$master" == spark://* ]] \
  || die "no spark-submit (set SPARK_HOME or SPARK_SUBMIT, or put it on the PATH); without one only local and spark:// masters run"
# shellcheck source=local-spark/spark-jars.sh
source "$ENGINE_HOME/deploy/spark/local-spark/spark-jars.sh"
classpath=$(local_spark_classpath) || die "no Spark jars to run with"
echo "submit-job: no spark-submit found; running Spark's launcher from the Maven repository" >&2
# shellcheck disable=SC2086 # JVM_FLAGS, driver_opts and ENGINE_DRIVER_JAVA_OPTS are word lists
exec "$JAVA_HOME/bin/java" $JVM_FLAGS \
  --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED \
  --add-opens=java.base/java.util=ALL-UNNAMED \
  -Dlog4j2.configurationFile="${ENGINE_LOG4J2:-$ENGINE_HOME/conf/log4j2.xml}" $driver_opts ${ENGINE_DRIVER_JAVA_OPTS:-} \
  -cp "$classpath" org.apache.spark.deploy.SparkSubmit --conf spark.ui.enabled=false "${args[@]}"
