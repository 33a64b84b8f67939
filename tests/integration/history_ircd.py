"""A small scripted IRC server with a room history, for natter's tests of
dates and of gapless reconnects: it offers server-time, batch,
message-tags and (unless told not to) draft/chathistory, keeps every line
said in its one room with a msgid and a time, replays the last REPLAY
lines on JOIN as a chathistory batch (unless told not to, as natterd
does not for a client with draft/chathistory), and answers CHATHISTORY
AFTER (msgid= or timestamp=) and LATEST.  It serves one client at a time, and
drop() cuts it off, as a lost connection.

Standard library only; every wait has a deadline.
"""

import datetime
import socket
import threading
import time

SERVER = "history.test"
ROOM = "#lobby"
# Lines replayed on JOIN, as natterd does.
REPLAY = 5


def stamp(t):
    """An IRCv3 server-time for t (seconds since the epoch, UTC)."""
    d = datetime.datetime.fromtimestamp(t, datetime.timezone.utc)
    return d.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (d.microsecond //
                                                         1000)


class HistoryIrcd:
    def __init__(self, chathistory=True, autoreplay=True):
        self.chathistory = chathistory
        # natterd replays nothing by itself to a client that has
        # draft/chathistory: it asks.
        self.autoreplay = autoreplay
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(2)
        self.port = self.listener.getsockname()[1]
        self.sock = None
        self.lock = threading.Lock()
        self.cond = threading.Condition()
        self.history = []           # (msgid, time, nick, text)
        self.heard = []             # every line natter sent
        self.caps = []
        self.nick = None
        self.joins = 0
        self.next_id = 1
        self.batch = 0
        self.negotiating = False
        self.user_seen = False

    # --- the room's lines ------------------------------------------------

    def said(self, nick, text, when=None, live=True):
        """nick says text in ROOM at when (now by default); natter hears
        it when live and connected."""
        with self.cond:
            msgid = "m%04d" % self.next_id
            self.next_id += 1
            entry = (msgid, when if when is not None else time.time(), nick,
                     text)
            self.history.append(entry)
        if live and self.sock is not None:
            self.send(self.line(entry))
        return msgid

    def line(self, entry, batch=None):
        msgid, when, nick, text = entry
        tags = "msgid=%s;time=%s" % (msgid, stamp(when))
        if batch is not None:
            tags = "batch=%s;" % batch + tags
        return "@%s :%s!u@h PRIVMSG %s :%s\r\n" % (tags, nick, ROOM, text)

    def replay(self, entries, kind="chathistory"):
        self.batch += 1
        ref = "b%d" % self.batch
        out = ":%s BATCH +%s %s %s\r\n" % (SERVER, ref, kind, ROOM)
        out += "".join(self.line(e, ref) for e in entries)
        out += ":%s BATCH -%s\r\n" % (SERVER, ref)
        self.send(out)

    # --- the connection --------------------------------------------------

    def accept(self, timeout):
        self.listener.settimeout(timeout)
        sock, _ = self.listener.accept()
        sock.settimeout(None)
        with self.cond:
            self.sock = sock
            self.caps = []
            self.nick = None
            self.negotiating = False
            self.user_seen = False
        threading.Thread(target=self.reader, args=(sock,),
                         daemon=True).start()

    def drop(self):
        with self.cond:
            sock, self.sock = self.sock, None
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()

    def close(self):
        self.drop()
        self.listener.close()

    def send(self, data):
        sock = self.sock
        if sock is None:
            return
        with self.lock:
            try:
                sock.sendall(data.encode())
            except OSError:
                pass

    def reader(self, sock):
        buf = b""
        while True:
            try:
                data = sock.recv(65536)
            except OSError:
                break
            if not data:
                break
            buf += data
            while b"\n" in buf:
                raw, buf = buf.split(b"\n", 1)
                self.answer(raw.rstrip(b"\r").decode("utf-8", "replace"))

    def wait_for(self, pred, timeout):
        deadline = time.monotonic() + timeout
        with self.cond:
            while not pred():
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self.cond.wait(left)
        return True

    def answer(self, line):
        with self.cond:
            self.heard.append(line)
            self.cond.notify_all()
        words = line.split(" ")
        cmd = words[0].upper()
        if cmd == "CAP" and words[1] == "LS":
            self.negotiating = True
            offer = "server-time batch message-tags"
            if self.chathistory:
                offer += " draft/chathistory"
            self.send(":%s CAP * LS :%s\r\n" % (SERVER, offer))
        elif cmd == "CAP" and words[1] == "REQ":
            req = line.split(":", 1)[1]
            self.caps = req.split()
            self.send(":%s CAP * ACK :%s\r\n" % (SERVER, req))
        elif cmd == "CAP" and words[1] == "END":
            self.negotiating = False
            if self.user_seen:
                self.welcome()
        elif cmd == "NICK":
            self.nick = words[1]
        elif cmd == "USER":
            # Registration waits for CAP END, as real servers do.
            self.user_seen = True
            if not self.negotiating:
                self.welcome()
        elif cmd == "JOIN":
            self.send(":%s!u@h JOIN %s\r\n:%s 353 %s = %s :%s alice\r\n"
                      ":%s 366 %s %s :End\r\n" % (
                          self.nick, ROOM, SERVER, self.nick, ROOM,
                          self.nick, SERVER, self.nick, ROOM))
            if self.autoreplay or "draft/chathistory" not in self.caps:
                self.replay(self.history[-REPLAY:])
            with self.cond:
                self.joins += 1
                self.cond.notify_all()
        elif cmd == "CHATHISTORY" and len(words) >= 5:
            self.chathistory_answer(words[1].upper(), words[3], int(words[4]))
        elif cmd == "PING":
            self.send(":%s PONG %s :%s\r\n" % (SERVER, SERVER,
                                               words[-1].lstrip(":")))

    def welcome(self):
        n = self.nick
        self.send(":%s 001 %s :Welcome %s!u@h\r\n"
                  ":%s 005 %s CHATHISTORY=50 :are supported\r\n"
                  ":%s 422 %s :No MOTD\r\n"
                  % (SERVER, n, n, SERVER, n, SERVER, n))

    def chathistory_answer(self, sub, ref, limit):
        entries = list(self.history)
        if sub == "AFTER" and ref.startswith("msgid="):
            ids = [e[0] for e in entries]
            want = ref[6:]
            entries = entries[ids.index(want) + 1:] if want in ids else []
        elif sub == "AFTER" and ref.startswith("timestamp="):
            t = datetime.datetime.strptime(ref[10:], "%Y-%m-%dT%H:%M:%S.%fZ")
            t = t.replace(tzinfo=datetime.timezone.utc).timestamp()
            entries = [e for e in entries if e[1] > t]
        elif sub != "LATEST":
            entries = []
        self.replay(entries[:limit] if sub == "AFTER" else entries[-limit:])
