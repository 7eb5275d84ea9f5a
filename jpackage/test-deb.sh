#!/usr/bin/env bash
# Builds the agent .deb, installs it for real and checks it: contents and dependencies (dpkg-deb), the
# installed launcher (--version, enroll against a hub on loopback, start, ping from the hub), the unit
# (systemd-analyze verify), the class-data archive postinst makes (it maps), enabling only once enrolled,
# dpkg -r (config and creds kept, the archive gone) and dpkg -P
# (nothing of the package left). Prints the package size, installed size, cold start and idle RSS.
#
# Run as root on a machine without a meshcp agent, after the hub and agent dists are built:
#   ./mvnw -B -q package -DskipTests -pl agent,orchestrator-headless -am && jpackage/test-deb.sh
# MESHCP_TEST_DEB=FILE tests that .deb instead of building one (the checks are the same).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
hub="$root/orchestrator-headless/target/dist/bin/orchestrator-headless"
unit_path=/lib/systemd/system/meshcp-agent.service
wants=/etc/systemd/system/multi-user.target.wants/meshcp-agent.service
name=pkgtest

say() { printf '== %s\n' "$*"; }
fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() {
  local p
  for _ in $(seq 1 50); do
    p=$((20000 + RANDOM % 30000))
    port_open "$p" || { echo "$p"; return 0; }
  done
  fail "no free port found"
}
wait_port() { # PORT PID|- SECONDS
  local deadline=$(($(now_ms) + $3 * 1000))
  until port_open "$1"; do
    if [ "$2" != - ]; then kill -0 "$2" 2>/dev/null || return 1; fi
    [ "$(now_ms)" -lt "$deadline" ] || return 1
    sleep 0.02
  done
}

# The hub's ping has a 5 s deadline; the agent's first TLS handshake runs in a cold JVM, which a busy
# CI machine can stretch past it: a few tries.
ping_online() {
  local out
  for attempt in 1 2 3 4 5 6; do
    out=$("$hub" --data-dir "$tmp/hub" ping "$name" 2>&1) && grep -q 'online' <<<"$out" && break
    echo "  ping $attempt: $out"
    sleep 2
  done
  say "ping: $out"
  grep -q 'online' <<<"$out" || fail "the hub does not see the agent online"
}
systemd_runs() { [ -d /run/systemd/system ]; }

[ "$(id -u)" -eq 0 ] || fail "run as root: the test installs and purges the package for real"
[ -x "$hub" ] || fail "$hub is missing: run ./mvnw -B package -DskipTests -pl agent,orchestrator-headless -am first"
if dpkg-query -W -f='${Status}' meshcp-agent 2>/dev/null | grep -qv 'not-installed'; then
  fail "meshcp-agent is installed on this machine already (dpkg -l meshcp-agent): this test would replace it"
fi
[ ! -e /etc/meshcp ] || fail "/etc/meshcp exists: this machine has an agent configuration that this test would purge"

tmp=$(mktemp -d)
pids=()
installed=0
cleanup() {
  local rc=$?
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  if [ "$installed" -eq 1 ]; then dpkg -P meshcp-agent >/dev/null 2>&1 || true; fi
  rm -rf "$tmp"
  [ "$rc" -eq 0 ] || echo "test-deb.sh: failed (exit $rc)" >&2
}
trap cleanup EXIT

# --- build and inspect -------------------------------------------------------------------------------
if [ -n "${MESHCP_TEST_DEB:-}" ]; then
  deb=$MESHCP_TEST_DEB
else
  say "build: jpackage/build-agent-deb.sh"
  "$root/jpackage/build-agent-deb.sh"
  deb=$(ls "$root"/jpackage/target/meshcp-agent_*.deb)
fi
[ -f "$deb" ] || fail "no .deb at $deb"
jars=("$root"/agent/target/dist/lib/agent-*.jar)
pom_version=${jars[0]##*/agent-}
pom_version=${pom_version%.jar}
deb_version=$(dpkg-deb -f "$deb" Version)
depends=$(dpkg-deb -f "$deb" Depends)
installed_kb=$(dpkg-deb -f "$deb" Installed-Size)
deb_bytes=$(stat -c %s "$deb")
say "package: $(basename "$deb"), Version $deb_version, Depends: $depends"
[ "$deb_version" = "$(printf '%s' "$pom_version" | sed 's/-/~/')-1" ] || fail "Version $deb_version does not come from the pom's $pom_version"
if [[ "$pom_version" == *-SNAPSHOT ]]; then
  dpkg --compare-versions "$deb_version" lt "${pom_version%-SNAPSHOT}-1" || fail "$deb_version must sort before ${pom_version%-SNAPSHOT}-1"
fi
if grep -Eiq 'libx11|libxext|libxi[0-9]|libxrender|libxtst|libasound|libfreetype|libfontconfig|libcups|xdg-utils|libgtk' <<<"$depends"; then
  fail "desktop or sound libraries in Depends: $depends"
fi
[ "$(dpkg-deb -f "$deb" Architecture)" = "$(dpkg --print-architecture)" ] || fail "Architecture is not $(dpkg --print-architecture)"
contents=$(dpkg-deb -c "$deb" | awk '{ p = $6; for (i = 7; i <= NF; i++) p = p " " $i; print p }' | sed -e 's#^\./#/#' -e 's#/$##' -e 's# -> .*##' | grep -v '^$')
for path in /usr/bin/meshcp-agent /opt/meshcp-agent/bin/meshcp-agent /opt/meshcp-agent/runtime/bin/java \
    "$unit_path" /etc/meshcp/agent.yaml.example; do
  grep -qx "$path" <<<"$contents" || fail "$path is not in the package"
done
if grep -E 'libawt|libsplashscreen|libjsound|libfontmanager|/etc/meshcp/agent.yaml$|/etc/meshcp/creds' <<<"$contents"; then
  fail "the package holds desktop libraries or the files enroll writes (above)"
fi
modules=$(dpkg-deb --fsys-tarfile "$deb" | tar -xOf - ./opt/meshcp-agent/runtime/release | sed -n 's/^MODULES="\(.*\)"/\1/p')
say "runtime modules: $modules"
if grep -qw 'java.desktop' <<<"$modules"; then fail "the runtime holds java.desktop"; fi
[ "$(dpkg-deb -I "$deb" conffiles)" = /etc/meshcp/agent.yaml.example ] || fail "conffiles is not /etc/meshcp/agent.yaml.example"

# Which of the package's paths exist before it is installed (/etc, /usr/bin ...): only the others must go.
preexisting="$tmp/preexisting"
while IFS= read -r path; do
  if [ -e "$path" ] || [ -L "$path" ]; then echo "$path"; fi
done <<<"$contents" > "$preexisting"

# --- install ------------------------------------------------------------------------------------------
say "dpkg -i"
installed=1
dpkg -i "$deb" > "$tmp/dpkg-i.log" 2>&1 || { cat "$tmp/dpkg-i.log"; fail "dpkg -i failed"; }
cat "$tmp/dpkg-i.log"
grep -q 'meshcp-agent enroll' "$tmp/dpkg-i.log" || fail "dpkg -i did not say that meshcp-agent enroll comes first"
dpkg -L meshcp-agent > "$tmp/owned"
[ ! -e "$wants" ] || fail "the service is enabled before the machine is enrolled"
on_path=$(command -v meshcp-agent) || fail "meshcp-agent is not on PATH"
[ "$(readlink -f "$on_path")" = /opt/meshcp-agent/bin/meshcp-agent ] || fail "meshcp-agent on PATH is $on_path, not the package's launcher"
version_line=$(env -i PATH=/usr/bin:/bin JAVA_HOME=/nonexistent meshcp-agent --version)
say "meshcp-agent --version: $version_line"
[ "$version_line" = "meshcp-agent $pom_version" ] || fail "--version says '$version_line', the pom says $pom_version"

archive=/var/cache/meshcp-agent/meshcp-agent.jsa
if grep -qx /opt/meshcp-agent/lib/meshcp-agent.classlist <<<"$contents"; then
  [ -s "$archive" ] || fail "postinst made no class-data archive at $archive: $(cat /var/cache/meshcp-agent/dump.log 2>&1)"
  # -Xshare:on: the JVM refuses to start when it cannot map the archive the launcher names
  set +e
  shared_out=$(MESHCP_JAVA_OPTS=-Xshare:on meshcp-agent start --config "$tmp/missing.yaml" 2>&1)
  set -e
  grep -q 'missing.yaml' <<<"$shared_out" || fail "the launcher's class-data archive does not map: $shared_out"
  say "class-data archive: $archive, $(($(stat -c %s "$archive") / 1048576)) MiB, maps (-Xshare:on)"
else
  say "no class list in the package (built with -DskipCds or without openssl): no class-data archive"
fi

if command -v systemd-analyze >/dev/null 2>&1; then
  say "systemd-analyze verify $unit_path"
  systemd-analyze verify "$unit_path" || fail "systemd-analyze verify found problems in $unit_path"
else
  say "systemd-analyze is not installed: unit not verified"
fi

say "before enrolling: the unit's ExecCondition and 'meshcp-agent start' say enroll comes first"
exec_condition=$(sed -n 's/^ExecCondition=//p' "$unit_path")
set +e
condition_out=$(eval "$exec_condition" 2>&1); condition_rc=$?
start_out=$(meshcp-agent start 2>&1); start_rc=$?
set -e
echo "  ExecCondition (exit $condition_rc): $condition_out"
echo "  meshcp-agent start (exit $start_rc): $start_out"
if [ "$condition_rc" -ne 1 ] || ! grep -q 'meshcp-agent enroll' <<<"$condition_out"; then
  fail "the unit's ExecCondition does not skip the start with a message"
fi
if [ "$start_rc" -eq 0 ] || ! grep -q 'enroll this machine first' <<<"$start_out"; then
  fail "meshcp-agent start does not say to enroll first"
fi

if systemd_runs; then
  say "systemd runs here: systemctl start before enrolling is skipped, with the message in the journal"
  systemctl start meshcp-agent.service || true
  if systemctl is-active --quiet meshcp-agent.service; then fail "the service runs before the machine is enrolled"; fi
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    journalctl -u meshcp-agent.service --no-pager -n 5 | grep 'not enrolled' && break
    sleep 0.5
  done
  journalctl -u meshcp-agent.service --no-pager -n 5 | grep -q 'not enrolled' || fail "no 'not enrolled' message in the journal"
fi

# --- enroll against a hub on loopback, start, ping -----------------------------------------------------
enroll_port=$(free_port)
agent_port=$(free_port)
while [ "$agent_port" = "$enroll_port" ]; do agent_port=$(free_port); done
say "hub: enroll-server on 127.0.0.1:$enroll_port"
"$hub" --data-dir "$tmp/hub" enroll-server --listen "127.0.0.1:$enroll_port" > "$tmp/hub.log" 2>&1 &
pids+=($!)
wait_port "$enroll_port" "$!" 90 || { cat "$tmp/hub.log"; fail "the hub's enrollment endpoint did not open"; }
token=$("$hub" --data-dir "$tmp/hub" token create "$name" -q)

say "meshcp-agent enroll (installed launcher, default /etc/meshcp paths)"
meshcp-agent enroll --orchestrator "https://127.0.0.1:$enroll_port" --token - --listen "127.0.0.1:$agent_port" <<<"$token"
[ "$(stat -c %a /etc/meshcp/agent.yaml)" = 600 ] || fail "agent.yaml is not 0600"
[ "$(stat -c %a /etc/meshcp/creds)" = 700 ] || fail "/etc/meshcp/creds is not 0700"
[ "$(stat -c %a /etc/meshcp/creds/agent.key)" = 600 ] || fail "agent.key is not 0600"
# The packaged example is what enroll writes, comments aside.
values() { sed -n '/^capabilities:/,$p' "$1" | sed -e 's/[[:space:]]*#.*$//' -e '/^[[:space:]]*$/d'; }
diff <(values /etc/meshcp/agent.yaml.example) <(values /etc/meshcp/agent.yaml) \
  || fail "agent.yaml.example's capabilities differ from what enroll writes (above)"

say "dpkg -i again, now enrolled: the service is enabled"
dpkg -i "$deb" > "$tmp/dpkg-i2.log" 2>&1 || { cat "$tmp/dpkg-i2.log"; fail "dpkg -i (reinstall) failed"; }
if command -v systemctl >/dev/null 2>&1; then
  [ -L "$wants" ] || fail "the service is not enabled once the machine is enrolled"
  systemctl is-enabled meshcp-agent.service
fi

if systemd_runs; then
  say "systemd runs here: the reinstall started the enrolled agent as a service"
  wait_port "$agent_port" - 60 || { systemctl status meshcp-agent.service --no-pager || true; fail "the service did not start"; }
  systemctl is-active meshcp-agent.service
  ping_online
  systemctl stop meshcp-agent.service
  while port_open "$agent_port"; do sleep 0.2; done
fi

say "the unit's ExecStart, in the foreground (in the background of this script)"
read -r -a exec_start <<<"$(sed -n 's/^ExecStart=//p' "$unit_path")"
t0=$(now_ms)
"${exec_start[@]}" > "$tmp/agent.log" 2>&1 &
agent_pid=$!
pids+=("$agent_pid")
wait_port "$agent_port" "$agent_pid" 60 || { cat "$tmp/agent.log"; fail "the agent did not open 127.0.0.1:$agent_port"; }
cold_ms=$(($(now_ms) - t0))
# CPU time the JVM used to get there (all its threads: JIT, GC), which a busy machine changes less.
read -r -a stat_fields < "/proc/$agent_pid/stat"
cold_cpu_ms=$(((stat_fields[13] + stat_fields[14]) * 1000 / $(getconf CLK_TCK)))
load=$(cut -d' ' -f1 /proc/loadavg)

ping_online
"$hub" --data-dir "$tmp/hub" status "$name" > "$tmp/status.txt" || { cat "$tmp/status.txt"; fail "status failed"; }
say "status (OSHI through JNA, without java.desktop): $(head -4 "$tmp/status.txt" | tr -s ' \n' ' ')"
exec_out=$("$hub" --data-dir "$tmp/hub" exec "$name" -- id -u)
[ "$exec_out" = 0 ] || fail "exec id -u answered '$exec_out'"
say "exec id -u: $exec_out (commands run as root)"
sleep 5
rss_kb=$(ps -o rss= -p "$agent_pid" | tr -d ' ')
kill "$agent_pid"
wait "$agent_pid" 2>/dev/null || true

# --- remove, purge ----------------------------------------------------------------------------------------
say "dpkg -r: stops and disables the service, keeps config and creds"
dpkg -r meshcp-agent
if systemd_runs && systemctl is-active --quiet meshcp-agent.service; then fail "dpkg -r left the service running"; fi
for path in /etc/meshcp/agent.yaml /etc/meshcp/creds/agent.key /etc/meshcp/creds/agent.crt /etc/meshcp/creds/ca.crt \
    /etc/meshcp/agent.yaml.example; do
  [ -f "$path" ] || fail "dpkg -r removed $path"
done
for path in /usr/bin/meshcp-agent /opt/meshcp-agent "$unit_path"; do
  if [ -e "$path" ] || [ -L "$path" ]; then fail "dpkg -r left $path"; fi
done
[ ! -e "$wants" ] || fail "dpkg -r left the service enabled"
[ ! -e /var/cache/meshcp-agent ] || fail "dpkg -r left the class-data archive in /var/cache/meshcp-agent"
dpkg-query -W -f='${Status}\n' meshcp-agent | grep -q 'config-files' || fail "not in config-files state after dpkg -r"

say "dpkg -P: removes /etc/meshcp and everything the package installed"
dpkg -P meshcp-agent
installed=0
[ ! -e /etc/meshcp ] || fail "dpkg -P left /etc/meshcp: $(find /etc/meshcp)"
left=$(while IFS= read -r path; do
  [ "$path" != /. ] || continue
  grep -qxF "$path" "$preexisting" && continue
  if [ -e "$path" ] || [ -L "$path" ]; then echo "$path"; fi
done < "$tmp/owned")
[ -z "$left" ] || fail "dpkg -P left: $left"
if dpkg-query -W meshcp-agent >/dev/null 2>&1; then fail "dpkg still knows meshcp-agent after dpkg -P"; fi
[ ! -e "$wants" ] || fail "dpkg -P left $wants"

echo
echo "package:        $(basename "$deb"): $((deb_bytes / 1024)) KiB ($(awk "BEGIN { printf \"%.1f\", $deb_bytes / 1e6 }") MB)"
echo "installed size: $installed_kb KiB ($(awk "BEGIN { printf \"%.1f\", $installed_kb * 1024 / 1e6 }") MB)"
echo "cold start:     ${cold_ms} ms launch to port open, ${cold_cpu_ms} ms of CPU ($(nproc) cores, load average $load)"
echo "idle RSS:       $((rss_kb / 1024)) MiB (5 s after a ping, a status and an exec)"
echo "test-deb.sh: OK"
