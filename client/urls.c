/* Links; see urls.h. */
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "base64.h"
#include "scrollback.h"
#include "urls.h"
#include "xmalloc.h"

/* What a link starts with. */
static const char *const urls_schemes[] = {
	"http://", "https://", "ftp://", "www.",
};

/* The length of the scheme text[i..] starts with (at a word's start),
 * 0 if none. */
static size_t
urls_scheme(const char *text, size_t len, size_t i)
{
	size_t	k, n;

	/* Not in the middle of a word: "xhttp://" is no link. */
	if (i > 0 && ((unsigned char)text[i - 1] > ' ' &&
	    strchr("(<[\"'", text[i - 1]) == NULL))
		return 0;
	for (k = 0; k < sizeof urls_schemes / sizeof urls_schemes[0]; k++) {
		n = strlen(urls_schemes[k]);
		if (len - i > n && strncasecmp(text + i, urls_schemes[k], n) == 0)
			return n;
	}
	return 0;
}

/* Find the links. */
size_t
urls_find(const char *text, size_t len, struct urls_span *out, size_t max)
{
	size_t	i = 0, end, n = 0, scheme, k;
	int	open;

	while (i < len && n < max) {
		if ((scheme = urls_scheme(text, len, i)) == 0) {
			i++;
			continue;
		}
		end = i;
		while (end < len && (unsigned char)text[end] > ' ' &&
		    text[end] != 0x7f && text[end] != '<' && text[end] != '>' &&
		    text[end] != '"')
			end++;
		/* Trailing punctuation is the sentence's, not the link's. */
		for (;;) {
			if (end > i && strchr(".,;:!?'", text[end - 1]) != NULL) {
				end--;
				continue;
			}
			if (end > i && (text[end - 1] == ')' ||
			    text[end - 1] == ']')) {
				open = 0;
				for (k = i; k < end; k++) {
					if (text[k] == '(' || text[k] == '[')
						open++;
					else if (text[k] == ')' || text[k] == ']')
						open--;
				}
				if (open < 0) {
					end--;
					continue;
				}
			}
			break;
		}
		if (end - i > scheme && end - i <= URLS_LEN_MAX) {
			out[n].off = i;
			out[n].len = end - i;
			n++;
		}
		i = end > i ? end : i + 1;
	}
	return n;
}

/* The window's recent links. */
size_t
urls_recent(const struct scrollback *sb, char **out, size_t max)
{
	struct urls_span		 spans[URLS_MAX];
	const struct scrollback_line	*l;
	size_t				 i = scrollback_count(sb), n = 0, k, m;
	size_t				 j;
	char				*u;
	bool				 seen;

	while (i-- > 0 && n < max) {
		l = scrollback_line(sb, i);
		if (l->flags & SCROLLBACK_NOSEARCH)
			continue;
		m = urls_find(l->text, strlen(l->text), spans, URLS_MAX);
		/* Newest first: the line's last link first. */
		for (k = m; k-- > 0 && n < max;) {
			u = xstrndup(l->text + spans[k].off, spans[k].len);
			seen = false;
			for (j = 0; j < n && !seen; j++)
				seen = strcmp(out[j], u) == 0;
			if (seen)
				free(u);
			else
				out[n++] = u;
		}
	}
	return n;
}

/* OSC 52: ESC ] 52 ; c ; base64 BEL. */
char *
urls_osc52(const char *url)
{
	size_t	n = strlen(url), elen = base64_len(n, true);
	char	*b64 = xmalloc(elen + 1), *seq;

	base64_encode(url, n, true, b64, elen + 1);
	seq = xasprintf("\033]52;c;%s\a", b64);
	free(b64);
	return seq;
}

/* Start the browser, detached: a grandchild, so no zombie is left and the
 * terminal is not its own. */
bool
urls_open(const char *url, const char *browser, char *err, size_t errsize)
{
	const char	*prog = browser != NULL && browser[0] != '\0' ?
	    browser : "xdg-open";
	pid_t		 pid;
	int		 fd, status;

	if (url[0] == '-') {
		snprintf(err, errsize, "not a link: %s", url);
		return false;
	}
	if ((pid = fork()) == -1) {
		snprintf(err, errsize, "fork: %s", strerror(errno));
		return false;
	}
	if (pid == 0) {
		setsid();
		if (fork() != 0)
			_exit(0);
		if ((fd = open("/dev/null", O_RDWR)) != -1) {
			dup2(fd, STDIN_FILENO);
			dup2(fd, STDOUT_FILENO);
			dup2(fd, STDERR_FILENO);
			if (fd > STDERR_FILENO)
				close(fd);
		}
		execlp(prog, prog, url, (char *)NULL);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
		;
	return true;
}
