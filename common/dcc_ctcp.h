/*
 * The DCC requests clients put in a CTCP (the text between the \001s of a
 * PRIVMSG), parsed and formatted:
 *
 *	DCC SEND name address port size [token]	an offer; port 0 with a
 *						token: passive (the receiver
 *						listens and answers with a
 *						SEND of its own, same token)
 *	DCC RESUME name port position [token]	the receiver has a part
 *	DCC ACCEPT name port position [token]	the sender agrees
 *	DCC REJECT SEND name			(a NOTICE) the receiver
 *						refuses the offer, as irssi
 *						says it
 *	DCC SHA256 name hash			natter's: the offered file's
 *						SHA-256, in hex, sent just
 *						before the offer; others
 *						ignore an unknown DCC type
 *
 * A name with a space in it comes in double quotes (irssi, WeeChat); a
 * name can hold no double quote.  An IPv4 address is one decimal number
 * (127.0.0.1 is 2130706433), an IPv6 address its text form (::1), as irssi
 * sends them; a dotted IPv4 address is accepted too.  Everything here is
 * what a stranger sent: bounded, checked, no allocation.  natterd uses it
 * to tell a plain-door user about an offer in words, natter to act on it.
 */
#ifndef NATTER_DCC_CTCP_H
#define NATTER_DCC_CTCP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The longest name taken from a request, in bytes (a longer one is refused). */
#define DCC_CTCP_NAME_MAX	255
/* A passive token, in bytes: digits and letters. */
#define DCC_CTCP_TOKEN_MAX	20
/* An address in text form: IPv6 with an IPv4 tail, and the NUL. */
#define DCC_CTCP_ADDR_MAX	46
/* The SHA-256 in hex, and the NUL. */
#define DCC_CTCP_HASH_HEX	65

enum dcc_ctcp_type {
	DCC_CTCP_SEND,
	DCC_CTCP_RESUME,
	DCC_CTCP_ACCEPT,
	DCC_CTCP_SHA256,
	DCC_CTCP_REJECT,	/* of a SEND only */
};

struct dcc_ctcp {
	enum dcc_ctcp_type type;
	char		 name[DCC_CTCP_NAME_MAX + 1];	/* as sent: not safe */
	char		 addr[DCC_CTCP_ADDR_MAX];	/* SEND: text form */
	unsigned	 port;				/* 0: passive */
	uint64_t	 size;				/* SEND */
	bool		 size_known;			/* SEND gave one */
	uint64_t	 position;			/* RESUME, ACCEPT */
	char		 token[DCC_CTCP_TOKEN_MAX + 1];	/* "": none */
	char		 hash[DCC_CTCP_HASH_HEX];	/* SHA256: lower case */
};

/*
 * Parse the body of a CTCP (text is what comes after "\001", len bytes up
 * to the closing "\001" or the end; "DCC SEND ..." with the DCC).  False
 * for anything else or anything malformed: a port or size out of range, a
 * bad address, an empty or overlong name, a name with a NUL or a control
 * character other than in the name, a hash that is not 64 hex digits.
 */
bool	dcc_ctcp_parse(const char *text, size_t len, struct dcc_ctcp *out);
/*
 * Format d as a CTCP for PRIVMSG: "\001DCC SEND ...\001", NUL-terminated,
 * into buf of size bytes.  The name is quoted when it has a space.
 * Returns the length, or 0 when d cannot be said (a name with a quote or
 * a control character, a bad address, no room).
 */
size_t	dcc_ctcp_format(const struct dcc_ctcp *d, char *buf, size_t size);
/*
 * An address in its DCC form (IPv4 as a decimal number, IPv6 as text)
 * from its text form; false when text is not an IP address.
 */
bool	dcc_ctcp_addr_wire(const char *text, char *out, size_t size);
/* A size in words, as offers are shown: "0 B", "512 B", "1.5 KiB",
 * "2.0 GiB". */
void	dcc_ctcp_size(uint64_t bytes, char *out, size_t size);

#endif
