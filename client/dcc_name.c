/* File names and DCC; see dcc_name.h. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "dcc_name.h"
#include "utf8.h"

/* The last component of a path, '/' or '\' separated. */
static const char *
dcc_name_base(const char *path)
{
	const char	*p, *base = path;

	for (p = path; *p != '\0'; p++) {
		if (*p == '/' || *p == '\\')
			base = p + 1;
	}
	return base;
}

/* Cut name (len bytes, in a buffer of at least DCC_NAME_MAX + 1) to
 * DCC_NAME_MAX bytes, keeping a short extension. */
static void
dcc_name_cut(char *name, size_t len)
{
	const char	*dot = strrchr(name, '.');
	char		 ext[DCC_NAME_EXT_MAX + 1];
	size_t		 elen = 0, keep;

	if (len <= DCC_NAME_MAX)
		return;
	if (dot != NULL && dot != name &&
	    (elen = strlen(dot)) <= DCC_NAME_EXT_MAX)
		memcpy(ext, dot, elen + 1);
	else
		elen = 0;
	keep = utf8_prefix_len(name, len, DCC_NAME_MAX - elen);
	memcpy(name + keep, elen > 0 ? ext : "", elen + 1);
}

/* Make a safe name; see dcc_name.h. */
void
dcc_name_sanitize(const char *name, char *out, size_t size)
{
	const char	*p = dcc_name_base(name), *end = p + strlen(p);
	char		 buf[4 * 256];
	size_t		 n = 0, k;
	uint32_t	 cp;
	bool		 valid, lead = true;

	while (p < end && n + UTF8_LEN_MAX < sizeof buf) {
		k = utf8_decode(p, (size_t)(end - p), &cp, &valid);
		if (!valid || utf8_cp_is_control(cp) || utf8_cp_is_layout(cp) ||
		    (lead && (cp == '.' || cp == '-')))
			buf[n++] = '_';
		else {
			memcpy(buf + n, p, k);
			n += k;
		}
		if (cp != '.' && cp != '-')
			lead = false;
		p += k;
	}
	/* Trailing spaces are easily lost when typed again. */
	while (n > 0 && buf[n - 1] == ' ')
		n--;
	buf[n] = '\0';
	/* Nothing left: "foo/", "\\". */
	if (n == 0)
		strlcpy(buf, "file", sizeof buf);
	dcc_name_cut(buf, strlen(buf));
	strlcpy(out, buf, size);
}

/* The name to offer for a file of ours. */
void
dcc_name_offer(const char *path, char *out, size_t size)
{
	const char	*base = dcc_name_base(path);
	char		 buf[4 * 256];
	size_t		 i;

	strlcpy(buf, base[0] != '\0' ? base : "file", sizeof buf);
	for (i = 0; buf[i] != '\0'; i++) {
		if (buf[i] == '"' || (unsigned char)buf[i] < 0x20 ||
		    buf[i] == 0x7f)
			buf[i] = '_';
	}
	dcc_name_cut(buf, i);
	strlcpy(out, buf, size);
}

/* The n-th other name. */
bool
dcc_name_numbered(const char *name, unsigned n, char *out, size_t size)
{
	const char	*dot = strrchr(name, '.');
	int		 r;

	if (dot == NULL || dot == name || strlen(dot) > DCC_NAME_EXT_MAX)
		r = snprintf(out, size, "%s.%u", name, n);
	else
		r = snprintf(out, size, "%.*s.%u%s", (int)(dot - name), name,
		    n, dot);
	return r > 0 && (size_t)r < size;
}
