#!/usr/bin/env bash
# Builds jpackage/target/meshcp-agent_<version>_<arch>.deb (arch of this machine: amd64, arm64) from
# agent/target/dist: run ./mvnw -B package -DskipTests -pl agent -am first. Needs a JDK 17 (jdeps, jlink)
# and dpkg-dev (dpkg-deb, dpkg-shlibdeps); no fakeroot (dpkg-deb --root-owner-group).
#
#   /opt/meshcp-agent/{bin/meshcp-agent,lib/*.jar,runtime/}  the launcher, the jars, a jlinked runtime
#   /usr/bin/meshcp-agent -> /opt/meshcp-agent/bin/meshcp-agent
#   /lib/systemd/system/meshcp-agent.service                 linux/meshcp-agent.service
#   /etc/meshcp/agent.yaml.example                           conffile (enroll writes agent.yaml itself)
#   DEBIAN/{postinst,prerm,postrm}                           linux/: enable once enrolled, purge /etc/meshcp
#   /usr/share/bash-completion/completions/*                 what agent/target/dist/share/bash-completion holds, if any
#
# The version is the pom's: 0.1.0-SNAPSHOT becomes 0.1.0~SNAPSHOT-1 (sorts before 0.1.0-1).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out="$here/target"
image="$out/image/meshcp-agent"
for tool in dpkg-deb dpkg-shlibdeps; do
  command -v "$tool" >/dev/null 2>&1 || { echo "error: $tool is missing: apt-get install dpkg-dev" >&2; exit 1; }
done

image_log=$("$here/agent-image.sh")
printf '%s\n' "$image_log"
version=$(printf '%s\n' "$image_log" | sed -n 's/^VERSION=//p')
# Debian version: the first '-' of a Maven version starts its qualifier, which must sort before the
# release: 0.1.0-SNAPSHOT -> 0.1.0~SNAPSHOT; then the Debian revision -1.
upstream=$(printf '%s' "$version" | sed 's/-/~/')
deb_version="$upstream-1"
dpkg --compare-versions "$deb_version" gt 0 || { echo "error: $deb_version is not a valid Debian version" >&2; exit 1; }
arch=$(dpkg --print-architecture)

stage="$out/deb"
rm -rf "$stage" && mkdir -p "$stage/DEBIAN" "$stage/opt" "$stage/usr/bin" "$stage/lib/systemd/system" "$stage/etc/meshcp"
cp -a "$image" "$stage/opt/meshcp-agent"
ln -s ../../opt/meshcp-agent/bin/meshcp-agent "$stage/usr/bin/meshcp-agent"
install -m 0644 "$here/linux/meshcp-agent.service" "$stage/lib/systemd/system/meshcp-agent.service"
install -m 0644 "$here/agent.yaml.example" "$stage/etc/meshcp/agent.yaml.example"
install -m 0755 "$here/linux/postinst" "$here/linux/prerm" "$here/linux/postrm" "$stage/DEBIAN/"
echo /etc/meshcp/agent.yaml.example > "$stage/DEBIAN/conffiles"
# Shell completion, when the build made it (agent/target/dist/share/bash-completion/completions): optional.
completions="$here/../agent/target/dist/share/bash-completion/completions"
if [ -d "$completions" ] && [ -n "$(ls -A "$completions")" ]; then
  mkdir -p "$stage/usr/share/bash-completion/completions"
  cp "$completions"/* "$stage/usr/share/bash-completion/completions/"
fi
chmod -R go-w "$stage"
chmod 0755 "$stage/etc/meshcp"

# Depends: the shared libraries the runtime's ELF files link against, mapped to packages by
# dpkg-shlibdeps (libc6, and zlib1g when the JDK uses the system's zlib, as Debian's does). The
# runtime's own libraries (libjvm.so, libjava.so ...) are found in its lib dirs and need nothing.
elves=()
while IFS= read -r -d '' f; do
  if [ "$(head -c 4 "$f" | od -An -c | tr -d ' ')" = '177ELF' ]; then elves+=("$f"); fi
done < <(find "$stage/opt/meshcp-agent/runtime" -type f -print0)
shlib_work="$out/shlibdeps"
rm -rf "$shlib_work" && mkdir -p "$shlib_work/debian"
printf 'Source: meshcp-agent\n\nPackage: meshcp-agent\nArchitecture: any\n' > "$shlib_work/debian/control"
depends=$(cd "$shlib_work" && dpkg-shlibdeps -O --ignore-missing-info \
    -l"$stage/opt/meshcp-agent/runtime/lib" -l"$stage/opt/meshcp-agent/runtime/lib/server" "${elves[@]}" 2>/dev/null \
  | sed -n 's/^shlibs:Depends=//p')
[ -n "$depends" ] || { echo "error: dpkg-shlibdeps found no dependencies" >&2; exit 1; }

installed_kb=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
cat > "$stage/DEBIAN/control" <<CONTROL
Package: meshcp-agent
Version: $deb_version
Architecture: $arch
Maintainer: interrupt engineering <meshcp@interrupt.fr>
Installed-Size: $installed_kb
Depends: $depends
Section: admin
Priority: optional
Homepage: https://github.com/interrupt-engineering/meshcp
Description: meshcp agent: commands, files and status for the meshcp hub over mTLS
 The agent of a meshcp fleet: enrolled once with a token from the hub
 (meshcp-agent enroll), it runs as the systemd service meshcp-agent and serves
 the hub alone over mutual TLS: shell commands, files and system status, each
 limited by /etc/meshcp/agent.yaml. It brings its own Java runtime.
CONTROL
(cd "$stage" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | sort -z | xargs -0 md5sum > DEBIAN/md5sums)

deb="$out/meshcp-agent_${deb_version}_${arch}.deb"
rm -f "$out"/meshcp-agent_*.deb
dpkg-deb --root-owner-group -Zxz --build "$stage" "$deb" >/dev/null
echo "built $deb ($(du -k "$deb" | cut -f1) KiB; installed $installed_kb KiB; Depends: $depends)"
