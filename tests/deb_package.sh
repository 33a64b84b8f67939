#!/bin/sh
# The Debian packages: contrib/build-deb builds natterd and natter with
# dpkg-buildpackage and lints them with lintian (no error, no warning);
# then their contents are checked.  Skips (exit 77) without dpkg-dev,
# debhelper or lintian (`./bootstrap check` installs them).  Takes a few
# minutes (a whole build).

# .ci/run sets SKIP_DEB_PACKAGE in its sanitizer builds: built once is enough.
if [ -n "${SKIP_DEB_PACKAGE:-}" ]; then
	echo "SKIP: SKIP_DEB_PACKAGE is set (the packages are checked in the plain build)"
	exit 77
fi
for tool in dpkg-buildpackage dh lintian; do
	if ! command -v $tool >/dev/null 2>&1; then
		echo "SKIP: $tool is not installed (./bootstrap deb installs it)"
		exit 77
	fi
done

top=${TOP_SRCDIR:-$(dirname "$0")/..}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# The unit tests run in make check already.
DEB_BUILD_OPTIONS="nocheck parallel=2" "$top/contrib/build-deb" "$tmp/out" \
    > "$tmp/build.log" 2>&1 || { tail -40 "$tmp/build.log"; fail "build-deb"; }
grep -A3 '^build-deb: lintian' "$tmp/build.log"

natterd=$(ls "$tmp"/out/natterd_*.deb) || fail "no natterd .deb"
natter=$(ls "$tmp"/out/natter_*.deb) || fail "no natter .deb"

# Contents: each file where it belongs, and in no other package.
dpkg -c "$natterd" | awk '{print $6}' > "$tmp/natterd.list"
dpkg -c "$natter" | awk '{print $6}' > "$tmp/natter.list"
for f in ./usr/sbin/natterd ./usr/share/man/man8/natterd.8.gz \
    ./lib/systemd/system/natterd.service ./etc/natter/natterd.conf; do
	grep -qx "$f" "$tmp/natterd.list" || fail "natterd lacks $f"
done
for f in ./usr/bin/natter ./usr/share/man/man1/natter.1.gz; do
	grep -qx "$f" "$tmp/natter.list" || fail "natter lacks $f"
done
grep -q natterd "$tmp/natter.list" && fail "natter holds natterd's files"
grep -q 'bin/natter$' "$tmp/natterd.list" && fail "natterd holds natter"

# The config file is a conffile; the unit is enabled and started.
dpkg-deb -e "$natterd" "$tmp/ctl"
grep -qx /etc/natter/natterd.conf "$tmp/ctl/conffiles" ||
    fail "natterd.conf is not a conffile"
grep -q "deb-systemd-helper.*enable.*natterd.service\|enable 'natterd.service'" \
    "$tmp/ctl/postinst" || fail "the unit is not enabled in postinst"
# State goes on purge only.
grep -q 'purge' "$tmp/ctl/postrm" && grep -q '/var/lib/natterd' \
    "$tmp/ctl/postrm" || fail "postrm does not remove the state on purge"

# The unit runs the packaged natterd.
dpkg-deb --fsys-tarfile "$natterd" | tar -x -C "$tmp" \
    ./lib/systemd/system/natterd.service
grep -qx 'ExecStart=/usr/sbin/natterd --state-dir /var/lib/natterd' \
    "$tmp/lib/systemd/system/natterd.service" || fail "ExecStart"
echo "ok: natterd and natter packages"
