"""A fake IRC server for the client benchmark (tests/bench/client_run),
and for tests that need to cut natter's connection at will
(tests/integration/test_natter_rejoin.py).

It serves one client at a time on a loopback port: registers it, answers
the JOINs the client asks for, and then sends channel lines either as
fast as the client reads them (flood) or at a fixed rate (pace).  It speaks only as
much IRC as irssi, WeeChat and natter need to sit in a room: a real server
would spend CPU of its own and throttle; this one costs next to nothing,
so the figures are the client's.

Standard library only.  Every wait has a deadline.
"""

import socket
import threading
import time

ROOM = "#bench"
SERVER = "fake.bench"
# The peers that talk in the room; the flood rotates among them.
SPEAKERS = ["alice", "bob", "carol", "dave", "erin", "frank", "grace",
            "heidi"]
# About the length of a chat line, without being the same line each time.
TEXT = "the quick brown fox jumps over the lazy dog while natter keeps up"
# Lines per sendall() in a flood: large writes, as a busy server makes.
CHUNK_LINES = 256
# Seconds between two sends of a paced flood.
SLICE = 0.002


def flood_line(i):
    """Channel line number i, as the wire carries it."""
    nick = SPEAKERS[i % len(SPEAKERS)]
    return ":%s!%s@127.0.0.1 PRIVMSG %s :line %06d %s\r\n" % (
        nick, nick, ROOM, i, TEXT)


class FakeIrcd:
    """One listening socket, one client at a time (it may come back after
    drop()); call close() when done."""

    def __init__(self):
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(1)
        self.port = self.listener.getsockname()[1]
        self.sock = None
        self.lock = threading.Lock()        # one writer at a time
        self.cond = threading.Condition()   # state changes below
        self.joins = []                     # every JOIN's parameters
        self.received = []                  # commands seen (for errors)
        self._fresh()

    def _fresh(self):
        """What one connection knows."""
        self.nick = None
        self.user = False
        self.registered = False
        self.joined = False
        self.pongs = {}                     # token -> monotonic time seen
        self.closed = False

    # --- connection -------------------------------------------------------

    def accept(self, timeout):
        """Wait for the client; start reading it."""
        self.listener.settimeout(timeout)
        sock, _ = self.listener.accept()
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.settimeout(None)
        with self.cond:
            self._fresh()
            self.sock = sock
        threading.Thread(target=self._reader, args=(sock,),
                         daemon=True).start()

    def drop(self):
        """Close the client's connection, as a lost one."""
        with self.cond:
            self.closed = True
            sock, self.sock = self.sock, None
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()

    def close(self):
        self.drop()
        try:
            self.listener.close()
        except OSError:
            pass

    def send(self, data):
        sock = self.sock
        if sock is None:
            raise OSError("no client")
        with self.lock:
            sock.sendall(data.encode() if isinstance(data, str) else data)

    def numeric(self, num, *params):
        self.send(":%s %s %s %s\r\n" % (SERVER, num, self.nick or "*",
                                        " ".join(params)))

    # --- what the client says ---------------------------------------------

    def _reader(self, sock):
        buf = b""
        try:
            while not self.closed:
                data = sock.recv(65536)
                if not data:
                    break
                buf += data
                while b"\n" in buf:
                    line, buf = buf.split(b"\n", 1)
                    self._line(line.rstrip(b"\r").decode("utf-8",
                                                         "replace"))
        except OSError:
            pass
        with self.cond:
            if sock is self.sock:
                self.closed = True
            self.cond.notify_all()

    def _line(self, line):
        if line.startswith("@"):            # tags: not asked for, skip
            line = line.split(" ", 1)[-1]
        words = line.split(" ")
        cmd = words[0].upper()
        args = words[1:]
        trailing = line.split(" :", 1)[1] if " :" in line else (
            args[-1] if args else "")
        self.received.append(cmd)
        if cmd == "CAP" and args and args[0].upper() == "LS":
            self.send(":%s CAP * LS :\r\n" % SERVER)
        elif cmd == "CAP" and args and args[0].upper() == "REQ":
            self.send(":%s CAP * NAK :%s\r\n" % (SERVER, trailing))
        elif cmd == "NICK" and args:
            self.nick = args[0].lstrip(":")
            self._welcome_maybe()
        elif cmd == "USER":
            self.user = True
            self._welcome_maybe()
        elif cmd == "PING":
            self.send(":%s PONG %s :%s\r\n" % (SERVER, SERVER, trailing))
        elif cmd == "PONG":
            with self.cond:
                self.pongs[trailing] = time.monotonic()
                self.cond.notify_all()
        elif cmd == "JOIN" and args:
            with self.cond:
                self.joins.append(args)
            for room in args[0].split(","):
                self._join(room)
        elif cmd == "MODE" and args and args[0] == ROOM:
            self.numeric("324", ROOM, "+nt")
        elif cmd == "MODE" and args:
            self.numeric("221", "+i")
        elif cmd == "WHO" and args:
            self.numeric("315", args[0], ":End of /WHO list")
        elif cmd == "USERHOST" and args:
            self.numeric("302", ":%s=+%s@127.0.0.1" % (args[0], args[0]))

    def _welcome_maybe(self):
        if self.registered or self.nick is None or not self.user:
            return
        self.numeric("001", ":Welcome to the bench, %s" % self.nick)
        self.numeric("002", ":Your host is %s" % SERVER)
        self.numeric("003", ":This server was created today")
        self.numeric("004", SERVER, "fake-1", "i", "ntk")
        self.numeric("005", "CHANTYPES=# PREFIX=(ov)@+ CHANMODES=,k,,nt",
                      "NETWORK=bench CASEMAPPING=ascii NICKLEN=30",
                      ":are supported by this server")
        self.numeric("422", ":MOTD File is missing")
        with self.cond:
            self.registered = True
            self.cond.notify_all()

    def _join(self, room):
        """The client is in room, with the speakers."""
        me = "%s!%s@127.0.0.1" % (self.nick, self.nick)
        self.send(":%s JOIN %s\r\n" % (me, room))
        self.numeric("332", room, ":the client benchmark")
        self.numeric("353", "=", room, ":@%s %s" % (self.nick,
                                                    " ".join(SPEAKERS)))
        self.numeric("366", room, ":End of /NAMES list")
        with self.cond:
            self.joined = True
            self.cond.notify_all()

    # --- waiting ----------------------------------------------------------

    def wait_for(self, pred, timeout):
        """True once pred() holds; False at the deadline or when the client
        has gone."""
        deadline = time.monotonic() + timeout
        with self.cond:
            while not pred():
                left = deadline - time.monotonic()
                if left <= 0 or self.closed:
                    return pred()
                self.cond.wait(left)
        return True

    def ping(self, token):
        self.send("PING :%s\r\n" % token)

    def pong_time(self, token, timeout):
        """When the client answered PING token (monotonic), or None."""
        if self.wait_for(lambda: token in self.pongs, timeout):
            return self.pongs[token]
        return None

    # --- the traffic ------------------------------------------------------

    def flood(self, first, count, marker):
        """Lines first.. first+count-1 as fast as the client reads them,
        then a line with marker.  Returns when the kernel has them all."""
        i = first
        end = first + count
        while i < end and not self.closed:
            n = min(CHUNK_LINES, end - i)
            self.send("".join(flood_line(j) for j in range(i, i + n)))
            i += n
        self.send(":alice!alice@127.0.0.1 PRIVMSG %s :%s\r\n" % (ROOM,
                                                                marker))

    def pace(self, first, rate, stop, limit):
        """Lines from number first at rate a second until stop (an Event)
        is set or limit lines went out; returns how many were sent.
        Sends in slices of SLICE seconds, catching up when one ran late:
        short slices, so that a client which redraws on every read would
        show it (500 reads a second, not 100)."""
        start = time.monotonic()
        sent = 0
        while not stop.is_set() and sent < limit and not self.closed:
            due = min(limit, int((time.monotonic() - start) * rate) + 1)
            if due > sent:
                try:
                    self.send("".join(flood_line(first + j)
                                      for j in range(sent, due)))
                except OSError:
                    break
                sent = due
            stop.wait(SLICE)
        return sent
