/* The IRCv3 capabilities natterd offers. */
#include <string.h>

#include "caps.h"
#include "client.h"

const struct cap_info caps_offered[] = {
	{ "away-notify",	CAP_AWAY_NOTIFY },
	{ "batch",		CAP_BATCH },
	{ "cap-notify",		CAP_CAP_NOTIFY },
	{ "draft/chathistory",	CAP_CHATHISTORY },
	{ "draft/event-playback", CAP_EVENT_PLAYBACK },
	{ "echo-message",	CAP_ECHO_MESSAGE },
	{ "extended-monitor",	CAP_EXTENDED_MONITOR },
	{ "invite-notify",	CAP_INVITE_NOTIFY },
	{ "labeled-response",	CAP_LABELED_RESPONSE },
	{ "message-tags",	CAP_MESSAGE_TAGS },
	{ "multi-prefix",	CAP_MULTI_PREFIX },
	{ "server-time",	CAP_SERVER_TIME },
	{ "setname",		CAP_SETNAME },
	{ "userhost-in-names",	CAP_USERHOST_IN_NAMES },
};
const size_t caps_offered_count = sizeof caps_offered / sizeof caps_offered[0];

const struct cap_info *
caps_find(const char *name)
{
	size_t i;

	for (i = 0; i < caps_offered_count; i++)
		if (strcmp(caps_offered[i].name, name) == 0)
			return &caps_offered[i];
	return NULL;
}

void
caps_names(unsigned mask, char *buf, size_t size)
{
	size_t i;

	if (size == 0)
		return;
	buf[0] = '\0';
	for (i = 0; i < caps_offered_count; i++) {
		if ((mask & caps_offered[i].bit) == 0)
			continue;
		if (buf[0] != '\0')
			strlcat(buf, " ", size);
		strlcat(buf, caps_offered[i].name, size);
	}
}

void
caps_set(struct client *c, unsigned caps)
{
	enum hub_dialect dialect = HUB_DIALECT_PLAIN;

	if (caps & CAP_SERVER_TIME)
		dialect = (caps & CAP_MESSAGE_TAGS) ? HUB_DIALECT_TIME_TAGS :
		    HUB_DIALECT_TIME;
	else if (caps & CAP_MESSAGE_TAGS)
		dialect = HUB_DIALECT_TAGS;
	c->caps = caps;
	/* The writer reads its view under hub.lock, which we hold. */
	c->view.caps = caps;
	c->view.dialect = dialect;
}
