# shellcheck shell=bash
# The namespace-lab harness of the tests and benches (tests/frr,
# tests/health, tests/dataplane, bench/frr, bench/dataplane): sourced.
#
#  - Namespaces with a per-run prefix (parallel runs do not collide),
#    loopback up, no DAD and no router advertisements: lab_ns_add.
#  - veth links between them: lab_link.
#  - Background processes whose PIDs are ours to stop: lab_spawn,
#    lab_stop.
#  - Bounded waits: wait_until (milliseconds, the time it took in
#    WAITED_MS), wait_for (seconds, quiet).
#  - One clean-up, from the EXIT trap lab_init installs, whatever failed:
#    every process started with lab_spawn (SIGTERM, at most 5 s, then
#    SIGKILL), anything still running inside our namespaces (SIGKILL:
#    only ours are there), the namespaces, then the suite's own hooks
#    (lab_on_cleanup: its files).
#
# Addresses used by the suites are documentation, benchmarking or ULA
# ranges, only ever inside these namespaces.

LAB_NS=()               # namespaces made by lab_ns_add, in order
declare -A LAB_PIDS=()  # key -> PID of a process started by lab_spawn
LAB_HOOKS=()            # commands run first at clean-up

now_ms() { date +%s%3N; }

# nsx NS CMD...: CMD inside NS.
nsx() {
	local ns=$1
	shift
	ip netns exec "$ns" "$@"
}

# lab_ns_add NAME: a namespace, loopback up; IPv6 addresses usable at
# once (no DAD) and no address or route from router advertisements.
lab_ns_add() {
	ip netns add "$1" || return 1
	LAB_NS+=("$1")
	ip -n "$1" link set lo up
	nsx "$1" sysctl -qw net.ipv6.conf.all.accept_dad=0 \
		net.ipv6.conf.default.accept_dad=0 net.ipv6.conf.all.accept_ra=0 \
		net.ipv6.conf.default.accept_ra=0
}

# lab_link NS_A IF_A NS_B IF_B: a veth pair IF_A (in NS_A) <-> IF_B (in
# NS_B), both ends up.
lab_link() {
	ip link add "$2" netns "$1" type veth peer name "$4" netns "$3" &&
		ip -n "$1" link set "$2" up && ip -n "$3" link set "$4" up
}

# lab_spawn KEY NS CMD...: CMD inside NS (NS "-": here), in the
# background of this shell, so that its PID (LAB_PIDS[KEY], also in
# LAB_PID) is the process's own and ours to stop. Redirect the call to
# send its output somewhere.
lab_spawn() {
	local key=$1 ns=$2
	shift 2
	if [ "$ns" = - ]; then
		"$@" &
	else
		ip netns exec "$ns" "$@" &
	fi
	LAB_PID=$!
	LAB_PIDS[$key]=$LAB_PID
}

# lab_stop KEY [SIGNAL]: signal (default TERM), wait at most 5 s, then
# SIGKILL. The exit status in LAB_STOP_RC (0 when nothing ran).
lab_stop() {
	local key=$1 sig=${2:-TERM} pid i
	LAB_STOP_RC=0
	pid=${LAB_PIDS[$key]:-}
	[ -n "$pid" ] || return 0
	kill "-$sig" "$pid" 2>/dev/null || true
	for ((i = 0; i < 100; i++)); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.05
	done
	kill -KILL "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || LAB_STOP_RC=$?
	unset "LAB_PIDS[$key]"
}

# wait_until TIMEOUT_MS CMD...: poll CMD until it succeeds (every
# LAB_POLL seconds, default 0.005). WAITED_MS: how long; 1 on timeout.
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
		sleep "${LAB_POLL:-0.005}"
	done
}

lab_quiet() { "$@" >/dev/null 2>&1; }

# wait_for SECONDS CMD...: wait_until, every 100 ms, CMD's output hidden.
wait_for() {
	local s=$1
	shift
	LAB_POLL=0.1 wait_until $((s * 1000)) lab_quiet "$@"
}

# lab_on_cleanup CMD...: run CMD (eval'd) at clean-up, once the
# processes and namespaces are gone.
lab_on_cleanup() { LAB_HOOKS+=("$*"); }

lab_cleanup() {
	local h key ns pid
	set +e # clean up everything we can, whatever fails
	for key in "${!LAB_PIDS[@]}"; do
		kill -TERM "${LAB_PIDS[$key]}" 2>/dev/null
	done
	for key in "${!LAB_PIDS[@]}"; do lab_stop "$key" TERM; done
	for ns in "${LAB_NS[@]}"; do
		for pid in $(ip netns pids "$ns" 2>/dev/null); do
			kill -KILL "$pid" 2>/dev/null
		done
		ip netns del "$ns" 2>/dev/null
	done
	LAB_NS=()
	for h in "${LAB_HOOKS[@]}"; do eval "$h"; done
}

# lab_init: clean up at exit, also on SIGINT/SIGTERM.
lab_init() {
	trap lab_cleanup EXIT
	trap 'exit 130' INT TERM
}
