#!/bin/sh
# Lint the man pages with mandoc: any message at level "warning" or above
# fails the test.  Skips (exit 77) when mandoc is not installed.

if ! command -v mandoc >/dev/null 2>&1; then
	echo "SKIP: mandoc is not installed (Debian package mandoc)"
	exit 77
fi

top=${TOP_SRCDIR:-$(dirname "$0")/..}
page="$top/man/natterd.8"
if [ ! -f "$page" ]; then
	echo "FAIL: $page is missing"
	exit 1
fi

status=0
for p in "$page" "$top"/man/natter.1; do
	[ -f "$p" ] || continue
	out=$(mandoc -T lint -W warning "$p" 2>&1)
	rc=$?
	if [ -n "$out" ] || [ "$rc" -ne 0 ]; then
		echo "FAIL: mandoc -T lint -W warning $p (exit $rc):"
		printf '%s\n' "$out"
		status=1
	else
		echo "ok: $p"
	fi
done
exit $status
