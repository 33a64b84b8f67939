/* A UTF-8 character set for curses whatever LANG says; see locale_utf8.h. */
#include <langinfo.h>
#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "locale_utf8.h"

/* Locales tried, in order, when the user's is not UTF-8. */
static const char *const locale_utf8_names[] = {
	"C.UTF-8", "C.utf8", "en_US.UTF-8",
};

/* Is the current LC_CTYPE UTF-8? */
static bool
locale_utf8_now(void)
{
	const char	*cs = nl_langinfo(CODESET);

	return cs != NULL && (strcasecmp(cs, "UTF-8") == 0 ||
	    strcasecmp(cs, "utf8") == 0);
}

/* Make LC_CTYPE UTF-8 if it is not. */
bool
locale_utf8_ensure(char *note, size_t size)
{
	char		 was[64];
	const char	*cur = setlocale(LC_CTYPE, NULL);
	size_t		 i;

	note[0] = '\0';
	if (locale_utf8_now())
		return false;
	snprintf(was, sizeof was, "%s", cur != NULL ? cur : "?");
	for (i = 0; i < sizeof locale_utf8_names /
	    sizeof locale_utf8_names[0]; i++) {
		if (setlocale(LC_CTYPE, locale_utf8_names[i]) != NULL &&
		    locale_utf8_now()) {
			snprintf(note, size, "Your locale (%s) is not UTF-8; "
			    "natter draws UTF-8 anyway (%s). If non-ASCII "
			    "text looks wrong, your terminal is not UTF-8: "
			    "set LANG to a UTF-8 locale and use a terminal "
			    "that speaks it", was, locale_utf8_names[i]);
			return true;
		}
	}
	setlocale(LC_CTYPE, "");
	snprintf(note, size, "Your locale (%s) is not UTF-8 and no UTF-8 "
	    "locale is installed: text that is not ASCII cannot be shown "
	    "(set LANG to a UTF-8 locale)", was);
	return true;
}
