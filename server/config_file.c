/* natterd.conf: "key = value" lines into long options; see config_file.h. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "config_file.h"
#include "xmalloc.h"

/* What one read is doing: the file's name and the current line's number. */
struct config_file_reader {
	const char		*name;
	int			 line;
	config_file_report	*report;
	void			*arg;
	bool			 failed;
};

/* Report an error on the current line (line 0: the file as a whole). */
static void __attribute__((format(printf, 2, 3)))
config_file_error(struct config_file_reader *r, const char *fmt, ...)
{
	char where[512], message[512];
	va_list ap;

	if (r->line > 0)
		snprintf(where, sizeof where, "%s:%d", r->name, r->line);
	else
		snprintf(where, sizeof where, "%s", r->name);
	va_start(ap, fmt);
	vsnprintf(message, sizeof message, fmt, ap);
	va_end(ap);
	r->report(r->arg, where, message);
	r->failed = true;
}

/* s without the blanks around it (in place). */
static char *
config_file_trim(char *s)
{
	char *end;

	while (*s == ' ' || *s == '\t')
		s++;
	end = s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t' ||
	    end[-1] == '\r' || end[-1] == '\n'))
		end--;
	*end = '\0';
	return s;
}

/* The long option called key, or NULL. */
static const struct option *
config_file_option(const struct option *longopts, const char *key)
{
	for (; longopts->name != NULL; longopts++)
		if (strcmp(longopts->name, key) == 0)
			return longopts;
	return NULL;
}

/* Whether key is one of the NULL-ended list. */
static bool
config_file_listed(const char *const *list, const char *key)
{
	for (; list != NULL && *list != NULL; list++)
		if (strcmp(*list, key) == 0)
			return true;
	return false;
}

/* A switch's value: 1 on, 0 off, -1 neither. */
static int
config_file_switch(const char *value)
{
	if (strcmp(value, "yes") == 0 || strcmp(value, "true") == 0 ||
	    strcmp(value, "on") == 0)
		return 1;
	if (strcmp(value, "no") == 0 || strcmp(value, "false") == 0 ||
	    strcmp(value, "off") == 0)
		return 0;
	return -1;
}

/* Add an argument from the current line. */
static void
config_file_add(struct config_file_reader *r, struct config_file *cf,
    char *arg)
{
	cf->args = xreallocarray(cf->args, cf->count + 1, sizeof *cf->args);
	cf->where = xreallocarray(cf->where, cf->count + 1,
	    sizeof *cf->where);
	cf->args[cf->count] = arg;
	cf->where[cf->count] = xasprintf("%s:%d", r->name, r->line);
	cf->count++;
}

/* One line: blank, a comment, or key = value. */
static void
config_file_line(struct config_file_reader *r, char *line,
    const struct option *longopts, const char *const *refused,
    struct config_file *cf)
{
	const struct option *opt;
	char *key, *value, *eq;
	size_t len;
	int on;

	key = config_file_trim(line);
	if (key[0] == '\0' || key[0] == '#')
		return;
	if ((eq = strchr(key, '=')) == NULL) {
		config_file_error(r, "expected 'key = value', not '%s'", key);
		return;
	}
	*eq = '\0';
	key = config_file_trim(key);
	value = config_file_trim(eq + 1);
	/* "value" in quotes keeps the blanks at its ends. */
	len = strlen(value);
	if (len >= 2 && value[0] == '"' && value[len - 1] == '"') {
		value[len - 1] = '\0';
		value++;
	}
	if (key[0] == '\0') {
		config_file_error(r, "a key is missing before '='");
		return;
	}
	opt = config_file_option(longopts, key);
	if (opt == NULL) {
		config_file_error(r, "unknown key '%s'", key);
		return;
	}
	if (config_file_listed(refused, key)) {
		config_file_error(r, "'%s' can only be given on the command "
		    "line", key);
		return;
	}
	if (opt->has_arg == no_argument) {
		if ((on = config_file_switch(value)) == -1)
			config_file_error(r, "%s wants yes or no, not '%s'",
			    key, value);
		else if (on)
			config_file_add(r, cf, xasprintf("--%s", key));
		return;
	}
	if (value[0] == '\0') {
		config_file_error(r, "%s wants a value", key);
		return;
	}
	if (cf->count == CONFIG_FILE_ARGS_MAX) {
		config_file_error(r, "more than %d settings",
		    CONFIG_FILE_ARGS_MAX);
		return;
	}
	config_file_add(r, cf, xasprintf("--%s=%s", key, value));
}

bool
config_file_parse(FILE *f, const char *name, const struct option *longopts,
    const char *const *refused, config_file_report *report, void *arg,
    struct config_file *cf)
{
	struct config_file_reader r = { name, 0, report, arg, false };
	char line[CONFIG_FILE_LINE_MAX + 2];
	size_t len;
	int ch;

	memset(cf, 0, sizeof *cf);
	while (fgets(line, sizeof line, f) != NULL) {
		r.line++;
		len = strlen(line);
		if (len > CONFIG_FILE_LINE_MAX && line[len - 1] != '\n') {
			config_file_error(&r, "line longer than %d bytes",
			    CONFIG_FILE_LINE_MAX);
			/* Skip the rest of it. */
			while ((ch = getc(f)) != EOF && ch != '\n')
				;
			continue;
		}
		config_file_line(&r, line, longopts, refused, cf);
	}
	if (ferror(f)) {
		r.line = 0;
		config_file_error(&r, "cannot read: %s", strerror(errno));
	}
	return !r.failed;
}

bool
config_file_read(const char *path, const struct option *longopts,
    const char *const *refused, config_file_report *report, void *arg,
    struct config_file *cf)
{
	FILE *f = fopen(path, "r");
	bool ok;

	if (f == NULL) {
		memset(cf, 0, sizeof *cf);
		report(arg, path, strerror(errno));
		return false;
	}
	ok = config_file_parse(f, path, longopts, refused, report, arg, cf);
	fclose(f);
	return ok;
}

void
config_file_free(struct config_file *cf)
{
	size_t i;

	for (i = 0; i < cf->count; i++) {
		free(cf->args[i]);
		free(cf->where[i]);
	}
	free(cf->args);
	free(cf->where);
	memset(cf, 0, sizeof *cf);
}
