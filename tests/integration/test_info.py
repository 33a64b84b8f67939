"""natterd: questions about people and the server: WHO (352/315), WHOIS
(311 319 312 313 301 317 318, 401), LIST (321/322/323), LUSERS (251-255,
265/266, also in the registration burst), ISON (303), USERHOST (302), TIME
(391), VERSION (351 + 005), MOTD, and AWAY (305/306, 301 to senders)."""

import subprocess
import time

from natterd_harness import NatterdTestCase, main, natterd_path

HOST = "127.0.0.1"


def numeric(m):
    """a numeric reply"""
    return m.command.isdigit()


def ask(client, line, end):
    """Send a line; return the numerics it caused up to and including the
    first `end` numeric."""
    client.send_line(line)
    msgs = client.lines_until(end)
    return [m for m in msgs if numeric(m)]


def assert_refused(test, option, values, says):
    """natterd given option with each of values exits 1 saying says."""
    for bad in values:
        with test.subTest(value=bad[:10]):
            r = subprocess.run([natterd_path(), option, bad, "-p", "0",
                                "-b", HOST, "--no-discovery"],
                               capture_output=True, timeout=10, text=True)
            test.assertEqual(r.returncode, 1, r)
            test.assertIn(says, r.stderr)


def server_version():
    """`natterd -V` prints "natterd X.Y.Z"."""
    out = subprocess.run([natterd_path(), "-V"], capture_output=True,
                         timeout=10, text=True).stdout
    return out.split()[-1]


class Who(NatterdTestCase):

    def setUp(self):
        super().setUp()
        self.a = self.registered("pam", user="pamu", realname="Pam Smith")
        self.b = self.registered("ray", user="rayu", realname="Ray  Jones")
        self.c = self.registered("sue", user="sueu", realname="Sue")
        for cl in (self.a, self.b):
            cl.join("#r")
        for cl in (self.a, self.b, self.c):
            cl.drain()
        self.server_name = self.a.server_name

    def test_who_room(self):
        for asker, me in ((self.a, "pam"), (self.c, "sue")):
            with self.subTest(asker=me):
                msgs = ask(asker, "WHO #r", "315")
                self.assertEqual([m.command for m in msgs],
                                 ["352", "352", "315"], msgs)
                self.assertEqual(msgs[0].params, [
                    me, "#r", "pamu", HOST, self.server_name, "pam", "H@",
                    "0 Pam Smith"], msgs[0])
                self.assertEqual(msgs[1].params, [
                    me, "#r", "rayu", HOST, self.server_name, "ray", "H",
                    "0 Ray  Jones"], msgs[1])
                self.assertEqual(msgs[2].params[:2], [me, "#r"], msgs[2])

    def test_who_room_case_and_unknown(self):
        msgs = ask(self.c, "WHO #R", "315")
        self.assertEqual([m.params[5] for m in msgs if m.command == "352"],
                         ["pam", "ray"], msgs)
        msgs = ask(self.c, "WHO #nosuch", "315")
        self.assertEqual([m.command for m in msgs], ["315"], msgs)
        self.assertEqual(msgs[0].params[:2], ["sue", "#nosuch"], msgs)

    def test_who_nick(self):
        msgs = ask(self.c, "WHO RAY", "315")
        self.assertEqual([m.command for m in msgs], ["352", "315"], msgs)
        self.assertEqual(msgs[0].params, [
            "sue", "#r", "rayu", HOST, self.server_name, "ray", "H",
            "0 Ray  Jones"], msgs[0])
        self.assertEqual(msgs[1].params[:2], ["sue", "RAY"], msgs[1])
        # Someone in no room.
        msgs = ask(self.a, "WHO sue", "315")
        self.assertEqual(msgs[0].params, [
            "pam", "*", "sueu", HOST, self.server_name, "sue", "H", "0 Sue"],
            msgs[0])
        msgs = ask(self.a, "WHO nobody", "315")
        self.assertEqual([m.command for m in msgs], ["315"], msgs)
        self.assertEqual(msgs[0].params[:2], ["pam", "nobody"], msgs)

    def test_who_away_flag(self):
        self.b.send_line("AWAY :gone")
        self.b.expect("306")
        msgs = ask(self.c, "WHO #r", "315")
        flags = {m.params[5]: m.params[6] for m in msgs if m.command == "352"}
        self.assertEqual(flags, {"pam": "H@", "ray": "G"}, msgs)
        self.a.send_line("AWAY :lunch")
        self.a.expect("306")
        msgs = ask(self.c, "WHO pam", "315")
        self.assertEqual(msgs[0].params[6], "G@", msgs)
        self.a.send_line("AWAY")
        self.a.expect("305")
        msgs = ask(self.c, "WHO pam", "315")
        self.assertEqual(msgs[0].params[6], "H@", msgs)

    def test_who_masks(self):
        def nicks(line):
            msgs = ask(self.c, line, "315")
            self.assertEqual(msgs[-1].params[1], line.split()[1], msgs)
            return sorted(m.params[5] for m in msgs if m.command == "352")
        self.assertEqual(nicks("WHO *"), ["pam", "ray", "sue"])
        self.assertEqual(nicks("WHO P*"), ["pam"])
        self.assertEqual(nicks("WHO ?a?"), ["pam", "ray"])
        self.assertEqual(nicks("WHO *Jones"), ["ray"])      # real name
        self.assertEqual(nicks("WHO sue?"), ["sue"])        # user name
        self.assertEqual(nicks("WHO 127.0.0.*"), ["pam", "ray", "sue"])
        self.assertEqual(nicks("WHO x*"), [])
        # The o flag: operators only.
        self.assertEqual(nicks("WHO * o"), [])

    def test_who_mask_skips_invisible_strangers(self):
        self.c.send_line("MODE sue +i")
        self.c.expect("MODE")
        # pam shares no room with sue: a mask does not find her, her nick does.
        msgs = ask(self.a, "WHO s*", "315")
        self.assertEqual([m.command for m in msgs], ["315"], msgs)
        msgs = ask(self.a, "WHO sue", "315")
        self.assertEqual([m.command for m in msgs], ["352", "315"], msgs)
        # She finds herself; once they share a room, pam finds her.
        msgs = ask(self.c, "WHO s*", "315")
        self.assertEqual([m.command for m in msgs], ["352", "315"], msgs)
        self.c.join("#r")
        self.a.drain()
        msgs = ask(self.a, "WHO s*", "315")
        self.assertEqual([m.command for m in msgs], ["352", "315"], msgs)

    def test_whox(self):
        msgs = ask(self.c, "WHO pam %tcuihsnfdlaor,42", "315")
        self.assertEqual([m.command for m in msgs], ["354", "315"], msgs)
        p = msgs[0].params
        self.assertEqual(p[:10], ["sue", "42", "#r", "pamu", HOST, HOST,
                                  self.server_name, "pam", "H@", "0"], p)
        self.assertTrue(p[10].isdigit(), p)                 # idle
        self.assertEqual(p[11:], ["0", "n/a", "Pam Smith"], p)
        # The fields come in WHOX's order whatever the order asked.
        msgs = ask(self.c, "WHO #r %rn", "315")
        self.assertEqual([m.params[1:] for m in msgs if m.command == "354"],
                         [["pam", "Pam Smith"], ["ray", "Ray  Jones"]], msgs)
        msgs = ask(self.c, "WHO ray %n", "315")
        self.assertEqual(msgs[0].params, ["sue", "ray"], msgs)
        # No token given: t is 0.
        msgs = ask(self.c, "WHO ray %tn", "315")
        self.assertEqual(msgs[0].params, ["sue", "0", "ray"], msgs)
        isupport = [tok for m in self.a.welcome if m.command == "005"
                    for tok in m.params[1:-1]]
        self.assertIn("WHOX", isupport)


class Whois(NatterdTestCase):

    def test_whois(self):
        before = int(time.time())
        a = self.registered("pam", user="pamu", realname="Pam Smith")
        after = int(time.time())
        a.join("#r")
        b = self.registered("ray")
        b.join("#r")
        b.join("#s")
        a.join("#s")
        b.join("#t")
        for cl in (a, b):
            cl.drain()
        server = a.server_name
        msgs = ask(b, "WHOIS pam", "318")
        self.assertEqual([m.command for m in msgs],
                         ["311", "319", "312", "317", "318"], msgs)
        self.assertEqual(msgs[0].params,
                         ["ray", "pam", "pamu", HOST, "*", "Pam Smith"])
        self.assertEqual(msgs[1].params[:2], ["ray", "pam"], msgs[1])
        self.assertEqual(sorted(msgs[1].params[2].split()), ["#s", "@#r"],
                         msgs[1])
        self.assertEqual(msgs[2].params[:3], ["ray", "pam", server], msgs[2])
        self.assertEqual(msgs[3].params[:2], ["ray", "pam"], msgs[3])
        idle, signon = int(msgs[3].params[2]), int(msgs[3].params[3])
        self.assertTrue(0 <= idle <= time.time() - before + 1, msgs[3])
        self.assertTrue(before - 1 <= signon <= after + 1, msgs[3])
        self.assertEqual(msgs[4].params[:2], ["ray", "pam"], msgs[4])

        msgs = ask(a, "WHOIS RAY", "318")
        chans = [m for m in msgs if m.command == "319"][0]
        self.assertEqual(sorted(chans.params[2].split()), ["#r", "@#s", "@#t"],
                         chans)
        self.assertEqual(msgs[-1].params[:2], ["pam", "ray"], msgs[-1])
        self.assertEqual(msgs[0].params[1], "ray", msgs[0])

    def test_whois_many_long_rooms(self):
        # Many long room names are split over several 319 lines, as NAMES
        # does, never cut in the middle of a name (this was a bug).
        a = self.registered("pam")
        b = self.registered("ray")
        limit = int(b.isupport["CHANLIMIT"].split(":")[1])
        width = int(b.isupport["CHANNELLEN"])
        rooms = ["#%02d" % i + "x" * (width - 3) for i in range(limit)]
        for room in rooms:
            b.join(room)
        msgs = ask(a, "WHOIS ray", "318")
        listed = []
        for m in msgs:
            if m.command == "319":
                self.assertLessEqual(len(m.raw), 510, m)
                listed += m.params[2].split()
        self.assertEqual(sorted(n.lstrip("@") for n in listed), rooms,
                         [m for m in msgs if m.command == "319"])

    def test_whois_no_rooms_and_server_form(self):
        a = self.registered("pam")
        self.registered("ray", user="rayu", realname="R")
        for line in ("WHOIS ray", "WHOIS %s ray" % a.server_name,
                     "WHOIS ray ray"):
            with self.subTest(line=line):
                msgs = ask(a, line, "318")
                self.assertEqual([m.command for m in msgs],
                                 ["311", "312", "317", "318"], msgs)
                self.assertEqual(msgs[0].params[1:3], ["ray", "rayu"], msgs)

    def test_whois_unknown(self):
        a = self.registered("pam")
        # Reserved by an unregistered connection: nobody yet.
        half = self.connect()
        half.send_line("NICK halfway")
        half.send_line("PING x")
        half.expect("PONG")
        for nick in ("nobody", "halfway"):
            with self.subTest(nick=nick):
                msgs = ask(a, "WHOIS " + nick, "318")
                self.assertEqual([m.command for m in msgs], ["401", "318"],
                                 msgs)
                self.assertEqual(msgs[0].params[:2], ["pam", nick], msgs)
                self.assertEqual(msgs[1].params[:2], ["pam", nick], msgs)
        a.send_line("WHOIS")
        m = a.expect(numeric)
        self.assertEqual((m.command, m.params[:2]), ("461", ["pam", "WHOIS"]))

    def test_whois_away(self):
        a = self.registered("pam")
        b = self.registered("ray")
        b.send_line("AWAY :at lunch, back at 1")
        b.expect("306")
        msgs = ask(a, "WHOIS ray", "318")
        self.assertEqual([m.command for m in msgs],
                         ["311", "312", "301", "317", "318"], msgs)
        self.assertEqual(msgs[2].params, ["pam", "ray",
                                          "at lunch, back at 1"])

    def test_whois_idle(self):
        a = self.registered("pam")
        b = self.registered("ray")
        time.sleep(2.2)
        # PING and WHOIS do not count as activity.
        b.drain()
        msgs = ask(a, "WHOIS ray", "317")
        idle = int(msgs[-1].params[2])
        self.assertGreaterEqual(idle, 2, msgs[-1])
        self.assertLessEqual(idle, 5, msgs[-1])
        b.privmsg("pam", "hi")
        a.expect("PRIVMSG")
        msgs = ask(a, "WHOIS ray", "317")
        self.assertLessEqual(int(msgs[-1].params[2]), 1, msgs[-1])


class WhoisOper(NatterdTestCase):

    server_args = ("--oper", "boss:pw")

    def test_oper_in_whois_who_userhost_lusers(self):
        a, b = self.in_room("#r", "pam", "ray")
        b.send_line("OPER boss pw")
        b.expect("381")
        msgs = ask(a, "WHOIS ray", "318")
        self.assertEqual([m.command for m in msgs],
                         ["311", "319", "312", "313", "317", "318"], msgs)
        self.assertEqual(msgs[3].params[:2], ["pam", "ray"], msgs)
        msgs = ask(a, "WHO #r", "315")
        self.assertEqual([m.params[6] for m in msgs if m.command == "352"],
                         ["H@", "H*"], msgs)
        msgs = ask(a, "USERHOST ray", "302")
        self.assertEqual(msgs[-1].params, ["pam", "ray*=+user@" + HOST])
        msgs = ask(a, "LUSERS", "266")
        self.assertEqual([m.params[1] for m in msgs if m.command == "252"],
                         ["1"], msgs)
        # Gone with the client.
        b.send_line("QUIT")
        b.read_until_closed()
        msgs = ask(a, "LUSERS", "266")
        self.assertEqual([m.params[1] for m in msgs if m.command == "252"],
                         ["0"], msgs)


class List(NatterdTestCase):

    def test_list(self):
        a, b = self.in_room("#r", "pam", "ray")
        a.send_line("TOPIC #r :the topic: with colon")
        a.expect("TOPIC")
        a.join("#s")
        c = self.registered("sue")
        msgs = ask(c, "LIST", "323")
        self.assertEqual(msgs[0].command, "321", msgs)
        self.assertEqual(msgs[0].params[:2], ["sue", "Channel"], msgs)
        self.assertEqual(msgs[-1].params[0], "sue", msgs)
        rows = sorted(m.params for m in msgs if m.command == "322")
        self.assertEqual(rows, [["sue", "#r", "2", "the topic: with colon"],
                                ["sue", "#s", "1", ""]], msgs)
        self.assertEqual([m.command for m in msgs],
                         ["321", "322", "322", "323"], msgs)

    def test_list_filter(self):
        a = self.registered("pam")
        for room in ("#a", "#b", "#c"):
            a.join(room)
        for line, want in (("LIST #a,#c", ["#a", "#c"]),
                           ("LIST #B", ["#b"]),
                           ("LIST #nosuch", []),
                           ("LIST #a,#nosuch", ["#a"])):
            with self.subTest(line=line):
                msgs = ask(a, line, "323")
                self.assertEqual(msgs[0].command, "321", msgs)
                self.assertEqual(sorted(m.params[1] for m in msgs
                                        if m.command == "322"), want, msgs)

    def test_list_counts_follow_members(self):
        a, b, c = self.in_room("#r", "pam", "ray", "sue")
        msgs = ask(a, "LIST #r", "323")
        self.assertEqual([m.params[2] for m in msgs if m.command == "322"],
                         ["3"])
        c.send_line("PART #r")
        c.expect("PART")
        b.send_line("QUIT")
        b.read_until_closed()
        msgs = ask(a, "LIST #r", "323")
        self.assertEqual([m.params[2] for m in msgs if m.command == "322"],
                         ["1"])
        a.send_line("PART #r")
        a.expect("PART")
        # An empty room is gone, or listed with nobody in it.
        msgs = ask(a, "LIST", "323")
        self.assertIn([m.params[1:3] for m in msgs if m.command == "322"],
                      ([], [["#r", "0"]]), msgs)


def lusers(msgs):
    """{numeric: message} of an LUSERS block."""
    return {m.command: m for m in msgs
            if m.command in ("251", "252", "253", "254", "255", "265", "266")}


class Lusers(NatterdTestCase):

    def test_lusers_in_registration_burst(self):
        a = self.connect()
        burst = a.register("pam")
        cmds = [m.command for m in burst]
        last005 = len(cmds) - 1 - cmds[::-1].index("005")
        self.assertEqual(cmds[last005 + 1:],
                         ["251", "252", "253", "254", "255", "265", "266",
                          "422"], burst)
        got = lusers(burst)
        self.assertEqual(got["251"].params[1],
                         "There are 1 users and 0 invisible on 1 servers")
        self.assertEqual(got["265"].params[1:3], ["1", "1"], got["265"])

    def test_lusers_counts(self):
        a, b = self.in_room("#r", "pam", "ray")
        c = self.registered("sue")
        c.join("#s")
        c.join("#t")
        # An unregistered connection, surely accepted once it answered.
        u = self.connect()
        u.send_line("PING x")
        u.expect("PONG")
        msgs = ask(a, "LUSERS", "266")
        self.assertEqual([m.command for m in msgs],
                         ["251", "252", "253", "254", "255", "265", "266"],
                         msgs)
        got = lusers(msgs)
        for m in msgs:
            self.assertEqual(m.params[0], "pam", m)
        self.assertEqual(got["251"].params[1],
                         "There are 3 users and 0 invisible on 1 servers")
        self.assertEqual(got["252"].params[1], "0")
        self.assertEqual(got["253"].params[1], "1")
        self.assertEqual(got["254"].params[1], "3")
        # The unregistered connection is 253's, not a client of 255's.
        self.assertEqual(got["255"].params[1],
                         "I have 3 clients and 0 servers")
        self.assertEqual(got["265"].params[1:3], ["3", "3"], got["265"])
        self.assertEqual(got["266"].params[1:3], ["3", "3"], got["266"])
        # Someone leaves: current goes down, the maximum stays.
        c.send_line("QUIT :bye")
        c.read_until_closed()
        u.close()
        got = lusers(ask(a, "LUSERS", "266"))
        self.assertEqual(got["265"].params[1:3], ["2", "3"], got["265"])
        self.assertEqual(got["266"].params[1:3], ["2", "3"], got["266"])
        self.assertEqual(got["254"].params[1], "1")
        self.assertEqual(got["251"].params[1],
                         "There are 2 users and 0 invisible on 1 servers")
        # +i moves a user from the first count of 251 to the second.
        b.send_line("MODE ray +i")
        b.expect("MODE")
        got = lusers(ask(a, "LUSERS", "266"))
        self.assertEqual(got["251"].params[1],
                         "There are 1 users and 1 invisible on 1 servers")
        self.assertEqual(got["255"].params[1], "I have 2 clients and 0 servers")
        b.send_line("QUIT")
        b.read_until_closed()
        got = lusers(ask(a, "LUSERS", "266"))
        self.assertEqual(got["251"].params[1],
                         "There are 1 users and 0 invisible on 1 servers")


class Ison(NatterdTestCase):

    def test_ison(self):
        a = self.registered("pam")
        self.registered("ray")
        self.registered("Sue")
        half = self.connect()
        half.send_line("NICK halfway")
        half.send_line("PING x")
        half.expect("PONG")
        for line, want in (("ISON ray nobody SUE", "ray Sue"),
                           ("ISON :ray nobody SUE", "ray Sue"),
                           ("ISON pam", "pam"),
                           ("ISON nobody", ""),
                           ("ISON halfway", ""),
                           ("ISON ray :Sue  pam", "ray Sue pam")):
            with self.subTest(line=line):
                msgs = ask(a, line, "303")
                self.assertEqual(msgs[-1].params, ["pam", want], msgs)
        a.send_line("ISON")
        m = a.expect(numeric)
        self.assertEqual((m.command, m.params[:2]), ("461", ["pam", "ISON"]))


class Userhost(NatterdTestCase):

    def test_userhost(self):
        a = self.registered("pam", user="pamu")
        b = self.registered("ray", user="rayu")
        msgs = ask(a, "USERHOST ray nobody PAM", "302")
        self.assertEqual(msgs[-1].params, [
            "pam", "ray=+rayu@%s pam=+pamu@%s" % (HOST, HOST)], msgs)
        b.send_line("AWAY :out")
        b.expect("306")
        msgs = ask(a, "USERHOST ray", "302")
        self.assertEqual(msgs[-1].params, ["pam", "ray=-rayu@" + HOST])
        msgs = ask(a, "USERHOST nobody", "302")
        self.assertEqual(msgs[-1].params, ["pam", ""])
        a.send_line("USERHOST")
        self.assertEqual(a.expect(numeric).command, "461")

    def test_userhost_at_most_five(self):
        a = self.registered("pam")
        msgs = ask(a, "USERHOST pam pam pam pam pam pam pam", "302")
        self.assertEqual(len(msgs[-1].params[1].split()), 5, msgs)


class ServerInfo(NatterdTestCase):

    server_kwargs = {"motd_lines": ["Line one", "Line two"]}

    def test_time(self):
        a = self.registered("pam")
        msgs = ask(a, "TIME", "391")
        m = msgs[-1]
        self.assertEqual(m.params[:2], ["pam", a.server_name], m)
        year = time.localtime().tm_year
        self.assertTrue(str(year) in m.params[2] or
                        str(year + 1) in m.params[2], m)

    def test_version(self):
        a = self.registered("pam")
        a.send_line("VERSION")
        msgs = a.lines_until("351") + a.drain()
        self.assertEqual([m.command for m in msgs], ["351", "005", "005",
                                                     "005"], msgs)
        v = msgs[0]
        self.assertEqual(v.params[0], "pam", v)
        self.assertTrue(v.params[1].startswith("natterd-" + server_version()),
                        v)
        self.assertEqual(v.params[2], a.server_name, v)
        welcome005 = [m.params[1:] for m in a.welcome if m.command == "005"]
        self.assertEqual([m.params[1:] for m in msgs[1:]], welcome005)
        self.assertEqual(a.drain(), [])

    def test_motd_command(self):
        a = self.registered("pam")
        msgs = ask(a, "MOTD", "376")
        self.assertEqual([m.command for m in msgs],
                         ["375", "372", "372", "376"], msgs)
        self.assertEqual([m.params[1] for m in msgs if m.command == "372"],
                         ["- Line one", "- Line two"])


class Whowas(NatterdTestCase):
    """WHOWAS: 314 and 312 per identity the nick had, newest first, up to
    a positive count; 406 for none; 369 after either; 431 without a nick."""

    def test_quit_and_nick_change(self):
        a = self.registered("pam")
        b = self.registered("ray", user="first", realname="Ray One")
        b.send_line("QUIT :bye")
        b.read_until_closed()
        c = self.registered("ray", user="second", realname="Ray Two")
        c.send_line("NICK raymond")
        c.expect("NICK")
        msgs = ask(a, "WHOWAS RAY", "369")
        self.assertEqual([m.command for m in msgs],
                         ["314", "312", "314", "312", "369"], msgs)
        self.assertEqual(msgs[0].params, ["pam", "ray", "second", HOST, "*",
                                          "Ray Two"], msgs[0])
        self.assertEqual(msgs[1].params[:3], ["pam", "ray", a.server_name])
        self.assertEqual(msgs[2].params[2], "first", msgs[2])
        self.assertEqual(msgs[4].params[:2], ["pam", "RAY"], msgs[4])
        for count in ("1", "2", "0", "-1", "x"):
            with self.subTest(count=count):
                msgs = ask(a, "WHOWAS ray " + count, "369")
                users = [m.params[2] for m in msgs if m.command == "314"]
                self.assertEqual(users, ["second"] if count == "1"
                                 else ["second", "first"], msgs)

    def test_none_and_no_nick(self):
        a = self.registered("pam")
        msgs = ask(a, "WHOWAS nobody", "369")
        self.assertEqual([m.command for m in msgs], ["406", "369"], msgs)
        self.assertEqual(msgs[0].params[:2], ["pam", "nobody"], msgs[0])
        # Somebody still here is not in WHOWAS; unregistered ones never.
        u = self.connect()
        u.send_line("NICK ghost")
        u.close()
        msgs = ask(a, "WHOWAS pam", "369")
        self.assertEqual([m.command for m in msgs], ["406", "369"], msgs)
        msgs = ask(a, "WHOWAS ghost", "369")
        self.assertEqual([m.command for m in msgs], ["406", "369"], msgs)
        a.send_line("WHOWAS")
        self.assertEqual(a.expect("431").params[0], "pam")


class ServerQuestions(NatterdTestCase):
    """INFO (371/374), LINKS (364/365), STATS u (242/219), HELP and HELPOP
    (704/705/706, 524), and --info, the server's description."""

    server_args = ("--info", "The Attic LAN", "--oper", "boss:pw")

    def test_info(self):
        a = self.registered("pam")
        msgs = ask(a, "INFO", "374")
        self.assertEqual({m.command for m in msgs[:-1]}, {"371"}, msgs)
        self.assertIn("The Attic LAN", [m.params[1] for m in msgs])
        msgs = ask(a, "INFO " + a.server_name, "374")
        self.assertEqual(msgs[-1].command, "374", msgs)
        msgs = ask(a, "INFO pam", "374")           # a nick of ours: us
        self.assertEqual(msgs[-1].command, "374", msgs)
        a.send_line("INFO elsewhere.example")
        m = a.expect("402")
        self.assertEqual(m.params[:2], ["pam", "elsewhere.example"], m)

    def test_links_and_whois_description(self):
        a = self.registered("pam")
        msgs = ask(a, "LINKS", "365")
        self.assertEqual([m.command for m in msgs], ["364", "365"], msgs)
        self.assertEqual(msgs[0].params, ["pam", a.server_name, a.server_name,
                                          "0 The Attic LAN"], msgs[0])
        self.assertEqual(msgs[1].params[1], "*", msgs[1])
        msgs = ask(a, "LINKS nomatch*", "365")
        self.assertEqual([m.command for m in msgs], ["365"], msgs)
        msgs = ask(a, "WHOIS pam", "318")
        m312 = [m for m in msgs if m.command == "312"][0]
        self.assertEqual(m312.params[3], "The Attic LAN", m312)

    def test_stats_uptime(self):
        a = self.registered("pam")
        msgs = ask(a, "STATS u", "219")
        self.assertEqual([m.command for m in msgs], ["242", "219"], msgs)
        self.assertRegex(msgs[0].params[1], r"^Server Up 0 days 0:00:0\d$")
        msgs = ask(a, "STATS x", "219")
        self.assertEqual([m.command for m in msgs], ["219"], msgs)
        self.assertEqual(msgs[0].params[1], "x", msgs)

    def test_help(self):
        a = self.registered("pam")
        for cmd in ("HELP", "HELPOP"):
            msgs = ask(a, cmd, "706")
            self.assertEqual(msgs[0].command, "704", msgs)
            self.assertEqual({m.command for m in msgs[1:-1]}, {"705"}, msgs)
            # Every command the overview names has its own topic.
            names = " ".join(m.params[2] for m in msgs[1:-1]).split()
            self.assertIn("WHOWAS", names)
            for name in names:
                with self.subTest(topic=name):
                    got = ask(a, "%s %s" % (cmd, name.lower()), "706")
                    self.assertEqual(got[0].command, "704", got)
                    self.assertEqual(got[0].params[1], name.lower(), got)
        a.send_line("HELP NOSUCHTHING")
        m = a.expect("524")
        self.assertEqual(m.params[:2], ["pam", "NOSUCHTHING"], m)

    def test_wallops_and_mode_w(self):
        boss = self.registered("boss")
        w = self.registered("wren")
        n = self.registered("ned")
        w.send_line("MODE wren +w")
        m = w.expect("MODE")
        self.assertEqual(m.params, ["wren", "+w"], m)
        msgs = ask(w, "MODE wren", "221")
        self.assertEqual(msgs[-1].params[1], "+w", msgs)
        n.send_line("WALLOPS :not an operator")
        self.assertEqual(n.expect("481").params[0], "ned")
        boss.send_line("OPER boss pw")
        boss.expect("381")
        boss.send_line("WALLOPS :server going down at five")
        m = w.expect("WALLOPS")
        self.assertEqual(m.params, ["server going down at five"], m)
        self.assertEqual(m.nick, "boss", m)
        n.send_line("PING sync")
        self.assertEqual([x.command for x in n.lines_until("PONG")], ["PONG"])
        w.send_line("MODE wren -w+i")
        m = w.expect("MODE")
        self.assertEqual(m.params, ["wren", "+i-w"], m)

    def test_info_option_refused(self):
        assert_refused(self, "--info", ("", "x" * 101, "two\nlines"),
                       "--info wants one line")


class ServerName(NatterdTestCase):
    """--name NAME: the source of numerics, in 004 and WHOIS, instead of
    the host name; a name that is not a host name is refused."""

    server_args = ("--name", "chat.example-lan")

    def test_name_everywhere(self):
        a = self.registered("pam")
        self.assertEqual(a.server_name, "chat.example-lan")
        m004 = [m for m in a.welcome if m.command == "004"][0]
        self.assertEqual(m004.params[1], "chat.example-lan", m004)
        msgs = ask(a, "WHOIS pam", "318")
        self.assertTrue(all(m.source == "chat.example-lan" for m in msgs),
                        msgs)
        m312 = [m for m in msgs if m.command == "312"][0]
        self.assertEqual(m312.params[2], "chat.example-lan", m312)

    def test_bad_names_refused(self):
        assert_refused(self, "--name", ("", "two words", "nick!", ".lead",
                                        "trail.", "-x", "a" * 64,
                                        "caf\u00e9.lan", "x:y"),
                       "--name wants a host name")


class Away(NatterdTestCase):

    def test_away_replies(self):
        a = self.registered("pam")
        for line, num in (("AWAY :lunch", "306"), ("AWAY :still lunch", "306"),
                          ("AWAY", "305"), ("AWAY", "305"),
                          ("AWAY :x", "306"), ("AWAY :", "305")):
            with self.subTest(line=line):
                a.send_line(line)
                m = a.expect(numeric)
                self.assertEqual(m.command, num, m)
                self.assertEqual(m.params[0], "pam", m)
        self.assertEqual(a.drain(), [])

    def test_privmsg_to_away_nick(self):
        a, b = self.in_room("#r", "pam", "ray")
        b.send_line("AWAY :gone fishing")
        b.expect("306")
        a.privmsg("RAY", "are you there?")
        m = a.expect(numeric)
        self.assertEqual(m.command, "301", m)
        self.assertEqual(m.params, ["pam", "ray", "gone fishing"], m)
        # The message is delivered all the same.
        m = b.expect("PRIVMSG")
        self.assertEqual(m.params, ["ray", "are you there?"], m)
        # NOTICE and room messages get no 301.
        a.send_line("NOTICE ray :fyi")
        a.privmsg("#r", "to the room")
        self.assertEqual(a.drain(), [])
        b.expect("NOTICE")
        b.expect(lambda m: m.command == "PRIVMSG" and m.params[0] == "#r")
        # Several targets: one 301 for the away one.
        c = self.registered("sue")
        a.privmsg("sue,ray", "both")
        msgs = [m for m in a.drain() if m.command == "301"]
        self.assertEqual([m.params[1] for m in msgs], ["ray"], msgs)
        c.expect("PRIVMSG")
        self.assertEqual(b.expect("PRIVMSG").text, "both")
        # Back: no more 301.
        b.send_line("AWAY")
        b.expect("305")
        a.privmsg("ray", "welcome back")
        self.assertEqual(a.drain(), [])
        self.assertEqual(b.expect("PRIVMSG").text, "welcome back")

    def test_away_message_length(self):
        a = self.registered("pam")
        b = self.registered("ray")
        self.assertEqual(b.isupport.get("AWAYLEN"), "300")
        b.send_line("AWAY :" + "x" * 400)
        b.expect("306")
        a.privmsg("ray", "hi")
        m = a.expect("301")
        self.assertEqual(m.params[2], "x" * 300, m)


if __name__ == "__main__":
    main()
