"""Sending files with natter (DCC SEND), in tmux against a real natterd on
loopback: natter to natter (files of 0 bytes, 1 byte, a few MB and one
larger than any buffer, passive too, over IPv6), and natter against a
scripted DCC peer for what a real client rarely does on cue: a hostile
name, a flood of offers, a transfer cut in the middle and resumed, a
corrupted one caught by the SHA-256, a sender that stops halfway, a
passive offer.

Skips (77) without tmux.
"""

import os
import re
import socket
import subprocess
import sys
import time
import unittest

from natterd_harness import have_ipv6_loopback, natterd_path, proc_status
from test_natter_ui import CONNECT_TIMEOUT, require_natter
from dcc_peer import (TRANSFER_TIMEOUT, DccTmux, Server, dcc_addr, dcc_send,
                      parse_dcc, receive, sha256)

ALICE, BOB = "alice", "bob"


def data_of(size, seed=1):
    """size bytes that are not all alike."""
    block = bytes((i * 131 + seed * 7) & 0xff for i in range(65521))
    return (block * (size // len(block) + 1))[:size]


class NatterToNatter(DccTmux):
    """Two natters on one natterd."""

    def two(self, alice_settings=(), bob_settings=(), **kw):
        watcher = self.peer("watcher")
        self.joined(watcher, "a", ALICE, settings=alice_settings, **kw)
        self.joined(watcher, "b", BOB, settings=bob_settings, **kw)
        return watcher

    def send_file(self, size, name="file.bin", passive=False):
        data = data_of(size, seed=size)
        path = os.path.join(self.home, ALICE, name)
        with open(path, "wb") as f:
            f.write(data)
        self.type_in("a", "/send %s%s %s" % ("-passive " if passive else "",
                                             BOB, path))
        self.wait_on("b", "%s offers you %s" % (ALICE, name))
        offer = re.findall(r"/get (\d+) saves it", self.screen_of("b"))[-1]
        self.type_in("b", "/get %s" % offer)
        self.wait_on("a", "Sent %s to %s" % (name, BOB), TRANSFER_TIMEOUT)
        self.wait_on("b", "Received %s from %s" % (name, ALICE),
                     TRANSFER_TIMEOUT)
        saved = os.path.join(self.downloads(BOB), name)
        with open(saved, "rb") as f:
            self.assertEqual(f.read() == data, True,
                             "%s differs from what was sent" % saved)
        self.assertIn("SHA-256 verified", self.screen_of("b"))
        return saved

    def test_sizes(self):
        self.two()
        for size, name in ((0, "empty"), (1, "one.txt"),
                           (3 * 1000 * 1000 + 7, "photo.jpg")):
            self.send_file(size, name)
            self.type_in("a", "/clear")
            self.type_in("b", "/clear")
        self.assertEqual(os.listdir(self.downloads(BOB)).count("empty"), 1)

    def pid_of(self, session):
        sid = self.tmux("display-message", "-p", "-t", session,
                        "#{pane_pid}").stdout.decode().strip()
        out = subprocess.run(["pgrep", "-s", sid, "-x", "natter"],
                             capture_output=True).stdout.split()
        return int(out[0])

    def test_large_and_responsive(self):
        """A file far larger than any buffer: the receiving natter's peak
        memory stays that of a chat client, and a line typed while the
        file moves goes out."""
        watcher = self.two()
        size = 300 * 1024 * 1024
        path = os.path.join(self.home, ALICE, "big.iso")
        with open(path, "wb") as f:
            f.truncate(size)        # sparse: quick to make, real to send
        self.type_in("a", "/send %s %s" % (BOB, path))
        self.wait_on("b", "offers you big.iso", TRANSFER_TIMEOUT)
        self.type_in("b", "/get")
        self.type_in("b", "typed while it moves")
        watcher.expect(lambda m: m.command == "PRIVMSG" and m.nick == BOB and
                       m.params[-1] == "typed while it moves")
        self.wait_on("b", "Received big.iso", TRANSFER_TIMEOUT)
        self.assertEqual(os.path.getsize(os.path.join(self.downloads(BOB),
                                                      "big.iso")), size)
        # VmHWM: the most it ever held; a chat client's few MB, not the
        # file's 300 MiB.
        for session in ("a", "b"):
            hwm = proc_status(self.pid_of(session), "VmHWM")
            self.assertLess(hwm, 64 * 1024, "natter in %s peaked at %d kB"
                            % (session, hwm))

    def test_passive(self):
        self.two()
        self.send_file(200000, "passive.bin", passive=True)

    def test_resume_between_natters(self, passive=False):
        """bob has the first part of alice's file from an earlier attempt:
        /get asks alice to resume (RESUME, ACCEPT), she sends the rest, and
        the whole is checked against her hash."""
        self.two()
        data = data_of(1500000, seed=4)
        path = os.path.join(self.home, ALICE, "album.zip")
        with open(path, "wb") as f:
            f.write(data)
        os.makedirs(self.downloads(BOB))
        with open(os.path.join(self.downloads(BOB), "album.zip.part"),
                  "wb") as f:
            f.write(data[:600000])
        self.type_in("a", "/send %s%s %s" % ("-passive " if passive else "",
                                             BOB, path))
        self.wait_on("b", "offers you album.zip")
        self.type_in("b", "/get")
        self.wait_on("b", "Asking alice to resume album.zip from byte 600000")
        self.wait_on("a", "bob resumes album.zip from byte 600000")
        self.wait_on("b", "SHA-256 verified", TRANSFER_TIMEOUT)
        with open(os.path.join(self.downloads(BOB), "album.zip"), "rb") as f:
            self.assertTrue(f.read() == data)
        self.assertEqual(os.listdir(self.downloads(BOB)), ["album.zip"])

    def test_resume_passive(self):
        """The same with a passive offer: RESUME and ACCEPT carry port 0
        and the token, then bob listens and alice connects."""
        self.test_resume_between_natters(passive=True)

    def test_auto_accept(self):
        """dcc_auto_accept names alice: her small file is taken at once,
        and still checked (the hash comes before the offer)."""
        self.two(bob_settings=("dcc_auto_accept = carol, Alice",))
        path = os.path.join(self.home, ALICE, "tiny.txt")
        with open(path, "wb") as f:
            f.write(b"hello bob\n")
        self.type_in("a", "/send %s %s" % (BOB, path))
        self.wait_on("b", "Received tiny.txt from alice", TRANSFER_TIMEOUT)
        self.assertIn("SHA-256 verified", self.screen_of("b"))
        with open(os.path.join(self.downloads(BOB), "tiny.txt"), "rb") as f:
            self.assertEqual(f.read(), b"hello bob\n")

    def test_never_overwrites(self):
        self.two()
        os.makedirs(self.downloads(BOB))
        with open(os.path.join(self.downloads(BOB), "notes.txt"), "w") as f:
            f.write("mine, keep me")
        data = data_of(1000)
        path = os.path.join(self.home, ALICE, "notes.txt")
        with open(path, "wb") as f:
            f.write(data)
        self.type_in("a", "/send %s %s" % (BOB, path))
        self.wait_on("b", "offers you notes.txt")
        self.type_in("b", "/get")
        self.wait_on("b", "saved as %s" % os.path.join(self.downloads(BOB),
                                                       "notes.1.txt"),
                     TRANSFER_TIMEOUT)
        with open(os.path.join(self.downloads(BOB), "notes.txt")) as f:
            self.assertEqual(f.read(), "mine, keep me")


class NatterToNatterV6(NatterToNatter):
    """The same over ::1: the offer carries the IPv6 address as text."""

    server_kwargs = {"bind": "::1"}

    def setUp(self):
        if not have_ipv6_loopback():
            self.skipTest("no IPv6 loopback")
        super().setUp()

    def two(self, **kw):
        watcher = self.registered_v6("watcher")
        self.joined(watcher, "a", ALICE, host="::1")
        self.joined(watcher, "b", BOB, host="::1")
        return watcher

    def registered_v6(self, nick):
        c = self.connect(host="::1", name=nick)
        c.register(nick)
        c.join("#lobby")
        return c

    def test_offer_is_ipv6(self):
        watcher = self.two()
        path = os.path.join(self.home, ALICE, "v6.txt")
        with open(path, "wb") as f:
            f.write(b"over ::1\n")
        self.type_in("a", "/send watcher %s" % path)
        m = watcher.expect(lambda m: m.command == "PRIVMSG" and
                           m.params[-1].startswith("\x01DCC SEND"),
                           timeout=CONNECT_TIMEOUT)
        words = parse_dcc(m.params[-1])
        self.assertEqual(words[3], "::1", m.params[-1])
        self.assertEqual(receive("::1", int(words[4]), 9), b"over ::1\n")
        self.wait_on("a", "Sent v6.txt to watcher", TRANSFER_TIMEOUT)

    def test_dcc_address(self):
        """dcc_address overrides the connection's address: an IPv4 one
        offered over an IPv6 connection, as a number, and reachable."""
        watcher = self.registered_v6("watcher")
        self.joined(watcher, "a", ALICE, host="::1",
                    settings=("dcc_address = 127.0.0.1",))
        path = os.path.join(self.home, ALICE, "v4.txt")
        with open(path, "wb") as f:
            f.write(b"over 127.0.0.1\n")
        self.type_in("a", "/send watcher %s" % path)
        m = watcher.expect(lambda m: m.command == "PRIVMSG" and
                           m.params[-1].startswith("\x01DCC SEND"),
                           timeout=CONNECT_TIMEOUT)
        words = parse_dcc(m.params[-1])
        self.assertEqual(words[3], "2130706433", m.params[-1])
        self.assertEqual(receive("127.0.0.1", int(words[4]), 15),
                         b"over 127.0.0.1\n")
        self.wait_on("a", "Sent v4.txt to watcher", TRANSFER_TIMEOUT)

    # The sizes and the large file are the IPv4 class's.
    test_sizes = test_large_and_responsive = test_never_overwrites = None
    test_auto_accept = None


class NatterAndScript(DccTmux):
    """natter as the receiver of a scripted sender."""

    settings = ("dcc_timeout = 3",)

    def setUp(self):
        super().setUp()
        self.sender = self.peer("sender")
        self.joined(self.sender, "b", BOB, settings=self.settings)

    def offer(self, name, data, server=None, hash_of=None, token=None,
              port=None):
        server = server or Server(data)
        server.start()
        # The hash before the offer, as natter sends it.
        if hash_of is not None:
            self.sender.privmsg(BOB, "\x01DCC SHA256 %s %s\x01" % (
                name if " " not in name else '"%s"' % name,
                sha256(hash_of)))
        self.sender.privmsg(BOB, dcc_send(name, "127.0.0.1",
                                          port if port is not None else
                                          server.port, len(data), token))
        return server

    def test_hostile_name(self):
        data = b"echo pwned\n"
        self.offer("../../.bashrc", data, hash_of=data)
        self.wait_on("b", "offers you ../../.bashrc (saved as _bashrc)")
        self.type_in("b", "/get")
        self.wait_on("b", "Received ../../.bashrc", TRANSFER_TIMEOUT)
        home = os.path.join(self.home, BOB)
        self.assertFalse(os.path.exists(os.path.join(home, ".bashrc")))
        self.assertEqual(sorted(os.listdir(self.downloads(BOB))), ["_bashrc"])
        self.offer("\x1b[2Jevil\u202etxt.exe", b"x")
        self.wait_on("b", "(saved as _[2Jevil_txt.exe)")

    def test_ignored_offers_are_dropped(self):
        # /ignore's CTCP kind (or all kinds) covers DCC: no offer shows.
        self.type_in("b", "/ignore sender ctcp")
        self.wait_on("b", "Ignoring")
        self.offer("spam.exe", b"MZ", hash_of=b"MZ")
        self.sender.privmsg(BOB, "after the offer")
        self.wait_status("b", "act: 3")
        self.tmux("send-keys", "-t", "b", "M-3")
        self.wait_on("b", "after the offer")
        self.assertNotIn("spam.exe", self.screen_of("b"))
        self.type_in("b", "/dcc")
        self.wait_on("b", "No DCC transfers or offers")
        self.assertNotIn("spam.exe", self.screen_of("b"))

    def test_flood_of_offers(self):
        for i in range(30):
            self.sender.privmsg(BOB, dcc_send("f%02d" % i, "127.0.0.1",
                                              5000 + i, 10))
        self.sender.privmsg(BOB, "after the flood")
        self.type_in("b", "/window 3")
        self.wait_on("b", "after the flood")
        screen = self.screen_of("b")
        self.assertEqual(len(re.findall(r"sender offers you f\d\d", screen)),
                         3, screen)
        self.assertIn("dropped an offer from sender", self.screen_of("b") +
                      self.server_window("b"))
        self.wait_status("b", "DCC: 3 offers")
        # A service's port is refused outright.
        self.sender.privmsg(BOB, dcc_send("ssh", "127.0.0.1", 22, 10))
        self.sender.privmsg(BOB, "after ssh")
        self.wait_on("b", "after ssh")
        self.assertNotIn("offers you ssh", self.screen_of("b"))
        # Offers expire (dcc_timeout 3 s here).
        self.wait_on("b", "The offer of f02 from sender expired", 10)
        self.wait_status_gone("b", "DCC:")

    def server_window(self, session):
        self.tmux("send-keys", "-t", session, "M-1")
        time.sleep(0.3)
        s = self.screen_of(session)
        self.tmux("send-keys", "-t", session, "M-3")
        return s

    def wait_status(self, session, text, timeout=10):
        deadline = time.monotonic() + timeout
        while text not in self.status_of(session):
            if time.monotonic() > deadline:
                self.fail("status never said %r: %r" % (
                    text, self.status_of(session)))
            time.sleep(0.1)

    def wait_status_gone(self, session, text, timeout=10):
        deadline = time.monotonic() + timeout
        while text in self.status_of(session):
            if time.monotonic() > deadline:
                self.fail("status still says %r" % text)
            time.sleep(0.1)

    def test_hash_mismatch(self):
        data = data_of(100000)
        self.offer("corrupt.bin", data, hash_of=data[:-1] + b"?")
        self.wait_on("b", "offers you corrupt.bin")
        self.type_in("b", "/get")
        self.wait_on("b", "corrupt.bin from sender does not match its "
                     "SHA-256: kept as", TRANSFER_TIMEOUT)
        self.assertEqual(os.listdir(self.downloads(BOB)),
                         ["corrupt.bin.part"])

    def test_cut_and_resume(self):
        data = data_of(2 * 1000 * 1000)
        half = 700001
        self.offer("movie.mkv", data, server=Server(data, cut=half),
                   hash_of=data)
        self.wait_on("b", "offers you movie.mkv")
        self.type_in("b", "/get")
        self.wait_on("b", "stopped at", TRANSFER_TIMEOUT)
        part = os.path.join(self.downloads(BOB), "movie.mkv.part")
        self.assertEqual(os.path.getsize(part), half)
        # Offered again, the hash after the offer this time (as another
        # client might): natter asks to resume where it stopped.
        server = Server(data)
        self.sender.privmsg(BOB, dcc_send("movie.mkv", "127.0.0.1",
                                          server.port, len(data)))
        self.sender.privmsg(BOB, "\x01DCC SHA256 movie.mkv %s\x01" %
                            sha256(data))
        self.wait_on("b", "offers you movie.mkv", TRANSFER_TIMEOUT)
        self.type_in("b", "/get")
        m = self.sender.expect(lambda m: m.command == "PRIVMSG" and
                               "DCC RESUME" in m.params[-1])
        words = parse_dcc(m.params[-1])
        self.assertEqual(words[1:], ["RESUME", "movie.mkv", str(server.port),
                                     str(half)])
        server.start_at = half
        server.start()
        # The sender takes another nick meanwhile: its ACCEPT still counts.
        self.sender.send("NICK sender2")
        self.wait_on("b", "sender is now known as sender2")
        self.sender.privmsg(BOB, "\x01DCC ACCEPT movie.mkv %d %d\x01" % (
            server.port, half))
        self.wait_on("b", "SHA-256 verified", TRANSFER_TIMEOUT)
        with open(os.path.join(self.downloads(BOB), "movie.mkv"), "rb") as f:
            self.assertTrue(f.read() == data)
        self.assertEqual(server.sent, len(data) - half)

    def test_sender_stalls(self):
        data = data_of(500000)
        self.offer("slow.bin", data, server=Server(data, stall=100000))
        self.wait_on("b", "offers you slow.bin")
        self.type_in("b", "/get")
        self.wait_on("b", "Receiving slow.bin")
        # The status line shows how far it is while it stands still.
        self.wait_status("b", "DCC 20% 0 B/s")
        self.wait_on("b", "Receiving slow.bin from sender stopped at",
                     15)
        self.assertIn("nothing moved for too long", self.screen_of("b"))
        self.assertEqual(os.path.getsize(os.path.join(
            self.downloads(BOB), "slow.bin.part")), 100000)

    def test_passive_offer(self):
        """Port 0 and a token: natter listens and answers with its port."""
        data = data_of(123457)
        self.sender.privmsg(BOB, dcc_send("p.bin", "127.0.0.1", 0, len(data),
                                          token="777"))
        self.wait_on("b", "offers you p.bin")
        self.type_in("b", "/get")
        m = self.sender.expect(lambda m: m.command == "PRIVMSG" and
                               "DCC SEND" in m.params[-1])
        words = parse_dcc(m.params[-1])
        self.assertEqual(words[6], "777")
        addr, port = dcc_addr(words[3]), int(words[4])
        with socket.create_connection((addr, port), timeout=10) as s:
            s.sendall(data)
            s.shutdown(socket.SHUT_WR)
            s.recv(4096)
        self.wait_on("b", "Received p.bin", TRANSFER_TIMEOUT)

    def test_natter_sends_to_script(self):
        """natter's offer as another client sees it: the SHA256 after the
        SEND, bytes acked, a clean end; /dcc while it waits."""
        path = os.path.join(self.home, BOB, "song.ogg")
        data = data_of(777777)
        with open(path, "wb") as f:
            f.write(data)
        self.type_in("b", "/send sender %s" % path)
        # The hash first, so that an offer taken at once is checked too.
        m = self.sender.expect(lambda m: m.command == "PRIVMSG")
        self.assertEqual(parse_dcc(m.params[-1]),
                         ["DCC", "SHA256", "song.ogg", sha256(data)])
        m = self.sender.expect(lambda m: m.command == "PRIVMSG")
        words = parse_dcc(m.params[-1])
        self.assertEqual(words[:3], ["DCC", "SEND", "song.ogg"])
        self.assertEqual(dcc_addr(words[3]), "127.0.0.1")
        self.assertEqual(int(words[5]), len(data))
        self.type_in("b", "/dcc")
        self.wait_on("b", "to sender: song.ogg (759.5 KiB), offered")
        self.assertEqual(receive("127.0.0.1", int(words[4]), len(data)), data)
        self.wait_on("b", "Sent song.ogg to sender", TRANSFER_TIMEOUT)

    def test_reject_both_ways(self):
        """/reject tells the sender (DCC REJECT in a NOTICE, as irssi
        does); a REJECT of natter's offer withdraws it."""
        self.offer("unwanted.exe", b"MZ")
        self.wait_on("b", "offers you unwanted.exe")
        self.type_in("b", "/reject")
        m = self.sender.expect(lambda m: m.command == "NOTICE")
        self.assertEqual(m.params, ["sender", "\x01DCC REJECT SEND unwanted.exe"
                                    "\x01"])
        self.wait_on("b", "Refused unwanted.exe from sender")
        path = os.path.join(self.home, BOB, "tune.mp3")
        with open(path, "wb") as f:
            f.write(b"la la la")
        self.type_in("b", "/send sender %s" % path)
        self.sender.expect(lambda m: m.command == "PRIVMSG" and
                           "DCC SEND" in m.params[-1])
        self.sender.send("NOTICE %s :\x01DCC REJECT SEND tune.mp3\x01" % BOB)
        self.wait_on("b", "sender refused tune.mp3")
        self.type_in("b", "/dcc")
        self.wait_on("b", "No DCC transfers or offers")


if __name__ == "__main__":
    require_natter()
    if not os.access(natterd_path(), os.X_OK):
        sys.stderr.write("natterd binary not found: %s\n" % natterd_path())
        sys.exit(99)
    unittest.main(verbosity=2)
