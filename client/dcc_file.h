/*
 * The files of DCC transfers: the SHA-256 of a file computed a step at a
 * time (so the poll loop stays responsive while a big file is hashed),
 * where a received file goes (a fresh ".part", or the part of an earlier
 * attempt to resume), and its final name, never one that exists.
 */
#ifndef NATTER_DCC_FILE_H
#define NATTER_DCC_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dcc_ctcp.h"

/* Bytes hashed per step: a few milliseconds of work. */
#define DCC_FILE_HASH_STEP	(1024 * 1024)
/* Numbered names tried before giving up on saving a file. */
#define DCC_FILE_NUMBERS	99

struct dcc_hash;

/* Start hashing the open file fd from its start; NULL if GnuTLS cannot. */
struct dcc_hash *dcc_hash_new(int fd);
/* Hash the next step, with buf (size bytes) to read into.  Returns 1 when
 * the whole file is hashed (hex gets the digest in lower-case hex), 0 when
 * there is more, -1 on a read error (errno set). */
int	dcc_hash_step(struct dcc_hash *h, char *buf, size_t size,
	    char hex[DCC_CTCP_HASH_HEX]);
/* Bytes hashed so far. */
uint64_t dcc_hash_done(const struct dcc_hash *h);
void	dcc_hash_free(struct dcc_hash *h);

/* Where a received file is written. */
struct dcc_file_target {
	char		 final[4096];	/* the name it will get, if free */
	char		 part[4096 + 8]; /* final + ".part" */
	uint64_t	 resume;	/* bytes already there, 0: a new part */
};

/*
 * Choose where name (made safe) from an offer of size bytes (size_known
 * false: unknown) goes in dir: the first of name, name.1, name.2 ...
 * (dcc_name_numbered) that is not a complete file, whose part either does
 * not exist or, when size is known, is shorter than size and not in use
 * (busy(part, arg) true: another transfer writes it) and can be resumed.
 * False with err set when none can be used.
 */
bool	dcc_file_choose(const char *dir, const char *name, uint64_t size,
	    bool size_known, bool (*busy)(const char *part, void *arg),
	    void *arg, struct dcc_file_target *t, char *err, size_t errsize);
/* Open the target's part to write at t->resume (created when 0); -1 with
 * err set on failure.  Never follows a symbolic link. */
int	dcc_file_open_part(const struct dcc_file_target *t, char *err,
	    size_t errsize);
/*
 * Give the complete part its final name: t->final if it is still free,
 * else the next numbered name; saved gets the path used.  False with err
 * set when no free name could be taken (the part stays).
 */
bool	dcc_file_finish(const struct dcc_file_target *t, char *saved,
	    size_t savedsize, char *err, size_t errsize);
/* Make dir if it does not exist (and its parent, one level); false with
 * err set otherwise. */
bool	dcc_file_make_dir(const char *dir, char *err, size_t errsize);

#endif
