#!/usr/bin/env bash
# Builds the agent's self-contained folder, the same on Linux and macOS:
#   jpackage/target/image/meshcp-agent/{bin/meshcp-agent, lib/*.jar, runtime/}
# runtime/ is a jlinked Java runtime holding only the modules the agent needs (below). The launcher
# (agent/src/dist/bin/meshcp-agent) prefers ../runtime when it exists. Run after
# ./mvnw -B package -DskipTests -pl agent -am. Prints the modules and the version (from the jar's name,
# i.e. the pom's version) on stdout's last two lines as MODULES=... and VERSION=...
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dist="$root/agent/target/dist"
image="$root/jpackage/target/image/meshcp-agent"
[ -d "$dist/lib" ] || { echo "error: $dist is missing: run ./mvnw -B package -DskipTests -pl agent -am first" >&2; exit 1; }
jars=("$dist"/lib/agent-*.jar)
if [ "${#jars[@]}" -ne 1 ] || [ ! -f "${jars[0]}" ]; then
  echo "error: expected one agent-*.jar in $dist/lib" >&2
  exit 1
fi
jar=${jars[0]##*/}
version=${jar#agent-}
version=${version%.jar}
java_home=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)" 2>/dev/null || command -v java)")")}
for tool in jdeps jlink; do
  [ -x "$java_home/bin/$tool" ] || { echo "error: $java_home/bin/$tool is missing: set JAVA_HOME to a JDK 17" >&2; exit 1; }
done

# The JDK modules the jars use, as jdeps sees them (static references from every jar on the class path).
classpath=
for f in "$dist"/lib/*.jar; do
  [ "${f##*/}" = "$jar" ] || classpath="$classpath${classpath:+:}$f"
done
found=$("$java_home/bin/jdeps" --multi-release 17 --print-module-deps --ignore-missing-deps \
  --class-path "$classpath" "$dist/lib/$jar")
# Then, by hand:
#  - java.desktop removed: AWT, Swing, sound and their X11/ALSA/CUPS native libraries. Only optional code
#    refers to it: OSHI's desktop-window listing (java.awt.Rectangle, never called by the agent), JNA's AWT
#    helpers, SnakeYAML's JavaBean introspection (the agent reads YAML into plain maps) and Jackson's
#    java.beans annotations (looked up reflectively, absent is fine). test-deb.sh runs enroll (JSON),
#    start (YAML, TLS) and status (OSHI through JNA) on the result.
#  - jdk.crypto.ec added: the SunEC provider (ECDSA P-256 keys, ECDHE in TLS) is found by name at run time,
#    so jdeps cannot see it.
modules=$(printf '%s' "$found" | tr ',' '\n' | grep -vx 'java.desktop' | { cat; echo jdk.crypto.ec; } | sort -u | paste -sd, -)

rm -rf "$image" && mkdir -p "$image/bin" "$image/lib"
cp "$dist"/lib/*.jar "$image/lib/"
# The classes a training start loaded (agent/src/cds/train.sh), from which the .deb's postinst makes the class-data
# archive on the machine; absent when the build skipped it (-DskipCds, no openssl), and then there is none.
if [ -s "$dist/lib/meshcp-agent.classlist" ]; then
  cp "$dist/lib/meshcp-agent.classlist" "$image/lib/"
fi
cp "$dist/bin/meshcp-agent" "$image/bin/meshcp-agent"
chmod 0755 "$image/bin/meshcp-agent"
# --strip-debug drops Java debug attributes; --generate-cds-archive writes the runtime's class-data
# sharing archive (a faster cold start); --compress=0: the packages compress better than jlink's zip
# (lib/modules: 33 MB, 6.7 MB in xz, vs 15 MB zipped, 14.4 MB in xz) and nothing is inflated at startup.
"$java_home/bin/jlink" --add-modules "$modules" --output "$image/runtime" \
  --strip-debug --no-header-files --no-man-pages --compress=0 --generate-cds-archive
# The archive for runs without compressed oops (heaps of 32 GB and more) is 11 MB the agent never uses:
# such a JVM would only start without class-data sharing.
rm -f "$image/runtime/lib/server/classes_nocoops.jsa"
echo "MODULES=$modules"
echo "VERSION=$version"
