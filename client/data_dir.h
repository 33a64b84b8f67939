/*
 * natter's data folder: $XDG_DATA_HOME/natter, else
 * ~/.local/share/natter, where the known servers' keys and the logs are
 * kept; and making a file's folders (mode 0700: what people said is
 * nobody else's business).
 */
#ifndef NATTER_DATA_DIR_H
#define NATTER_DATA_DIR_H

#include <stdbool.h>
#include <stddef.h>

/* "DATA/natter/rel" (the two variables may be NULL; a relative
 * XDG_DATA_HOME is ignored, as XDG says); allocated, NULL without
 * either. */
char	*data_dir_path(const char *xdg_data_home, const char *home,
	    const char *rel);
/* Make the folders of path, all but its last part, and their parents
 * (0700); false with err set. */
bool	data_dir_make_parents(const char *path, char *err, size_t errsize);

#endif
