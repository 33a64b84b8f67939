/* room_masks: a room's ban, exception and invite-exception lists. */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "check_run.h"
#include "server/room_masks.h"

START_TEST(test_canon)
{
	char out[IRC_MASKLEN + 1];

	ck_assert(room_masks_canon("ray", out, sizeof out));
	ck_assert_str_eq(out, "ray!*@*");
	ck_assert(room_masks_canon("m:ray", out, sizeof out));
	ck_assert_str_eq(out, "m:ray!*@*");
	ck_assert(room_masks_canon("m:*@10.*", out, sizeof out));
	ck_assert_str_eq(out, "m:*!*@10.*");
	ck_assert(!room_masks_canon("m:", out, sizeof out));
	ck_assert(!room_masks_canon("", out, sizeof out));
}
END_TEST

START_TEST(test_add_remove)
{
	struct room_masks l = { 0 };
	char removed[IRC_MASKLEN + 1], mask[32];

	ck_assert_int_eq(room_masks_add(&l, "Ray!*@*", "pam!u@h", 7),
	    ROOM_MASKS_ADDED);
	ck_assert_int_eq(room_masks_add(&l, "ray!*@*", "pam!u@h", 8),
	    ROOM_MASKS_PRESENT);
	ck_assert_uint_eq(l.count, 1);
	ck_assert_str_eq(l.entries[0].setter, "pam!u@h");
	ck_assert_int_eq(l.entries[0].set_at, 7);
	ck_assert(!room_masks_remove(&l, "sue!*@*", removed, sizeof removed));
	ck_assert(room_masks_remove(&l, "RAY!*@*", removed, sizeof removed));
	ck_assert_str_eq(removed, "Ray!*@*");
	ck_assert_uint_eq(l.count, 0);
	for (int i = 0; i < IRC_MAXLIST; i++) {
		snprintf(mask, sizeof mask, "n%d!*@*", i);
		ck_assert_int_eq(room_masks_add(&l, mask, "s", i),
		    ROOM_MASKS_ADDED);
	}
	ck_assert_int_eq(room_masks_add(&l, "x!*@*", "s", 0), ROOM_MASKS_FULL);
	/* Removing keeps the order. */
	ck_assert(room_masks_remove(&l, "n0!*@*", removed, sizeof removed));
	ck_assert_str_eq(l.entries[0].mask, "n1!*@*");
	ck_assert_str_eq(l.entries[l.count - 1].mask, "n63!*@*");
	room_masks_free(&l);
	ck_assert_uint_eq(l.count, 0);
}
END_TEST

START_TEST(test_match_and_mutes)
{
	struct room_masks l = { 0 };

	room_masks_add(&l, "m:ray!*@*", "s", 0);
	ck_assert(!room_masks_match(&l, "ray!u@127.0.0.1", false));
	ck_assert(room_masks_match(&l, "RAY!u@127.0.0.1", true));
	room_masks_add(&l, "*!*@10.*", "s", 0);
	ck_assert(room_masks_match(&l, "sue!u@10.0.0.2", false));
	ck_assert(!room_masks_match(&l, "sue!u@110.0.0.2", true));
	room_masks_free(&l);
}
END_TEST

static Suite *
room_masks_suite(void)
{
	Suite *s = suite_create("room_masks");
	TCase *tc = tcase_create("lists");

	tcase_add_test(tc, test_canon);
	tcase_add_test(tc, test_add_remove);
	tcase_add_test(tc, test_match_and_mutes);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_run(room_masks_suite());
}
