"""What the DCC tests share: natters in tmux sessions of their own (each
with its own HOME, config file and download folder), and a scripted DCC
peer that serves or takes a file over a real socket, as another client
would, with faults on cue (cut, stall, wrong bytes).

Standard library only.
"""

import hashlib
import os
import re
import socket
import struct
import threading
import time

from test_natter_ui import (CONNECT_TIMEOUT, HEIGHT, STEP_TIMEOUT,
                            NatterTmux, natter_path)

# What ends a test's wait for a transfer: generous, the machine is shared.
TRANSFER_TIMEOUT = 60.0
# Panes are wide: the lines about files hold paths.
PANE_WIDTH = 200


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def ip_number(addr):
    """127.0.0.1 as DCC says it: 2130706433."""
    return struct.unpack("!I", socket.inet_aton(addr))[0]


def dcc_send(name, addr, port, size, token=None):
    """A DCC SEND CTCP, the name quoted when it has a space."""
    if " " in name:
        name = '"%s"' % name
    wire = str(ip_number(addr)) if ":" not in addr else addr
    return "\x01DCC SEND %s %s %d %d%s\x01" % (
        name, wire, port, size, "" if token is None else " %s" % token)


def parse_dcc(text):
    """The words of a DCC CTCP ("DCC SEND name addr port size..."), the
    name unquoted, or None."""
    if not text.startswith("\x01DCC ") or not text.endswith("\x01"):
        return None
    body = text[1:-1]
    head, _, rest = body.partition(" ")
    kind, _, rest = rest.partition(" ")
    if rest.startswith('"'):
        end = rest.index('"', 1)
        name, rest = rest[1:end], rest[end + 1:]
    else:
        name, _, rest = rest.partition(" ")
    return [head, kind, name] + rest.split()


def dcc_addr(word):
    """The address of a DCC SEND: a number for IPv4, text for IPv6."""
    if ":" in word:
        return word
    return socket.inet_ntoa(struct.pack("!I", int(word)))


class Server(threading.Thread):
    """A DCC sender: listens on loopback, serves data[start:] to the one
    connection it takes, reads the acks.  cut: close after that many
    bytes of the file; stall: stop sending there and keep the connection
    open; resume(position) moves start once the peer asked."""

    def __init__(self, data, family=socket.AF_INET, cut=None, stall=None):
        super().__init__(daemon=True)
        self.data = data
        self.cut = cut
        self.stall = stall
        self.start_at = 0
        self.sock = socket.socket(family, socket.SOCK_STREAM)
        self.sock.bind(("::1" if family == socket.AF_INET6 else "127.0.0.1",
                        0))
        self.sock.listen(1)
        self.sock.settimeout(TRANSFER_TIMEOUT)
        self.port = self.sock.getsockname()[1]
        self.acks = []
        self.sent = 0
        self.error = None
        self.done = threading.Event()

    def run(self):
        try:
            conn, _ = self.sock.accept()
        except OSError as e:
            self.error = e
            self.done.set()
            return
        conn.settimeout(TRANSFER_TIMEOUT)
        end = len(self.data)
        for limit in (self.cut, self.stall):
            if limit is not None:
                end = min(end, limit)
        try:
            pos = self.start_at
            while pos < end:
                n = conn.send(self.data[pos:min(end, pos + 65536)])
                pos += n
                self.sent += n
            if self.stall is not None:
                time.sleep(TRANSFER_TIMEOUT)
            elif self.cut is not None:
                # An orderly end in the middle: every byte sent arrives
                # (closing with acks unread would reset the connection).
                conn.shutdown(socket.SHUT_WR)
                while conn.recv(4096):
                    pass
            elif self.cut is None:
                # Acks until the last one, or the receiver closes.
                buf = b""
                while True:
                    chunk = conn.recv(4096)
                    if not chunk:
                        break
                    buf += chunk
                    while len(buf) >= 4:
                        self.acks.append(struct.unpack("!I", buf[:4])[0])
                        buf = buf[4:]
                    if self.acks and self.acks[-1] == len(self.data) & \
                            0xffffffff:
                        break
        except OSError as e:
            self.error = e
        finally:
            conn.close()
            self.sock.close()
            self.done.set()


def receive(addr, port, size, start=0, timeout=TRANSFER_TIMEOUT):
    """Connect to a DCC sender and take size - start bytes, acking; the
    bytes."""
    family = socket.AF_INET6 if ":" in addr else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.settimeout(timeout)
        s.connect((addr, port))
        got = bytearray()
        while start + len(got) < size:
            chunk = s.recv(1 << 20)
            if not chunk:
                break
            got += chunk
            s.sendall(struct.pack("!I", (start + len(got)) & 0xffffffff))
        return bytes(got)


class DccTmux(NatterTmux):
    """natters in tmux sessions of their own, each with a HOME of its own:
    ~/.config/natter/config from the settings given, ~/Downloads."""

    def natter_home(self, nick, settings=()):
        home = os.path.join(self.home, nick)
        os.makedirs(os.path.join(home, ".config", "natter"), exist_ok=True)
        with open(os.path.join(home, ".config", "natter", "config"),
                  "w") as f:
            for line in settings:
                f.write(line + "\n")
        return home

    def downloads(self, nick):
        return os.path.join(self.home, nick, "Downloads")

    def start_as(self, session, nick, *args, settings=(), host="127.0.0.1",
                 port=None):
        """natter -n nick in tmux session `session`, with its own HOME."""
        home = self.natter_home(nick, settings)
        argv = [natter_path(), "-n", nick, "-p", str(port or self.port)] + \
            list(args) + [host]
        cmd = ("cd '%s'; HOME='%s' TERM=xterm-256color %s; "
               "echo natter-exited-$?; sleep 60" % (
                   home, home, " ".join("'%s'" % a for a in argv)))
        for _ in range(50):
            r = self.tmux("new-session", "-d", "-s", session, "-x",
                          str(PANE_WIDTH), "-y", str(HEIGHT), cmd,
                          check=False)
            if r.returncode == 0:
                return home
            time.sleep(0.1)
        self.fail("tmux new-session failed: %r" % r.stderr)

    def screen_of(self, session):
        """The pane's text, natter's wrapped lines joined again (a
        continuation row is indented past the time and the "-- ")."""
        r = self.tmux("capture-pane", "-p", "-J", "-t", session, check=False)
        text = r.stdout.decode("utf-8", "replace")
        return re.sub(r" *\n {11}(?=\S)", " ", text)

    def wait_on(self, session, text, timeout=STEP_TIMEOUT):
        """Wait until text shows in session's pane; the screen."""
        deadline = time.monotonic() + timeout
        while True:
            s = self.screen_of(session)
            if text in s:
                return s
            if time.monotonic() >= deadline:
                self.fail("no %r in %s (waited %.0fs); screen:\n%s" % (
                    text, session, timeout, s))
            time.sleep(0.05)

    def status_of(self, session):
        rows = [l.rstrip() for l in self.screen_of(session).split("\n")]
        rows = rows[:HEIGHT]
        return rows[-2] if len(rows) >= 2 else ""

    def type_in(self, session, line):
        self.tmux("send-keys", "-t", session, "-l", line)
        self.tmux("send-keys", "-t", session, "Enter")

    def joined(self, peer, session, nick, *args, **kw):
        """Start natter as nick in session; wait until peer sees it join."""
        home = self.start_as(session, nick, *args, **kw)
        peer.expect(lambda m: m.command == "JOIN" and m.nick == nick,
                    timeout=CONNECT_TIMEOUT)
        self.wait_on(session, "-- %s joined" % nick, CONNECT_TIMEOUT)
        return home
