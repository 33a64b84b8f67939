"""natterd --ping-interval and --ping-timeout: idle clients are PINGed and dropped when they do
not answer; a connection that does not register in time is closed, even
when it keeps trickling bytes that never make a line."""

import time

from natterd_harness import NatterdTestCase, main

TIMEOUT = 2            # --ping-timeout for these tests, in seconds
SLACK = 2.5            # timers run every TIMEOUT/4, threads need a moment


class PingTimeout(NatterdTestCase):
    server_args = ("--ping-interval", str(TIMEOUT),
                   "--ping-timeout", str(TIMEOUT))

    def test_idle_client_is_pinged_and_pong_keeps_it(self):
        c = self.registered("idler")
        start = time.monotonic()
        ping = c.expect("PING", TIMEOUT + SLACK)
        self.assertGreaterEqual(time.monotonic() - start, TIMEOUT - 0.5,
                                "PING came before the client was idle")
        c.send_line("PONG :" + ping.text)
        # Answered: still connected after what would have been the drop.
        time.sleep(TIMEOUT + 0.5)
        c.drain()

    def test_silent_client_is_dropped_and_others_see_why(self):
        watcher, sleeper = self.in_room("#a", "watcher", "sleeper")
        # The watcher keeps talking so only the sleeper times out.
        deadline = time.monotonic() + 2 * TIMEOUT + 2 * SLACK
        quit_msg = None
        while quit_msg is None and time.monotonic() < deadline:
            for m in watcher.drain():
                if m.command == "QUIT" and m.nick == "sleeper":
                    quit_msg = m
            time.sleep(0.3)
        self.assertIsNotNone(quit_msg, "sleeper was not dropped in time")
        self.assertIn("Ping timeout", quit_msg.text)
        msgs = sleeper.read_until_closed(SLACK)
        self.assertTrue(any(m.command == "PING" for m in msgs), msgs)
        self.assertEqual(msgs[-1].command, "ERROR", msgs[-3:])
        self.assertIn("Ping timeout", msgs[-1].text)

    def test_unregistered_connection_is_closed(self):
        c = self.connect()
        c.send_line("NICK never")
        msgs = c.read_until_closed(TIMEOUT + SLACK)
        self.assertEqual(msgs[-1].command, "ERROR", msgs)
        self.assertIn("Registration timed out", msgs[-1].text)

    def test_trickling_bytes_do_not_dodge_registration_timeout(self):
        c = self.connect()
        start = time.monotonic()
        closed = False
        # One byte every 0.2 s, never a newline (bounded: 40 bytes).
        for _ in range(40):
            try:
                c.send_raw(b"x")
            except OSError:
                closed = True
                break
            time.sleep(0.2)
            if time.monotonic() - start > TIMEOUT + SLACK:
                break
        if not closed:
            msgs = c.read_until_closed(SLACK)
            self.assertEqual(msgs[-1].command, "ERROR", msgs)
        self.assertLess(time.monotonic() - start, TIMEOUT + 2 * SLACK)


if __name__ == "__main__":
    main()
