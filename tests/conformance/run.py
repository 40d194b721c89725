#!/usr/bin/python3
"""RFC 7915 / 7757 / 6052 / 6791 / 4884 conformance suite for
translatord-translate.

Every case gives input packets and the expected output packets, both built
with scapy from the RFC text and DESIGN-NOTES.md (never from the
translator's output).  The runner writes the config and an input pcap
(LINKTYPE_RAW), runs the tool, reads its output pcap and compares byte for
byte, after one documented normalisation: the IPv4 Identification of DF=0
packets made by 6->4 translation (generator-chosen) is copied from the
output.

  /usr/bin/python3 tests/conformance/run.py --translator build/san/translatord-translate
  ... -k icmp     only cases whose name contains "icmp"
  ... --list      list the cases
  ... --selfcheck check the expected packets only (no translator needed)

The last line is "N passed, N failed".
"""

import argparse
import concurrent.futures
import glob
import importlib
import json
import os
import re
import struct
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import lib  # noqa: E402

LINKTYPE_RAW = 101


def write_pcap(path, packets, times=None):
    """times: each packet's capture time in seconds (default: one second
    apart); the translator's ICMP error rate limit follows it."""
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, LINKTYPE_RAW))
        for i, p in enumerate(packets):
            t = times[i] if times else 1700000000 + i
            sec, usec = int(t), int(round((t - int(t)) * 1e6))
            f.write(struct.pack("<IIII", sec, usec, len(p), len(p)))
            f.write(p)


def read_pcap(path):
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 24:
        raise ValueError("pcap shorter than its global header (%d bytes)" % len(data))
    magic = data[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
        e = "<"
    elif magic in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        e = ">"
    else:
        raise ValueError("not a classic pcap file (magic %s)" % magic.hex())
    linktype = struct.unpack(e + "I", data[20:24])[0] & 0x0FFFFFFF
    if linktype not in (LINKTYPE_RAW, 12, 14):
        raise ValueError("pcap linktype %d, expected LINKTYPE_RAW (101)" % linktype)
    out = []
    off = 24
    while off < len(data):
        if off + 16 > len(data):
            raise ValueError("truncated pcap record header at %d" % off)
        _, _, incl, orig = struct.unpack(e + "IIII", data[off:off + 16])
        off += 16
        if off + incl > len(data):
            raise ValueError("truncated pcap record at %d" % off)
        if incl != orig:
            raise ValueError("pcap record cut by snaplen (%d of %d bytes)" % (incl, orig))
        out.append(data[off:off + incl])
        off += incl
    return out


def load_cases():
    cases = []
    for path in sorted(glob.glob(os.path.join(HERE, "cases_*.py"))):
        mod = importlib.import_module(os.path.basename(path)[:-3])
        for c in mod.CASES:
            c.module = mod.__name__
            cases.append(c)
    seen = set()
    for c in cases:
        if c.name in seen:
            raise SystemExit("duplicate case name: %s" % c.name)
        seen.add(c.name)
    return cases


def check_case(c):
    """Self-consistency of a case's expected packets."""
    errs = []
    for i, e in enumerate(c.expected_list()):
        errs += lib.self_check(e, "expected[%d]" % i)
    for i, p in enumerate(c.input_bytes()):
        if p[0] >> 4 == 4:
            tl = struct.unpack("!H", p[2:4])[0]
            if tl > len(p):
                errs.append("input[%d]: total length beyond the packet" % i)
    if not isinstance(c.config, dict):
        errs.append("config is not a dict")
    return errs


def compare(c, outputs):
    """List of failure messages (empty = pass)."""
    msgs = []
    exps = c.expected_list()
    for i in range(max(len(exps), len(outputs))):
        if i >= len(outputs):
            msgs.append("missing output packet #%d; expected:\n%s" % (i, indent(lib.show(exps[i].raw))))
            continue
        if i >= len(exps):
            msgs.append("unexpected output packet #%d:\n%s" % (i, indent(lib.show(outputs[i]))))
            continue
        act = outputs[i]
        exp = lib.normalise(exps[i], act)
        if exp == act:
            continue
        if exp[:1] and act[:1] and exp[0] >> 4 != act[0] >> 4:
            msgs.append("packet #%d: expected IPv%d, actual IPv%d\n  --- expected ---\n%s\n  --- actual ---\n%s" % (
                i, exp[0] >> 4, act[0] >> 4, indent(lib.show(exp)), indent(lib.show(act))))
            continue
        first = next((k for k in range(min(len(exp), len(act))) if exp[k] != act[k]), min(len(exp), len(act)))
        fname = lib.field_name(exp if first < len(exp) else act, first)
        m = ["packet #%d differs: first at offset %d (%s): expected %s, actual %s" % (
            i, first, fname,
            exp[first:first + 4].hex() or "<end>", act[first:first + 4].hex() or "<end>")]
        if len(exp) != len(act):
            m.append("  length: expected %d, actual %d" % (len(exp), len(act)))
        for fname_, ev, av in lib.diff_values(exp, act, limit=12):
            m.append("  %-40s expected %s, actual %s" % (fname_ + ":", ev, av))
        m.append("  --- expected ---")
        m.append(indent(lib.show(exp)))
        m.append("  --- actual ---")
        m.append(indent(lib.show(act)))
        msgs.append("\n".join(m))
    if c.same_ipv4_id:
        ids = {o[4:6] for o in outputs if o and o[0] >> 4 == 4}
        if len(ids) > 1:
            msgs.append("output IPv4 fragments do not share one Identification: %s" % sorted(x.hex() for x in ids))
    return msgs


def indent(s, n=4):
    return "\n".join(" " * n + ln for ln in s.splitlines())


def run_case(c, translator, tmpdir):
    d = tempfile.mkdtemp(prefix=re.sub(r"[^A-Za-z0-9_]", "_", c.name)[:40] + ".", dir=tmpdir)
    cfg = os.path.join(d, "config.json")
    pin = os.path.join(d, "in.pcap")
    pout = os.path.join(d, "out.pcap")
    with open(cfg, "w") as f:
        json.dump(c.config, f, indent=1)
    write_pcap(pin, c.input_bytes(), c.times)
    cmd = [translator, "--config", cfg, "--in", pin, "--out", pout, "--verbose"]
    if c.mtu4 is not None:
        cmd += ["--mtu4", str(c.mtu4)]
    if c.mtu6 is not None:
        cmd += ["--mtu6", str(c.mtu6)]
    try:
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=20)
    except subprocess.TimeoutExpired:
        return ["translator timed out (20 s)"], ""
    except OSError as e:
        return ["cannot run translator: %s" % e], ""
    text = r.stdout.decode(errors="replace") + r.stderr.decode(errors="replace")
    msgs = []
    if r.returncode != 0:
        msgs.append("translator exited with %d:\n%s" % (r.returncode, indent(text.strip()[-3000:])))
        return msgs, text
    try:
        outputs = read_pcap(pout)
    except (OSError, ValueError) as e:
        return ["cannot read output pcap: %s" % e], text
    msgs += compare(c, outputs)
    if c.reason and not re.search(r"\b%s\b" % re.escape(c.reason), text):
        msgs.append("drop reason %r not in --verbose output:\n%s" % (c.reason, indent(text.strip()[-1500:])))
    return msgs, text


def section_key(s):
    return [int(x) if x.isdigit() else x for x in re.split(r"(\d+)", s)]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--translator", help="path of translatord-translate")
    ap.add_argument("-k", dest="filter", help="only cases whose name contains this")
    ap.add_argument("--list", action="store_true", help="list cases and exit")
    ap.add_argument("--selfcheck", action="store_true", help="check expected packets only")
    ap.add_argument("-j", "--jobs", type=int, default=max(2, os.cpu_count() or 2))
    ap.add_argument("-v", "--verbose", action="store_true", help="print the tool output of failures too")
    args = ap.parse_args()

    lib_errs = lib.self_test()
    if lib_errs:
        print("suite helpers fail their self-test:\n" + indent("\n".join(lib_errs)))
        print("0 passed, 1 failed")
        return 1

    cases = load_cases()
    if args.filter:
        cases = [c for c in cases if args.filter in c.name]
    if args.list:
        for c in cases:
            print("%-58s %s" % (c.name, c.section))
        print("%d cases" % len(cases))
        return 0

    broken = {}
    for c in cases:
        errs = check_case(c)
        if errs:
            broken[c.name] = errs
    if args.selfcheck:
        for n, errs in broken.items():
            print("BROKEN %s:\n%s" % (n, indent("\n".join(errs))))
        print("%d passed, %d failed" % (len(cases) - len(broken), len(broken)))
        return 1 if broken else 0

    if not args.translator:
        ap.error("--translator is required")
    translator = os.path.abspath(args.translator)

    t0 = time.time()
    results = {}
    with tempfile.TemporaryDirectory(prefix="conformance.") as tmp:
        def work(c):
            if c.name in broken:
                return c, ["test case is inconsistent (suite bug):\n" + indent("\n".join(broken[c.name]))], ""
            msgs, text = run_case(c, translator, tmp)
            return c, msgs, text

        with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as ex:
            for c, msgs, text in ex.map(work, cases):
                results[c.name] = (c, msgs, text)

    passed = failed = 0
    per_section = {}
    for c in cases:
        _, msgs, text = results[c.name]
        ps = per_section.setdefault(c.section, [0, 0])
        if msgs:
            failed += 1
            ps[1] += 1
            print("FAIL %s [%s]" % (c.name, c.section))
            if c.note:
                print("  note: " + c.note)
            for m in msgs:
                print(indent(m, 2))
            if args.verbose and text:
                print(indent("tool output:\n" + text.strip()[-2000:], 2))
        else:
            passed += 1
            ps[0] += 1
            print("ok   %s" % c.name)

    print()
    print("%-22s %7s %7s" % ("section", "passed", "failed"))
    for s in sorted(per_section, key=section_key):
        p, f = per_section[s]
        print("%-22s %7d %7d" % (s, p, f))
    print("(%.1f s)" % (time.time() - t0))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:
        sys.exit(1)
