#!/usr/bin/env bash
# The benchmark against ssh (issue 12): sets up, on loopback only, a throwaway sshd on a high port (key-only login for
# the local user meshcp-bench, shell /bin/sh) and ControlMasters, then runs the Java harness (hub, agents, workloads,
# anchors interleaved), prints one markdown table and writes it to bench/RESULTS.md. Stops everything it started.
#
#   bench/run.sh [--smoke] [--only N,N...] [--out FILE]
#
# --smoke: one round, few calls, 2 agents, no ssh (what ./mvnw verify runs). --only 1,4: only those workloads of
# issue 12 (1 to 9; 1 and 6 run together, as do 4 and 7). Needs the built launchers:
# ./mvnw -B -o -q package -DskipTests. The ssh anchors need root and openssh-server; without them those cells say why.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
out="$here/RESULTS.md"
smoke=""
only=""
while [ $# -gt 0 ]; do
  case $1 in
    --smoke) smoke="--smoke" ;;
    --only) [ $# -ge 2 ] || { echo "bench/run.sh: --only needs workload numbers, e.g. --only 1,4" >&2; exit 2; }; only=$2; shift ;;
    --out) [ $# -ge 2 ] || { echo "bench/run.sh: --out needs a file" >&2; exit 2; }; out=$2; shift ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench/run.sh: unknown option $1 (usage: bench/run.sh [--smoke] [--only N,N...] [--out FILE])" >&2; exit 2 ;;
  esac
  shift
done
command_line="bench/run.sh${smoke:+ $smoke}${only:+ --only $only}"

hub="$root/orchestrator-headless/target/dist/bin/orchestrator-headless"
agent="$root/agent/target/dist/bin/meshcp-agent"
lib="$here/target/dist/lib"
desktop_lib="$root/orchestrator-desktop/target/dist/lib"
for built in "$hub" "$agent" "$lib" "$desktop_lib"; do
  if [ ! -e "$built" ]; then
    echo "bench/run.sh: $built is missing: build first with ./mvnw -B -o -q package -DskipTests" >&2
    exit 2
  fi
done

hosts=50
user=meshcp-bench
work=$(mktemp -d /tmp/meshcp-bench.XXXXXX)
chmod 755 "$work"
sshd_pid=""

cleanup() {
  if [ -n "$sshd_pid" ]; then
    for socket in "$work"/cm-h*; do
      [ -S "$socket" ] && ssh -F "$work/ssh_config" -O exit "${socket##*/cm-}" >/dev/null 2>&1 || true
    done
    kill "$sshd_pid" 2>/dev/null || true
    wait "$sshd_pid" 2>/dev/null || true
    # the per-connection sshd processes outlive the listener until their sessions end (tens of seconds after the
    # masters exit): end the sessions of the harness's own user, then wait for them to go
    pkill -KILL -u "$user" 2>/dev/null || true
    for _ in $(seq 1 50); do
      pgrep -f "sshd: $user" >/dev/null 2>&1 || break
      sleep 0.1
    done
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  return 1
}

start_sshd() {
  local sshd port
  sshd=$(command -v sshd || true)
  [ -n "$sshd" ] || sshd=/usr/sbin/sshd
  if [ ! -x "$sshd" ]; then
    no_ssh="not installed: sshd (apt-get install openssh-server)"
    return
  fi
  if [ "$(id -u)" -ne 0 ]; then
    no_ssh="skipped: not root (the harness adds the local user $user)"
    return
  fi
  if ! id -u "$user" >/dev/null 2>&1; then
    useradd --create-home --shell /bin/sh "$user"
  fi
  usermod --shell /bin/sh "$user"
  usermod -p '*' "$user" # unlocked without a password: with UsePAM no, a locked account refuses keys too
  ssh-keygen -q -t ed25519 -N '' -C bench-host -f "$work/host_key"
  ssh-keygen -q -t ed25519 -N '' -C bench-client -f "$work/client_key"
  cp "$work/client_key.pub" "$work/authorized_keys"
  chmod 644 "$work/authorized_keys"
  mkdir -p "$work/remote" /run/sshd
  chown "$user" "$work/remote"
  port=$(free_port)
  cat >"$work/sshd_config" <<CONFIG
Port $port
ListenAddress 127.0.0.1
HostKey $work/host_key
PidFile $work/sshd.pid
AuthorizedKeysFile $work/authorized_keys
StrictModes no
UsePAM no
PasswordAuthentication no
KbdInteractiveAuthentication no
PubkeyAuthentication yes
PermitRootLogin no
AllowUsers $user
MaxStartups 200
MaxSessions 200
UseDNS no
PrintMotd no
Subsystem sftp internal-sftp
LogLevel ERROR
CONFIG
  echo "[127.0.0.1]:$port $(cat "$work/host_key.pub")" >"$work/known_hosts"
  cat >"$work/ssh_config" <<CONFIG
Host h*
  HostName 127.0.0.1
  Port $port
  User $user
  IdentityFile $work/client_key
  IdentitiesOnly yes
  UserKnownHostsFile $work/known_hosts
  StrictHostKeyChecking yes
  BatchMode yes
  ControlMaster auto
  ControlPath $work/cm-%n
  ControlPersist 600
  LogLevel ERROR
CONFIG
  "$sshd" -D -f "$work/sshd_config" -E "$work/sshd.log" &
  sshd_pid=$!
  for _ in $(seq 1 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    sleep 0.1
  done
  if ! ssh -F "$work/ssh_config" h1 true 2>"$work/ssh-check.err"; then
    no_ssh="skipped: ssh to the local sshd failed: $(tr '\n' ' ' <"$work/ssh-check.err") $(tail -3 "$work/sshd.log" | tr '\n' ' ')"
  fi
}

no_ssh=""
if [ -n "$smoke" ]; then
  no_ssh="skipped: --smoke runs no ssh"
else
  start_sshd
fi
if [ -n "$no_ssh" ]; then
  echo "bench/run.sh: ssh anchors $no_ssh" >&2
  ssh_args=(--no-ssh "$no_ssh")
else
  ssh_args=(--ssh-config "$work/ssh_config" --ssh-hosts "$hosts" --remote-dir "$work/remote" --sshd-pid "$sshd_pid")
fi

java_cmd=java
[ -n "${JAVA_HOME:-}" ] && java_cmd="$JAVA_HOME/bin/java"
"$java_cmd" -XX:+UseSerialGC -cp "$lib/*" fr.interrupt.meshcp.bench.Harness --hub "$hub" --agent "$agent" --desktop-lib "$desktop_lib" --out "$out" \
  --command "$command_line" ${smoke:+"$smoke"} ${only:+--only "$only"} "${ssh_args[@]}"
