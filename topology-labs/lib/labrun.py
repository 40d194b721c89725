"""Docker-free runner for the containerlab labs in topology-labs/.

It reads the same `*.clab.yml` and the same per-node files as containerlab
and builds the lab in network namespaces:

  * one namespace per node, named `<lab id>-<node>` (the id starts with
    "lab-"); one veth pair per link, created directly inside the two
    namespaces with the interface names of the .clab.yml (eth1, ...), so no
    lab interface ever exists in the host's namespace;
  * FRR nodes (a bind to /etc/frr/daemons): the daemons that file enables,
    each started in the foreground with FRR's standard options pointing at
    the node's own directory (config, pid, zserv.api, vty sockets, logs),
    then `vtysh -b` applies the node's frr.conf through those sockets (what
    frrinit.sh does in the image); translatord from the build tree, and the
    standalone data plane when the daemons file asks for it;
  * every node's `exec:` commands, run inside its namespace (containerlab
    runs them after deploy); `lab-serve` commands become tracked services.

Binds are copied to `<state dir>/<node>/root/<container path>`, and every
daemon option naming a bound container path is rewritten to the copy, so
`--config-json /etc/frr/translatord.json` works unchanged in both worlds.

State (namespaces, PIDs with their start times) is in
`/tmp/<lab id>/state.json`, written before anything is started, so `down`
can always clean up; it only kills PIDs whose start time still matches and
only deletes the namespaces it created.
"""
import fcntl
import json
import os
import re
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import time

import yaml

LIB = os.path.dirname(os.path.abspath(__file__))
LABS = os.path.dirname(LIB)
ROOT = os.path.dirname(LABS)
NODE_TOOLS = os.path.join(LABS, "node")
FRR_SBIN = "/usr/lib/frr"
STATE_ROOT = os.environ.get("LAB_STATE_ROOT", "/tmp")
TAG = "translatord-topology-labs"

# frrcommon.sh's order (zebra first); translatord is appended by the
# daemons files themselves.
FRR_DAEMONS = ("zebra bgpd ripd ripngd ospfd ospf6d isisd babeld pimd pim6d "
               "ldpd nhrpd eigrpd sharpd pbrd staticd bfdd fabricd vrrpd pathd")

# The same list as topology-labs/node/init (the image's entrypoint). Set
# before any link exists, so every interface inherits the defaults.
NODE_SYSCTLS = {
    "net.ipv6.conf.all.accept_dad": "0",
    "net.ipv6.conf.default.accept_dad": "0",
    "net.ipv6.conf.all.accept_ra": "0",
    "net.ipv6.conf.default.accept_ra": "0",
    "net.ipv4.conf.all.rp_filter": "0",
    "net.ipv4.conf.default.rp_filter": "0",
    # A route over a link without carrier is not used (a cut cable).
    "net.ipv4.conf.all.ignore_routes_with_linkdown": "1",
    "net.ipv4.conf.default.ignore_routes_with_linkdown": "1",
    "net.ipv6.conf.all.ignore_routes_with_linkdown": "1",
    "net.ipv6.conf.default.ignore_routes_with_linkdown": "1",
    # An interface taken down and up again keeps its IPv6 addresses (zebra
    # does not put back the ones the kernel drops).
    "net.ipv6.conf.all.keep_addr_on_down": "1",
    "net.ipv6.conf.default.keep_addr_on_down": "1",
}


class LabError(Exception):
    pass


def log(msg):
    print(f"lab: {msg}", flush=True)


def now_ms():
    return time.monotonic() * 1000


def wait_until(timeout_s, fn, interval=0.02):
    """Poll fn() until truthy; returns (value, waited_ms); value None on timeout."""
    t0 = now_ms()
    while True:
        v = fn()
        if v:
            return v, now_ms() - t0
        if now_ms() - t0 > timeout_s * 1000:
            return None, now_ms() - t0
        time.sleep(interval)


def run(argv, timeout=30, check=True, **kw):
    p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True, timeout=timeout, **kw)
    if check and p.returncode != 0:
        raise LabError(f"{' '.join(argv)}: exit {p.returncode}: {p.stdout.strip()}")
    return p


def proc_starttime(pid):
    """Field 22 of /proc/PID/stat, or None when gone or a zombie."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            stat = f.read()
    except OSError:
        return None
    fields = stat[stat.rindex(")") + 2:].split()
    if fields[0] in ("Z", "X"):
        return None
    return int(fields[19])


def vty_command(sock_path, cmd, timeout=10):
    """One command on an FRR vty socket (protocol of tests/frr/vty)."""
    return vty_session(sock_path, [cmd], timeout, enable=False)[0]


def vty_session(sock_path, cmds, timeout=10, enable=True):
    """Commands in order on one vty connection, so that the node they move
    to (`configure`, `translator`, ...) holds for the next ones; "enable"
    first, as vtysh and tests/frr/vty do. Returns [(output, status)], one
    per command of cmds; stops at the first non-zero status."""
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(timeout)
    out = []
    try:
        s.connect(sock_path)
        for i, cmd in enumerate((["enable"] if enable else []) + list(cmds)):
            s.sendall(cmd.encode() + b"\0")
            buf = b""
            while not (len(buf) >= 4 and buf[-4:-1] == b"\0\0\0"):
                chunk = s.recv(65536)
                if not chunk:
                    raise LabError(f"{sock_path}: closed")
                buf += chunk
            if enable and i == 0:
                continue
            out.append((buf[:-4].decode(errors="replace"), buf[-1]))
            if buf[-1]:
                break
    finally:
        s.close()
    return out


# ---------------------------------------------------------------- topology

class Topology:
    """A parsed .clab.yml. Paths in binds are relative to its directory."""

    def __init__(self, path):
        self.path = os.path.abspath(path)
        self.dir = os.path.dirname(self.path)
        with open(self.path) as f:
            doc = yaml.safe_load(f)
        if not isinstance(doc, dict) or "topology" not in doc:
            raise LabError(f"{path}: no 'topology'")
        self.name = doc.get("name") or os.path.basename(path).split(".")[0]
        topo = doc["topology"]
        defaults = topo.get("defaults") or {}
        self.nodes = {}
        for name, spec in (topo.get("nodes") or {}).items():
            n = dict(defaults)
            n.update(spec or {})
            n["binds"] = [self._parse_bind(b) for b in n.get("binds") or []]
            n["exec"] = list(n.get("exec") or [])
            self.nodes[name] = n
        self.links = []
        for link in topo.get("links") or []:
            eps = link.get("endpoints") or []
            if len(eps) != 2:
                raise LabError(f"{path}: a link needs two endpoints: {link}")
            (a, ia), (b, ib) = (e.split(":", 1) for e in eps)
            for n in (a, b):
                if n not in self.nodes:
                    raise LabError(f"{path}: link to unknown node {n}")
            self.links.append((a, ia, b, ib))

    def _parse_bind(self, b):
        parts = b.split(":")
        if len(parts) < 2:
            raise LabError(f"{self.path}: bind '{b}' is not SRC:DST[:MODE]")
        src = parts[0] if os.path.isabs(parts[0]) else os.path.join(self.dir, parts[0])
        return {"src": src, "dst": parts[1], "mode": parts[2] if len(parts) > 2 else ""}

    def bind_src(self, node, container_path):
        for b in self.nodes[node]["binds"]:
            if b["dst"] == container_path:
                return b["src"]
        return None

    def is_frr(self, node):
        return self.bind_src(node, "/etc/frr/daemons") is not None

    def peers(self, node):
        """[(local ifname, peer node, peer ifname)]"""
        out = []
        for a, ia, b, ib in self.links:
            if a == node:
                out.append((ia, b, ib))
            if b == node:
                out.append((ib, a, ia))
        return out


def read_daemons_file(path):
    """Source an FRR daemons file like frrcommon.sh does. Returns
    ([(daemon, options)] enabled in start order, dataplane options or None)."""
    script = r'''
DAEMONS="$1"
. "$2" || exit 1
for d in $DAEMONS; do
	eval v=\${$d:-}
	[ "$d" = zebra ] && v=yes
	[ "$d" = staticd ] && v=yes
	eval o=\${${d}_options:-}
	case "$v" in ""|no|0) ;; *) printf 'D\t%s\t%s\n' "$d" "$o" ;; esac
done
case "${translatord_dataplane:-no}" in ""|no|0) ;;
	*) printf 'P\t%s\n' "${translatord_dataplane_options:-}" ;; esac
'''
    p = run(["bash", "-c", script, "_", FRR_DAEMONS, path])
    daemons, dp = [], None
    for line in p.stdout.splitlines():
        f = line.split("\t")
        if f[0] == "D":
            daemons.append((f[1], f[2]))
        elif f[0] == "P":
            dp = f[1]
    return daemons, dp


# ---------------------------------------------------------------- the lab

class Lab:
    """A running (or starting) lab; all state in self.state / state.json."""

    def __init__(self, state_dir):
        self.dir = state_dir
        self.popen = {}  # pid -> Popen, for reaping when we are the parent
        with open(os.path.join(state_dir, "state.json")) as f:
            self.state = json.load(f)
        self.topo = Topology(self.state["clab"])

    # -- state

    @staticmethod
    def state_dir_for(lab_id):
        return os.path.join(STATE_ROOT, lab_id)

    def _save(self):
        tmp = os.path.join(self.dir, "state.json.tmp")
        with open(tmp, "w") as f:
            json.dump(self.state, f, indent=1)
        os.replace(tmp, os.path.join(self.dir, "state.json"))

    def _locked(self):
        fd = os.open(os.path.join(self.dir, "lock"), os.O_RDWR | os.O_CREAT, 0o644)
        fcntl.flock(fd, fcntl.LOCK_EX)
        return fd

    def _update(self, fn):
        fd = self._locked()
        try:
            with open(os.path.join(self.dir, "state.json")) as f:
                self.state = json.load(f)
            fn(self.state)
            self._save()
        finally:
            os.close(fd)

    @classmethod
    def create(cls, clab, lab_id=None, translatord=None, dataplane=None):
        lab_id = lab_id or "lab-" + secrets.token_hex(3)
        if not re.fullmatch(r"lab-[A-Za-z0-9_]{1,20}", lab_id):
            raise LabError(f"lab id '{lab_id}' must be lab-<1-20 letters/digits>")
        d = cls.state_dir_for(lab_id)
        os.makedirs(d)  # fails if it exists: ids are never reused
        os.chmod(d, 0o755)  # the daemons run as frr and must reach their dirs
        topo = Topology(clab)
        state = {
            "tag": TAG, "id": lab_id, "lab": topo.name, "clab": topo.path,
            "created": time.time(),
            "translatord": os.path.abspath(translatord or
                                           os.path.join(ROOT, "build/daemon/translatord")),
            "dataplane": os.path.abspath(dataplane or
                                         os.path.join(ROOT, "build/translatord-dataplane")),
            "namespaces": {}, "procs": [],
        }
        try:
            # The lab keeps its own copies: a rebuild in the tree while it
            # runs (or a restart of translatord in it) does not mix versions.
            os.makedirs(os.path.join(d, "bin"))
            for key in ("translatord", "dataplane"):
                if os.access(state[key], os.X_OK):
                    copy = os.path.join(d, "bin", os.path.basename(state[key]))
                    shutil.copy2(state[key], copy)
                    state[key + "_source"], state[key] = state[key], copy
            os.chmod(os.path.join(d, "bin"), 0o755)
            with open(os.path.join(d, "state.json"), "w") as f:
                json.dump(state, f, indent=1)
        except BaseException:
            shutil.rmtree(d, ignore_errors=True)
            raise
        return cls(d)

    @classmethod
    def find(cls, lab_id=None):
        """The lab with that id, or the only one running."""
        if lab_id:
            d = cls.state_dir_for(lab_id)
            if not os.path.exists(os.path.join(d, "state.json")):
                raise LabError(f"no lab {lab_id} (no {d}/state.json)")
            return cls(d)
        labs = cls.list_ids()
        if len(labs) != 1:
            raise LabError("give the lab id: " + (", ".join(labs) if labs else "no lab is up"))
        return cls(cls.state_dir_for(labs[0]))

    @staticmethod
    def list_ids():
        out = []
        for e in sorted(os.listdir(STATE_ROOT)):
            p = os.path.join(STATE_ROOT, e, "state.json")
            if e.startswith("lab-") and os.path.isfile(p):
                try:
                    with open(p) as f:
                        if json.load(f).get("tag") == TAG:
                            out.append(e)
                except (OSError, ValueError):
                    pass
        return out

    # -- names and paths

    @property
    def id(self):
        return self.state["id"]

    def ns(self, node):
        return f"{self.id}-{node}"

    def node_dir(self, node):
        return os.path.join(self.dir, node)

    def run_dir(self, node):
        return os.path.join(self.dir, node, "run")

    def log_dir(self, node):
        return os.path.join(self.dir, node, "log")

    def mapped(self, node, container_path):
        return os.path.join(self.node_dir(node), "root", container_path.lstrip("/"))

    def rewrite_args(self, node, args):
        """Container paths of the node's binds -> the runner's copies."""
        dsts = sorted((b["dst"] for b in self.topo.nodes[node]["binds"]), key=len, reverse=True)
        out = []
        for a in args:
            key, eq, val = a.partition("=") if a.startswith("--") and "=" in a else ("", "", a)
            for d in dsts:
                if val == d or val.startswith(d.rstrip("/") + "/"):
                    val = self.mapped(node, d) + val[len(d):]
                    break
            out.append(key + eq + val)
        return out

    # -- processes

    def start_proc(self, node, name, argv, env=None):
        """Start argv inside the node's namespace, in its own session, output
        to <node>/log/<name>.out; recorded in the state before returning."""
        out = open(os.path.join(self.log_dir(node), f"{name}.out"), "ab")
        full = ["ip", "netns", "exec", self.ns(node)] + argv
        e = dict(os.environ)
        e.update(env or {})
        p = subprocess.Popen(full, stdin=subprocess.DEVNULL, stdout=out,
                             stderr=subprocess.STDOUT, start_new_session=True, env=e)
        out.close()
        self.popen[p.pid] = p
        st = None
        for _ in range(100):  # `ip netns exec` execs argv: same PID
            st = proc_starttime(p.pid)
            if st is not None or p.poll() is not None:
                break
            time.sleep(0.001)
        rec = {"node": node, "name": name, "pid": p.pid, "start": st, "argv": argv}
        self._update(lambda s: s["procs"].append(rec))
        return p.pid

    def procs(self, node=None, name=None):
        return [p for p in self.state["procs"]
                if (node is None or p["node"] == node) and (name is None or p["name"] == name)]

    def alive(self, rec):
        p = self.popen.get(rec["pid"])
        if p is not None:
            p.poll()  # reap our own children
        return rec["start"] is not None and proc_starttime(rec["pid"]) == rec["start"]

    def pid(self, node, name):
        live = [p for p in self.procs(node, name) if self.alive(p)]
        return live[-1]["pid"] if live else None

    def stop_proc(self, node, name, sig=signal.SIGTERM, timeout=5):
        """Signal the live process(es) node/name, wait <= timeout, then KILL.
        Returns the exit codes we could collect (None when not our child)."""
        recs = [p for p in self.procs(node, name) if self.alive(p)]
        for r in recs:
            try:
                os.kill(r["pid"], sig)
            except ProcessLookupError:
                pass
        wait_until(timeout, lambda: not any(self.alive(r) for r in recs), 0.01)
        codes = []
        for r in recs:
            if self.alive(r):
                os.kill(r["pid"], signal.SIGKILL)
                wait_until(2, lambda r=r: not self.alive(r), 0.01)
            p = self.popen.pop(r["pid"], None)
            codes.append(p.wait(timeout=2) if p is not None else None)
            self._rm_crashlog(r)
        self._update(lambda s: s["procs"].__setitem__(
            slice(None), [p for p in s["procs"] if p["pid"] not in {r["pid"] for r in recs}]))
        return codes

    @staticmethod
    def _rm_crashlog(rec):
        # libfrr's per-process crash-log dir; only a clean exit removes it.
        d = f"/var/tmp/frr/{os.path.basename(rec['argv'][0])}.{rec['pid']}"
        if os.path.isdir(d):
            shutil.rmtree(d, ignore_errors=True)

    # -- bring-up

    def add_namespaces(self):
        for node in self.topo.nodes:
            ns = self.ns(node)
            run(["ip", "netns", "add", ns])
            self._update(lambda s, node=node, ns=ns: s["namespaces"].__setitem__(node, ns))
            run(["ip", "-n", ns, "link", "set", "lo", "up"])
            run(["ip", "netns", "exec", ns, "sysctl", "-qw"] +
                [f"{k}={v}" for k, v in NODE_SYSCTLS.items()])

    def add_links(self):
        for a, ia, b, ib in self.topo.links:
            run(["ip", "link", "add", ia, "netns", self.ns(a), "type", "veth",
                 "peer", "name", ib, "netns", self.ns(b)])
            run(["ip", "-n", self.ns(a), "link", "set", ia, "up"])
            run(["ip", "-n", self.ns(b), "link", "set", ib, "up"])

    def prepare_node_dirs(self):
        for node, spec in self.topo.nodes.items():
            for d in (self.node_dir(node), self.run_dir(node), self.log_dir(node)):
                os.makedirs(d, exist_ok=True)
            for b in spec["binds"]:
                dst = self.mapped(node, b["dst"])
                os.makedirs(os.path.dirname(dst), exist_ok=True)
                if os.path.isdir(b["src"]):
                    shutil.copytree(b["src"], dst, dirs_exist_ok=True)
                else:
                    shutil.copy(b["src"], dst)
            if self.topo.is_frr(node):
                etc = self.mapped(node, "/etc/frr")
                if not os.path.exists(os.path.join(etc, "vtysh.conf")):
                    open(os.path.join(etc, "vtysh.conf"), "w").close()
                run(["chown", "-R", "frr:frr", self.node_dir(node)])
            run(["chmod", "-R", "a+rX", self.node_dir(node)])

    def frr_plan(self, node):
        daemons, dp = read_daemons_file(self.mapped(node, "/etc/frr/daemons"))
        return daemons, dp

    def daemon_binary(self, daemon):
        if daemon == "translatord":
            return self.state["translatord"]
        return os.path.join(FRR_SBIN, daemon)

    def start_frr_daemon(self, node, daemon, options):
        rd = self.run_dir(node)
        conf = os.path.join(rd, f"{daemon}.conf")
        if not os.path.exists(conf):  # empty: frr.conf comes through vtysh -b
            open(conf, "w").close()
            shutil.chown(conf, "frr", "frr")
        sock = os.path.join(rd, f"{daemon}.vty")
        if os.path.exists(sock):
            os.unlink(sock)
        argv = [self.daemon_binary(daemon), "-f", conf, "-i", os.path.join(rd, f"{daemon}.pid"),
                "-z", os.path.join(rd, "zserv.api"), "--vty_socket", rd, "-P", "0",
                "--log", f"file:{os.path.join(self.log_dir(node), daemon + '.log')}"]
        argv += self.rewrite_args(node, shlex.split(options))
        self.start_proc(node, daemon, argv)
        return sock

    def wait_socket(self, node, daemon, path, timeout=15):
        def ready():
            if not os.path.exists(path):
                if self.pid(node, daemon) is None:
                    raise LabError(f"{node}: {daemon} exited; see "
                                   f"{self.log_dir(node)}/{daemon}.out and .log:\n"
                                   + self.tail(node, daemon))
                return False
            return True
        if not wait_until(timeout, ready)[0]:
            raise LabError(f"{node}: {daemon} did not create {path} in {timeout} s")

    def tail(self, node, name, lines=15):
        out = []
        for ext in ("out", "log"):
            p = os.path.join(self.log_dir(node), f"{name}.{ext}")
            if os.path.exists(p):
                with open(p, errors="replace") as f:
                    out += f.readlines()[-lines:]
        return "".join(out)

    def vtysh_boot(self, node, daemon=None):
        argv = ["ip", "netns", "exec", self.ns(node), "vtysh", "--vty_socket",
                self.run_dir(node), "--config_dir", self.mapped(node, "/etc/frr"), "-b"]
        if daemon:
            argv += ["-d", daemon]
        p = run(argv, check=False, timeout=60)
        with open(os.path.join(self.log_dir(node), "vtysh-b.out"), "a") as f:
            f.write(p.stdout)
        if daemon == "translatord" and "no daemons match name" in p.stdout:
            return  # the stock vtysh does not know translatord (make install)
        if p.returncode != 0:
            raise LabError(f"{node}: vtysh -b failed (exit {p.returncode}):\n{p.stdout}")

    def start_frr_node(self, node, only=None):
        """Start the node's daemons (or only those named), then apply frr.conf."""
        daemons, dp = self.frr_plan(node)
        names = [d for d, _ in daemons]
        if only:
            unknown = set(only) - set(names)
            if unknown:
                raise LabError(f"{node}: not enabled in its daemons file: {', '.join(unknown)}")
        def want(d):
            return only is None or d in only
        todo = [(d, o) for d, o in daemons if want(d)]
        if any(d == "translatord" for d, _ in todo) and \
                not os.access(self.state["translatord"], os.X_OK):
            raise LabError(f"{self.state['translatord']} is missing: make translatord-daemon")
        started = []
        if todo and todo[0][0] == "zebra":
            sock = self.start_frr_daemon(node, "zebra", todo[0][1])
            self.wait_socket(node, "zebra", os.path.join(self.run_dir(node), "zserv.api"))
            self.wait_socket(node, "zebra", sock)
            started.append("zebra")
            todo = todo[1:]
        socks = [(d, self.start_frr_daemon(node, d, o)) for d, o in todo]
        for d, s in socks:
            self.wait_socket(node, d, s)
            started.append(d)
        # What frrinit.sh does once the daemons run: the integrated frr.conf
        # through vtysh (per daemon on a restart, as watchfrr does).
        if only is None:
            self.vtysh_boot(node)
        else:
            for d in started:
                self.vtysh_boot(node, d)
        if dp is not None:
            # The data plane runs inside translatord now (translatord.json
            # "data-plane"); the standalone runner is not started.
            log(f"{node}: translatord_dataplane in its daemons file is ignored: "
                "the data plane runs inside translatord (translatord.json data-plane)")

    def run_exec(self, node):
        """The node's exec: commands, in order; lab-serve becomes a service."""
        for i, cmd in enumerate(self.topo.nodes[node]["exec"]):
            argv = shlex.split(cmd)
            if argv and argv[0] == "lab-serve":
                name = f"lab-serve-{argv[1]}-{argv[3]}" if len(argv) > 3 else f"lab-serve-{i}"
                self.start_proc(node, name, [os.path.join(NODE_TOOLS, "lab-serve")] + argv[1:] +
                                ["--foreground"],
                                env={"LAB_NODE_DIR": self.node_dir(node), "LAB_NODE": node})
                if len(argv) > 3:
                    self.wait_listen(node, name, argv[3])
            else:
                run(["ip", "netns", "exec", self.ns(node)] + argv)

    def wait_listen(self, node, name, port, timeout=30):
        def listening():
            if self.pid(node, name) is None:
                raise LabError(f"{node}: {name} exited:\n{self.tail(node, name)}")
            p = run(["ip", "netns", "exec", self.ns(node), "ss", "-Hltn", f"sport = :{port}"],
                    check=False)
            return bool(p.stdout.strip())
        if not wait_until(timeout, listening, 0.05)[0]:
            raise LabError(f"{node}: {name} is not listening on port {port} after {timeout} s")

    def ospf_full(self, node, daemon):
        cmd = "show ip ospf neighbor" if daemon == "ospfd" else "show ipv6 ospf6 neighbor"
        try:
            out, _ = self.vty(node, daemon, cmd)
        except (OSError, LabError):
            return 0
        return sum(1 for ln in out.splitlines() if re.search(r"\bFull\b", ln))

    def expected_adjacencies(self, node):
        return sum(1 for _, peer, _ in self.topo.peers(node) if self.topo.is_frr(peer))

    def converged(self):
        for node in self.topo.nodes:
            if not self.topo.is_frr(node):
                continue
            daemons = [d for d, _ in self.frr_plan(node)[0]]
            for d in ("ospfd", "ospf6d"):
                if d in daemons and self.ospf_full(node, d) < self.expected_adjacencies(node):
                    return False
        return True

    def up(self, wait=True, timeout=60):
        t0 = now_ms()
        self.add_namespaces()
        self.add_links()
        self.prepare_node_dirs()
        for node in self.topo.nodes:
            if self.topo.is_frr(node):
                self.start_frr_node(node)
        for node in self.topo.nodes:
            self.run_exec(node)
        log(f"{self.id}: {len(self.topo.nodes)} nodes, {len(self.topo.links)} links, "
            f"{len(self.state['procs'])} processes started in {now_ms() - t0:.0f} ms")
        if wait:
            ok, waited = wait_until(timeout, self.converged, 0.1)
            if not ok:
                raise LabError(f"OSPF/OSPFv3 adjacencies not all Full after {timeout} s")
            log(f"{self.id}: OSPF and OSPFv3 adjacencies Full after {waited:.0f} ms")

    # -- tear-down

    def down(self, keep=False):
        """Stop every recorded process, delete our namespaces. Never raises."""
        procs = list(reversed(self.state["procs"]))
        for r in procs:
            if self.alive(r):
                try:
                    os.kill(r["pid"], signal.SIGTERM)
                except ProcessLookupError:
                    pass
        wait_until(5, lambda: not any(self.alive(r) for r in procs), 0.02)
        for r in procs:
            if self.alive(r):
                try:
                    os.kill(r["pid"], signal.SIGKILL)
                except ProcessLookupError:
                    pass
        wait_until(2, lambda: not any(self.alive(r) for r in procs), 0.02)
        for r in procs:
            p = self.popen.pop(r["pid"], None)
            if p is not None:
                try:
                    p.wait(timeout=1)
                except subprocess.TimeoutExpired:
                    pass
            self._rm_crashlog(r)
        for node, ns in self.state["namespaces"].items():
            # Anything still inside a namespace we created is ours (e.g. a
            # command started with `run exec` in the background).
            p = run(["ip", "netns", "pids", ns], check=False)
            for pid in p.stdout.split():
                try:
                    os.kill(int(pid), signal.SIGKILL)
                except (ProcessLookupError, ValueError):
                    pass
            run(["ip", "netns", "del", ns], check=False)
        if keep:
            log(f"lab files kept in {self.dir}")
        else:
            shutil.rmtree(self.dir, ignore_errors=True)

    # -- inspection

    def vty(self, node, daemon, cmd):
        return vty_command(os.path.join(self.run_dir(node), f"{daemon}.vty"), cmd)

    def vty_conf(self, node, daemon, lines, context=()):
        """Configuration lines on a daemon's vty: `configure`, then the
        context commands (e.g. ["translator"]), then lines, on one
        connection. Raises LabError on the first that fails."""
        cmds = ["configure"] + list(context) + list(lines)
        res = vty_session(os.path.join(self.run_dir(node), f"{daemon}.vty"), cmds)
        for cmd, (out, status) in zip(cmds, res):
            if status:
                raise LabError(f"{node}/{daemon}: '{cmd}' failed (status {status}): {out.strip()}")
        return "".join(o for o, _ in res)

    def ip(self, node, *args, check=True):
        return run(["ip", "-n", self.ns(node)] + list(args), check=check).stdout

    def exec(self, node, argv, timeout=60, check=True):
        return run(["ip", "netns", "exec", self.ns(node)] + list(argv),
                   timeout=timeout, check=check)

    def route(self, node, prefix, family="-4"):
        """Kernel route for prefix in node: the (gateway, dev) nexthops that
        forward (flagged dead or linkdown ones left out)."""
        out = self.ip(node, "-j", family, "route", "show", "exact", prefix, check=False)
        try:
            routes = json.loads(out or "[]")
        except ValueError:
            return []
        hops = []
        for r in routes:
            if r.get("type", "unicast") != "unicast":
                continue
            if "nexthops" in r or "dev" in r:
                for nh in r.get("nexthops") or [r]:
                    if not {"dead", "linkdown"} & set(nh.get("flags") or []):
                        hops.append((nh.get("gateway"), nh.get("dev")))
            elif "nhid" in r:  # zebra's nexthop objects (IPv6 routes)
                hops += self._nexthop_object(node, r["nhid"])
        return hops

    def _nexthop_object(self, node, nhid):
        out = self.ip(node, "-j", "nexthop", "show", "id", str(nhid), check=False)
        try:
            nh = json.loads(out or "[]")
        except ValueError:
            return []
        hops = []
        for o in nh:
            if "group" in o:
                for m in o["group"]:
                    hops += self._nexthop_object(node, m["id"])
            elif "dev" in o and not {"dead", "linkdown"} & set(o.get("flags") or []):
                hops.append((o.get("gateway"), o.get("dev")))
        return hops

    def status(self):
        lines = [f"lab {self.id} ({self.state['lab']}, {self.topo.path}); "
                 f"namespaces {self.id}-<node>, files {self.dir}"]
        for node in self.topo.nodes:
            procs = self.procs(node)
            ps = ", ".join(f"{p['name']}[{p['pid']}]" + ("" if self.alive(p) else " DEAD")
                           for p in procs)
            extra = ""
            if self.topo.is_frr(node):
                want = self.expected_adjacencies(node)
                extra = (f"  ospf {self.ospf_full(node, 'ospfd')}/{want} full,"
                         f" ospf6 {self.ospf_full(node, 'ospf6d')}/{want} full")
            lines.append(f"  {node:9} {ps or '-'}{extra}")
        return "\n".join(lines)


def resolve_clab(name):
    """A lab name (two-sites), a lab directory, or a .clab.yml path."""
    if os.path.isfile(name):
        return name
    d = name if os.path.isdir(name) else os.path.join(LABS, name)
    if os.path.isdir(d):
        files = [f for f in os.listdir(d) if f.endswith(".clab.yml")]
        if len(files) == 1:
            return os.path.join(d, files[0])
    raise LabError(f"no lab '{name}' (expected a directory of {LABS} with one .clab.yml)")
