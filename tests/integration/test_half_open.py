"""Half-open connections: a peer that vanishes without a FIN (its network
link goes down, so every packet to it is lost) is dropped by the ping
timeout (IRC clients) or by TCP keepalive and TCP_USER_TIMEOUT (plain-door
users, who are not PINGed), also while natterd has data in flight or a
backlog for it, and natterd's threads for it end.

natterd runs in a network namespace, the vanishing peer in another, joined
by a veth pair (netns_pair.py); a watcher connects from natterd's own
namespace and sees the QUIT.  Skips (77) only when the machine cannot make
namespaces (not root, no ip(8)).
"""

import socket
import sys
import time

import netns_pair
from natterd_harness import Natterd, NatterdTestCase, main

INTERVAL = 2           # --ping-interval, seconds
TIMEOUT = 2            # --ping-timeout, seconds
# PING after INTERVAL, drop after TIMEOUT more; timers tick every second
# and threads need a moment.  Plain users: keepalive (INTERVAL idle, then
# probes TIMEOUT/4, at least 1, s apart) or unacknowledged data, each
# INTERVAL + TIMEOUT at the most.
IRC_BOUND = INTERVAL + TIMEOUT + 4.0
PLAIN_BOUND = INTERVAL + TIMEOUT + 4.0
# Lines of 400 bytes sent to a vanished peer: far more than its socket
# takes without ACKs, far less than the hub ring holds.
BACKLOG = 300


def thread_count(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("Threads:"):
                return int(line.split()[1])
    raise AssertionError("no Threads: line for %d" % pid)


class HalfOpen(NatterdTestCase):
    server_args = ("--ping-interval", str(INTERVAL),
                   "--ping-timeout", str(TIMEOUT),
                   "--plain-wait", "300", "--flood-rate", "0")

    def setUp(self):
        self.clients = []
        self.net = netns_pair.NetnsPair()
        self.addCleanup(self.net.close)
        server = Natterd(*self.server_args, bind=self.net.server_addr)
        # ip netns exec execs natterd: the pid is natterd's.
        argv = self.net.command(self.net.server,
                                [server.binary] + server.args)
        server.binary, server.args = argv[0], argv[1:]
        server.start()
        self.addCleanup(self._stop_server, server)
        self.server = server
        with open("/proc/%d/comm" % server.pid) as f:
            self.assertEqual(f.read().strip(), "natterd")

    def client_in(self, ns, name):
        with self.net.inside(ns):
            c = self.server.client(host=self.net.server_addr, name=name)
        self.clients.append(c)
        return c

    def watcher(self):
        w = self.client_in(self.net.server, "watcher")
        w.register("watcher")
        w.join("#a")
        return w

    def wait_for(self, watcher, pred, what, bound):
        """The first message pred accepts within bound seconds; the
        watcher answers PINGs meanwhile (its own connection is healthy)."""
        def answer_pings(m):
            if m.command == "PING":
                watcher.send_line("PONG :" + m.text)
                return False
            return pred(m)
        m = watcher.expect(answer_pings, bound)
        watcher.pending.clear()     # the PINGs skipped
        return m

    def wait_join(self, watcher, nick):
        return self.wait_for(watcher, lambda m: m.command == "JOIN" and
                             m.nick == nick, "JOIN of " + nick, 5.0)

    def wait_quit(self, watcher, nick, bound):
        return self.wait_for(watcher, lambda m: m.command == "QUIT" and
                             m.nick == nick, "QUIT of " + nick, bound)

    def wait_threads(self, want, bound=5.0):
        deadline = time.monotonic() + bound
        while thread_count(self.server.pid) > want:
            if time.monotonic() > deadline:
                self.fail("natterd keeps %d threads, want %d"
                          % (thread_count(self.server.pid), want))
            time.sleep(0.1)

    def irc_ghost(self, w):
        """An IRC client in the peer namespace, in #a with the watcher."""
        ghost = self.client_in(self.net.peer, "ghost")
        ghost.register("ghost")
        ghost.join("#a")
        self.wait_join(w, "ghost")
        return ghost

    def test_vanished_irc_client_is_dropped_by_ping_timeout(self):
        w = self.watcher()
        before = thread_count(self.server.pid)
        self.irc_ghost(w)
        self.assertEqual(thread_count(self.server.pid), before + 2)
        start = time.monotonic()
        self.net.cut_peer()
        quit_msg = self.wait_quit(w, "ghost", IRC_BOUND)
        print("IRC peer dropped %.1f s after it vanished: %s"
              % (time.monotonic() - start, quit_msg.text))
        self.assertIn("Ping timeout", quit_msg.text)
        self.wait_threads(before)
        # natterd is still fine for everybody else.
        w.send_line("PING :still-here")
        self.wait_for(w, lambda m: m.command == "PONG" and
                      m.text == "still-here", "PONG", 5.0)

    def test_vanished_client_with_a_backlog_is_dropped(self):
        # natterd has far more for the vanished peer than its socket can
        # send without ACKs: its writer must not hang on it.
        w = self.watcher()
        before = thread_count(self.server.pid)
        self.irc_ghost(w)
        self.net.cut_peer()
        start = time.monotonic()
        pad = "y" * 400
        for i in range(0, BACKLOG, 100):
            w.send_raw("".join("PRIVMSG #a :%d %s\r\n" % (j, pad)
                               for j in range(i, i + 100)))
        quit_msg = self.wait_quit(w, "ghost", IRC_BOUND + 5)
        print("busy IRC peer dropped %.1f s after it vanished: %s"
              % (time.monotonic() - start, quit_msg.text))
        self.assertTrue("Ping timeout" in quit_msg.text or
                        "SendQ" in quit_msg.text or
                        "Write error" in quit_msg.text, quit_msg)
        self.wait_threads(before, 20)
        print("its threads were gone %.1f s after it vanished"
              % (time.monotonic() - start))

    def plain_ghost(self, w):
        """A plain-door user in #lobby (with the watcher), who has read
        everything natterd sent it."""
        w.join("#lobby")            # where the door puts people
        ghost = self.client_in(self.net.peer, "plain ghost")
        # Silent: the door greets a person and asks for a nickname.
        ghost.read_raw_line(5)
        ghost.send_raw(b"ghost\r\n")
        self.wait_join(w, "ghost")
        for _ in range(100):        # until natterd has nothing more for it
            try:
                ghost.read_raw_line(0.5)
            except socket.timeout:
                break
        return ghost

    def test_vanished_quiet_plain_user_is_dropped_by_keepalive(self):
        w = self.watcher()
        before = thread_count(self.server.pid)
        self.plain_ghost(w)
        start = time.monotonic()
        self.net.cut_peer()
        quit_msg = self.wait_quit(w, "ghost", PLAIN_BOUND)
        print("quiet plain peer dropped %.1f s after it vanished: %s"
              % (time.monotonic() - start, quit_msg.text))
        self.wait_threads(before)

    def test_vanished_plain_user_with_data_in_flight_is_dropped(self):
        # Unacknowledged data stops keepalive; retransmissions alone would
        # keep the peer for about fifteen minutes.
        w = self.watcher()
        before = thread_count(self.server.pid)
        self.plain_ghost(w)
        start = time.monotonic()
        self.net.cut_peer()
        w.privmsg("#lobby", "are you there?")
        quit_msg = self.wait_quit(w, "ghost", PLAIN_BOUND)
        print("plain peer with data in flight dropped %.1f s after it "
              "vanished: %s" % (time.monotonic() - start, quit_msg.text))
        self.wait_threads(before)


if __name__ == "__main__":
    if not netns_pair.available():
        print("test_half_open: skipped (needs root and ip(8) for "
              "network namespaces)")
        sys.exit(77)
    main()
