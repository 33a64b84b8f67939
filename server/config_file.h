/*
 * natterd's configuration file (natterd.conf): "key = value" lines, one key
 * per long option, turned into the "--key=value" arguments getopt_long
 * parses, so every long option is a key and there is no second table.
 */
#ifndef NATTER_CONFIG_FILE_H
#define NATTER_CONFIG_FILE_H

#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* The longest line a file may have, in bytes. */
#define CONFIG_FILE_LINE_MAX	1024
/* The most settings one file may hold. */
#define CONFIG_FILE_ARGS_MAX	256

/* The arguments a file amounts to, and where each came from. */
struct config_file {
	char	**args;		/* "--key=value" or "--key" */
	char	**where;	/* "FILE:LINE" of each, for error messages */
	size_t	  count;
};

/* Told each error: where ("FILE:LINE" or "FILE") and what is wrong. */
typedef void config_file_report(void *arg, const char *where,
    const char *message);

/*
 * Read the lines of f, named name in messages, into cf: longopts are the
 * keys there are; refused (NULL-ended) are long options a file must not
 * set (--config itself, --help...).  Reports every error and returns false
 * when there was one; either way cf holds the good lines' arguments in file
 * order (so their values can be checked too) and is the caller's to free.
 */
bool	config_file_parse(FILE *f, const char *name,
	    const struct option *longopts, const char *const *refused,
	    config_file_report *report, void *arg, struct config_file *cf);
/* The same from the file at path; a file that cannot be opened is an error. */
bool	config_file_read(const char *path, const struct option *longopts,
	    const char *const *refused, config_file_report *report, void *arg,
	    struct config_file *cf);
/* Free what cf holds (it may be empty). */
void	config_file_free(struct config_file *cf);

#endif
