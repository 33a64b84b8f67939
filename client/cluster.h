/*
 * Characters as a user sees them: a base code point together with the
 * zero-width code points after it (combining marks, joiners), which the
 * editor moves over as one and the wrapper never separates.  Also the
 * classes of characters that words and breaks are made of.
 */
#ifndef NATTER_CLUSTER_H
#define NATTER_CLUSTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * End of the cluster starting at s[off] (off < len): its base character and
 * every zero-width character after it.  *cols (may be NULL) gets its width:
 * the base's width, UTF8_CONTROL_COLS for a control character, 1 for an
 * invalid byte (shown as U+FFFD); *base (may be NULL) gets the base code
 * point.  Returns off when off >= len.
 */
size_t	cluster_next(const char *s, size_t len, size_t off, int *cols,
	    uint32_t *base);
/* Start of the cluster that ends at s[off] (0 when off is 0). */
size_t	cluster_prev(const char *s, size_t len, size_t off);
/* Start of the code point ending at s[off] (off > 0), invalid bytes being
 * one byte each. */
size_t	cluster_cp_prev(const char *s, size_t len, size_t off);
/* Columns of s[0..len) counted cluster by cluster, as cluster_next does. */
int	cluster_cols(const char *s, size_t len);
/* True for the spaces text breaks at: ' ', tab and U+3000. */
bool	cluster_is_space(uint32_t cp);
/* True for characters words are made of: not a space, not ASCII
 * punctuation or a control, not CJK punctuation. */
bool	cluster_is_word(uint32_t cp);
/* True for CJK closing punctuation no row may start with (。，」...). */
bool	cluster_no_break_before(uint32_t cp);
/* True for CJK opening brackets no row may end with (「（...). */
bool	cluster_no_break_after(uint32_t cp);

#endif
