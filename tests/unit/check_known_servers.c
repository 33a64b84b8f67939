/* Unit tests of client/known_servers.c: keys, lines, lookups, the file. */
#include <sys/stat.h>

#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client/known_servers.h"
#include "check_run.h"

static Suite	*known_servers_suite(void);

#define FP1 "SHA256:wfdUFajKXWSnRwSGcfuHUBbcyLvigDEHe69UYjTjvWI"
#define FP2 "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"

START_TEST(test_key)
{
	char	buf[KNOWN_SERVERS_KEY_MAX];

	ck_assert(known_servers_key("LanBox", "6697", buf, sizeof buf));
	ck_assert_str_eq(buf, "lanbox:6697");
	ck_assert(known_servers_key("fe80::1", "6697", buf, sizeof buf));
	ck_assert_str_eq(buf, "[fe80::1]:6697");
	ck_assert(!known_servers_key("a-long-name", "6697", buf, 8));
	ck_assert_str_eq(buf, "");
}
END_TEST

START_TEST(test_lines)
{
	struct known_servers_entry	e;
	static const char *const blank[] = { "", "   ", "# comment",
	    "  # indented comment", "\r" };
	static const char *const bad[] = {
		"lanbox:6697",				/* no key */
		"lanbox " FP1,				/* no port */
		"lanbox:66a7 " FP1,			/* bad port */
		"lanbox:123456 " FP1,			/* long port */
		":6697 " FP1,				/* no host */
		"lanbox:6697 SHA256:short",
		"lanbox:6697 " FP1 " trailing",
		"lanbox:6697 MD5:wfdUFajKXWSnRwSGcfuHUBbcyLvigDEHe69UYjTjvWI",
		"lanbox:6697 SHA256:wfdUFajKXWSnRwSGcfuHUBbcyLvigDEHe69UYjTjv=I",
		"lan\x01" "box:6697 " FP1,
	};
	size_t	i;

	for (i = 0; i < sizeof blank / sizeof blank[0]; i++)
		ck_assert_int_eq(known_servers_parse_line(blank[i],
		    strlen(blank[i]), &e), KNOWN_SERVERS_BLANK);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ck_assert_msg(known_servers_parse_line(bad[i], strlen(bad[i]),
		    &e) == KNOWN_SERVERS_BAD, "%s", bad[i]);
	ck_assert_int_eq(known_servers_parse_line("lanbox:6697 " FP1 "\r",
	    strlen("lanbox:6697 " FP1 "\r"), &e), KNOWN_SERVERS_ENTRY);
	ck_assert_str_eq(e.key, "lanbox:6697");
	ck_assert_str_eq(e.fp, FP1);
	ck_assert_int_eq(known_servers_parse_line("\t[::1]:6697\t " FP2 "  ",
	    strlen("\t[::1]:6697\t " FP2 "  "), &e), KNOWN_SERVERS_ENTRY);
	ck_assert_str_eq(e.key, "[::1]:6697");
	/* Only len bytes count: no NUL needed, none read beyond. */
	ck_assert_int_eq(known_servers_parse_line("lanbox:6697 " FP1 "XYZ",
	    strlen("lanbox:6697 " FP1), &e), KNOWN_SERVERS_ENTRY);
}
END_TEST

START_TEST(test_find)
{
	const char	*text = "# natter\n"
	    "lanbox:6697 " FP1 "\n"
	    "garbage here\n"
	    "other:6697 broken\n"
	    "LANBOX:6697 " FP2 "\n"
	    "last:1 " FP2;
	struct known_servers_entry	e;
	size_t				line = 0;

	ck_assert_int_eq(known_servers_find(text, strlen(text), "lanbox:6697",
	    &e, &line), KNOWN_SERVERS_MATCH);
	ck_assert_str_eq(e.fp, FP1);	/* the first line for it counts */
	ck_assert_uint_eq(line, 2);
	ck_assert_int_eq(known_servers_find(text, strlen(text), "other:6697",
	    &e, &line), KNOWN_SERVERS_MALFORMED);
	ck_assert_uint_eq(line, 4);
	ck_assert_int_eq(known_servers_find(text, strlen(text), "last:1",
	    &e, &line), KNOWN_SERVERS_MATCH);
	ck_assert_uint_eq(line, 6);
	ck_assert_int_eq(known_servers_find(text, strlen(text), "lanbox:6667",
	    &e, NULL), KNOWN_SERVERS_ABSENT);
	ck_assert_int_eq(known_servers_find("", 0, "lanbox:6697", &e, NULL),
	    KNOWN_SERVERS_ABSENT);
	/* "garbage" names no server we ask about. */
	ck_assert_int_eq(known_servers_find(text, strlen(text), "garbage",
	    &e, &line), KNOWN_SERVERS_MALFORMED);
}
END_TEST

START_TEST(test_path)
{
	char	*p;

	p = known_servers_path("/x/data", "/home/a");
	ck_assert_str_eq(p, "/x/data/natter/known_servers");
	free(p);
	p = known_servers_path("relative", "/home/a");
	ck_assert_str_eq(p, "/home/a/.local/share/natter/known_servers");
	free(p);
	ck_assert_ptr_null(known_servers_path(NULL, NULL));
	ck_assert_ptr_null(known_servers_path("", ""));
}
END_TEST

/* Adding makes the folders, keeps what was there, ends lines. */
START_TEST(test_add)
{
	char		 dir[] = "/tmp/check_known_servers.XXXXXX", path[256];
	char		 err[256], *text, cmd[300];
	size_t		 len;
	FILE		*f;
	struct stat	 st;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/a/natter/known_servers", dir);
	ck_assert(known_servers_load(path, &text, &len, err, sizeof err));
	ck_assert_uint_eq(len, 0);
	free(text);
	ck_assert_msg(known_servers_add(path, "lanbox:6697", FP1, err,
	    sizeof err), "%s", err);
	snprintf(cmd, sizeof cmd, "%s/a/natter", dir);
	ck_assert_int_eq(stat(cmd, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0700);
	/* A hand-edited last line without its newline. */
	f = fopen(path, "a");
	fputs("# mine", f);
	fclose(f);
	ck_assert(known_servers_add(path, "[::1]:6697", FP2, err,
	    sizeof err));
	ck_assert(known_servers_load(path, &text, &len, err, sizeof err));
	ck_assert_str_eq(text, "lanbox:6697 " FP1 "\n# mine\n[::1]:6697 "
	    FP2 "\n");
	free(text);
	/* No temporary file is left beside it. */
	snprintf(cmd, sizeof cmd, "test $(ls -A %s/a/natter | wc -l) = 1",
	    dir);
	ck_assert_int_eq(system(cmd), 0);
	/* A file too big to be one is refused. */
	f = fopen(path, "w");
	ck_assert_int_eq(fseek(f, KNOWN_SERVERS_FILE_MAX, SEEK_SET), 0);
	fputc('\n', f);
	fclose(f);
	ck_assert(!known_servers_load(path, &text, &len, err, sizeof err));
	ck_assert(strstr(err, "too big") != NULL);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}
END_TEST

static Suite *
known_servers_suite(void)
{
	Suite	*su = suite_create("known_servers");
	TCase	*tc = tcase_create("known_servers");

	tcase_add_test(tc, test_key);
	tcase_add_test(tc, test_lines);
	tcase_add_test(tc, test_find);
	tcase_add_test(tc, test_path);
	tcase_add_test(tc, test_add);
	suite_add_tcase(su, tc);
	return su;
}

int
main(void)
{
	return check_run(known_servers_suite());
}
