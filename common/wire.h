/*
 * Wire constants of the IRC subset natter speaks: limits, ISUPPORT values
 * and the numeric replies with their text formats.  Every server reply is
 * built from these, so a numeric's wording lives in exactly one place.
 */
#ifndef NATTER_WIRE_H
#define NATTER_WIRE_H

/* --- Limits ------------------------------------------------------------- */

/* The message part of a line (source, command, params), CRLF included (RFC 1459). */
#define IRC_LINE_MAX		512
/* The tags part of a line, '@' and the space after it included (IRCv3 message-tags). */
#define IRC_TAGS_MAX		8191
/* A whole line as read from the network: tags plus message. */
#define IRC_WIRE_LINE_MAX	(IRC_TAGS_MAX + IRC_LINE_MAX)
/* Parameters of one message, trailing included (RFC 2812). */
#define IRC_PARAMS_MAX		15
/* Tags of one message we keep; more are a parse error. */
#define IRC_TAGS_COUNT_MAX	64

/* Nickname length in bytes (a UTF-8 nick of CJK characters gets a third of it). */
#define IRC_NICKLEN		30
/* Room name length in bytes, '#' included. */
#define IRC_CHANNELLEN		50
/* Topic length in bytes. */
#define IRC_TOPICLEN		390
/* Username (USER's first parameter) kept, in bytes. */
#define IRC_USERLEN		16
/* Real name kept, in bytes. */
#define IRC_REALNAMELEN		100
/* Rooms one client may be in at once. */
#define IRC_CHANLIMIT		20
/* Targets of one PRIVMSG/NOTICE/JOIN/PART, comma-separated. */
#define IRC_MAXTARGETS		4
/* Away message, kick reason and quit reason length in bytes. */
#define IRC_REASONLEN		300
/* Mode changes with a parameter in one MODE command. */
#define IRC_MODES		4
/* Room key (+k) length in bytes. */
#define IRC_KEYLEN		23
/* Client-only tags (+name=value) of one message, in bytes (IRCv3 message-tags). */
#define IRC_CLIENT_TAGS_MAX	4094

/* Messages one CHATHISTORY command returns at most (IRCv3 draft/chathistory). */
#define CHATHISTORY_MAX		100
/* Nicks one client may MONITOR (IRCv3 monitor). */
#define MONITOR_MAX		100

/* --- ISUPPORT (005) tokens, built from the limits above ------------------ */

#define IRC_STR_(x)		#x
#define IRC_STR(x)		IRC_STR_(x)
#define ISUPPORT_TOKENS_1 \
	"CASEMAPPING=ascii CHANTYPES=# CHANLIMIT=#:" IRC_STR(IRC_CHANLIMIT) \
	" NICKLEN=" IRC_STR(IRC_NICKLEN) " CHANNELLEN=" IRC_STR(IRC_CHANNELLEN) \
	" TOPICLEN=" IRC_STR(IRC_TOPICLEN) " LINELEN=" IRC_STR(IRC_LINE_MAX)
#define ISUPPORT_TOKENS_2 \
	"PREFIX=(ov)@+ CHANMODES=beI,k,l,imnst MODES=" IRC_STR(IRC_MODES) \
	" MAXTARGETS=" IRC_STR(IRC_MAXTARGETS) \
	" TARGMAX=PRIVMSG:" IRC_STR(IRC_MAXTARGETS) ",NOTICE:" IRC_STR(IRC_MAXTARGETS) \
	",TAGMSG:" IRC_STR(IRC_MAXTARGETS) ",JOIN:,PART:,KICK:" IRC_STR(IRC_MAXTARGETS) ",NAMES:,WHOIS:1,WHOWAS:" \
	IRC_STR(IRC_MAXTARGETS) " AWAYLEN=" \
	IRC_STR(IRC_REASONLEN) " KICKLEN=" IRC_STR(IRC_REASONLEN) " WHOX"
/* The IRCv3 tokens, a line of their own. */
#define ISUPPORT_TOKENS_3 \
	"BOT=B CHATHISTORY=" IRC_STR(CHATHISTORY_MAX) " ELIST=CMNTU" \
	" MONITOR=" IRC_STR(MONITOR_MAX) " MSGREFTYPES=msgid,timestamp UTF8ONLY"

/*
 * What a room owner has (issue 15): ban, exception and invite-exception
 * lists of IRC_MAXLIST masks each (an extban "m:mask" mutes rather than
 * bans), STATUSMSG to the operators or the voiced of a room.
 */
#define IRC_MAXLIST		64
/* A mask's length in bytes, an extban prefix included (nick!user@host is 112). */
#define IRC_MASKLEN		120
#define ISUPPORT_TOKENS_ROOMS \
	"EXCEPTS=e INVEX=I EXTBAN=,m MAXLIST=beI:" IRC_STR(IRC_MAXLIST) \
	" STATUSMSG=@+"

/* --- Numeric replies -------------------------------------------------------
 * Each has its number and the format of the parameters after the client's
 * nick, as printf arguments; a ':' starts the trailing parameter.
 */
#define RPL_WELCOME		"001"	/* :Welcome to the NETWORK network, NICK!USER@HOST */
#define RPL_WELCOME_FMT		":Welcome to the %s network, %s"
#define RPL_YOURHOST		"002"
#define RPL_YOURHOST_FMT	":Your host is %s, running version %s"
#define RPL_CREATED		"003"
#define RPL_CREATED_FMT		":This server was created %s"
#define RPL_MYINFO		"004"	/* SERVERNAME VERSION USERMODES CHANMODES CHANMODES-WITH-PARAM */
#define RPL_MYINFO_FMT		"%s %s Biow beIiklmnostv beIklov"
#define RPL_ISUPPORT		"005"
#define RPL_ISUPPORT_FMT	"%s :are supported by this server"

#define RPL_UMODEIS		"221"
#define RPL_UMODEIS_FMT		"%s"
#define RPL_LUSERCLIENT		"251"
#define RPL_LUSERCLIENT_FMT	":There are %zu users and %zu invisible on 1 servers"
#define RPL_LUSEROP		"252"
#define RPL_LUSEROP_FMT		"%zu :operator(s) online"
#define RPL_LUSERUNKNOWN	"253"
#define RPL_LUSERUNKNOWN_FMT	"%zu :unknown connection(s)"
#define RPL_LUSERCHANNELS	"254"
#define RPL_LUSERCHANNELS_FMT	"%zu :channels formed"
#define RPL_LUSERME		"255"
#define RPL_LUSERME_FMT		":I have %zu clients and 0 servers"
#define RPL_LOCALUSERS		"265"
#define RPL_LOCALUSERS_FMT	"%zu %zu :Current local users %zu, max %zu"
#define RPL_GLOBALUSERS		"266"
#define RPL_GLOBALUSERS_FMT	"%zu %zu :Current global users %zu, max %zu"
#define RPL_AWAY		"301"
#define RPL_AWAY_FMT		"%s :%s"
#define RPL_USERHOST		"302"
#define RPL_USERHOST_FMT	":%s"
#define RPL_ISON		"303"
#define RPL_ISON_FMT		":%s"
#define RPL_UNAWAY		"305"
#define RPL_UNAWAY_FMT		":You are no longer marked as being away"
#define RPL_NOWAWAY		"306"
#define RPL_NOWAWAY_FMT		":You have been marked as being away"
#define RPL_WHOISCERTFP		"276"	/* nick :has client certificate fingerprint FP */
#define RPL_WHOISCERTFP_FMT	"%s :has client certificate fingerprint %s"
#define RPL_WHOISSECURE		"671"	/* nick :is using a secure connection */
#define RPL_WHOISSECURE_FMT	"%s :is using a secure connection"
#define RPL_WHOISUSER		"311"	/* nick user host * :realname */
#define RPL_WHOISUSER_FMT	"%s %s %s * :%s"
#define RPL_WHOISSERVER		"312"
#define RPL_WHOISSERVER_FMT	"%s %s :%s"
#define RPL_WHOISOPERATOR	"313"
#define RPL_WHOISOPERATOR_FMT	"%s :is an IRC operator"
#define RPL_MONONLINE		"730"	/* :nick!user@host (MONITOR) */
#define RPL_MONOFFLINE		"731"	/* :nick */
#define RPL_MONLIST		"732"	/* :nick[,nick...] */
#define RPL_ENDOFMONLIST	"733"
#define RPL_ENDOFMONLIST_FMT	":End of MONITOR list"
#define ERR_MONLISTFULL		"734"	/* limit targets :Monitor list is full */
#define ERR_MONLISTFULL_FMT	"%d %s%s%s :Monitor list is full"
#define RPL_WHOISBOT		"335"	/* nick :is a bot (user mode +B) */
#define RPL_WHOISBOT_FMT	"%s :is a bot"
#define RPL_WHOSPCRPL		"354"	/* WHOX: the fields asked for */
#define RPL_ENDOFWHO		"315"
#define RPL_ENDOFWHO_FMT	"%s :End of WHO list"
#define RPL_WHOISIDLE		"317"
#define RPL_WHOISIDLE_FMT	"%s %lld %lld :seconds idle, signon time"
#define RPL_ENDOFWHOIS		"318"
#define RPL_ENDOFWHOIS_FMT	"%s :End of /WHOIS list"
#define RPL_WHOWASUSER		"314"	/* nick user host * :realname */
#define RPL_WHOWASUSER_FMT	"%s %s %s * :%s"
#define RPL_ENDOFWHOWAS		"369"
#define RPL_ENDOFWHOWAS_FMT	"%s :End of WHOWAS"
#define RPL_WHOISCHANNELS	"319"
#define RPL_WHOISCHANNELS_FMT	"%s :%s"
#define RPL_LISTSTART		"321"
#define RPL_LISTSTART_FMT	"Channel :Users  Name"
#define RPL_LIST		"322"
#define RPL_LIST_FMT		"%s %zu :%s"
#define RPL_LISTEND		"323"
#define RPL_LISTEND_FMT		":End of /LIST"
#define RPL_CHANNELMODEIS	"324"	/* #room +modes [params] */
#define RPL_CHANNELMODEIS_FMT	"%s %s"
#define RPL_CREATIONTIME	"329"
#define RPL_CREATIONTIME_FMT	"%s %lld"
#define RPL_VERSION		"351"
#define RPL_VERSION_FMT		"%s %s :%s"
#define RPL_WHOREPLY		"352"	/* room user host server nick H|G[*][@] :0 realname */
#define RPL_WHOREPLY_FMT	"%s %s %s %s %s %s :0 %s"
#define RPL_YOUREOPER		"381"
#define RPL_YOUREOPER_FMT	":You are now an IRC operator"
#define RPL_TIME		"391"
#define RPL_TIME_FMT		"%s :%s"
#define RPL_NOTOPIC		"331"
#define RPL_NOTOPIC_FMT		"%s :No topic is set"
#define RPL_TOPIC		"332"
#define RPL_TOPIC_FMT		"%s :%s"
#define RPL_TOPICWHOTIME	"333"
#define RPL_TOPICWHOTIME_FMT	"%s %s %lld"
#define RPL_NAMREPLY		"353"	/* "= #room :nick nick ...", '@' for a secret room */
#define RPL_NAMREPLY_FMT	"%c %s :%s"
#define RPL_ENDOFNAMES		"366"
#define RPL_ENDOFNAMES_FMT	"%s :End of /NAMES list"
#define RPL_MOTD		"372"
#define RPL_MOTD_FMT		":- %s"
#define RPL_MOTDSTART		"375"
#define RPL_MOTDSTART_FMT	":- %s Message of the day -"
#define RPL_ENDOFMOTD		"376"
#define RPL_ENDOFMOTD_FMT	":End of /MOTD command"

#define ERR_NOSUCHNICK		"401"
#define ERR_NOSUCHNICK_FMT	"%s :No such nick/channel"
#define ERR_NOSUCHCHANNEL	"403"
#define ERR_NOSUCHCHANNEL_FMT	"%s :No such channel"
#define ERR_CANNOTSENDTOCHAN	"404"
#define ERR_CANNOTSENDTOCHAN_FMT "%s :Cannot send to channel (you are not in it)"
#define ERR_TOOMANYCHANNELS	"405"
#define ERR_TOOMANYCHANNELS_FMT	"%s :You have joined too many channels"
/* The same numeric when the server holds --max-rooms rooms already. */
#define ERR_TOOMANYCHANNELS_SERVER_FMT "%s :Too many rooms on this server"
#define ERR_TOOMANYTARGETS	"407"
#define ERR_TOOMANYTARGETS_FMT	"%s :Too many targets"
#define ERR_NOORIGIN		"409"
#define ERR_NOORIGIN_FMT	":No origin specified"
#define ERR_NORECIPIENT		"411"
#define ERR_NORECIPIENT_FMT	":No recipient given (%s)"
#define ERR_NOTEXTTOSEND	"412"
#define ERR_NOTEXTTOSEND_FMT	":No text to send"
#define ERR_INPUTTOOLONG	"417"
#define ERR_INPUTTOOLONG_FMT	":Input line was too long"
#define ERR_UNKNOWNCOMMAND	"421"
#define ERR_UNKNOWNCOMMAND_FMT	"%s :Unknown command"
#define ERR_NOMOTD		"422"
#define ERR_NOMOTD_FMT		":MOTD File is missing"
#define ERR_WASNOSUCHNICK	"406"
#define ERR_WASNOSUCHNICK_FMT	"%s :There was no such nickname"
#define ERR_NONICKNAMEGIVEN	"431"
#define ERR_NONICKNAMEGIVEN_FMT	":No nickname given"
#define ERR_ERRONEUSNICKNAME	"432"
#define ERR_ERRONEUSNICKNAME_FMT "%s :Erroneous nickname"
#define ERR_NICKNAMEINUSE	"433"
#define ERR_NICKNAMEINUSE_FMT	"%s :Nickname is already in use"
#define ERR_NOTONCHANNEL	"442"
#define ERR_NOTONCHANNEL_FMT	"%s :You're not on that channel"
#define ERR_USERNOTINCHANNEL	"441"
#define ERR_USERNOTINCHANNEL_FMT "%s %s :They aren't on that channel"
#define ERR_NOTREGISTERED	"451"
#define ERR_NOTREGISTERED_FMT	":You have not registered"
#define ERR_NEEDMOREPARAMS	"461"
#define ERR_NEEDMOREPARAMS_FMT	"%s :Not enough parameters"
#define ERR_ALREADYREGISTERED	"462"
#define ERR_ALREADYREGISTERED_FMT ":You may not reregister"
#define ERR_PASSWDMISMATCH	"464"
#define ERR_PASSWDMISMATCH_FMT	":Password incorrect"
#define ERR_CHANNELISFULL	"471"
#define ERR_CHANNELISFULL_FMT	"%s :Cannot join channel (+l)"
#define ERR_UNKNOWNMODE		"472"
#define ERR_UNKNOWNMODE_FMT	"%c :is an unknown mode char to me"
#define ERR_BADCHANNELKEY	"475"
#define ERR_BADCHANNELKEY_FMT	"%s :Cannot join channel (+k)"
/* Invites, mask lists, voice and moderation: what a room owner uses. */
#define ERR_INVITEONLYCHAN	"473"
#define ERR_INVITEONLYCHAN_FMT	"%s :Cannot join channel (+i)"
#define ERR_BANNEDFROMCHAN	"474"
#define ERR_BANNEDFROMCHAN_FMT	"%s :Cannot join channel (+b)"
#define ERR_BANLISTFULL		"478"	/* #room letter :why */
#define ERR_BANLISTFULL_FMT	"%s %c :Channel list is full"
#define ERR_USERONCHANNEL	"443"
#define ERR_USERONCHANNEL_FMT	"%s %s :is already on channel"
#define ERR_BANNICKCHANGE	"435"	/* as ratbox, charybdis and solanum say it */
#define ERR_BANNICKCHANGE_FMT	"%s :Cannot change nickname while banned on channel"
#define ERR_CANNOTSENDTOCHAN_BANNED_FMT "%s :Cannot send to channel (you are banned)"
#define ERR_CANNOTSENDTOCHAN_MODERATED_FMT "%s :Cannot send to channel (+m)"
#define RPL_INVITING		"341"	/* nick #room */
#define RPL_INVITING_FMT	"%s %s"
#define RPL_INVITED		"345"	/* to the room's operators: #room invitee inviter :text */
#define RPL_INVITED_FMT		"%s %s %s :%s has been invited by %s"
#define RPL_INVITELIST		"336"	/* INVITE alone: each room you are invited to */
#define RPL_INVITELIST_FMT	"%s"
#define RPL_ENDOFINVITELIST	"337"
#define RPL_ENDOFINVITELIST_FMT	":End of /INVITE list"
#define RPL_BANLIST		"367"	/* #room mask setter time */
#define RPL_ENDOFBANLIST	"368"
#define RPL_ENDOFBANLIST_FMT	"%s :End of channel ban list"
#define RPL_EXCEPTLIST		"348"
#define RPL_ENDOFEXCEPTLIST	"349"
#define RPL_ENDOFEXCEPTLIST_FMT	"%s :End of channel exception list"
#define RPL_INVEXLIST		"346"
#define RPL_ENDOFINVEXLIST	"347"
#define RPL_ENDOFINVEXLIST_FMT	"%s :End of channel invite exception list"
/* One entry of any of the three lists. */
#define RPL_MASKLIST_FMT	"%s %s %s %lld"
#define RPL_LINKS		"364"	/* mask server :hops info */
#define RPL_LINKS_FMT		"%s %s :0 %s"
#define RPL_ENDOFLINKS		"365"
#define RPL_ENDOFLINKS_FMT	"%s :End of /LINKS list"
#define RPL_INFO		"371"
#define RPL_INFO_FMT		":%s"
#define RPL_ENDOFINFO		"374"
#define RPL_ENDOFINFO_FMT	":End of /INFO list"
#define RPL_STATSUPTIME		"242"
#define RPL_STATSUPTIME_FMT	":Server Up %lld days %lld:%02lld:%02lld"
#define RPL_ENDOFSTATS		"219"
#define RPL_ENDOFSTATS_FMT	"%s :End of /STATS report"
#define ERR_NOSUCHSERVER	"402"
#define ERR_NOSUCHSERVER_FMT	"%s :No such server"
#define RPL_HELPSTART		"704"	/* subject :first line */
#define RPL_HELPTXT		"705"
#define RPL_ENDOFHELP		"706"
#define RPL_HELP_FMT		"%s :%s"
#define ERR_HELPNOTFOUND	"524"
#define ERR_HELPNOTFOUND_FMT	"%s :No help available on this topic"
#define ERR_NOPRIVILEGES	"481"
#define ERR_NOPRIVILEGES_FMT	":Permission Denied- You're not an IRC operator"
#define ERR_CHANOPRIVSNEEDED	"482"
#define ERR_CHANOPRIVSNEEDED_FMT "%s :You're not channel operator"
#define ERR_NOOPERHOST		"491"
#define ERR_NOOPERHOST_FMT	":No O-lines for your host"
#define ERR_UMODEUNKNOWNFLAG	"501"
#define ERR_UMODEUNKNOWNFLAG_FMT ":Unknown MODE flag"
#define ERR_USERSDONTMATCH	"502"
#define ERR_USERSDONTMATCH_FMT	":Can't change mode for other users"
#define ERR_INVALIDKEY		"525"
#define ERR_INVALIDKEY_FMT	"%s :Key is not well-formed"
#define ERR_INVALIDMODEPARAM	"696"	/* target mode param :why */
#define ERR_INVALIDMODEPARAM_FMT "%s %c %s :%s"
#define ERR_BADCHANMASK		"476"
#define ERR_BADCHANMASK_FMT	"%s :Bad channel name"
#define ERR_INVALIDCAPCMD	"410"
#define ERR_INVALIDCAPCMD_FMT	"%s :Invalid CAP subcommand"
/* 410 for CAP REQ without a list of capabilities. */
#define ERR_INVALIDCAPCMD_REQ_FMT "%s :CAP REQ needs a list of capabilities"

/* --- SASL (IRCv3 sasl) -----------------------------------------------------
 * natterd does not offer SASL; natter reads these from servers that do:
 * 900 logged in, 902 nick locked, 903 success, 904 failed, 905 too long,
 * 906 aborted, 907 already logged in, 908 the mechanisms on offer.
 */
#define RPL_LOGGEDIN		"900"	/* nick!user@host account :text */
#define ERR_NICKLOCKED		"902"	/* :text */
#define RPL_SASLSUCCESS		"903"	/* :text */
#define ERR_SASLFAIL		"904"	/* :text */
#define ERR_SASLTOOLONG		"905"	/* :text */
#define ERR_SASLABORTED		"906"	/* :text */
#define ERR_SASLALREADY		"907"	/* :text */
#define RPL_SASLMECHS		"908"	/* mech,mech :text */

#endif
