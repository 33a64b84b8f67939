"""100 connections that never read while 10 clients chat in their room:
the chatters' messages keep arriving within a small bound, natterd's
memory stays bounded (the ring, not the backlog of a hundred peers), and
each non-reader is dropped with SendQ exceeded once the ring laps it.

The chatters send, paced, until every non-reader has been dropped (at most
MAX_MESSAGES, BOUND seconds); every 20th message carries the time it was
sent, and the other chatters measure how long it took.
"""

import re
import selectors
import threading
import time

from natterd_harness import NatterdTestCase, main, rss_kb, slowdown

NON_READERS = 100
CHATTERS = 10
ROOM = "#busy"
PAD = "z" * 380
BATCH = 50                  # messages a chatter sends at once
PACE = 0.02                 # seconds between a chatter's batches
MAX_MESSAGES = 60000        # in all: more than the ring's 16384 events
BOUND = 40.0                # seconds for the whole run
# Messages the slowest chatter may have yet to read before the others wait:
# well under the ring's 16384 events.
WINDOW = 1500
# What chatters get: probes carry when they were sent; non-readers QUIT;
# and nothing else than those, PRIVMSGs and PONGs.
PROBE = re.compile(rb" PRIVMSG \S+ :t=(\d+) ")
QUIT = re.compile(rb"^:(dead\d+)!\S+ QUIT :([^\r\n]*)", re.M)
OTHER = re.compile(rb"^(?!:\S+ (?:PRIVMSG|QUIT|PONG) )[^\r\n]+", re.M)
# The latency a chatter's message may take, worst case, under this load
# on a loaded 2-CPU machine (measured: 0.2-0.9 s plain, 0.8 s with ASan).
LATENCY = 3.0
# natterd's RSS growth: the ring (8 MiB), 64 KiB a writer takes out of it,
# threads; sanitizers add shadow memory and quarantine.
RSS_MB = 64


class DeadReaders(NatterdTestCase):
    server_args = ("--flood-rate", "0")

    def test_hundred_non_readers_do_not_hurt_ten_chatters(self):
        # Offered load natterd can carry: a slower build gets less of it.
        slow = slowdown()
        pace = PACE * slow
        pid = self.server.pid
        base_rss = rss_kb(pid)
        chatters = [self.registered("chat%d" % i) for i in range(CHATTERS)]
        for c in chatters:
            c.join(ROOM)
        # Small receive buffers, so they fill soon; they read their
        # registration and JOIN, then never again.
        for i in range(NON_READERS):
            d = self.connect(rcvbuf=8192, name="dead%d" % i)
            d.register("dead%d" % i)
            d.join(ROOM)
        for c in chatters:
            c.drain(30)

        stop = threading.Event()
        sent = [0] * CHATTERS
        received = [0] * CHATTERS       # PRIVMSGs each chatter has read
        send_errors = []

        def behind():
            """Messages the slowest chatter has yet to read."""
            total = sum(sent)
            return max(total - sent[i] - received[i]
                       for i in range(CHATTERS))

        def chat(idx, c):
            n = 0
            try:
                while not stop.is_set() and \
                        sum(sent) < MAX_MESSAGES - BATCH:
                    # Never more in flight than this test itself can read:
                    # the chatters must not be the ones the ring laps.
                    if behind() > WINDOW:
                        time.sleep(0.005)
                        continue
                    lines = []
                    for _ in range(BATCH):
                        if n % 20 == 0:
                            text = "t=%d %s" % (time.monotonic_ns(), PAD)
                        else:
                            text = "n=%d %s" % (n, PAD)
                        lines.append("PRIVMSG %s :%s\r\n" % (ROOM, text))
                        n += 1
                    c.sock.sendall("".join(lines).encode())
                    sent[idx] = n
                    time.sleep(pace)
            except OSError as e:
                send_errors.append(e)

        latencies = []
        dropped = {}
        problems = []
        bufs = [b""] * CHATTERS
        for c in chatters:
            c.sock.setblocking(False)
        threads = [threading.Thread(target=chat, args=(i, c), daemon=True)
                   for i, c in enumerate(chatters)]
        start = time.monotonic()
        for t in threads:
            t.start()
        peak_rss = base_rss
        sel = selectors.DefaultSelector()
        for i, c in enumerate(chatters):
            sel.register(c.sock, selectors.EVENT_READ, i)
        try:
            while time.monotonic() - start < BOUND * slow:
                for key, _ in sel.select(0.2):
                    i = key.data
                    try:
                        data = key.fileobj.recv(1 << 20)
                    except BlockingIOError:
                        continue
                    if not data:
                        problems.append("chat%d was disconnected" % i)
                        sel.unregister(key.fileobj)
                        continue
                    now = time.monotonic_ns()
                    data = bufs[i] + data
                    cut = data.rfind(b"\n") + 1
                    data, bufs[i] = data[:cut], data[cut:]
                    # Whole lines only, scanned with regular expressions:
                    # a loop over each line would make this test the
                    # bottleneck.
                    received[i] += data.count(b" PRIVMSG ")
                    for t0 in PROBE.findall(data):
                        latencies.append((now - int(t0)) / 1e9)
                    for nick, why in QUIT.findall(data):
                        dropped[nick.decode()] = why
                    problems += OTHER.findall(data)
                peak_rss = max(peak_rss, rss_kb(pid))
                if len(dropped) == NON_READERS:
                    break
                if sum(sent) >= MAX_MESSAGES - BATCH and \
                        all(not t.is_alive() for t in threads) and \
                        time.monotonic() - start > 5:
                    # Everything sent: wait for what is still coming.
                    if not sel.select(2):
                        break
        finally:
            stop.set()
            for t in threads:
                t.join(10)
            sel.close()
        took = time.monotonic() - start
        latencies.sort()
        worst = latencies[-1] if latencies else None
        p99 = latencies[int(len(latencies) * 0.99)] if latencies else None
        print("%d messages in %.1f s; %d of %d non-readers dropped; latency "
              "of %d probes: p99 %.3f s, worst %.3f s; natterd RSS %d -> "
              "peak %d kB"
              % (sum(sent), took, len(dropped), NON_READERS, len(latencies),
                 p99 or -1, worst or -1, base_rss, peak_rss))
        self.assertEqual(send_errors, [])
        self.assertEqual(problems[:5], [])
        self.assertEqual(len(dropped), NON_READERS,
                         "not dropped: %s" % sorted(
                             set("dead%d" % i for i in range(NON_READERS)) -
                             set(dropped))[:10])
        for nick, why in dropped.items():
            self.assertIn(b"SendQ exceeded", why, nick)
        self.assertGreater(len(latencies), 100)
        # Under ThreadSanitizer every lock and wake-up is instrumented:
        # its timings say nothing of natterd's, only its races do.
        if slow < 10:
            self.assertLess(worst, LATENCY * slow,
                            "a chatter's message took %.2f s" % worst)
        # Shadow memory and ASan's quarantine (256 MiB) are not natterd's.
        limit = RSS_MB * 1024 * (16 if slow > 1 else 1)
        self.assertLess(peak_rss - base_rss, limit,
                        "natterd grew by %d kB" % (peak_rss - base_rss))
        for c in chatters:
            c.sock.setblocking(True)
        chatters[0].send_line("PING :after")
        self.assertEqual(chatters[0].expect("PONG", 10).text, "after")


if __name__ == "__main__":
    main()
