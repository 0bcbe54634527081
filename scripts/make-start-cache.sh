#!/usr/bin/env bash
# Makes the AOT start-up cache (JDK >= 25) of the distribution in $1 (default node/cli/target):
# a training run of `sluice exercise` with -XX:AOTCacheOutput, then an atomic rename into
# $dist/sluice.aot and its key into $dist/sluice.aot.key. ./sluice runs it in the background when
# the cache is missing or stale; run it by hand (in the foreground) before benchmarks or in CI.
# Only one runs at a time per distribution (flock); a second one exits at once. A failed training
# run is remembered ($dist/sluice.aot.failed holds its key) so it is not retried for the same jars.
set -eu
here=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
dist=$(cd "${1:-$here/node/cli/target}" && pwd)
. "$here/scripts/find-jdk.sh"
sluice_find_jdk || exit 1
. "$here/scripts/node-jvm.sh"
major=$(sluice_java_major "$JAVA_HOME")
if [ -z "$major" ] || [ "$major" -lt 25 ]; then
  echo "make-start-cache: JDK $major at $JAVA_HOME has no AOT cache (needs 25); nothing to do" >&2
  exit 0
fi
exec 9>"$dist/.start-cache.lock"
if ! flock -n 9; then
  echo "make-start-cache: another run is making the cache; leaving it to that one" >&2
  exit 0
fi
key=$(sluice_cache_key)
if [ -f "$dist/sluice.aot" ] && [ "$(cat "$dist/sluice.aot.key" 2>/dev/null)" = "$key" ]; then
  echo "make-start-cache: $dist/sluice.aot is up to date"
  exit 0
fi
SLUICE_CDS=0 sluice_jvm_flags
sluice_classpath
tmp="$dist/sluice.aot.$$.tmp"
trap 'rm -f "$tmp" "$tmp.config"' EXIT
started=$(date +%s)
if "$JAVA_HOME/bin/java" "${SLUICE_JVM[@]}" "-XX:AOTCacheOutput=$tmp" -cp "$SLUICE_CP" \
  io.sluice.cli.SluiceCli exercise && [ -s "$tmp" ]; then
  mv -f "$tmp" "$dist/sluice.aot"
  printf '%s\n' "$key" >"$dist/sluice.aot.key.$$"
  mv -f "$dist/sluice.aot.key.$$" "$dist/sluice.aot.key"
  rm -f "$dist/sluice.aot.failed"
  echo "make-start-cache: wrote $dist/sluice.aot in $(( $(date +%s) - started )) s"
else
  printf '%s\n' "$key" >"$dist/sluice.aot.failed"
  echo "make-start-cache: the training run failed; nodes start without a cache (see above)" >&2
  exit 1
fi
