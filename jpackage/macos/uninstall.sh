#!/bin/sh
# Removes the meshcp agent installed by its .pkg: unloads and disables the launchd daemon, removes the
# program and the package receipt. The machine stays enrolled (/etc/meshcp/agent.yaml and creds/ are
# kept, so installing again brings the same agent back) unless --purge is given, which removes
# /etc/meshcp too (the agent's key and certificates) and the log.
#   sudo /usr/local/meshcp-agent/uninstall.sh [--purge]
set -eu
label=fr.interrupt.meshcp.agent
purge=0
case "${1:-}" in
  --purge) purge=1 ;;
  "") ;;
  *) echo "usage: $0 [--purge]" >&2; exit 2 ;;
esac
if [ "$(id -u)" -ne 0 ]; then
  echo "error: run as root: sudo $0 $*" >&2
  exit 1
fi
launchctl bootout "system/$label" >/dev/null 2>&1 || true
launchctl disable "system/$label" >/dev/null 2>&1 || true
rm -f "/Library/LaunchDaemons/$label.plist"
if [ -L /usr/local/bin/meshcp-agent ]; then
  rm -f /usr/local/bin/meshcp-agent
fi
rm -f /etc/meshcp/agent.yaml.example
rm -rf /usr/local/meshcp-agent
pkgutil --forget "$label" >/dev/null 2>&1 || true
if [ "$purge" -eq 1 ]; then
  rm -rf /etc/meshcp /var/log/meshcp-agent.log
  echo "meshcp-agent removed, with its configuration and credentials"
else
  echo "meshcp-agent removed; /etc/meshcp (configuration and credentials) kept: --purge removes it"
fi
