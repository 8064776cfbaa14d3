# Sourced by bin/engine and bin/test: finds a JDK 21 or newer and builds the engine when needed.
# The machine's default java may be older (17 here), so never trust `java` on the PATH.

ENGINE_MIN_JAVA=21

# Prints the major version of the JDK at $1, or nothing when $1 is not a JDK.
engine_jdk_major() {
  local home=$1 version
  [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || return 1
  if [ -f "$home/release" ]; then
    version=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$home/release")
  else
    version=$("$home/bin/java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n 1)
  fi
  version=${version#1.}
  echo "${version%%[.+-]*}"
}

# Prints the home of a JDK >= 21: $JAVA_HOME first, then the newest under /usr/lib/jvm.
engine_find_jdk() {
  local major best="" best_major=0 home
  if [ -n "${JAVA_HOME:-}" ]; then
    major=$(engine_jdk_major "$JAVA_HOME" || true)
    if [[ "$major" =~ ^[0-9]+$ ]] && [ "$major" -ge "$ENGINE_MIN_JAVA" ]; then
      echo "$JAVA_HOME"
      return 0
    fi
    echo "engine: JAVA_HOME=$JAVA_HOME is not a JDK $ENGINE_MIN_JAVA+ (found '${major:-none}'); looking in ${ENGINE_JVM_DIR:-/usr/lib/jvm}" >&2
  fi
  for home in "${ENGINE_JVM_DIR:-/usr/lib/jvm}"/*; do
    major=$(engine_jdk_major "$home" 2>/dev/null || true)
    if [[ "$major" =~ ^[0-9]+$ ]] && [ "$major" -ge "$ENGINE_MIN_JAVA" ] && [ "$major" -gt "$best_major" ]; then
      best=$home
      best_major=$major
    fi
  done
  if [ -z "$best" ]; then
    echo "engine: no JDK $ENGINE_MIN_JAVA+ found (JAVA_HOME=${JAVA_HOME:-unset}, looked in ${ENGINE_JVM_DIR:-/usr/lib/jvm}); install one, e.g. apt-get install openjdk-21-jdk-headless or Temurin 25, or set JAVA_HOME" >&2
    return 1
  fi
  echo "$best"
}

# The JVM flags every engine process on the JDK at $1 runs with: Lucene's SIMD, quiet native
# access, and (JDK 23+, where the option exists) no warnings about sun.misc.Unsafe from Spark's libraries.
engine_jvm_flags() {
  ENGINE_JVM_FLAGS=(--add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED)
  if [ "$(engine_jdk_major "$1")" -ge 23 ]; then
    ENGINE_JVM_FLAGS+=(--sun-misc-unsafe-memory-access=allow)
  fi
}

# Maven on JDK 24+ warns about its own use of sun.misc.Unsafe on every run; the option that silences
# it only exists there.
engine_maven_opts() {
  local major
  major=$(engine_jdk_major "$1")
  if [ "$major" -ge 24 ] && [[ "${MAVEN_OPTS:-}" != *--sun-misc-unsafe-memory-access* ]]; then
    echo "--sun-misc-unsafe-memory-access=allow ${MAVEN_OPTS:-}"
  else
    echo "${MAVEN_OPTS:-}"
  fi
}
