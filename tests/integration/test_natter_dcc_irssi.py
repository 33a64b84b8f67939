"""natter and irssi send each other files through a real natterd on
loopback, both in tmux: natter's /send taken with irssi's /dcc get (irssi
ignores natter's DCC SHA256), irssi's /dcc send taken with natter's /get
(no hash to check: it completes as usual), and irssi resuming a file
natter sent it in part.

Skips (77) without tmux or irssi.
"""

import os
import re
import shutil
import sys
import time
import unittest

from natterd_harness import natterd_path
from test_natter_ui import CONNECT_TIMEOUT, require_natter
from test_irssi import IRSSI, IRSSI_CONFIG, IRSSI_NICK
from dcc_peer import TRANSFER_TIMEOUT, DccTmux
from test_natter_dcc import data_of

ALICE = "alice"


class NatterIrssi(DccTmux):

    def setUp(self):
        if not IRSSI:
            self.skipTest("irssi is not installed")
        super().setUp()
        self.irssi_home = os.path.join(self.home, "irssi-home")
        os.makedirs(os.path.join(self.irssi_home, ".irssi"))
        with open(os.path.join(self.irssi_home, ".irssi", "config"),
                  "w") as f:
            f.write(IRSSI_CONFIG)

    def start_irssi(self):
        cmd = ("cd '%s'; HOME='%s' TERM=screen %s --home='%s/.irssi' "
               "-c 127.0.0.1 -p %d -n %s; sleep 60" % (
                   self.irssi_home, self.irssi_home, IRSSI, self.irssi_home,
                   self.port, IRSSI_NICK))
        self.tmux("new-session", "-d", "-s", "irssi", "-x", "200", "-y", "50",
                  cmd)
        self.wait_on("irssi", "Welcome to the", CONNECT_TIMEOUT)

    def both(self):
        watcher = self.peer("watcher")
        self.joined(watcher, "a", ALICE)
        self.start_irssi()
        return watcher

    def test_natter_to_irssi(self):
        self.both()
        data = data_of(2 * 1000 * 1000 + 3)
        path = os.path.join(self.home, ALICE, "natter.bin")
        with open(path, "wb") as f:
            f.write(data)
        self.type_in("a", "/send %s %s" % (IRSSI_NICK, path))
        self.wait_on("irssi", "DCC SEND from %s" % ALICE)
        self.type_in("irssi", "/dcc get %s" % ALICE)
        self.wait_on("a", "Sent natter.bin to %s" % IRSSI_NICK,
                     TRANSFER_TIMEOUT)
        self.wait_on("irssi", "DCC received file natter.bin",
                     TRANSFER_TIMEOUT)
        with open(os.path.join(self.irssi_home, "natter.bin"), "rb") as f:
            self.assertTrue(f.read() == data)

    def test_irssi_to_natter(self):
        self.both()
        data = data_of(1500000, seed=3)
        path = os.path.join(self.irssi_home, "from irssi.txt")
        with open(path, "wb") as f:
            f.write(data)
        self.type_in("irssi", "/dcc send %s \"%s\"" % (ALICE, path))
        self.wait_on("a", "%s offers you from irssi.txt" % IRSSI_NICK)
        self.type_in("a", "/get")
        self.wait_on("a", "Received from irssi.txt from %s" % IRSSI_NICK,
                     TRANSFER_TIMEOUT)
        saved = os.path.join(self.downloads(ALICE), "from irssi.txt")
        with open(saved, "rb") as f:
            self.assertTrue(f.read() == data)
        self.assertNotIn("SHA-256 verified", self.screen_of("a"))

    def test_irssi_resumes(self):
        """irssi has part of the file: /dcc resume asks natter to go on
        from there (DCC RESUME, ACCEPT), and the file ends up whole."""
        self.both()
        data = data_of(1000000, seed=5)
        path = os.path.join(self.home, ALICE, "part.bin")
        with open(path, "wb") as f:
            f.write(data)
        with open(os.path.join(self.irssi_home, "part.bin"), "wb") as f:
            f.write(data[:300000])
        self.type_in("a", "/send %s %s" % (IRSSI_NICK, path))
        self.wait_on("irssi", "DCC SEND from %s" % ALICE)
        self.type_in("irssi", "/dcc resume %s" % ALICE)
        self.wait_on("a", "%s resumes part.bin from byte 300000" % IRSSI_NICK)
        self.wait_on("a", "Sent part.bin to %s" % IRSSI_NICK,
                     TRANSFER_TIMEOUT)
        self.wait_on("irssi", "DCC received file part.bin", TRANSFER_TIMEOUT)
        with open(os.path.join(self.irssi_home, "part.bin"), "rb") as f:
            self.assertTrue(f.read() == data)


if __name__ == "__main__":
    require_natter()
    if not IRSSI:
        print("SKIP: irssi is not installed")
        sys.exit(77)
    if not os.access(natterd_path(), os.X_OK):
        sys.stderr.write("natterd binary not found: %s\n" % natterd_path())
        sys.exit(99)
    unittest.main(verbosity=2)
