/* Unit tests of natterd.conf's reader: lines into long options, errors with their line. */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "server/config_file.h"
#include "check_run.h"

/* A few options of each kind, as natterd's table has them. */
static const struct option test_longopts[] = {
	{ "config",	required_argument,	NULL, 'c' },
	{ "flood-rate",	required_argument,	NULL, 1 },
	{ "info",	required_argument,	NULL, 2 },
	{ "no-discovery", no_argument,		NULL, 3 },
	{ "port",	required_argument,	NULL, 'p' },
	{ NULL,		0,			NULL, 0 },
};
static const char *const test_refused[] = { "config", NULL };

/* The errors one parse reported, "WHERE: MESSAGE" each. */
struct test_errors {
	char	text[16][256];
	int	count;
};

static void
test_report(void *arg, const char *where, const char *message)
{
	struct test_errors *e = arg;

	if (e->count < 16)
		snprintf(e->text[e->count], sizeof e->text[0], "%s: %s", where,
		    message);
	e->count++;
}

/* Parse text as the file "t.conf". */
static bool
parse(const char *text, struct config_file *cf, struct test_errors *e)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	bool ok;

	ck_assert_ptr_nonnull(f);
	memset(e, 0, sizeof *e);
	ok = config_file_parse(f, "t.conf", test_longopts, test_refused,
	    test_report, e, cf);
	fclose(f);
	return ok;
}

START_TEST(test_keys_become_long_options)
{
	struct config_file cf;
	struct test_errors e;

	ck_assert(parse("# a comment\n\n  port = 6697 \n"
	    "\tflood-rate=10\r\n"
	    "info = \"  two  words \"\n"
	    "   # indented comment\n"
	    "no-discovery = yes\n"
	    "port = 7000", &cf, &e));
	ck_assert_int_eq(e.count, 0);
	ck_assert_uint_eq(cf.count, 5);
	ck_assert_str_eq(cf.args[0], "--port=6697");
	ck_assert_str_eq(cf.where[0], "t.conf:3");
	ck_assert_str_eq(cf.args[1], "--flood-rate=10");
	ck_assert_str_eq(cf.args[2], "--info=  two  words ");
	ck_assert_str_eq(cf.args[3], "--no-discovery");
	ck_assert_str_eq(cf.where[3], "t.conf:7");
	/* The last of a key given twice comes last, so it wins. */
	ck_assert_str_eq(cf.args[4], "--port=7000");
	ck_assert_str_eq(cf.where[4], "t.conf:8");
	config_file_free(&cf);
}
END_TEST

START_TEST(test_switch_off_adds_nothing)
{
	struct config_file cf;
	struct test_errors e;

	ck_assert(parse("no-discovery = no\nno-discovery = off\n"
	    "no-discovery = false\n", &cf, &e));
	ck_assert_uint_eq(cf.count, 0);
	config_file_free(&cf);
	ck_assert(parse("no-discovery = true\nno-discovery = on\n", &cf,
	    &e));
	ck_assert_uint_eq(cf.count, 2);
	config_file_free(&cf);
}
END_TEST

START_TEST(test_every_error_with_its_line)
{
	struct config_file cf;
	struct test_errors e;

	ck_assert(!parse("port = 1\n"
	    "bogus = 1\n"
	    "just words\n"
	    "= 5\n"
	    "no-discovery = maybe\n"
	    "info =\n"
	    "config = /etc/other.conf\n"
	    "info = \"\"\n"
	    "flood-rate = 3\n", &cf, &e));
	ck_assert_int_eq(e.count, 7);
	ck_assert_str_eq(e.text[0], "t.conf:2: unknown key 'bogus'");
	ck_assert_str_eq(e.text[1],
	    "t.conf:3: expected 'key = value', not 'just words'");
	ck_assert_str_eq(e.text[2], "t.conf:4: a key is missing before '='");
	ck_assert_str_eq(e.text[3],
	    "t.conf:5: no-discovery wants yes or no, not 'maybe'");
	ck_assert_str_eq(e.text[4], "t.conf:6: info wants a value");
	ck_assert_str_eq(e.text[5],
	    "t.conf:7: 'config' can only be given on the command line");
	ck_assert_str_eq(e.text[6], "t.conf:8: info wants a value");
	/* The good lines are still there, for their values to be checked. */
	ck_assert_uint_eq(cf.count, 2);
	ck_assert_str_eq(cf.args[1], "--flood-rate=3");
	ck_assert_str_eq(cf.where[1], "t.conf:9");
	config_file_free(&cf);
}
END_TEST

START_TEST(test_long_line_is_an_error_and_skipped)
{
	char text[CONFIG_FILE_LINE_MAX * 3];
	struct config_file cf;
	struct test_errors e;

	strcpy(text, "info = ");
	memset(text + 7, 'x', CONFIG_FILE_LINE_MAX * 2);
	strcpy(text + 7 + CONFIG_FILE_LINE_MAX * 2, "\nport = 5\n");
	ck_assert(!parse(text, &cf, &e));
	ck_assert_int_eq(e.count, 1);
	ck_assert_str_eq(e.text[0], "t.conf:1: line longer than 1024 bytes");
	ck_assert_uint_eq(cf.count, 1);
	ck_assert_str_eq(cf.where[0], "t.conf:2");
	config_file_free(&cf);
}
END_TEST

START_TEST(test_missing_file)
{
	struct config_file cf;
	struct test_errors e;

	memset(&e, 0, sizeof e);
	ck_assert(!config_file_read("/nonexistent/natterd.conf",
	    test_longopts, test_refused, test_report, &e, &cf));
	ck_assert_int_eq(e.count, 1);
	ck_assert_str_eq(e.text[0],
	    "/nonexistent/natterd.conf: No such file or directory");
	ck_assert_uint_eq(cf.count, 0);
	config_file_free(&cf);
}
END_TEST

START_TEST(test_too_many_settings)
{
	static char text[CONFIG_FILE_ARGS_MAX * 16];
	struct config_file cf;
	struct test_errors e;
	size_t len = 0;
	int i;

	for (i = 0; i < CONFIG_FILE_ARGS_MAX + 1; i++)
		len += (size_t)snprintf(text + len, sizeof text - len,
		    "port = %d\n", i);
	ck_assert(!parse(text, &cf, &e));
	ck_assert_int_eq(e.count, 1);
	ck_assert_str_eq(e.text[0], "t.conf:257: more than 256 settings");
	ck_assert_uint_eq(cf.count, CONFIG_FILE_ARGS_MAX);
	config_file_free(&cf);
}
END_TEST

static Suite *
config_file_suite(void)
{
	Suite *s = suite_create("config_file");
	TCase *tc = tcase_create("parse");

	tcase_add_test(tc, test_keys_become_long_options);
	tcase_add_test(tc, test_switch_off_adds_nothing);
	tcase_add_test(tc, test_every_error_with_its_line);
	tcase_add_test(tc, test_long_line_is_an_error_and_skipped);
	tcase_add_test(tc, test_missing_file);
	tcase_add_test(tc, test_too_many_settings);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_run(config_file_suite());
}
