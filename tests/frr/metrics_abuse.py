#!/usr/bin/python3
"""Abuse of the /metrics endpoint, from a hostile client (tests/frr/metrics-abuse).

  metrics_abuse.py HOST PORT SECONDS

For SECONDS, at once: 1000 idle TCP connections (reopened when the server
closes them), 1000 slow-header clients (a request line, then one header
byte every 2 s, "slowloris"), and one POST announcing 1 GiB whose body is
sent as fast as the server takes it. Every loop is bounded by SECONDS.
Prints one JSON line: what the server did to the abusers.
"""
import json
import resource
import selectors
import socket
import sys
import time

IDLE, SLOW = 1000, 1000
GIB = 1 << 30


def connect(host, port):
    s = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
    s.setblocking(False)
    try:
        s.connect((host, port))
    except BlockingIOError:
        pass
    except OSError:
        s.close()
        return None
    return s


def main():
    host, port, seconds = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    resource.setrlimit(resource.RLIMIT_NOFILE, (8192, 8192))
    sel = selectors.DefaultSelector()
    stats = {"idle_opened": 0, "slow_opened": 0, "closed_by_server": 0,
             "post_sent": 0, "post_reply": ""}
    socks = {}  # socket -> kind
    pending = []

    def open_one(kind):
        s = connect(host, port)
        if s is None:
            return
        socks[s] = kind
        sel.register(s, selectors.EVENT_READ, kind)
        stats[kind + "_opened"] += 1
        if kind == "slow":
            pending.append(s)  # the request line, once connected

    # The POST first, so that it is served rather than refused at the
    # connection limit the others are about to hit.
    post = socket.create_connection((host, port), timeout=5)
    post.setblocking(False)
    post.send(f"POST /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: {GIB}\r\n\r\n".encode())
    for _ in range(IDLE):
        open_one("idle")
    for _ in range(SLOW):
        open_one("slow")
    chunk = bytes(65536)
    post_open = True

    t_end = time.time() + seconds
    next_drip = time.time() + 2
    while time.time() < t_end:
        for key, _ in sel.select(timeout=0.05):
            s = key.fileobj
            try:
                data = s.recv(4096)
            except OSError:
                data = b""
            if not data:  # closed by the server: come back, as an attacker would
                sel.unregister(s)
                kind = socks.pop(s)
                s.close()
                stats["closed_by_server"] += 1
                open_one(kind)
        if post_open:
            try:
                while stats["post_sent"] < GIB:
                    stats["post_sent"] += post.send(chunk)
            except BlockingIOError:
                pass
            except OSError:
                post_open = False
            try:
                got = post.recv(4096)
                if got:
                    stats["post_reply"] += got.decode(errors="replace")
            except (BlockingIOError, OSError):
                pass
        for s in pending[:]:
            try:
                s.send(b"GET /metrics HTTP/1.1\r\nHost: x\r\n")
                pending.remove(s)
            except BlockingIOError:
                pass
            except OSError:
                pending.remove(s)
        if time.time() >= next_drip:
            next_drip += 2
            for s, kind in list(socks.items()):
                if kind != "slow":
                    continue
                try:
                    s.send(b"X")
                except OSError:
                    pass
    stats["post_reply"] = stats["post_reply"].split("\r\n")[0]
    for s in list(socks):
        s.close()
    post.close()
    print(json.dumps(stats))


if __name__ == "__main__":
    main()
