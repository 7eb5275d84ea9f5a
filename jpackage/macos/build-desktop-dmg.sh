#!/usr/bin/env bash
# Builds jpackage/target/meshcp-<version>-macos-<arm64|amd64>.dmg on macOS: meshcp.app (the control centre,
# its own runtime, icons/meshcp.icns) with the agent bundled inside it, so "Add this computer" works from the
# installed app. Run after ./mvnw -B package -DskipTests -pl orchestrator-desktop,agent -am. Needs a JDK 17
# (jpackage, jdeps) and hdiutil (macOS).
#
#   meshcp.app/Contents/app/*.jar                     the desktop's jars (JavaFX on the class path)
#   meshcp.app/Contents/app/agent/{bin,lib}           the agent launcher and jars
#   meshcp.app/Contents/app/agent/runtime             -> the app's runtime (Contents/runtime/Contents/Home)
#   meshcp.app/Contents/app/bin/meshcp-agent          -> ../agent/bin/meshcp-agent, where AgentLauncher looks first
#
# jpackage makes the app image (--type app-image) and hdiutil the .dmg, because the agent has to be copied in
# between (JDK 17's jpackage has no --app-content). jpackage refuses an app version whose first number is 0,
# so a 0.x version is given to it as 1.0 (the bundle's CFBundleVersion) while the file name and the app's
# own --version keep the pom's. Not signed or notarized (that needs a Developer ID in the workflow's secrets).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out="$root/jpackage/target"
dist="$root/orchestrator-desktop/target/dist"
agent_dist="$root/agent/target/dist"
[ "$(uname -s)" = Darwin ] || { echo "error: the .dmg is built on macOS (hdiutil)" >&2; exit 1; }
for d in "$dist" "$agent_dist"; do
  [ -d "$d/lib" ] || { echo "error: $d is missing: run ./mvnw -B package -DskipTests -pl orchestrator-desktop,agent -am first" >&2; exit 1; }
done
java_home=${JAVA_HOME:?set JAVA_HOME to a JDK 17}
jar=$(cd "$dist/lib" && ls orchestrator-desktop-*.jar)
version=${jar#orchestrator-desktop-}
version=${version%.jar}
numeric=${version%%-*}
case "$numeric" in 0.*) app_version=1.0 ;; *) app_version=$numeric ;; esac
case "$(uname -m)" in
  arm64) arch=arm64 ;;
  x86_64) arch=amd64 ;;
  *) echo "error: unsupported architecture $(uname -m)" >&2; exit 1 ;;
esac

classpath_of() { # DIR MAINJAR
  local cp='' f
  for f in "$1"/lib/*.jar; do [ "${f##*/}" = "$2" ] || cp="$cp${cp:+:}$f"; done
  printf '%s' "$cp"
}
agent_jar=$(cd "$agent_dist/lib" && ls agent-*.jar)
modules=$( { "$java_home/bin/jdeps" --multi-release 17 --print-module-deps --ignore-missing-deps \
    --class-path "$(classpath_of "$dist" "$jar")" "$dist/lib/$jar"; echo
  "$java_home/bin/jdeps" --multi-release 17 --print-module-deps --ignore-missing-deps \
    --class-path "$(classpath_of "$agent_dist" "$agent_jar")" "$agent_dist/lib/$agent_jar"; echo
  echo jdk.crypto.ec,jdk.unsupported,jdk.localedata,jdk.zipfs; } | tr ',' '\n' | grep . | sort -u | paste -sd, -)

work="$out/dmg"
rm -rf "$work" && mkdir -p "$work/input" "$work/image"
cp "$dist"/lib/*.jar "$work/input/"
"$java_home/bin/jpackage" --type app-image --name meshcp --app-version "$app_version" --dest "$work/image" \
  --input "$work/input" --main-jar "$jar" --main-class fr.interrupt.meshcp.desktop.DesktopMain \
  --icon "$root/icons/meshcp.icns" --add-modules "$modules" \
  --java-options "-Dmeshcp.app.home=\$APPDIR" --mac-package-identifier fr.interrupt.meshcp.desktop \
  --jlink-options "--strip-debug --no-header-files --no-man-pages"
app="$work/image/meshcp.app/Contents/app"
mkdir -p "$app/agent/bin" "$app/agent/lib" "$app/bin"
cp "$agent_dist"/lib/*.jar "$app/agent/lib/"
install -m 0755 "$agent_dist/bin/meshcp-agent" "$app/agent/bin/meshcp-agent"
ln -s ../../runtime/Contents/Home "$app/agent/runtime"
ln -s ../agent/bin/meshcp-agent "$app/bin/meshcp-agent"
"$app/bin/meshcp-agent" --version

dmg="$out/meshcp-$version-macos-$arch.dmg"
rm -f "$dmg"
hdiutil create -volname meshcp -srcfolder "$work/image/meshcp.app" -ov -format UDZO "$dmg" >/dev/null
echo "built $dmg ($(du -k "$dmg" | cut -f1) KiB)"
