"""natter rejoins its rooms after a lost connection, a room with a key
(+k) with that key: natter in tmux against the fake server of the client
benchmark (tests/bench/fakeircd.py), which can drop the connection at a
moment of the test's choosing, as natterd cannot.

Skips (exit 77) when tmux is not installed.
"""

import os
import sys
import unittest

import test_natter_ui as ui

sys.path.insert(0, os.path.join(os.environ.get("TOP_SRCDIR", os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "..")), "tests",
    "bench"))
import fakeircd  # noqa: E402


class Rejoin(ui.NatterTmux):
    start_natterd = False

    def setUp(self):
        super().setUp()
        self.fake = fakeircd.FakeIrcd()
        self.addCleanup(self.fake.close)
        self.port = self.fake.port

    def online(self):
        """Wait for natter to connect and register."""
        self.fake.accept(ui.CONNECT_TIMEOUT)
        self.assertTrue(self.fake.wait_for(lambda: self.fake.registered,
                                           ui.CONNECT_TIMEOUT),
                        "natter did not register: %s" % self.fake.received)

    def joins_after(self, n):
        """The JOINs natter sent after the first n (waits for one)."""
        self.assertTrue(self.fake.wait_for(lambda: len(self.fake.joins) > n,
                                           ui.STEP_TIMEOUT),
                        "no JOIN; screen:\n" + self.screen())
        return self.fake.joins[n:]

    def test_rejoin_with_key(self):
        self.start_natter("-j", "#plain")
        self.online()
        self.assertEqual(self.joins_after(0), [["#plain"]])
        self.command("/join #secret hunter2")
        self.assertEqual(self.joins_after(1), [["#secret", "hunter2"]])
        self.wait_text("-- %s joined #secret" % ui.NICK)

        self.fake.drop()
        self.wait(lambda s: "Disconnected" in s,
                  "natter did not notice the lost connection")
        self.online()
        # Both rooms again (one JOIN each, in some order): the keyed one
        # with its key.
        self.assertTrue(self.fake.wait_for(lambda: len(self.fake.joins) >= 4,
                                           ui.STEP_TIMEOUT),
                        "natter rejoined %s" % self.fake.joins[2:])
        self.assertEqual(sorted(tuple(j) for j in self.fake.joins[2:]),
                         [("#plain",), ("#secret", "hunter2")])
        self.wait_status("%s on 127.0.0.1" % ui.NICK)
        self.command("/quit")
        self.wait_text("natter-exited-0")


if __name__ == "__main__":
    ui.require_natter()
    unittest.main(verbosity=2)
