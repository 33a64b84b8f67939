/*
 * Unit tests of --state-dir: file names for any room name, the log round
 * trip, torn and garbage logs, the last-N limit, compaction (also against
 * concurrent appends), atomic state files, sync, the LRU of open logs, and
 * a writer killed with SIGKILL at random moments.
 */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "server/state_dir.h"
#include "check_run.h"

#define DAY_MS	(86400LL * 1000)

/*
 * Each test case gets a directory made in Check's parent process (an
 * unchecked fixture, so it goes even when a test fails), each test a fresh
 * directory inside it, and the state dir below that.
 */
static char base[64];
static char tdir[128];
static char sdir[160];

/* nftw callback: remove one file or (emptied) directory. */
static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_DP)
		return rmdir(path);
	return unlink(path);
}

/* Remove the tree at path, making directories writable first. */
static void
rm_tree(const char *path)
{
	char rooms[256];

	/* A test may leave rooms/ unwritable. */
	snprintf(rooms, sizeof rooms, "%s/state/rooms", path);
	(void)chmod(rooms, 0700);
	(void)nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void
base_setup(void)
{
	strcpy(base, "/tmp/check_state_dir.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(base));
}

static void
base_teardown(void)
{
	rm_tree(base);
}

static void
setup(void)
{
	log_init("check_state_dir", LOG_LEVEL_WARN);
	snprintf(tdir, sizeof tdir, "%s/t.XXXXXX", base);
	ck_assert_ptr_nonnull(mkdtemp(tdir));
	snprintf(sdir, sizeof sdir, "%s/state", tdir);
}

static void
teardown(void)
{
	rm_tree(tdir);
}

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The path of a file in the rooms directory. */
static char *
room_path(const char *file)
{
	static char path[512];

	snprintf(path, sizeof path, "%s/rooms/%s", sdir, file);
	return path;
}

/* Replace a rooms/ file with len bytes of data. */
static void
write_file(const char *file, const void *data, size_t len)
{
	int fd = open(room_path(file), O_WRONLY | O_CREAT | O_TRUNC, 0600);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, data, len), (ssize_t)len);
	close(fd);
}

/* A rooms/ file in a fresh string (NULL when missing); *lenp its size. */
static char *
read_file(const char *file, size_t *lenp)
{
	struct stat st;
	char *s;
	int fd = open(room_path(file), O_RDONLY);

	if (fd == -1)
		return NULL;
	ck_assert_int_eq(fstat(fd, &st), 0);
	s = malloc((size_t)st.st_size + 1);
	ck_assert_int_eq(read(fd, s, (size_t)st.st_size), st.st_size);
	s[st.st_size] = '\0';
	close(fd);
	if (lenp != NULL)
		*lenp = (size_t)st.st_size;
	return s;
}

static bool
file_exists(const char *file)
{
	return access(room_path(file), F_OK) == 0;
}

/* --- What a load gave back ----------------------------------------------- */

struct loaded_entry {
	int64_t	 time_ms;
	char	*line;
	char	*tags;
};

struct loaded_room {
	char			*name;
	struct loaded_entry	*entries;
	size_t			 n;
	bool			 has_state;
	struct room_state	 st;	/* strings strdup'ed, masks apart: */
	char			*masks[8];	/* "b 5 setter mask" */
};

struct loaded {
	struct loaded_room	rooms[256];
	size_t			n;
};

static char *
dup_or_null(const char *s)
{
	return s != NULL ? strdup(s) : NULL;
}

/* state_dir_room_fn: copy one room into the struct loaded. */
static void
collect(void *arg, const char *name, const struct history *h,
    const struct room_state *st)
{
	struct loaded *l = arg;
	struct loaded_room *r;
	size_t i;

	ck_assert_uint_lt(l->n, 256);
	r = &l->rooms[l->n++];
	r->name = strdup(name);
	r->n = history_count(h);
	r->entries = calloc(r->n + 1, sizeof *r->entries);
	for (i = 0; i < r->n; i++) {
		const struct history_entry *e = history_get(h, i);

		r->entries[i].time_ms = e->time_ms;
		r->entries[i].line = strdup(e->line);
		r->entries[i].tags = dup_or_null(e->tags);
	}
	r->has_state = st != NULL;
	if (st != NULL) {
		r->st = *st;
		r->st.topic = dup_or_null(st->topic);
		r->st.topic_setter = dup_or_null(st->topic_setter);
		r->st.key = dup_or_null(st->key);
		r->st.masks = NULL;
		ck_assert_uint_le(st->nmasks, 8);
		for (i = 0; i < st->nmasks; i++) {
			char buf[512];

			snprintf(buf, sizeof buf, "%c %lld %s %s",
			    st->masks[i].list, (long long)st->masks[i].set_at,
			    st->masks[i].setter, st->masks[i].mask);
			r->masks[i] = strdup(buf);
		}
	}
}

static void
loaded_free(struct loaded *l)
{
	size_t i, j;

	for (i = 0; i < l->n; i++) {
		struct loaded_room *r = &l->rooms[i];

		for (j = 0; j < r->n; j++) {
			free(r->entries[j].line);
			free(r->entries[j].tags);
		}
		free(r->entries);
		free(r->name);
		free((char *)r->st.topic);
		free((char *)r->st.topic_setter);
		free((char *)r->st.key);
		for (j = 0; j < 8; j++)
			free(r->masks[j]);
	}
	free(l);
}

/* Open the state dir, load it with last_n, close it. */
static struct loaded *
load_all(size_t last_n)
{
	struct loaded *l = calloc(1, sizeof *l);
	struct state_dir *sd = state_dir_open(sdir);
	int n;

	ck_assert_ptr_nonnull(sd);
	n = state_dir_load(sd, last_n, collect, l);
	ck_assert_int_eq(n, (int)l->n);
	state_dir_close(sd);
	return l;
}

/* The loaded room called name (exact bytes), or NULL. */
static struct loaded_room *
find_room(struct loaded *l, const char *name)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->rooms[i].name, name) == 0)
			return &l->rooms[i];
	return NULL;
}

/* The text of line number i of a test room. */
static void
numbered_line(char *buf, size_t size, const char *room, long i)
{
	snprintf(buf, size, ":n!n@10.0.0.2 PRIVMSG %s :line %ld", room, i);
}

/* Check that r holds lines first..first+count-1 of numbered_line, in order. */
static void
assert_numbered(const struct loaded_room *r, const char *room, long first,
    size_t count)
{
	char want[256];
	size_t i;

	ck_assert_ptr_nonnull(r);
	ck_assert_uint_eq(r->n, count);
	for (i = 0; i < count; i++) {
		numbered_line(want, sizeof want, room, first + (long)i);
		ck_assert_str_eq(r->entries[i].line, want);
	}
}

/* --- Names --------------------------------------------------------------- */

START_TEST(test_encode_names)
{
	static const struct {
		const char *room, *key;
	} cases[] = {
		{ "#lobby", "%23lobby" },
		{ "#Lobby", "%23lobby" },
		{ "#A", "%23a" },
		{ "#a/b", "%23a%2Fb" },
		{ "#..", "%23.." },
		{ "#.hidden", "%23.hidden" },
		{ "#100%", "%23100%25" },
		{ "#a-b_c.d", "%23a-b_c.d" },
		{ "#小明", "%23%E5%B0%8F%E6%98%8E" },
		{ "#\\*?<>|\"'", "%23%5C%2A%3F%3C%3E%7C%22%27" },
	};
	char key[STATE_DIR_KEY_MAX + 1], room[IRC_CHANNELLEN + 1];
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		ck_assert_msg(state_dir_encode_name(cases[i].room, key,
		    sizeof key), "%s", cases[i].room);
		ck_assert_str_eq(key, cases[i].key);
		ck_assert(state_dir_decode_name(key, room, sizeof room));
		ck_assert_int_eq(strcasecmp(room, cases[i].room), 0);
	}
	ck_assert(state_dir_decode_name("%23%E5%B0%8F%E6%98%8E", room,
	    sizeof room));
	ck_assert_str_eq(room, "#小明");
}
END_TEST

START_TEST(test_decode_rejects)
{
	static const char *const bad[] = {
		"", "lobby", "%23", "%23A", "%23%61", "%23a%2f", "%23a%2",
		"%23a%", "%23a%00b", "%23a%20b", "%23a%2Cb", "%23a b", "#a",
		"%23a%2Fb/", "%2E%23",
	};
	char room[IRC_CHANNELLEN + 1];
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ck_assert_msg(!state_dir_decode_name(bad[i], room,
		    sizeof room), "%s decoded", bad[i]);
}
END_TEST

START_TEST(test_encode_rejects)
{
	char key[STATE_DIR_KEY_MAX + 1], longname[IRC_CHANNELLEN + 2];

	ck_assert(!state_dir_encode_name("", key, sizeof key));
	ck_assert(!state_dir_encode_name("lobby", key, sizeof key));
	ck_assert(!state_dir_encode_name("#a b", key, sizeof key));
	ck_assert(!state_dir_encode_name("#a,b", key, sizeof key));
	ck_assert(!state_dir_encode_name("#\xff", key, sizeof key));
	memset(longname, 'x', sizeof longname);
	longname[0] = '#';
	longname[IRC_CHANNELLEN + 1] = '\0';
	ck_assert(!state_dir_encode_name(longname, key, sizeof key));
	longname[IRC_CHANNELLEN] = '\0';
	ck_assert(state_dir_encode_name(longname, key, sizeof key));
	/* Too small a buffer is an error, not a cut name. */
	ck_assert(!state_dir_encode_name("#abcdef", key, 5));
}
END_TEST

/* The longest room name of three-byte characters still fits a file name. */
START_TEST(test_longest_name_fits)
{
	char room[IRC_CHANNELLEN + 1] = "#", key[STATE_DIR_KEY_MAX + 1];
	struct state_dir *sd;
	struct loaded *l;

	while (strlen(room) + 3 <= IRC_CHANNELLEN)
		strcat(room, "房");
	ck_assert(state_dir_encode_name(room, key, sizeof key));
	sd = state_dir_open(sdir);
	ck_assert_ptr_nonnull(sd);
	ck_assert_int_eq(state_dir_append(sd, room, 1, NULL, ":a PRIVMSG x :y"),
	    0);
	state_dir_close(sd);
	l = load_all(10);
	ck_assert_uint_eq(l->n, 1);
	ck_assert_str_eq(l->rooms[0].name, room);
	loaded_free(l);
}
END_TEST

/* --- Round trips --------------------------------------------------------- */

static const char *const odd_rooms[] = {
	"#lobby", "#小明的房间", "#a/b", "#..", "#.", "#.hidden", "#100%",
	"#%23", "#a*b?c", "#\\", "#-", "#émoji😀", "#tab\\t", "#x.log",
	"#y.state", "#z.tmp",
};

START_TEST(test_round_trip_many_rooms)
{
	char room[64], line[256], tags[64];
	struct state_dir *sd;
	struct loaded *l;
	struct loaded_room *r;
	size_t nodd = sizeof odd_rooms / sizeof odd_rooms[0], i;
	int64_t t0 = now_ms();
	long j;

	sd = state_dir_open(sdir);
	ck_assert_ptr_nonnull(sd);
	for (j = 0; j < 30; j++) {
		for (i = 0; i < nodd + 40; i++) {
			if (i < nodd)
				strcpy(room, odd_rooms[i]);
			else
				snprintf(room, sizeof room, "#room%zu", i);
			numbered_line(line, sizeof line, room, j);
			snprintf(tags, sizeof tags, "+draft/n=%ld;+x", j);
			ck_assert_int_eq(state_dir_append(sd, room, t0 + j,
			    j % 3 == 0 ? tags : NULL, line), 0);
		}
		if (j == 10)
			ck_assert_int_eq(state_dir_sync(sd), 0);
	}
	state_dir_close(sd);

	l = load_all(100);
	ck_assert_uint_eq(l->n, nodd + 40);
	for (i = 0; i < nodd + 40; i++) {
		if (i < nodd)
			strcpy(room, odd_rooms[i]);
		else
			snprintf(room, sizeof room, "#room%zu", i);
		r = find_room(l, room);
		ck_assert_msg(r != NULL, "%s missing", room);
		ck_assert(!r->has_state);
		assert_numbered(r, room, 0, 30);
		for (j = 0; j < 30; j++) {
			ck_assert_int_eq(r->entries[j].time_ms, t0 + j);
			if (j % 3 == 0) {
				snprintf(tags, sizeof tags, "+draft/n=%ld;+x",
				    j);
				ck_assert_str_eq(r->entries[j].tags, tags);
			} else
				ck_assert_ptr_null(r->entries[j].tags);
		}
	}
	loaded_free(l);
}
END_TEST

/* "#A" and "#a" are one room: one log, lines in the order written. */
START_TEST(test_case_folded_rooms_share_a_log)
{
	struct state_dir *sd = state_dir_open(sdir);
	struct loaded *l;

	ck_assert_ptr_nonnull(sd);
	ck_assert_int_eq(state_dir_append(sd, "#Mixed", 1, NULL, ":a X 1"), 0);
	ck_assert_int_eq(state_dir_append(sd, "#mixed", 2, NULL, ":a X 2"), 0);
	ck_assert_int_eq(state_dir_append(sd, "#MIXED", 3, NULL, ":a X 3"), 0);
	state_dir_close(sd);
	ck_assert(file_exists("%23mixed.log"));
	l = load_all(10);
	ck_assert_uint_eq(l->n, 1);
	/* Without a .state the folded name is all there is. */
	ck_assert_str_eq(l->rooms[0].name, "#mixed");
	ck_assert_uint_eq(l->rooms[0].n, 3);
	ck_assert_str_eq(l->rooms[0].entries[2].line, ":a X 3");
	loaded_free(l);
}
END_TEST

START_TEST(test_log_format_on_disk)
{
	struct state_dir *sd = state_dir_open(sdir);
	char *s;

	ck_assert_ptr_nonnull(sd);
	ck_assert_int_eq(state_dir_append(sd, "#Lobby", 1700000000123LL, NULL,
	    ":alice!a@10.0.0.2 PRIVMSG #Lobby :hi"), 0);
	ck_assert_int_eq(state_dir_append(sd, "#lobby", 1700000000456LL,
	    "+a=b;+c", ":bob!b@10.0.0.3 PRIVMSG #lobby :\xe4\xbd\xa0\xe5\xa5\xbd"),
	    0);
	ck_assert_int_eq(state_dir_append(sd, "#lobby", 5, "", ":c X y"), 0);
	state_dir_close(sd);
	s = read_file("%23lobby.log", NULL);
	ck_assert_ptr_nonnull(s);
	ck_assert_str_eq(s,
	    "1700000000123 :alice!a@10.0.0.2 PRIVMSG #Lobby :hi\n"
	    "1700000000456 @+a=b;+c :bob!b@10.0.0.3 PRIVMSG #lobby :你好\n"
	    "5 :c X y\n");
	free(s);
}
END_TEST

START_TEST(test_append_rejects_bad_input)
{
	struct state_dir *sd = state_dir_open(sdir);
	char *big;
	size_t biglen = STATE_DIR_RECORD_MAX;

	ck_assert_ptr_nonnull(sd);
	ck_assert_int_eq(state_dir_append(sd, "lobby", 1, NULL, ":a X y"), -1);
	ck_assert_int_eq(state_dir_append(sd, "#a b", 1, NULL, ":a X y"), -1);
	ck_assert_int_eq(state_dir_append(sd, "#r", 1, NULL, ""), -1);
	ck_assert_int_eq(state_dir_append(sd, "#r", 1, NULL, ":a X\ny"), -1);
	ck_assert_int_eq(state_dir_append(sd, "#r", 1, NULL, ":a X\ry"), -1);
	ck_assert_int_eq(state_dir_append(sd, "#r", 1, NULL, "@t :a X"), -1);
	ck_assert_int_eq(state_dir_append(sd, "#r", 1, NULL, " :a X"), -1);
	ck_assert_int_eq(state_dir_append(sd, "#r", 1, "+a b", ":a X"), -1);
	ck_assert_int_eq(state_dir_append(sd, "#r", -1, NULL, ":a X"), -1);
	big = malloc(biglen + 1);
	memset(big, 'x', biglen);
	big[biglen] = '\0';
	ck_assert_int_eq(state_dir_append(sd, "#r", 1, NULL, big), -1);
	/* The largest record that fits is written and read back. */
	big[STATE_DIR_RECORD_MAX - 24] = '\0';
	ck_assert_int_eq(state_dir_append(sd, "#r", INT64_MAX, NULL, big), 0);
	state_dir_close(sd);
	{
		struct loaded *l = load_all(10);

		ck_assert_uint_eq(l->n, 1);
		ck_assert_uint_eq(l->rooms[0].n, 1);
		ck_assert_int_eq(l->rooms[0].entries[0].time_ms, INT64_MAX);
		ck_assert_str_eq(l->rooms[0].entries[0].line, big);
		loaded_free(l);
	}
	free(big);
}
END_TEST

/* --- Damaged logs -------------------------------------------------------- */

START_TEST(test_torn_last_line)
{
	static const char good[] =
	    "1 :a PRIVMSG #r :one\n"
	    "2 @+t=1 :a PRIVMSG #r :two\n";
	char data[256], *s;
	struct state_dir *sd;
	struct loaded *l;
	size_t len;

	sd = state_dir_open(sdir);
	ck_assert_ptr_nonnull(sd);
	state_dir_close(sd);
	snprintf(data, sizeof data, "%s3 :a PRIVMSG #r :thr", good);
	write_file("%23r.log", data, strlen(data));

	l = load_all(10);
	ck_assert_uint_eq(l->n, 1);
	ck_assert_uint_eq(l->rooms[0].n, 2);
	ck_assert_str_eq(l->rooms[0].entries[1].line, ":a PRIVMSG #r :two");
	ck_assert_str_eq(l->rooms[0].entries[1].tags, "+t=1");
	loaded_free(l);
	/* The torn tail is gone from the file. */
	s = read_file("%23r.log", &len);
	ck_assert_str_eq(s, good);
	free(s);

	/* New appends start on a line of their own. */
	sd = state_dir_open(sdir);
	ck_assert_ptr_nonnull(sd);
	ck_assert_int_eq(state_dir_append(sd, "#r", 4, NULL,
	    ":a PRIVMSG #r :four"), 0);
	state_dir_close(sd);
	l = load_all(10);
	ck_assert_uint_eq(l->rooms[0].n, 3);
	ck_assert_str_eq(l->rooms[0].entries[2].line, ":a PRIVMSG #r :four");
	loaded_free(l);
}
END_TEST

/*
 * One room read back on its own, as a joiner brings it back: the last N
 * lines read from the end of a long log (across chunk boundaries), a torn
 * tail cut off, the state with it; nothing called for a room not on disk.
 */
START_TEST(test_load_one_room_from_the_end)
{
	char line[256];
	struct state_dir *sd = state_dir_open(sdir);
	struct room_state st = { .topic = "kept", .no_outside = true };
	struct loaded *l = calloc(1, sizeof *l);
	char *s;
	size_t len;
	long i;

	ck_assert_ptr_nonnull(sd);
	for (i = 0; i < 5000; i++) {
		numbered_line(line, sizeof line, "#Big", i);
		ck_assert_int_eq(state_dir_append(sd, "#Big", 1000 + i, NULL,
		    line), 0);
	}
	ck_assert_int_eq(state_dir_save_room(sd, "#Big", &st), 0);
	state_dir_close(sd);
	s = read_file("%23big.log", &len);
	s = realloc(s, len + 9);
	memcpy(s + len, "77 :torn", 9);
	write_file("%23big.log", s, len + 8);
	free(s);

	sd = state_dir_open(sdir);
	ck_assert_ptr_nonnull(sd);
	ck_assert_int_eq(state_dir_scan(sd), 1);
	ck_assert_int_eq(state_dir_load_room(sd, "#big", 3, collect, l), 1);
	ck_assert_uint_eq(l->n, 1);
	ck_assert_str_eq(l->rooms[0].name, "#Big");	/* as saved */
	assert_numbered(&l->rooms[0], "#Big", 4997, 3);
	ck_assert(l->rooms[0].has_state);
	ck_assert_str_eq(l->rooms[0].st.topic, "kept");
	/* Nothing of #none on disk: no call. */
	ck_assert_int_eq(state_dir_load_room(sd, "#none", 3, collect, l), 0);
	ck_assert_uint_eq(l->n, 1);
	state_dir_close(sd);
	loaded_free(l);
	/* The torn tail is gone from the file. */
	s = read_file("%23big.log", &len);
	ck_assert_uint_eq(len, strlen(s));
	ck_assert_ptr_null(strstr(s, "torn"));
	free(s);
	/* More lines asked for than there are: all of them. */
	l = calloc(1, sizeof *l);
	sd = state_dir_open(sdir);
	ck_assert_int_eq(state_dir_load_room(sd, "#big", 9000, collect, l), 1);
	assert_numbered(&l->rooms[0], "#Big", 0, 5000);
	state_dir_close(sd);
	loaded_free(l);
}
END_TEST

/* A file of nothing but a torn line becomes empty. */
START_TEST(test_torn_only_line)
{
	struct state_dir *sd = state_dir_open(sdir);
	struct loaded *l;
	char *s;
	size_t len;

	ck_assert_ptr_nonnull(sd);
	state_dir_close(sd);
	write_file("%23r.log", "123 :a PRIV", 11);
	l = load_all(10);
	ck_assert_uint_eq(l->n, 1);
	ck_assert_uint_eq(l->rooms[0].n, 0);
	loaded_free(l);
	s = read_file("%23r.log", &len);
	ck_assert_uint_eq(len, 0);
	free(s);
}
END_TEST

START_TEST(test_malformed_lines_skipped)
{
	static const char data[] =
	    "abc\n"
	    "\n"
	    "123\n"
	    "123 \n"
	    "123 @ :a X\n"
	    "123 @t\n"
	    "123 @t \n"
	    "12a :a X\n"
	    "-5 :a X\n"
	    "99999999999999999999 :a X\n"
	    "9223372036854775808 :a X\n"
	    "123  :a X\n"
	    "123 :a \r X\n"
	    "10 :a PRIVMSG #r :ok1\n"
	    "123 :a \0 X\n"
	    "9223372036854775807 @+k=v :a PRIVMSG #r :ok2\n"
	    "11 @t @u :a X\n";
	struct state_dir *sd = state_dir_open(sdir);
	struct loaded *l;
	struct loaded_room *r;

	ck_assert_ptr_nonnull(sd);
	state_dir_close(sd);
	write_file("%23r.log", data, sizeof data - 1);
	l = load_all(100);
	r = find_room(l, "#r");
	ck_assert_ptr_nonnull(r);
	ck_assert_uint_eq(r->n, 2);
	ck_assert_str_eq(r->entries[0].line, ":a PRIVMSG #r :ok1");
	ck_assert_int_eq(r->entries[0].time_ms, 10);
	ck_assert_str_eq(r->entries[1].line, ":a PRIVMSG #r :ok2");
	ck_assert_str_eq(r->entries[1].tags, "+k=v");
	ck_assert_int_eq(r->entries[1].time_ms, INT64_MAX);
	loaded_free(l);
}
END_TEST

START_TEST(test_garbage_and_empty_files)
{
	struct state_dir *sd = state_dir_open(sdir);
	unsigned char *junk;
	struct loaded *l;
	size_t i, n = 3 * 1024 * 1024;
	unsigned seed = 12345;

	ck_assert_ptr_nonnull(sd);
	state_dir_close(sd);
	junk = malloc(n);
	for (i = 0; i < n; i++) {
		seed = seed * 1103515245u + 12345u;
		junk[i] = (unsigned char)(seed >> 16);
	}
	write_file("%23garbage.log", junk, n);
	/* Garbage with no newline at all: one huge torn line. */
	for (i = 0; i < n; i++)
		if (junk[i] == '\n')
			junk[i] = 'x';
	write_file("%23nonewline.log", junk, n);
	write_file("%23empty.log", "", 0);
	write_file("%23newlines.log", "\n\n\n\n", 4);
	write_file("%23bad.state", junk, 5000);
	write_file("%23empty2.state", "", 0);
	write_file("README", "not a room\n", 11);
	write_file("%23A.log", "1 :a X y\n", 9);	/* not canonical */
	{
		/* Bad mask lines are skipped, the good one kept. */
		static const char masks[] = "natterd-room-state 1\n"
		    "mask z 1 s x!*@*\nmask b x s x!*@*\nmask b 1 s\n"
		    "mask b -1 s x!*@*\nmask b 1  x!*@*\nmask\n"
		    "mask e 9 pam!u@h ok!*@*\n";

		write_file("%23masks.state", masks, sizeof masks - 1);
	}
	free(junk);

	l = load_all(100);
	ck_assert_uint_eq(l->n, 7);
	ck_assert_uint_eq(find_room(l, "#masks")->st.nmasks, 1);
	ck_assert_str_eq(find_room(l, "#masks")->masks[0], "e 9 pam!u@h ok!*@*");
	ck_assert_ptr_nonnull(find_room(l, "#garbage"));
	ck_assert_uint_eq(find_room(l, "#nonewline")->n, 0);
	ck_assert_uint_eq(find_room(l, "#empty")->n, 0);
	ck_assert_uint_eq(find_room(l, "#newlines")->n, 0);
	ck_assert(!find_room(l, "#bad")->has_state);
	ck_assert(!find_room(l, "#empty2")->has_state);
	loaded_free(l);
	/* The torn garbage was cut off: the file is empty now. */
	{
		size_t len;
		char *s = read_file("%23nonewline.log", &len);

		ck_assert_uint_eq(len, 0);
		free(s);
	}
	/* Loading again is quiet and gives the same. */
	l = load_all(100);
	ck_assert_uint_eq(l->n, 7);
	loaded_free(l);
}
END_TEST

/* A big log is streamed and only its last N entries are kept. */
START_TEST(test_huge_file_last_n)
{
	struct state_dir *sd = state_dir_open(sdir);
	struct loaded *l;
	char line[256];
	FILE *fp;
	long i, n = 300000;

	ck_assert_ptr_nonnull(sd);
	state_dir_close(sd);
	fp = fopen(room_path("%23big.log"), "w");
	ck_assert_ptr_nonnull(fp);
	for (i = 0; i < n; i++) {
		numbered_line(line, sizeof line, "#big", i);
		fprintf(fp, "%ld %s\n", 1000 + i, line);
		if (i == n / 2) {
			/* A line far too long in the middle. */
			long k;

			for (k = 0; k < 3 * STATE_DIR_RECORD_MAX; k++)
				fputc('z', fp);
			fputc('\n', fp);
		}
	}
	fclose(fp);

	l = load_all(100);
	assert_numbered(find_room(l, "#big"), "#big", n - 100, 100);
	ck_assert_int_eq(find_room(l, "#big")->entries[99].time_ms,
	    1000 + n - 1);
	loaded_free(l);
	l = load_all(1);
	assert_numbered(find_room(l, "#big"), "#big", n - 1, 1);
	loaded_free(l);
	/* N = 0: the room is still reported, with no history. */
	l = load_all(0);
	ck_assert_uint_eq(l->n, 1);
	ck_assert_uint_eq(l->rooms[0].n, 0);
	loaded_free(l);
}
END_TEST

/* --- Room state ---------------------------------------------------------- */

START_TEST(test_state_round_trip)
{
	struct state_dir *sd = state_dir_open(sdir);
	struct room_state st = {
		.created = 1600000000,
		.topic = "Welcome to 小明's room: be nice",
		.topic_setter = "小明!x@10.0.0.9",
		.topic_time = 1700000001,
		.topic_ops_only = true,
		.no_outside = false,
		.key = "sekrit",
		.limit = 42,
		.invite_only = true,
		.secret = true,
		.masks = (const struct room_state_mask[]){
			{ 'b', "m:ray!*@*", "pam!u@10.0.0.9", 1700000002 },
			{ 'I', "*!*@10.*", "小明!x@h", 5 },
			{ 'b', "x!*@*", "pam!u@10.0.0.9", 7 },
		},
		.nmasks = 3,
	};
	struct room_state plain = { .no_outside = true };
	struct loaded *l;
	struct loaded_room *r;

	ck_assert_ptr_nonnull(sd);
	ck_assert_int_eq(state_dir_save_room(sd, "#MiXed", &st), 0);
	ck_assert_int_eq(state_dir_save_room(sd, "#plain", &plain), 0);
	/* A room with history and state. */
	ck_assert_int_eq(state_dir_append(sd, "#mixed", 7, NULL, ":a X y"), 0);
	/* Saved: in the file at once, as a log line is (a kill -9 now keeps
	 * it); the sync only makes it durable. */
	ck_assert(file_exists("%23mixed.state"));
	ck_assert_int_eq(state_dir_sync(sd), 0);
	ck_assert(file_exists("%23mixed.state"));
	state_dir_close(sd);

	l = load_all(10);
	ck_assert_uint_eq(l->n, 2);
	r = find_room(l, "#MiXed");	/* the case as saved */
	ck_assert_ptr_nonnull(r);
	ck_assert(r->has_state);
	ck_assert_uint_eq(r->n, 1);
	ck_assert_int_eq(r->st.created, 1600000000);
	ck_assert_str_eq(r->st.topic, st.topic);
	ck_assert_str_eq(r->st.topic_setter, st.topic_setter);
	ck_assert_int_eq(r->st.topic_time, 1700000001);
	ck_assert(r->st.topic_ops_only);
	ck_assert(!r->st.no_outside);
	ck_assert_str_eq(r->st.key, "sekrit");
	ck_assert_uint_eq(r->st.limit, 42);
	ck_assert(r->st.invite_only && r->st.secret && !r->st.moderated);
	/* Lists in their order, each entry whole. */
	ck_assert_uint_eq(r->st.nmasks, 3);
	ck_assert_str_eq(r->masks[0], "b 1700000002 pam!u@10.0.0.9 m:ray!*@*");
	ck_assert_str_eq(r->masks[1], "I 5 小明!x@h *!*@10.*");
	ck_assert_str_eq(r->masks[2], "b 7 pam!u@10.0.0.9 x!*@*");
	r = find_room(l, "#plain");
	ck_assert_ptr_nonnull(r);
	ck_assert(r->has_state);
	ck_assert_uint_eq(r->n, 0);
	ck_assert(r->st.topic == NULL || *r->st.topic == '\0');
	ck_assert(r->st.key == NULL || *r->st.key == '\0');
	ck_assert(!r->st.topic_ops_only);
	ck_assert(r->st.no_outside);
	ck_assert_uint_eq(r->st.limit, 0);
	loaded_free(l);
}
END_TEST

/* The last save before a sync wins; a save after it replaces the file. */
START_TEST(test_state_latest_wins)
{
	struct state_dir *sd = state_dir_open(sdir);
	struct room_state st = { .topic = "one" };
	struct loaded *l;

	ck_assert_ptr_nonnull(sd);
	ck_assert_int_eq(state_dir_save_room(sd, "#r", &st), 0);
	st.topic = "two";
	ck_assert_int_eq(state_dir_save_room(sd, "#R", &st), 0);
	ck_assert_int_eq(state_dir_sync(sd), 0);
	st.topic = "three";
	st.limit = 3;
	ck_assert_int_eq(state_dir_save_room(sd, "#r", &st), 0);
	state_dir_close(sd);	/* syncs */
	l = load_all(10);
	ck_assert_uint_eq(l->n, 1);
	ck_assert_str_eq(l->rooms[0].name, "#r");
	ck_assert_str_eq(l->rooms[0].st.topic, "three");
	ck_assert_uint_eq(l->rooms[0].st.limit, 3);
	loaded_free(l);
}
END_TEST

START_TEST(test_state_rejects_bad_input)
{
	struct state_dir *sd = state_dir_open(sdir);
	struct room_state st = { .topic = "two\nlines" };

	ck_assert_ptr_nonnull(sd);
	ck_assert_int_eq(state_dir_save_room(sd, "#r", &st), -1);
	st.topic = "ok";
	st.key = "a\rb";
	ck_assert_int_eq(state_dir_save_room(sd, "#r", &st), -1);
	st.key = NULL;
	ck_assert_int_eq(state_dir_save_room(sd, "nochan", &st), -1);
	ck_assert_int_eq(state_dir_sync(sd), 0);
	state_dir_close(sd);
	ck_assert(!file_exists("%23r.state"));
}
END_TEST

/* A crash mid-save leaves a .tmp: it neither breaks the next save nor the
 * load, which removes it; the old .state is whole meanwhile. */
START_TEST(test_state_survives_leftover_tmp)
{
	struct state_dir *sd = state_dir_open(sdir);
	struct room_state st = { .topic = "old topic", .limit = 5 };
	struct loaded *l;

	ck_assert_ptr_nonnull(sd);
	ck_assert_int_eq(state_dir_save_room(sd, "#r", &st), 0);
	state_dir_close(sd);
	/* The crash: a half-written replacement. */
	write_file("%23r.state.tmp", "natterd-room-state 1\ntopic new to", 33);
	write_file("%23r.log.tmp", "1 :a X half", 11);
	write_file("%23gone.state.tmp", "natterd-room", 12);

	l = load_all(10);
	ck_assert_uint_eq(l->n, 1);
	ck_assert_str_eq(l->rooms[0].st.topic, "old topic");
	ck_assert_uint_eq(l->rooms[0].st.limit, 5);
	loaded_free(l);
	ck_assert(!file_exists("%23r.state.tmp"));
	ck_assert(!file_exists("%23r.log.tmp"));
	ck_assert(!file_exists("%23gone.state.tmp"));

	/* And a save over a leftover tmp works. */
	write_file("%23r.state.tmp", "garbage garbage garbage", 23);
	sd = state_dir_open(sdir);
	ck_assert_ptr_nonnull(sd);
	st.topic = "new topic";
	ck_assert_int_eq(state_dir_save_room(sd, "#r", &st), 0);
	ck_assert_int_eq(state_dir_sync(sd), 0);
	state_dir_close(sd);
	ck_assert(!file_exists("%23r.state.tmp"));
	l = load_all(10);
	ck_assert_str_eq(l->rooms[0].st.topic, "new topic");
	loaded_free(l);
}
END_TEST

START_TEST(test_state_file_damaged)
{
	static const char text[] =
	    "natterd-room-state 1\n"
	    "name #Other\n"		/* not this room: ignored */
	    "topic fine\n"
	    "limit -3\n"		/* bad number: skipped */
	    "topic-time 12x\n"
	    "future-field whatever\n"
	    "nospace\n"
	    "created 77\n"
	    "key k";			/* no newline: ignored */
	struct state_dir *sd = state_dir_open(sdir);
	struct loaded *l;

	ck_assert_ptr_nonnull(sd);
	state_dir_close(sd);
	write_file("%23r.state", text, sizeof text - 1);
	l = load_all(10);
	ck_assert_uint_eq(l->n, 1);
	ck_assert_str_eq(l->rooms[0].name, "#r");
	ck_assert(l->rooms[0].has_state);
	ck_assert_str_eq(l->rooms[0].st.topic, "fine");
	ck_assert_uint_eq(l->rooms[0].st.limit, 0);
	ck_assert_int_eq(l->rooms[0].st.topic_time, 0);
	ck_assert_int_eq(l->rooms[0].st.created, 77);
	ck_assert_ptr_null(l->rooms[0].st.key);
	loaded_free(l);
}
END_TEST

/* --- Sync and open files ------------------------------------------------- */

START_TEST(test_sync_nothing_dirty)
{
	struct state_dir *sd = state_dir_open(sdir);

	ck_assert_ptr_nonnull(sd);
	ck_assert_int_eq(state_dir_sync(sd), 0);
	ck_assert_int_eq(state_dir_sync(sd), 0);
	ck_assert_int_eq(state_dir_append(sd, "#r", 1, NULL, ":a X y"), 0);
	ck_assert_int_eq(state_dir_sync(sd), 0);
	ck_assert_int_eq(state_dir_sync(sd), 0);
	state_dir_close(sd);
	state_dir_close(NULL);
}
END_TEST

/* Open descriptors of this process. */
static int
count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *de;
	int n = 0;

	if (d == NULL)
		return -1;
	while ((de = readdir(d)) != NULL)
		if (de->d_name[0] != '.')
			n++;
	closedir(d);
	return n - 1;	/* opendir's own */
}

/* Many rooms through a small LRU of open logs; dirty closed logs still sync. */
START_TEST(test_lru_of_open_logs)
{
	struct state_dir *sd = state_dir_open(sdir);
	char room[32], line[128];
	struct loaded *l;
	int fds0, fds, i, j;

	ck_assert_ptr_nonnull(sd);
	state_dir_set_max_open(sd, 4);
	fds0 = count_fds();
	for (j = 0; j < 10; j++) {
		for (i = 0; i < 40; i++) {
			snprintf(room, sizeof room, "#r%d", i);
			numbered_line(line, sizeof line, room, j);
			ck_assert_int_eq(state_dir_append(sd, room, j, NULL,
			    line), 0);
			fds = count_fds();
			if (fds0 >= 0)
				ck_assert_int_le(fds, fds0 + 4);
		}
		if (j % 3 == 0)
			ck_assert_int_eq(state_dir_sync(sd), 0);
	}
	ck_assert_int_eq(state_dir_sync(sd), 0);
	state_dir_set_max_open(sd, 0);
	state_dir_close(sd);
	if (fds0 >= 0)
		ck_assert_int_eq(count_fds(), fds0 - 2);	/* dir + lock */

	l = load_all(100);
	ck_assert_uint_eq(l->n, 40);
	for (i = 0; i < 40; i++) {
		snprintf(room, sizeof room, "#r%d", i);
		assert_numbered(find_room(l, room), room, 0, 10);
	}
	loaded_free(l);
}
END_TEST

/* Appends in one thread (as under the hub lock), syncs in another. */
struct sync_thread {
	struct state_dir	*sd;
	atomic_bool		 stop;
	atomic_int		 syncs;
};

static void *
sync_loop(void *arg)
{
	struct sync_thread *t = arg;

	while (!atomic_load(&t->stop)) {
		ck_assert_int_eq(state_dir_sync(t->sd), 0);
		atomic_fetch_add(&t->syncs, 1);
	}
	return NULL;
}

START_TEST(test_sync_thread_with_appends)
{
	struct sync_thread t = { .sd = state_dir_open(sdir) };
	char room[32], line[128];
	struct loaded *l;
	pthread_t th;
	int i;

	ck_assert_ptr_nonnull(t.sd);
	state_dir_set_max_open(t.sd, 3);
	atomic_init(&t.stop, false);
	atomic_init(&t.syncs, 0);
	ck_assert_int_eq(pthread_create(&th, NULL, sync_loop, &t), 0);
	/* The syncs are going before the appends start: on a loaded machine
	 * the appends could otherwise all be done before the thread runs. */
	while (atomic_load(&t.syncs) == 0)
		usleep(1000);
	for (i = 0; i < 3000; i++) {
		snprintf(room, sizeof room, "#r%d", i % 7);
		numbered_line(line, sizeof line, room, i / 7);
		ck_assert_int_eq(state_dir_append(t.sd, room, i, NULL, line),
		    0);
		if (i % 100 == 0) {
			struct room_state st = { .topic = line };

			ck_assert_int_eq(state_dir_save_room(t.sd, room, &st),
			    0);
		}
	}
	atomic_store(&t.stop, true);
	pthread_join(th, NULL);
	ck_assert_int_gt(atomic_load(&t.syncs), 0);
	state_dir_close(t.sd);
	l = load_all(10000);
	ck_assert_uint_eq(l->n, 7);
	for (i = 0; i < 7; i++) {
		snprintf(room, sizeof room, "#r%d", i);
		assert_numbered(find_room(l, room), room, 0,
		    (size_t)(3000 / 7 + (i < 3000 % 7)));
		ck_assert(find_room(l, room)->has_state);
	}
	loaded_free(l);
}
END_TEST

/* --- Opening ------------------------------------------------------------- */

START_TEST(test_open_creates_and_refuses)
{
	struct state_dir *sd, *sd2;
	char path[256];
	struct stat st;
	int fd;

	/* Created 0700 with rooms/ inside. */
	sd = state_dir_open(sdir);
	ck_assert_ptr_nonnull(sd);
	ck_assert_int_eq(stat(sdir, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0700);
	snprintf(path, sizeof path, "%s/rooms", sdir);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert(S_ISDIR(st.st_mode));
	ck_assert_int_eq(st.st_mode & 0777, 0700);
	/* A second natterd on the same dir is refused. */
	sd2 = state_dir_open(sdir);
	ck_assert_ptr_null(sd2);
	state_dir_close(sd);
	sd = state_dir_open(sdir);
	ck_assert_ptr_nonnull(sd);
	state_dir_close(sd);

	/* A missing parent, a regular file. */
	snprintf(path, sizeof path, "%s/no/such/dir", tdir);
	ck_assert_ptr_null(state_dir_open(path));
	snprintf(path, sizeof path, "%s/file", tdir);
	fd = open(path, O_WRONLY | O_CREAT, 0600);
	ck_assert_int_ge(fd, 0);
	close(fd);
	ck_assert_ptr_null(state_dir_open(path));
	/* rooms/ a file. */
	snprintf(path, sizeof path, "%s/s2", tdir);
	ck_assert_int_eq(mkdir(path, 0700), 0);
	snprintf(path, sizeof path, "%s/s2/rooms", tdir);
	fd = open(path, O_WRONLY | O_CREAT, 0600);
	ck_assert_int_ge(fd, 0);
	close(fd);
	snprintf(path, sizeof path, "%s/s2", tdir);
	ck_assert_ptr_null(state_dir_open(path));
	/* rooms/ not writable (root may write anyway). */
	if (geteuid() != 0) {
		snprintf(path, sizeof path, "%s/rooms", sdir);
		ck_assert_int_eq(chmod(path, 0500), 0);
		ck_assert_ptr_null(state_dir_open(sdir));
		ck_assert_int_eq(chmod(path, 0700), 0);
	}
}
END_TEST

/* --- Compaction ---------------------------------------------------------- */

/* Write lines 0..nold-1 40 days old, then nnew lines of yesterday. */
static void
fill_old_and_new(const char *room, int nold, int nnew)
{
	struct state_dir *sd = state_dir_open(sdir);
	char line[128];
	int64_t now = now_ms();
	int i;

	ck_assert_ptr_nonnull(sd);
	for (i = 0; i < nold + nnew; i++) {
		numbered_line(line, sizeof line, room, i);
		ck_assert_int_eq(state_dir_append(sd, room,
		    i < nold ? now - 40 * DAY_MS + i : now - DAY_MS + i,
		    i % 2 ? "+t" : NULL, line), 0);
	}
	state_dir_close(sd);
}

/* Compact with keep_days and keep_last_n; returns what compact returned. */
static int
compact(int keep_days, size_t keep_last_n)
{
	struct state_dir *sd = state_dir_open(sdir);
	int n;

	ck_assert_ptr_nonnull(sd);
	n = state_dir_compact(sd, keep_days, keep_last_n);
	state_dir_close(sd);
	return n;
}

START_TEST(test_compact_by_age)
{
	struct loaded *l;

	fill_old_and_new("#a", 50, 10);		/* more new lines than N */
	fill_old_and_new("#c", 50, 0);		/* all old */
	fill_old_and_new("#d", 0, 10);		/* all new */
	fill_old_and_new("#f", 3, 2);		/* fewer lines than N */

	ck_assert_int_eq(compact(0, 5), 0);	/* 0 days: keep everything */
	ck_assert_int_eq(compact(30, 5), 2);	/* #a and #c */
	l = load_all(1000);
	assert_numbered(find_room(l, "#a"), "#a", 50, 10);
	assert_numbered(find_room(l, "#c"), "#c", 45, 5);
	assert_numbered(find_room(l, "#d"), "#d", 0, 10);
	assert_numbered(find_room(l, "#f"), "#f", 0, 5);
	ck_assert_str_eq(find_room(l, "#a")->entries[1].tags, "+t");
	loaded_free(l);
	ck_assert(!file_exists("%23a.log.tmp"));
}
END_TEST

START_TEST(test_compact_keeps_last_n)
{
	struct loaded *l;

	fill_old_and_new("#b", 50, 10);
	ck_assert_int_eq(compact(30, 25), 1);
	l = load_all(1000);
	assert_numbered(find_room(l, "#b"), "#b", 35, 25);
	loaded_free(l);
	/* Nothing more to drop: not rewritten again. */
	ck_assert_int_eq(compact(30, 25), 0);
	/* keep_last_n 0: only the recent ones. */
	ck_assert_int_eq(compact(30, 0), 1);
	l = load_all(1000);
	assert_numbered(find_room(l, "#b"), "#b", 50, 10);
	loaded_free(l);
	/* A big N keeps everything. */
	fill_old_and_new("#e", 30, 0);
	ck_assert_int_eq(compact(30, 100), 0);
	l = load_all(1000);
	assert_numbered(find_room(l, "#e"), "#e", 0, 30);
	loaded_free(l);
}
END_TEST

/* Compaction drops bad lines and a torn tail, and appends after it land in
 * the new file through a reopened descriptor. */
START_TEST(test_compact_then_append)
{
	struct state_dir *sd;
	struct loaded *l;
	char line[128], *s;
	int64_t now = now_ms();
	char data[512];
	int n;

	sd = state_dir_open(sdir);
	ck_assert_ptr_nonnull(sd);
	state_dir_close(sd);
	n = snprintf(data, sizeof data,
	    "1000 :n!n@10.0.0.2 PRIVMSG #r :line 0\n"
	    "garbage\n"
	    "%lld :n!n@10.0.0.2 PRIVMSG #r :line 1\n"
	    "%lld :n!n@10.0.0.2 PRIVMSG #r :line 2\n"
	    "77 torn", (long long)now, (long long)now);
	write_file("%23r.log", data, (size_t)n);
	n = snprintf(data, sizeof data,
	    "1000 :n!n@10.0.0.2 PRIVMSG #s :line 0\n");
	write_file("%23s.log", data, (size_t)n);

	sd = state_dir_open(sdir);
	ck_assert_ptr_nonnull(sd);
	/* #s's descriptor is open before the compaction... */
	numbered_line(line, sizeof line, "#s", 1);
	ck_assert_int_eq(state_dir_append(sd, "#s", now, NULL, line), 0);
	ck_assert_int_eq(state_dir_compact(sd, 1, 0), 2);
	/* ...and reopened after it. */
	numbered_line(line, sizeof line, "#s", 2);
	ck_assert_int_eq(state_dir_append(sd, "#s", now, NULL, line), 0);
	numbered_line(line, sizeof line, "#r", 3);
	ck_assert_int_eq(state_dir_append(sd, "#r", now, NULL, line), 0);
	ck_assert_int_eq(state_dir_sync(sd), 0);
	state_dir_close(sd);
	s = read_file("%23r.log", NULL);
	ck_assert_ptr_null(strstr(s, "garbage"));
	ck_assert_ptr_null(strstr(s, "torn"));
	free(s);
	l = load_all(100);
	assert_numbered(find_room(l, "#r"), "#r", 1, 3);
	assert_numbered(find_room(l, "#s"), "#s", 1, 2);
	loaded_free(l);
}
END_TEST

/*
 * Appends racing compactions of their room: every line is ancient, so each
 * compaction keeps the last 500 of what it saw.  What survives must be a
 * run of consecutive lines ending with the last one: none of those
 * appended during a compaction lost or doubled.
 */
struct appender {
	struct state_dir	*sd;
	long			 n;
	atomic_long		 done;
};

static void *
append_loop(void *arg)
{
	struct appender *a = arg;
	char line[128];
	long i;

	for (i = 0; i < a->n; i++) {
		numbered_line(line, sizeof line, "#r", i);
		ck_assert_int_eq(state_dir_append(a->sd, "#r", 1000 + i, NULL,
		    line), 0);
		atomic_store(&a->done, i + 1);
	}
	return NULL;
}

START_TEST(test_compact_races_appends)
{
	struct appender a = { .n = 30000 };
	struct loaded *l;
	struct loaded_room *r;
	pthread_t th;
	int rounds = 0, rewrites = 0, n;

	a.sd = state_dir_open(sdir);
	ck_assert_ptr_nonnull(a.sd);
	atomic_init(&a.done, 0);
	ck_assert_int_eq(pthread_create(&th, NULL, append_loop, &a), 0);
	while (atomic_load(&a.done) < a.n) {
		n = state_dir_compact(a.sd, 30, 500);
		ck_assert_int_ge(n, 0);
		rewrites += n;
		ck_assert_int_eq(state_dir_sync(a.sd), 0);
		rounds++;
	}
	pthread_join(th, NULL);
	ck_assert_int_ge(rewrites, 1);
	state_dir_close(a.sd);
	l = load_all(100000);
	r = find_room(l, "#r");
	ck_assert_ptr_nonnull(r);
	ck_assert_uint_ge(r->n, 500);
	assert_numbered(r, "#r", a.n - (long)r->n, r->n);
	loaded_free(l);
}
END_TEST

/* --- kill -9 ------------------------------------------------------------- */

/* The child: append numbered lines of varied length to #kill until killed,
 * publishing how many appends returned; with sync, a sync every 1000. */
static void
kill_child(atomic_long *done, bool sync)
{
	static char line[6000];
	struct state_dir *sd = state_dir_open(sdir);
	size_t pad;
	long i;
	int n;

	if (sd == NULL)
		_exit(2);
	for (i = 0; i < 50000000; i++) {
		n = snprintf(line, sizeof line,
		    ":k!k@10.0.0.7 PRIVMSG #kill :%ld ", i);
		pad = (size_t)(i * 7919 % 5000);
		memset(line + n, 'a' + (char)(i % 26), pad);
		line[(size_t)n + pad] = '\0';
		if (state_dir_append(sd, "#kill", i, i % 5 ? NULL : "+n",
		    line) != 0)
			_exit(3);
		atomic_store(done, i + 1);
		if (sync && i % 1000 == 999)
			(void)state_dir_sync(sd);
	}
	_exit(0);
}

/* True when e is entry i as kill_child wrote it (no ck_assert per byte:
 * each one costs a message to Check's parent process). */
static bool
kill_line_ok(const struct loaded_entry *e, long i)
{
	char want[64];
	size_t n, pad, k;

	n = (size_t)snprintf(want, sizeof want,
	    ":k!k@10.0.0.7 PRIVMSG #kill :%ld ", i);
	pad = (size_t)(i * 7919 % 5000);
	if (e->time_ms != i || strncmp(e->line, want, n) != 0 ||
	    strlen(e->line) != n + pad)
		return false;
	for (k = 0; k < pad; k++)
		if (e->line[n + k] != 'a' + (char)(i % 26))
			return false;
	return i % 5 ? e->tags == NULL :
	    e->tags != NULL && strcmp(e->tags, "+n") == 0;
}

START_TEST(test_kill9_mid_burst)
{
	atomic_long *done;
	struct timespec ts;
	struct loaded *l;
	struct loaded_room *r;
	struct state_dir *sd;
	unsigned seed = (unsigned)getpid() ^ (unsigned)time(NULL);
	long c, k, i;
	int round, status, waited;
	pid_t pid;

	done = mmap(NULL, sizeof *done, PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ck_assert(done != MAP_FAILED);
	for (round = 0; round < 8; round++) {
		atomic_store(done, 0);
		pid = fork();
		ck_assert_int_ge(pid, 0);
		if (pid == 0)
			kill_child(done, round % 2 == 1);
		/* Let it get going, then kill it at a random moment. */
		for (waited = 0; atomic_load(done) < 1 && waited < 5000;
		    waited++)
			usleep(1000);
		ck_assert_int_ge(atomic_load(done), 1);
		ts.tv_sec = 0;
		ts.tv_nsec = (long)(rand_r(&seed) % 30000) * 1000;
		nanosleep(&ts, NULL);
		ck_assert_int_eq(kill(pid, SIGKILL), 0);
		ck_assert_int_eq(waitpid(pid, &status, 0), pid);
		ck_assert(WIFSIGNALED(status));
		c = atomic_load(done);

		l = load_all(SIZE_MAX);
		r = find_room(l, "#kill");
		ck_assert_ptr_nonnull(r);
		k = (long)r->n;
		/* Every append that returned is there; one more may be. */
		ck_assert_msg(k == c || k == c + 1,
		    "round %d: %ld appends returned, %ld lines loaded",
		    round, c, k);
		for (i = 0; i < k; i++)
			ck_assert_msg(kill_line_ok(&r->entries[i], i),
			    "round %d: line %ld damaged", round, i);
		loaded_free(l);

		/* The log goes on cleanly after the loaded tail. */
		sd = state_dir_open(sdir);
		ck_assert_ptr_nonnull(sd);
		ck_assert_int_eq(state_dir_append(sd, "#kill", k, NULL,
		    ":k!k@10.0.0.7 PRIVMSG #kill :after"), 0);
		state_dir_close(sd);
		l = load_all(SIZE_MAX);
		r = find_room(l, "#kill");
		ck_assert_uint_eq(r->n, (size_t)k + 1);
		ck_assert_str_eq(r->entries[k].line,
		    ":k!k@10.0.0.7 PRIVMSG #kill :after");
		loaded_free(l);

		teardown();
		setup();
	}
	munmap(done, sizeof *done);
}
END_TEST

static Suite *
state_dir_suite(void)
{
	Suite *s = suite_create("state_dir");
	TCase *tc;

	tc = tcase_create("names");
	tcase_add_unchecked_fixture(tc, base_setup, base_teardown);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_encode_names);
	tcase_add_test(tc, test_decode_rejects);
	tcase_add_test(tc, test_encode_rejects);
	tcase_add_test(tc, test_longest_name_fits);
	suite_add_tcase(s, tc);

	tc = tcase_create("log");
	tcase_add_unchecked_fixture(tc, base_setup, base_teardown);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_round_trip_many_rooms);
	tcase_add_test(tc, test_case_folded_rooms_share_a_log);
	tcase_add_test(tc, test_log_format_on_disk);
	tcase_add_test(tc, test_append_rejects_bad_input);
	tcase_add_test(tc, test_torn_last_line);
	tcase_add_test(tc, test_torn_only_line);
	tcase_add_test(tc, test_load_one_room_from_the_end);
	tcase_add_test(tc, test_malformed_lines_skipped);
	tcase_add_test(tc, test_garbage_and_empty_files);
	tcase_add_test(tc, test_huge_file_last_n);
	suite_add_tcase(s, tc);

	tc = tcase_create("state");
	tcase_add_unchecked_fixture(tc, base_setup, base_teardown);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_state_round_trip);
	tcase_add_test(tc, test_state_latest_wins);
	tcase_add_test(tc, test_state_rejects_bad_input);
	tcase_add_test(tc, test_state_survives_leftover_tmp);
	tcase_add_test(tc, test_state_file_damaged);
	suite_add_tcase(s, tc);

	tc = tcase_create("sync");
	tcase_add_unchecked_fixture(tc, base_setup, base_teardown);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_sync_nothing_dirty);
	tcase_add_test(tc, test_lru_of_open_logs);
	tcase_add_test(tc, test_sync_thread_with_appends);
	tcase_add_test(tc, test_open_creates_and_refuses);
	suite_add_tcase(s, tc);

	tc = tcase_create("compact");
	tcase_add_unchecked_fixture(tc, base_setup, base_teardown);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_compact_by_age);
	tcase_add_test(tc, test_compact_keeps_last_n);
	tcase_add_test(tc, test_compact_then_append);
	tcase_add_test(tc, test_compact_races_appends);
	suite_add_tcase(s, tc);

	tc = tcase_create("kill9");
	tcase_add_unchecked_fixture(tc, base_setup, base_teardown);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_kill9_mid_burst);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_run(state_dir_suite());
}
