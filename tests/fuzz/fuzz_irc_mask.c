/*
 * Fuzz target: IRC masks (common/irc_mask.c).
 *
 * The input is a mask, a newline, and a string (a nick!user@host or any
 * bytes).  irc_mask_match is checked against a model, a dynamic program
 * over the same rules ('*' any run of bytes, '?' one byte and the UTF-8
 * continuation bytes after it, '\' escaping '*', '?' and '\', A-Z folded);
 * upper-casing either side changes nothing; the string escaped is a mask
 * that matches it and is not wild.  irc_mask_canon gives a
 * nick!user@host form that canonicalizes to itself and keeps every
 * nick!user@host it is given as it is.
 */
#include <stdbool.h>
#include <string.h>

#include "fuzz.h"
#include "irc_mask.h"

/* A mask token of the model: a literal byte, or '*' / '?' as wildcards. */
struct token {
	char	c;
	bool	wild;
};

static char
fold(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* The model: whether s matches mask, by dynamic programming. */
static bool
model_match(const char *mask, const char *s)
{
	size_t nt = 0, ns = strlen(s), i, j, k;
	struct token *t = malloc((strlen(mask) + 1) * sizeof *t);
	/* ok[i][j]: tokens from i match s from j. */
	bool *ok, r;

	for (i = 0; mask[i] != '\0'; i++) {
		if (mask[i] == '\\' && (mask[i + 1] == '*' ||
		    mask[i + 1] == '?' || mask[i + 1] == '\\')) {
			t[nt++] = (struct token){ mask[++i], false };
			continue;
		}
		t[nt++] = (struct token){ mask[i],
		    mask[i] == '*' || mask[i] == '?' };
	}
	ok = calloc((nt + 1) * (ns + 1), sizeof *ok);
#define OK(a, b) ok[(a) * (ns + 1) + (b)]
	OK(nt, ns) = true;
	for (i = nt; i-- > 0;) {
		for (j = ns + 1; j-- > 0;) {
			if (t[i].wild && t[i].c == '*')
				OK(i, j) = OK(i + 1, j) || (j < ns && OK(i, j + 1));
			else if (t[i].wild) {
				if (j == ns)
					continue;
				for (k = j + 1; k < ns &&
				    ((unsigned char)s[k] & 0xc0) == 0x80; k++)
					;
				OK(i, j) = OK(i + 1, k);
			} else
				OK(i, j) = j < ns && fold(t[i].c) == fold(s[j]) &&
				    OK(i + 1, j + 1);
		}
	}
	r = OK(0, 0);
#undef OK
	free(ok);
	free(t);
	return r;
}

static void
upper(char *s)
{
	for (; *s != '\0'; s++)
		if (*s >= 'a' && *s <= 'z')
			*s = (char)(*s - 'a' + 'A');
}

/* Whether s is a nick!user@host whose parts are not empty. */
static bool
full_mask(const char *s)
{
	const char *bang = strchr(s, '!'), *at;

	if (bang == NULL || bang == s)
		return false;
	at = strchr(bang + 1, '@');
	return at != NULL && at > bang + 1 && at[1] != '\0' &&
	    strpbrk(s, " \r\n") == NULL;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *in, *mask, *s, *nl, *esc, *up, canon[256], again[256];
	bool m;
	size_t i, n;

	if (size > 1024)
		return 0;
	in = malloc(size + 1);
	memcpy(in, data, size);
	in[size] = '\0';
	mask = in;
	if ((nl = strchr(in, '\n')) != NULL) {
		*nl = '\0';
		s = nl + 1;
	} else
		s = in + strlen(in);

	m = irc_mask_match(mask, s);
	FUZZ_CHECK(m == model_match(mask, s), "\"%s\" ~ \"%s\": %d", mask, s, m);
	up = strdup(mask);
	upper(up);
	FUZZ_CHECK(irc_mask_match(up, s) == m, "upper-cased mask \"%s\"", up);
	free(up);
	up = strdup(s);
	upper(up);
	FUZZ_CHECK(irc_mask_match(mask, up) == m, "upper-cased string \"%s\"",
	    up);
	free(up);

	/* The string, escaped, is a literal mask that matches it. */
	esc = malloc(2 * strlen(s) + 1);
	for (i = n = 0; s[i] != '\0'; i++) {
		if (s[i] == '*' || s[i] == '?' || s[i] == '\\')
			esc[n++] = '\\';
		esc[n++] = s[i];
	}
	esc[n] = '\0';
	FUZZ_CHECK(irc_mask_match(esc, s), "escaped \"%s\"", esc);
	FUZZ_CHECK(!irc_mask_is_wild(esc), "escaped \"%s\" is wild", esc);
	free(esc);

	if (irc_mask_canon(mask, canon, sizeof canon)) {
		FUZZ_CHECK(full_mask(canon), "canon \"%s\" of \"%s\"", canon,
		    mask);
		FUZZ_CHECK(irc_mask_canon(canon, again, sizeof again) &&
		    strcmp(canon, again) == 0, "canon \"%s\" again \"%s\"",
		    canon, again);
		if (full_mask(mask))
			FUZZ_CHECK(strcmp(canon, mask) == 0,
			    "\"%s\" changed to \"%s\"", mask, canon);
	} else
		FUZZ_CHECK(mask[0] == '\0' || strpbrk(mask, " \r\n") != NULL ||
		    strlen(mask) + 4 >= sizeof canon,
		    "\"%s\" refused", mask);
	free(in);
	return 0;
}
