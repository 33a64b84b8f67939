/*
 * The text of HELP: a few lines on each command natterd understands, in
 * our own words, for people typing /quote HELP in any client.
 */
#ifndef NATTER_HELP_H
#define NATTER_HELP_H

#include <stddef.h>

/*
 * The lines about subject (a command name, any case; "" for the overview),
 * NULL-terminated, or NULL when there is no such topic.
 */
const char *const *help_topic(const char *subject);

#endif
