#!/usr/bin/env bash
# The one-line install, end to end, as root on this machine: a hub on loopback serves install.sh, its CA
# certificate and the agent .deb ('packages add'); the line 'token create' prints is run as printed (with a
# sudo that is only 'exec', since CI runs as root and may have no sudo) and must:
#   - refuse an unsupported CPU (a fake uname on PATH says riscv64), and a platform the hub has no package for
#     (arm64), each with a sentence and nothing installed;
#   - stop before fetching install.sh when the server's CA does not match the token's pin;
#   - refuse a package whose bytes differ from the hub's SHA256SUMS, with nothing installed;
#   - purge the package again when enrolling fails (a revoked token), leaving nothing half-configured;
#   - install, enroll and (no systemd here) say how to start; then the agent runs in the foreground and the
#     hub pings it; then dpkg -P.
# Run after jpackage/test-deb.sh (which builds jpackage/target/meshcp-agent_*.deb) or with MESHCP_TEST_DEB=FILE.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
hub_bin="$root/orchestrator-headless/target/dist/bin/orchestrator-headless"

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
wait_port() { # PORT PID SECONDS
  local deadline=$(($(now_ms) + $3 * 1000))
  until port_open "$1"; do
    kill -0 "$2" 2>/dev/null || return 1
    [ "$(now_ms)" -lt "$deadline" ] || return 1
    sleep 0.05
  done
}
not_installed() {
  if dpkg-query -W -f='${Status}' meshcp-agent 2>/dev/null | grep -qv 'not-installed'; then fail "$1: meshcp-agent is installed"; fi
  [ ! -e /etc/meshcp ] || fail "$1: /etc/meshcp exists"
  [ ! -e /opt/meshcp-agent ] || fail "$1: /opt/meshcp-agent exists"
}
hub() { "$hub_bin" --data-dir "$tmp/hub" "$@"; }
# expect RC PATTERN WHAT: the last run ($rc, $out) exited RC (any non-zero for "nonzero") saying PATTERN.
expect() {
  if [ "$1" = nonzero ]; then [ "$rc" -ne 0 ] || fail "$3: exit 0"; else [ "$rc" -eq "$1" ] || fail "$3: exit $rc, not $1"; fi
  grep -q "$2" <<<"$out" || fail "$3: no '$2' in: $out"
}
# The install line of a new token for NAME, as token create prints it.
install_line() {
  # shellcheck disable=SC2016 # the $( is the line's own text
  hub token create "$1" --address "127.0.0.1:$enroll_port" 2>/dev/null | sed -n 's/^  \(c=\$(mktemp) .*\)$/\1/p'
}
# Runs LINE [EXTRA ARGS for install.sh] with the fake sudo (and the fake uname, when FAKE_CPU is set) first on PATH.
run_line() {
  local line=$1
  shift
  local path="$tmp/shims:$PATH"
  if [ -n "${FAKE_CPU:-}" ]; then path="$tmp/fake-uname:$path"; fi
  env PATH="$path" bash -c "$line $*"
}

[ "$(id -u)" -eq 0 ] || fail "run as root: the test installs and purges the package for real"
[ -x "$hub_bin" ] || fail "$hub_bin is missing: run ./mvnw -B package -DskipTests -pl agent,orchestrator-headless -am first"
deb=${MESHCP_TEST_DEB:-$(find "$root/jpackage/target" -maxdepth 1 -name 'meshcp-agent_*_amd64.deb' 2>/dev/null | head -1)}
[ -f "$deb" ] || fail "no agent .deb: run jpackage/build-agent-deb.sh first (or set MESHCP_TEST_DEB)"
[ "$(dpkg --print-architecture)" = amd64 ] || fail "this test serves the amd64 .deb: run it on amd64"
for tool in curl openssl; do command -v "$tool" >/dev/null || fail "$tool is missing: apt-get install $tool"; done
not_installed "before the test"

tmp=$(mktemp -d)
pids=()
cleanup() {
  local rc=$?
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  dpkg -P meshcp-agent >/dev/null 2>&1 || true
  rm -rf "$tmp"
  [ "$rc" -eq 0 ] || echo "test-install.sh: failed (exit $rc)" >&2
}
trap cleanup EXIT
t_start=$(now_ms)
mkdir -p "$tmp/shims" "$tmp/fake-uname"
printf '#!/bin/sh\nexec "$@"\n' > "$tmp/shims/sudo"
# shellcheck disable=SC2016 # the shim expands $1 and FAKE_CPU when it runs
printf '#!/bin/sh\ncase "$1" in -m) echo "$FAKE_CPU" ;; *) exec /bin/uname "$@" ;; esac\n' > "$tmp/fake-uname/uname"
chmod +x "$tmp/shims/sudo" "$tmp/fake-uname/uname"

enroll_port=$(free_port)
agent_port=$(free_port)
while [ "$agent_port" = "$enroll_port" ]; do agent_port=$(free_port); done
say "hub: packages add $(basename "$deb"); enroll-server on 127.0.0.1:$enroll_port"
hub packages add "$deb"
hub packages list
# the launcher itself, not the hub() function: $! must be the process that becomes java (it execs), so cleanup stops it
"$hub_bin" --data-dir "$tmp/hub" enroll-server --listen "127.0.0.1:$enroll_port" > "$tmp/hub.log" 2>&1 &
pids+=($!)
wait_port "$enroll_port" "$!" 90 || { cat "$tmp/hub.log"; fail "the hub's enrollment endpoint did not open"; }

say "served: install.sh, ca.pem, SHA256SUMS, the package (over TLS with the CA as the only root)"
curl -fsSk "https://127.0.0.1:$enroll_port/ca.pem" -o "$tmp/ca.pem"
base="https://127.0.0.1:$enroll_port"
curl -fsS --cacert "$tmp/ca.pem" "$base/install.sh" -o "$tmp/install.sh"
head -1 "$tmp/install.sh" | grep -qx '#!/usr/bin/env bash' || fail "install.sh is not the script"
curl -fsS --cacert "$tmp/ca.pem" "$base/packages/SHA256SUMS" -o "$tmp/SHA256SUMS"
[ "$(cat "$tmp/SHA256SUMS")" = "$(sha256sum "$deb" | cut -d' ' -f1)  linux-amd64.deb" ] || fail "SHA256SUMS: $(cat "$tmp/SHA256SUMS")"
code=$(curl -sS -o /dev/null -w '%{http_code}' --cacert "$tmp/ca.pem" "$base/packages/..%2Fca%2Fca.key")
[ "$code" = 404 ] || fail "a path outside the fixed names answered $code"

line=$(install_line arch-test)
[ -n "$line" ] || fail "token create printed no install line"
say "install line: ${line:0:160}..."

say "unsupported CPU (uname -m says riscv64): refused, nothing installed"
set +e
out=$(FAKE_CPU=riscv64 run_line "$line" 2>&1); rc=$?
set -e
echo "  exit $rc: $out"
expect 2 'no agent package for linux-riscv64' "riscv64"
not_installed "after the riscv64 run"

say "a platform the hub has no package for (uname -m says aarch64): refused, nothing installed"
set +e
out=$(FAKE_CPU=aarch64 run_line "$line" 2>&1); rc=$?
set -e
echo "  exit $rc: $out"
expect 1 'no agent package for linux-arm64' "linux-arm64 without a package"
not_installed "after the arm64 run"

say "a token whose pin is not this hub's CA: stops before fetching install.sh"
other_pin=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
pin=$(sed -n 's/.* = \([A-Za-z0-9_-]\{43\}\) ].*/\1/p' <<<"$line")
[ -n "$pin" ] || fail "no pin in the line: $line"
bad_line=${line/ = $pin ]/ = $other_pin ]}
[ "$bad_line" != "$line" ] || fail "could not change the pin in the line"
set +e
out=$(run_line "$bad_line" 2>&1); rc=$?
set -e
echo "  exit $rc: $out"
expect nonzero 'not the hub of this token' "a wrong pin"
not_installed "after the wrong pin"

say "a tampered package (one byte changed on the hub after its checksum was taken): refused, nothing installed"
served="$tmp/hub/packages/linux-amd64.deb"
cp "$served" "$tmp/good.deb"
printf 'X' | dd of="$served" bs=1 seek=$(($(stat -c %s "$served") - 1)) conv=notrunc status=none
set +e
out=$(run_line "$line" 2>&1); rc=$?
set -e
echo "  exit $rc: $(tail -1 <<<"$out")"
expect 1 'does not match its checksum' "the tampered package"
not_installed "after the tampered package"
cp "$tmp/good.deb" "$served"

say "enrolling fails (the token was revoked): the package is purged again, nothing half-configured"
revoked_line=$(install_line revoked-test)
hub token revoke "$(sed -n 's/.* meshcp1\.\([a-z0-9]\{12\}\)\..*/\1/p' <<<"$revoked_line")"
set +e
out=$(run_line "$revoked_line" 2>&1); rc=$?
set -e
echo "  exit $rc: $(tail -1 <<<"$out")"
expect 1 'token revoked' "a revoked token"
expect 1 'the package was removed again' "a failed enroll"
not_installed "after the failed enroll"

say "install, enroll: the line as printed, plus --listen 127.0.0.1:$agent_port"
name=install-test
line=$(install_line "$name")
t0=$(now_ms)
run_line "$line" --listen "127.0.0.1:$agent_port" > "$tmp/install.log" 2>&1 || { cat "$tmp/install.log"; fail "the install line failed"; }
install_ms=$(($(now_ms) - t0))
tail -3 "$tmp/install.log"
grep -q 'systemd does not run here' "$tmp/install.log" || [ -d /run/systemd/system ] || fail "no word on how to start the agent"
dpkg-query -W -f='${Status}\n' meshcp-agent | grep -q 'install ok installed' || fail "the package is not installed"
[ -f /etc/meshcp/creds/agent.key ] || fail "the machine is not enrolled"
token=$(grep -o 'meshcp1\.[A-Za-z0-9._-]*' <<<"$line" | head -1)
! grep -qsF -- "$token" "${TMPDIR:-/tmp}"/tmp.* || fail "the token is left in a temporary file: $(grep -lsF -- "$token" "${TMPDIR:-/tmp}"/tmp.*)"

say "the agent in the foreground (no systemd here), ping from the hub"
meshcp-agent start > "$tmp/agent.log" 2>&1 &
agent_pid=$!
pids+=("$agent_pid")
wait_port "$agent_port" "$agent_pid" 60 || { cat "$tmp/agent.log"; fail "the agent did not open its port"; }
for attempt in 1 2 3 4 5 6; do
  out=$(hub ping "$name" 2>&1) && grep -q online <<<"$out" && break
  echo "  ping $attempt: $out"
  sleep 2
done
echo "  $out"
grep -q online <<<"$out" || fail "the hub does not see the installed agent online"
kill "$agent_pid"
wait "$agent_pid" 2>/dev/null || true
dpkg -P meshcp-agent > /dev/null
not_installed "after dpkg -P"
echo
echo "install line to enrolled: ${install_ms} ms; whole test: $(($(now_ms) - t_start)) ms"
echo "test-install.sh: OK"
