#!/usr/bin/env bash
# JMH micro-benchmarks of the hot-path pieces (src/test/java/dev/ownkms/bench).
#   bench/jmh.sh                         every benchmark, default settings below
#   bench/jmh.sh CryptoCore -p plaintextBytes=64   any JMH option or filter
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
echo "bench: compiling..." >&2
./mvnw -q -B -DskipTests test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test >&2
cp="target/test-classes:target/classes:$(cat target/test-classpath.txt)"
if [ $# -eq 0 ]; then
  set -- -f 1 -wi 3 -w 1s -i 5 -r 1s
fi
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$cp" org.openjdk.jmh.Main "$@"
