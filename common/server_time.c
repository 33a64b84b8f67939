/* The IRCv3 server-time format. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "server_time.h"

bool
server_time_parse(const char *s, int64_t *ms, const char **end)
{
	struct tm tm;
	int year, mon, day, hour, min, sec, milli = 0, n = 0;
	time_t t;

	if (s == NULL || sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%n", &year, &mon,
	    &day, &hour, &min, &sec, &n) != 6 || n != 19)
		return false;
	s += n;
	if (*s == '.') {
		if (s[1] < '0' || s[1] > '9' || s[2] < '0' || s[2] > '9' ||
		    s[3] < '0' || s[3] > '9')
			return false;
		milli = (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
		s += 4;
	}
	if (year < 1970 || mon < 1 || mon > 12 || day < 1 || day > 31 ||
	    hour < 0 || hour > 23 || min < 0 || min > 59 || sec < 0 ||
	    sec > 60)
		return false;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = year - 1900;
	tm.tm_mon = mon - 1;
	tm.tm_mday = day;
	tm.tm_hour = hour;
	tm.tm_min = min;
	tm.tm_sec = sec;
	if ((t = timegm(&tm)) == (time_t)-1)
		return false;
	*ms = (int64_t)t * 1000 + milli;
	if (end != NULL)
		*end = s;
	return true;
}

int64_t
server_time_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
