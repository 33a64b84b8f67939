/* Unit tests of client/conn.c over a real loopback connection: connect,
 * send queue, line framing of a flood, overlong lines, the end; and the
 * same over TLS against a GnuTLS server session in this process, driven
 * step by step (non-blocking handshake, records drained from the
 * session's buffer, a send queue that meets a full socket). */
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <check.h>
#include <errno.h>
#include <time.h>

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base64.h"
#include "client/conn.h"
#include "client/tls.h"
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

/* --- TLS ------------------------------------------------------------ */

static gnutls_x509_privkey_t			 tkey;
static gnutls_x509_crt_t			 tcrt;
static gnutls_certificate_credentials_t		 tscred;
static gnutls_session_t				 tsrv;
static struct tls_creds				*tcreds;

/* A self-signed certificate made here, and client credentials. */
static void
tls_setup(void)
{
	char	err[256];
	time_t	now = time(NULL);

	setup();
	ck_assert_int_eq(gnutls_x509_privkey_init(&tkey), 0);
	ck_assert_int_eq(gnutls_x509_privkey_generate(tkey, GNUTLS_PK_ECDSA,
	    GNUTLS_CURVE_TO_BITS(GNUTLS_ECC_CURVE_SECP256R1), 0), 0);
	ck_assert_int_eq(gnutls_x509_crt_init(&tcrt), 0);
	gnutls_x509_crt_set_version(tcrt, 3);
	gnutls_x509_crt_set_serial(tcrt, "\x01", 1);
	gnutls_x509_crt_set_activation_time(tcrt, now - 3600);
	gnutls_x509_crt_set_expiration_time(tcrt, now + 3600);
	gnutls_x509_crt_set_dn_by_oid(tcrt, GNUTLS_OID_X520_COMMON_NAME, 0,
	    "check_conn", 10);
	ck_assert_int_eq(gnutls_x509_crt_set_key(tcrt, tkey), 0);
	ck_assert_int_eq(gnutls_x509_crt_sign2(tcrt, tcrt, tkey,
	    GNUTLS_DIG_SHA256, 0), 0);
	ck_assert_int_eq(gnutls_certificate_allocate_credentials(&tscred), 0);
	ck_assert_int_eq(gnutls_certificate_set_x509_key(tscred, &tcrt, 1,
	    tkey), 0);
	tcreds = tls_creds_new(NULL, NULL, NULL, err, sizeof err);
	ck_assert_msg(tcreds != NULL, "%s", err);
	c.tls_creds = tcreds;
	tsrv = NULL;
}

static void
tls_teardown(void)
{
	teardown();
	if (tsrv != NULL)
		gnutls_deinit(tsrv);
	tls_creds_free(tcreds);
	gnutls_certificate_free_credentials(tscred);
	gnutls_x509_crt_deinit(tcrt);
	gnutls_x509_privkey_deinit(tkey);
}

/* Wait up to ms for the server's socket to be readable. */
static void
server_wait(int ms)
{
	struct pollfd	pfd = { peer, POLLIN, 0 };

	poll(&pfd, 1, ms);
}

/* Connect, accept, and run both handshakes, a step at a time. */
static void
tls_open(int rcvbuf)
{
	int	i, rc = GNUTLS_E_AGAIN;
	bool	opened = false;

	ck_assert(conn_start(&c, "127.0.0.1", port));
	peer = accept(lfd, NULL, NULL);
	ck_assert_int_ge(peer, 0);
	if (rcvbuf > 0)
		setsockopt(peer, SOL_SOCKET, SO_RCVBUF, &rcvbuf,
		    sizeof rcvbuf);
	fcntl(peer, F_SETFL, O_NONBLOCK);
	ck_assert_int_eq(gnutls_init(&tsrv, GNUTLS_SERVER | GNUTLS_NONBLOCK),
	    0);
	gnutls_set_default_priority(tsrv);
	gnutls_credentials_set(tsrv, GNUTLS_CRD_CERTIFICATE, tscred);
	gnutls_transport_set_int(tsrv, peer);
	for (i = 0; i < 500 && (!opened || rc != 0); i++) {
		if (c.state != CONN_OPEN &&
		    step(10) == CONN_IO_OPENED)
			opened = true;
		/* The client's last flight may wait for an ACK (Nagle). */
		if (rc != 0 && opened)
			server_wait(10);
		if (rc != 0)
			rc = gnutls_handshake(tsrv);
		ck_assert_msg(rc == 0 || rc == GNUTLS_E_AGAIN, "server: %s",
		    gnutls_strerror(rc));
		ck_assert_msg(c.state != CONN_CLOSED, "client: %s", c.error);
	}
	ck_assert(opened);
	ck_assert_int_eq(rc, 0);
	ck_assert_int_eq(c.state, CONN_OPEN);
}

/* The handshake, the key's fingerprint, the words, a clean end. */
START_TEST(test_tls_handshake)
{
	unsigned char	digest[32];
	size_t		dlen = sizeof digest;
	char		fp[TLS_FP_SIZE], want[TLS_FP_SIZE], why[256], desc[160];
	char		buf[64];
	int		i;
	ssize_t		n = GNUTLS_E_AGAIN;

	tls_open(0);
	ck_assert(tls_fingerprint(c.tls, fp, sizeof fp));
	ck_assert_int_eq(gnutls_x509_crt_get_fingerprint(tcrt,
	    GNUTLS_DIG_SHA256, digest, &dlen), 0);
	memcpy(want, "SHA256:", 7);
	base64_encode(digest, dlen, false, want + 7, sizeof want - 7);
	ck_assert_str_eq(fp, want);
	ck_assert_uint_eq(strlen(fp), 50);
	/* No client certificate was asked for or given. */
	ck_assert(!tls_own_fingerprint(c.tls, fp, sizeof fp));
	/* Self-signed: the system's CAs do not vouch for it. */
	ck_assert(!tls_verify(c.tls, "127.0.0.1", why, sizeof why));
	ck_assert_ptr_nonnull(strstr(why, "issuer is unknown"));
	tls_describe(c.tls, desc, sizeof desc);
	ck_assert_msg(strncmp(desc, "TLS1.", 5) == 0, "%s", desc);
	ck_assert_ptr_nonnull(strstr(desc, ", cipher "));
	/* Closing says close_notify: the server reads a clean end. */
	conn_close(&c, NULL);
	for (i = 0; i < 100 && n == GNUTLS_E_AGAIN; i++) {
		n = gnutls_record_recv(tsrv, buf, sizeof buf);
		if (n == GNUTLS_E_AGAIN)
			server_wait(10);
	}
	ck_assert_int_eq(n, 0);
}
END_TEST

/* Many records at once, some bigger than a read: every line, in order,
 * also those poll cannot see because the session holds them. */
START_TEST(test_tls_records)
{
	char		 line[64], *got;
	size_t		 len, off = 0, total;
	static char	 all[200000];
	int		 next = 0, i;
	ssize_t		 n;

	tls_open(0);
	for (i = 0, total = 0; i < 5000; i++)
		total += (size_t)snprintf(all + total, sizeof all - total,
		    "line %d\r\n", i);
	for (i = 0; i < 5000 && next < 5000; i++) {
		if (off < total) {
			n = gnutls_record_send(tsrv, all + off, total - off);
			if (n > 0)
				off += (size_t)n;
			else
				ck_assert_int_eq(n, GNUTLS_E_AGAIN);
		}
		if (conn_buffered(&c))
			ck_assert_int_ne(conn_io(&c, POLLIN), CONN_IO_LOST);
		else
			ck_assert_int_ne(step(10), CONN_IO_LOST);
		while (conn_next_line(&c, &got, &len)) {
			snprintf(line, sizeof line, "line %d", next++);
			ck_assert_str_eq(got, line);
		}
	}
	ck_assert_int_eq(next, 5000);
}
END_TEST

/* A queue bigger than the socket takes: GnuTLS says again, the queue
 * waits for POLLOUT, and all of it arrives in order. */
START_TEST(test_tls_full_socket)
{
	char		 text[400], *got;
	static char	 recv_buf[1 << 20];
	size_t		 want = 0, have = 0, i;
	ssize_t		 n;
	int		 rounds, small;

	tls_open(4096);
	small = 4096;
	setsockopt(c.fd, SOL_SOCKET, SO_SNDBUF, &small, sizeof small);
	memset(text, 'x', sizeof text);
	for (i = 0; i < 2000; i++) {
		snprintf(text, sizeof text, "PRIVMSG #lobby :%05zu ", i);
		text[strlen(text)] = 'x';
		ck_assert(conn_send(&c, text, sizeof text - 2));
		want += sizeof text;
	}
	ck_assert_int_eq(conn_flush(&c), CONN_IO_OK);
	/* The server has not read: most of it still waits. */
	ck_assert_uint_gt(conn_pending(&c), 0);
	ck_assert(conn_events(&c) & POLLOUT);
	for (rounds = 0; rounds < 20000 && have < want; rounds++) {
		n = gnutls_record_recv(tsrv, recv_buf + have,
		    sizeof recv_buf - have);
		if (n > 0)
			have += (size_t)n;
		else {
			ck_assert_int_eq(n, GNUTLS_E_AGAIN);
			server_wait(1);
		}
		ck_assert_int_ne(step(0), CONN_IO_LOST);
	}
	ck_assert_uint_eq(have, want);
	ck_assert_uint_eq(conn_pending(&c), 0);
	for (i = 0; i < 2000; i++) {
		got = recv_buf + i * sizeof text;
		snprintf(text, sizeof text, "PRIVMSG #lobby :%05zu ", i);
		ck_assert(memcmp(got, text, strlen(text)) == 0);
		ck_assert(memcmp(got + sizeof text - 2, "\r\n", 2) == 0);
	}
}
END_TEST

/* A server that answers the ClientHello with plain text. */
START_TEST(test_tls_not_a_tls_port)
{
	int	i;
	const char greeting[] = ":srv NOTICE * :*** Looking up your hostname\r\n";

	ck_assert(conn_start(&c, "127.0.0.1", port));
	peer = accept(lfd, NULL, NULL);
	ck_assert_int_ge(peer, 0);
	ck_assert_int_eq(write(peer, greeting, sizeof greeting - 1),
	    (ssize_t)sizeof greeting - 1);
	for (i = 0; i < 100 && c.state != CONN_CLOSED; i++)
		step(100);
	ck_assert_int_eq(c.state, CONN_CLOSED);
	ck_assert_msg(strstr(c.error, "TLS handshake") != NULL, "%s", c.error);
	ck_assert_msg(strstr(c.error, "is it a TLS port?") != NULL, "%s",
	    c.error);
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
	tc = tcase_create("tls");
	tcase_add_checked_fixture(tc, tls_setup, tls_teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_tls_handshake);
	tcase_add_test(tc, test_tls_records);
	tcase_add_test(tc, test_tls_full_socket);
	tcase_add_test(tc, test_tls_not_a_tls_port);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_run(conn_suite());
}
