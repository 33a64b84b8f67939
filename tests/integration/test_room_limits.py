"""Rooms do not grow without bound (issue 13 item 5): with --state-dir an
empty room lives on disk only and comes back, topic, modes and history,
with its next joiner; without one, empty rooms with something to keep wait
in memory up to --max-rooms, the oldest forgotten first; and --max-rooms
rooms with members refuse a new one with 405."""

import os
import shutil
import tempfile
import time

from natterd_harness import NatterdTestCase, main
from test_history import batch_replay, cap_client
from test_silent_flood import proc_status, sanitized


def rooms_in_memory(client):
    """What LUSERS says: the rooms natterd holds."""
    client.send_line("LUSERS")
    return int(client.expect("254").params[1])


def churn(client, first, count, tag="x"):
    """Create count rooms from #c<first>, each with a topic and a line,
    and leave them; synced at the end."""
    for n in range(first, first + count):
        room = "#c%d" % n
        client.send_line("JOIN " + room)
        client.send_line("TOPIC %s :topic %s%d" % (room, tag, n))
        client.send_line("PRIVMSG %s :line %s%d" % (room, tag, n))
        client.send_line("PART " + room)
        if n % 200 == 0:
            client.send_line("PING :c%d" % n)
            client.expect(lambda m, n=n: m.command == "PONG"
                          and m.text == "c%d" % n, 20)
    client.send_line("PING :end")
    client.expect(lambda m: m.command == "PONG" and m.text == "end", 20)
    client.drain(0.2)


class OnDisk(NatterdTestCase):

    def setUp(self):
        self.state = tempfile.mkdtemp(prefix="natterd-state-")
        self.addCleanup(shutil.rmtree, self.state, True)
        self.server_args = ("--state-dir", self.state, "--flood-rate", "0")
        super().setUp()

    def test_empty_rooms_leave_memory_and_come_back(self):
        alice = self.registered("alice")
        # Past the hub's ring cap (16384 events, 4 a room) first: the ring
        # grows up to it (8 MiB at most), whatever the rooms do.
        churn(alice, 0, 4000)
        time.sleep(1.5)                     # the sync releases its files
        before = proc_status(self.server.pid, "VmRSS")
        churn(alice, 4000, 4000)
        time.sleep(1.5)
        after = proc_status(self.server.pid, "VmRSS")
        # Rooms with a topic and a line each used to stay, about 1.5 KiB
        # each (6 MiB for these 4000); now none is in memory once empty,
        # and what moves is the ring's and the threads' malloc arenas.
        print("RSS after 4000 rooms %d KiB, after 8000 %d KiB"
              % (before, after))
        self.assertEqual(rooms_in_memory(alice), 0)
        # A sanitizer's shadow memory and quarantine grow with any work.
        if not sanitized():
            self.assertLess(after - before, 4096,
                            "RSS grew from %d to %d KiB" % (before, after))
        # A room on disk comes back with its joiner, as it was.
        bob = cap_client(self, "bob", ["batch", "server-time"])
        bob.send_line("JOIN #c42")
        msgs = bob.lines_until("366") + bob.drain()
        self.assertEqual([m.text for m in msgs if m.command == "332"],
                         ["topic x42"])
        self.assertEqual([m.text for m in batch_replay(msgs)
                          if m.command == "PRIVMSG"], ["line x42"])
        self.assertEqual(rooms_in_memory(bob), 1)

    def test_key_holds_while_the_room_is_on_disk(self):
        alice = self.registered("alice")
        alice.join("#vault")
        alice.send_line("MODE #vault +k sesame")
        alice.expect("MODE")
        alice.send_line("PART #vault")
        alice.expect("PART")
        self.assertEqual(rooms_in_memory(alice), 0)
        bob = self.registered("bob")
        bob.send_line("JOIN #vault")
        bob.expect("475")
        # The refused joiner did not leave the room behind in memory.
        self.assertEqual(rooms_in_memory(bob), 0)
        bob.send_line("JOIN #vault sesame")
        bob.expect(lambda m: m.command == "JOIN")

    def test_long_log_is_read_from_its_end(self):
        # A room's log far longer than --history: only the last lines
        # come back, the newest last.
        alice = self.registered("alice")
        alice.join("#long")
        for n in range(300):
            alice.privmsg("#long", "n%d" % n)
        alice.send_line("PART #long")
        alice.expect("PART")
        bob = cap_client(self, "bob", ["batch", "server-time"])
        bob.send_line("JOIN #long")
        msgs = bob.lines_until("366") + bob.drain()
        texts = [m.text for m in batch_replay(msgs) if m.command == "PRIVMSG"]
        self.assertEqual(texts, ["n%d" % n for n in range(200, 300)])


class InMemory(NatterdTestCase):
    server_args = ("--max-rooms", "50", "--flood-rate", "0")

    def test_empty_rooms_wait_up_to_max_rooms(self):
        alice = self.registered("alice")
        churn(alice, 0, 200)
        self.assertEqual(rooms_in_memory(alice), 50)
        # The newest empty rooms kept their history; the oldest went.
        bob = self.registered("bob")
        bob.send_line("JOIN #c199")
        msgs = bob.lines_until("366")
        self.assertEqual([m.text for m in msgs if m.command == "332"],
                         ["topic x199"])
        bob.send_line("JOIN #c0")
        msgs = bob.lines_until("366")
        self.assertEqual([m for m in msgs if m.command == "332"], [])

    def test_max_rooms_with_members_refuses_a_new_one(self):
        clients = []
        for i in range(3):
            c = self.registered("m%d" % i)
            c.send_line("JOIN " + ",".join("#full%d_%d" % (i, j)
                                           for j in range(20)))
            c.send_line("PING :in")
            c.expect(lambda m: m.command == "PONG")
            clients.append(c)
        # 60 asked for, 50 made: the last 10 were refused with 405.
        self.assertEqual(rooms_in_memory(clients[0]), 50)
        late = self.registered("late")
        late.send_line("JOIN #one-more")
        m = late.expect("405")
        self.assertIn("Too many rooms on this server", m.text)
        # Joining a room that is there still works.
        late.join("#full0_0")


if __name__ == "__main__":
    main()
