# Sourced by submit-job.sh and standalone.sh when no Spark is installed: Spark's own jars from the
# Maven repository, standing in for a Spark distribution. Needs ENGINE_HOME, JAVA_HOME and MAVEN_OPTS.

LOCAL_SPARK_DIR=$ENGINE_HOME/deploy/spark/local-spark

# Prints the classpath of Spark's jars, resolving it with local-spark/pom.xml when it is missing or
# older than the poms (290 MB the first time, cached in the Maven repository).
local_spark_classpath() {
  local file=$LOCAL_SPARK_DIR/target/spark.classpath
  if [ ! -s "$file" ] || [ "$ENGINE_HOME/pom.xml" -nt "$file" ] || [ "$LOCAL_SPARK_DIR/pom.xml" -nt "$file" ]; then
    echo "no Spark installation given; resolving Spark's jars from the Maven repository..." >&2
    (cd "$ENGINE_HOME" && ./mvnw -q -B ${ENGINE_MAVEN_ARGS:-} -f "$LOCAL_SPARK_DIR/pom.xml" dependency:build-classpath) >&2 \
      || { echo "could not resolve Spark's jars ($LOCAL_SPARK_DIR/pom.xml)" >&2; return 1; }
    touch "$file" # Maven leaves an unchanged classpath file untouched: mark it as current
  fi
  cat "$file"
}

# Prints a SPARK_HOME made of links to those jars (local-spark/target/spark-home/jars/*.jar): the
# layout a standalone worker looks for when it builds its executors' classpath.
local_spark_home() {
  local classpath home=$LOCAL_SPARK_DIR/target/spark-home jar
  classpath=$(local_spark_classpath) || return 1
  if [ ! -d "$home/jars" ] || [ "$LOCAL_SPARK_DIR/target/spark.classpath" -nt "$home/jars" ]; then
    rm -rf "$home/jars"
    mkdir -p "$home/jars"
    local IFS=:
    for jar in $classpath; do ln -s "$jar" "$home/jars/"; done
  fi
  echo "$home"
}
