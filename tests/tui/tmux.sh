# tmux.sh - sourced by the terminal tests: T runs tmux on a private server
# ($sock, set by the caller), wait_for polls a pane for a text.  Needs $tmp.

T() { tmux -L "$sock" -f /dev/null "$@"; }

# wait_for NAME TEXT [TENTHS]: until the pane shows TEXT (5 s by default);
# the last capture is left in $tmp/pane
wait_for() {
	i=0
	while [ $i -lt "${3:-50}" ]; do
		T capture-pane -t "$1" -p >"$tmp/pane" 2>/dev/null
		grep -qF -- "$2" "$tmp/pane" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}
