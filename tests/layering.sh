#!/bin/sh
# The layering of DESIGN §3 / STYLE §6.1: dissectors/ does no I/O and draws
# nothing; analyzer/ never draws; only cli/main.c exits.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
cd "$top_srcdir" || exit 99

hits=$(grep -lE '#include *[<"](pcap|pcap/pcap|curses|ncurses|ncursesw/curses)\.h' dissectors/*.[ch] 2>/dev/null)
check "dissectors/ includes neither pcap nor curses" test -z "$hits"
hits=$(grep -nE '\b(exit|abort|g_error|longjmp|printf|fprintf|fopen|puts)\s*\(' dissectors/*.c 2>/dev/null | grep -v snprintf)
check "dissectors/ never exits, aborts or prints" test -z "$hits"
[ -n "$hits" ] && echo "# $hits"
hits=$(grep -nE '^(static )?[a-zA-Z_][a-zA-Z0-9_ \*]*[ \*][a-z_][a-z0-9_]* *(=[^=]|;)' dissectors/*.c 2>/dev/null | grep -v 'const' | grep -v '^\S*:\s')
check "dissectors/ has no mutable globals" test -z "$hits"
[ -n "$hits" ] && echo "# $hits"
if [ -d analyzer ] && ls analyzer/*.[ch] >/dev/null 2>&1; then
	hits=$(grep -lE '#include *[<"](curses|ncurses|ncursesw/curses|pcap|pcap/pcap)\.h' analyzer/*.[ch])
	check "analyzer/ includes neither curses nor pcap" test -z "$hits"
fi
if [ -d tui ] && ls tui/*.[ch] >/dev/null 2>&1; then
	# tui/ renders only: no capture reading, no dissector internals
	hits=$(grep -lE '#include *[<"](pcap|pcap/pcap)\.h|#include *"cli/' tui/*.[ch])
	check "tui/ includes neither pcap nor cli/" test -z "$hits"
	hits=$(grep -nE '\b(analyzer_feed|dissect_frame|rules_decide|exit)\s*\(' tui/*.c)
	check "tui/ neither feeds the analyzer, dissects, decides nor exits" test -z "$hits"
	[ -n "$hits" ] && echo "# $hits"
fi
hits=$(grep -lnE '\bexit\s*\(' cli/*.c | grep -v 'cli/main.c')
check "only cli/main.c exits" test -z "$hits"
done_testing
