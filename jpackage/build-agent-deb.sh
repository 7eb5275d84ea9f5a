#!/usr/bin/env bash
# Builds meshcp-agent_<version>_amd64.deb with its own Java runtime (jlink, via jpackage), a systemd
# unit, and maintainer scripts that enable it. Run after ./mvnw package; output in jpackage/target/.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dist="$root/agent/target/dist"
out="$root/jpackage/target"
[ -d "$dist/lib" ] || { echo "error: $dist is missing: run ./mvnw -B package -DskipTests first" >&2; exit 1; }
jar=$(cd "$dist/lib" && ls agent-*.jar | head -1)
version=$(printf '%s' "$jar" | sed -E 's/^agent-([0-9]+\.[0-9]+\.[0-9]+).*/\1/')

rm -rf "$out" && mkdir -p "$out/input"
cp "$dist"/lib/*.jar "$out/input/"
cp "$root/jpackage/linux/meshcp-agent.service" "$out/input/"
# the JDK modules the jars use, plus the EC provider (P-256) and the ones loaded by name at run time
modules=$(jdeps --multi-release 17 --print-module-deps --ignore-missing-deps \
  --class-path "$(cd "$out/input" && ls *.jar | grep -v "^$jar\$" | sed "s#^#$out/input/#" | tr '\n' ':')" "$out/input/$jar")
modules="$modules,jdk.crypto.ec,java.logging,java.management,jdk.net,jdk.zipfs"
icon=()
[ -f "$root/icons/meshcp-256.png" ] && icon=(--icon "$root/icons/meshcp-256.png")

jpackage --type deb --dest "$out" --name meshcp-agent --app-version "$version" \
  --vendor "interrupt engineering" --description "meshcp agent: runs commands, files and status for the meshcp hub over mTLS" \
  --input "$out/input" --main-jar "$jar" --main-class fr.interrupt.meshcp.agent.cli.AgentMain \
  --java-options "-XX:+UseSerialGC" \
  --add-modules "$modules" \
  --resource-dir "$root/jpackage/linux" --install-dir /opt \
  --linux-package-name meshcp-agent --linux-deb-maintainer "meshcp@interrupt.fr" --linux-app-category admin \
  "${icon[@]}"
ls -l "$out"/*.deb
