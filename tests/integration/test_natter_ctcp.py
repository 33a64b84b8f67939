"""natter under a CTCP flood, in tmux against a real natterd: it answers
CTCP requests sparingly (per sender and in all), never those sent to a
room, so a flooder who stays inside natterd's throttle cannot get natter
disconnected for Excess Flood, and the user's own lines still go out.

natterd runs with a low --flood-rate and --flood-excess so that what
takes 31 s at the defaults (21.5 lines/s of four VERSION requests each)
takes a few seconds here.  Skips (77) without tmux.
"""

import time

from natterd_harness import main
from test_natter_ui import NICK, ROOM, CONNECT_TIMEOUT, NatterTmux

# natterd's throttle here: 5 lines/s, disconnected after 2 s over it.
RATE = 5
EXCESS = 2
# The flooder stays inside that throttle: 4 lines a second.
FLOOD_RATE = 4.0
# How long it floods: well past the time the old natter was dropped in
# (about 5 s with these settings).
FLOOD_SECONDS = 9.0


class NatterCtcpFlood(NatterTmux):
    server_args = ("--flood-rate", str(RATE), "--flood-excess", str(EXCESS))

    def flood(self, flooder, target, text, watcher):
        """Send PRIVMSG target :text at FLOOD_RATE for FLOOD_SECONDS; fail
        as soon as watcher sees natter quit.  Returns the lines sent."""
        start = time.monotonic()
        sent = 0
        while time.monotonic() - start < FLOOD_SECONDS:
            due = start + sent / FLOOD_RATE
            now = time.monotonic()
            if due > now:
                time.sleep(due - now)
            flooder.send("PRIVMSG %s :%s" % (target, text))
            sent += 1
            if sent % int(FLOOD_RATE) == 0:
                self.assert_connected(watcher, start)
        self.assert_connected(watcher, start)
        return sent

    def assert_connected(self, watcher, start):
        """Fail if watcher has seen natter quit."""
        for m in watcher.drain(timeout=5):
                self.assertFalse(m.command == "QUIT" and m.nick == NICK,
                                 "natter was disconnected after %.1f s: %s"
                                 % (time.monotonic() - start, m))

    def replies(self, flooder):
        """The CTCP replies natter sent the flooder so far."""
        return [m for m in flooder.drain(timeout=5)
                if m.command == "NOTICE" and m.nick == NICK and
                m.params[-1].startswith("\x01")]

    def still_there(self, alice):
        """natter is still connected: a line typed reaches alice."""
        self.command("still here after the flood")
        alice.expect(lambda m: m.command == "PRIVMSG" and m.nick == NICK and
                     m.params[-1] == "still here after the flood",
                     timeout=CONNECT_TIMEOUT)
        self.assertNotIn("Excess Flood", self.screen())

    def test_private_version_flood(self):
        alice = self.peer()
        self.natter_joined(alice)
        flooder = self.peer("flooder")
        alice.drain()
        target = ",".join([NICK] * 4)
        sent = self.flood(flooder, target, "\x01VERSION\x01", alice)
        replies = self.replies(flooder)
        # Some are answered (a person asking once gets an answer), but
        # nowhere near one per request.
        self.assertGreaterEqual(len(replies), 1)
        self.assertLessEqual(len(replies), 6, replies)
        self.assertGreater(sent * 4, 120)
        self.still_there(alice)

    def test_room_version_flood(self):
        alice = self.peer()
        self.natter_joined(alice)
        flooder = self.peer("flooder")
        alice.drain()
        self.flood(flooder, ROOM, "\x01VERSION\x01", alice)
        # A CTCP request to a room is not answered at all.
        self.assertEqual(self.replies(flooder), [])
        # A /me (ACTION) to the room is still shown.
        flooder.privmsg(ROOM, "\x01ACTION waves\x01")
        self.wait_text("* flooder waves")
        self.still_there(alice)


if __name__ == "__main__":
    main()
