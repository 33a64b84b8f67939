"""natter and WeeChat send each other files through a real natterd on
loopback: natter in tmux, WeeChat headless (weechat-headless with the irc,
logger, fifo and xfer plugins), driven through its FIFO.  natter's /send
is taken by WeeChat (xfer.file.auto_accept_files), WeeChat's /dcc send by
natter's /get.

Skips (77) without tmux, weechat-headless or its plugins.
"""

import glob
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

import natterd_harness
import test_weechat
from natterd_harness import natterd_path
from test_natter_ui import require_natter
from test_weechat import (WEECHAT, probe_plugins, startup_commands,
                          weechat_env, weechat_major)
from dcc_peer import TRANSFER_TIMEOUT, DccTmux
from test_natter_dcc import data_of

PLUGINS = "irc,logger,fifo,xfer"
WEE_NICK = "weeuser"
ALICE = "alice"


class NatterWeechat(DccTmux):

    def setUp(self):
        if not WEECHAT:
            self.skipTest("weechat-headless is not installed")
        super().setUp()
        self.wc_home = tempfile.mkdtemp(prefix="natter-dcc-weechat-")
        self.addCleanup(shutil.rmtree, self.wc_home, True)
        self.wcdir = os.path.join(self.wc_home, "wc")
        self.wc_dl = os.path.join(self.wc_home, "dl")
        os.makedirs(self.wc_dl)
        self.proc = None
        self.fifo = None

    def start_weechat(self):
        tls_option = "tls" if weechat_major() >= 4 else "ssl"
        cmds = startup_commands(self.port, tls_option)
        cmds = cmds[:-1] + [
            "/set xfer.file.download_path %s" % self.wc_dl,
            "/set xfer.file.auto_accept_files on",
            "/set xfer.file.use_nick_in_filename off",
            "/set xfer.file.convert_spaces off",
        ] + cmds[-1:]
        self.proc = subprocess.Popen(
            [WEECHAT, "--dir", self.wcdir, "-a", "-s", "-P", PLUGINS, "-r",
             ";".join(cmds)], env=weechat_env(self.wc_home),
            cwd=self.wc_home, stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True,
            preexec_fn=getattr(natterd_harness, "_die_with_parent", None))
        self.addCleanup(self.stop_weechat)

    def stop_weechat(self):
        if self.fifo is not None:
            os.close(self.fifo)
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)

    def wee(self, text):
        """Run text in WeeChat's server buffer, through its FIFO."""
        deadline = time.monotonic() + 20
        while self.fifo is None:
            for p in glob.glob(os.path.join(self.wcdir, "weechat_fifo*")):
                try:
                    self.fifo = os.open(p, os.O_WRONLY | os.O_NONBLOCK)
                except OSError:
                    pass
            if self.fifo is None:
                if time.monotonic() > deadline:
                    self.fail("no WeeChat FIFO")
                time.sleep(0.05)
        os.write(self.fifo, ("irc.server.natter *%s\n" % text).encode())

    def both(self):
        watcher = self.peer("watcher", "#interop")
        self.joined(watcher, "a", ALICE, "-j", "#interop")
        self.start_weechat()
        watcher.expect(lambda m: m.command == "JOIN" and m.nick == WEE_NICK,
                       timeout=30)
        return watcher

    def wait_file(self, path, data):
        deadline = time.monotonic() + TRANSFER_TIMEOUT
        while True:
            if os.path.exists(path) and os.path.getsize(path) == len(data):
                with open(path, "rb") as f:
                    if f.read() == data:
                        return
            if time.monotonic() > deadline:
                self.fail("%s never held the file sent; %s has %s" % (
                    path, os.path.dirname(path),
                    os.listdir(os.path.dirname(path))))
            time.sleep(0.1)

    def test_natter_to_weechat(self):
        self.both()
        data = data_of(1200000, seed=9)
        path = os.path.join(self.home, ALICE, "to weechat.bin")
        with open(path, "wb") as f:
            f.write(data)
        self.type_in("a", "/send %s %s" % (WEE_NICK, path))
        self.wait_on("a", "Sent to weechat.bin to %s" % WEE_NICK,
                     TRANSFER_TIMEOUT)
        self.wait_file(os.path.join(self.wc_dl, "to weechat.bin"), data)

    def test_weechat_to_natter(self):
        self.both()
        data = data_of(900001, seed=11)
        path = os.path.join(self.wc_home, "from-weechat.txt")
        with open(path, "wb") as f:
            f.write(data)
        self.wee("/dcc send %s %s" % (ALICE, path))
        self.wait_on("a", "%s offers you from-weechat.txt" % WEE_NICK,
                     TRANSFER_TIMEOUT)
        self.type_in("a", "/get")
        self.wait_on("a", "Received from-weechat.txt from %s" % WEE_NICK,
                     TRANSFER_TIMEOUT)
        self.wait_file(os.path.join(self.downloads(ALICE),
                                    "from-weechat.txt"), data)


if __name__ == "__main__":
    require_natter()
    if not WEECHAT:
        print("SKIP: weechat-headless is not installed")
        sys.exit(77)
    test_weechat.PLUGINS = PLUGINS      # the probe loads these
    plugins = probe_plugins()
    if plugins is not None and "xfer" not in plugins:
        print("SKIP: weechat-headless has no xfer plugin")
        sys.exit(77)
    if not os.access(natterd_path(), os.X_OK):
        sys.stderr.write("natterd binary not found: %s\n" % natterd_path())
        sys.exit(99)
    unittest.main(verbosity=2)
