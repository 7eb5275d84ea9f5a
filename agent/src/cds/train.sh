#!/bin/sh
# Makes the agent's class-data sharing archive (JDK 17 dynamic AppCDS, JEP 350) from a training start: throwaway
# credentials made with openssl, `meshcp-agent start` on a free loopback port until it listens, then SIGTERM; the JVM
# writes the classes it loaded to DIST/lib/meshcp-agent.jsa as it exits. The launcher uses the archive only when the
# JVM accepts it (same java, same jars at the same paths) and silently runs without it otherwise.
# The same run writes DIST/lib/meshcp-agent.classlist, the classes it loaded by name: the packages (which cannot carry
# this archive, since JDK 17 cannot relocate one) ship that list, and their postinst makes a static archive from it with
# the installed runtime and jars (jpackage/linux/postinst).
# Usage: train.sh DIST. Never fails the build: without openssl, or when the training run fails, there is no archive.
dist=$1
archive="$dist/lib/meshcp-agent.jsa"
classlist="$dist/lib/meshcp-agent.classlist"
# written beside it and renamed once the JVM has exited: a cut-off archive makes JDK 17 crash when it maps it
partial="$archive.partial"
# Nothing changed since the archive was made (jars, launchers, this script, the java that made it): keep it, so a
# build with nothing changed stays a matter of seconds.
java_bin=$(if [ -n "$JAVA_HOME" ]; then echo "$JAVA_HOME/bin/java"; else command -v java; fi)
java_bin=$(readlink -f "$java_bin" 2>/dev/null || echo "$java_bin")
if [ -s "$archive" ] && [ -s "$classlist" ] && [ -z "$(find "$dist/lib" "$dist/bin" "$0" "$java_bin" -type f -newer "$archive" ! -name '*.jsa*' ! -name '*.classlist*' 2>/dev/null)" ]; then
  echo "cds: $archive is up to date"
  exit 0
fi
rm -f "$archive" "$partial" "$classlist" "$classlist.partial"
command -v openssl >/dev/null 2>&1 || { echo "cds: no openssl, no archive for the agent"; exit 0; }
work=$(mktemp -d) || exit 0
agent_pid=
cleanup() {
  [ -n "$agent_pid" ] && kill "$agent_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
creds="$work/creds"
mkdir -m 700 "$creds"
(
  cd "$work" &&
  openssl ecparam -name prime256v1 -genkey -noout -out ca.sec1 &&
  openssl req -x509 -new -key ca.sec1 -subj "/CN=meshcp training CA" -days 1 -out "$creds/ca.crt" \
    -addext "basicConstraints=critical,CA:TRUE,pathlen:0" -addext "keyUsage=critical,keyCertSign,cRLSign" &&
  openssl ecparam -name prime256v1 -genkey -noout -out agent.sec1 &&
  openssl pkcs8 -topk8 -nocrypt -in agent.sec1 -out "$creds/agent.key" &&
  openssl req -new -key "$creds/agent.key" -subj "/CN=train" -out agent.csr &&
  printf '%s\n' "basicConstraints=critical,CA:FALSE" "keyUsage=critical,digitalSignature" "extendedKeyUsage=serverAuth" \
    "subjectAltName=DNS:train,URI:meshcp://agent/train" > agent.ext &&
  openssl x509 -req -in agent.csr -CA "$creds/ca.crt" -CAkey ca.sec1 -set_serial 1 -days 1 -extfile agent.ext \
    -out "$creds/agent.crt"
) >"$work/openssl.log" 2>&1 || { echo "cds: openssl could not make training credentials, no archive for the agent"; exit 0; }
chmod 600 "$creds/agent.key"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null || echo 47444)
cat >"$work/agent.yaml" <<YAML
machine_name: train
listen_addr: "127.0.0.1:$port"
creds_dir: $creds
YAML
# C1 only: the classes loaded do not depend on the compiler, and the build's CPU time does
: >"$work/agent.log"
MESHCP_JAVA_OPTS="-XX:ArchiveClassesAtExit=$partial -XX:DumpLoadedClassList=$classlist.partial -Xlog:cds=off -Xlog:cds+dynamic=off -XX:TieredStopAtLevel=1" \
  "$dist/bin/meshcp-agent" start --config "$work/agent.yaml" >"$work/agent.log" 2>&1 &
agent_pid=$!
i=0
while [ $i -lt 600 ] && ! grep -qs listening "$work/agent.log"; do
  kill -0 "$agent_pid" 2>/dev/null || break
  sleep 0.1; i=$((i + 1))
done
if ! grep -qs listening "$work/agent.log"; then
  echo "cds: the training agent did not start, no archive for the agent:"; cat "$work/agent.log"; exit 0
fi
kill "$agent_pid"
wait "$agent_pid"
agent_pid=
[ -s "$partial" ] && mv "$partial" "$archive"
[ -s "$classlist.partial" ] && mv "$classlist.partial" "$classlist"
rm -f "$partial" "$classlist.partial"
if [ -s "$archive" ]; then echo "cds: wrote $archive"; else echo "cds: no archive for the agent"; fi
