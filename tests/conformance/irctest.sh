#!/bin/sh
# Run irctest, the IRC server conformance suite, against natterd:
#   IRCTEST=/path/to/irctest tests/conformance/irctest.sh [PYTEST ARGS...]
# with the selection the server projects use in their CI: issue 15's
# markers, and -k "not Ergo" as every server but Ergo selects (the tests
# marked Ergo check Ergo's own extensions and configuration).  The same
# selection runs against a peer with one of irctest's own controllers:
#   CONTROLLER=irctest.controllers.ngircd IRCTEST=... tests/conformance/irctest.sh
# Without an irctest checkout (CI cannot fetch one) it skips: exit 77.
# Needs pytest (Debian: python3-pytest; irctest after 219ca65 needs
# pytest 8, newer than Debian 12's 7.2) and a built server/natterd.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
if [ -z "${IRCTEST:-}" ] || [ ! -f "$IRCTEST/conftest.py" ]; then
	echo "conformance: IRCTEST=DIR (an irctest checkout) not given: skipped"
	exit 77
fi
NATTERD=${NATTERD:-$here/../../server/natterd}
export NATTERD
cd "$IRCTEST"
PYTHONPATH="$here${PYTHONPATH:+:$PYTHONPATH}" exec /usr/bin/python3 -m pytest \
    -p no:cacheprovider --controller "${CONTROLLER:-natterd_irctest}" \
    -m "not services and not implementation-specific and not deprecated and not strict" \
    -k "not Ergo" \
    "$@" irctest/server_tests
