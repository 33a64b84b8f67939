/*
 * Fuzz target: the IRC message parser and formatter (common/irc_message.c).
 *
 * Each input is one received line.  When it parses, it is formatted back
 * (into a full-size buffer and into a small one), and the formatted line
 * must be a valid wire line that parses again to the same message: same
 * command and middle params, the last param the same once CR/LF become
 * spaces (or a prefix of it when the formatter had to cut it), and tags
 * that carry the values they had.  Tag escaping is checked on its own.
 */
#include <stdbool.h>
#include <string.h>

#include "fuzz.h"
#include "irc_message.h"
#include "wire.h"

/* Big enough for any line the formatter may produce, tags included. */
#define FUZZ_OUT_MAX	(IRC_WIRE_LINE_MAX + 1)

/* Check the shape of a formatted line of len bytes in a buffer of outsize. */
static void
check_wire_line(const char *out, size_t len, size_t outsize)
{
	size_t tagslen = 0, i;

	FUZZ_CHECK(len < outsize, "len %zu, outsize %zu", len, outsize);
	FUZZ_CHECK(out[len] == '\0', "no NUL at %zu", len);
	FUZZ_CHECK(len >= 3 && out[len - 2] == '\r' && out[len - 1] == '\n',
	    "line of %zu bytes does not end in CRLF", len);
	for (i = 0; i < len - 2; i++)
		FUZZ_CHECK(out[i] != '\r' && out[i] != '\n' && out[i] != '\0',
		    "byte 0x%02x at %zu of %zu", (unsigned char)out[i], i, len);
	if (out[0] == '@') {
		tagslen = strcspn(out, " ") + 1;
		FUZZ_CHECK(tagslen <= IRC_TAGS_MAX, "tags part %zu", tagslen);
	}
	FUZZ_CHECK(len - tagslen <= IRC_LINE_MAX, "message part %zu",
	    len - tagslen);
}

/* The bytes the last param should have on the wire: CR and LF as spaces. */
static bool
same_cleaned_prefix(const char *sent, const char *orig, bool whole)
{
	size_t i, n = strlen(sent);

	if (whole && n != strlen(orig))
		return false;
	if (n > strlen(orig))
		return false;
	for (i = 0; i < n; i++) {
		char c = orig[i] == '\r' || orig[i] == '\n' ? ' ' : orig[i];

		if (sent[i] != c)
			return false;
	}
	return true;
}

/* Compare two optional strings. */
static bool
same_str(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

/*
 * msg is what the formatter was given, back the parse of its output:
 * they must say the same (cut is true when the last param was cut).
 */
static void
check_same_message(const struct irc_message *msg,
    const struct irc_message *back, bool cut)
{
	const struct irc_tag *t;
	size_t i;

	FUZZ_CHECK(strcmp(back->command, msg->command) == 0, "command %s/%s",
	    back->command, msg->command);
	FUZZ_CHECK(same_str(back->source, msg->source), "source changed");
	FUZZ_CHECK(back->nparams == msg->nparams, "nparams %zu/%zu",
	    back->nparams, msg->nparams);
	for (i = 0; i + 1 < msg->nparams; i++)
		FUZZ_CHECK(strcmp(back->params[i], msg->params[i]) == 0,
		    "param %zu changed", i);
	if (msg->nparams > 0)
		FUZZ_CHECK(same_cleaned_prefix(back->params[msg->nparams - 1],
		    msg->params[msg->nparams - 1], !cut),
		    "last param changed (cut: %d)", cut);
	/* Tags may be dropped whole when they do not fit, never changed. */
	FUZZ_CHECK(back->ntags <= msg->ntags, "ntags %zu/%zu", back->ntags,
	    msg->ntags);
	for (i = 0; i < back->ntags; i++) {
		t = irc_message_tag(msg, back->tags[i].key);
		FUZZ_CHECK(t != NULL, "tag %s appeared", back->tags[i].key);
		FUZZ_CHECK(same_str(t->value, back->tags[i].value),
		    "tag %s changed value", t->key);
	}
}

/* Format msg into a buffer of outsize bytes and check the result. */
static void
check_format(const struct irc_message *msg, size_t outsize, bool must_fit)
{
	static char out[FUZZ_OUT_MAX], again[FUZZ_OUT_MAX];
	struct irc_message back, back2;
	size_t len, len2;
	bool cut, cut2;

	len = irc_message_format(out, outsize, msg, &cut);
	if (len == 0) {
		FUZZ_CHECK(!must_fit, "a parsed line without CR does not format");
		FUZZ_CHECK(outsize == 0 || out[0] == '\0', "failed but wrote");
		FUZZ_CHECK(!cut, "failed but says truncated");
		return;
	}
	check_wire_line(out, len, outsize);

	/* Parse it again (without its CRLF) and compare. */
	out[len - 2] = '\0';
	FUZZ_CHECK(irc_message_parse(&back, out) == IRC_PARSE_OK,
	    "formatted line does not parse");
	check_same_message(msg, &back, cut);

	/* Formatting what came back gives the same message, uncut. */
	len2 = irc_message_format(again, sizeof again, &back, &cut2);
	FUZZ_CHECK(len2 > 0 && !cut2, "re-format failed or cut (%zu)", len2);
	FUZZ_CHECK(len2 <= len, "re-format grew: %zu > %zu", len2, len);
	again[len2 - 2] = '\0';
	FUZZ_CHECK(irc_message_parse(&back2, again) == IRC_PARSE_OK,
	    "re-formatted line does not parse");
	check_same_message(&back, &back2, false);
}

/* Tag escaping: escape then unescape gives the value back. */
static void
check_tag_escape(const char *value)
{
	static char esc[2 * 4096 + 1], small[64];
	size_t len, full, n;

	full = irc_tag_escaped_len(value);
	if (full >= sizeof esc)
		return;
	len = irc_tag_escape(esc, sizeof esc, value);
	FUZZ_CHECK(len == full, "escape gave %zu, escaped_len %zu", len, full);
	FUZZ_CHECK(esc[strcspn(esc, " ;\r\n")] == '\0', "escaped value has "
	    "a space, ';', CR or LF");
	irc_tag_unescape(esc);
	FUZZ_CHECK(strcmp(esc, value) == 0, "escape/unescape changed value");

	/* Cut short: a prefix of the full escape, no lone '\' at its end. */
	n = 1 + strlen(value) % sizeof small;
	len = irc_tag_escape(small, n, value);
	FUZZ_CHECK(len < n && small[len] == '\0', "cut escape overflows");
	irc_tag_escape(esc, sizeof esc, value);
	FUZZ_CHECK(strncmp(small, esc, len) == 0, "cut escape not a prefix");
	if (len > 0 && small[len - 1] == '\\') {
		/* A '\' ending the cut must be an escaped '\' ("\\"). */
		size_t k = 0;

		while (k < len && small[len - 1 - k] == '\\')
			k++;
		FUZZ_CHECK(k % 2 == 0, "cut escape ends in a lone '\\'");
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char line[IRC_WIRE_LINE_MAX + 64], copy[sizeof line];
	struct irc_message msg;
	enum irc_parse_result result;
	size_t len;
	bool has_crlf;

	/* One received line: the framer never gives more, nor an LF. */
	if (size >= sizeof line)
		return 0;
	memcpy(line, data, size);
	line[size] = '\0';
	len = strlen(line);
	if (memchr(line, '\n', len) != NULL)
		return 0;
	has_crlf = memchr(line, '\r', len) != NULL;
	memcpy(copy, line, len + 1);

	check_tag_escape(copy);

	result = irc_message_parse(&msg, line);
	FUZZ_CHECK(irc_parse_result_str(result) != NULL, "no name");
	if (result != IRC_PARSE_OK)
		return 0;
	FUZZ_CHECK(msg.command != NULL && irc_command_valid(msg.command),
	    "parsed an invalid command");
	FUZZ_CHECK(msg.nparams <= IRC_PARAMS_MAX, "nparams %zu", msg.nparams);
	FUZZ_CHECK(msg.ntags <= IRC_TAGS_COUNT_MAX, "ntags %zu", msg.ntags);
	FUZZ_CHECK(msg.source == NULL || *msg.source != '\0', "empty source");

	/* Without CR, anything that parsed formats into a full buffer. */
	check_format(&msg, FUZZ_OUT_MAX, !has_crlf);
	/* And into a small one, whose size the input chooses. */
	check_format(&msg, (size * 131 + len) % 600, false);
	return 0;
}
