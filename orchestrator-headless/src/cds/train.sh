#!/bin/sh
# Makes the hub's class-data sharing archive (JDK 17 dynamic AppCDS, JEP 350) from a training run of the built launcher:
# `serve` on a throwaway data dir (it makes the CA and the hub's certificates) answers initialize, tools/list and
# list_machines; when the agent's launcher is given and python3 finds a free port, a throwaway agent enrolls through
# serve's endpoint and serve pings it and runs `true` there (mTLS, gRPC, the jobs), so the archive holds the classes of
# a one-shot exec too. Then stdin closes and the JVM writes the classes it loaded to DIST/lib/orchestrator-headless.jsa
# as it exits. The launcher uses the archive only when the JVM accepts it (same java, same jars at the same paths) and
# silently runs without it otherwise.
# Usage: train.sh DIST [AGENT_DIST]. Never fails the build: when the run fails, there is no archive.
dist=$1
agent_dist=$2
archive="$dist/lib/orchestrator-headless.jsa"
# written beside it and renamed once the JVM has exited: a cut-off archive makes JDK 17 crash when it maps it
partial="$archive.partial"
# Nothing changed since the archive was made (jars, launchers, this script, the java that made it): keep it, so a
# build with nothing changed stays a matter of seconds.
java_bin=$(if [ -n "$JAVA_HOME" ]; then echo "$JAVA_HOME/bin/java"; else command -v java; fi)
java_bin=$(readlink -f "$java_bin" 2>/dev/null || echo "$java_bin")
if [ -s "$archive" ] && [ -z "$(find "$dist/lib" "$dist/bin" "$0" "$java_bin" -type f -newer "$archive" ! -name '*.jsa*' 2>/dev/null)" ]; then
  echo "cds: $archive is up to date"
  exit 0
fi
rm -f "$archive" "$partial"
work=$(mktemp -d) || exit 0
serve_pid=
agent_pid=
cleanup() {
  exec 3>&- 2>/dev/null
  [ -n "$serve_pid" ] && kill "$serve_pid" 2>/dev/null
  [ -n "$agent_pid" ] && kill "$agent_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
mkfifo "$work/in" || exit 0
: >"$work/out"
: >"$work/err"
hub="$dist/bin/orchestrator-headless"
# C1 only: the classes loaded do not depend on the compiler, and the build's CPU time does
MESHCP_JAVA_OPTS="-XX:ArchiveClassesAtExit=$partial -Xlog:cds=off -Xlog:cds+dynamic=off -XX:TieredStopAtLevel=1" \
  "$hub" --data-dir "$work/hub" serve --listen 127.0.0.1:0 <"$work/in" >"$work/out" 2>"$work/err" &
serve_pid=$!
exec 3>"$work/in"

# waits up to 60 s for FILE to hold COUNT lines, or for a line matching PATTERN
wait_for() {
  i=0
  until if [ -n "$3" ]; then grep -qs "$3" "$1"; else [ "$(wc -l <"$1")" -ge "$2" ]; fi; do
    kill -0 "$serve_pid" 2>/dev/null && [ $i -lt 600 ] || return 1
    sleep 0.1; i=$((i + 1))
  done
}
# each request waits for its answer, so none is cut short when stdin closes
answered=0
ask() {
  printf '%s\n' "$1" >&3
  answered=$((answered + 1))
  wait_for "$work/out" "$answered"
}
call() {
  ask '{"jsonrpc":"2.0","id":'"$((answered + 1))"',"method":"tools/call","params":{"name":"'"$1"'","arguments":'"$2"'}}'
}

# an agent enrolled through serve's endpoint, for the exec path; skipped (not an error) when anything is missing
start_agent() {
  [ -x "$agent_dist/bin/meshcp-agent" ] || return 0
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null) || return 0
  wait_for "$work/err" 0 "enrollment endpoint listening on" || return 0
  endpoint=$(sed -n 's/.*enrollment endpoint listening on \(https:[^ ]*\).*/\1/p' "$work/err" | head -n 1)
  MESHCP_JAVA_OPTS=-XX:TieredStopAtLevel=1 "$hub" --data-dir "$work/hub" token create train -q --address "${endpoint#https://}" 2>/dev/null >"$work/token" || return 0
  MESHCP_JAVA_OPTS=-XX:TieredStopAtLevel=1 "$agent_dist/bin/meshcp-agent" enroll --orchestrator "$endpoint" --token - --config "$work/agent.yaml" \
    --creds-dir "$work/creds" --name train --listen "127.0.0.1:$port" <"$work/token" >"$work/enroll.log" 2>&1 || return 0
  MESHCP_JAVA_OPTS=-XX:TieredStopAtLevel=1 "$agent_dist/bin/meshcp-agent" start --config "$work/agent.yaml" >"$work/agent.log" 2>&1 3>&- &
  agent_pid=$!
  i=0
  until grep -qs listening "$work/agent.log"; do
    kill -0 "$agent_pid" 2>/dev/null && [ $i -lt 600 ] || return 0
    sleep 0.1; i=$((i + 1))
  done
  echo train >"$work/agent.ready"
}

if ask '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"cds-training","version":"1"}}}' &&
  printf '%s\n' '{"jsonrpc":"2.0","method":"notifications/initialized"}' >&3 &&
  ask '{"jsonrpc":"2.0","id":2,"method":"tools/list"}' &&
  start_agent &&
  call list_machines '{}' &&
  if [ -f "$work/agent.ready" ]; then
    call ping '{"machine":"train"}' && call exec '{"machine":"train","command":"true"}' &&
      call system_status '{"machine":"train"}'
  else
    call exec '{"machine":"train","command":"true"}'
  fi; then
  exec 3>&-
  wait "$serve_pid" && serve_pid= && [ -s "$partial" ] && mv "$partial" "$archive"
fi
rm -f "$partial"
if [ -s "$archive" ]; then
  echo "cds: wrote $archive$([ -f "$work/agent.ready" ] && echo ' (trained with an agent)')"
else
  rm -f "$archive"
  echo "cds: the training run of serve failed, no archive for orchestrator-headless:"; cat "$work/err"
fi
