/*
 * Fuzz target: the plain door's text (server/plain_text.c) and telnet
 * filter (server/telnet.c), what a person at nc or telnet reads and types.
 *
 * The input is used five ways: as text to sanitize, as the fields of a
 * relayed event (command chosen by its first byte, source and params
 * split at NUL bytes), as a reply line natterd built, as a line typed at a
 * raw terminal, and as bytes from a telnet client.  Whatever goes to the
 * terminal must be valid UTF-8 with no control character (C0, DEL, C1)
 * except the CR LF ending a line; a cleaned typed line must hold no NUL,
 * CR, backspace or DEL, and stay valid UTF-8 when it was; the telnet
 * filter must leave no IAC, answer only with refusals or a timing mark,
 * and give the same whatever the reads the bytes come in.
 */
#include <stdbool.h>
#include <string.h>

#include "buffer.h"
#include "fuzz.h"
#include "plain_text.h"
#include "telnet.h"
#include "utf8.h"
#include "wire.h"

/* Commands a relayed event may have; the last entry takes it from the input. */
static const char *const commands[] = {
	"PRIVMSG", "NOTICE", "JOIN", "PART", "QUIT", "NICK", "TOPIC", "KICK",
	"MODE", "TAGMSG", "AWAY", NULL
};

/*
 * Check text a terminal will show: safe characters only, and exactly
 * `lines` CRLF-terminated lines (-1: zero or one).
 */
static void
check_terminal(const char *what, const struct buffer *b, int lines)
{
	const char *s = b->data;
	size_t len = b->len, off = 0, n;
	uint32_t cp;
	bool valid;
	int seen = 0;

	FUZZ_CHECK(len == 0 || s != NULL, "%s: NULL data", what);
	FUZZ_CHECK(utf8_valid(s, len), "%s: not UTF-8", what);
	while (off < len) {
		n = utf8_decode(s + off, len - off, &cp, &valid);
		if (cp == '\r') {
			FUZZ_CHECK(off + 1 < len && s[off + 1] == '\n',
			    "%s: CR without LF at %zu", what, off);
			seen++;
			off += 2;
			continue;
		}
		FUZZ_CHECK(!utf8_cp_is_control(cp), "%s: control U+%04X at %zu",
		    what, cp, off);
		off += n;
	}
	if (lines >= 0)
		FUZZ_CHECK(seen == lines, "%s: %d lines, %d expected", what,
		    seen, lines);
	else
		FUZZ_CHECK(seen <= 1, "%s: %d lines", what, seen);
	if (seen > 0)
		FUZZ_CHECK(len >= 2 && s[len - 2] == '\r' && s[len - 1] == '\n',
		    "%s: text after the last line", what);
}

/* A relayed event from the input's NUL-separated fields. */
static void
fuzz_event(const uint8_t *data, size_t size)
{
	const char *params[IRC_PARAMS_MAX], *command, *source;
	char *fields = malloc(size + 1), *p, *end;
	struct buffer out;
	size_t nparams = 0, pick = size > 0 ? data[0] : 0;
	int64_t time_ms = 0;

	if (size > 0) {
		data++;
		size--;
	}
	memcpy(fields, data, size);
	fields[size] = '\0';
	end = fields + size;
	source = p = fields;
	p += strlen(p) + 1;
	command = commands[pick % (sizeof commands / sizeof commands[0])];
	if (command == NULL) {
		command = p < end ? p : "";
		p += p < end ? strlen(p) + 1 : 0;
	}
	/* The time from the input, as a server could carry any. */
	time_ms = (int64_t)(pick * 7919) * 60000 - 86400000;
	while (p < end && nparams < IRC_PARAMS_MAX) {
		params[nparams++] = p;
		p += strlen(p) + 1;
	}

	buffer_init(&out);
	plain_render_event(&out, time_ms, source, command, nparams, params);
	check_terminal("plain_render_event", &out, out.len > 0 ? 1 : 0);
	buffer_free(&out);
	free(fields);
}

/* A reply line as natterd builds them: no CR, LF or NUL inside, CRLF after. */
static void
fuzz_reply(const uint8_t *data, size_t size)
{
	char line[IRC_WIRE_LINE_MAX + 3];
	struct buffer out;
	size_t len = size < IRC_WIRE_LINE_MAX ? size : IRC_WIRE_LINE_MAX, i;

	for (i = 0; i < len; i++) {
		line[i] = (char)data[i];
		if (line[i] == '\r' || line[i] == '\n' || line[i] == '\0')
			line[i] = ' ';
	}
	line[len++] = '\r';
	line[len++] = '\n';
	buffer_init(&out);
	plain_render_reply(&out, line, len);
	check_terminal("plain_render_reply", &out, -1);
	buffer_free(&out);
}

/* A line typed at a terminal, cleaned in place. */
static void
fuzz_clean(const uint8_t *data, size_t size)
{
	char *line = malloc(size + 1);
	size_t len, i;
	bool was_valid = utf8_valid((const char *)data, size);

	memcpy(line, data, size);
	line[size] = '\0';
	len = plain_clean_line(line, size);
	FUZZ_CHECK(len <= size, "cleaned line grew: %zu > %zu", len, size);
	FUZZ_CHECK(line[len] == '\0', "cleaned line not terminated");
	for (i = 0; i < len; i++)
		FUZZ_CHECK(line[i] != '\0' && line[i] != '\r' &&
		    line[i] != '\b' && line[i] != 0x7f,
		    "byte 0x%02x left at %zu", (unsigned char)line[i], i);
	/* Valid UTF-8 has no telnet IAC (0xff): backspace keeps it valid. */
	if (was_valid)
		FUZZ_CHECK(utf8_valid(line, len), "cleaning broke UTF-8");
	free(line);
}

/* Bytes from a telnet client, in one read and in reads the input sizes. */
static void
fuzz_telnet(const uint8_t *data, size_t size)
{
	struct telnet whole, parts;
	struct buffer answers, answers2;
	char *buf = malloc(size + 1), *buf2 = malloc(size + 1);
	size_t len, len2 = 0, off, n, i, k;

	telnet_init(&whole);
	buffer_init(&answers);
	memcpy(buf, data, size);
	len = telnet_filter(&whole, buf, size, &answers);
	FUZZ_CHECK(len <= size, "telnet filter grew %zu to %zu", size, len);
	FUZZ_CHECK(memchr(buf, TELNET_IAC, len) == NULL, "IAC left");
	if (memchr(data, TELNET_IAC, size) == NULL)
		FUZZ_CHECK(len == size && (size == 0 ||
		    memcmp(buf, data, size) == 0) &&
		    answers.len == 0 && !whole.seen, "filter changed plain bytes");
	FUZZ_CHECK(answers.len % 3 == 0, "answers of %zu bytes", answers.len);
	for (i = 0; i < answers.len; i += 3) {
		unsigned char verb = (unsigned char)answers.data[i + 1];
		unsigned char opt = (unsigned char)answers.data[i + 2];

		FUZZ_CHECK((unsigned char)answers.data[i] == TELNET_IAC &&
		    (verb == TELNET_WONT || verb == TELNET_DONT ||
		    (verb == TELNET_WILL && opt == TELNET_TIMING_MARK)),
		    "answer %02x %02x", verb, opt);
	}

	/* The same bytes in reads of 1 to 16 bytes give the same. */
	telnet_init(&parts);
	buffer_init(&answers2);
	memcpy(buf2, data, size);
	for (off = 0; off < size; off += n) {
		n = 1 + data[off] % 16;
		if (n > size - off)
			n = size - off;
		/* Filtered in place: keep what is left contiguous. */
		k = telnet_filter(&parts, buf2 + off, n, &answers2);
		memmove(buf2 + len2, buf2 + off, k);
		len2 += k;
	}
	FUZZ_CHECK(len2 == len && (len == 0 || memcmp(buf2, buf, len) == 0),
	    "reads change the text");
	FUZZ_CHECK(answers2.len == answers.len && (answers.len == 0 ||
	    memcmp(answers2.data, answers.data, answers.len) == 0),
	    "reads change the answers");
	FUZZ_CHECK(parts.state == whole.state && parts.seen == whole.seen,
	    "reads change the state");
	free(buf);
	free(buf2);
	buffer_free(&answers);
	buffer_free(&answers2);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buffer out;
	char *text = malloc(size + 1);

	memcpy(text, data, size);
	text[size] = '\0';
	buffer_init(&out);
	plain_sanitize(&out, text);
	check_terminal("plain_sanitize", &out, 0);
	buffer_free(&out);
	free(text);

	fuzz_event(data, size);
	fuzz_reply(data, size);
	fuzz_clean(data, size);
	fuzz_telnet(data, size);
	return 0;
}
