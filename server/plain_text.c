/* The plain door's words: events and replies as readable, safe lines. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "dcc_ctcp.h"
#include "irc_message.h"
#include "plain_text.h"
#include "telnet.h"
#include "utf8.h"
#include "wire.h"

/* Append a C string. */
static void
plain_puts(struct buffer *out, const char *s)
{
	buffer_append(out, s, strlen(s));
}

/* Length of a mIRC colour code's digits after \x03: "4", "04", "4,12" ... */
static size_t
plain_colour_len(const char *s)
{
	size_t n = 0;

	if (s[n] >= '0' && s[n] <= '9') {
		n++;
		if (s[n] >= '0' && s[n] <= '9')
			n++;
		if (s[n] == ',' && s[n + 1] >= '0' && s[n + 1] <= '9') {
			n += 2;
			if (s[n] >= '0' && s[n] <= '9')
				n++;
		}
	}
	return n;
}

/* Length of a \x04 hex colour code's digits: "RRGGBB[,RRGGBB]". */
static size_t
plain_hex_colour_len(const char *s)
{
	size_t n = 0, i;

	for (i = 0; i < 6 && strchr("0123456789abcdefABCDEF", s[n]) != NULL &&
	    s[n] != '\0'; i++)
		n++;
	if (n == 6 && s[n] == ',') {
		for (i = 0; i < 6 && s[n + 1 + i] != '\0' &&
		    strchr("0123456789abcdefABCDEF", s[n + 1 + i]) != NULL; i++)
			;
		if (i == 6)
			n += 7;
	}
	return n;
}

void
plain_sanitize(struct buffer *out, const char *text)
{
	size_t len = strlen(text), i = 0, n;
	char vis[16];
	uint32_t cp;
	bool valid;

	while (i < len) {
		unsigned char ch = (unsigned char)text[i];

		switch (ch) {
		case 0x02: case 0x0f: case 0x11: case 0x16:
		case 0x1d: case 0x1e: case 0x1f:
			/* Bold, reset, monospace, reverse, italic, strike, underline. */
			i++;
			continue;
		case 0x03:
			i += 1 + plain_colour_len(text + i + 1);
			continue;
		case 0x04:
			i += 1 + plain_hex_colour_len(text + i + 1);
			continue;
		}
		if (ch < 0x20 || ch == 0x7f) {
			snprintf(vis, sizeof vis, "^%c", ch == 0x7f ? '?' :
			    ch + '@');
			plain_puts(out, vis);
			i++;
			continue;
		}
		if (ch < 0x80) {
			buffer_append(out, &text[i++], 1);
			continue;
		}
		n = utf8_decode(text + i, len - i, &cp, &valid);
		if (!valid)
			plain_puts(out, "\xef\xbf\xbd");	/* U+FFFD */
		else if (utf8_cp_is_control(cp) || utf8_cp_is_layout(cp)) {
			snprintf(vis, sizeof vis, "<U+%04X>", (unsigned)cp);
			plain_puts(out, vis);
		} else
			buffer_append(out, text + i, n);
		i += n;
	}
}

size_t
plain_clean_line(char *line, size_t len)
{
	struct telnet telnet;
	struct buffer unanswered;
	size_t in, out = 0;
	unsigned char ch;

	/*
	 * The reader filters a plain user's telnet commands as bytes arrive;
	 * bytes read before the connection turned out to be a person were
	 * not, so take them out here too (their answers are moot by now).
	 */
	telnet_init(&telnet);
	buffer_init(&unanswered);
	len = telnet_filter(&telnet, line, len, &unanswered);
	buffer_free(&unanswered);
	for (in = 0; in < len; in++) {
		ch = (unsigned char)line[in];
		if (ch == '\0' || ch == '\r')
			continue;
		if (ch == '\b' || ch == 0x7f) {
			/* Take back the last character, all of its bytes. */
			while (out > 0 && ((unsigned char)line[out - 1] & 0xc0)
			    == 0x80)
				out--;
			if (out > 0)
				out--;
			continue;
		}
		line[out++] = (char)ch;
	}
	line[out] = '\0';
	return out;
}

void
plain_render_time(struct buffer *out, int64_t time_ms)
{
	time_t secs = (time_t)(time_ms / 1000);
	char when[16];
	struct tm tm;

	localtime_r(&secs, &tm);
	strftime(when, sizeof when, "[%H:%M] ", &tm);
	plain_puts(out, when);
}

/* The nick part of a nick!user@host source. */
static void
plain_nick(struct buffer *out, const char *source)
{
	const char *bang = strchr(source, '!');
	char nick[IRC_NICKLEN + 1];
	size_t n = bang != NULL ? (size_t)(bang - source) : strlen(source);

	if (n > IRC_NICKLEN)
		n = IRC_NICKLEN;
	memcpy(nick, source, n);
	nick[n] = '\0';
	plain_sanitize(out, nick);
}

/* Append " (reason)" when there is a reason. */
static void
plain_reason(struct buffer *out, size_t nparams, const char *const params[],
    size_t i)
{
	if (i < nparams && params[i][0] != '\0') {
		plain_puts(out, " (");
		plain_sanitize(out, params[i]);
		plain_puts(out, ")");
	}
}

/*
 * A DCC request ("\001DCC ..."), which nc and telnet cannot act on, in
 * words: an offer says who offers what and what it takes; the requests
 * that follow an offer (RESUME, ACCEPT, natter's SHA256) say nothing.
 * False when nothing is to be shown.
 */
static bool
plain_render_dcc(struct buffer *out, const char *source, bool room,
    const char *text)
{
	struct dcc_ctcp	 d;
	char		 size[32], type[16];
	size_t		 len = strlen(text + 1), n;

	if (dcc_ctcp_parse(text + 1, len, &d)) {
		if (d.type != DCC_CTCP_SEND)
			return false;
		plain_puts(out, room ? "-- " : "*private* ");
		plain_nick(out, source);
		plain_puts(out, room ? " offers the room a file: " :
		    " offers you a file: ");
		plain_sanitize(out, d.name);
		if (d.size_known) {
			dcc_ctcp_size(d.size, size, sizeof size);
			plain_puts(out, " (");
			plain_puts(out, size);
			plain_puts(out, ")");
		}
		plain_puts(out, ". Files come by DCC, which takes an IRC "
		    "client such as natter, irssi or WeeChat; it cannot be "
		    "received here.");
		return true;
	}
	/* Another kind (DCC CHAT ...), or one natterd does not read. */
	n = strcspn(text + 5, " \001");
	snprintf(type, sizeof type, "%.*s", (int)(n < sizeof type ? n :
	    sizeof type - 1), text + 5);
	plain_puts(out, room ? "-- " : "*private* ");
	plain_nick(out, source);
	plain_puts(out, " sent a DCC ");
	plain_sanitize(out, type);
	plain_puts(out, " request, which takes an IRC client such as natter, "
	    "irssi or WeeChat.");
	return true;
}

/*
 * A PRIVMSG or NOTICE: to a room "<nick> text", privately "*nick* text",
 * to a room's operators or voiced (STATUSMSG) "<nick> (to @#room) text".
 * False when nothing is to be shown.
 */
static bool
plain_render_message(struct buffer *out, const char *source,
    const char *command, const char *target, const char *text)
{
	bool status = (target[0] == '@' || target[0] == '+') &&
	    target[1] == '#';
	bool room = target[0] == '#' || status;
	bool notice = strcmp(command, "NOTICE") == 0;
	size_t len = strlen(text);
	char action[IRC_LINE_MAX];

	if (!notice && strncmp(text, "\001DCC ", 5) == 0)
		return plain_render_dcc(out, source, room, text);

	if (!notice && strncmp(text, "\001ACTION ", 8) == 0) {
		snprintf(action, sizeof action, "%.*s",
		    (int)(len - 8 - (text[len - 1] == '\001')), text + 8);
		plain_puts(out, room ? "* " : "*private* * ");
		plain_nick(out, source);
		plain_puts(out, " ");
		plain_sanitize(out, action);
		return true;
	}
	plain_puts(out, notice ? "-" : room ? "<" : "*");
	plain_nick(out, source);
	plain_puts(out, notice ? "- " : room ? "> " : "* ");
	if (status) {
		plain_puts(out, "(to ");
		plain_sanitize(out, target);
		plain_puts(out, ") ");
	}
	plain_sanitize(out, text);
	return true;
}

void
plain_render_event(struct buffer *out, int64_t time_ms, const char *source,
    const char *command, size_t nparams, const char *const params[])
{
	size_t start = out->len, i;

	plain_render_time(out, time_ms);
	if ((strcmp(command, "PRIVMSG") == 0 || strcmp(command, "NOTICE") == 0)
	    && nparams >= 2) {
		if (!plain_render_message(out, source, command, params[0],
		    params[1])) {
			out->len = start;
			return;
		}
	} else if (strcmp(command, "JOIN") == 0 && nparams >= 1) {
		plain_puts(out, "-- ");
		plain_nick(out, source);
		plain_puts(out, " joined ");
		plain_sanitize(out, params[0]);
	} else if (strcmp(command, "PART") == 0 && nparams >= 1) {
		plain_puts(out, "-- ");
		plain_nick(out, source);
		plain_puts(out, " left ");
		plain_sanitize(out, params[0]);
		plain_reason(out, nparams, params, 1);
	} else if (strcmp(command, "QUIT") == 0) {
		plain_puts(out, "-- ");
		plain_nick(out, source);
		plain_puts(out, " quit");
		plain_reason(out, nparams, params, 0);
	} else if (strcmp(command, "NICK") == 0 && nparams >= 1) {
		plain_puts(out, "-- ");
		plain_nick(out, source);
		plain_puts(out, " is now known as ");
		plain_sanitize(out, params[0]);
	} else if (strcmp(command, "TOPIC") == 0 && nparams >= 2) {
		plain_puts(out, "-- ");
		plain_nick(out, source);
		plain_puts(out, " set the topic of ");
		plain_sanitize(out, params[0]);
		plain_puts(out, ": ");
		plain_sanitize(out, params[1]);
	} else if (strcmp(command, "KICK") == 0 && nparams >= 2) {
		plain_puts(out, "-- ");
		plain_sanitize(out, params[1]);
		plain_puts(out, " was put out of ");
		plain_sanitize(out, params[0]);
		plain_puts(out, " by ");
		plain_nick(out, source);
		plain_reason(out, nparams, params, 2);
	} else if (strcmp(command, "INVITE") == 0 && nparams >= 2) {
		plain_puts(out, "-- ");
		plain_nick(out, source);
		plain_puts(out, " invites you to ");
		plain_sanitize(out, params[1]);
		plain_puts(out, ": /join ");
		plain_sanitize(out, params[1]);
	} else if (strcmp(command, "MODE") == 0 && nparams >= 2) {
		plain_puts(out, "-- ");
		plain_nick(out, source);
		plain_puts(out, " set mode");
		for (i = 1; i < nparams; i++) {
			plain_puts(out, " ");
			plain_sanitize(out, params[i]);
		}
		plain_puts(out, " on ");
		plain_sanitize(out, params[0]);
	} else {
		/* TAGMSG, AWAY ...: nothing a person at a terminal needs. */
		out->len = start;
		return;
	}
	plain_puts(out, "\r\n");
}

/* How a numeric reads in words: "%1" ... stand for its parameters after the nick. */
struct plain_numeric {
	const char	*numeric;
	const char	*words;		/* NULL: not shown */
};

/* Sorted by numeric; numerics not listed are errors ("-- %1: text") if 4xx/5xx, else not shown. */
static const struct plain_numeric plain_numerics[] = {
	{ "301", "-- %1 is away: %2" },
	{ "305", "-- You are back." },
	{ "306", "-- You are marked as away." },
	{ "322", "-- %1 (%2 here): %3" },
	{ "331", "-- %1 has no topic." },
	{ "332", "-- The topic of %1 is: %2" },
	{ "341", "-- %1 is invited to %2." },
	{ "345", "-- %2 was invited to %1 by %3." },
	{ "353", "-- In %2: %3" },
	{ "372", "   %1" },
	{ "381", "-- You are now an IRC operator." },
};

/* Append words with %N replaced by parameter N (1-based, after the nick). */
static void
plain_fill(struct buffer *out, const char *words, const struct irc_message *m)
{
	const char *p;
	size_t i;

	for (p = words; *p != '\0'; p++) {
		if (*p == '%' && p[1] >= '1' && p[1] <= '9') {
			i = (size_t)(p[1] - '0');
			if (i < m->nparams) {
				/* The MOTD line starts "- ": the text follows. */
				const char *v = m->params[i];

				if (strcmp(m->command, "372") == 0 &&
				    strncmp(v, "- ", 2) == 0)
					v += 2;
				plain_sanitize(out, v);
			}
			p++;
			continue;
		}
		buffer_append(out, p, 1);
	}
}

void
plain_render_reply(struct buffer *out, const char *line, size_t len)
{
	char copy[IRC_WIRE_LINE_MAX + 1];
	struct irc_message m;
	size_t i, n = sizeof plain_numerics / sizeof plain_numerics[0];

	len = irc_trim_crlf(line, len);
	if (len >= sizeof copy)
		len = sizeof copy - 1;
	memcpy(copy, line, len);
	copy[len] = '\0';
	if (irc_message_parse(&m, copy) != IRC_PARSE_OK)
		return;
	if (strlen(m.command) == 3 && m.command[0] >= '0' &&
	    m.command[0] <= '9') {
		for (i = 0; i < n; i++) {
			if (strcmp(plain_numerics[i].numeric, m.command) == 0) {
				plain_fill(out, plain_numerics[i].words, &m);
				plain_puts(out, "\r\n");
				return;
			}
		}
		if (m.command[0] != '4' && m.command[0] != '5')
			return;
		/* An error: what it is about, then why. */
		plain_puts(out, "-- ");
		for (i = 1; i + 1 < m.nparams; i++) {
			plain_sanitize(out, m.params[i]);
			plain_puts(out, i + 2 < m.nparams ? " " : ": ");
		}
		if (m.nparams > 1)
			plain_sanitize(out, m.params[m.nparams - 1]);
		plain_puts(out, "\r\n");
	} else if ((strcmp(m.command, "NOTICE") == 0 && m.nparams >= 2 &&
	    (m.source == NULL || strchr(m.source, '!') == NULL)) ||
	    (strcmp(m.command, "ERROR") == 0 && m.nparams >= 1)) {
		/* The server speaking (notices, the farewell). */
		plain_puts(out, "-- ");
		plain_sanitize(out, m.params[m.nparams - 1]);
		plain_puts(out, "\r\n");
	}
}
