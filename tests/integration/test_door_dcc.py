"""A person at the plain door (nc, telnet) who is offered a file by DCC
reads a sentence in words, not the raw CTCP; what follows an offer
(natter's SHA256) says nothing, and the IRC client it was also sent to
gets the CTCP as it was sent: natterd relays DCC as any CTCP.
"""

import re

from natterd_harness import main
from test_plain import STAMP, PlainTestCase

OFFER = "\x01DCC SEND \"holiday photo.jpg\" 2130706433 5000 2202010\x01"
HASH = ("\x01DCC SHA256 \"holiday photo.jpg\" "
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\x01")


class DoorDcc(PlainTestCase):

    def test_offer_in_words(self):
        bob = self.registered("bob")
        bob.join("#lobby")
        carol = self.registered("carol")
        alice = self.person("alice")
        bob.drain()
        bob.privmsg("alice,carol", HASH)       # natter's order
        bob.privmsg("alice,carol", OFFER)
        bob.privmsg("alice", "did you get it?")
        line = alice.expect(re.compile(STAMP + r"\*private\* bob offers"))
        self.assertRegex(line, STAMP + re.escape(
            "*private* bob offers you a file: holiday photo.jpg (2.1 MiB). "
            "Files come by DCC, which takes an IRC client such as natter, "
            "irssi or WeeChat; it cannot be received here."))
        later = alice.expect(re.compile(STAMP + r"\*bob\* did you get it\?"))
        self.assertNotIn("SHA256", later)
        self.assertNotIn(b"\x01", bytes(alice.received))
        self.assertNotIn(b"SHA256", bytes(alice.received))
        self.assert_safe(alice)
        # The IRC client gets both CTCPs byte for byte.
        got = [m.params[-1] for m in (carol.expect("PRIVMSG"),
                                      carol.expect("PRIVMSG"))]
        self.assertEqual(got, [HASH, OFFER])


if __name__ == "__main__":
    main()
