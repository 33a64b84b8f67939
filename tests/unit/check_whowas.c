/* whowas: the ring of nicks given up, searched newest first, any case. */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "check_run.h"
#include "server/whowas.h"

/* What whowas_find handed over, in order. */
struct found {
	char	users[8][IRC_USERLEN + 1];
	size_t	n;
};

static void
collect(const struct whowas_entry *e, void *arg)
{
	struct found *f = arg;

	if (f->n < 8)
		strcpy(f->users[f->n++], e->user);
}

START_TEST(test_empty)
{
	struct whowas w;
	struct found f = { .n = 0 };

	whowas_init(&w, 4);
	ck_assert_uint_eq(whowas_find(&w, "nick", 0, collect, &f), 0);
	ck_assert_uint_eq(f.n, 0);
	whowas_free(&w);
}
END_TEST

START_TEST(test_newest_first_any_case)
{
	struct whowas w;
	struct found f = { .n = 0 };

	whowas_init(&w, 4);
	whowas_add(&w, "Pam", "one", "h", "Pam One", 1);
	whowas_add(&w, "ray", "other", "h", "Ray", 2);
	whowas_add(&w, "PAM", "two", "h", "Pam Two", 3);
	ck_assert_uint_eq(whowas_find(&w, "pam", 0, collect, &f), 2);
	ck_assert_str_eq(f.users[0], "two");
	ck_assert_str_eq(f.users[1], "one");
	whowas_free(&w);
}
END_TEST

START_TEST(test_count_limits)
{
	struct whowas w;
	struct found f = { .n = 0 };

	whowas_init(&w, 4);
	whowas_add(&w, "pam", "one", "h", "r", 1);
	whowas_add(&w, "pam", "two", "h", "r", 2);
	ck_assert_uint_eq(whowas_find(&w, "pam", 1, collect, &f), 1);
	ck_assert_str_eq(f.users[0], "two");
	whowas_free(&w);
}
END_TEST

START_TEST(test_oldest_make_room)
{
	struct whowas w;
	struct found f = { .n = 0 };
	char user[8];
	int i;

	whowas_init(&w, 3);
	for (i = 0; i < 5; i++) {
		snprintf(user, sizeof user, "u%d", i);
		whowas_add(&w, "pam", user, "h", "r", i);
	}
	ck_assert_uint_eq(w.count, 3);
	ck_assert_uint_eq(whowas_find(&w, "pam", 0, collect, &f), 3);
	ck_assert_str_eq(f.users[0], "u4");
	ck_assert_str_eq(f.users[2], "u2");
	whowas_free(&w);
}
END_TEST

START_TEST(test_long_fields_cut_and_bad_nick)
{
	struct whowas w;
	struct found f = { .n = 0 };
	char longer[300];

	memset(longer, 'x', sizeof longer - 1);
	longer[sizeof longer - 1] = '\0';
	whowas_init(&w, 2);
	whowas_add(&w, "pam", longer, longer, longer, 1);
	ck_assert_uint_eq(whowas_find(&w, "pam", 0, collect, &f), 1);
	ck_assert_uint_eq(strlen(f.users[0]), IRC_USERLEN);
	/* A nick longer than any kept matches nothing, and is not cut to one. */
	ck_assert_uint_eq(whowas_find(&w, longer, 0, collect, &f), 0);
	/* No nick, nothing kept; a ring of 0 keeps nothing. */
	whowas_add(&w, "", "u", "h", "r", 2);
	ck_assert_uint_eq(w.count, 1);
	whowas_free(&w);
	whowas_init(&w, 0);
	whowas_add(&w, "pam", "u", "h", "r", 1);
	ck_assert_uint_eq(whowas_find(&w, "pam", 0, collect, &f), 0);
	whowas_free(&w);
}
END_TEST

START_TEST(test_several_nicks_interleaved)
{
	struct whowas w;
	struct found f = { .n = 0 };
	const char *const keys[] = { "bob", "amy", "bob" };
	size_t found[3];

	whowas_init(&w, 8);
	whowas_add(&w, "Amy", "a1", "h", "r", 1);
	whowas_add(&w, "bob", "b1", "h", "r", 2);
	whowas_add(&w, "carl", "c1", "h", "r", 3);
	whowas_add(&w, "AMY", "a2", "h", "r", 4);
	whowas_add(&w, "Bob", "b2", "h", "r", 5);
	whowas_find_each(&w, keys, 3, 0, found, collect, &f);
	ck_assert_uint_eq(f.n, 4);
	ck_assert_str_eq(f.users[0], "b2");
	ck_assert_str_eq(f.users[1], "a2");
	ck_assert_str_eq(f.users[2], "b1");
	ck_assert_str_eq(f.users[3], "a1");
	ck_assert_uint_eq(found[0], 2);
	ck_assert_uint_eq(found[1], 2);
	ck_assert_uint_eq(found[2], 0);	/* named twice: answered once */
	/* At most one of each. */
	f.n = 0;
	whowas_find_each(&w, keys, 2, 1, found, collect, &f);
	ck_assert_uint_eq(f.n, 2);
	ck_assert_str_eq(f.users[0], "b2");
	ck_assert_str_eq(f.users[1], "a2");
	whowas_free(&w);
}
END_TEST

static Suite *
whowas_suite(void)
{
	Suite *s = suite_create("whowas");
	TCase *tc = tcase_create("ring");

	tcase_add_test(tc, test_empty);
	tcase_add_test(tc, test_newest_first_any_case);
	tcase_add_test(tc, test_count_limits);
	tcase_add_test(tc, test_oldest_make_room);
	tcase_add_test(tc, test_long_fields_cut_and_bad_nick);
	tcase_add_test(tc, test_several_nicks_interleaved);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_run(whowas_suite());
}
