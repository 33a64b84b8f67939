/*
 * The plain door's words: what a person at nc or telnet reads.  Everything
 * that reaches such a raw terminal goes through here: relayed events as
 * "[12:04] <alice> hi", replies as "-- ..." lines, and any text from other
 * people with mIRC formatting stripped and every control character shown
 * visibly (^[ for ESC), so nobody can move a plain user's cursor or retitle
 * their terminal.
 */
#ifndef NATTER_PLAIN_TEXT_H
#define NATTER_PLAIN_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "buffer.h"

/*
 * Append text made safe for a raw terminal: mIRC codes removed, C0 and DEL
 * as ^X, C1 controls as <U+0085>, bidi and other invisible layout controls
 * (utf8_cp_is_layout: U+202E, U+2066, U+2028, U+FEFF...) as <U+202E>,
 * invalid UTF-8 as U+FFFD.
 */
void	plain_sanitize(struct buffer *out, const char *text);
/*
 * Append the plain form of a relayed message (one CRLF-terminated line),
 * or nothing for messages plain users do not see (TAGMSG, AWAY).
 */
void	plain_render_event(struct buffer *out, int64_t time_ms,
	    const char *source, const char *command, size_t nparams,
	    const char *const params[]);
/*
 * Append the plain form of a reply natterd built as an IRC line (a
 * numeric, a server NOTICE, ERROR), or nothing for replies that only make
 * sense to IRC software (the welcome numerics, PONG, CAP, BATCH ...).
 */
void	plain_render_reply(struct buffer *out, const char *line, size_t len);
/* Append "[HH:MM] " for time_ms, in the server's local time. */
void	plain_render_time(struct buffer *out, int64_t time_ms);
/*
 * Clean a line typed at a raw terminal, in place: telnet IAC sequences
 * (negotiation, Ctrl-C's IP ...) removed, backspace and DEL applied to the
 * character before them, NUL and CR dropped.  Returns the new length.
 */
size_t	plain_clean_line(char *line, size_t len);

#endif
