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
hits=$(grep -lnE '\bexit\s*\(' cli/*.c | grep -v 'cli/main.c')
check "only cli/main.c exits" test -z "$hits"
done_testing
