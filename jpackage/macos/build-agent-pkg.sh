#!/usr/bin/env bash
# Builds jpackage/target/meshcp-agent-<version>-macos-<arm64|amd64>.pkg on macOS, from agent/target/dist:
# run ./mvnw -B package -DskipTests -pl agent -am first. Needs a JDK 17 (jdeps, jlink) and Apple's
# pkgbuild (Xcode command line tools, present on GitHub's macOS runners).
#
#   /usr/local/meshcp-agent/{bin/meshcp-agent,lib/*.jar,runtime/}  the same folder as the .deb's /opt one
#   /usr/local/meshcp-agent/uninstall.sh                           [--purge]
#   /usr/local/bin/meshcp-agent -> ../meshcp-agent/bin/meshcp-agent
#   /Library/LaunchDaemons/fr.interrupt.meshcp.agent.plist          disabled until enrolled
#   /etc/meshcp/agent.yaml.example                                 (/private/etc: /etc is a symlink)
#   scripts/preinstall, scripts/postinstall                        unload on upgrade; load once enrolled
#
# Not jpackage --type pkg: on macOS jpackage refuses an app version whose first number is 0 (it checks
# CFBundleVersion rules), so 0.1.0 cannot be packaged with it, and it would install an .app bundle
# rather than this layout. pkgbuild takes the pom's version as it is.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
jp=$(dirname "$here")
out="$jp/target"
[ "$(uname -s)" = Darwin ] || { echo "error: the .pkg is built on macOS (pkgbuild)" >&2; exit 1; }
command -v pkgbuild >/dev/null 2>&1 || { echo "error: pkgbuild is missing: xcode-select --install" >&2; exit 1; }

image_log=$("$jp/agent-image.sh")
printf '%s\n' "$image_log"
version=$(printf '%s\n' "$image_log" | sed -n 's/^VERSION=//p')
case "$(uname -m)" in
  arm64) arch=arm64 ;;
  x86_64) arch=amd64 ;;
  *) echo "error: unsupported architecture $(uname -m)" >&2; exit 1 ;;
esac

stage="$out/pkgroot"
rm -rf "$stage" && mkdir -p "$stage/usr/local/bin" "$stage/Library/LaunchDaemons" "$stage/private/etc/meshcp"
cp -R "$out/image/meshcp-agent" "$stage/usr/local/meshcp-agent"
install -m 0755 "$here/uninstall.sh" "$stage/usr/local/meshcp-agent/uninstall.sh"
ln -s ../meshcp-agent/bin/meshcp-agent "$stage/usr/local/bin/meshcp-agent"
install -m 0644 "$here/fr.interrupt.meshcp.agent.plist" "$stage/Library/LaunchDaemons/fr.interrupt.meshcp.agent.plist"
install -m 0644 "$jp/agent.yaml.example" "$stage/private/etc/meshcp/agent.yaml.example"
chmod -R go-w "$stage"
plutil -lint "$stage/Library/LaunchDaemons/fr.interrupt.meshcp.agent.plist"

pkg="$out/meshcp-agent-$version-macos-$arch.pkg"
rm -f "$out"/meshcp-agent-*-macos-*.pkg
# --ownership recommended: every file root:wheel whoever builds it
pkgbuild --root "$stage" --identifier fr.interrupt.meshcp.agent --version "$version" \
  --scripts "$here/scripts" --install-location / --ownership recommended "$pkg"
echo "built $pkg ($(du -k "$pkg" | cut -f1) KiB; installed $(du -sk "$stage" | cut -f1) KiB)"
