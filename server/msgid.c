/* IRCv3 message ids: time-ordered, never reused. */
#include <pthread.h>
#include <stdio.h>
#include <time.h>

#include "msgid.h"
#include "server_time.h"

/* The last id handed out or seen. */
static uint64_t msgid_last;
static pthread_mutex_t msgid_lock = PTHREAD_MUTEX_INITIALIZER;

uint64_t
msgid_next(void)
{
	uint64_t id = (uint64_t)server_time_now_ms() * MSGID_PER_MS;

	pthread_mutex_lock(&msgid_lock);
	if (id <= msgid_last)
		id = msgid_last + 1;
	msgid_last = id;
	pthread_mutex_unlock(&msgid_lock);
	return id;
}

void
msgid_seen(uint64_t id)
{
	pthread_mutex_lock(&msgid_lock);
	if (id > msgid_last)
		msgid_last = id;
	pthread_mutex_unlock(&msgid_lock);
}

uint64_t
msgid_derive(int64_t time_ms, uint64_t previous)
{
	uint64_t id = (uint64_t)(time_ms > 0 ? time_ms : 0) * MSGID_PER_MS;

	if (previous >= id && previous / MSGID_PER_MS == id / MSGID_PER_MS)
		id = previous + 1;
	return id;
}

void
msgid_format(uint64_t id, char *buf, size_t size)
{
	snprintf(buf, size, "%016llx", (unsigned long long)id);
}

bool
msgid_parse(const char *s, size_t len, uint64_t *id)
{
	uint64_t v = 0;
	size_t i;

	if (len != MSGID_LEN)
		return false;
	for (i = 0; i < len; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			v = v << 4 | (uint64_t)(s[i] - '0');
		else if (s[i] >= 'a' && s[i] <= 'f')
			v = v << 4 | (uint64_t)(s[i] - 'a' + 10);
		else
			return false;
	}
	*id = v;
	return true;
}
