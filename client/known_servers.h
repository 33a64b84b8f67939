/*
 * The servers whose own (not CA-signed) TLS keys natter trusts, as ssh's
 * known_hosts: $XDG_DATA_HOME/natter/known_servers, one server a line,
 *
 *	HOST:PORT SHA256:<43 bytes of unpadded base64>
 *
 * ([ADDR]:PORT for an IPv6 address), blank lines and lines starting with
 * '#' ignored.  The parser works on text in memory and touches no file,
 * so the Check suite and the fuzz target drive it directly; adding a line
 * writes a new file and renames it over the old one, so a crash leaves
 * the old file or the new one, never half of one.
 */
#ifndef NATTER_KNOWN_SERVERS_H
#define NATTER_KNOWN_SERVERS_H

#include <stdbool.h>
#include <stddef.h>

/* A line longer than this is malformed. */
#define KNOWN_SERVERS_LINE_MAX	512
/* A file bigger than this is refused (it is a few lines per server). */
#define KNOWN_SERVERS_FILE_MAX	(1024 * 1024)
/* "HOST:PORT" at most: a host name, brackets, a colon, a port. */
#define KNOWN_SERVERS_KEY_MAX	(255 + 2 + 1 + 5 + 1)
/* "SHA256:" and 43 bytes of base64, NUL included. */
#define KNOWN_SERVERS_FP_SIZE	51

/* What one line is. */
enum known_servers_kind {
	KNOWN_SERVERS_BLANK,	/* empty or a comment */
	KNOWN_SERVERS_ENTRY,
	KNOWN_SERVERS_BAD,	/* neither: ignored, but an entry for the
				 * server asked about makes it refused */
};

struct known_servers_entry {
	char	key[KNOWN_SERVERS_KEY_MAX];	/* "HOST:PORT" */
	char	fp[KNOWN_SERVERS_FP_SIZE];	/* "SHA256:..." */
};

/* What a lookup found. */
enum known_servers_found {
	KNOWN_SERVERS_ABSENT,
	KNOWN_SERVERS_MATCH,	/* an entry, with *fp */
	KNOWN_SERVERS_MALFORMED, /* a line for the key that is not an entry */
};

/*
 * The key of a server: "host:port", "[host]:port" when host has a colon
 * (an IPv6 address); ASCII letters are lowered.  False when it does not
 * fit in size.
 */
bool	known_servers_key(const char *host, const char *port, char *buf,
	    size_t size);
/* Parse one line (len bytes, no line end needed) into *e. */
enum known_servers_kind known_servers_parse_line(const char *line,
	    size_t len, struct known_servers_entry *e);
/*
 * Look key up in the len bytes of a file's text; on MATCH *e is the
 * entry, on MATCH or MALFORMED *lineno (may be NULL) its line (from 1).
 * The first line for the key counts.
 */
enum known_servers_found known_servers_find(const char *text, size_t len,
	    const char *key, struct known_servers_entry *e, size_t *lineno);

/*
 * Where the file is: $XDG_DATA_HOME/natter/known_servers, else
 * $HOME/.local/share/natter/known_servers (either argument may be NULL).
 * Allocated; NULL when neither is set.
 */
char	*known_servers_path(const char *xdg_data_home, const char *home);
/*
 * Read the file into *text (allocated, NUL-terminated, *len bytes); a
 * missing file is empty.  False with err set when it cannot be read or
 * is bigger than KNOWN_SERVERS_FILE_MAX.
 */
bool	known_servers_load(const char *path, char **text, size_t *len,
	    char *err, size_t errsize);
/*
 * Add "key fp" at the end of the file: its folder is made (mode 0700) if
 * needed, the new content written to a temporary file beside it, synced
 * and renamed over it.  False with err set on failure.
 */
bool	known_servers_add(const char *path, const char *key, const char *fp,
	    char *err, size_t errsize);

#endif
