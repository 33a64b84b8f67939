"""natterd's plain door and a room owner's modes: a person at nc or telnet
is told in words why a moderated room does not take their line, sees
being voiced and marked "(voiced)" in /who, gets an invitation with the
command to use it, and does not see what was said to the room's
operators only."""

from natterd_harness import main
from test_plain import PlainTestCase


class PlainRoomOwner(PlainTestCase):

    def test_moderated_voice_invite(self):
        pam = self.registered("pam")
        pam.join("#lobby")          # pam opens the room: she runs it
        zoe = self.person("zoe")
        pam.expect("JOIN")
        pam.send_line("MODE #lobby +m")
        pam.expect("MODE")
        zoe.expect("-- pam set mode +m on #lobby")
        zoe.send("hello?")
        zoe.expect("-- #lobby: Cannot send to channel (+m)")
        pam.send_line("MODE #lobby +v zoe")
        zoe.expect("-- pam set mode +v zoe on #lobby")
        zoe.send("/who")
        zoe.expect("zoe (voiced)")
        zoe.send("heard now")
        self.assertEqual(pam.expect("PRIVMSG").text, "heard now")
        # To the operators only: zoe, voiced, is not one.
        pam.send_line("PRIVMSG @#lobby :ops only")
        pam.send_line("PRIVMSG +#lobby :voiced too")
        zoe.expect("<pam> (to +#lobby) voiced too")
        pam.join("#priv")
        pam.send_line("MODE #priv +i")
        pam.expect("MODE")
        pam.send_line("INVITE zoe #priv")
        pam.expect("341")
        zoe.expect("-- pam invites you to #priv: /join #priv")
        zoe.send("/join #priv")
        self.assertEqual(pam.expect("JOIN").nick, "zoe")
        self.assertNotIn("ops only", bytes(zoe.received).decode())
        self.assert_safe(zoe)


if __name__ == "__main__":
    main()
