"""natter and a room's history, in tmux against a scripted server with
IRCv3 server-time, batch and draft/chathistory (history_ircd.py): a
replayed line of another day shows its date and a day-change line comes
before it; after a lost connection natter asks only for what it missed
(CHATHISTORY AFTER the last msgid it saw) and shows each missed line
once, marked.

Skips (exit 77) when tmux is not installed.
"""

import socket
import threading
import time
import unittest

import test_natter_ui as ui
from natterd_harness import offered_caps
from test_natter_ui import NICK, CONNECT_TIMEOUT, NatterTmux
import history_ircd
from history_ircd import ROOM, HistoryIrcd


class HistoryBase(NatterTmux):
    """The scripted server and the helpers, without tests."""
    start_natterd = False
    chathistory = True
    autoreplay = True

    def setUp(self):
        super().setUp()
        self.fake = HistoryIrcd(chathistory=self.chathistory,
                                autoreplay=self.autoreplay)
        self.addCleanup(self.fake.close)
        self.port = self.fake.port

    def online(self, joins):
        self.fake.accept(CONNECT_TIMEOUT)
        self.assertTrue(self.fake.wait_for(lambda: self.fake.joins >= joins,
                                           CONNECT_TIMEOUT),
                        "natter did not join: %s" % self.fake.heard)

    def reconnect_with_gap(self, missed):
        """natter sees two lines, loses the connection, the room says
        missed lines meanwhile, natter comes back."""
        self.fake.said("alice", "seen before the cut", when=time.time() - 30,
                       live=False)
        self.start_natter()
        self.online(1)
        self.wait_text("<alice> seen before the cut")
        self.fake.said("alice", "seen live")
        self.wait_text("<alice> seen live")
        self.fake.drop()
        self.wait_text("Disconnected")
        for i in range(missed):
            self.fake.said("bob", "missed line %02d" % i)
        self.online(2)


class History(HistoryBase):
    def test_other_days_show_their_date(self):
        old = time.time() - 3 * 86400
        self.fake.said("alice", "three days ago", when=old, live=False)
        self.fake.said("alice", "a minute ago", when=time.time() - 60,
                       live=False)
        self.start_natter()
        self.online(1)
        day = time.strftime("%Y-%m-%d", time.localtime(old))
        screen = self.wait_text("<alice> a minute ago")
        self.assertRegex(screen, r"\[%s \d\d:\d\d\] <alice> three days ago"
                         % day)
        # The day of the old line in words, and today's before the new.
        self.assertIn("-- " + time.strftime("%A", time.localtime(old)),
                      screen)
        self.assertIn("-- " + time.strftime("%A"), screen)
        row = [l for l in screen.split("\n") if "a minute ago" in l][0]
        self.assertRegex(row, r"^\[\d\d:\d\d\] <alice>")

    def test_gapless_reconnect(self):
        self.reconnect_with_gap(12)
        screen = self.wait_text("End of 12 missed lines")
        self.assertIn("Missed while you were away:", screen)
        for i in range(12):
            self.assertEqual(screen.count("<bob> missed line %02d" % i), 1,
                             screen)
        self.assertEqual(screen.count("seen live"), 1, screen)
        self.assertEqual(screen.count("seen before the cut"), 1, screen)
        # At the first join, with nothing seen, the latest lines (a server
        # with the capability need not replay on JOIN); after the cut, what
        # came after the last line it saw.
        asked = [l for l in self.fake.heard if l.startswith("CHATHISTORY")]
        # The first join asked for the room's latest lines (the server's
        # own replay before the answer is left out); the rejoin for what
        # came after the last line seen.
        self.assertEqual(asked, ["CHATHISTORY LATEST %s * 50" % ROOM,
                                 "CHATHISTORY AFTER %s msgid=m0002 50" %
                                 ROOM])
        # In order: the missed lines after the live one.
        self.assertLess(screen.index("seen live"),
                        screen.index("missed line 00"))
        self.assertLess(screen.index("missed line 00"),
                        screen.index("missed line 11"))
        self.fake.said("alice", "live again")
        self.wait_text("<alice> live again")


class HistoryAskedFor(History):
    """A server that replays nothing by itself to a client with
    draft/chathistory, as natterd: the first join asks for the latest
    lines, and everything above holds the same."""
    autoreplay = False


class HistoryWithoutChathistory(HistoryBase):
    """A server that replays its last lines on every join and knows no
    chathistory: what natter shows already is not shown again."""
    chathistory = False

    def test_gapless_reconnect(self):
        self.reconnect_with_gap(3)
        screen = self.wait_text("<bob> missed line 02")
        for i in range(3):
            self.assertEqual(screen.count("missed line %02d" % i), 1, screen)
        self.assertEqual(screen.count("seen live"), 1, screen)
        self.assertEqual(screen.count("seen before the cut"), 1, screen)
        self.assertNotIn("CHATHISTORY", " ".join(self.fake.heard))


class Cutter:
    """A loopback TCP relay in front of natterd whose connections the test
    can cut, as a lost connection, while natterd goes on."""

    def __init__(self, port):
        self.target = port
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(4)
        self.port = self.listener.getsockname()[1]
        self.pairs = []
        self.lock = threading.Lock()
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self):
        while True:
            try:
                a, _ = self.listener.accept()
            except OSError:
                return
            b = socket.create_connection(("127.0.0.1", self.target))
            with self.lock:
                self.pairs.append((a, b))
            for x, y in ((a, b), (b, a)):
                threading.Thread(target=self.pipe, args=(x, y),
                                 daemon=True).start()

    @staticmethod
    def pipe(src, dst):
        try:
            while True:
                data = src.recv(65536)
                if not data:
                    break
                dst.sendall(data)
        except OSError:
            pass
        for s in (src, dst):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def cut(self):
        with self.lock:
            pairs, self.pairs = self.pairs, []
        for a, b in pairs:
            for s in (a, b):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                s.close()

    def close(self):
        self.cut()
        self.listener.close()


class GaplessNatterd(NatterTmux):
    """natter against a real natterd that offers draft/chathistory, behind
    a relay that can cut natter's connection while the room goes on.
    Skipped while natterd does not offer the capability."""

    def test_gapless_against_natterd(self):
        if "draft/chathistory" not in offered_caps(self.server):
            self.skipTest("natterd does not offer draft/chathistory")
        relay = Cutter(self.port)
        self.addCleanup(relay.close)
        alice = self.peer()
        alice.privmsg(ui.ROOM, "said before natter came")
        self.natter_joined(alice, port=relay.port)
        self.wait_text("<alice> said before natter came")
        alice.privmsg(ui.ROOM, "said while natter was there")
        self.wait_text("<alice> said while natter was there")
        relay.cut()
        alice.expect(lambda m: m.command == "QUIT" and m.nick == NICK,
                     timeout=CONNECT_TIMEOUT)
        for i in range(4):
            alice.privmsg(ui.ROOM, "while natter was gone %d" % i)
        alice.expect(lambda m: m.command == "JOIN" and m.nick == NICK,
                     timeout=CONNECT_TIMEOUT)
        screen = self.wait_text("End of 4 missed lines", CONNECT_TIMEOUT)
        self.assertIn("Missed while you were away:", screen)
        for i in range(4):
            self.assertEqual(screen.count("while natter was gone %d" % i),
                             1, screen)
        self.assertEqual(screen.count("said before natter came"), 1, screen)
        self.assertEqual(screen.count("said while natter was there"), 1,
                         screen)


if __name__ == "__main__":
    ui.require_natter()
    unittest.main(verbosity=2)
