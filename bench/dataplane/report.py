#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Medians and ratios for bench/dataplane/run.

Input: TSV lines "case metric round value". Ratios are to native IPv6
forwarding measured in the same run (for RTT: how many times native's).
"""
import math
import statistics
import sys
from collections import defaultdict

COLS = [("tcp1", "TCP 1 4->6"), ("tcp4", "TCP 4 4->6"),
        ("tcp1r", "TCP 1 6->4"), ("tcp4r", "TCP 4 6->4"),
        ("udp", "UDP 64B"), ("rtt", "RTT")]
UNITS = {"udp": "kpps", "rtt": "us"}


def main(path, big):
    vals = defaultdict(list)
    order = []
    for line in open(path):
        case, metric, _, v = line.rstrip("\n").split("\t")
        try:
            x = float(v)
        except ValueError:
            continue
        if math.isnan(x):
            continue
        vals[(case, metric)].append(x)
        if case not in order:
            order.append(case)
    med = {k: statistics.median(v) for k, v in vals.items()}
    ref = {m: med.get(("native6", m)) for m, _ in COLS}

    def cell(case, m):
        v = med.get((case, m))
        if v is None:
            return "-"
        unit = UNITS.get(m, "Gb/s")
        r = ref.get(m)
        ratio = f" {v / r:.2f}" if r else ""
        return f"{v:.3g} {unit}{ratio}" if m != "rtt" else \
            f"{v:.0f} {unit}{ratio}x"

    print("\nMedians of %d rounds; the number after the value is the ratio "
          "to native IPv6 forwarding from this run.\n" %
          max(len(v) for v in vals.values()))
    print("| case | " + " | ".join(t for _, t in COLS) + " |")
    print("|---" * (len(COLS) + 1) + "|")
    for case in order:
        if any((case, m) in med for m, _ in COLS):
            print(f"| {case} | " + " | ".join(cell(case, m) for m, _ in COLS)
                  + " |")
    print(f"\nUDP 64-byte packet rate with 1 and {big} EAM entries:\n")
    print("| case | 1 mapping | %d mappings | ratio |" % big)
    print("|---|---|---|---|")
    for case in order:
        one, many = med.get((case, "udp-one")), med.get((case, "udp-big"))
        if one and many:
            print(f"| {case} | {one:.0f} kpps | {many:.0f} kpps | "
                  f"{many / one:.2f} |")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 1000000)
