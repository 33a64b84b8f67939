/* Unit tests of client/conn.c over a real loopback connection: connect,
 * send queue, line framing of a flood, overlong lines, the end. */
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conn.h"
#include "wire.h"
#include "check_run.h"

static Suite	*conn_suite(void);

static struct conn	c;
static int		lfd = -1, peer = -1;
static char		port[16];

/* A listening socket on a free loopback port. */
static void
setup(void)
{
	struct sockaddr_in	sin;
	socklen_t		len = sizeof sin;

	conn_init(&c);
	lfd = socket(AF_INET, SOCK_STREAM, 0);
	ck_assert_int_ge(lfd, 0);
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ck_assert_int_eq(bind(lfd, (struct sockaddr *)&sin, sizeof sin), 0);
	ck_assert_int_eq(listen(lfd, 4), 0);
	ck_assert_int_eq(getsockname(lfd, (struct sockaddr *)&sin, &len), 0);
	snprintf(port, sizeof port, "%d", ntohs(sin.sin_port));
}

static void
teardown(void)
{
	conn_free(&c);
	if (peer != -1)
		close(peer);
	close(lfd);
	peer = lfd = -1;
}

/* Wait for the socket and handle what poll says. */
static enum conn_io
step(int timeout_ms)
{
	struct pollfd	pfd = { c.fd, conn_events(&c), 0 };

	if (poll(&pfd, 1, timeout_ms) <= 0)
		return CONN_IO_OK;
	return conn_io(&c, pfd.revents);
}

/* Connect and accept. */
static void
open_conn(void)
{
	int	i;

	ck_assert(conn_start(&c, "127.0.0.1", port));
	peer = accept(lfd, NULL, NULL);
	ck_assert_int_ge(peer, 0);
	for (i = 0; i < 100 && c.state != CONN_OPEN; i++)
		step(100);
	ck_assert_int_eq(c.state, CONN_OPEN);
}

START_TEST(test_send)
{
	char	buf[256];
	ssize_t	n;
	size_t	got = 0;
	int	i;
	char	long_line[IRC_LINE_MAX];

	open_conn();
	ck_assert(conn_send(&c, "NICK tester", 11));
	ck_assert(conn_send(&c, "USER t 0 * :T", 13));
	/* Lines that would break the framing are refused. */
	ck_assert(!conn_send(&c, "PRIVMSG a :b\r\nQUIT", 18));
	memset(long_line, 'x', sizeof long_line);
	ck_assert(!conn_send(&c, long_line, sizeof long_line));
	ck_assert(conn_send(&c, long_line, IRC_LINE_MAX - 2));
	ck_assert_uint_eq(conn_pending(&c), 11 + 2 + 13 + 2 + 510 + 2);
	for (i = 0; i < 100 && conn_pending(&c) > 0; i++)
		step(100);
	ck_assert_uint_eq(conn_pending(&c), 0);
	while (got < 28 && (n = read(peer, buf + got, 28 - got)) > 0)
		got += (size_t)n;
	ck_assert_uint_eq(got, 28);
	ck_assert(memcmp(buf, "NICK tester\r\nUSER t 0 * :T\r\n", 28) == 0);
}
END_TEST

START_TEST(test_flood_framing)
{
	char	*all, *line;
	size_t	 len, off = 0, total, lines = 0;
	ssize_t	 n;
	int	 i, rounds = 0;
	char	 overlong[IRC_WIRE_LINE_MAX + 100];

	open_conn();
	/* 20000 lines, an overlong one in the middle, written as fast as
	 * the socket takes them. */
	total = 20000 * 32 + sizeof overlong + 2;
	all = malloc(total + 64);
	for (i = 0; i < 20000; i++) {
		if (i == 10000) {
			memset(overlong, 'y', sizeof overlong);
			memcpy(all + off, overlong, sizeof overlong);
			off += sizeof overlong;
			memcpy(all + off, "\r\n", 2);
			off += 2;
		}
		off += (size_t)snprintf(all + off, 33, "PRIVMSG #a :line %012d\r\n",
		    i);
	}
	fcntl(peer, F_SETFL, O_NONBLOCK);
	total = off;
	off = 0;
	while (lines < 20000 && rounds++ < 100000) {
		if (off < total) {
			n = write(peer, all + off, total - off);
			if (n > 0)
				off += (size_t)n;
		}
		ck_assert_int_ne(step(10), CONN_IO_LOST);
		while (conn_next_line(&c, &line, &len)) {
			ck_assert_uint_eq(len, 29);
			ck_assert_int_eq(atoi(line + 17), (int)lines);
			lines++;
		}
	}
	ck_assert_uint_eq(lines, 20000);
	free(all);
}
END_TEST

START_TEST(test_closed_by_peer)
{
	char		*line;
	size_t		 len;
	int		 i;
	enum conn_io	 r = CONN_IO_OK;

	open_conn();
	ck_assert_int_eq(write(peer, "ERROR :bye\r\n", 12), 12);
	close(peer);
	peer = -1;
	for (i = 0; i < 100 && r != CONN_IO_LOST; i++)
		r = step(100);
	ck_assert_int_eq(r, CONN_IO_LOST);
	/* What came before the end is still there to read. */
	ck_assert(conn_next_line(&c, &line, &len));
	ck_assert_str_eq(line, "ERROR :bye");
	ck_assert_int_eq(c.state, CONN_CLOSED);
	ck_assert_ptr_nonnull(strstr(c.error, "closed"));
	ck_assert_int_eq(conn_events(&c), 0);
}
END_TEST

START_TEST(test_refused_and_unknown)
{
	enum conn_io	r = CONN_IO_OK;
	int		i;

	/* Nobody listens: the connect fails, with a reason. */
	close(lfd);
	lfd = socket(AF_INET, SOCK_STREAM, 0);
	if (conn_start(&c, "127.0.0.1", port)) {
		for (i = 0; i < 100 && r != CONN_IO_LOST; i++)
			r = step(100);
		ck_assert_int_eq(r, CONN_IO_LOST);
	}
	ck_assert_ptr_nonnull(strstr(c.error, "refused"));
	ck_assert(!conn_start(&c, "no-such-host.invalid", "6667"));
	ck_assert_str_ne(c.error, "");
	ck_assert_int_eq(c.state, CONN_CLOSED);
}
END_TEST

static Suite *
conn_suite(void)
{
	Suite	*s = suite_create("conn");
	TCase	*tc = tcase_create("loopback");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_send);
	tcase_add_test(tc, test_flood_framing);
	tcase_add_test(tc, test_closed_by_peer);
	tcase_add_test(tc, test_refused_and_unknown);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_run(conn_suite());
}
