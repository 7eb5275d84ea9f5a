#!/usr/bin/env bash
# Builds jpackage/target/meshcp-desktop_<version>_<arch>.deb: the control centre with its own Java runtime,
# and the agent launcher beside it so "Add this computer" works from the installed app. Run after
#   ./mvnw -B package -DskipTests -pl orchestrator-desktop,agent -am
# Needs a JDK 17 (jdeps, jlink) and dpkg-dev (dpkg-deb, dpkg-shlibdeps). Same approach as the agent's
# build-agent-deb.sh (jlink + dpkg-deb, no jpackage): the same version rule, and no fakeroot.
#
#   /opt/meshcp-desktop/{bin/orchestrator-desktop,lib/*.jar,runtime/}   launcher, jars (JavaFX on the class path), runtime
#   /opt/meshcp-desktop/agent/{bin/meshcp-agent,lib/*.jar,runtime->../runtime}  the agent, on the same runtime
#   /opt/meshcp-desktop/bin/meshcp-agent -> ../agent/bin/meshcp-agent     where AgentLauncher looks first (app home's bin)
#   /usr/bin/orchestrator-desktop -> /opt/meshcp-desktop/bin/orchestrator-desktop
#   /usr/share/applications/meshcp-desktop.desktop                        desktop/meshcp-desktop.desktop (Network;RemoteAccess)
#   /usr/share/icons/hicolor/SIZExSIZE/apps/meshcp.png                    icons/meshcp-SIZE.png, 16 to 512
#   /usr/share/bash-completion/completions/*                              whatever target/dist/share/bash-completion holds, if any
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
out="$here/target"
dist="$root/orchestrator-desktop/target/dist"
agent_dist="$root/agent/target/dist"
for tool in dpkg-deb dpkg-shlibdeps; do
  command -v "$tool" >/dev/null 2>&1 || { echo "error: $tool is missing: apt-get install dpkg-dev" >&2; exit 1; }
done
for d in "$dist" "$agent_dist"; do
  [ -d "$d/lib" ] || { echo "error: $d is missing: run ./mvnw -B package -DskipTests -pl orchestrator-desktop,agent -am first" >&2; exit 1; }
done
jars=("$dist"/lib/orchestrator-desktop-*.jar)
if [ "${#jars[@]}" -ne 1 ] || [ ! -f "${jars[0]}" ]; then echo "error: expected one orchestrator-desktop-*.jar in $dist/lib" >&2; exit 1; fi
jar=${jars[0]##*/}
version=${jar#orchestrator-desktop-}
version=${version%.jar}
deb_version="$(printf '%s' "$version" | sed 's/-/~/')-1"
dpkg --compare-versions "$deb_version" gt 0 || { echo "error: $deb_version is not a valid Debian version" >&2; exit 1; }
arch=$(dpkg --print-architecture)
java_home=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}

# --- runtime: the JDK modules both programs use ----------------------------------------------------------
classpath_of() { # DIR MAINJAR
  local cp='' f
  for f in "$1"/lib/*.jar; do [ "${f##*/}" = "$2" ] || cp="$cp${cp:+:}$f"; done
  printf '%s' "$cp"
}
agent_jar=$(cd "$agent_dist/lib" && ls agent-*.jar)
desktop_modules=$("$java_home/bin/jdeps" --multi-release 17 --print-module-deps --ignore-missing-deps \
  --class-path "$(classpath_of "$dist" "$jar")" "$dist/lib/$jar")
agent_modules=$("$java_home/bin/jdeps" --multi-release 17 --print-module-deps --ignore-missing-deps \
  --class-path "$(classpath_of "$agent_dist" "$agent_jar")" "$agent_dist/lib/$agent_jar")
# Added by hand: jdk.crypto.ec (EC keys and TLS, found by name at run time), jdk.unsupported (JavaFX and
# gRPC's Netty use sun.misc.Unsafe reflectively), jdk.zipfs. Not jdk.localedata (20 MB): the app speaks English.
modules=$(printf '%s,%s,jdk.crypto.ec,jdk.unsupported,jdk.zipfs' "$desktop_modules" "$agent_modules" \
  | tr ',' '\n' | sort -u | paste -sd, -)

stage="$out/desktop-deb"
app="$stage/opt/meshcp-desktop"
rm -rf "$stage" && mkdir -p "$stage/DEBIAN" "$app/bin" "$app/lib" "$app/agent/bin" "$app/agent/lib" "$stage/usr/bin" \
  "$stage/usr/share/applications"
cp "$dist"/lib/*.jar "$app/lib/"
install -m 0755 "$dist/bin/orchestrator-desktop" "$app/bin/orchestrator-desktop"
# The agent's jars that the app has too (same name, same bytes) are links to the app's: 37 MB less.
for f in "$agent_dist"/lib/*.jar; do
  if cmp -s "$f" "$dist/lib/${f##*/}"; then ln -s "../../lib/${f##*/}" "$app/agent/lib/${f##*/}"; else cp "$f" "$app/agent/lib/"; fi
done
install -m 0755 "$agent_dist/bin/meshcp-agent" "$app/agent/bin/meshcp-agent"
ln -s ../runtime "$app/agent/runtime"
ln -s ../agent/bin/meshcp-agent "$app/bin/meshcp-agent"
ln -s ../../opt/meshcp-desktop/bin/orchestrator-desktop "$stage/usr/bin/orchestrator-desktop"
"$java_home/bin/jlink" --add-modules "$modules" --output "$app/runtime" \
  --strip-debug --no-header-files --no-man-pages --compress=0 --generate-cds-archive
# Not needed by the app, and each pulls in libraries: sound (libasound2) and the AWT splash screen (gif, jpeg, png).
rm -f "$app/runtime/lib/server/classes_nocoops.jsa" "$app/runtime/lib/libjsound.so" "$app/runtime/lib/libsplashscreen.so"
install -m 0644 "$here/desktop/meshcp-desktop.desktop" "$stage/usr/share/applications/meshcp-desktop.desktop"
for size in 16 24 32 48 64 128 256 512; do
  install -D -m 0644 "$root/icons/meshcp-$size.png" "$stage/usr/share/icons/hicolor/${size}x${size}/apps/meshcp.png"
done
for completions in "$dist/share/bash-completion/completions" "$agent_dist/share/bash-completion/completions"; do
  if [ -d "$completions" ] && [ -n "$(ls -A "$completions")" ]; then
    mkdir -p "$stage/usr/share/bash-completion/completions"
    cp "$completions"/* "$stage/usr/share/bash-completion/completions/"
  fi
done
chmod -R go-w "$stage"

# Depends: the libraries the runtime's and JavaFX's native code link against (JavaFX unpacks its .so files
# from its jars at run time, so they are unpacked here for dpkg-shlibdeps to read).
natives="$out/desktop-natives"
rm -rf "$natives" && mkdir -p "$natives"
for fx in "$app"/lib/javafx-*-linux*.jar; do
  (cd "$natives" && "$java_home/bin/jar" xf "$fx")
done
# libglassgtk2 (GTK 2) is a fallback JavaFX loads only without GTK 3: left out of Depends.
elves=()
while IFS= read -r -d '' f; do
  case "$f" in *gtk2*) continue ;; esac
  if [ "$(head -c 4 "$f" | od -An -c | tr -d ' ')" = '177ELF' ]; then elves+=("$f"); fi
done < <(find "$app/runtime" "$natives" -type f \( -path "$app/runtime/*" -o -name '*.so' \) -print0)
shlib_work="$out/desktop-shlibdeps"
rm -rf "$shlib_work" && mkdir -p "$shlib_work/debian"
printf 'Source: meshcp-desktop\n\nPackage: meshcp-desktop\nArchitecture: any\n' > "$shlib_work/debian/control"
depends=$(cd "$shlib_work" && dpkg-shlibdeps -O --ignore-missing-info -l"$app/runtime/lib" -l"$app/runtime/lib/server" \
    "${elves[@]}" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
[ -n "$depends" ] || { echo "error: dpkg-shlibdeps found no dependencies" >&2; exit 1; }

installed_kb=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
cat > "$stage/DEBIAN/control" <<CONTROL
Package: meshcp-desktop
Version: $deb_version
Architecture: $arch
Maintainer: interrupt engineering <meshcp@interrupt.fr>
Installed-Size: $installed_kb
Depends: $depends
Section: net
Priority: optional
Homepage: https://github.com/interrupt-engineering/meshcp
Description: meshcp control centre: your machines, their commands and files
 The desktop face of the meshcp hub: a live table of the fleet, adding a
 machine with a QR code or one click ("Add this computer" runs the agent
 bundled in this package), system status, commands on several machines and
 a file browser. It brings its own Java runtime.
CONTROL
(cd "$stage" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | sort -z | xargs -0 md5sum > DEBIAN/md5sums)
deb="$out/meshcp-desktop_${deb_version}_${arch}.deb"
rm -f "$out"/meshcp-desktop_*.deb
# MESHCP_DEB_COMPRESSION=gzip: a faster build for tests (xz, the default, takes minutes on a busy machine).
case "${MESHCP_DEB_COMPRESSION:-xz}" in
  xz) compression=(-Zxz) ;;
  gzip) compression=(-Zgzip -z1) ;;
  *) echo "error: MESHCP_DEB_COMPRESSION must be xz or gzip" >&2; exit 1 ;;
esac
dpkg-deb --root-owner-group "${compression[@]}" --build "$stage" "$deb" >/dev/null
echo "MODULES=$modules"
echo "built $deb ($(du -k "$deb" | cut -f1) KiB; installed $installed_kb KiB; Depends: $depends)"
