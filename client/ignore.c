/* /ignore and the smart filter; see ignore.h. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "data_dir.h"
#include "decimal.h"
#include "ignore.h"
#include "irc_mask.h"
#include "xmalloc.h"

/* The kinds by name. */
static const struct {
	const char	*name;
	unsigned	 bit;
} ignore_kinds[] = {
	{ "messages",	IGNORE_MESSAGES },
	{ "private",	IGNORE_PRIVATE },
	{ "notices",	IGNORE_NOTICES },
	{ "ctcp",	IGNORE_CTCP },
	{ "joins",	IGNORE_JOINS },
	{ "all",	IGNORE_ALL },
};
#define IGNORE_NKINDS	(sizeof ignore_kinds / sizeof ignore_kinds[0])

void
ignore_init(struct ignore_list *l)
{
	memset(l, 0, sizeof *l);
}

void
ignore_free(struct ignore_list *l)
{
	size_t	i;

	for (i = 0; i < l->count; i++)
		free(l->entries[i].mask);
	free(l->entries);
	memset(l, 0, sizeof *l);
}

/* A mask in nick!user@host form (allocated), NULL when it is no mask. */
static char *
ignore_mask(const char *m)
{
	size_t	i;

	if (m[0] == '\0' || m[0] == '#' || m[0] == '&')
		return NULL;
	for (i = 0; m[i] != '\0'; i++)
		if ((unsigned char)m[i] <= ' ' || m[i] == ',')
			return NULL;
	if (strchr(m, '!') == NULL && strchr(m, '@') == NULL)
		return xasprintf("%s!*@*", m);
	if (strchr(m, '!') == NULL)
		return xasprintf("*!%s", m);
	if (strchr(m, '@') == NULL)
		return xasprintf("%s@*", m);
	return xstrdup(m);
}

/* The kinds of a comma list; 0 on a name we do not know. */
static unsigned
ignore_parse_kinds(const char *list)
{
	char		*copy = xstrdup(list), *p = copy, *name;
	unsigned	 bits = 0;
	size_t		 i;
	bool		 known;

	while ((name = strsep(&p, ",")) != NULL) {
		if (name[0] == '\0')
			continue;
		known = false;
		for (i = 0; i < IGNORE_NKINDS; i++) {
			/* "message" and "notice" are fine too. */
			if (strncasecmp(name, ignore_kinds[i].name,
			    strlen(name)) == 0 && strlen(name) >= 4) {
				bits |= ignore_kinds[i].bit;
				known = true;
				break;
			}
		}
		if (!known) {
			free(copy);
			return 0;
		}
	}
	free(copy);
	return bits;
}

/* The entry with a mask, or NULL. */
static struct ignore_entry *
ignore_find(const struct ignore_list *l, const char *mask)
{
	size_t	i;

	for (i = 0; i < l->count; i++)
		if (strcasecmp(l->entries[i].mask, mask) == 0)
			return &l->entries[i];
	return NULL;
}

/* Add an entry. */
bool
ignore_add(struct ignore_list *l, const char *spec, char *err,
    size_t errsize)
{
	char			 word[256], *mask;
	const char		*kinds;
	unsigned		 bits = IGNORE_ALL;
	size_t			 n;
	struct ignore_entry	*e;

	spec += strspn(spec, " ");
	n = strcspn(spec, " ");
	if (n == 0 || n >= sizeof word) {
		snprintf(err, errsize, "expected a nick or nick!user@host "
		    "mask");
		return false;
	}
	memcpy(word, spec, n);
	word[n] = '\0';
	kinds = spec + n + strspn(spec + n, " ");
	if (kinds[0] != '\0' && (bits = ignore_parse_kinds(kinds)) == 0) {
		snprintf(err, errsize, "unknown kind in '%s' (messages, "
		    "private, notices, ctcp, joins, all)", kinds);
		return false;
	}
	if ((mask = ignore_mask(word)) == NULL) {
		snprintf(err, errsize, "'%s' is not a nick or a mask", word);
		return false;
	}
	if ((e = ignore_find(l, mask)) != NULL) {
		e->kinds = bits;
		free(mask);
		return true;
	}
	if (l->count == IGNORE_MAX) {
		snprintf(err, errsize, "too many ignores (%d)", IGNORE_MAX);
		free(mask);
		return false;
	}
	l->entries = xreallocarray(l->entries, l->count + 1,
	    sizeof *l->entries);
	l->entries[l->count].mask = mask;
	l->entries[l->count].kinds = bits;
	l->count++;
	return true;
}

/* Remove an entry. */
bool
ignore_remove(struct ignore_list *l, const char *mask)
{
	struct ignore_entry	*e;
	char			*m;
	long long		 n;
	size_t			 i;

	if (decimal_parse(mask, 1, (long long)l->count, &n))
		e = &l->entries[n - 1];
	else {
		if ((m = ignore_mask(mask)) == NULL)
			return false;
		e = ignore_find(l, m);
		free(m);
		if (e == NULL)
			return false;
	}
	i = (size_t)(e - l->entries);
	free(e->mask);
	memmove(e, e + 1, (l->count - i - 1) * sizeof *e);
	l->count--;
	return true;
}

/* Is a line ignored? */
bool
ignore_match(const struct ignore_list *l, const char *source, unsigned kind)
{
	char	full[512];
	size_t	i;

	if (l->count == 0 || source == NULL || source[0] == '\0')
		return false;
	/* A nick alone (no user or host known) matches as nick!*@*. */
	if (strchr(source, '!') == NULL) {
		snprintf(full, sizeof full, "%s!*@*", source);
		source = full;
	}
	for (i = 0; i < l->count; i++)
		if ((l->entries[i].kinds & kind) &&
		    irc_mask_match(l->entries[i].mask, source))
			return true;
	return false;
}

/* "MASK KINDS". */
void
ignore_describe(const struct ignore_entry *e, char *out, size_t size)
{
	size_t	i;
	bool	first = true;

	snprintf(out, size, "%s", e->mask);
	if (e->kinds == IGNORE_ALL)
		return;
	for (i = 0; i < IGNORE_NKINDS; i++) {
		if (ignore_kinds[i].bit == IGNORE_ALL ||
		    !(e->kinds & ignore_kinds[i].bit))
			continue;
		strlcat(out, first ? " " : ",", size);
		strlcat(out, ignore_kinds[i].name, size);
		first = false;
	}
}

/* Is this an "ignore = " line? */
static bool
ignore_config_line(const char *line)
{
	line += strspn(line, " \t");
	if (strncmp(line, "ignore", 6) != 0)
		return false;
	line += 6;
	line += strspn(line, " \t");
	return line[0] == '=';
}

/* Rewrite the config file's ignore lines. */
bool
ignore_save(const struct ignore_list *l, const char *path, char *err,
    size_t errsize)
{
	FILE	*in, *out;
	char	 line[2048], desc[512], *tmp;
	size_t	 i;
	int	 fd;
	bool	 ok = true;

	if (!data_dir_make_parents(path, err, errsize))
		return false;
	tmp = xasprintf("%s.XXXXXX", path);
	if ((fd = mkstemp(tmp)) == -1 || (out = fdopen(fd, "w")) == NULL) {
		snprintf(err, errsize, "%s: %s", tmp, strerror(errno));
		if (fd != -1)
			close(fd);
		free(tmp);
		return false;
	}
	if ((in = fopen(path, "r")) != NULL) {
		while (fgets(line, sizeof line, in) != NULL)
			if (!ignore_config_line(line))
				fputs(line, out);
		fclose(in);
	}
	for (i = 0; i < l->count; i++) {
		ignore_describe(&l->entries[i], desc, sizeof desc);
		fprintf(out, "ignore = %s\n", desc);
	}
	if (fflush(out) != 0 || fsync(fileno(out)) != 0)
		ok = false;
	if (fclose(out) != 0)
		ok = false;
	if (ok && rename(tmp, path) != 0)
		ok = false;
	if (!ok) {
		snprintf(err, errsize, "%s: %s", path, strerror(errno));
		unlink(tmp);
	}
	free(tmp);
	return ok;
}

/* The smart filter. */
bool
ignore_smart_hide(size_t members, time_t spoke, time_t now, int minutes)
{
	if (minutes <= 0 || members <= IGNORE_SMART_MEMBERS)
		return false;
	return spoke == 0 || now - spoke > (time_t)minutes * 60;
}
