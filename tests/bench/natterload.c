/*
 * natterload: the benchmark's load generator (see load.h for the shape).
 * Its options, the phases of a run, and the report.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "load.h"
#include "xmalloc.h"

/* Exit statuses, documented in usage(). */
#define EXIT_CLEAN	0	/* everybody registered, every message once, in order */
#define EXIT_FAULTS	1	/* the run finished, with faults */
#define EXIT_USAGE	2
#define EXIT_SETUP	3

static void
usage(FILE *f)
{
	fputs(
"usage: natterload [options]\n"
"Open N clients to a chat server on a loopback address, put them in one\n"
"room, let S of them send M messages each at R a second, and report what\n"
"every receiver got: delivered, lost, duplicated, out of order, latency.\n"
"\n"
"  -H, --host ADDR        server address, loopback only (default 127.0.0.1)\n"
"  -p, --port PORT        server port (default 6667)\n"
"  -n, --clients N        clients in the room, senders included (default 100)\n"
"  -s, --senders S        clients that send (default 10)\n"
"  -m, --messages M       messages per sender (default 200)\n"
"  -r, --rate R           messages per second per sender (default 20)\n"
"      --slow K           K more clients that join and then never read\n"
"      --no-join          register only, join nothing, send nothing: what\n"
"                         N idle clients cost the server\n"
"      --size BYTES       message text length (default 80)\n"
"      --proto irc|line   IRC (default), or plain lines for ncat --chat\n"
"      --window W         connections the server has not answered yet, at\n"
"                         most (default 8: below a listen backlog of 10)\n"
"      --quickack         set TCP_QUICKACK after every read\n"
"      --tls              speak TLS (GnuTLS; the server's certificate is not\n"
"                         checked): each handshake is made as the\n"
"                         connection opens\n"
"      --server-pid PID   report this process's CPU, peak RSS, threads\n"
"      --label NAME       the server's name in the report\n"
"      --reg-timeout S    seconds to register and join everybody (60)\n"
"      --settle-quiet S   seconds without traffic that mean settled (0.5)\n"
"      --settle-timeout S seconds to wait for that (60)\n"
"      --drain-timeout S  seconds to wait for the next delivery after the\n"
"                         last send (10); lost is what never came\n"
"      --deadline S       hard cap for the whole run (300)\n"
"      --json             also print the figures as one JSON line\n"
"  -v, --verbose          say when each phase ends\n"
"  -h, --help             show this help\n"
"\n"
"Exit status: 0 everybody registered and every message was delivered once\n"
"and in order; 1 the run had faults; 2 usage; 3 could not set up.\n", f);
}

/* A number option in [lo, hi], or a usage error. */
static double
opt_number(const char *name, const char *s, double lo, double hi)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno != 0 || end == s || *end != '\0' || v < lo || v > hi) {
		fprintf(stderr, "natterload: bad %s: %s (%g to %g)\n", name, s,
		    lo, hi);
		exit(EXIT_USAGE);
	}
	return v;
}

/* Parse the command line into o. */
static void
load_parse_options(struct load_opts *o, int argc, char **argv)
{
	enum {
		OPT_SLOW = 256, OPT_SIZE, OPT_PROTO, OPT_WINDOW, OPT_QUICKACK,
		OPT_PID, OPT_LABEL, OPT_REG, OPT_QUIET, OPT_SETTLE, OPT_DRAIN,
		OPT_DEADLINE, OPT_JSON, OPT_NO_JOIN, OPT_TLS,
	};
	static const struct option longopts[] = {
		{ "host", required_argument, NULL, 'H' },
		{ "port", required_argument, NULL, 'p' },
		{ "clients", required_argument, NULL, 'n' },
		{ "senders", required_argument, NULL, 's' },
		{ "messages", required_argument, NULL, 'm' },
		{ "rate", required_argument, NULL, 'r' },
		{ "slow", required_argument, NULL, OPT_SLOW },
		{ "size", required_argument, NULL, OPT_SIZE },
		{ "proto", required_argument, NULL, OPT_PROTO },
		{ "window", required_argument, NULL, OPT_WINDOW },
		{ "quickack", no_argument, NULL, OPT_QUICKACK },
		{ "server-pid", required_argument, NULL, OPT_PID },
		{ "label", required_argument, NULL, OPT_LABEL },
		{ "reg-timeout", required_argument, NULL, OPT_REG },
		{ "settle-quiet", required_argument, NULL, OPT_QUIET },
		{ "settle-timeout", required_argument, NULL, OPT_SETTLE },
		{ "drain-timeout", required_argument, NULL, OPT_DRAIN },
		{ "deadline", required_argument, NULL, OPT_DEADLINE },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "no-join", no_argument, NULL, OPT_NO_JOIN },
		{ "tls", no_argument, NULL, OPT_TLS },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int ch;

	*o = (struct load_opts){
		.host = "127.0.0.1", .port = "6667", .label = "server",
		.proto = LOAD_IRC, .nconns = 100, .senders = 10, .msgs = 200,
		.rate = 20, .size = 80, .window = 8, .reg_timeout = 60,
		.settle_quiet = 0.5, .settle_timeout = 60, .drain_timeout = 10,
		.deadline = 300,
	};
	while ((ch = getopt_long(argc, argv, "H:p:n:s:m:r:vh", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'H': o->host = optarg; break;
		case 'p': o->port = optarg; break;
		case 'n': o->nconns = (uint32_t)opt_number("clients", optarg, 2, 1e6); break;
		case 's': o->senders = (uint32_t)opt_number("senders", optarg, 0, 1e6); break;
		case 'm': o->msgs = (uint32_t)opt_number("messages", optarg, 0, 1e7); break;
		case 'r': o->rate = opt_number("rate", optarg, 0.01, 1e6); break;
		case OPT_SLOW: o->nslow = (uint32_t)opt_number("slow", optarg, 0, 1e6); break;
		case OPT_SIZE: o->size = (uint32_t)opt_number("size", optarg, 0, 400); break;
		case OPT_WINDOW: o->window = (uint32_t)opt_number("window", optarg, 1, 1e6); break;
		case OPT_QUICKACK: o->quickack = true; break;
		case OPT_PID: o->server_pid = (pid_t)opt_number("server-pid", optarg, 1, 1e9); break;
		case OPT_LABEL: o->label = optarg; break;
		case OPT_REG: o->reg_timeout = opt_number("reg-timeout", optarg, 0.1, 1e5); break;
		case OPT_QUIET: o->settle_quiet = opt_number("settle-quiet", optarg, 0, 1e5); break;
		case OPT_SETTLE: o->settle_timeout = opt_number("settle-timeout", optarg, 0, 1e5); break;
		case OPT_DRAIN: o->drain_timeout = opt_number("drain-timeout", optarg, 0, 1e5); break;
		case OPT_DEADLINE: o->deadline = opt_number("deadline", optarg, 1, 1e6); break;
		case OPT_JSON: o->json = true; break;
		case OPT_NO_JOIN: o->no_join = true; break;
		case OPT_TLS: o->tls = true; break;
		case 'v': o->verbose = true; break;
		case 'h': usage(stdout); exit(EXIT_CLEAN);
		case OPT_PROTO:
			if (strcmp(optarg, "irc") == 0)
				o->proto = LOAD_IRC;
			else if (strcmp(optarg, "line") == 0)
				o->proto = LOAD_LINE;
			else {
				fprintf(stderr, "natterload: --proto is irc or line\n");
				exit(EXIT_USAGE);
			}
			break;
		default:
			usage(stderr);
			exit(EXIT_USAGE);
		}
	}
	if (o->no_join) {
		o->senders = 0;
		o->nslow = 0;
	}
	if (optind != argc || o->senders > o->nconns) {
		usage(stderr);
		exit(EXIT_USAGE);
	}
}

/*
 * The server's address, which must be a loopback one: this program is a
 * load test and never sends anywhere else.
 */
static void
load_set_address(struct load *l)
{
	static struct sockaddr_storage ss;
	struct sockaddr_in *sin = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;
	double port = opt_number("port", l->o.port, 1, 65535);

	memset(&ss, 0, sizeof ss);
	if (inet_pton(AF_INET, l->o.host, &sin->sin_addr) == 1 &&
	    (ntohl(sin->sin_addr.s_addr) >> 24) == 127) {
		sin->sin_family = AF_INET;
		sin->sin_port = htons((uint16_t)port);
		l->addrlen = sizeof *sin;
	} else if (inet_pton(AF_INET6, l->o.host, &sin6->sin6_addr) == 1 &&
	    IN6_IS_ADDR_LOOPBACK(&sin6->sin6_addr)) {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons((uint16_t)port);
		l->addrlen = sizeof *sin6;
	} else {
		fprintf(stderr, "natterload: %s is not a loopback address "
		    "(127.0.0.0/8 or ::1)\n", l->o.host);
		exit(EXIT_USAGE);
	}
	l->addr = &ss;
}

/* Allow this process the descriptors N clients need. */
static void
load_raise_nofile(uint32_t need)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == -1)
		return;
	if (rl.rlim_max != RLIM_INFINITY && rl.rlim_max < need)
		rl.rlim_max = need;	/* works for root, up to fs.nr_open */
	rl.rlim_cur = rl.rlim_max;
	if (setrlimit(RLIMIT_NOFILE, &rl) == -1) {
		getrlimit(RLIMIT_NOFILE, &rl);
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	getrlimit(RLIMIT_NOFILE, &rl);
	if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < need) {
		fprintf(stderr, "natterload: %" PRIu32 " clients need %" PRIu32
		    " descriptors; the limit is %llu (raise ulimit -n)\n",
		    need - 64, need, (unsigned long long)rl.rlim_cur);
		exit(EXIT_SETUP);
	}
}

/* Phase predicates for load_run_until. */
static bool
all_in(struct load *l)
{
	return l->joined + l->dead >= l->o.nconns;
}

static bool
slow_in(struct load *l)
{
	return l->slow_joined + l->slow_dead >= l->o.nslow;
}

static bool
quiet(struct load *l)
{
	return load_now() - l->last_rx >= (int64_t)(l->o.settle_quiet * 1e9);
}

static bool
sent_all(struct load *l)
{
	return !l->sending;
}

/* Messages the receivers should have got, from what was sent. */
static uint64_t
load_expected(const struct load *l)
{
	uint64_t total = 0;
	uint32_t k, receivers;

	for (k = 0; k < l->o.senders; k++) {
		/* Every receiver in the room when sending began, but the sender. */
		receivers = l->receivers0;
		if (l->conns[k].receiver && receivers > 0)
			receivers--;
		total += (uint64_t)l->sent[k] * receivers;
	}
	return total;
}

static bool
all_delivered(struct load *l)
{
	return l->ledger.delivered >= load_expected(l);
}

/* Seconds between two ns times; 0 when either is unset. */
static double
secs(int64_t from, int64_t to)
{
	return from != 0 && to != 0 ? (double)(to - from) / 1e9 : 0;
}

/* The latest of a phase's per-connection times over the first n. */
static int64_t
load_latest(const struct load *l, uint32_t from, uint32_t to, bool joined)
{
	int64_t t = 0, v;
	uint32_t i;

	for (i = from; i < to; i++) {
		v = joined ? l->conns[i].t_joined : l->conns[i].t_registered;
		if (v > t)
			t = v;
	}
	return t;
}

/* The figures of one run, worked out for the report. */
struct load_report {
	int64_t		 t_reg, t_join, t_settled;
	uint32_t	 registered;	/* of the first N, within reg_timeout */
	uint32_t	 in_room;	/* of the first N, within reg_timeout */
	bool		 settled;
	uint64_t	 sent, expected, lost;
	double		 send_s, throughput, offered;
	struct proc_sample srv0, srv1, srv2;	/* start, settled, end */
	double		 gen_cpu_reg, gen_cpu_msg;
};

/* Print the human report. */
static void
load_print(const struct load *l, const struct load_report *r)
{
	const struct load_opts *o = &l->o;
	const struct histogram *h = &l->latency;
	double srv_msg = r->srv2.cpu_s - r->srv1.cpu_s;

	printf("natterload: %s %s N=%" PRIu32 " (+%" PRIu32 " slow) S=%" PRIu32
	    " M=%" PRIu32 " R=%g/s size=%" PRIu32 " window=%" PRIu32
	    " quickack=%s\n", o->label, o->proto == LOAD_IRC ? "irc" : "line",
	    o->nconns, o->nslow, o->senders, o->msgs, o->rate, o->size,
	    o->window, o->quickack ? "yes" : "no");
	printf("  registration  %" PRIu32 "/%" PRIu32 " registered in %.3f s, "
	    "%" PRIu32 " in the room after %.3f s", r->registered,
	    o->nconns, secs(l->t0, r->t_reg), r->in_room,
	    secs(l->t0, r->t_join));
	if (l->joined != r->in_room)
		printf(" (%" PRIu32 " by the end)", l->joined);
	if (o->nslow > 0)
		printf(", %" PRIu32 "/%" PRIu32 " slow ones", l->slow_joined,
		    o->nslow);
	printf("; %s after %.3f s more\n", r->settled ? "settled" :
	    "NOT settled", secs(r->t_join, r->t_settled));
	printf("  deliveries    %" PRIu64 "/%" PRIu64 " delivered, %" PRIu64
	    " lost, %" PRIu64 " duplicated, %" PRIu64 " out of order, %" PRIu64
	    " bad; %" PRIu64 " sent\n", l->ledger.delivered, r->expected,
	    r->lost, l->ledger.duplicated, l->ledger.out_of_order,
	    l->ledger.bad, r->sent);
	printf("  latency       p50 %" PRIu64 " us, p90 %" PRIu64 " us, p99 %"
	    PRIu64 " us, max %" PRIu64 " us, mean %" PRIu64 " us\n",
	    hist_quantile(h, 0.50), hist_quantile(h, 0.90),
	    hist_quantile(h, 0.99), h->max, h->count ? h->sum / h->count : 0);
	printf("  throughput    %.0f deliveries/s over %.2f s (offered %.0f/s);"
	    " send lag max %.1f ms, %" PRIu32 " sends behind a full queue\n",
	    r->throughput, r->send_s, r->offered, l->send_lag_max / 1e6,
	    l->blocked_sends);
	if (r->srv2.ok)
		printf("  server        pid %ld: CPU %.2f s registering, %.2f s "
		    "sending = %.2f us per delivery; peak RSS %.1f MiB; "
		    "threads %" PRIu64 " (peak %" PRIu64 "), fds %" PRIu64
		    " (peak %" PRIu64 "), maps %" PRIu64 "\n",
		    (long)o->server_pid, r->srv1.cpu_s - r->srv0.cpu_s, srv_msg,
		    l->ledger.delivered ? srv_msg * 1e6 /
		    (double)l->ledger.delivered : 0, r->srv2.hwm_kib / 1024.0,
		    r->srv1.threads, l->peak.threads, r->srv1.fds, l->peak.fds,
		    r->srv1.maps);
	else if (o->server_pid > 0)
		printf("  server        pid %ld: gone or unreadable\n",
		    (long)o->server_pid);
	printf("  generator     CPU %.2f s registering, %.2f s sending (%.0f%%"
	    " of one CPU); %" PRIu32 " connect errors, %" PRIu32
	    " closed by the server", r->gen_cpu_reg, r->gen_cpu_msg,
	    r->send_s > 0 ? 100 * r->gen_cpu_msg / r->send_s : 0,
	    l->connect_errors, l->closed_by_server);
	if (l->first_error[0] != '\0')
		printf("; first error: %s", l->first_error);
	printf("\n");
}

/* Print a JSON string (the error text may hold anything). */
static void
json_string(const char *s)
{
	putchar('"');
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			printf("\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			printf("\\u%04x", (unsigned char)*s);
		else
			putchar(*s);
	}
	putchar('"');
}

/* Print the figures as one JSON object on a line starting "JSON ". */
static void
load_print_json(const struct load *l, const struct load_report *r)
{
	const struct load_opts *o = &l->o;
	const struct histogram *h = &l->latency;
	double srv_msg = r->srv2.cpu_s - r->srv1.cpu_s;

	printf("JSON {\"label\": ");
	json_string(o->label);
	printf(", \"proto\": \"%s\", \"n\": %" PRIu32 ", \"slow\": %" PRIu32
	    ", \"senders\": %" PRIu32 ", \"msgs\": %" PRIu32 ", \"rate\": %g"
	    ", \"quickack\": %s", o->proto == LOAD_IRC ? "irc" : "line",
	    o->nconns, o->nslow, o->senders, o->msgs, o->rate,
	    o->quickack ? "true" : "false");
	printf(", \"registered\": %" PRIu32 ", \"in_room\": %" PRIu32,
	    r->registered, r->in_room);
	printf(", \"joined\": %" PRIu32 ", \"slow_joined\": %" PRIu32
	    ", \"reg_s\": %.3f, \"join_s\": %.3f, \"settled\": %s"
	    ", \"settle_s\": %.3f", l->joined, l->slow_joined,
	    secs(l->t0, r->t_reg), secs(l->t0, r->t_join),
	    r->settled ? "true" : "false", secs(r->t_join, r->t_settled));
	printf(", \"sent\": %" PRIu64 ", \"expected\": %" PRIu64
	    ", \"delivered\": %" PRIu64 ", \"lost\": %" PRIu64
	    ", \"duplicated\": %" PRIu64 ", \"out_of_order\": %" PRIu64
	    ", \"bad\": %" PRIu64, r->sent, r->expected, l->ledger.delivered,
	    r->lost, l->ledger.duplicated, l->ledger.out_of_order,
	    l->ledger.bad);
	printf(", \"p50_us\": %" PRIu64 ", \"p90_us\": %" PRIu64
	    ", \"p99_us\": %" PRIu64 ", \"max_us\": %" PRIu64,
	    hist_quantile(h, 0.50), hist_quantile(h, 0.90),
	    hist_quantile(h, 0.99), h->max);
	printf(", \"throughput\": %.1f, \"offered\": %.1f, \"send_s\": %.3f"
	    ", \"send_lag_max_ms\": %.2f, \"blocked_sends\": %" PRIu32,
	    r->throughput, r->offered, r->send_s, l->send_lag_max / 1e6,
	    l->blocked_sends);
	printf(", \"srv_ok\": %s, \"srv_cpu_reg_s\": %.3f, \"srv_cpu_msg_s\": "
	    "%.3f, \"srv_us_per_delivery\": %.3f, \"srv_hwm_kib\": %" PRIu64
	    ", \"srv_threads\": %" PRIu64 ", \"srv_threads_peak\": %" PRIu64
	    ", \"srv_fds\": %" PRIu64 ", \"srv_maps\": %" PRIu64,
	    r->srv2.ok ? "true" : "false", r->srv1.cpu_s - r->srv0.cpu_s,
	    srv_msg, l->ledger.delivered ? srv_msg * 1e6 /
	    (double)l->ledger.delivered : 0, r->srv2.hwm_kib, r->srv1.threads,
	    l->peak.threads, r->srv1.fds, r->srv1.maps);
	printf(", \"gen_cpu_reg_s\": %.3f, \"gen_cpu_msg_s\": %.3f"
	    ", \"connect_errors\": %" PRIu32 ", \"closed_by_server\": %" PRIu32
	    ", \"error\": ", r->gen_cpu_reg, r->gen_cpu_msg, l->connect_errors,
	    l->closed_by_server);
	json_string(l->first_error);
	printf("}\n");
}

/* Say a phase is over, with --verbose. */
static void
load_say(const struct load *l, const char *what)
{
	if (l->o.verbose)
		fprintf(stderr, "natterload: %.3f s: %s (%" PRIu32 " in the room,"
		    " %" PRIu32 " gone)\n", secs(l->t0, load_now()), what,
		    l->joined, l->dead);
}

int
main(int argc, char **argv)
{
	static struct load load;
	struct load *l = &load;
	struct load_report r = { 0 };
	int64_t period, start;
	double cpu;
	uint32_t k;

	load_parse_options(&l->o, argc, argv);
	load_set_address(l);
	l->nall = l->o.nconns + l->o.nslow;
	load_raise_nofile(l->nall + 64);
	load_conn_setup(l);
	setvbuf(stdout, NULL, _IOLBF, 0);

	/* Connect, register and join the N clients. */
	l->t0 = load_now();
	l->hard_end = l->t0 + (int64_t)(l->o.deadline * 1e9);
	proc_sample(l->o.server_pid, false, &r.srv0);
	cpu = proc_self_cpu();
	l->open_limit = l->o.nconns;
	load_run_until(l, all_in, l->t0 + (int64_t)(l->o.reg_timeout * 1e9));
	r.t_reg = load_latest(l, 0, l->o.nconns, false);
	r.t_join = load_latest(l, 0, l->o.nconns, true);
	for (k = 0; k < l->o.nconns; k++)
		r.registered += l->conns[k].t_registered != 0;
	r.in_room = l->joined;
	load_say(l, "registration over");

	/* The slow clients, once the others are in. */
	if (l->o.nslow > 0) {
		l->open_limit = l->nall;
		load_run_until(l, slow_in, load_now() +
		    (int64_t)(l->o.reg_timeout * 1e9));
		load_say(l, "slow clients in");
	}

	/* Wait for the join traffic to settle. */
	r.settled = load_run_until(l, quiet, load_now() +
	    (int64_t)(l->o.settle_timeout * 1e9));
	r.t_settled = load_now();
	load_say(l, r.settled ? "settled" : "not settled");
	proc_sample(l->o.server_pid, true, &r.srv1);
	if (r.srv1.threads > l->peak.threads)
		l->peak.threads = r.srv1.threads;
	if (r.srv1.fds > l->peak.fds)
		l->peak.fds = r.srv1.fds;
	r.gen_cpu_reg = proc_self_cpu() - cpu;

	/* Send, then drain. */
	ledger_init(&l->ledger, l->o.nconns, l->o.senders, l->o.msgs);
	/* The receivers: every client in the room now, and only those. */
	for (k = 0; k < l->o.nconns; k++)
		l->conns[k].receiver = l->conns[k].state == CONN_READY;
	l->receivers0 = l->joined;
	l->next_send = xcalloc(l->o.senders + 1, sizeof *l->next_send);
	l->sent = xcalloc(l->o.senders + 1, sizeof *l->sent);
	period = (int64_t)(1e9 / l->o.rate);
	start = load_now();
	for (k = 0; k < l->o.senders; k++)
		l->next_send[k] = start + period * k / l->o.senders;
	cpu = proc_self_cpu();
	l->sending = l->o.senders > 0 && l->o.msgs > 0;
	load_run_until(l, sent_all, start + period * (l->o.msgs + 1) +
	    (int64_t)(l->o.drain_timeout * 1e9));
	load_say(l, "sent");
	/* Drain while deliveries keep coming; lost is what stalled. */
	for (;;) {
		int64_t last = l->t_last_delivery > l->t_last_send ?
		    l->t_last_delivery : l->t_last_send;
		int64_t until = (last != 0 ? last : load_now()) +
		    (int64_t)(l->o.drain_timeout * 1e9);

		if (load_run_until(l, all_delivered, until) ||
		    load_now() >= l->hard_end || l->t_last_delivery <= last)
			break;
	}
	load_say(l, "drained");
	r.gen_cpu_msg = proc_self_cpu() - cpu;
	proc_sample(l->o.server_pid, false, &r.srv2);

	/* Work out and print the figures. */
	for (k = 0; k < l->o.senders; k++)
		r.sent += l->sent[k];
	r.expected = load_expected(l);
	r.lost = r.expected > l->ledger.delivered ?
	    r.expected - l->ledger.delivered : 0;
	r.send_s = secs(l->t_first_send, l->t_last_delivery > l->t_last_send ?
	    l->t_last_delivery : l->t_last_send);
	r.throughput = r.send_s > 0 ? l->ledger.delivered / r.send_s : 0;
	r.offered = l->o.senders * l->o.rate * (l->receivers0 > 0 ?
	    l->receivers0 - 1 : 0);
	load_print(l, &r);
	if (l->o.json)
		load_print_json(l, &r);
	load_conn_close_all(l);
	if (l->joined < l->o.nconns || r.lost > 0 || l->ledger.duplicated > 0 ||
	    l->ledger.out_of_order > 0 || l->ledger.bad > 0)
		return EXIT_FAULTS;
	return EXIT_CLEAN;
}
