#!/usr/bin/env bash
# Lints what can be linted on Linux: shellcheck on every shell script of the installers, the icon script and
# the install.sh the hub serves; the launchd plist parsed (python3 plistlib: plutil is macOS only); the
# desktop entry (desktop-file-validate, when installed); the workflow's YAML (python3 yaml, when installed).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
command -v shellcheck >/dev/null 2>&1 || { echo "error: shellcheck is missing: apt-get install shellcheck" >&2; exit 1; }
scripts=(jpackage/*.sh jpackage/macos/*.sh jpackage/macos/scripts/* jpackage/linux/postinst jpackage/linux/prerm
  jpackage/linux/postrm icons/render.sh orchestrator-headless/src/main/resources/fr/interrupt/meshcp/hub/packages/install.sh
  agent/src/dist/bin/meshcp-agent orchestrator-desktop/src/dist/bin/orchestrator-desktop .ci/run)
scripts+=(bench/run.sh)
shellcheck -S warning "${scripts[@]}"
echo "shellcheck: ${#scripts[@]} scripts clean"
python3 -c 'import plistlib, sys; plistlib.load(open(sys.argv[1], "rb"))' jpackage/macos/fr.interrupt.meshcp.agent.plist
echo "plist: parses"
if command -v desktop-file-validate >/dev/null 2>&1; then
  desktop-file-validate jpackage/desktop/meshcp-desktop.desktop
  echo "desktop entry: valid"
fi
if python3 -c 'import yaml' 2>/dev/null; then
  python3 -c 'import yaml, sys; yaml.safe_load(open(sys.argv[1]))' .github/workflows/release.yml
  echo "release.yml: parses"
fi
