/* Unit tests of common/strmap.c: the string-keyed hash map. */
#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strmap.h"
#include "check_run.h"

/* Keys the growth tests store: enough to double the buckets many times. */
#define MANY	20000

static Suite	*strmap_suite(void);

/* Distinct addresses to store as values; slot i stands for key i. */
static int	 values[MANY];

/* Write the name of key i into buf. */
static void
key_name(char *buf, size_t size, int i)
{
	int	n;

	n = snprintf(buf, size, "nick%d", i);
	ck_assert(n > 0 && (size_t)n < size);
}

/* Count each visited value in the array arg points at. */
static void
count_visit(const char *key, void *value, void *arg)
{
	int	*seen = arg;
	int	 i = (int *)value - values;
	char	 buf[32];

	ck_assert_int_ge(i, 0);
	ck_assert_int_lt(i, MANY);
	key_name(buf, sizeof buf, i);
	ck_assert_str_eq(key, buf);
	seen[i]++;
}

/* Get from an empty map, put, get, and get of a key never stored. */
START_TEST(test_put_get)
{
	struct strmap	m;
	int		a, b;

	strmap_init(&m);
	ck_assert_uint_eq(m.count, 0);
	ck_assert_ptr_null(strmap_get(&m, "alice"));
	ck_assert(strmap_put(&m, "alice", &a));
	ck_assert(strmap_put(&m, "bob", &b));
	ck_assert_uint_eq(m.count, 2);
	ck_assert_ptr_eq(strmap_get(&m, "alice"), &a);
	ck_assert_ptr_eq(strmap_get(&m, "bob"), &b);
	ck_assert_ptr_null(strmap_get(&m, "carol"));
	ck_assert_ptr_null(strmap_get(&m, "alic"));
	ck_assert_ptr_null(strmap_get(&m, "alicea"));
	strmap_free(&m);
}
END_TEST

/* The map keeps its own copy of the key. */
START_TEST(test_key_copied)
{
	struct strmap	m;
	char		buf[16];
	int		a;

	strmap_init(&m);
	snprintf(buf, sizeof buf, "alice");
	ck_assert(strmap_put(&m, buf, &a));
	memset(buf, 'x', sizeof buf - 1);
	buf[sizeof buf - 1] = '\0';
	ck_assert_ptr_eq(strmap_get(&m, "alice"), &a);
	ck_assert_ptr_null(strmap_get(&m, buf));
	strmap_free(&m);
}
END_TEST

/* Putting a key already there fails and keeps the first value. */
START_TEST(test_put_existing)
{
	struct strmap	m;
	int		a, b;

	strmap_init(&m);
	ck_assert(strmap_put(&m, "alice", &a));
	ck_assert(!strmap_put(&m, "alice", &b));
	ck_assert_uint_eq(m.count, 1);
	ck_assert_ptr_eq(strmap_get(&m, "alice"), &a);
	strmap_free(&m);
}
END_TEST

/* Remove returns the value once, then NULL; missing keys give NULL. */
START_TEST(test_remove)
{
	struct strmap	m;
	int		a, b;

	strmap_init(&m);
	ck_assert_ptr_null(strmap_remove(&m, "alice"));
	ck_assert(strmap_put(&m, "alice", &a));
	ck_assert(strmap_put(&m, "bob", &b));
	ck_assert_ptr_null(strmap_remove(&m, "carol"));
	ck_assert_uint_eq(m.count, 2);
	ck_assert_ptr_eq(strmap_remove(&m, "alice"), &a);
	ck_assert_uint_eq(m.count, 1);
	ck_assert_ptr_null(strmap_get(&m, "alice"));
	ck_assert_ptr_null(strmap_remove(&m, "alice"));
	ck_assert_uint_eq(m.count, 1);
	ck_assert_ptr_eq(strmap_get(&m, "bob"), &b);
	/* The key is free again. */
	ck_assert(strmap_put(&m, "alice", &b));
	ck_assert_ptr_eq(strmap_get(&m, "alice"), &b);
	strmap_free(&m);
}
END_TEST

/* The empty string is a key like any other. */
START_TEST(test_empty_key)
{
	struct strmap	m;
	int		a, b;

	strmap_init(&m);
	ck_assert_ptr_null(strmap_get(&m, ""));
	ck_assert(strmap_put(&m, "", &a));
	ck_assert(!strmap_put(&m, "", &b));
	ck_assert(strmap_put(&m, "x", &b));
	ck_assert_ptr_eq(strmap_get(&m, ""), &a);
	ck_assert_ptr_eq(strmap_get(&m, "x"), &b);
	ck_assert_ptr_eq(strmap_remove(&m, ""), &a);
	ck_assert_ptr_null(strmap_get(&m, ""));
	ck_assert_ptr_eq(strmap_get(&m, "x"), &b);
	strmap_free(&m);
}
END_TEST

/* The map folds no case: keys differing in case are different keys. */
START_TEST(test_case_sensitive)
{
	struct strmap	m;
	int		a, b, c;

	strmap_init(&m);
	ck_assert(strmap_put(&m, "alice", &a));
	ck_assert_ptr_null(strmap_get(&m, "Alice"));
	ck_assert(strmap_put(&m, "Alice", &b));
	ck_assert(strmap_put(&m, "ALICE", &c));
	ck_assert_uint_eq(m.count, 3);
	ck_assert_ptr_eq(strmap_get(&m, "alice"), &a);
	ck_assert_ptr_eq(strmap_get(&m, "Alice"), &b);
	ck_assert_ptr_eq(strmap_get(&m, "ALICE"), &c);
	ck_assert_ptr_eq(strmap_remove(&m, "Alice"), &b);
	ck_assert_ptr_eq(strmap_get(&m, "alice"), &a);
	ck_assert_ptr_eq(strmap_get(&m, "ALICE"), &c);
	strmap_free(&m);
}
END_TEST

/* Many thousands of keys: all kept, all found, the count right. */
START_TEST(test_growth)
{
	struct strmap	m;
	char		buf[32];
	int		i;

	strmap_init(&m);
	for (i = 0; i < MANY; i++) {
		key_name(buf, sizeof buf, i);
		ck_assert_msg(strmap_put(&m, buf, &values[i]), "put %s", buf);
		ck_assert_uint_eq(m.count, (size_t)i + 1);
	}
	ck_assert_uint_ge(m.nbuckets, MANY);
	ck_assert_uint_eq(m.nbuckets & (m.nbuckets - 1), 0);
	for (i = 0; i < MANY; i++) {
		key_name(buf, sizeof buf, i);
		ck_assert_msg(strmap_get(&m, buf) == &values[i], "get %s", buf);
		ck_assert_msg(!strmap_put(&m, buf, NULL), "put again %s", buf);
	}
	ck_assert_uint_eq(m.count, MANY);
	key_name(buf, sizeof buf, MANY);
	ck_assert_ptr_null(strmap_get(&m, buf));
	strmap_free(&m);
}
END_TEST

/* Remove every key (odd ones first), then the map is empty and reusable. */
START_TEST(test_remove_all)
{
	struct strmap	m;
	char		buf[32];
	int		i, seen[MANY] = { 0 };

	strmap_init(&m);
	for (i = 0; i < MANY; i++) {
		key_name(buf, sizeof buf, i);
		ck_assert(strmap_put(&m, buf, &values[i]));
	}
	for (i = 1; i < MANY; i += 2) {
		key_name(buf, sizeof buf, i);
		ck_assert_msg(strmap_remove(&m, buf) == &values[i],
		    "remove %s", buf);
	}
	ck_assert_uint_eq(m.count, MANY / 2);
	for (i = 0; i < MANY; i++) {
		key_name(buf, sizeof buf, i);
		ck_assert_msg(strmap_get(&m, buf) ==
		    (i % 2 == 0 ? &values[i] : NULL), "get %s", buf);
	}
	for (i = MANY - 2; i >= 0; i -= 2) {
		key_name(buf, sizeof buf, i);
		ck_assert_msg(strmap_remove(&m, buf) == &values[i],
		    "remove %s", buf);
	}
	ck_assert_uint_eq(m.count, 0);
	strmap_foreach(&m, count_visit, seen);
	for (i = 0; i < MANY; i++)
		ck_assert_int_eq(seen[i], 0);
	for (i = 0; i < MANY; i++) {
		key_name(buf, sizeof buf, i);
		ck_assert_ptr_null(strmap_get(&m, buf));
		ck_assert_ptr_null(strmap_remove(&m, buf));
	}

	/* Fill it again. */
	for (i = 0; i < MANY; i++) {
		key_name(buf, sizeof buf, i);
		ck_assert(strmap_put(&m, buf, &values[MANY - 1 - i]));
	}
	ck_assert_uint_eq(m.count, MANY);
	for (i = 0; i < MANY; i++) {
		key_name(buf, sizeof buf, i);
		ck_assert(strmap_get(&m, buf) == &values[MANY - 1 - i]);
	}
	strmap_free(&m);
}
END_TEST

/* Foreach visits every value exactly once, with its own key. */
START_TEST(test_foreach)
{
	struct strmap	m;
	char		buf[32];
	int		i, *seen;

	seen = calloc(MANY, sizeof *seen);
	ck_assert_ptr_nonnull(seen);
	strmap_init(&m);
	strmap_foreach(&m, count_visit, seen);
	for (i = 0; i < MANY; i++)
		ck_assert_int_eq(seen[i], 0);
	for (i = 0; i < MANY; i++) {
		key_name(buf, sizeof buf, i);
		ck_assert(strmap_put(&m, buf, &values[i]));
	}
	/* A few gone, so foreach must skip them. */
	for (i = 0; i < MANY; i += 7) {
		key_name(buf, sizeof buf, i);
		ck_assert(strmap_remove(&m, buf) == &values[i]);
	}
	strmap_foreach(&m, count_visit, seen);
	for (i = 0; i < MANY; i++)
		ck_assert_msg(seen[i] == (i % 7 == 0 ? 0 : 1),
		    "value %d seen %d times", i, seen[i]);
	strmap_free(&m);
	free(seen);
}
END_TEST

/* Gather the tests. */
static Suite *
strmap_suite(void)
{
	Suite	*s = suite_create("strmap");
	TCase	*tc;

	tc = tcase_create("basic");
	tcase_add_test(tc, test_put_get);
	tcase_add_test(tc, test_key_copied);
	tcase_add_test(tc, test_put_existing);
	tcase_add_test(tc, test_remove);
	tcase_add_test(tc, test_empty_key);
	tcase_add_test(tc, test_case_sensitive);
	suite_add_tcase(s, tc);

	tc = tcase_create("many");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_growth);
	tcase_add_test(tc, test_remove_all);
	tcase_add_test(tc, test_foreach);
	suite_add_tcase(s, tc);

	return s;
}

int
main(void)
{
	return check_run(strmap_suite());
}
