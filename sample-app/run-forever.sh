#!/usr/bin/env bash
# The seed's restart loop: run the consumer, and whenever it exits, start it again.
# Usage: sample-app/run-forever.sh [application arguments...]
# Environment: PAUSE (seconds between runs, default 1), JAVA (default java), JAVA_OPTS (JVM
# options), JAR (default: the packaged sample jar next to this script).
set -u
here=$(cd "$(dirname "$0")" && pwd)
jar=${JAR:-$(ls "$here"/target/sample-app-*.jar 2>/dev/null | grep -v original | head -n 1)}
if [ -z "$jar" ] || [ ! -f "$jar" ]; then
  echo "run-forever: no sample jar found; build it first with ./mvnw -B -DskipTests package" >&2
  exit 2
fi
run=0
while true; do
  run=$((run + 1))
  echo "run-forever: starting run $run"
  # shellcheck disable=SC2086 # JAVA_OPTS holds several options
  "${JAVA:-java}" ${JAVA_OPTS:-} -jar "$jar" "$@"
  code=$?
  echo "run-forever: run $run exited with code $code; restarting in ${PAUSE:-1}s"
  sleep "${PAUSE:-1}"
done
