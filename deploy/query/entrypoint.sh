#!/bin/sh
# The container's `engine` command: the CLI on the image's jars, home /app (models/, conf/).
# ENGINE_JAVA_OPTS adds JVM options, e.g. -Dengine.query.token-file=/etc/face-engine-secret/token;
# ENGINE_CONFIG names a configuration file (e.g. the ConfigMap's engine.conf).
set -eu
# shellcheck disable=SC2086 # ENGINE_JAVA_OPTS holds several options
exec java --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
  --sun-misc-unsafe-memory-access=allow ${ENGINE_JAVA_OPTS:-} \
  -Dfaceengine.home=/app -Dlog4j2.configurationFile=/app/conf/log4j2.xml \
  -cp '/app/lib/*' io.faceengine.cli.EngineCli "$@"
