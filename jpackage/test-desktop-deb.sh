#!/usr/bin/env bash
# Builds the desktop .deb, checks its contents with dpkg-deb (launcher, runtime with JavaFX's needs, icon
# sizes, the .desktop entry, the bundled agent launcher), installs it for real (apt-get, which brings its
# GTK/GL dependencies from the package registry when missing), runs the installed programs: the agent
# launcher "Add this computer" uses (--version, on the bundled runtime), the app's --help, and, where Xvfb
# and xdotool exist, the app itself until its window shows. Then purges it and checks nothing is left.
#
# Run as root after: ./mvnw -B -q package -DskipTests -pl orchestrator-desktop,agent -am
# MESHCP_TEST_DESKTOP_DEB=FILE tests that .deb instead of building one; MESHCP_DEB_COMPRESSION=gzip builds faster.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
say() { printf '== %s\n' "$*"; }
fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }

[ "$(id -u)" -eq 0 ] || fail "run as root: the test installs and purges the package for real"
if dpkg-query -W -f='${Status}' meshcp-desktop 2>/dev/null | grep -qv 'not-installed'; then
  fail "meshcp-desktop is installed on this machine already: this test would replace it"
fi
tmp=$(mktemp -d)
pids=()
installed=0
cleanup() {
  local rc=$?
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  if [ "$installed" -eq 1 ]; then dpkg -P meshcp-desktop >/dev/null 2>&1 || true; fi
  rm -rf "$tmp"
  [ "$rc" -eq 0 ] || echo "test-desktop-deb.sh: failed (exit $rc)" >&2
}
trap cleanup EXIT
t_start=$(now_ms)

if [ -n "${MESHCP_TEST_DESKTOP_DEB:-}" ]; then
  deb=$MESHCP_TEST_DESKTOP_DEB
else
  say "build: jpackage/build-desktop-deb.sh"
  t0=$(now_ms)
  "$root/jpackage/build-desktop-deb.sh"
  build_ms=$(($(now_ms) - t0))
  deb=$(find "$root/jpackage/target" -maxdepth 1 -name 'meshcp-desktop_*.deb' | head -1)
fi
[ -f "$deb" ] || fail "no .deb at $deb"
say "package: $(basename "$deb"), Depends: $(dpkg-deb -f "$deb" Depends)"
contents=$(dpkg-deb -c "$deb" | awk '{ p = $6; for (i = 7; i <= NF; i++) p = p " " $i; print p }' | sed -e 's#^\./#/#' -e 's#/$##' -e 's# -> .*##')
for path in /usr/bin/orchestrator-desktop /opt/meshcp-desktop/bin/orchestrator-desktop /opt/meshcp-desktop/runtime/bin/java \
    /opt/meshcp-desktop/bin/meshcp-agent /opt/meshcp-desktop/agent/bin/meshcp-agent /opt/meshcp-desktop/agent/runtime \
    /usr/share/applications/meshcp-desktop.desktop /usr/share/icons/hicolor/256x256/apps/meshcp.png \
    /usr/share/icons/hicolor/16x16/apps/meshcp.png /usr/share/icons/hicolor/512x512/apps/meshcp.png; do
  grep -qx "$path" <<<"$contents" || fail "$path is not in the package"
done
grep -q '/opt/meshcp-desktop/lib/javafx-graphics-.*\.jar' <<<"$contents" || fail "no JavaFX jars in the package"
modules=$(dpkg-deb --fsys-tarfile "$deb" | tar -xOf - ./opt/meshcp-desktop/runtime/release | sed -n 's/^MODULES="\(.*\)"/\1/p')
say "runtime modules: $modules"
for m in java.desktop jdk.unsupported jdk.crypto.ec java.naming; do grep -qw "$m" <<<"$modules" || fail "the runtime lacks $m"; done
dpkg-deb --fsys-tarfile "$deb" | tar -xOf - ./usr/share/applications/meshcp-desktop.desktop > "$tmp/entry.desktop"
grep -qx 'Categories=Network;RemoteAccess;' "$tmp/entry.desktop" || fail "the .desktop entry is not in Network;RemoteAccess"
if command -v desktop-file-validate >/dev/null 2>&1; then
  desktop-file-validate "$tmp/entry.desktop" || fail "desktop-file-validate found problems"
  say "desktop-file-validate: OK"
else
  say "desktop-file-validate is not installed: entry not validated"
fi

say "install (apt-get, for the GTK/GL dependencies)"
installed=1
t0=$(now_ms)
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$deb" > "$tmp/install.log" 2>&1 || { cat "$tmp/install.log"; fail "the install failed"; }
install_ms=$(($(now_ms) - t0))
dpkg -L meshcp-desktop > "$tmp/owned"

say "the bundled agent launcher, on the bundled runtime (no JAVA_HOME, no java on PATH)"
version_line=$(env -i PATH=/usr/bin:/bin /opt/meshcp-desktop/bin/meshcp-agent --version)
echo "  $version_line"
grep -q '^meshcp-agent ' <<<"$version_line" || fail "the bundled agent launcher does not run"
help_out=$(env -i PATH=/usr/bin:/bin orchestrator-desktop --help 2>&1) || fail "orchestrator-desktop --help failed: $help_out"
grep -q '^Usage:' <<<"$help_out" || fail "orchestrator-desktop --help printed no usage: $help_out"
say "orchestrator-desktop --help: $(head -1 <<<"$help_out")"

if command -v Xvfb >/dev/null 2>&1 && command -v xdotool >/dev/null 2>&1; then
  display=:$((100 + RANDOM % 800))
  Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp > "$tmp/xvfb.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 100); do [ -e "/tmp/.X11-unix/X${display#:}" ] && break; sleep 0.1; done
  say "the installed app under Xvfb ($display), its own data dir, until its window shows"
  t0=$(now_ms)
  env -i PATH=/usr/bin:/bin HOME="$tmp/home" DISPLAY="$display" orchestrator-desktop --data-dir "$tmp/data" > "$tmp/app.log" 2>&1 &
  app_pid=$!
  pids+=("$app_pid")
  shown=0
  for _ in $(seq 1 300); do
    if DISPLAY=$display xdotool search --name '^meshcp$' >/dev/null 2>&1; then shown=1; break; fi
    kill -0 "$app_pid" 2>/dev/null || break
    sleep 0.2
  done
  window_ms=$(($(now_ms) - t0))
  [ "$shown" -eq 1 ] || { cat "$tmp/app.log"; fail "the installed app showed no window"; }
  say "window shown after $window_ms ms"
  kill "$app_pid"; wait "$app_pid" 2>/dev/null || true
else
  say "Xvfb or xdotool is missing: the app's window was not checked"
fi

say "dpkg -P: nothing of the package left"
dpkg -P meshcp-desktop > /dev/null
installed=0
left=$(while IFS= read -r path; do
  case "$path" in /opt/meshcp-desktop* | /usr/bin/orchestrator-desktop | /usr/share/applications/meshcp-desktop.desktop | */apps/meshcp.png) ;; *) continue ;; esac
  if [ -e "$path" ] || [ -L "$path" ]; then echo "$path"; fi
done < "$tmp/owned")
[ -z "$left" ] || fail "dpkg -P left: $left"
echo
echo "package:        $(basename "$deb"): $(($(stat -c %s "$deb") / 1024)) KiB; installed $(dpkg-deb -f "$deb" Installed-Size) KiB"
echo "times:          build ${build_ms:-(given)} ms, install ${install_ms} ms, window ${window_ms:-(not checked)} ms, whole test $(($(now_ms) - t_start)) ms"
echo "test-desktop-deb.sh: OK"
