# Helpers for the FRR namespace labs (sourced by tests/frr/run, health,
# metrics-abuse and bench/frr), over the lab harness (tests/lib/netns.sh:
# namespaces, processes, clean-up).
#
# Every daemon runs in the foreground, in the background of this shell, so
# its PID is ours to kill; every node has its own directory for config,
# zebra socket, vty sockets, pid files and logs. Nothing outside the
# namespaces and $LAB is touched; clean-up runs from the EXIT trap.

FRR_SBIN=/usr/lib/frr
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/../lib/netns.sh"
VTY="$HERE/vty"
LAB=$(mktemp -d /tmp/td-frr-lab.XXXXXX)
chmod 755 "$LAB" # daemons run as frr and must reach their node dirs
NS_PREFIX="td$$"
declare -n PIDS=LAB_PIDS # "node/daemon" -> pid
STARTED=()               # "daemon.pid" of every daemon started
PASSED=0
FAILED=0


pass() { PASSED=$((PASSED + 1)); echo "ok: $*"; }
fail() { FAILED=$((FAILED + 1)); echo "FAIL: $*"; }
check() { # check MESSAGE CMD...: pass if CMD succeeds
	local msg=$1
	shift
	if "$@"; then pass "$msg"; else fail "$msg"; fi
}

ns() { echo "$NS_PREFIX-$1"; }
dir() { echo "$LAB/$1"; }

add_node() { # add_node NODE: a namespace and a directory owned by frr
	local n=$1
	lab_ns_add "$(ns "$n")"
	mkdir -p "$(dir "$n")"
	# Nodes without FRR (a backend server) have no conf directory.
	if [ -d "$HERE/conf/$n" ]; then cp "$HERE/conf/$n/"*.conf "$(dir "$n")/"; fi
	chown -R frr:frr "$(dir "$n")"
}

link_nodes() { # link_nodes A IFA B IFB: veth A:IFA <-> B:IFB
	lab_link "$(ns "$1")" "$2" "$(ns "$3")" "$4"
}

# start_daemon NODE BINARY NAME [ARGS...]: FRR's standard options point
# everything at the node's directory; -P 0: no TCP vty.
start_daemon() {
	local n=$1 bin=$2 name=$3 d
	shift 3
	d=$(dir "$n")
	[ -f "$d/$name.conf" ] || install -o frr -g frr -m 644 /dev/null "$d/$name.conf"
	lab_spawn "$n/$name" "$(ns "$n")" "$bin" -f "$d/$name.conf" \
		-i "$d/$name.pid" -z "$d/zserv.api" --vty_socket "$d" -P 0 \
		--log "file:$d/$name.log" "$@" >>"$d/$name.out" 2>&1
	STARTED+=("$name.$LAB_PID")
}

stop_daemon() { # stop_daemon NODE NAME [SIGNAL]: signal, wait <= 5 s
	lab_stop "$1/$2" "${3:-TERM}"
	STOP_RC=$LAB_STOP_RC
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

# The suites call lab_init; then this, after the harness's clean-up.
lab_frr_files() {
	local key
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
lab_on_cleanup lab_frr_files

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
