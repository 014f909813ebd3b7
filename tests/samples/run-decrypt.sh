#!/bin/sh
# TAP wrapper for tests/samples/check-tshark-decrypt.sh: tshark, given each
# sample's committed keys, must see inside it what samples/*/keys/check says.
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
out=$(bash "$top_srcdir/tests/samples/check-tshark-decrypt.sh" 2>&1)
rc=$?
if [ $rc -eq 77 ]; then
	echo "1..0 # SKIP tshark is not installed"
	exit 0
fi
echo "$out" | awk '
	/^ok /   { n++; print "ok " n " - decrypts: " substr($0, 4); next }
	/^FAIL / { n++; print "not ok " n " - " substr($0, 6); next }
	/^skip / { n++; print "ok " n " - # SKIP " substr($0, 6); next }
	         { print "# " $0 }
	END      { print "1.." n }'
exit $rc
