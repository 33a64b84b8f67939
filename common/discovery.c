/* The discovery probe and answer: formatting and strict parsing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "discovery.h"

/* Called for each key=value word; false makes the datagram invalid. */
typedef bool (*discovery_pair_fn)(const char *key, const char *value,
    void *arg);

/* Whether c may appear in a key. */
static bool
discovery_key_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
	    c == '-';
}

/* Whether c may appear in a server name. */
static bool
discovery_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

/*
 * The decimal number s if it is 1 to 10 digits and at most max, else -1
 * (no sign, no leading zero unless it is "0").
 */
static long
discovery_number(const char *s, long max)
{
	size_t i, n = strlen(s);
	long v = 0;

	if (n == 0 || n > 10 || (n > 1 && s[0] == '0'))
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
		if (v > max)
			return -1;
	}
	return v;
}

/*
 * Check the len bytes at buf against the rules of discovery.h: magic word,
 * version, key=value words; fn gets each pair.  False when invalid.
 */
static bool
discovery_split(const char *buf, size_t len, size_t max, const char *magic,
    unsigned *version, discovery_pair_fn fn, void *arg)
{
	char line[DISCOVERY_ANSWER_MAX > DISCOVERY_PROBE_MAX ?
	    DISCOVERY_ANSWER_MAX + 1 : DISCOVERY_PROBE_MAX + 1];
	char *word, *next, *eq;
	long v;
	size_t i;
	int n;

	if (len == 0 || len > max || len >= sizeof line)
		return false;
	if (buf[len - 1] == '\n')
		len--;
	if (len > 0 && buf[len - 1] == '\r')
		len--;
	for (i = 0; i < len; i++)
		if (buf[i] < ' ' || buf[i] > '~')
			return false;
	memcpy(line, buf, len);
	line[len] = '\0';

	for (word = line, n = 0; word != NULL; word = next, n++) {
		if ((next = strchr(word, ' ')) != NULL)
			*next++ = '\0';
		if (*word == '\0')
			return false;	/* a leading, doubled or trailing space */
		if (n == 0) {
			if (strcmp(word, magic) != 0)
				return false;
			continue;
		}
		if (n == 1) {
			if ((v = discovery_number(word, 9999)) < 1)
				return false;
			if (version != NULL)
				*version = (unsigned)v;
			continue;
		}
		if ((eq = strchr(word, '=')) == NULL || eq == word ||
		    eq - word > DISCOVERY_KEY_MAX ||
		    strlen(eq + 1) > DISCOVERY_VALUE_MAX)
			return false;
		*eq = '\0';
		for (i = 0; word[i] != '\0'; i++)
			if (!discovery_key_char(word[i]))
				return false;
		if (!fn(word, eq + 1, arg))
			return false;
	}
	return n >= 2;
}

/* A probe's pairs: every key is allowed and none is needed. */
static bool
discovery_probe_pair(const char *key, const char *value, void *arg)
{
	(void)key;
	(void)value;
	(void)arg;
	return true;
}

size_t
discovery_format_probe(char *buf, size_t size)
{
	int n, value;

	n = snprintf(buf, size, "%s %d pad=", DISCOVERY_PROBE_MAGIC,
	    DISCOVERY_VERSION);
	if (n < 0 || (size_t)n + 1 >= size || size < DISCOVERY_PROBE_SIZE + 1)
		return 0;
	/* Values are short: a long pad is several pad= words. */
	for (value = 0; n < DISCOVERY_PROBE_SIZE - 1; value++) {
		if (value == DISCOVERY_VALUE_MAX &&
		    n + 6 < DISCOVERY_PROBE_SIZE - 1) {
			memcpy(buf + n, " pad=", 5);
			n += 5;
			value = 0;
		}
		buf[n++] = 'x';
	}
	buf[n++] = '\n';
	buf[n] = '\0';
	return (size_t)n;
}

bool
discovery_parse_probe(const char *buf, size_t len, unsigned *version)
{
	return discovery_split(buf, len, DISCOVERY_PROBE_MAX,
	    DISCOVERY_PROBE_MAGIC, version, discovery_probe_pair, NULL);
}

void
discovery_sanitize_name(char *dst, size_t size, const char *src)
{
	size_t i;

	if (size == 0)
		return;
	for (i = 0; src[i] != '\0' && i + 1 < size && i < DISCOVERY_NAME_MAX;
	    i++)
		dst[i] = discovery_name_char(src[i]) ? src[i] : '-';
	dst[i] = '\0';
}

bool
discovery_valid_fp(const char *fp)
{
	size_t i, prefix = sizeof DISCOVERY_FP_PREFIX - 1;

	if (strlen(fp) != DISCOVERY_FP_LEN ||
	    strncmp(fp, DISCOVERY_FP_PREFIX, prefix) != 0)
		return false;
	for (i = prefix; fp[i] != '\0'; i++)
		if (!(fp[i] >= 'A' && fp[i] <= 'Z') &&
		    !(fp[i] >= 'a' && fp[i] <= 'z') &&
		    !(fp[i] >= '0' && fp[i] <= '9') && fp[i] != '+' &&
		    fp[i] != '/')
			return false;
	return true;
}

size_t
discovery_format_answer(char *buf, size_t size, size_t limit,
    const struct discovery_answer *a)
{
	char name[DISCOVERY_NAME_MAX + 1];
	char *p = buf, *end = buf + size;
	int n;

	if (a->port < 1 || a->port > 65535)
		return 0;
	discovery_sanitize_name(name, sizeof name, a->name);
/* Append one formatted piece; give up when it does not fit. */
#define DISCOVERY_APPEND(...) do {					\
	n = snprintf(p, (size_t)(end - p), __VA_ARGS__);		\
	if (n < 0 || n >= end - p)					\
		return 0;						\
	p += n;								\
} while (0)
	DISCOVERY_APPEND("%s %d port=%u", DISCOVERY_ANSWER_MAGIC,
	    DISCOVERY_VERSION, a->port);
	if (name[0] != '\0')
		DISCOVERY_APPEND(" name=%s", name);
	if (a->users >= 0)
		DISCOVERY_APPEND(" users=%ld", a->users);
	if (a->rooms >= 0)
		DISCOVERY_APPEND(" rooms=%ld", a->rooms);
	if (a->tls_port > 65535)
		return 0;
	DISCOVERY_APPEND(" tls=%u", a->tls_port);
	if (discovery_valid_fp(a->fp))
		DISCOVERY_APPEND(" fp=%s", a->fp);
	if (a->id[0] != '\0')
		DISCOVERY_APPEND(" id=%.*s", DISCOVERY_ID_MAX, a->id);
	DISCOVERY_APPEND("\n");
#undef DISCOVERY_APPEND
	if ((size_t)(p - buf) > limit || p - buf > DISCOVERY_ANSWER_MAX)
		return 0;
	return (size_t)(p - buf);
}

/* An answer's pairs: the keys of version 1 into the answer at arg. */
static bool
discovery_answer_pair(const char *key, const char *value, void *arg)
{
	struct discovery_answer *a = arg;
	long v;
	size_t i;

	if (strcmp(key, "port") == 0) {
		if ((v = discovery_number(value, 65535)) < 1)
			return false;
		a->port = (unsigned)v;
	} else if (strcmp(key, "name") == 0) {
		discovery_sanitize_name(a->name, sizeof a->name, value);
	} else if (strcmp(key, "users") == 0) {
		if ((a->users = discovery_number(value, 999999999)) < 0)
			return false;
	} else if (strcmp(key, "rooms") == 0) {
		if ((a->rooms = discovery_number(value, 999999999)) < 0)
			return false;
	} else if (strcmp(key, "tls") == 0) {
		if ((v = discovery_number(value, 65535)) < 0)
			return false;
		a->tls_port = (unsigned)v;
	} else if (strcmp(key, "fp") == 0) {
		if (!discovery_valid_fp(value))
			return false;
		strlcpy(a->fp, value, sizeof a->fp);
	} else if (strcmp(key, "id") == 0) {
		if (strlen(value) > DISCOVERY_ID_MAX)
			return false;
		for (i = 0; value[i] != '\0'; i++)
			if (!discovery_name_char(value[i]))
				return false;
		strlcpy(a->id, value, sizeof a->id);
	}
	/* Any other key is from a later version: ignored. */
	return true;
}

bool
discovery_parse_answer(const char *buf, size_t len,
    struct discovery_answer *a)
{
	memset(a, 0, sizeof *a);
	a->users = -1;
	a->rooms = -1;
	if (!discovery_split(buf, len, DISCOVERY_ANSWER_MAX,
	    DISCOVERY_ANSWER_MAGIC, &a->version, discovery_answer_pair, a))
		return false;
	return a->port != 0;
}
