#!/usr/bin/env bash
# Sourced by ./sluice: the JVM command line of the distribution in $dist (node/cli/target).
#
#   sluice_jvm_flags [ARGS...] -> array SLUICE_JVM: the flags of $dist/jvm.options (shared with the
#                         test harness; a line "25-:FLAG" applies on JDK 25 or newer only, "21-24:"
#                         on 21 to 24, "21:" on 21) plus the start-up cache's flags; ARGS is the command line
#                         (only `server` without --help/--version starts making a missing cache)
#   sluice_classpath   -> SLUICE_CP: sluice-cli.jar then lib/*.jar in sorted order (a class-data
#                         archive or AOT cache is only valid for the classpath it was made with,
#                         so the order must not depend on the directory listing)
#
# Start-up cache, by JDK (SLUICE_CDS=0 turns both off):
# - JDK >= 25: an AOT cache ($dist/sluice.aot, JEP 483/514/515: classes loaded and linked, method
#   profiles) written by a training run (`sluice exercise`: a throw-away node on free ports serving
#   each face's first requests, made by clients in a child JVM so the cache holds node classes only) that scripts/make-start-cache.sh runs in the background, niced,
#   under a lock, when the cache is missing or its key ($dist/sluice.aot.key: the JDK, the jars,
#   jvm.options) no longer matches, on `sluice server` only (other commands, and `server --help`,
#   never start it). It
#   replaces the cache by a rename, so nodes starting at the same time see the old file or the
#   new one, never half of one. Until it is there nodes start without it; the JVM itself ignores
#   a cache that does not match its classpath, JDK or flags, or that is damaged.
# - JDK 21-24: a dynamic class-data archive ($dist/sluice.jsa) the JVM writes at the first exit.

sluice_classpath() {
  local jar
  SLUICE_CP="$dist/sluice-cli.jar"
  while IFS= read -r jar; do
    SLUICE_CP="$SLUICE_CP:$jar"
  done < <(LC_ALL=C ls -1 "$dist"/lib/*.jar | LC_ALL=C sort)
}

# The key of a start-up cache: the JDK (its release file and path), every jar (name, size, mtime)
# and the flags in jvm.options. Printed as one hash.
sluice_cache_key() {
  {
    printf '%s\n' "$JAVA_HOME"
    cat "$JAVA_HOME/release" 2>/dev/null
    (cd "$dist" && LC_ALL=C stat -c '%n %s %Y' sluice-cli.jar lib/*.jar)
    cat "$dist/jvm.options" 2>/dev/null
  } | cksum | cut -d' ' -f1
}

# True when the command line ($@, as given to ./sluice) starts a node: `server` without a help or
# version flag (`./sluice server --help` prints and exits, so it must not start a training run).
sluice_runs_a_node() {
  local arg
  [ "${1:-}" = server ] || return 1
  shift
  for arg in "$@"; do
    case $arg in
      -h | --help | -V | --version) return 1 ;;
    esac
  done
  return 0
}

# True when a jvm.options line's JDK condition holds for JDK $2: "25:" (exactly 25), "25-:" (25 or
# newer), "21-24:" (21 to 24). A flag that only some JDKs know goes on such a line.
sluice_jdk_matches() {
  local cond=$1 major=${2:-0} lo hi
  lo=${cond%%-*}
  if [ "$cond" = "$lo" ]; then
    [ "$major" -eq "$lo" ]
  else
    hi=${cond#*-}
    [ "$major" -ge "$lo" ] && { [ -z "$hi" ] || [ "$major" -le "$hi" ]; }
  fi
}

sluice_jvm_flags() {
  local line major
  SLUICE_JVM=()
  major=$(sluice_java_major "$JAVA_HOME")
  if [ -f "$dist/jvm.options" ]; then
    while IFS= read -r line || [ -n "$line" ]; do
      line=${line%%#*}
      line=$(printf '%s' "$line" | sed 's/^[[:space:]]*//; s/[[:space:]]*$//')
      if [[ $line =~ ^([0-9]+(-[0-9]*)?):(.*)$ ]]; then
        sluice_jdk_matches "${BASH_REMATCH[1]}" "$major" || continue
        line=${BASH_REMATCH[3]}
      fi
      [ -n "$line" ] && SLUICE_JVM+=("$line")
    done < "$dist/jvm.options"
  fi
  [ "${SLUICE_CDS:-1}" = 0 ] && return 0
  if [ -n "$major" ] && [ "$major" -ge 25 ]; then
    if [ -f "$dist/sluice.aot" ] && [ "$(cat "$dist/sluice.aot.key" 2>/dev/null)" = "$(sluice_cache_key)" ]; then
      SLUICE_JVM+=("-XX:AOTCache=$dist/sluice.aot" "-Xlog:aot=off" "-Xlog:cds=off")
    elif sluice_runs_a_node "$@" && [ "$(cat "$dist/sluice.aot.failed" 2>/dev/null)" != "$(sluice_cache_key)" ]; then
      echo "sluice: making the start-up cache in the background (log: $dist/start-cache.log);" \
        "later starts are faster" >&2
      (cd / && nohup nice -n 10 "$here/scripts/make-start-cache.sh" "$dist" \
        >"$dist/start-cache.log" 2>&1 </dev/null &)
    fi
  else
    SLUICE_JVM+=("-XX:SharedArchiveFile=$dist/sluice.jsa" "-XX:+AutoCreateSharedArchive"
      "-Xlog:cds=off" "-Xlog:cds+dynamic=off")
  fi
}
