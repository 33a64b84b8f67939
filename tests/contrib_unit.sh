#!/bin/sh
# contrib/natterd.service: `systemd-analyze verify` accepts it, and
# `systemd-analyze security` rates its exposure at 2.0 or lower (natterd.8
# gives the score).  Skips (exit 77) without systemd-analyze.

if ! command -v systemd-analyze >/dev/null 2>&1; then
	echo "SKIP: systemd-analyze is not installed (Debian package systemd)"
	exit 77
fi

top=${TOP_SRCDIR:-$(dirname "$0")/..}
natterd=${NATTERD:-$top/server/natterd}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

# The unit as installed, but running the natterd just built.
sed "s|@sbindir[@]/natterd|$natterd|g" "$top/contrib/natterd.service.in" \
    > "$tmp/natterd.service" || exit 1

# --man=no: natterd(8) is not installed where man(1) would find it.
if ! systemd-analyze verify --man=no "$tmp/natterd.service"; then
	echo "FAIL: systemd-analyze verify"
	exit 1
fi
out=$(systemd-analyze security --offline=true --threshold=20 \
    "$tmp/natterd.service" 2>&1)
status=$?
printf '%s\n' "$out" | grep 'Overall exposure level'
if [ $status -ne 0 ]; then
	printf '%s\n' "$out"
	echo "FAIL: exposure above 2.0"
	exit 1
fi
echo "ok: contrib/natterd.service"
