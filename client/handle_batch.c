/*
 * IRCv3 batches, for handle.c: BATCH +id opens one and BATCH -id closes it
 * (gapless.c decides what a chathistory batch is for), and a line tagged
 * batch=id is marked as past, as missed, or dropped while natter fetches
 * the same lines itself.  Past lines ring no bell and bring no activity.
 */
#include <stdbool.h>
#include <string.h>

#include "gapless.h"
#include "handle_private.h"
#include "irc_message.h"
#include "scrollback.h"
#include "session.h"

/* BATCH +id type [params] / BATCH -id */
void
handle_batch(struct session *s, struct ctx *c)
{
	const char		*ref = c->msg->params[0];
	struct session_batch	*b, done;
	size_t			 i;

	if (ref[0] == '+' && c->msg->nparams >= 2) {
		if (s->nbatches == SESSION_BATCHES_MAX)
			return;
		b = &s->batches[s->nbatches++];
		memset(b, 0, sizeof *b);
		strlcpy(b->id, ref + 1, sizeof b->id);
		b->history = strcmp(c->msg->params[1], "chathistory") == 0 ||
		    strcmp(c->msg->params[1], "draft/chathistory") == 0;
		if (c->msg->nparams >= 3)
			strlcpy(b->target, c->msg->params[2], sizeof b->target);
		b->mode = gapless_batch_start(s, c->msg->params[1],
		    c->msg->nparams >= 3 ? c->msg->params[2] : NULL);
	} else if (ref[0] == '-') {
		for (i = 0; i < s->nbatches; i++) {
			if (strcmp(s->batches[i].id, ref + 1) != 0)
				continue;
			done = s->batches[i];
			s->batches[i] = s->batches[--s->nbatches];
			gapless_batch_end(s, &done);
			break;
		}
	}
}

/* A line inside a chathistory batch: past, missed, or dropped. */
bool
handle_batch_line(struct session *s, struct ctx *c)
{
	const struct irc_tag	*tag, *msgid;
	struct session_batch	*b;
	size_t			 i;

	if ((tag = irc_message_tag(c->msg, "batch")) == NULL ||
	    tag->value == NULL)
		return true;
	for (i = 0; i < s->nbatches; i++) {
		b = &s->batches[i];
		if (strcmp(b->id, tag->value) != 0 || !b->history)
			continue;
		/* The server's own replay while we fetch: the answer has it
		 * all, in order. */
		if (b->mode == GAPLESS_DROP)
			return false;
		c->past = SCROLLBACK_PAST;
		if (b->mode == GAPLESS_MISSED) {
			c->past |= SCROLLBACK_MISSED;
			b->lines++;
			if ((msgid = irc_message_tag(c->msg, "msgid")) !=
			    NULL && msgid->value != NULL)
				strlcpy(b->last_msgid, msgid->value,
				    sizeof b->last_msgid);
		}
	}
	return true;
}
