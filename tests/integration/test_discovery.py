"""LAN discovery across a real (virtual) LAN: two network namespaces joined
by a veth pair, natterd in one, `natter --discover` in the other.

The addresses (10.253.0.0/24) exist only inside the namespaces, which are
private to this run and removed at the end, also on failure.  Skips (77)
only when the machine cannot create namespaces (not root, no ip(8)).
"""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest

from natterd_harness import natterd_path
from netns_pair import can_make_namespaces

PORT = 6667
NET = "10.253.0"
SERVER_ADDR = NET + ".1"
CLIENT_ADDR = NET + ".2"
SECOND_ADDR = NET + ".3"
# How long natterd may take to exit after SIGTERM (design: 2 s).
EXIT_BOUND = 2.0

# A user that stays connected: run in the client namespace, it registers,
# joins a room, says "ready" and stays until its stdin closes.
USER_SCRIPT = r"""
import socket, sys
host, port, nick = sys.argv[1], int(sys.argv[2]), sys.argv[3]
s = socket.create_connection((host, port), timeout=5)
s.sendall(("NICK %s\r\nUSER u 0 * :u\r\nJOIN #lobby\r\n" % nick).encode())
buf = b""
while b" 366 " not in buf:
    data = s.recv(4096)
    if not data:
        sys.exit("closed: %r" % buf)
    buf += data
print("ready", flush=True)
sys.stdin.read()
"""

# A burst of probes from one address: prints how many answers came back.
FLOOD_SCRIPT = r"""
import socket, sys, time
host, port, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
probe = b"NATTER? 1 pad=" + b"x" * 49 + b"\n"
if len(sys.argv) > 4:
    probe = sys.argv[4].encode() + b"\n"
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for i in range(n):
    s.sendto(probe, (host, port))
s.settimeout(0.2)
got, deadline = 0, time.monotonic() + 1.5
while time.monotonic() < deadline:
    try:
        data, src = s.recvfrom(512)
    except socket.timeout:
        continue
    if data.startswith(b"NATTER 1 "):
        got += 1
        if len(sys.argv) > 5:
            print(src[0], data.decode().strip())
print(got)
"""


def natter_path():
    """natter next to natterd in the build tree (or NATTER)."""
    path = os.environ.get("NATTER")
    if path:
        return os.path.abspath(path)
    return os.path.join(os.path.dirname(os.path.dirname(natterd_path())),
                        "client", "natter")


def run(*args, check=True, timeout=10):
    return subprocess.run(list(args), stdin=subprocess.DEVNULL,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, check=check, timeout=timeout)


class Discovery(unittest.TestCase):

    def setUp(self):
        tag = "%d%d" % (os.getpid() % 100000, int(time.time()) % 1000)
        self.ns_server = "natter-s-" + tag
        self.ns_client = "natter-c-" + tag
        self.procs = []
        self.namespaces = []
        try:
            for ns in (self.ns_server, self.ns_client):
                run("ip", "netns", "add", ns)
                self.namespaces.append(ns)
            veth_s, veth_c = "nts" + tag[:10], "ntc" + tag[:10]
            run("ip", "link", "add", veth_s, "netns", self.ns_server,
                "type", "veth", "peer", "name", veth_c,
                "netns", self.ns_client)
            self.veth_client = veth_c
            for ns, dev, addr in ((self.ns_server, veth_s, SERVER_ADDR),
                                  (self.ns_client, veth_c, CLIENT_ADDR)):
                self.ns(ns, "ip", "addr", "add", addr + "/24",
                        "broadcast", NET + ".255", "dev", dev)
                self.ns(ns, "ip", "link", "set", dev, "up")
                self.ns(ns, "ip", "link", "set", "lo", "up")
            self.ns(self.ns_server, "ip", "addr", "add", SECOND_ADDR + "/24",
                    "dev", veth_s)
        except BaseException:
            self.tearDown()
            raise

    def tearDown(self):
        for p in self.procs:
            if p.poll() is None:
                p.kill()
            try:
                p.wait(5)
            except subprocess.TimeoutExpired:
                pass
            for f in (p.stdin, p.stdout, p.stderr):
                if f is not None:
                    f.close()
        self.procs = []
        for ns in self.namespaces:
            run("ip", "netns", "del", ns, check=False)
        self.namespaces = []

    def ns(self, ns, *args, check=True):
        return run("ip", "netns", "exec", ns, *args, check=check)

    def start_natterd(self, *args):
        """natterd in the server namespace; returns it once it listens."""
        p = subprocess.Popen(
            ["ip", "netns", "exec", self.ns_server, natterd_path(),
             "-p", str(PORT)] + list(args),
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE, text=True)
        self.procs.append(p)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            line = p.stderr.readline()
            if not line:
                break
            if "answering discovery probes" in line:
                return p
        self.fail("natterd %s did not start answering probes" % (args,))

    def connect_user(self, nick, host=SERVER_ADDR, ns=None):
        p = subprocess.Popen(
            ["ip", "netns", "exec", ns or self.ns_client, sys.executable, "-c",
             USER_SCRIPT, host, str(PORT), nick],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        self.procs.append(p)
        self.assertEqual(p.stdout.readline().strip(), "ready")
        return p

    def discover(self, *args):
        r = self.ns(self.ns_client, natter_path(), "--discover", *args,
                    check=False)
        lines = [line.split() for line in r.stdout.splitlines()]
        return r.returncode, lines, r.stderr

    def stop(self, p):
        start = time.monotonic()
        p.send_signal(signal.SIGTERM)
        status = p.wait(EXIT_BOUND + 3)
        self.assertEqual(status, 0)
        self.assertLessEqual(time.monotonic() - start, EXIT_BOUND)

    def test_none(self):
        status, lines, err = self.discover()
        self.assertEqual(status, 1)
        self.assertEqual(lines, [])
        self.assertIn("no natterd answered on UDP port %d" % PORT, err)
        self.assertIn("%s.255 (%s)" % (NET, self.veth_client), err)
        self.assertIn("natter HOST", err)

    def test_found_with_users(self):
        server = self.start_natterd()
        self.connect_user("ann")
        self.connect_user("bob")
        status, lines, err = self.discover()
        self.assertEqual(status, 0, err)
        self.assertEqual(len(lines), 1, lines)
        addr, port, name, users, rooms = lines[0]
        self.assertEqual(addr, SERVER_ADDR)
        self.assertEqual(port, str(PORT))
        self.assertEqual(users, "users=2")
        self.assertEqual(rooms, "rooms=1")
        self.stop(server)

    def test_two_servers_and_bound_address(self):
        # Two natterds, each on one address of the server namespace.
        one = self.start_natterd("-b", SERVER_ADDR)
        two = self.start_natterd("-b", SECOND_ADDR)
        self.connect_user("cid", host=SECOND_ADDR)
        status, lines, err = self.discover()
        self.assertEqual(status, 0, err)
        found = sorted((line[0], line[1], line[3]) for line in lines)
        self.assertEqual(found, [(SERVER_ADDR, str(PORT), "users=0"),
                                 (SECOND_ADDR, str(PORT), "users=1")])
        # A unicast probe reaches the natterd of that address, and only it.
        for addr, users in ((SERVER_ADDR, "users=0"), (SECOND_ADDR, "users=1")):
            r = self.ns(self.ns_client, sys.executable, "-c", FLOOD_SCRIPT,
                        addr, str(PORT), "1", "NATTER? 1 pad=" + "y" * 49,
                        "show")
            self.assertEqual(len(r.stdout.split("\n")), 3, r.stdout)
            self.assertIn(" %s " % users, r.stdout)
        self.stop(one)
        self.stop(two)

    def test_no_discovery_and_other_port(self):
        server = self.start_natterd("--discovery-port", "7001")
        status, lines, err = self.discover()
        self.assertEqual(status, 1)
        status, lines, err = self.discover("-p", "7001")
        self.assertEqual(status, 0, err)
        self.assertEqual([line[:2] for line in lines],
                         [[SERVER_ADDR, str(PORT)]])
        self.stop(server)

    def test_no_host_connects(self):
        """natter with no HOST (and no config file) connects to the one
        server that answered; in tmux, for the terminal it needs."""
        if shutil.which("tmux") is None:
            self.skipTest("tmux is not installed")
        server = self.start_natterd()
        home = tempfile.mkdtemp(prefix="natter-discovery-")
        sock = "natter-disc-%d" % os.getpid()
        env = "HOME=%s XDG_CONFIG_HOME= TERM=xterm" % home
        try:
            self.ns(self.ns_client, "tmux", "-L", sock, "-f", "/dev/null",
                    "new-session", "-d", "-x", "90", "-y", "12",
                    "env %s %s -n eve; sleep 30" % (env, natter_path()))
            deadline, screen = time.monotonic() + 8, ""
            while time.monotonic() < deadline:
                screen = self.ns(self.ns_client, "tmux", "-L", sock,
                                 "capture-pane", "-p", check=False).stdout
                if "eve on %s" % SERVER_ADDR in screen and \
                        "eve joined #lobby" in screen:
                    break
                time.sleep(0.2)
            self.assertIn("eve on %s" % SERVER_ADDR, screen)
            self.assertIn("eve joined #lobby", screen)
        finally:
            self.ns(self.ns_client, "tmux", "-L", sock, "kill-server",
                    check=False)
            shutil.rmtree(home, ignore_errors=True)
        self.stop(server)

    def wait_link_local(self, ns):
        """Wait (bounded) until the IPv6 link-local addresses of ns are
        past duplicate address detection."""
        deadline = time.monotonic() + 8
        while time.monotonic() < deadline:
            out = self.ns(ns, "ip", "-6", "addr", "show", "tentative").stdout
            if "inet6" not in out:
                return
            time.sleep(0.1)
        self.fail("IPv6 addresses of %s still tentative" % ns)

    def test_ipv6_link_local(self):
        # No IPv4 on the client side: only ff02::1 can find the server.
        self.ns(self.ns_client, "ip", "addr", "flush", "dev",
                self.veth_client, "scope", "global")
        self.wait_link_local(self.ns_server)
        self.wait_link_local(self.ns_client)
        server = self.start_natterd()
        self.connect_user("dee", host="127.0.0.1", ns=self.ns_server)
        status, lines, err = self.discover()
        self.assertEqual(status, 0, err)
        self.assertEqual(len(lines), 1, lines)
        self.assertTrue(lines[0][0].startswith("fe80:"), lines)
        self.assertTrue(lines[0][0].endswith("%" + self.veth_client), lines)
        self.assertEqual(lines[0][1:], [str(PORT), lines[0][2], "users=1",
                                        "rooms=1"])
        self.stop(server)

    def test_flood_is_rate_limited(self):
        server = self.start_natterd()
        r = self.ns(self.ns_client, sys.executable, "-c", FLOOD_SCRIPT,
                    SERVER_ADDR, str(PORT), "100")
        answers = int(r.stdout.strip())
        # At most 3 a second; a burst may straddle one second boundary.
        self.assertGreaterEqual(answers, 1)
        self.assertLessEqual(answers, 6)
        # A short probe ("NATTER? 1\n", 10 bytes) is too small for an
        # answer three times its size: no answer at all.
        r = self.ns(self.ns_client, sys.executable, "-c", FLOOD_SCRIPT,
                    SERVER_ADDR, str(PORT), "1", "NATTER? 1")
        self.assertEqual(r.stdout.strip(), "0")
        self.stop(server)


if __name__ == "__main__":
    if not os.access(natterd_path(), os.X_OK):
        sys.stderr.write("natterd binary not found: %s\n" % natterd_path())
        sys.exit(99)
    if not os.access(natter_path(), os.X_OK):
        sys.stderr.write("natter binary not found: %s\n" % natter_path())
        sys.exit(99)
    if not can_make_namespaces():
        print("SKIP: cannot create network namespaces (needs root and ip)")
        sys.exit(77)
    unittest.main(verbosity=2)
