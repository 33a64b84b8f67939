"""natter against a hostile server, in tmux: escape sequences and control
bytes from the server never reach the terminal raw (checked in what natter
wrote to the pane, logged by tmux pipe-pane, and on the screen), a 10 MB
line and garbage do not crash or hang it, a server that disconnects in the
middle of a line leaves it running and usable; and after a crash signal
the terminal is given back as after /quit.

The server is a small scripted one (FakeServer) on a free loopback port.
Skips (77) without tmux, as test_natter_ui.py does.
"""

import os
import signal
import socket
import sys
import threading
import time

from natterd_harness import main
from test_natter_ui import NICK, ROOM, TMUX, NatterTmux

# Sequences a hostile server would like to reach the terminal: set the
# window title, ask the terminal to answer (DSR, DA), clear, a DCS string,
# C1 CSI, and an OSC 52 clipboard write.
HOSTILE = [b"\x1b]0;PWNED-TITLE\x07", b"\x1b[6n", b"\x1b[c", b"\x1b[2J",
           b"\x1bP1$qm\x1b\\", b"\xc2\x9b31m", b"\x1b]52;c;cHduZWQ=\x07"]
BIG = 10 * 1024 * 1024


class FakeServer:
    """One connection at a time; registers natter, joins it to ROOM, then
    does what the test says.  Everything natter sent is in self.heard."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(4)
        self.port = self.sock.getsockname()[1]
        self.conn = None
        self.heard = []
        self.joined = threading.Event()
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def send(self, data):
        self.conn.sendall(data)

    def serve(self):
        self.sock.settimeout(30)
        try:
            self.conn, _ = self.sock.accept()
        except OSError:
            return
        self.conn.settimeout(30)
        buf = b""
        while True:
            try:
                data = self.conn.recv(4096)
            except OSError:
                return
            if not data:
                return
            buf += data
            while b"\n" in buf:
                line, buf = buf.split(b"\n", 1)
                self.answer(line.rstrip(b"\r"))

    def answer(self, line):
        self.heard.append(line)
        words = line.split(b" ")
        try:
            if words[0] == b"CAP" and words[1] == b"LS":
                self.send(b":fake CAP * LS :\r\n")
            elif words[0] == b"USER":
                self.send(b":fake 001 %s :Welcome\r\n:fake 376 %s :End\r\n"
                          % (NICK.encode(), NICK.encode()))
            elif words[0] == b"JOIN":
                self.send(b":%s!u@h JOIN %s\r\n" % (NICK.encode(), words[1]))
                self.joined.set()
            elif words[0] == b"PING":
                self.send(b":fake PONG fake :%s\r\n" % words[-1].lstrip(b":"))
        except OSError:
            pass

    def close(self):
        for s in (self.conn, self.sock):
            if s is not None:
                try:
                    s.close()
                except OSError:
                    pass


class Hostile(NatterTmux):
    start_natterd = False

    def setUp(self):
        super().setUp()
        self.fake = FakeServer()
        self.addCleanup(self.fake.close)
        self.port = self.fake.port
        self.rawlog = os.path.join(self.home, "pane.raw")

    def natter_in_room(self):
        self.start_natter()
        # Everything natter writes to the terminal, as bytes.
        self.tmux("pipe-pane", "-o", "-t", "ui", "cat >> '%s'" % self.rawlog)
        self.assertTrue(self.fake.joined.wait(15), "natter never joined")
        self.wait_text("-- %s joined %s" % (NICK, ROOM))

    def written(self):
        with open(self.rawlog, "rb") as f:
            return f.read()

    def assert_alive(self, pid):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            self.fail("natter died; screen:\n" + self.screen())

    def test_escapes_garbage_and_ten_megabytes(self):
        self.natter_in_room()
        pid = self.natter_pid()
        f = self.fake
        for i, h in enumerate(HOSTILE):
            f.send(b":evil!u@h PRIVMSG %s :hostile-%d %s end\r\n"
                   % (ROOM.encode(), i, h))
        f.send(b":evil!u@h TOPIC %s :topic \x1b]0;PWNED-TITLE\x07\r\n"
               % ROOM.encode())
        f.send(b":ev\x1b[2Jil!u@h PRIVMSG %s :nick-escape\r\n" % ROOM.encode())
        f.send(b":fake NOTICE %s :\x1b[6n notice\r\n" % NICK.encode())
        f.send(b"\x00\x01\xff\xfe garbage \x1b\r\n:\r\n \r\n\r\n@\r\n")
        f.send(b"001\r\n:fake 999\r\n:fake PRIVMSG\r\n")
        # 10 MB in one line, then a normal one: natter drops the first.
        chunk = b"A" * (1024 * 1024)
        f.send(b":evil!u@h PRIVMSG %s :" % ROOM.encode())
        for _ in range(BIG // len(chunk)):
            f.send(chunk)
        f.send(b"\r\n:alice!u@h PRIVMSG %s :after-the-flood\r\n"
               % ROOM.encode())
        self.wait_text("after-the-flood", 20)
        self.assert_alive(pid)
        screen = self.screen()
        for i in range(len(HOSTILE)):
            self.assertIn("hostile-%d" % i, screen)
        raw = self.written()
        # The log holds what natter drew, or the checks below prove nothing.
        self.assertIn(b"hostile-%d" % (len(HOSTILE) - 1), raw)
        for i, h in enumerate(HOSTILE):
            self.assertNotIn(b"hostile-%d %s" % (i, h), raw)
            # curses clears the screen itself; nothing else here is its.
            if h != b"\x1b[2J":
                self.assertNotIn(h, raw, "natter wrote %r raw" % h)
        self.assertNotIn(b"PWNED-TITLE\x07", raw)
        self.assertNotIn(b"\x9b", raw.replace(b"\xc2\x9b", b""))
        # Still natter's: the input line takes what is typed.
        self.type("still typing")
        self.wait(lambda s: self.input_row().endswith("still typing"),
                  "the input line does not show what was typed")

    def test_disconnect_in_the_middle_of_a_line(self):
        self.natter_in_room()
        pid = self.natter_pid()
        self.fake.send(b":alice!u@h PRIVMSG %s :whole line\r\n"
                       b":alice!u@h PRIVMSG %s :half a li"
                       % (ROOM.encode(), ROOM.encode()))
        self.wait_text("whole line")
        self.fake.conn.shutdown(socket.SHUT_RDWR)
        self.fake.conn.close()
        # natter says so and goes on (it will try to reconnect).
        self.wait(lambda s: "whole line" in s and "half a li" not in s and
                  self.status_row() != "", "no screen after the disconnect")
        time.sleep(1)
        self.assert_alive(pid)
        self.type("typing on")
        self.wait(lambda s: self.input_row().endswith("typing on"),
                  "the input line does not show what was typed")
        self.keys("C-u")
        self.command("/quit")
        self.wait_text("tty-restored")

    def crash(self, sig):
        self.natter_in_room()
        self.type("half typed")
        os.kill(self.natter_pid(), sig)
        text = self.wait_text("tty-restored")
        self.assertIn("natter-exited-%d" % (128 + sig), text)
        # The alternate screen is gone with natter.
        self.assertNotIn("half typed", text)

    def test_terminal_restored_after_sigsegv(self):
        self.crash(signal.SIGSEGV)

    def test_terminal_restored_after_sigabrt(self):
        self.crash(signal.SIGABRT)


if __name__ == "__main__":
    if TMUX is None:
        print("test_natter_hostile: skipped (no tmux)")
        sys.exit(77)
    main()
