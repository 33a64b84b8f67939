/*
 * The generator's figures: a latency histogram and the delivery ledger
 * that tells delivered from duplicated, out of order and lost.
 */
#ifndef NATTERLOAD_LOAD_STATS_H
#define NATTERLOAD_LOAD_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Log-linear buckets: exact below 64, then 32 per power of two (about 3%
 * wide), up to 2^40.  Values are in whatever unit the caller uses (µs).
 */
#define HIST_LINEAR	64
#define HIST_SUB	32
#define HIST_OCTAVES	34
#define HIST_BUCKETS	(HIST_LINEAR + HIST_OCTAVES * HIST_SUB)

struct histogram {
	uint64_t	count;
	uint64_t	sum;
	uint64_t	max;
	uint64_t	bucket[HIST_BUCKETS];
};

void		hist_add(struct histogram *h, uint64_t v);
/* The value below which a fraction q (0..1) of the samples lie. */
uint64_t	hist_quantile(const struct histogram *h, double q);

/*
 * What every receiver got from every sender: a bitmap of the sequence
 * numbers seen and the highest one, per (receiver, sender).
 */
struct ledger {
	uint32_t	 receivers, senders, msgs;
	uint8_t		*seen;		/* receivers * senders * msgs bits */
	uint32_t	*highest;	/* receivers * senders, seq + 1; 0: none */
	uint64_t	 delivered, duplicated, out_of_order, bad;
};

/* What one delivery was. */
enum ledger_verdict {
	LEDGER_DELIVERED,
	LEDGER_OUT_OF_ORDER,	/* delivered, but after a later seq */
	LEDGER_DUPLICATE,
	LEDGER_BAD,		/* no such sender or seq */
};

void	ledger_init(struct ledger *lg, uint32_t receivers, uint32_t senders,
	    uint32_t msgs);
void	ledger_free(struct ledger *lg);
enum ledger_verdict ledger_record(struct ledger *lg, uint32_t receiver,
	    uint32_t sender, uint32_t seq);

#endif
