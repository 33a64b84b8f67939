"""natterd --state-dir keeps what a room owner set (issue 15): bans,
exceptions and invite exceptions with who set them and when, and the
modes +i +m +s, across a restart and a kill -9 right after the MODE was
announced; and a room that has emptied gets them back with its next
joiner."""

import os
import random
import shutil
import tempfile
import time

from natterd_harness import NatterdTestCase, main


def listing(client, room, letter, end):
    """MODE room letter: the entries' (mask, setter nick, time)."""
    client.send_line("MODE %s %s" % (room, letter))
    return [(m.params[2], m.params[3].split("!")[0], int(m.params[4]))
            for m in client.lines_until(end) if m.command != end]


class RoomState(NatterdTestCase):

    def setUp(self):
        self.state = tempfile.mkdtemp(prefix="natterd-state-")
        self.addCleanup(shutil.rmtree, self.state, True)
        self.server_args = ("--state-dir", self.state)
        super().setUp()

    def restart(self, kill):
        if kill:
            self.server.kill()
        else:
            self.assertEqual(self.server.stop(), 0)
        self.server = self.start_server(*self.server_args)
        self.clients = []

    def set_up_room(self, room, owner):
        a = self.registered(owner)
        a.join(room)
        a.send_line("MODE %s +bbeI ray m:sue *!*@127.0.0.1 dan" % room)
        a.expect("MODE")
        a.send_line("MODE %s +ims" % room)
        a.expect("MODE")
        return (listing(a, room, "b", "368"), listing(a, room, "e", "349"),
                listing(a, room, "I", "347"))

    def check_room(self, room, owner, lists):
        d = self.registered("dan")
        msgs = d.join(room)                 # +I survived, +i too
        self.assertIn("JOIN", [m.command for m in msgs], msgs)
        self.assertEqual([m.params[1] for m in msgs if m.command == "353"],
                         ["@"])             # +s
        got = (listing(d, room, "b", "368"), listing(d, room, "e", "349"),
               listing(d, room, "I", "347"))
        self.assertEqual(got, lists)
        self.assertEqual([b[0] for b in got[0]], ["ray!*@*", "m:sue!*@*"])
        self.assertEqual({e[1] for l in got for e in l}, {owner})
        d.send_line("MODE " + room)
        self.assertEqual(d.expect("324").params[2], "+imnst")
        o = self.registered("out")
        o.send_line("JOIN " + room)
        self.assertEqual(o.expect(lambda m: m.command.isdigit()).command,
                         "473")

    def test_restart_keeps_lists_and_modes(self):
        lists = self.set_up_room("#own", "pam")
        self.restart(kill=False)
        self.check_room("#own", "pam", lists)

    def test_kill_9_keeps_what_was_announced(self):
        for round_no in range(3):
            room = "#own%d" % round_no
            lists = self.set_up_room(room, "pam%d" % round_no)
            time.sleep(random.uniform(0.0, 0.1))
            self.restart(kill=True)
            self.check_room(room, "pam%d" % round_no, lists)
            self.restart(kill=False)

    def test_emptied_room_gets_them_back(self):
        lists = self.set_up_room("#own", "pam")
        self.clients[0].send_line("PART #own")
        self.clients[0].expect("PART")
        self.check_room("#own", "pam", lists)
        self.assertTrue(os.path.isfile(os.path.join(self.state, "rooms",
                                                    "%23own.state")))


if __name__ == "__main__":
    main()
