/* Unit tests of client/dcc_file.c and client/dcc_options.c: the SHA-256
 * of a file a step at a time, where a received file goes (a new part, an
 * earlier part resumed from its size, never a complete file), its final
 * name, and the DCC settings. */
#include <sys/stat.h>

#include <check.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client/dcc_file.h"
#include "client/dcc_options.h"
#include "check_run.h"

static Suite	*dcc_file_suite(void);

static char	dir[256];

/* A fresh folder for each test. */
static void
setup(void)
{
	strlcpy(dir, "/tmp/check_dcc_file.XXXXXX", sizeof dir);
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void
teardown(void)
{
	char	cmd[300];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

/* Write len bytes of c to dir/name. */
static void
put(const char *name, size_t len, char c)
{
	char	path[512], *buf = malloc(len + 1);
	FILE	*f;

	memset(buf, c, len);
	snprintf(path, sizeof path, "%s/%s", dir, name);
	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	ck_assert_uint_eq(fwrite(buf, 1, len, f), len);
	fclose(f);
	free(buf);
}

/* The SHA-256 of dir/name, hashed with a small buffer. */
static void
hash_of(const char *name, char hex[DCC_CTCP_HASH_HEX])
{
	struct dcc_hash	*h;
	char		 path[512], buf[1000];
	int		 fd, r, steps = 0;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	ck_assert_int_ne(fd = open(path, O_RDONLY), -1);
	ck_assert_ptr_nonnull(h = dcc_hash_new(fd));
	while ((r = dcc_hash_step(h, buf, sizeof buf, hex)) == 0)
		steps++;
	ck_assert_int_eq(r, 1);
	dcc_hash_free(h);
	close(fd);
}

START_TEST(test_hash)
{
	char	hex[DCC_CTCP_HASH_HEX];

	put("empty", 0, 'a');
	hash_of("empty", hex);
	ck_assert_str_eq(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4"
	    "649b934ca495991b7852b855");
	/* "abc", the FIPS 180-2 example. */
	put("abc", 0, 'a');
	{
		char	 path[512];
		FILE	*f;

		snprintf(path, sizeof path, "%s/abc", dir);
		f = fopen(path, "w");
		fputs("abc", f);
		fclose(f);
	}
	hash_of("abc", hex);
	ck_assert_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a3"
	    "96177a9cb410ff61f20015ad");
	/* More than one step: a million 'a's (FIPS 180-2 again), and a file
	 * of five steps. */
	put("million", 1000000, 'a');
	hash_of("million", hex);
	ck_assert_str_eq(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48"
	    "a497200e046d39ccc7112cd0");
	put("big", 5 * DCC_FILE_HASH_STEP + 3, 'z');
	hash_of("big", hex);
	ck_assert_uint_eq(strlen(hex), 64);
}
END_TEST

START_TEST(test_choose_new_and_numbered)
{
	struct dcc_file_target	t;
	char			err[256], want[512];

	ck_assert(dcc_file_choose(dir, "photo.jpg", 100, true, NULL, NULL, &t,
	    err, sizeof err));
	snprintf(want, sizeof want, "%s/photo.jpg", dir);
	ck_assert_str_eq(t.final, want);
	strlcat(want, ".part", sizeof want);
	ck_assert_str_eq(t.part, want);
	ck_assert_uint_eq(t.resume, 0);
	/* A complete file is never the target: the next number is. */
	put("photo.jpg", 100, 'x');
	put("photo.1.jpg", 5, 'x');
	ck_assert(dcc_file_choose(dir, "photo.jpg", 100, true, NULL, NULL, &t,
	    err, sizeof err));
	snprintf(want, sizeof want, "%s/photo.2.jpg", dir);
	ck_assert_str_eq(t.final, want);
	ck_assert_uint_eq(t.resume, 0);
}
END_TEST

/* A busy() that says every part is in use. */
static bool
all_busy(const char *part, void *arg)
{
	(void)part;
	(void)arg;
	return true;
}

START_TEST(test_choose_resume)
{
	struct dcc_file_target	t;
	char			err[256], want[512];

	/* A part shorter than the offer is resumed from its size. */
	put("movie.mkv.part", 4096, 'm');
	ck_assert(dcc_file_choose(dir, "movie.mkv", 10000, true, NULL, NULL,
	    &t, err, sizeof err));
	ck_assert_uint_eq(t.resume, 4096);
	snprintf(want, sizeof want, "%s/movie.mkv.part", dir);
	ck_assert_str_eq(t.part, want);
	/* Not when the size is unknown, the part is as long or longer, or
	 * another transfer writes it: a new name then. */
	ck_assert(dcc_file_choose(dir, "movie.mkv", 0, false, NULL, NULL, &t,
	    err, sizeof err));
	ck_assert_uint_eq(t.resume, 0);
	snprintf(want, sizeof want, "%s/movie.1.mkv.part", dir);
	ck_assert_str_eq(t.part, want);
	ck_assert(dcc_file_choose(dir, "movie.mkv", 4096, true, NULL, NULL, &t,
	    err, sizeof err));
	ck_assert_uint_eq(t.resume, 0);
	ck_assert_str_eq(t.part, want);
	ck_assert(dcc_file_choose(dir, "movie.mkv", 10000, true, all_busy,
	    NULL, &t, err, sizeof err));
	ck_assert_uint_eq(t.resume, 0);
	ck_assert_str_eq(t.part, want);
}
END_TEST

START_TEST(test_open_and_finish)
{
	struct dcc_file_target	t;
	char			err[256], saved[4200], path[512];
	struct stat		st;
	int			fd;

	put("doc.txt.part", 10, 'd');
	ck_assert(dcc_file_choose(dir, "doc.txt", 20, true, NULL, NULL, &t,
	    err, sizeof err));
	ck_assert_uint_eq(t.resume, 10);
	ck_assert_int_ne(fd = dcc_file_open_part(&t, err, sizeof err), -1);
	ck_assert_int_eq(write(fd, "0123456789", 10), 10);
	close(fd);
	/* Meanwhile a doc.txt appeared: the part gets the next name. */
	put("doc.txt", 1, 'x');
	ck_assert(dcc_file_finish(&t, saved, sizeof saved, err, sizeof err));
	snprintf(path, sizeof path, "%s/doc.1.txt", dir);
	ck_assert_str_eq(saved, path);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_size, 20);
	ck_assert_int_eq(access(t.part, F_OK), -1);
	snprintf(path, sizeof path, "%s/doc.txt", dir);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_size, 1);
	/* A new part is made exclusively and never through a link. */
	ck_assert(dcc_file_choose(dir, "new.bin", 5, true, NULL, NULL, &t,
	    err, sizeof err));
	snprintf(path, sizeof path, "%s/elsewhere", dir);
	ck_assert_int_eq(symlink(path, t.part), 0);
	ck_assert_int_eq(dcc_file_open_part(&t, err, sizeof err), -1);
	ck_assert_int_eq(access(path, F_OK), -1);
}
END_TEST

START_TEST(test_options)
{
	struct dcc_options	o;
	char			err[256];

	dcc_options_init(&o);
	ck_assert_int_eq(o.timeout, DCC_OPTIONS_TIMEOUT);
	ck_assert(dcc_options_key("download_dir"));
	ck_assert(dcc_options_key("dcc_timeout"));
	ck_assert(!dcc_options_key("dcc_nope"));
	ck_assert(dcc_options_set(&o, "dcc_address", "192.168.1.20", err,
	    sizeof err));
	ck_assert(dcc_options_set(&o, "dcc_address", "fe80::1", err,
	    sizeof err));
	ck_assert(!dcc_options_set(&o, "dcc_address", "lanbox", err,
	    sizeof err));
	ck_assert(!dcc_options_set(&o, "dcc_timeout", "0", err, sizeof err));
	ck_assert(!dcc_options_set(&o, "dcc_timeout", "5s", err, sizeof err));
	ck_assert(dcc_options_set(&o, "dcc_timeout", "30", err, sizeof err));
	ck_assert_int_eq(o.timeout, 30);
	/* Seconds at the bounds: 1..86400, digits only. */
	ck_assert(dcc_options_set(&o, "dcc_timeout", "1", err, sizeof err));
	ck_assert_int_eq(o.timeout, 1);
	ck_assert(dcc_options_set(&o, "dcc_timeout", "86400", err,
	    sizeof err));
	ck_assert_int_eq(o.timeout, 86400);
	ck_assert(!dcc_options_set(&o, "dcc_timeout", "86401", err,
	    sizeof err));
	ck_assert_str_eq(err, "dcc_timeout: expected seconds (1-86400)");
	ck_assert(!dcc_options_set(&o, "dcc_timeout", "", err, sizeof err));
	ck_assert(!dcc_options_set(&o, "dcc_timeout", "+30", err,
	    sizeof err));
	ck_assert(!dcc_options_set(&o, "dcc_timeout", "-30", err,
	    sizeof err));
	ck_assert(!dcc_options_set(&o, "dcc_timeout",
	    "99999999999999999999999", err, sizeof err));
	ck_assert_int_eq(o.timeout, 86400);
	ck_assert(dcc_options_set(&o, "dcc_timeout", "30", err, sizeof err));
	ck_assert(dcc_options_set(&o, "dcc_auto_accept", "Alice, bob", err,
	    sizeof err));
	ck_assert(dcc_options_auto(&o, "alice"));
	ck_assert(dcc_options_auto(&o, "BOB"));
	ck_assert(!dcc_options_auto(&o, "ali"));
	ck_assert(!dcc_options_auto(&o, "carol"));
	ck_assert(dcc_options_set(&o, "download_dir", "~/inbox", err,
	    sizeof err));
	ck_assert_str_eq(o.download_dir, "~/inbox");
	dcc_options_free(&o);
}
END_TEST

static Suite *
dcc_file_suite(void)
{
	Suite	*su = suite_create("dcc_file");
	TCase	*tc = tcase_create("dcc_file");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_hash);
	tcase_add_test(tc, test_choose_new_and_numbered);
	tcase_add_test(tc, test_choose_resume);
	tcase_add_test(tc, test_open_and_finish);
	tcase_add_test(tc, test_options);
	suite_add_tcase(su, tc);
	return su;
}

int
main(void)
{
	return check_run(dcc_file_suite());
}
