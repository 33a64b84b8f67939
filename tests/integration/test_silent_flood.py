"""10 000 connections that connect and say nothing: natterd takes what its
limits allow (--max-per-ip from one address, --max-clients in all), greets
those as plain-door users, refuses every other one with a clean ERROR, and
its threads and memory stay bounded by the limit, not by the flood; when
they go, its threads go too.  Without the door, silent connections are
closed by the registration timeout and their places come free.

The connections come from many loopback addresses (127.0.0.0/8 is all
local), as from many hosts of a LAN.  Runs in about 15 s.
"""

import resource
import selectors
import socket
import time

from natterd_harness import NatterdTestCase, main, natterd_path

TOTAL = 10000          # silent connections
FROM_ONE = 2000        # of them from 127.0.0.1, the rest spread out
MAX_CLIENTS = 200
PER_IP = 16
TIMEOUT = 2            # --ping-timeout without the door
BOUND = 30.0           # for the whole flood to be sorted out


def proc_status(pid, key):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    raise AssertionError("no %s in /proc/%d/status" % (key, pid))


def sanitized():
    """Whether natterd is built with a sanitizer (its shadow memory and
    bigger thread stacks cost far more RSS a client)."""
    with open(natterd_path(), "rb") as f:
        binary = f.read()
    return b"__asan_init" in binary or b"__tsan_init" in binary


# RSS a silent client may cost: about 30 kB measured in a plain build,
# 650 kB with ASan, 2300 kB with TSan.
CLIENT_KB = 4096 if sanitized() else 128


def idle_threads(pid):
    """natterd's threads once its own (accept, discovery) have started:
    the count, stable for three looks 0.1 s apart (at most 2 s)."""
    seen = []
    for _ in range(20):
        seen.append(proc_status(pid, "Threads"))
        if len(seen) >= 3 and seen[-1] == seen[-2] == seen[-3]:
            break
        time.sleep(0.1)
    return seen[-1]


def wait_threads(test, want, bound=10.0):
    """Wait until natterd has no more than want threads."""
    pid = test.server.pid
    deadline = time.monotonic() + bound
    while proc_status(pid, "Threads") > want:
        test.assertLess(time.monotonic(), deadline, "natterd keeps %d "
                        "threads, want %d" % (proc_status(pid, "Threads"),
                                              want))
        time.sleep(0.1)


def raise_nofile(want):
    """Let this process hold want descriptors (natterd inherits it)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < want:
        new = want if hard == resource.RLIM_INFINITY else min(want, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (new, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def source_addresses(n):
    """n loopback addresses other than 127.0.0.1: 127.2.x.y."""
    return ["127.2.%d.%d" % (i // 250, 1 + i % 250) for i in range(n)]


class Silent:
    """Silent connections and what natterd said to each."""

    def __init__(self, port):
        self.port = port
        self.socks = []
        self.got = {}            # sock -> bytes received
        self.closed = set()      # sock whose peer closed
        self.sel = selectors.DefaultSelector()

    def open(self, src):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.bind((src, 0))
        # A full accept queue drops SYNs, retried after 1 s, then 3 s.
        s.settimeout(10)
        s.connect(("127.0.0.1", self.port))
        s.setblocking(False)
        self.socks.append(s)
        self.got[s] = b""
        self.sel.register(s, selectors.EVENT_READ)
        return s

    def poll(self, timeout):
        """Read what has come, for up to timeout seconds."""
        for key, _ in self.sel.select(timeout):
            s = key.fileobj
            try:
                data = s.recv(65536)
            except (BlockingIOError, InterruptedError):
                continue
            except OSError:
                data = b""
            if data:
                self.got[s] += data
            else:
                self.closed.add(s)
                self.sel.unregister(s)

    def refused(self, s):
        return s in self.closed and self.got[s].startswith(
            b"ERROR :Closing link")

    def greeted(self, s):
        return s not in self.closed and len(self.got[s]) > 0 and \
            not self.got[s].startswith(b"ERROR")

    def close(self):
        for s in self.socks:
            try:
                self.sel.unregister(s)
            except (KeyError, ValueError):
                pass
            s.close()
        self.sel.close()
        self.socks = []


class SilentFlood(NatterdTestCase):
    server_args = ("--max-clients", str(MAX_CLIENTS),
                   "--max-per-ip", str(PER_IP), "--plain-wait", "200")

    def setUp(self):
        have = raise_nofile(TOTAL + 200)
        if have < TOTAL + 200:
            self.skipTest("RLIMIT_NOFILE is %d here" % have)
        super().setUp()
        self.silent = Silent(self.server.port)
        self.addCleanup(self.silent.close)

    def sample(self, peak):
        pid = self.server.pid
        peak["threads"] = max(peak["threads"], proc_status(pid, "Threads"))
        peak["rss"] = max(peak["rss"], proc_status(pid, "VmRSS"))

    def test_ten_thousand_silent_connections(self):
        pid = self.server.pid
        base_threads = idle_threads(pid)
        base_rss = proc_status(pid, "VmRSS")
        start = time.monotonic()
        sil = self.silent
        peak = {"threads": base_threads, "rss": base_rss}

        # From one address: PER_IP get in, the rest are refused.
        one = [sil.open("127.0.0.1") for _ in range(FROM_ONE)]
        sil.poll(0)
        self.sample(peak)
        rss_one = proc_status(pid, "VmRSS")
        # From many: the server fills up, then refuses.
        spread = source_addresses((TOTAL - FROM_ONE) // PER_IP)
        many = []
        for i in range(TOTAL - FROM_ONE):
            many.append(sil.open(spread[i % len(spread)]))
            if i % 500 == 0:
                sil.poll(0)
                self.sample(peak)
        # Everyone is told something: a greeting or an ERROR.
        deadline = start + BOUND
        while time.monotonic() < deadline:
            sil.poll(0.2)
            self.sample(peak)
            if all(sil.refused(s) or sil.greeted(s) for s in sil.socks):
                break
        opened = time.monotonic() - start
        unsorted = [s for s in sil.socks
                    if not (sil.refused(s) or sil.greeted(s))]
        self.assertFalse(unsorted, "%d connections heard nothing"
                         % len(unsorted))

        greeted_one = [s for s in one if sil.greeted(s)]
        greeted_many = [s for s in many if sil.greeted(s)]
        self.assertEqual(len(greeted_one), PER_IP)
        self.assertEqual(len(greeted_one) + len(greeted_many), MAX_CLIENTS)
        for s in one:
            if sil.refused(s):
                self.assertIn(b"Too many connections from your address",
                              sil.got[s])
        for s in many:
            if sil.refused(s):
                self.assertIn(b"Server is full", sil.got[s])
        self.assertIn(b"nickname", sil.got[greeted_many[0]].lower())

        # Bounded by the limit: two threads a client, and memory for
        # MAX_CLIENTS clients; the refused thousands cost nothing lasting.
        rss_full = proc_status(pid, "VmRSS")
        print("%d silent connections sorted out in %.1f s: %d greeted, "
              "%d refused; natterd threads %d -> peak %d, RSS %d -> %d kB "
              "(peak %d kB; %d kB with %d clients)"
              % (TOTAL, opened, MAX_CLIENTS, TOTAL - MAX_CLIENTS,
                 base_threads, peak["threads"], base_rss, rss_full,
                 peak["rss"], rss_one, PER_IP))
        self.assertLessEqual(peak["threads"], base_threads + 2 * MAX_CLIENTS)
        per_client = (rss_full - base_rss) / MAX_CLIENTS
        self.assertLess(per_client, CLIENT_KB,
                        "%.0f kB of RSS a silent client" % per_client)

        # Full: a newcomer is refused cleanly, natterd stays up.
        late = self.connect()
        msgs = late.read_until_closed(5)
        self.assertEqual(msgs[-1].command, "ERROR", msgs)
        self.assertIn("Server is full", msgs[-1].text)

        # They leave: threads go back down and the server is usable.
        sil.close()
        wait_threads(self, base_threads)
        c = self.registered("after")
        c.join("#lobby")
        c.send_line("PING :alive")
        self.assertEqual(c.expect("PONG").text, "alive")


class SilentWithoutDoor(NatterdTestCase):
    server_args = ("--max-clients", str(MAX_CLIENTS),
                   "--max-per-ip", str(PER_IP), "--plain-wait", "0",
                   "--ping-interval", str(TIMEOUT),
                   "--ping-timeout", str(TIMEOUT))

    def setUp(self):
        raise_nofile(2 * MAX_CLIENTS + 200)
        super().setUp()
        self.silent = Silent(self.server.port)
        self.addCleanup(self.silent.close)

    def test_silent_connections_time_out_and_make_room(self):
        pid = self.server.pid
        base_threads = idle_threads(pid)
        sil = self.silent
        spread = source_addresses(MAX_CLIENTS // PER_IP + 1)
        first = [sil.open(spread[i % len(spread)])
                 for i in range(MAX_CLIENTS)]
        start = time.monotonic()
        # Nobody is greeted; each is closed by the registration timeout.
        deadline = start + TIMEOUT + 6
        while time.monotonic() < deadline and \
                not all(s in sil.closed for s in first):
            sil.poll(0.2)
        took = time.monotonic() - start
        still = [s for s in first if s not in sil.closed]
        self.assertFalse(still, "%d silent connections still open after "
                         "%.1f s" % (len(still), took))
        for s in first:
            self.assertIn(b"Registration timed out", sil.got[s])
        self.assertGreaterEqual(took, TIMEOUT - 0.5, "closed too early")
        print("%d silent connections closed by the registration timeout "
              "in %.1f s" % (MAX_CLIENTS, took))
        wait_threads(self, base_threads)
        # Their places are free again.
        c = self.registered("next")
        c.send_line("PING :room")
        self.assertEqual(c.expect("PONG").text, "room")



if __name__ == "__main__":
    main()
