"""natter and a room's history, in tmux against a scripted server with
IRCv3 server-time, batch and draft/chathistory (history_ircd.py): a
replayed line of another day shows its date and a day-change line comes
before it; after a lost connection natter asks only for what it missed
(CHATHISTORY AFTER the last msgid it saw) and shows each missed line
once, marked.

Skips (exit 77) when tmux is not installed.
"""

import time
import unittest

import test_natter_ui as ui
from test_natter_ui import NICK, CONNECT_TIMEOUT, NatterTmux
import history_ircd
from history_ircd import ROOM, HistoryIrcd


class History(NatterTmux):
    start_natterd = False
    chathistory = True

    def setUp(self):
        super().setUp()
        self.fake = HistoryIrcd(chathistory=self.chathistory)
        self.addCleanup(self.fake.close)
        self.port = self.fake.port

    def online(self, joins):
        self.fake.accept(CONNECT_TIMEOUT)
        self.assertTrue(self.fake.wait_for(lambda: self.fake.joins >= joins,
                                           CONNECT_TIMEOUT),
                        "natter did not join: %s" % self.fake.heard)

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


if __name__ == "__main__":
    ui.require_natter()
    unittest.main(verbosity=2)
