/*
 * Telnet's in-band commands, for the plain door: a telnet client mixes
 * IAC sequences (option negotiation, Ctrl-C as "interrupt process", the
 * timing mark it then waits for) into what the person types.  The filter
 * takes them out of the byte stream as it arrives, across reads, and says
 * what natterd must answer: it refuses every option, and confirms a timing
 * mark, without which telnet holds back everything it shows.
 */
#ifndef NATTER_TELNET_H
#define NATTER_TELNET_H

#include <stdbool.h>
#include <stddef.h>

#include "buffer.h"

/* Telnet command bytes (RFC 854) and the one option we answer yes to. */
#define TELNET_IAC		0xff
#define TELNET_DONT		0xfe
#define TELNET_DO		0xfd
#define TELNET_WONT		0xfc
#define TELNET_WILL		0xfb
#define TELNET_SB		0xfa
#define TELNET_SE		0xf0
#define TELNET_TIMING_MARK	6	/* RFC 860 */
/* Bytes in one answer (IAC verb option). */
#define TELNET_ANSWER_LEN	3

struct telnet {
	enum {
		TELNET_DATA,
		TELNET_COMMAND,		/* after IAC */
		TELNET_OPTION,		/* after IAC WILL/WONT/DO/DONT */
		TELNET_SUB,		/* inside IAC SB ... */
		TELNET_SUB_IAC,		/* IAC inside a subnegotiation */
	}		state;
	unsigned char	verb;		/* the WILL/WONT/DO/DONT being read */
	bool		seen;		/* an IAC came: this peer is telnet */
};

void	telnet_init(struct telnet *t);
/*
 * Take telnet commands out of buf[0..len) in place and return the length
 * left; append to answers what the peer must be told.
 */
size_t	telnet_filter(struct telnet *t, char *buf, size_t len,
	    struct buffer *answers);

#endif
