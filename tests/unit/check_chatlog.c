/* Unit tests of client/chatlog.c: logs on disk, one file per window,
 * buffered until flushed, escapes never raw. */
#include <sys/stat.h>

#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "client/chatlog.h"
#include "client/scrollback.h"
#include "check_run.h"

static Suite	*chatlog_suite(void);

static char		 base[64];
static struct chatlog	 l;
static struct scrollback sb;

static void
setup(void)
{
	setenv("TZ", "UTC", 1);
	tzset();
	strcpy(base, "/tmp/check_chatlog.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(base));
	chatlog_init(&l);
	scrollback_init(&sb, 0);
}

static void
teardown(void)
{
	char	cmd[128];

	chatlog_free(&l);
	scrollback_free(&sb);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", base);
	ck_assert_int_eq(system(cmd), 0);
}

/* Log a line of window w. */
static void
put(const char *w, time_t t, enum scrollback_kind kind, const char *sender,
    const char *text)
{
	chatlog_line(&l, w, scrollback_push(&sb, t, kind, 0, sender, text));
}

/* A file's whole text ("" if missing). */
static const char *
slurp(const char *rel)
{
	static char	buf[4096];
	char		path[256];
	FILE		*f;
	size_t		n;

	snprintf(path, sizeof path, "%s/%s", base, rel);
	buf[0] = '\0';
	if ((f = fopen(path, "r")) == NULL)
		return buf;
	n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

START_TEST(test_lines_and_files)
{
	time_t	t = 1764946134;	/* 2025-12-05 14:48:54 UTC */
	char	*p;
	struct stat st;

	chatlog_start(&l, base, "LAN/box");
	ck_assert(chatlog_on(&l));
	put("#Lobby", t, SCROLLBACK_MESSAGE, "alice", "hi \x1b[2J\x02there");
	put("#Lobby", t + 1, SCROLLBACK_JOIN, "bob", "#Lobby");
	put("alice", t + 2, SCROLLBACK_ACTION, "alice", "waves");
	put("#lobby", t + 3, SCROLLBACK_DAY, NULL, "");
	/* Nothing on disk before a flush. */
	ck_assert_str_eq(slurp("lan_box/#lobby.log"), "");
	ck_assert(chatlog_flush(&l));
	/* The escape as ^[, mIRC bold dropped; names folded and safe. */
	ck_assert_str_eq(slurp("lan_box/#lobby.log"),
	    "[2025-12-05 14:48:54] <alice> hi ^[[2Jthere\n"
	    "[2025-12-05 14:48:55] -- bob joined #Lobby\n");
	ck_assert_str_eq(slurp("lan_box/alice.log"),
	    "[2025-12-05 14:48:56] * alice waves\n");
	p = chatlog_path(&l, "#Lobby");
	ck_assert_int_eq(stat(p, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0600);
	free(p);
	/* Appended to, also after a restart. */
	chatlog_stop(&l);
	ck_assert(!chatlog_on(&l));
	chatlog_start(&l, base, "LAN/box");
	put("alice", t + 9, SCROLLBACK_MESSAGE, "tester", "bye");
	chatlog_stop(&l);
	ck_assert_str_eq(slurp("lan_box/alice.log"),
	    "[2025-12-05 14:48:56] * alice waves\n"
	    "[2025-12-05 14:49:03] <tester> bye\n");
	/* A leading dot cannot climb out. */
	chatlog_start(&l, base, "..");
	p = chatlog_path(&l, "../x");
	ck_assert_ptr_null(strstr(p, "/../"));
	free(p);
}
END_TEST

START_TEST(test_pause_and_failure)
{
	char	ro[128];

	chatlog_start(&l, base, "net");
	chatlog_pause(&l, true);
	ck_assert(!chatlog_on(&l));
	put("#a", 0, SCROLLBACK_MESSAGE, "a", "unlogged");
	chatlog_pause(&l, false);
	put("#a", 0, SCROLLBACK_MESSAGE, "a", "logged");
	ck_assert(chatlog_flush(&l));
	ck_assert_str_eq(slurp("net/#a.log"),
	    "[1970-01-01 00:00:00] <a> logged\n");
	chatlog_stop(&l);
	/* A folder that cannot be written: said once, lines dropped. */
	if (geteuid() == 0)
		return;		/* root writes anywhere */
	snprintf(ro, sizeof ro, "%s/ro", base);
	ck_assert_int_eq(mkdir(ro, 0500), 0);
	chatlog_start(&l, ro, "net");
	put("#a", 0, SCROLLBACK_MESSAGE, "a", "lost");
	ck_assert(!chatlog_flush(&l));
	ck_assert(l.error_new);
	ck_assert_ptr_nonnull(strstr(l.error, "not logging this window"));
	l.error_new = false;
	put("#a", 0, SCROLLBACK_MESSAGE, "a", "lost too");
	chatlog_flush(&l);
	ck_assert(!l.error_new);
	chatlog_stop(&l);
	chmod(ro, 0700);
}
END_TEST

static Suite *
chatlog_suite(void)
{
	Suite	*s = suite_create("chatlog");
	TCase	*tc = tcase_create("chatlog");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_lines_and_files);
	tcase_add_test(tc, test_pause_and_failure);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_run(chatlog_suite());
}
