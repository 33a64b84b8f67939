/* IRCv3 labeled-response: the label on what a command caused. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "buffer.h"
#include "caps.h"
#include "client.h"
#include "irc_message.h"
#include "labeled.h"
#include "reply.h"
#include "server.h"

void
labeled_begin(struct client *c, const struct irc_message *msg)
{
	size_t i;

	c->label[0] = '\0';
	if ((c->caps & CAP_LABELED_RESPONSE) == 0)
		return;
	for (i = 0; i < msg->ntags; i++) {
		const struct irc_tag *t = &msg->tags[i];

		if (strcmp(t->key, "label") != 0 || t->value == NULL ||
		    t->value[0] == '\0' ||
		    irc_tag_escaped_len(t->value) >= sizeof c->label)
			continue;
		irc_tag_escape(c->label, sizeof c->label, t->value);
		/* Replies already queued are not this command's. */
		reply_flush(c);
		c->label_from = c->replies.len;
		return;
	}
}

/* Whether line (len bytes) has a batch tag: it is inside a nested batch. */
static bool
labeled_in_batch(const char *line, size_t len)
{
	const char *end;

	if (len == 0 || line[0] != '@' ||
	    (end = memchr(line, ' ', len)) == NULL)
		return false;
	for (line++; line < end; line++)
		if ((line[-1] == '@' || line[-1] == ';') &&
		    (size_t)(end - line) > 6 && strncmp(line, "batch=", 6) == 0)
			return true;
	return false;
}

/* Append line (no CRLF) to out with the tag added first among its tags. */
static void
labeled_tag_line(struct buffer *out, const char *tag, const char *line,
    size_t len)
{
	buffer_append(out, "@", 1);
	buffer_append(out, tag, strlen(tag));
	if (len > 0 && line[0] == '@') {
		buffer_append(out, ";", 1);
		buffer_append(out, line + 1, len - 1);
	} else {
		buffer_append(out, " ", 1);
		buffer_append(out, line, len);
	}
	buffer_append(out, "\r\n", 2);
}

void
labeled_end(struct client *c)
{
	struct buffer out;
	char tag[LABEL_MAX + 64], id[32];
	const char *p, *end, *nl;
	size_t nlines = 0;

	if (c->label[0] == '\0')
		return;
	p = c->replies.data != NULL ? c->replies.data + c->label_from : "";
	end = p + (c->replies.len - c->label_from);
	for (nl = p; nl < end && (nl = memchr(nl, '\n', (size_t)(end - nl))) !=
	    NULL; nl++)
		nlines++;
	buffer_init(&out);
	snprintf(tag, sizeof tag, "label=%s", c->label);
	if (nlines == 0) {
		buffer_append(&out, "@", 1);
		buffer_append(&out, tag, strlen(tag));
		buffer_append(&out, " :", 2);
		buffer_append(&out, c->server->name, strlen(c->server->name));
		buffer_append(&out, " ACK\r\n", 6);
	} else if (nlines == 1)
		labeled_tag_line(&out, tag, p, (size_t)(end - p) - 2);
	else if (c->caps & CAP_BATCH) {
		snprintf(id, sizeof id, "L%llu", (unsigned long long)++c->batches);
		buffer_append(&out, "@", 1);
		buffer_append(&out, tag, strlen(tag));
		buffer_append(&out, " :", 2);
		buffer_append(&out, c->server->name, strlen(c->server->name));
		buffer_append(&out, " BATCH +", 8);
		buffer_append(&out, id, strlen(id));
		buffer_append(&out, " labeled-response\r\n", 19);
		snprintf(tag, sizeof tag, "batch=%s", id);
		while (p < end && (nl = memchr(p, '\n', (size_t)(end - p))) !=
		    NULL) {
			size_t len = (size_t)(nl - p) - (nl > p && nl[-1] == '\r');

			/* A nested batch's lines keep their own batch tag;
			 * its BATCH lines get ours. */
			if (labeled_in_batch(p, len)) {
				buffer_append(&out, p, len);
				buffer_append(&out, "\r\n", 2);
			} else
				labeled_tag_line(&out, tag, p, len);
			p = nl + 1;
		}
		buffer_append(&out, ":", 1);
		buffer_append(&out, c->server->name, strlen(c->server->name));
		buffer_append(&out, " BATCH -", 8);
		buffer_append(&out, id, strlen(id));
		buffer_append(&out, "\r\n", 2);
	} else {
		/* Several lines and no batch: sent as they are, unlabeled. */
		c->label[0] = '\0';
		buffer_free(&out);
		return;
	}
	c->replies.len = c->label_from;
	buffer_append(&c->replies, out.data, out.len);
	buffer_free(&out);
	c->label[0] = '\0';
}
