#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Write the demo's sample capture (Ethernet) for yang/examples/siit-dc.json.

An IPv4 client on the Internet, 203.0.113.5, talks to services of an
IPv6-only data centre published through SIIT-DC (RFC 7755) explicit
address mappings, and one server answers from the IPv6 side:

  1. TCP SYN   203.0.113.5 -> 198.51.100.10:80  (EAM -> 2001:db8:1::10)
  2. UDP DNS   203.0.113.5 -> 198.51.100.11:53  (EAM -> 2001:db8:1::11)
  3. ping      203.0.113.5 -> 192.0.2.7         (/24 EAM -> 2001:db8:2::7)
  4. TTL=1 SYN 203.0.113.5 -> 198.51.100.10:80  (-> ICMPv4 Time Exceeded)
  5. SYN-ACK   2001:db8:1::10:80 -> 2001:db8:64::cb00:7105
               (the client through pool6 2001:db8:64::/96)

usage: gen-sample-pcap.py OUT.pcap
"""
import sys

from scapy.all import (DNS, DNSQR, ICMP, IP, IPv6, TCP, UDP, Ether,
                       wrpcap)

CLIENT4 = "203.0.113.5"
CLIENT6 = "2001:db8:64::cb00:7105"  # 203.0.113.5 under pool6 /96
WEB4, WEB6 = "198.51.100.10", "2001:db8:1::10"
DNS4 = "198.51.100.11"
RACK4 = "192.0.2.7"

# The translator sits between an IPv4 upstream router and the data
# centre's IPv6 fabric.
UPSTREAM_MAC = "02:00:00:00:04:01"
FABRIC_MAC = "02:00:00:00:06:01"
XLAT_MAC = "02:00:00:00:00:64"


def from_v4(pkt):
    return Ether(src=UPSTREAM_MAC, dst=XLAT_MAC) / pkt


def from_v6(pkt):
    return Ether(src=FABRIC_MAC, dst=XLAT_MAC) / pkt


def packets():
    syn = TCP(sport=40000, dport=80, flags="S", seq=1000,
              options=[("MSS", 1460)])
    return [
        from_v4(IP(src=CLIENT4, dst=WEB4, ttl=64, id=1) / syn),
        from_v4(IP(src=CLIENT4, dst=DNS4, ttl=64, id=2) /
                UDP(sport=40001, dport=53) /
                DNS(id=0x4242, rd=1, qd=DNSQR(qname="www.example.com",
                                               qtype="AAAA"))),
        from_v4(IP(src=CLIENT4, dst=RACK4, ttl=64, id=3) /
                ICMP(type=8, id=0x1234, seq=1) / (b"translatord" * 3)),
        from_v4(IP(src=CLIENT4, dst=WEB4, ttl=1, id=4) / syn),
        from_v6(IPv6(src=WEB6, dst=CLIENT6, hlim=64) /
                TCP(sport=80, dport=40000, flags="SA", seq=5000,
                    ack=1001, options=[("MSS", 1440)])),
    ]


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__.strip().splitlines()[-1])
    pkts = packets()
    for i, p in enumerate(pkts):
        p.time = 1700000000 + i / 1000  # fixed: reproducible output
    wrpcap(sys.argv[1], pkts)


if __name__ == "__main__":
    main()
