"""natterd: SIGTERM and SIGINT tell every client the server is shutting
down and exit with status 0 within 2 seconds; the port is then free."""

import signal
import socket
import time

from natterd_harness import NatterdTestCase, main

EXIT_BOUND = 2.0


class Shutdown(NatterdTestCase):
    # These floods measure the ring and SendQ, not the flood throttle.
    server_args = ("--flood-rate", "0")


    def shut_down_with(self, sig):
        a, b = self.in_room("#a", "ann", "bob")
        c = self.registered("cid")          # in no room
        half = self.connect()               # registration under way
        half.send_line("NICK halfway")
        half.drain()
        # Some traffic in flight.
        for i in range(50):
            a.privmsg("#a", "busy %d" % i)
        a.drain()
        start = time.monotonic()
        self.server.send_signal(sig)
        status = self.server.wait(EXIT_BOUND + 3)
        elapsed = time.monotonic() - start
        self.assertIsNotNone(status, "natterd still running after %.0fs"
                             % (EXIT_BOUND + 3))
        self.assertEqual(status, 0, "exit status after %s" % sig.name)
        self.assertLessEqual(elapsed, EXIT_BOUND,
                             "natterd took %.2fs to exit" % elapsed)
        for cl in (a, b, c, half):
            msgs = cl.read_until_closed(3)
            errors = [m for m in msgs if m.command == "ERROR"]
            self.assertTrue(errors, "%r got no ERROR: %r" % (cl, msgs[-5:]))
            self.assertIn("shutting down", errors[-1].text.lower(), errors)
            self.assertIs(msgs[-1], errors[-1], "%r: ERROR was not last" % cl)
            if cl is b:
                # b still got everything a said before the signal.
                self.assertEqual([m.text for m in msgs
                                  if m.command == "PRIVMSG"],
                                 ["busy %d" % i for i in range(50)])
        # The port is free again.
        with socket.socket() as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind(("127.0.0.1", self.server.port))

    def test_sigterm(self):
        self.shut_down_with(signal.SIGTERM)

    def test_sigint(self):
        self.shut_down_with(signal.SIGINT)

    def test_messages_before_signal_are_delivered(self):
        a, b = self.in_room("#a", "dee", "eve")
        for i in range(200):
            a.privmsg("#a", "m %d" % i)
        a.drain()
        self.server.send_signal(signal.SIGTERM)
        msgs = b.read_until_closed(EXIT_BOUND + 2)
        texts = [m.text for m in msgs if m.command == "PRIVMSG"]
        self.assertEqual(texts, ["m %d" % i for i in range(200)])
        self.assertEqual(msgs[-1].command, "ERROR", msgs[-3:])
        self.assertEqual(self.server.wait(EXIT_BOUND), 0)

    def test_idle_server(self):
        start = time.monotonic()
        self.server.send_signal(signal.SIGTERM)
        status = self.server.wait(EXIT_BOUND + 3)
        self.assertEqual(status, 0)
        self.assertLessEqual(time.monotonic() - start, EXIT_BOUND)
        with self.assertRaises(OSError):
            socket.create_connection(("127.0.0.1", self.server.port), 1)

    def test_stuck_client_does_not_delay_exit(self):
        # A client that never reads must not hold the server up.
        stuck = self.connect(rcvbuf=4096)
        stuck.register("stuck")
        stuck.join("#a")
        talker = self.registered("talker")
        talker.join("#a")
        stuck.drain()
        talker.drain()
        talker.sock.settimeout(10)
        talker.send_raw(("PRIVMSG #a :%s\r\n" % ("y" * 400)).encode() * 300)
        talker.drain()
        start = time.monotonic()
        self.server.send_signal(signal.SIGTERM)
        status = self.server.wait(EXIT_BOUND + 3)
        self.assertEqual(status, 0)
        self.assertLessEqual(time.monotonic() - start, EXIT_BOUND)


if __name__ == "__main__":
    main()
