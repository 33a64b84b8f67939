"""natterd: command line, registration (NICK/USER, CAP, PASS), the welcome
burst (001-005, MOTD), PING/PONG, nickname rules and IPv6 loopback."""

import re
import subprocess
import time
import unittest

from natterd_harness import (NatterdTestCase, Natterd, natterd_path,
                             have_ipv6_loopback, main)


class CommandLine(unittest.TestCase):

    def run_natterd(self, *args):
        return subprocess.run([natterd_path()] + list(args),
                              stdin=subprocess.DEVNULL, capture_output=True,
                              timeout=5)

    def test_help(self):
        for opt in ("-h", "--help"):
            r = self.run_natterd(opt)
            self.assertEqual(r.returncode, 0, (opt, r))
            self.assertIn(b"usage", r.stdout.lower(), (opt, r))
            for word in (b"-p", b"-b", b"--motd", b"--password"):
                self.assertIn(word, r.stdout, (opt, r))

    def test_version(self):
        for opt in ("-V", "--version"):
            r = self.run_natterd(opt)
            self.assertEqual(r.returncode, 0, (opt, r))
            self.assertIn(b"natterd", r.stdout, (opt, r))
            self.assertRegex(r.stdout.decode(), r"\d+\.\d+", (opt, r))

    def test_unknown_option(self):
        r = self.run_natterd("--no-such-option")
        self.assertNotEqual(r.returncode, 0, r)
        self.assertIn(b"usage", r.stderr.lower(), r)

    def test_port_zero_reports_port(self):
        server = Natterd()
        try:
            server.start()
            self.assertGreater(server.port, 0)
            c = server.client()
            c.register("portcheck")
            c.close()
        finally:
            server.stop()


class Welcome(NatterdTestCase):

    def test_nick_then_user(self):
        c = self.connect()
        burst = c.register("alice", user="al", realname="Alice Liddell")
        cmds = [m.command for m in burst]
        for numeric in ("001", "002", "003", "004", "005"):
            self.assertIn(numeric, cmds, burst)
        # 001..004 in order, 005 after them, then the MOTD part.
        first = [cmds.index(n) for n in ("001", "002", "003", "004")]
        self.assertEqual(first, sorted(first), burst)
        self.assertGreater(cmds.index("005"), cmds.index("004"), burst)
        self.assertEqual(cmds[-1], "422", burst)
        server = c.server_name
        self.assertTrue(server)
        for m in burst:
            self.assertEqual(m.source, server, m)
            self.assertEqual(m.params[0], "alice", m)
        self.assertIn("alice", burst[cmds.index("001")].text)
        myinfo = burst[cmds.index("004")]
        self.assertEqual(myinfo.params[1], server, myinfo)

    def test_user_then_nick(self):
        c = self.connect()
        c.send_line("USER bob 0 * :Bob")
        c.send_line("NICK bob")
        burst = c.finish_registration()
        self.assertEqual(c.nick, "bob")
        self.assertEqual(burst[0].command, "001", burst)

    def test_nick_changed_before_user(self):
        c = self.connect()
        c.send_line("NICK first")
        c.send_line("NICK second")
        c.send_line("USER u 0 * :x")
        c.finish_registration()
        self.assertEqual(c.nick, "second")
        d = self.connect()
        d.register("first")          # the first choice was released

    def test_registration_lines_fit(self):
        c = self.connect()
        burst = c.register("x" * 30)
        for m in burst:
            self.assertLessEqual(len(m.raw), 510, m)

    def test_isupport(self):
        c = self.connect()
        c.register("carol")
        tokens = c.isupport
        self.assertEqual(tokens.get("CASEMAPPING"), "ascii", tokens)
        self.assertEqual(tokens.get("CHANTYPES"), "#", tokens)
        self.assertEqual(tokens.get("NICKLEN"), "30", tokens)
        self.assertEqual(tokens.get("CHANNELLEN"), "50", tokens)
        self.assertEqual(tokens.get("TOPICLEN"), "390", tokens)
        for key in ("PREFIX", "CHANMODES", "NETWORK"):
            self.assertIn(key, tokens)
        self.assertTrue(tokens["NETWORK"], tokens)
        for m in c.welcome:
            if m.command == "005":
                self.assertEqual(m.params[-1], "are supported by this server")

    def test_host_is_client_address(self):
        c = self.connect()
        c.register("dave", user="dv")
        msgs = c.join("#host")
        join = [m for m in msgs if m.command == "JOIN"][0]
        self.assertEqual(join.nick, "dave")
        self.assertEqual(join.user, "dv", join)
        self.assertEqual(join.host, "127.0.0.1", join)

    def test_no_motd(self):
        c = self.connect()
        burst = c.register("erin")
        self.assertEqual(burst[-1].command, "422", burst)
        self.assertFalse([m for m in burst if m.command in
                          ("375", "372", "376")], burst)

    def test_ping_before_and_after_registration(self):
        c = self.connect()
        c.send_line("PING early-token")
        pong = c.expect("PONG")
        self.assertEqual(pong.text, "early-token", pong)
        self.assertEqual(pong.params[0], pong.source, pong)
        c.register("frank")
        self.assertEqual(pong.source, c.server_name)
        c.send_line("PING :late token")
        pong = c.expect("PONG")
        self.assertEqual(pong.source, c.server_name, pong)
        self.assertEqual(pong.params, [c.server_name, "late token"], pong)

    def test_pong_is_silent(self):
        c = self.connect()
        c.register("gina")
        c.send_line("PONG :whatever")
        c.send_line("PONG %s :tok" % c.server_name)
        self.assertEqual(c.drain(), [])


class Motd(NatterdTestCase):
    server_kwargs = {"motd_lines": ["Welcome to the LAN.", "",
                                    "欢迎 — second line"]}

    def test_motd(self):
        c = self.connect()
        burst = c.register("henry")
        cmds = [m.command for m in burst]
        self.assertNotIn("422", cmds, burst)
        self.assertIn("375", cmds, burst)
        self.assertEqual(cmds[-1], "376", burst)
        motd = [m.text for m in burst if m.command == "372"]
        self.assertEqual(motd, ["- Welcome to the LAN.", "- ",
                                "- 欢迎 — second line"], burst)
        self.assertLess(cmds.index("375"), cmds.index("372"))


# What CAP LS offers: test_caps.py's list (it tests each of them).
from test_caps import CAPS as CAPS_OFFERED  # noqa: E402


class Cap(NatterdTestCase):

    def test_cap_ls_holds_registration(self):
        for version in ("", " 302"):
            with self.subTest(version=version):
                c = self.connect()
                c.send_line("CAP LS" + version)
                c.send_line("NICK capper%d" % len(version))
                c.send_line("USER u 0 * :Cap")
                ls = c.expect("CAP")
                self.assertEqual(ls.params[:2], ["*", "LS"], ls)
                self.assertEqual(sorted(ls.params[2].split()), CAPS_OFFERED,
                                 ls)
                before = c.drain()
                self.assertFalse([m for m in before if m.command == "001"],
                                 "registered before CAP END: %r" % before)
                c.send_line("CAP END")
                c.finish_registration()
                self.assertEqual(c.nick, "capper%d" % len(version))

    def test_cap_req_nak(self):
        c = self.connect()
        c.send_line("CAP LS 302")
        c.expect("CAP")
        c.send_line("CAP REQ :foo")
        nak = c.expect("CAP")
        self.assertEqual(nak.params, ["*", "NAK", "foo"], nak)
        c.send_line("CAP REQ :server-time foo")
        nak = c.expect("CAP")
        self.assertEqual(nak.params[1], "NAK", nak)
        self.assertEqual(nak.params[2].split(), ["server-time", "foo"], nak)
        c.send_line("NICK capreq")
        c.send_line("USER u 0 * :x")
        c.send_line("CAP END")
        c.finish_registration()

    def test_cap_list(self):
        c = self.connect()
        c.send_line("CAP LIST")
        m = c.expect("CAP")
        self.assertEqual(m.params, ["*", "LIST", ""], m)
        c.send_line("CAP END")
        c.register("caplist")
        c.send_line("CAP LIST")
        m = c.expect("CAP")
        self.assertEqual(m.params, ["caplist", "LIST", ""], m)

    def test_cap_unknown_subcommand(self):
        c = self.connect()
        c.send_line("CAP FROB")
        m = c.expect("410")
        self.assertEqual(m.params[:2], ["*", "FROB"], m)
        c.register("capfrob")
        c.send_line("CAP FROB")
        m = c.expect("410")
        self.assertEqual(m.params[:2], ["capfrob", "FROB"], m)


class Password(NatterdTestCase):
    server_kwargs = {"password": "s3cret"}

    def test_right_password(self):
        c = self.connect()
        c.register("ivan", password="s3cret")
        self.assertEqual(c.nick, "ivan")

    def check_rejected(self, c, nick):
        msgs = c.read_until_closed()
        cmds = [m.command for m in msgs]
        self.assertIn("464", cmds, msgs)
        self.assertNotIn("001", cmds, msgs)
        self.assertIn("ERROR", cmds, msgs)
        self.assertLess(cmds.index("464"), cmds.index("ERROR"), msgs)
        # Before registration the target is the nick given so far, or "*".
        self.assertIn(msgs[cmds.index("464")].params[0], ("*", nick), msgs)

    def test_wrong_password(self):
        c = self.connect()
        c.send_line("PASS wrong")
        c.send_line("NICK judy")
        c.send_line("USER u 0 * :J")
        self.check_rejected(c, "judy")

    def test_missing_password(self):
        c = self.connect()
        c.send_line("NICK kate")
        c.send_line("USER u 0 * :K")
        self.check_rejected(c, "kate")

    def test_server_still_works_after_rejection(self):
        bad = self.connect()
        bad.send_line("PASS nope")
        bad.send_line("NICK liam")
        bad.send_line("USER u 0 * :L")
        self.check_rejected(bad, "liam")
        good = self.connect()
        good.register("liam", password="s3cret")


class Nicknames(NatterdTestCase):

    def test_utf8_nick(self):
        c = self.connect()
        c.register("小明")
        self.assertEqual(c.nick, "小明")
        msgs = c.join("#中文")
        join = [m for m in msgs if m.command == "JOIN"][0]
        self.assertEqual(join.nick, "小明")

    def test_longest_nicks(self):
        c = self.connect()
        c.register("n" * 30)
        self.assertEqual(c.nick, "n" * 30)
        d = self.connect()
        d.register("字" * 10)          # 30 bytes
        self.assertEqual(d.nick, "字" * 10)

    def test_erroneous_nicks(self):
        bad = ["1abc", "-abc", ":a b", "a,b", "a*b", "a!b", "a@b", "#abc",
               "n" * 31, "字" * 11, b"caf\xff".decode("utf-8",
                                                     "surrogateescape"),
               b"x\xc3".decode("utf-8", "surrogateescape")]
        c = self.connect()
        for nick in bad:
            with self.subTest(nick=nick):
                c.send_line("NICK " + nick)
                m = c.expect(("432", "001", "433", "431"))
                self.assertEqual(m.command, "432", m)
                self.assertEqual(m.params[0], "*", m)
        c.register("goodnick")
        for nick in bad:
            with self.subTest(nick=nick, registered=True):
                c.send_line("NICK " + nick)
                m = c.expect(("432", "NICK", "433", "431"))
                self.assertEqual(m.command, "432", m)
                self.assertEqual(m.params[0], "goodnick", m)

    def test_no_nickname_given(self):
        c = self.connect()
        c.send_line("NICK")
        m = c.expect("431")
        self.assertEqual(m.params[0], "*", m)
        c.register("mona")
        c.send_line("NICK")
        m = c.expect("431")
        self.assertEqual(m.params[0], "mona", m)

    def test_nick_in_use_case_insensitive(self):
        self.registered("Alice")
        c = self.connect()
        for nick in ("Alice", "alice", "ALICE"):
            with self.subTest(nick=nick):
                c.send_line("NICK " + nick)
                m = c.expect(("433", "001"))
                self.assertEqual(m.command, "433", m)
                self.assertEqual(m.params[:2], ["*", nick], m)
        c.register("alice2")
        c.send_line("NICK aLiCe")
        m = c.expect(("433", "NICK"))
        self.assertEqual(m.command, "433", m)
        self.assertEqual(m.params[:2], ["alice2", "aLiCe"], m)

    def test_own_nick_case_change(self):
        c = self.connect()
        c.register("nora")
        c.send_line("NICK Nora")
        m = c.expect(("NICK", "433"))
        self.assertEqual(m.command, "NICK", m)
        self.assertEqual(m.params[0], "Nora", m)


class NotRegistered(NatterdTestCase):

    def test_commands_before_registration(self):
        c = self.connect()
        for line in ("JOIN #a", "PRIVMSG #a :hi", "PRIVMSG bob :hi",
                     "PART #a", "TOPIC #a", "FROBNICATE x"):
            with self.subTest(line=line):
                c.send_line(line)
                m = c.expect(lambda m: m.command.isdigit())
                self.assertEqual(m.command, "451", m)
                self.assertEqual(m.params[0], "*", m)
        c.register("olga")

    def test_user_needs_params(self):
        c = self.connect()
        c.send_line("USER a")
        m = c.expect("461")
        self.assertEqual(m.params[:2], ["*", "USER"], m)
        # Empty names are missing ones: the USER is not taken.
        for line in ("USER u * * :", "USER u 0 0 :"):
            with self.subTest(line=line):
                c.send_line(line)
                m = c.expect("461")
                self.assertEqual(m.params[:2], ["*", "USER"], m)
        c.register("pete")

    def test_user_again(self):
        c = self.connect()
        c.register("quinn")
        c.send_line("USER again 0 * :Again")
        m = c.expect("462")
        self.assertEqual(m.params[0], "quinn", m)


class IPv6(unittest.TestCase):

    @unittest.skipUnless(have_ipv6_loopback(), "no ::1 on this machine")
    def test_bind_ipv6_loopback(self):
        server = Natterd(bind="::1")
        try:
            server.start()
            c = server.client()
            c.register("six")
            c.send_line("JOIN #v6")
            join = c.expect("JOIN")
            self.assertIn(join.host, ("::1", "0::1"), join)
            c.close()
        finally:
            server.stop()


if __name__ == "__main__":
    main()
