/* natter's data folder; see data_dir.h. */
#include <sys/stat.h>

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data_dir.h"
#include "xmalloc.h"

/* Where a data file is. */
char *
data_dir_path(const char *xdg_data_home, const char *home, const char *rel)
{
	if (xdg_data_home != NULL && xdg_data_home[0] == '/')
		return xasprintf("%s/natter/%s", xdg_data_home, rel);
	if (home != NULL && home[0] != '\0')
		return xasprintf("%s/.local/share/natter/%s", home, rel);
	return NULL;
}

/* Make path's folder and its parents (mode 0700). */
bool
data_dir_make_parents(const char *path, char *err, size_t errsize)
{
	char	*dir = xstrdup(path), *p;
	bool	 last;

	if ((p = strrchr(dir, '/')) != NULL)
		*p = '\0';
	for (p = dir + 1; ; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		last = *p == '\0';
		*p = '\0';
		if (dir[0] != '\0' && mkdir(dir, 0700) == -1 &&
		    errno != EEXIST) {
			snprintf(err, errsize, "%s: %s", dir, strerror(errno));
			free(dir);
			return false;
		}
		if (last)
			break;
		*p = '/';
	}
	free(dir);
	return true;
}
