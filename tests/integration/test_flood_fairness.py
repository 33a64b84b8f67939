"""A flood must never SendQ the innocent (issue 13, item 1).

Ten members of #chat read everything sent to them while one or a few
connections do what they can within natterd's limits: stream telnet
negotiations at the plain door, ask for NAMES and LIST over and over
without reading the answers, burst JOIN/PART of twenty rooms, or join a
room whose history is bigger than the ring.  A talker numbers a line to
#chat every few milliseconds throughout, and somebody joins #chat in the
middle of it.  Every member must stay connected and get every numbered
line, the JOIN and the closing line, in order: whatever one client does,
what the others have not had a fair chance to take is not evicted.

Every stream is bounded in bytes and seconds.
"""

import re
import selectors
import socket
import threading
import time

from natterd_harness import NatterdTestCase, main, slowdown

MEMBERS = 10
ROOM = "#chat"
SEQ = re.compile(rb" PRIVMSG #chat :seq (\d+)\r\n")


class Members:
    """MEMBERS clients in ROOM, read by one thread until stopped."""

    def __init__(self, test, drained=()):
        self.test = test
        self.drained = list(drained)
        # Long nicks: long NAMES replies.
        self.clients = test.in_room(ROOM, *["m%d_%s" % (i, "x" * 26)
                                            for i in range(MEMBERS)])
        self.data = {c: bytearray() for c in self.clients}
        self.closed = set()
        self.stop = threading.Event()
        self.lock = threading.Lock()
        for c in self.clients:
            c.sock.setblocking(False)
            # What the harness buffered already stays counted.
            self.data[c] += c.buf
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()
        test.addCleanup(self.halt)

    def _run(self):
        sel = selectors.DefaultSelector()
        for c in self.clients:
            sel.register(c.sock, selectors.EVENT_READ, c)
        for c in self.drained:
            sel.register(c.sock, selectors.EVENT_READ, None)
        while not self.stop.is_set():
            for key, _ in sel.select(0.05):
                c = key.data
                try:
                    got = key.fileobj.recv(1 << 20)
                except BlockingIOError:
                    continue
                except OSError:
                    got = b""
                if c is None:
                    # The talker's socket: read, not checked.
                    if not got:
                        sel.unregister(key.fileobj)
                    continue
                with self.lock:
                    if not got:
                        self.closed.add(c)
                        sel.unregister(c.sock)
                    else:
                        self.data[c] += got
        sel.close()

    def halt(self):
        self.stop.set()
        self.thread.join(5)

    def wait_for(self, marker, timeout):
        """Wait until every member got marker (bytes)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if self.closed or all(marker in d for d in
                                      self.data.values()):
                    break
            time.sleep(0.05)

    def check(self, sent, extra=()):
        """Every member is still there and got seq 0..sent-1 in order, each
        of extra, and no ERROR."""
        with self.lock:
            for c in self.clients:
                data = bytes(self.data[c])
                self.test.assertNotIn(c, self.closed, "%r was disconnected: "
                                      "%r" % (c, data[-300:]))
                self.test.assertNotIn(b"ERROR", data, "%r" % c)
                seqs = [int(n) for n in SEQ.findall(data)]
                self.test.assertEqual(seqs, list(range(sent)),
                                      "%r lost lines" % c)
                for want in extra:
                    self.test.assertIn(want, data, "%r" % c)


    def count(self, what, n):
        """Every member got what n times."""
        with self.lock:
            for c in self.clients:
                self.test.assertEqual(self.data[c].count(what), n,
                                      "%r: %r" % (c, what))


    def same_count(self, what):
        """Every member got what as often as the others, at least once."""
        with self.lock:
            counts = [self.data[c].count(what) for c in self.clients]
        self.test.assertEqual(len(set(counts)), 1, "%r: %r" % (what, counts))
        self.test.assertGreater(counts[0], 0, what)


class Talker:
    """Numbers a line to ROOM every PACE seconds until stopped."""

    # Now and then: lazy wake-ups wait between its lines.
    PACE = 0.3

    def __init__(self, test):
        self.client = test.registered("talker")
        self.client.join(ROOM)
        self.sent = 0
        self.broken = None
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        test.addCleanup(self.halt)

    def _run(self):
        # Bounded: at most 2000 lines (40 s).
        while not self.stop.is_set() and self.sent < 2000:
            try:
                self.client.privmsg(ROOM, "seq %d" % self.sent)
            except OSError as e:
                self.broken = e
                return
            self.sent += 1
            time.sleep(self.PACE)

    def halt(self):
        self.stop.set()
        if self.thread.is_alive():
            self.thread.join(5)

    def finish(self):
        """Stop numbering, send the closing line; return how many went."""
        self.halt()
        self.client.privmsg(ROOM, "the end")
        return self.sent


def stream(sock, chunk, seconds, limit):
    """Send chunk over and over for up to seconds and limit bytes, however
    slowly natterd takes it; return the bytes sent."""
    sock.settimeout(0.1)
    deadline = time.monotonic() + seconds
    sent = 0
    while time.monotonic() < deadline and sent < limit:
        try:
            sent += sock.send(chunk)
        except socket.timeout:
            continue
        except OSError:
            break
    return sent


def send_all_within(socks, data, seconds):
    """send_within on every socket at once, one thread each."""
    threads = [threading.Thread(target=send_within, args=(s, data, seconds))
               for s in socks]
    for t in threads:
        t.start()
    for t in threads:
        t.join(seconds + 5)


def send_within(sock, data, seconds):
    """Send data, giving up after seconds (natterd may stop reading)."""
    sock.settimeout(0.1)
    deadline = time.monotonic() + seconds
    view = memoryview(data)
    while view and time.monotonic() < deadline:
        try:
            view = view[sock.send(view):]
        except socket.timeout:
            continue
        except OSError:
            break


class Attacked(NatterdTestCase):
    """What every test here does: members, a talker, an attack."""

    def run_attack(self, attack, seconds):
        """Members and a talker in ROOM; attack() runs while the talker
        talks, and a newcomer joins halfway; then everybody checks."""
        talker = Talker(self)
        members = self.members = Members(self, [talker.client])
        talker.thread.start()
        attacker = threading.Thread(target=attack, daemon=True)
        attacker.start()
        # A newcomer joins and leaves again and again meanwhile: joins
        # and parts wait for the members' writers (lazily).
        newcomer = self.registered("newcomer")
        joins = 0
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            time.sleep(0.25)
            newcomer.send_line("JOIN " + ROOM)
            newcomer.send_line("PART " + ROOM)
            joins += 1
        attacker.join(seconds + 30)
        self.assertFalse(attacker.is_alive())
        self.assertIsNone(talker.broken, "the talker was disconnected")
        sent = talker.finish()
        members.wait_for(b"the end", 20 * slowdown())
        members.check(sent, (b"the end",))
        members.count(b":newcomer!user@127.0.0.1 JOIN ", joins)
        self.assertGreater(sent, 5)


class TelnetFairness(Attacked):
    """IAC WILL ECHO without end at the plain door (--plain-wait short)."""

    server_args = ("--plain-wait", "300")
    password = None

    def test_telnet_answers(self):
        def attack():
            c = self.connect()
            # Silent past --plain-wait: a person at telnet, greeted.
            time.sleep(0.6)
            self.streamed = stream(c.sock, b"\xff\xfb\x01" * 20000, 4,
                                   1 << 31)
        self.run_attack(attack, 4)


class TelnetPasswordFairness(TelnetFairness):
    """The same while natterd asks for a --password."""

    server_kwargs = {"password": "sekrit"}
    password = "sekrit"

    def registered(self, nick, server=None, **kw):
        return super().registered(nick, server, password="sekrit", **kw)


class FloodFairness(Attacked):

    def test_names(self):
        """5 connections: PART, JOIN, 98 lines of NAMES of #chat x 84,
        three times, 4 s apart (within the default throttle)."""
        attackers = [self.registered("n%d" % i) for i in range(5)]
        names = "NAMES " + ",".join([ROOM] * 84) + "\r\n"
        packet = ("PART %s\r\nJOIN %s\r\n" % (ROOM, ROOM) +
                  names * 98).encode()

        def attack():
            for _ in range(3):
                started = time.monotonic()
                send_all_within([a.sock for a in attackers], packet, 2)
                time.sleep(max(0, 4.1 - (time.monotonic() - started)))
        self.run_attack(attack, 12)
        # The attackers were slowed (how far they got varies), but every
        # member saw each of their JOINs.
        for a in attackers:
            self.members.same_count(
                (":%s!user@127.0.0.1 JOIN " % a.nick).encode())

    def test_join_part_burst(self):
        """8 connections, each 100 lines of JOIN/PART of 20 rooms."""
        attackers = [self.registered("j%d" % i) for i in range(8)]
        rooms = ",".join([ROOM] + ["#r%d" % i for i in range(19)])
        packet = (("JOIN %s\r\nPART %s\r\n" % (rooms, rooms)) * 50).encode()

        def attack():
            send_all_within([a.sock for a in attackers], packet, 2)
            time.sleep(3)
        self.run_attack(attack, 4)

    def test_list(self):
        """400 rooms with long topics, then JOIN #chat and 100 x LIST."""
        topic = "t" * 380
        owners = []
        for i in range(20):
            o = self.registered("o%d" % i)
            rooms = ["#x%d_%d" % (i, j) for j in range(20)]
            o.send_line("JOIN " + ",".join(rooms))
            for r in rooms:
                o.send_line("TOPIC %s :%s %s" % (r, r, topic))
            owners.append(o)
        for o in owners:
            o.lines_until(lambda m: m.command == "TOPIC" and
                          m.params[0] == "#x%s_19" % o.nick[1:],
                          10 * slowdown())
        attacker = self.registered("lister")
        packet = ("JOIN %s\r\n" % ROOM + "LIST\r\n" * 100).encode()

        def attack():
            send_within(attacker.sock, packet, 2)
            time.sleep(3)
        self.run_attack(attack, 4)


class HistoryFairness(Attacked):
    """A replay bigger than the ring (--history 20000 of long lines)."""

    server_args = ("--history", "20000", "--flood-rate", "0")

    def test_history_replay(self):
        filler = self.registered("filler")
        filler.join(ROOM)
        text = "h" * 420
        lines = "".join("PRIVMSG %s :%d %s\r\n" % (ROOM, i, text)
                        for i in range(20000)).encode()
        filler.send_raw(lines)
        filler.send_line("PING :filled")
        filler.expect(lambda m: m.command == "PONG", 30 * slowdown())
        # Joining works, and gets the newest lines of the history.
        first = self.registered("first")
        burst = first.join(ROOM, 20 * slowdown())
        self.assertTrue(any(m.command == "JOIN" for m in burst))
        burst = first.lines_until(lambda m: m.command == "NOTICE" and
                                  "end of earlier" in (m.param(1) or ""),
                                  20 * slowdown())
        tail = [m for m in burst if m.command == "NOTICE" and
                ("19999 " + text) in (m.param(1) or "")]
        self.assertTrue(tail, "the newest history line was not replayed")
        # Only the newest 256 KiB of it.
        replayed = [m for m in burst if m.command == "NOTICE"]
        self.assertLess(len(replayed), 1000)

        def attack():
            # Joiners, one after the other, each replayed the history.
            for i in range(3):
                j = self.registered("late%d" % i)
                j.join(ROOM, 20 * slowdown())
        self.run_attack(attack, 4)


if __name__ == "__main__":
    main()
