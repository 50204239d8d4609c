#!/usr/bin/env bash
# Assembles the root filesystem pdm's container image adds on top of `scratch` (see docs/operations.md, "The image"):
#   /opt/java   a Java runtime made by jlink from the JDK running this build (only the modules pdm uses)
#   /lib, /usr  glibc, libgcc, libstdc++, zlib and dash (/bin/sh, which PostgreSQL's pg_ctl needs), unpacked from the
#               Debian packages `apt-get download` fetches (signed by Debian's archive keys, as apt checks them)
#   /etc        passwd/group with the user pdm (10001), nsswitch.conf, hosts, Java's CA certificates
#   /var/lib/pdm, /tmp  the two writable places (volumes in the image)
# Usage: assemble-runtime.sh OUTPUT_DIR JAVA_HOME
set -euo pipefail
out=$1
java_home=$2
packages=(libc6 libgcc-s1 libstdc++6 zlib1g dash)
modules=java.base,java.desktop,java.instrument,java.logging,java.management,java.naming,java.net.http,java.prefs,\
java.scripting,java.security.jgss,java.security.sasl,java.sql,java.transaction.xa,java.xml,jdk.crypto.ec,\
jdk.crypto.cryptoki,jdk.management,jdk.naming.dns,jdk.net,jdk.unsupported,jdk.zipfs

rm -rf "$out"
mkdir -p "$out" "$out.debs"

"$java_home/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files --compress=2 \
  --output "$out/opt/java"

(cd "$out.debs" && rm -f ./*.deb && apt-get download "${packages[@]}" >/dev/null 2>&1)
for deb in "$out.debs"/*.deb; do
  dpkg-deb -x "$deb" "$out"
  dpkg-deb -W --showformat='${Package} ${Version}\n' "$deb" >> "$out/.packages"
done
sha256sum "$out.debs"/*.deb | sed "s#$out.debs/##" > "$out/.packages.sha256"
mkdir -p "$out/usr/share/pdm"
mv "$out/.packages" "$out/usr/share/pdm/debian-packages.txt"
mv "$out/.packages.sha256" "$out/usr/share/pdm/debian-packages.sha256"
rm -rf "$out/usr/share/doc" "$out/usr/share/man" "$out/usr/share/lintian" "$out/usr/share/locale" "$out/usr/share/info"

# The image is assembled without a package manager: absolute symbolic links would point at this build machine's
# files, so every link is replaced by a copy of what it points to inside the new root.
while IFS= read -r -d '' link; do
  target=$(readlink "$link")
  case "$target" in
    /*) resolved="$out$target" ;;
    *) resolved="$(dirname "$link")/$target" ;;
  esac
  if [ -e "$resolved" ]; then
    cp --remove-destination -rL "$resolved" "$link"
  else
    rm -f "$link"
  fi
done < <(find "$out" -type l -print0)
ln -sf dash "$out/bin/sh" 2>/dev/null || true
if [ -L "$out/bin/sh" ]; then rm "$out/bin/sh"; cp "$out/bin/dash" "$out/bin/sh"; fi
mkdir -p "$out/lib64"
[ -e "$out/lib64/ld-linux-x86-64.so.2" ] || cp "$out/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2" "$out/lib64/"

# Java's CA certificates: Debian's JDK links its cacerts to the one ca-certificates-java keeps in /etc.
rm -f "$out/opt/java/lib/security/cacerts"
cp -L /etc/ssl/certs/java/cacerts "$out/opt/java/lib/security/cacerts"

mkdir -p "$out/etc" "$out/var/lib/pdm" "$out/tmp"
printf 'root:x:0:0:root:/root:/sbin/nologin\npdm:x:10001:10001:pdm:/var/lib/pdm:/sbin/nologin\n' > "$out/etc/passwd"
printf 'root:x:0:\npdm:x:10001:\n' > "$out/etc/group"
printf 'passwd: files\ngroup: files\nhosts: files dns\n' > "$out/etc/nsswitch.conf"
# Runtimes mount their own /etc/hosts; without one (chroot, some runtimes) the embedded PostgreSQL cannot resolve
# the localhost it listens on.
printf '127.0.0.1 localhost\n::1 localhost ip6-localhost\n' > "$out/etc/hosts"
echo "assembled $(du -sh "$out" | cut -f1) in $out"
