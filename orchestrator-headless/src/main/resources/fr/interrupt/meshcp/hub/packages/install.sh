#!/usr/bin/env bash
# meshcp agent: one-line install, served by the hub's enrollment endpoint (GET /install.sh).
#
#   bash install.sh --orchestrator https://HUB:7443 (--token-file FILE | --token TOKEN) [--name NAME] [--listen ADDR:PORT]
#
# --token-file FILE reads the token from FILE's first line and deletes FILE: the line 'token create' prints
# writes the token there with the shell's printf builtin, so it never shows in the process list (ps) as
# sudo's or bash's argument. --token - reads it from stdin; MESHCP_ENROLL_TOKEN is read when neither is given.
# Run as root. 'token create' on the hub prints the one line that fetches this script safely and runs it.
# What it does, in order, and where it stops:
#  1. OS and CPU from uname: linux-amd64 and linux-arm64 get the .deb (needs dpkg), darwin-arm64 and
#     darwin-amd64 the .pkg. Any other platform: a sentence, exit 2, nothing changed.
#  2. Trust: it fetches the hub's CA certificate (/ca.pem) WITHOUT checking TLS (curl -k), and that is the
#     only unchecked download: before anything else it compares the SHA-256 of the certificate's public key
#     (SubjectPublicKeyInfo, base64url without padding) with the pin, the token's last part. A mismatch
#     stops here. From then on that certificate is the only trust root (curl --cacert, no -k), and the
#     request names 127.0.0.1, an address only the hub's enrollment certificate carries (agents' certificates
#     hold no IP address), while --connect-to sends it to the hub's real address.
#  3. SHA256SUMS and the package come over that TLS; a package whose SHA-256 differs installs nothing.
#  4. Installs the package (dpkg -i / installer), then enrolls with 'meshcp-agent enroll --token -' (the
#     token goes through stdin, never into the process list). If enrolling fails, a package this script
#     installed is purged again, so nothing is left half-configured; run the command again with a new token.
#  5. Starts the service: systemctl enable --now where systemd runs (PID 1), launchctl on macOS; elsewhere
#     it says how to start the agent.
# Exit codes: 0 installed (and started where it could), 1 failed (the sentence says why), 2 bad arguments or
# an unsupported platform.
set -euo pipefail

readonly label=fr.interrupt.meshcp.agent
readonly max_bytes=268435456

say() { printf 'meshcp install: %s\n' "$*" >&2; }
die() { say "$1"; exit "${2:-1}"; }
usage() {
  die "usage: install.sh --orchestrator https://HUB:7443 (--token-file FILE | --token TOKEN) [--name NAME] [--listen ADDR:PORT]" 2
}

url=''
token_file=''
token=${MESHCP_ENROLL_TOKEN:-}
extra=()
while [ "$#" -gt 0 ]; do
  case "$1" in
    --orchestrator) [ "$#" -ge 2 ] || usage; url=$2; shift 2 ;;
    --token) [ "$#" -ge 2 ] || usage; token=$2; shift 2 ;;
    --token-file) [ "$#" -ge 2 ] || usage; token_file=$2; shift 2 ;;
    --name | --listen) [ "$#" -ge 2 ] || usage; extra+=("$1" "$2"); shift 2 ;;
    -h | --help) usage ;;
    *) die "unknown argument '$1' (expected --orchestrator, --token-file, --token, --name or --listen)" 2 ;;
  esac
done
[ -n "$url" ] || die "--orchestrator https://HUB:7443 is missing: copy the whole line 'token create' printed" 2
if [ -n "$token_file" ]; then
  { [ -f "$token_file" ] && [ ! -L "$token_file" ]; } || die "--token-file $token_file is not a file: copy the whole line 'token create' printed" 2
  IFS= read -r token <"$token_file" || true
  rm -f -- "$token_file" # one use: the token's only copy on this machine is now in this process
elif [ "$token" = - ]; then
  IFS= read -r token || true
fi
[ -n "$token" ] || die "--token is missing: copy the whole line 'token create' printed" 2

# https://HOST:PORT only: HOST a name, an IPv4 address or a bracketed IPv6 address.
if ! printf '%s' "$url" | grep -Eq '^https://([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\]):[0-9]{1,5}$'; then
  die "--orchestrator must be https://HOST:PORT (as 'token create' prints it), not '$url'" 2
fi
host_port=${url#https://}
port=${host_port##*:}
host=${host_port%:*}
# meshcp1.ID.SECRET.PIN: the pin is 43 base64url characters (a SHA-256).
if ! printf '%s' "$token" | grep -Eq '^meshcp1\.[a-z0-9]{12}\.[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]{43}$'; then
  die "--token is not a meshcp token (meshcp1.<id>.<secret>.<pin>): copy the whole line 'token create' printed" 2
fi
pin=${token##*.}

# --- 1. platform ---------------------------------------------------------------------------------------
os=$(uname -s)
cpu=$(uname -m)
case "$cpu" in
  x86_64 | amd64) cpu=amd64 ;;
  aarch64 | arm64) cpu=arm64 ;;
esac
case "$os" in
  Linux) os=linux; ext=deb ;;
  Darwin) os=darwin; ext=pkg ;;
  *) os=$(printf '%s' "$os" | tr '[:upper:]' '[:lower:]'); ext= ;;
esac
platform=$os-$cpu
case "$platform" in
  linux-amd64 | linux-arm64 | darwin-arm64 | darwin-amd64) ;;
  *) die "meshcp has no agent package for $platform (packages exist for linux-amd64, linux-arm64, darwin-arm64 and darwin-amd64): nothing was installed" 2 ;;
esac

[ "$(id -u)" -eq 0 ] || die "run as root: it installs a package and a service (put sudo before bash)"
need() { command -v "$1" >/dev/null 2>&1 || die "$1 is missing on this machine: $2"; }
need curl "install curl first"
need openssl "install openssl first (apt-get install openssl)"
if [ "$os" = linux ]; then
  need dpkg "meshcp's Linux package is a .deb, for Debian, Ubuntu and their derivatives"
else
  need installer "installer(8) comes with macOS"
fi
if command -v sha256sum >/dev/null 2>&1; then
  sha256() { sha256sum "$1" | cut -d' ' -f1; }
else
  need shasum "install sha256sum or shasum"
  sha256() { shasum -a 256 "$1" | cut -d' ' -f1; }
fi
if [ -e /etc/meshcp/agent.yaml ]; then
  die "this machine is enrolled already (/etc/meshcp/agent.yaml exists): nothing was changed. To enroll it again, remove the agent first (apt purge meshcp-agent; on macOS /usr/local/meshcp-agent/uninstall.sh --purge)"
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# --- 2. trust: the CA certificate, checked against the token's pin before it is used ------------------------
# -k here only: this download is not trusted until its public key matches the pin, two lines below.
curl -fsS -k --proto =https --max-time 30 --max-filesize 65536 "$url/ca.pem" -o "$tmp/ca.pem" \
  || die "cannot fetch the hub's CA certificate from $url (is the hub's enrollment endpoint running, and is the address right?)"
actual_pin=$(openssl x509 -in "$tmp/ca.pem" -noout -pubkey 2>/dev/null | openssl pkey -pubin -outform der 2>/dev/null \
  | openssl dgst -sha256 -binary | openssl base64 -A | tr '+/' '-_' | tr -d '=')
if [ "$actual_pin" != "$pin" ]; then
  die "the server at $url is not the hub this token belongs to (its CA key does not match the token's pin): nothing was installed"
fi
fetch() { # PATH FILE: over TLS anchored in the pinned CA only
  curl -fsS --proto =https --cacert "$tmp/ca.pem" --connect-to "127.0.0.1:$port:$host:$port" \
    --max-time 900 --max-filesize "$max_bytes" "https://127.0.0.1:$port$1" -o "$2"
}

# --- 3. package and checksum -------------------------------------------------------------------------------
served=$platform.$ext
fetch /packages/SHA256SUMS "$tmp/SHA256SUMS" || die "cannot fetch the package checksums from $url: nothing was installed"
expected=$(awk -v name="$served" '$2 == name { print $1 }' "$tmp/SHA256SUMS")
[ -n "$expected" ] || die "the hub has no agent package for $platform: on the hub, add one with 'packages add FILE' (nothing was installed)"
say "downloading the agent package for $platform from $url"
fetch "/packages/$served" "$tmp/$served" || die "cannot download $served from $url: nothing was installed"
[ "$(sha256 "$tmp/$served")" = "$expected" ] \
  || die "the downloaded $served does not match its checksum in the hub's SHA256SUMS: nothing was installed"

# --- 4. install, enroll ----------------------------------------------------------------------------------
was_installed=0
if [ "$os" = linux ]; then
  if dpkg-query -W -f='${Status}' meshcp-agent 2>/dev/null | grep -q 'install ok installed'; then was_installed=1; fi
  dpkg -i "$tmp/$served" >&2 || {
    [ "$was_installed" -eq 1 ] || dpkg -P meshcp-agent >/dev/null 2>&1 || true
    die "dpkg could not install the package (above): the agent was not installed"
  }
else
  if [ -x /usr/local/meshcp-agent/bin/meshcp-agent ]; then was_installed=1; fi
  installer -pkg "$tmp/$served" -target / >&2 || die "installer could not install the package (above)"
fi
agent=$(command -v meshcp-agent || true)
[ -n "$agent" ] || agent=/usr/local/bin/meshcp-agent

if ! printf '%s\n' "$token" | "$agent" enroll --orchestrator "$url" --token - ${extra[@]+"${extra[@]}"}; then
  if [ "$was_installed" -eq 0 ]; then
    if [ "$os" = linux ]; then dpkg -P meshcp-agent >/dev/null 2>&1 || true; else /usr/local/meshcp-agent/uninstall.sh --purge >/dev/null 2>&1 || true; fi
    die "enrolling failed (above), so the package was removed again: nothing is left half-configured. Fix the cause (a new token if this one is spent) and run the same line again"
  fi
  die "enrolling failed (above); the package that was installed before is still there, not enrolled"
fi

# --- 5. start ------------------------------------------------------------------------------------------------
if [ "$os" = linux ]; then
  if [ -d /run/systemd/system ]; then
    systemctl enable --now meshcp-agent.service >&2 || die "enrolled, but systemd could not start meshcp-agent: see 'systemctl status meshcp-agent'"
    say "done: meshcp-agent is installed, enrolled and running (systemctl status meshcp-agent); check it from the hub with 'machines'"
  else
    say "done: meshcp-agent is installed and enrolled, but systemd does not run here, so nothing started it: run 'meshcp-agent start' under this machine's init system (or in the foreground)"
  fi
else
  if ! { launchctl enable "system/$label" && launchctl bootstrap system "/Library/LaunchDaemons/$label.plist"; }; then
    die "enrolled, but launchd could not start the agent: see /var/log/meshcp-agent.log"
  fi
  say "done: meshcp-agent is installed, enrolled and running (launchctl print system/$label); check it from the hub with 'machines'"
fi
