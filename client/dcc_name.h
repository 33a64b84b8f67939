/*
 * File names and DCC: what a name from the network may become on disk,
 * what name we offer for a file of ours, the names tried when the one
 * offered is taken.  Plain C, no I/O.
 *
 * A name from the network is made safe, never refused: only the part
 * after the last '/' or '\' counts ("../../.bashrc" is ".bashrc"); control
 * characters (C0, DEL, C1), invalid UTF-8 and invisible layout characters
 * (bidi overrides...) become '_', as do leading dots and dashes (no hidden
 * file, nothing that reads as an option); it is cut to DCC_NAME_MAX bytes
 * keeping a short extension; an empty result is "file".
 */
#ifndef NATTER_DCC_NAME_H
#define NATTER_DCC_NAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The longest name we save under, in bytes: NAME_MAX (255) less room for
 * ".part" and a number. */
#define DCC_NAME_MAX		200
/* An extension this long or shorter is kept when a name is cut. */
#define DCC_NAME_EXT_MAX	16
/* What a file is saved as until it is complete (and verified). */
#define DCC_NAME_PART		".part"

/* Make a safe file name of name (as received) into out (size bytes, at
 * least DCC_NAME_MAX + 1). */
void	dcc_name_sanitize(const char *name, char *out, size_t size);
/* The name to offer for the file at path: its last component, with
 * quotes and controls made '_' (dcc_ctcp_format refuses them). */
void	dcc_name_offer(const char *path, char *out, size_t size);
/* The n-th other name for name (n >= 1): "photo.1.jpg", "notes.2",
 * ".1" after a name with no extension; false when it does not fit. */
bool	dcc_name_numbered(const char *name, unsigned n, char *out,
	    size_t size);

#endif
