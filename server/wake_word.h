/*
 * Wake words: what natterd's writers and the hub's ticker sleep on.
 *
 * A wake word is a 32-bit counter.  Ringing it bumps the count and wakes
 * every thread asleep on it.  A sleeper passes the count it read while it
 * still held the lock that guards its condition (the hub's), so a ring
 * between that read and the sleep is never lost: the word differs, and
 * the sleep returns at once.  Sleeps may also return for no reason; the
 * sleeper looks at its condition again, as with any condition variable.
 *
 * On Linux the words are futex words, and futex_waitv (Linux 5.16+)
 * sleeps on two at once.  Elsewhere, or with ./configure --disable-futex,
 * sleepers wait on condition variables chosen by the word's address: the
 * portable path, which the same tests exercise.
 */
#ifndef NATTER_WAKE_WORD_H
#define NATTER_WAKE_WORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Whether wake_word_sleep2 sleeps on both words (else on the first). */
bool	wake_word_pairs(void);
/* Bump word and wake every thread asleep on it. */
void	wake_word_ring(uint32_t *word);
/* Sleep while word still holds seen. */
void	wake_word_sleep(uint32_t *word, uint32_t seen);
/*
 * Sleep while both words hold what was seen; without wake_word_pairs(),
 * on the first alone.
 */
void	wake_word_sleep2(uint32_t *a, uint32_t seen_a, uint32_t *b,
	    uint32_t seen_b);
/*
 * Size the kernel's futex hash for this many sleepers.  Linux 6.17+
 * gives a process a private hash sized by its CPUs, not its threads (16
 * buckets on two CPUs): with a thousand writers asleep on their own
 * words, every wake-up walked a chain of a hundred.  Does nothing on the
 * portable path.
 */
void	wake_word_size(size_t sleepers);

#endif
