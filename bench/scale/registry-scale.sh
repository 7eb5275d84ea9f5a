#!/bin/sh
# Registry scale (issue 12, workload 8): the wall and CPU time of `machines`, `token create` and `token list`
# on a hub with 100 and with 10,000 enrolled machines (all offline: a closed loopback port), and how much of
# registry.json a `machines` run rewrites. Prints one markdown table.
# Usage: bench/scale/registry-scale.sh [HUB_LAUNCHER] [ROUNDS]
# Needs: ./mvnw -B -o -q package -DskipTests and ./mvnw -B -o -q -pl orchestrator-headless -am test-compile
set -eu
repo=$(cd "$(dirname "$0")/../.." && pwd)
hub=${1:-$repo/orchestrator-headless/target/dist/bin/orchestrator-headless}
rounds=${2:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp="$repo/orchestrator-headless/target/test-classes:$repo/orchestrator-headless/target/dist/lib/*"
for n in 100 10000; do
  java -XX:TieredStopAtLevel=1 -cp "$cp" fr.interrupt.meshcp.hub.support.LargeRegistry "$work/r$n" "$n" >/dev/null
done
# median of the "wall cpu" lines on stdin
median() { sort -n | awk '{ a[NR] = $0 } END { print a[int((NR + 1) / 2)] }'; }
run() { # DIR ARGS...: prints "wall_s cpu_s"
  dir=$1; shift
  /usr/bin/time -f '%e %U %S' -o "$work/time" "$hub" --data-dir "$dir" "$@" >/dev/null 2>"$work/err" || true
  awk '{ printf "%.2f %.2f\n", $1, $2 + $3 }' "$work/time"
}
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| command | 100 machines: wall s (cpu s) | 10,000 machines: wall s (cpu s) | ratio (wall) |"
echo "|---|---|---|---|"
for cmd in "machines" "token list" "token create"; do
  for n in 100 10000; do : >"$work/t$n"; done
  i=0
  while [ "$i" -lt "$rounds" ]; do
    for n in 100 10000; do
      if [ "$cmd" = "token create" ]; then
        run "$work/r$n" token create "new-$i-$n" --ttl 1h >>"$work/t$n"
      else
        # shellcheck disable=SC2086
        run "$work/r$n" $cmd >>"$work/t$n"
      fi
    done
    i=$((i + 1))
  done
  small=$(median <"$work/t100"); large=$(median <"$work/t10000")
  ratio=$(echo "$small $large" | awk '{ printf "%.2f", $3 / $1 }')
  echo "| $cmd | $(echo "$small" | awk '{ print $1 " (" $2 ")" }') | $(echo "$large" | awk '{ print $1 " (" $2 ")" }') | $ratio |"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
