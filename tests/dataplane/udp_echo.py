#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""UDP echo for the data plane tests.

  udp_echo.py serve ADDR PORT          echo every datagram back (IPv6)
  udp_echo.py client ADDR PORT SIZE..  send each size with DF=0, expect it
                                       back unchanged (3 tries, 2 s each)
"""
import os
import socket
import sys

IP_MTU_DISCOVER = 10
IP_PMTUDISC_DONT = 0


def serve(addr, port):
    s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
    s.bind((addr, port))
    while True:
        data, peer = s.recvfrom(65535)
        s.sendto(data, peer)


def client(addr, port, sizes):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    # DF=0: the translator and the hosts fragment as needed.
    s.setsockopt(socket.IPPROTO_IP, IP_MTU_DISCOVER, IP_PMTUDISC_DONT)
    s.settimeout(2)
    ok = True
    for size in sizes:
        data = os.urandom(size)
        for _ in range(3):
            s.sendto(data, (addr, port))
            try:
                got, _ = s.recvfrom(65535)
            except socket.timeout:
                continue
            if got == data:
                print(f"{size} bytes: echoed")
                break
        else:
            print(f"{size} bytes: no echo")
            ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    if sys.argv[1] == "serve":
        serve(sys.argv[2], int(sys.argv[3]))
    else:
        sys.exit(client(sys.argv[2], int(sys.argv[3]),
                        [int(x) for x in sys.argv[4:]]))
