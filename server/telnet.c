/* Telnet's in-band commands: filtered out of the plain door's input, answered. */
#include "telnet.h"

void
telnet_init(struct telnet *t)
{
	t->state = TELNET_DATA;
	t->verb = 0;
	t->seen = false;
}

/* Answer an option request: yes only to DO TIMING-MARK, no to the rest. */
static void
telnet_answer(unsigned char verb, unsigned char option, struct buffer *answers)
{
	unsigned char reply[3] = { TELNET_IAC, 0, option };

	if (verb == TELNET_DO)
		reply[1] = option == TELNET_TIMING_MARK ? TELNET_WILL :
		    TELNET_WONT;
	else if (verb == TELNET_WILL)
		reply[1] = TELNET_DONT;
	else
		return;		/* WONT and DONT need no answer: nothing is on */
	buffer_append(answers, reply, sizeof reply);
}

size_t
telnet_filter(struct telnet *t, char *buf, size_t len, struct buffer *answers)
{
	size_t in, out = 0;
	unsigned char ch;

	for (in = 0; in < len; in++) {
		ch = (unsigned char)buf[in];
		switch (t->state) {
		case TELNET_DATA:
			if (ch == TELNET_IAC) {
				t->state = TELNET_COMMAND;
				t->seen = true;
			} else
				buf[out++] = (char)ch;
			break;
		case TELNET_COMMAND:
			if (ch >= TELNET_WILL && ch <= TELNET_DONT) {
				t->verb = ch;
				t->state = TELNET_OPTION;
			} else if (ch == TELNET_SB)
				t->state = TELNET_SUB;
			else
				/* IAC IAC (a 0xff byte, never UTF-8), IP, AO, AYT ... */
				t->state = TELNET_DATA;
			break;
		case TELNET_OPTION:
			telnet_answer(t->verb, ch, answers);
			t->state = TELNET_DATA;
			break;
		case TELNET_SUB:
			if (ch == TELNET_IAC)
				t->state = TELNET_SUB_IAC;
			break;
		case TELNET_SUB_IAC:
			t->state = ch == TELNET_SE ? TELNET_DATA : TELNET_SUB;
			break;
		}
	}
	return out;
}
