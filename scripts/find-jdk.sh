#!/usr/bin/env bash
# Sourced by ./sluice and ./mvnw: points JAVA_HOME at a JDK >= 21.
# Order: $JAVA_HOME if new enough, else the newest JDK under /usr/lib/jvm (Debian's standard JVM folder),
# else the `java` on PATH if new enough. Fails with a message saying what to install.

sluice_java_major() {
  # prints the feature version of the JDK at $1 (a JAVA_HOME), or nothing
  local home=$1 v
  [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || return 0
  if [ -f "$home/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$home/release")
  fi
  if [ -z "$v" ]; then
    v=$("$home/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1)
  fi
  [ "$v" = "1" ] && v=8
  printf '%s' "$v"
}

sluice_find_jdk() {
  local min=21 best="" best_v=0 home v
  if [ -n "${JAVA_HOME:-}" ]; then
    v=$(sluice_java_major "$JAVA_HOME")
    if [ -n "$v" ] && [ "$v" -ge "$min" ]; then
      return 0
    fi
  fi
  for home in /usr/lib/jvm/*/ /usr/local/lib/jvm/*/ /opt/java/*/ ; do
    home=${home%/}
    [ -L "$home" ] && continue
    v=$(sluice_java_major "$home")
    if [ -n "$v" ] && [ "$v" -ge "$min" ] && [ "$v" -gt "$best_v" ]; then
      best=$home; best_v=$v
    fi
  done
  if [ -z "$best" ] && command -v javac >/dev/null 2>&1; then
    home=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    v=$(sluice_java_major "$home")
    if [ -n "$v" ] && [ "$v" -ge "$min" ]; then best=$home; fi
  fi
  if [ -z "$best" ]; then
    echo "sluice: no JDK >= $min found (JAVA_HOME=${JAVA_HOME:-unset}, none under /usr/lib/jvm)." >&2
    echo "sluice: install one, e.g. 'apt-get install openjdk-21-jdk-headless', or set JAVA_HOME." >&2
    return 1
  fi
  export JAVA_HOME=$best
}
