"""natterd: INVITE and invite-only rooms (+i, +I): 341 and the INVITE the
invited user gets, 336/337 (INVITE alone), the errors 401 403 442 443
461 473 482, an invitation past +i, +k, +l and +b used up by the join,
the room's other operators told (invite-notify, else 345) and nobody
else."""

from natterd_harness import NatterdTestCase, main


def numeric(m):
    """a numeric reply"""
    return m.command.isdigit()


class Invite(NatterdTestCase):

    def test_invite_only_room(self):
        a = self.registered("pam")
        a.join("#r")
        a.send_line("MODE #r +i")
        m = a.expect("MODE")
        self.assertEqual(m.params, ["#r", "+i"], m)
        b = self.registered("ray")
        b.send_line("JOIN #r")
        m = b.expect(numeric)
        self.assertEqual(m.command, "473", m)
        self.assertEqual(m.params[:2], ["ray", "#r"], m)
        a.send_line("INVITE RAY #R")
        m = a.expect(numeric)
        self.assertEqual((m.command, m.params[:3]),
                         ("341", ["pam", "ray", "#r"]), m)
        m = b.expect("INVITE")
        self.assertEqual(m.params, ["ray", "#r"], m)
        self.assertTrue(m.source.startswith("pam!user@"), m)
        # INVITE alone lists what one is invited to.
        b.send_line("INVITE")
        m = b.expect(numeric)
        self.assertEqual((m.command, m.params), ("336", ["ray", "#r"]), m)
        self.assertEqual(b.expect(numeric).command, "337")
        msgs = b.join("#r")
        self.assertIn("JOIN", [m.command for m in msgs])
        # Used up: out again, and +i holds.
        b.send_line("PART #r")
        b.expect("PART")
        b.send_line("INVITE")
        self.assertEqual(b.expect(numeric).command, "337")
        b.send_line("JOIN #r")
        self.assertEqual(b.expect(numeric).command, "473")
        # An invite exception lets in without an invitation.
        a.send_line("MODE #r +I ray!*@*")
        m = a.expect("MODE")
        self.assertEqual(m.params, ["#r", "+I", "ray!*@*"], m)
        msgs = b.join("#r")
        self.assertIn("JOIN", [m.command for m in msgs])
        a.send_line("MODE #r I")
        m = a.expect(numeric)
        self.assertEqual(m.command, "346", m)
        self.assertEqual(m.params[1:3], ["#r", "ray!*@*"], m)
        self.assertTrue(m.params[3].startswith("pam!"), m)
        self.assertEqual(a.expect(numeric).command, "347")

    def test_invitation_passes_key_limit_and_ban(self):
        a = self.registered("pam")
        a.join("#r")
        a.send_line("MODE #r +klb s3cret 1 ray")
        m = a.expect("MODE")
        self.assertEqual(m.params, ["#r", "+klb", "s3cret", "1", "ray!*@*"],
                         m)
        b = self.registered("ray")
        b.send_line("JOIN #r")
        self.assertEqual(b.expect(numeric).command, "474")
        a.send_line("INVITE ray #r")
        a.expect("341")
        b.expect("INVITE")
        msgs = b.join("#r")
        self.assertIn("JOIN", [m.command for m in msgs])
        self.assertEqual(a.expect("JOIN").nick, "ray")

    def test_errors(self):
        a, b = self.registered("pam"), self.registered("ray")
        c = self.registered("sue")
        a.join("#r")
        c.join("#s")
        for line, want, params in (
                ("INVITE nobody #r", "401", ["pam", "nobody"]),
                ("INVITE ray #nosuch", "403", ["pam", "#nosuch"]),
                ("INVITE ray #s", "442", ["pam", "#s"]),
                ("INVITE ray", "461", ["pam", "INVITE"]),
                ("INVITE pam #r", "443", ["pam", "pam", "#r"])):
            with self.subTest(line=line):
                a.send_line(line)
                m = a.expect(numeric)
                self.assertEqual(m.command, want, m)
                self.assertEqual(m.params[:len(params)], params, m)
        # Anybody in a room that is not +i may invite; in a +i one, operators only.
        b.join("#r")
        a.send_line("INVITE sue #r")
        a.expect("341")
        c.expect("INVITE")
        a.send_line("MODE #r +i")
        a.expect("MODE")
        b.expect("MODE")
        b.send_line("INVITE sue #r")
        m = b.expect(numeric)
        self.assertEqual((m.command, m.params[:2]), ("482", ["ray", "#r"]), m)
        self.assertEqual([m for m in c.drain() if m.command == "INVITE"], [])

    def test_other_operators_told_members_not(self):
        a = self.registered("pam")
        a.join("#r")
        notified = self.cap_registered("oli", ["invite-notify"])
        notified.join("#r")
        plain = self.registered("ops")
        plain.join("#r")
        member = self.cap_registered("mem", ["invite-notify"])
        member.join("#r")
        a.send_line("MODE #r +oo oli ops")
        for c in (a, notified, plain, member):
            c.expect("MODE")
        b = self.registered("ray")
        a.send_line("INVITE ray #r")
        a.expect("341")
        b.expect("INVITE")
        m = notified.expect("INVITE")
        self.assertEqual(m.params, ["ray", "#r"], m)
        self.assertTrue(m.source.startswith("pam!"), m)
        m = plain.expect("345")
        self.assertEqual(m.params[:4], ["ops", "#r", "ray", "pam"], m)
        self.assertEqual(member.drain(), [])

    def test_invitation_forgotten_when_oldest(self):
        a = self.registered("pam")
        b = self.registered("ray")
        rooms = ["#r%d" % i for i in range(10)]
        for r in rooms:
            a.join(r)
            a.send_line("INVITE ray " + r)
            a.expect("341")
        b.send_line("INVITE")
        got = b.lines_until("337")
        listed = [m.params[1] for m in got if m.command == "336"]
        self.assertEqual(listed, rooms[2:])


if __name__ == "__main__":
    main()
