/* The latency histogram and the delivery ledger. */
#include <stdlib.h>
#include <string.h>

#include "load_stats.h"
#include "xmalloc.h"

/* The bucket a value falls in. */
static size_t
hist_index(uint64_t v)
{
	unsigned e;

	if (v < HIST_LINEAR)
		return (size_t)v;
	e = 63u - (unsigned)__builtin_clzll(v);	/* 2^e <= v, e >= 6 */
	if (e - 6 >= HIST_OCTAVES)
		return HIST_BUCKETS - 1;
	return HIST_LINEAR + (size_t)(e - 6) * HIST_SUB +
	    (size_t)((v >> (e - 5)) & (HIST_SUB - 1));
}

/* The smallest value of a bucket. */
static uint64_t
hist_floor(size_t i)
{
	size_t e, sub;

	if (i < HIST_LINEAR)
		return i;
	e = (i - HIST_LINEAR) / HIST_SUB + 6;
	sub = (i - HIST_LINEAR) % HIST_SUB;
	return ((uint64_t)1 << e) + ((uint64_t)sub << (e - 5));
}

void
hist_add(struct histogram *h, uint64_t v)
{
	h->count++;
	h->sum += v;
	if (v > h->max)
		h->max = v;
	h->bucket[hist_index(v)]++;
}

uint64_t
hist_quantile(const struct histogram *h, double q)
{
	uint64_t rank, seen = 0, v;
	size_t i;

	if (h->count == 0)
		return 0;
	rank = (uint64_t)(q * (double)h->count);
	if (rank >= h->count)
		rank = h->count - 1;
	for (i = 0; i < HIST_BUCKETS; i++) {
		seen += h->bucket[i];
		if (seen > rank) {
			/* The middle of the bucket, never above the maximum. */
			v = (hist_floor(i) + (i + 1 < HIST_BUCKETS ?
			    hist_floor(i + 1) : hist_floor(i))) / 2;
			if (i < HIST_LINEAR)
				v = hist_floor(i);
			return v < h->max ? v : h->max;
		}
	}
	return h->max;
}

void
ledger_init(struct ledger *lg, uint32_t receivers, uint32_t senders,
    uint32_t msgs)
{
	size_t bits = (size_t)receivers * senders * msgs;

	memset(lg, 0, sizeof *lg);
	lg->receivers = receivers;
	lg->senders = senders;
	lg->msgs = msgs;
	lg->seen = xcalloc(bits / 8 + 1, 1);
	lg->highest = xcalloc((size_t)receivers * senders + 1,
	    sizeof *lg->highest);
}

void
ledger_free(struct ledger *lg)
{
	free(lg->seen);
	free(lg->highest);
}

enum ledger_verdict
ledger_record(struct ledger *lg, uint32_t receiver, uint32_t sender,
    uint32_t seq)
{
	size_t pair, bit;

	if (receiver >= lg->receivers || sender >= lg->senders ||
	    seq >= lg->msgs) {
		lg->bad++;
		return LEDGER_BAD;
	}
	pair = (size_t)receiver * lg->senders + sender;
	bit = pair * lg->msgs + seq;
	if (lg->seen[bit / 8] & (1u << (bit % 8))) {
		lg->duplicated++;
		return LEDGER_DUPLICATE;
	}
	lg->seen[bit / 8] |= (uint8_t)(1u << (bit % 8));
	lg->delivered++;
	if (seq + 1 < lg->highest[pair]) {
		lg->out_of_order++;
		return LEDGER_OUT_OF_ORDER;
	}
	lg->highest[pair] = seq + 1;
	return LEDGER_DELIVERED;
}
