#!/usr/bin/env bash
# Runs the engine benchmark (JMH): planning and per-step overhead on 10,000-asset graphs.
# Usage: agent/runtime/bench.sh [JMH options, e.g. -wi 2 -i 3 or a benchmark regex]
set -euo pipefail
cd "$(dirname "$0")/../.."
. .mvn/jdk.sh
./mvnw -B -q -pl agent/runtime -am -DskipTests -Dspotless.check.skip=true install
./mvnw -B -q -pl agent/runtime dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench-classpath.txt
cp="agent/runtime/target/test-classes:agent/runtime/target/classes:$(cat agent/runtime/target/bench-classpath.txt)"
exec "$JAVA_HOME/bin/java" -cp "$cp" org.openjdk.jmh.Main "${@:-EngineBenchmark}"
