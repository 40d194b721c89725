# Helpers for the FRR namespace labs (sourced by tests/frr/run).
#
# Every daemon runs in the foreground, in the background of this shell, so
# its PID is ours to kill; every node has its own directory for config,
# zebra socket, vty sockets, pid files and logs. Nothing outside the
# namespaces and $LAB is touched; cleanup runs from an EXIT trap.

FRR_SBIN=/usr/lib/frr
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
VTY="$HERE/vty"
LAB=$(mktemp -d /tmp/td-frr-lab.XXXXXX)
chmod 755 "$LAB" # daemons run as frr and must reach their node dirs
NS_PREFIX="td$$"
declare -A PIDS=()   # "node/daemon" -> pid
STARTED=()           # "daemon.pid" of every daemon started
NAMESPACES=()
PASSED=0
FAILED=0

now_ms() { date +%s%3N; }

pass() { PASSED=$((PASSED + 1)); echo "ok: $*"; }
fail() { FAILED=$((FAILED + 1)); echo "FAIL: $*"; }
check() { # check MESSAGE CMD...: pass if CMD succeeds
	local msg=$1
	shift
	if "$@"; then pass "$msg"; else fail "$msg"; fi
}

ns() { echo "$NS_PREFIX-$1"; }
dir() { echo "$LAB/$1"; }

# wait_until TIMEOUT_MS CMD...: poll CMD (every 5 ms) until it succeeds.
# Sets WAITED_MS; returns 1 on timeout.
wait_until() {
	local timeout=$1 t0 t
	shift
	t0=$(now_ms)
	while :; do
		if "$@"; then
			WAITED_MS=$(($(now_ms) - t0))
			return 0
		fi
		t=$(now_ms)
		if ((t - t0 > timeout)); then
			WAITED_MS=$((t - t0))
			return 1
		fi
		sleep 0.005
	done
}

add_node() { # add_node NODE: a namespace and a directory owned by frr
	local n=$1
	ip netns add "$(ns "$n")"
	NAMESPACES+=("$(ns "$n")")
	ip -n "$(ns "$n")" link set lo up
	mkdir -p "$(dir "$n")"
	# Nodes without FRR (a backend server) have no conf directory.
	if [ -d "$HERE/conf/$n" ]; then cp "$HERE/conf/$n/"*.conf "$(dir "$n")/"; fi
	chown -R frr:frr "$(dir "$n")"
}

link_nodes() { # link_nodes A IFA B IFB: veth A:IFA <-> B:IFB
	ip link add "$2" netns "$(ns "$1")" type veth peer name "$4" netns "$(ns "$3")"
	ip -n "$(ns "$1")" link set "$2" up
	ip -n "$(ns "$3")" link set "$4" up
}

# start_daemon NODE BINARY NAME [ARGS...]: FRR's standard options point
# everything at the node's directory; -P 0: no TCP vty.
start_daemon() {
	local n=$1 bin=$2 name=$3 d
	shift 3
	d=$(dir "$n")
	[ -f "$d/$name.conf" ] || install -o frr -g frr -m 644 /dev/null "$d/$name.conf"
	ip netns exec "$(ns "$n")" "$bin" -f "$d/$name.conf" -i "$d/$name.pid" \
		-z "$d/zserv.api" --vty_socket "$d" -P 0 \
		--log "file:$d/$name.log" "$@" >>"$d/$name.out" 2>&1 &
	PIDS["$n/$name"]=$!
	STARTED+=("$name.$!")
}

stop_daemon() { # stop_daemon NODE NAME [SIGNAL]: signal, wait <= 5 s
	local key="$1/$2" sig=${3:-TERM} pid
	pid=${PIDS[$key]:-}
	[ -n "$pid" ] || return 0
	kill "-$sig" "$pid" 2>/dev/null || true
	for _ in $(seq 100); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.05
	done
	kill -KILL "$pid" 2>/dev/null || true
	STOP_RC=0
	wait "$pid" 2>/dev/null || STOP_RC=$?
	unset "PIDS[$key]"
}

vty() { # vty NODE DAEMON COMMAND...: one session on the daemon's socket
	local n=$1 daemon=$2
	shift 2
	"$VTY" "$(dir "$n")/$daemon.vty" "$@"
}

vtysh() { # vtysh NODE ARGS...: our vtysh on the node's daemons
	local n=$1
	shift
	"$VTYSH" --vty_socket "$(dir "$n")" --config_dir "$(dir "$n")" "$@"
}

sock_ready() { [ -S "$1" ]; }

cleanup() {
	local key
	set +e # clean up everything we can, whatever fails
	for key in "${!PIDS[@]}"; do
		kill -TERM "${PIDS[$key]}" 2>/dev/null || true
	done
	for key in "${!PIDS[@]}"; do
		stop_daemon "${key%/*}" "${key#*/}" TERM
	done
	for n in "${NAMESPACES[@]}"; do
		ip netns del "$n" 2>/dev/null || true
	done
	# libfrr's per-process crash-log dirs; only a clean exit removes them.
	for key in "${STARTED[@]}"; do
		rm -rf "/var/tmp/frr/$key"
	done
	if [ "${KEEP_LAB:-0}" = 1 ]; then
		echo "lab files kept in $LAB"
	else
		rm -rf "$LAB"
	fi
}

show_logs() { # on failure: the last lines of every daemon log
	local f
	for f in "$LAB"/*/*.log "$LAB"/*/*.out; do
		[ -s "$f" ] || continue
		echo "---- $f"
		tail -n 15 "$f"
	done
}

start_frr() { # start_frr NODE: zebra, ospfd, ospf6d
	# A socket left by a previous zebra would let ospfd try too early,
	# and libfrr retries a refused connection only after 10 s.
	rm -f "$(dir "$1")/zserv.api"
	start_daemon "$1" "$FRR_SBIN/zebra" zebra
	wait_until 10000 sock_ready "$(dir "$1")/zserv.api" || fail_exit "zebra on $1 did not start"
	start_daemon "$1" "$FRR_SBIN/ospfd" ospfd
	start_daemon "$1" "$FRR_SBIN/ospf6d" ospf6d
}

td_ready() { sock_ready "$(dir "$1")/translatord.vty"; }

json_get() { # json_get PYTHON-EXPR: evaluate on the JSON document from stdin (j)
	/usr/bin/python3 -c "import json,sys; j=json.load(sys.stdin); print($1)"
}

fail_exit() {
	fail "$*"
	show_logs
	echo "$PASSED passed, $FAILED failed"
	exit 1
}

contains() { grep -qiF -- "$2" <<<"$1"; } # contains TEXT SUBSTRING
has_all() { # has_all TEXT SUBSTRING...: says which one is missing
	local t=$1 p
	shift
	for p; do
		grep -qiF -- "$p" <<<"$t" || { echo "   (missing: $p)"; return 1; }
	done
}
lines() { grep -c -- "$2" <<<"$1" || true; } # lines TEXT REGEX: matching lines
# json_in TEXT PYTHON-EXPR: evaluate on the JSON document TEXT (j)
json_in() { json_get "$2" <<<"$1" 2>/dev/null || true; }
