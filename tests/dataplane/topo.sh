# shellcheck shell=bash
# Namespace topology shared by tests/dataplane/run and bench/dataplane/run.
#
#   c4 (IPv4 client) --- xlat (translator) --- [r6 (IPv6 router)] --- s6 (IPv6 server)
#
#   c4   eth0 203.0.113.2/24 (+ 2001:db8:c4::2/64 for native IPv6 runs)
#   xlat x4   203.0.113.1/24, 2001:db8:c4::1/64
#        x6   2001:db8:12::1/64 (with r6) or 2001:db8:1::1/64 + 198.18.0.1/24
#   r6   a    2001:db8:12::2/64; b 2001:db8:1::1/64
#   s6   eth0 2001:db8:1::10/64 (+ 198.18.0.2/24 without r6)
#
# Addresses are documentation/benchmarking ranges, only ever inside these
# namespaces. Namespaces, processes and clean-up are the lab harness's
# (tests/lib/netns.sh).

. "$(dirname "${BASH_SOURCE[0]}")/../lib/netns.sh"

TOPO_P=${TOPO_P:-tdp$$}
NS_C4=${TOPO_P}c4 NS_X=${TOPO_P}xlat NS_R6=${TOPO_P}r6 NS_S6=${TOPO_P}s6

# topo_up [r6]: with "r6", an IPv6 router sits between xlat and s6.
topo_up() {
	local with_r6=${1:-}
	lab_ns_add "$NS_C4"
	lab_ns_add "$NS_X"
	lab_ns_add "$NS_S6"
	nsx "$NS_X" sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
	ip -n "$NS_C4" link add eth0 type veth peer name x4 netns "$NS_X"
	ip -n "$NS_C4" addr add 203.0.113.2/24 dev eth0
	ip -n "$NS_C4" addr add 2001:db8:c4::2/64 dev eth0 nodad
	ip -n "$NS_X" addr add 203.0.113.1/24 dev x4
	ip -n "$NS_X" addr add 2001:db8:c4::1/64 dev x4 nodad
	ip -n "$NS_C4" link set eth0 up
	ip -n "$NS_X" link set x4 up
	ip -n "$NS_C4" route add default via 203.0.113.1
	ip -n "$NS_C4" -6 route add default via 2001:db8:c4::1
	if [ "$with_r6" = r6 ]; then
		lab_ns_add "$NS_R6"
		nsx "$NS_R6" sysctl -qw net.ipv6.conf.all.forwarding=1
		ip -n "$NS_X" link add x6 type veth peer name r6a netns "$NS_R6"
		ip -n "$NS_R6" link add r6b type veth peer name eth0 netns "$NS_S6"
		ip -n "$NS_X" addr add 2001:db8:12::1/64 dev x6 nodad
		ip -n "$NS_R6" addr add 2001:db8:12::2/64 dev r6a nodad
		ip -n "$NS_R6" addr add 2001:db8:1::1/64 dev r6b nodad
		ip -n "$NS_R6" link set r6a up
		ip -n "$NS_R6" link set r6b up
		ip -n "$NS_X" link set x6 up
		ip -n "$NS_X" -6 route add 2001:db8:1::/64 via 2001:db8:12::2
		ip -n "$NS_R6" -6 route add 2001:db8:64::/96 via 2001:db8:12::1
		ip -n "$NS_R6" -6 route add 2001:db8:c4::/64 via 2001:db8:12::1
	else
		ip -n "$NS_X" link add x6 type veth peer name eth0 netns "$NS_S6"
		ip -n "$NS_X" addr add 2001:db8:1::1/64 dev x6 nodad
		ip -n "$NS_X" addr add 198.18.0.1/24 dev x6
		ip -n "$NS_S6" addr add 198.18.0.2/24 dev eth0
		ip -n "$NS_X" link set x6 up
	fi
	# One address only: servers bound to :: answer UDP from it.
	ip -n "$NS_S6" addr add 2001:db8:1::10/64 dev eth0 nodad
	ip -n "$NS_S6" link set eth0 up
	ip -n "$NS_S6" -6 route add default via 2001:db8:1::1
	[ "$with_r6" = r6 ] || ip -n "$NS_S6" route add default via 198.18.0.1
}

# The routes a daemon would announce: EAM IPv4 prefixes and pool6 to the
# translator interface.
topo_xlat_routes() {
	local dev=$1
	ip -n "$NS_X" route replace 198.51.100.0/24 dev "$dev"
	ip -n "$NS_X" route replace 192.0.2.0/24 dev "$dev"
	ip -n "$NS_X" route replace 198.18.5.0/24 dev "$dev"
	ip -n "$NS_X" -6 route replace 2001:db8:64::/96 dev "$dev"
}

# dp_start MODE [extra runner args]: runs the data plane in xlat and sets
# DP_PID, DP_LOG, DP_STATS. Waits (bounded) for the interface.
dp_start() {
	local mode=$1
	shift
	DP_LOG=$TOPO_TMP/dp-$mode.log
	DP_STATS=$TOPO_TMP/dp-$mode.json
	rm -f "$TOPO_TMP/ready" "$DP_STATS"
	lab_spawn dp "$NS_X" "$DP_BIN" --config "$DP_CONFIG" --mode "$mode" \
		--ready-file "$TOPO_TMP/ready" --stats-file "$DP_STATS" "$@" \
		>"$DP_LOG" 2>&1
	DP_PID=$LAB_PID
	if ! wait_for "${DP_START_WAIT:-10}" test -s "$TOPO_TMP/ready"; then
		echo "data plane did not start:" >&2
		cat "$DP_LOG" >&2
		return 1
	fi
	topo_xlat_routes siit0
}

# dp_stop: SIGTERM (counters are written at exit), bounded wait.
dp_stop() {
	lab_stop dp TERM
	DP_PID=
}
