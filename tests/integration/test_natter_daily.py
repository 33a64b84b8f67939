"""natter for daily use (issue 16), in tmux against a real natterd and the
fake server of the client benchmark: history is shown once after a
rejoin or a reconnect, /msg in a room says so there, text that is not
UTF-8 reads as CP1252, non-ASCII shows under LANG=C, our own CTCP answers
are not shown as somebody's, away survives a reconnect, a timestamp
format with a space leaves none inside the brackets.

Skips (exit 77) when tmux is not installed.
"""

import os
import sys
import time
import unittest

import test_natter_ui as ui
from test_natter_ui import NICK, ROOM, CONNECT_TIMEOUT, NatterTmux

sys.path.insert(0, os.path.join(os.environ.get("TOP_SRCDIR", os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "..")), "tests",
    "bench"))
import fakeircd  # noqa: E402


class DailyNatterd(NatterTmux):
    """Against natterd."""

    def test_rejoin_shows_history_once(self):
        alice = self.peer()
        alice.privmsg(ROOM, "said before natter came")
        alice.drain()
        self.natter_joined(alice)
        self.wait_text("said before natter came")
        alice.privmsg(ROOM, "said while natter was there")
        self.wait_text("said while natter was there")
        self.command("/part")
        self.wait_text("-- %s left" % NICK)
        self.command("/join %s" % ROOM)
        self.wait(lambda s: s.count("-- %s joined %s" % (NICK, ROOM)) == 2,
                  "natter did not rejoin")
        alice.privmsg(ROOM, "after the rejoin")
        screen = self.wait_text("after the rejoin")
        self.assertEqual(screen.count("said before natter came"), 1, screen)
        self.assertEqual(screen.count("said while natter was there"), 1,
                         screen)

    def test_msg_in_a_room_says_so(self):
        alice = self.peer()
        self.natter_joined(alice)
        self.command("/msg alice psst, over here")
        alice.expect(lambda m: m.command == "PRIVMSG" and
                     m.params == ["alice", "psst, over here"],
                     timeout=CONNECT_TIMEOUT)
        self.wait_text("-- msg(alice) psst, over here")
        self.wait_status("2:%s" % ROOM)

    def test_own_ctcp_reply_not_shown_as_theirs(self):
        alice = self.peer()
        self.natter_joined(alice)
        # What natter sent in joining (JOIN, and with draft/chathistory a
        # PING and CHATHISTORY LATEST) uses the allowance automatic
        # answers leave to the user's lines (autoreply.h) for a moment.
        time.sleep(4)
        alice.privmsg(NICK, "\x01VERSION\x01")
        alice.expect(lambda m: m.command == "NOTICE" and m.nick == NICK and
                     m.params[-1].startswith("\x01VERSION natter"),
                     timeout=CONNECT_TIMEOUT)
        alice.privmsg(ROOM, "marker after the reply")
        screen = self.wait_text("marker after the reply")
        self.assertNotIn("reply from", screen)
        self.command("/window 1")
        screen = self.wait_text("alice asked CTCP VERSION")
        self.assertNotIn("reply from", screen)

    def test_lang_c_shows_utf8(self):
        alice = self.peer()
        self.env["LANG"] = self.env["LC_ALL"] = "C"
        self.natter_joined(alice)
        alice.privmsg(ROOM, "\u5c0f\u660e says caf\u00e9")
        self.wait_text("\u5c0f\u660e says caf\u00e9")
        self.command("/window 1")
        self.wait_text("is not UTF-8; natter draws UTF-8 anyway")

    def test_timestamp_without_stray_space(self):
        os.makedirs(os.path.join(self.home, ".config", "natter"))
        with open(os.path.join(self.home, ".config", "natter", "config"),
                  "w") as f:
            f.write('timestamp = "%H:%M:%S "\n')
        alice = self.peer()
        self.natter_joined(alice)
        alice.privmsg(ROOM, "stamped")
        screen = self.wait_text("<alice> stamped")
        line = [l for l in screen.split("\n") if "<alice> stamped" in l][0]
        self.assertRegex(line, r"^\[\d\d:\d\d:\d\d\] <alice> stamped")


class Logs(NatterTmux):
    """Logs on disk, on by default, one file per window."""

    def log_text(self, window, data=None):
        data = data or os.path.join(self.home, ".local", "share")
        path = os.path.join(data, "natter", "logs", "127.0.0.1",
                            window + ".log")
        try:
            with open(path, "rb") as f:
                return f.read().decode("utf-8", "replace")
        except FileNotFoundError:
            return ""

    def test_logs_are_written_each_second_and_at_exit(self):
        alice = self.peer()
        self.natter_joined(alice)
        alice.privmsg(ROOM, "logged \x1b[2J line")
        self.wait_text("<alice> logged")
        # Within about a second, without anything else happening.
        deadline = time.monotonic() + 5
        while "logged" not in self.log_text("#lobby"):
            self.assertLess(time.monotonic(), deadline, "nothing logged")
            time.sleep(0.1)
        text = self.log_text("#lobby")
        self.assertRegex(text, r"\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\] "
                         r"<alice> logged \^\[\[2J line\n")
        self.assertNotIn("\x1b", text)
        self.command("/log")
        self.wait_text("Logging to %s" % os.path.join(
            self.home, ".local", "share", "natter", "logs", "127.0.0.1",
            "#lobby.log"))
        self.command("/log off")
        self.wait_text("Not logging")
        alice.privmsg(ROOM, "not in the log")
        self.wait_text("<alice> not in the log")
        self.command("/log on")
        self.command("last words")
        self.command("/quit")
        self.wait_text("natter-exited-0")
        text = self.log_text("#lobby")
        self.assertIn("<%s> last words" % NICK, text)
        self.assertNotIn("not in the log", text)
        self.assertIn("Connecting to 127.0.0.1", self.log_text("127.0.0.1"))

    def test_log_no_and_xdg_data_home(self):
        os.makedirs(os.path.join(self.home, ".config", "natter"))
        with open(os.path.join(self.home, ".config", "natter", "config"),
                  "w") as f:
            f.write("log = no\n")
        data = os.path.join(self.home, "xdg")
        self.env["XDG_DATA_HOME"] = data
        alice = self.peer()
        self.natter_joined(alice)
        alice.privmsg(ROOM, "unlogged")
        self.wait_text("<alice> unlogged")
        self.command("/log")
        self.wait_text("Not logging (/log on logs to")
        self.wait_text("%s/natter/logs/127.0.0.1/#lobby.log)" % data)
        self.command("/quit")
        self.wait_text("natter-exited-0")
        self.assertFalse(os.path.exists(os.path.join(data, "natter")))
        self.assertFalse(os.path.exists(os.path.join(
            self.home, ".local", "share", "natter", "logs")))


class Ignore(NatterTmux):
    """/ignore, /unignore, kept in the config file."""

    def config(self):
        path = os.path.join(self.home, ".config", "natter", "config")
        with open(path) as f:
            return f.read()

    def test_ignore_and_unignore(self):
        alice = self.peer()
        bob = self.peer("bob")
        self.natter_joined(alice)
        self.command("/ignore bob")
        self.wait_text("Ignoring bob!*@*")
        self.assertIn("ignore = bob!*@*\n", self.config())
        bob.privmsg(ROOM, "you cannot see me")
        bob.privmsg(NICK, "nor this")
        alice.privmsg(ROOM, "but me you can")
        screen = self.wait_text("<alice> but me you can")
        self.assertNotIn("you cannot see me", screen)
        self.assertNotIn(":bob", self.status_row())
        self.command("/ignore")
        self.wait_text("1. bob!*@*")
        self.command("/ignore *!*@127.0.0.2 ctcp,joins")
        self.wait_text("Ignoring *!*@127.0.0.2 ctcp,joins")
        self.command("/unignore bob")
        self.wait_text("No longer ignoring bob")
        self.assertEqual(self.config(),
                         "ignore = *!*@127.0.0.2 ctcp,joins\n")
        bob.privmsg(ROOM, "back in view")
        self.wait_text("<bob> back in view")
        # No private window was opened for the ignored message.
        self.assertNotIn("3:bob", self.status_row())
        self.command("/window 3")
        self.wait_text("No window 3")


class Search(NatterTmux):
    """/lastlog and Ctrl-R / Ctrl-S."""

    def chatter(self, alice, n=60):
        for i in range(n):
            alice.privmsg(ROOM, "chatter %02d%s" % (
                i, " with a needle" if i % 20 == 3 else ""))
        self.wait_text("chatter %02d" % (n - 1))

    def test_lastlog(self):
        alice = self.peer()
        self.natter_joined(alice)
        self.chatter(alice)
        self.command("/lastlog needle")
        screen = self.wait_text('Lastlog: 3 lines with "needle":')
        for i in (3, 23, 43):
            self.assertIn("<alice> chatter %02d with a needle" % i, screen)
        # The matches are highlighted (reverse video).
        esc = self.screen(escapes=True)
        self.assertRegex(esc, "\x1b\\[[0-9;]*7[0-9;]*mneedle")
        self.command("/lastlog -n 1 NEEDLE")
        screen = self.wait_text('Lastlog: 1 line with "NEEDLE":')
        after = screen.split('Lastlog: 1 line with "NEEDLE":')[1]
        self.assertEqual(after.count("with a needle"), 1, screen)
        self.assertIn("chatter 43 with a needle", after)
        self.command("/lastlog nothing like it")
        self.wait_text('Lastlog: 0 lines with "nothing like it"')

    def test_incremental_search(self):
        alice = self.peer()
        self.natter_joined(alice)
        self.chatter(alice)
        self.assertNotIn("chatter 03", self.screen())
        self.keys("C-r")
        self.wait(lambda s: self.input_row().startswith(
            "search back (C-r):"), "no search prompt")
        self.type("needle")
        self.wait_text("chatter 43 with a needle")
        self.keys("C-r")
        self.keys("C-r")
        self.wait_text("chatter 03 with a needle")
        self.wait_status("scrolled")
        self.keys("C-r")
        self.wait(lambda s: self.input_row().startswith("failing search"),
                  "no failing search")
        self.keys("C-s")
        self.wait_text("chatter 23 with a needle")
        # Esc: back where it was, the typed line back.
        self.keys("Escape")
        self.wait(lambda s: "scrolled" not in self.status_row() and
                  self.input_row() == "", "Esc did not end the search")
        self.assertNotIn("chatter 03", self.screen())
        # Enter: stays at the match.
        self.keys("C-r")
        self.type("chatter 10")
        self.wait_text("chatter 10")
        self.keys("Enter")
        self.wait(lambda s: self.input_row() == "", "Enter did not end it")
        self.wait_status("scrolled")
        self.assertIn("chatter 10", self.screen())
        self.assertEqual([m for m in alice.drain(timeout=1)
                          if m.command == "PRIVMSG"], [])


class Activity(NatterTmux):
    """Alt-A, activity levels, highlight words, the mouse."""

    def two_rooms(self):
        os.makedirs(os.path.join(self.home, ".config", "natter"))
        with open(os.path.join(self.home, ".config", "natter", "config"),
                  "w") as f:
            f.write("highlight = pizza\n")
        alice = self.peer()
        alice.join("#b")
        self.natter_joined(alice, "-j", "%s,#b" % ROOM)
        self.command("/window 3")
        self.wait_status("3:#b, 2 people")
        self.command("/window 2")
        self.wait_status("2:%s" % ROOM)
        return alice

    def test_alt_a_goes_to_the_highlight_first(self):
        alice = self.two_rooms()
        self.command("/window 1")
        self.wait_status("1:")
        alice.privmsg(ROOM, "just chatting")
        alice.privmsg("#b", "who wants pizza?")
        self.wait_status("act: 2 3!")
        self.keys("M-a")
        self.wait_status("3:#b")
        self.wait_text("<alice> who wants pizza?")
        self.keys("M-a")
        self.wait_status("2:%s" % ROOM)
        self.wait_text("<alice> just chatting")

    def test_mouse_wheel_and_click(self):
        alice = self.two_rooms()
        for i in range(60):
            alice.privmsg(ROOM, "scroll line %02d" % i)
        self.wait_text("scroll line 59")
        # SGR mouse reports, as the terminal sends them: wheel up.
        self.type("\x1b[<64;10;5M")
        self.wait_status("scrolled")
        self.type("\x1b[<65;10;5M" * 10)
        self.wait(lambda s: "scrolled" not in self.status_row(),
                  "the wheel did not scroll back down")
        alice.privmsg("#b", "over here")
        self.wait_status("act: 3")
        status = self.status_row()
        x = status.index("act: 3") + len("act: ") + 1
        y = len(self.rows()) - 1
        self.type("\x1b[<0;%d;%dM\x1b[<0;%d;%dm" % (x, y, x, y))
        self.wait_status("3:#b")
        self.wait_text("<alice> over here")
        self.assertEqual(self.input_row(), "")


class LinksAndCtcp(NatterTmux):
    """/urls, /open, /copy; /ctcp and /ping."""

    def test_urls_open_copy(self):
        browser = os.path.join(self.home, "browser")
        opened = os.path.join(self.home, "opened")
        with open(browser, "w") as f:
            f.write("#!/bin/sh\nprintf '%%s' \"$1\" > '%s.tmp' && "
                    "mv '%s.tmp' '%s'\n" % (opened, opened, opened))
        os.chmod(browser, 0o700)
        self.env["BROWSER"] = browser
        alice = self.peer()
        self.natter_joined(alice)
        self.tmux("set", "-g", "set-clipboard", "on")
        alice.privmsg(ROOM, "docs at https://example.org/docs, and "
                      "(www.example.net/faq)")
        alice.privmsg(ROOM, "and https://example.com/x?y=1")
        self.wait_text("https://example.com/x?y=1")
        self.command("/urls")
        self.wait_text(" 1. https://example.com/x?y=1")
        self.wait_text(" 2. www.example.net/faq")
        self.wait_text(" 3. https://example.org/docs")
        self.command("/open 3")
        self.wait_text("Opening https://example.org/docs with")
        deadline = time.monotonic() + 5
        while not os.path.exists(opened):
            self.assertLess(time.monotonic(), deadline, "not opened")
            time.sleep(0.05)
        with open(opened) as f:
            self.assertEqual(f.read(), "https://example.org/docs")
        self.command("/copy 2")
        self.wait_text("Copied www.example.net/faq")
        deadline = time.monotonic() + 5
        while True:
            buf = self.tmux("show-buffer", check=False).stdout.decode()
            if buf == "www.example.net/faq":
                break
            self.assertLess(time.monotonic(), deadline,
                            "tmux's clipboard has %r" % buf)
            time.sleep(0.05)
        self.command("/open 9")
        self.wait_text("No link 9 here (/urls lists 3)")

    def test_ping_and_ctcp(self):
        alice = self.peer()
        self.natter_joined(alice)
        self.command("/ping alice")
        m = alice.expect(lambda m: m.command == "PRIVMSG" and
                         m.params[-1].startswith("\x01PING "),
                         timeout=CONNECT_TIMEOUT)
        time.sleep(0.2)
        alice.send_line("NOTICE %s :%s" % (NICK, m.params[-1]))
        screen = self.wait_text("PING reply from alice: ")
        rtt = float(screen.split("PING reply from alice: ")[1].split(" ")[0])
        self.assertGreaterEqual(rtt, 0.2)
        self.assertLess(rtt, 10)
        self.command("/ctcp alice time")
        alice.expect(lambda m: m.command == "PRIVMSG" and
                     m.params[-1] == "\x01TIME\x01", timeout=CONNECT_TIMEOUT)
        alice.send_line("NOTICE %s :\x01TIME teatime\x01" % NICK)
        self.wait_text("CTCP TIME reply from alice: teatime")


class NickList(NatterTmux):
    """The nick list pane: Alt-L and /nicklist, sorted, hidden when
    narrow."""

    def test_nicklist(self):
        alice = self.peer()
        zed = self.peer("zed")
        bob = self.peer("bob")
        self.natter_joined(alice)
        self.wait_status("4 people")
        self.keys("M-l")
        col = ui.WIDTH - 17
        def pane(s):
            rows = self.rows()[:ui.HEIGHT - 2]
            return [r[col:].strip(" \u2502|x") for r in rows]
        # alice is the room's operator (she came first): on top.
        self.wait(lambda s: pane(s)[:4] == ["@alice", "bob", "tester",
                                            "zed"],
                  "no sorted nick list on the right")
        # The pane's text wraps before the list.
        alice.privmsg(ROOM, "w" * 95)
        screen = self.wait_text("w" * 60)
        self.assertNotIn("w" * (ui.WIDTH - 17), screen)
        self.assertEqual(sum(r.count("w") for r in self.rows()), 95)
        bob.send_line("PART %s" % ROOM)
        self.wait(lambda s: pane(s)[:3] == ["@alice", "tester", "zed"],
                  "bob's part did not update the list")
        # Too narrow: hidden; wide again: back.
        self.resize(70, ui.HEIGHT)
        self.assertFalse(any(r.endswith("zed") for r in self.rows()))
        self.resize(ui.WIDTH, ui.HEIGHT)
        self.wait(lambda s: pane(s)[:1] == ["@alice"], "not back")
        self.command("/nicklist off")
        self.wait(lambda s: not any(r.rstrip().endswith("zed")
                                    for r in self.rows()), "not hidden")
        zed.privmsg(ROOM, "still here")
        self.wait_text("<zed> still here")


class SafePaste(NatterTmux):
    """Pastes of several lines against a natterd with a strict throttle:
    asked for, paced, stoppable, never lost silently."""
    # 3 lines a second, disconnected after 2 s over it: the old natter's
    # burst of 15 lines got it killed for Excess Flood.
    server_args = ("--flood-rate", "3", "--flood-excess", "2")

    def paste(self, lines):
        self.tmux("set-buffer", "-b", "p", "\n".join(lines) + "\n")
        self.tmux("paste-buffer", "-p", "-b", "p", "-t", "ui")

    def received(self, alice, n, timeout):
        got = []
        for _ in range(n):
            m = alice.expect(lambda m: m.command == "PRIVMSG" and
                             m.nick == NICK, timeout=timeout)
            got.append(m.params[-1])
        return got

    def test_paste_is_paced_and_all_arrive(self):
        alice = self.peer()
        self.natter_joined(alice)
        lines = ["pasted line %02d" % i for i in range(15)]
        self.paste(lines)
        self.wait(lambda s: self.input_row() ==
                  "Send 15 lines to %s? Enter/Esc" % ROOM,
                  "the paste was not asked for")
        self.keys("Enter")
        self.wait_status("paste ")
        self.assertEqual(self.received(alice, 15, CONNECT_TIMEOUT), lines)
        self.wait(lambda s: "paste " not in self.status_row(),
                  "the progress stayed in the status line")
        self.assertNotIn("Excess Flood", self.screen())
        self.assertNotIn("Disconnected", self.screen())

    def test_esc_stops_and_says_so(self):
        alice = self.peer()
        self.natter_joined(alice)
        lines = ["stoppable %02d" % i for i in range(20)]
        self.paste(lines)
        self.wait_text("Send 20 lines")
        self.keys("Enter")
        self.received(alice, 6, CONNECT_TIMEOUT)
        self.keys("Escape")
        screen = self.wait_text("Paste stopped (Esc)")
        line = [l for l in screen.split("\n") if "Paste stopped" in l][0]
        sent = int(line.split(": ")[1].split(" ")[0])
        self.assertIn("%d not sent" % (20 - sent), line)
        got = [m.params[-1] for m in alice.drain(timeout=2)
               if m.command == "PRIVMSG"]
        self.assertEqual(6 + len(got), sent)

    def test_esc_at_the_question_sends_nothing(self):
        alice = self.peer()
        self.natter_joined(alice)
        self.type("kept")
        self.paste(["one", "two", "three"])
        self.wait_text("Send 3 lines")
        self.keys("Escape")
        self.wait_text("Paste of 3 lines not sent")
        self.wait(lambda s: self.input_row() == "kept",
                  "the typed line did not come back")
        self.assertEqual([m for m in alice.drain(timeout=1)
                          if m.command == "PRIVMSG"], [])

    def test_paste_in_the_server_window(self):
        alice = self.peer()
        self.natter_joined(alice)
        self.command("/window 1")
        self.paste(["a", "b", "c"])
        screen = self.wait_text("Not sent: this is the server window")
        self.assertEqual(screen.count("Not sent"), 1, screen)


class DailyFake(NatterTmux):
    """Against the fake server, which can drop the connection."""
    start_natterd = False

    def setUp(self):
        super().setUp()
        self.fake = fakeircd.FakeIrcd()
        self.addCleanup(self.fake.close)
        self.port = self.fake.port

    def online(self):
        self.fake.accept(CONNECT_TIMEOUT)
        self.assertTrue(self.fake.wait_for(lambda: self.fake.joined,
                                           CONNECT_TIMEOUT),
                        "natter did not join: %s" % self.fake.received)

    def test_cp1252_text(self):
        # natterd refuses text that is not UTF-8 (UTF8ONLY); other
        # servers pass it on.
        self.start_natter("-j", "#bench")
        self.online()
        self.fake.send(b":alice!a@h PRIVMSG #bench :caf\xe9 \x93quoted\x94 "
                       b"\x80 5\r\n")
        self.wait_text("<alice> caf\u00e9 \u201cquoted\u201d \u20ac 5")

    def test_away_survives_reconnect(self):
        self.start_natter("-j", "#bench")
        self.online()
        self.command("/away gone fishing")
        self.assertTrue(self.fake.wait_for(
            lambda: self.fake.received.count("AWAY") == 1, ui.STEP_TIMEOUT))
        self.fake.send(":%s 306 %s :You have been marked as being away\r\n"
                       % (fakeircd.SERVER, NICK))
        self.wait_status("(away)")
        self.fake.drop()
        self.wait_text("Disconnected")
        self.online()
        # AWAY again, before the rooms are joined.
        self.assertTrue(self.fake.wait_for(
            lambda: self.fake.received.count("AWAY") == 2, ui.STEP_TIMEOUT),
            self.fake.received)
        got = self.fake.received
        self.assertLess(len(got) - got[::-1].index("AWAY"),
                        len(got) - got[::-1].index("JOIN"))
        self.command("/quit")
        self.wait_text("natter-exited-0")


if __name__ == "__main__":
    ui.require_natter()
    unittest.main(verbosity=2)
