/* Wake words: futexes on Linux, condition variables elsewhere. */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>

#include "wake_word.h"

#ifdef HAVE_FUTEX

#include <linux/futex.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/* Linux 6.17's prctl(2) for the process-private futex hash. */
#ifndef PR_FUTEX_HASH
#define PR_FUTEX_HASH			78
#define PR_FUTEX_HASH_SET_SLOTS		1
#endif

/* -1: not asked yet; then whether the kernel has futex_waitv (5.16+). */
static int wake_word_waitv = -1;

bool
wake_word_pairs(void)
{
	int known = __atomic_load_n(&wake_word_waitv, __ATOMIC_RELAXED);

	if (known == -1) {
		known = syscall(SYS_futex_waitv, NULL, 0, 0, NULL,
		    CLOCK_MONOTONIC) == -1 && errno != ENOSYS;
		__atomic_store_n(&wake_word_waitv, known, __ATOMIC_RELAXED);
	}
	return known;
}

void
wake_word_ring(uint32_t *word)
{
	__atomic_add_fetch(word, 1, __ATOMIC_SEQ_CST);
	syscall(SYS_futex, word, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0);
}

void
wake_word_sleep(uint32_t *word, uint32_t seen)
{
	syscall(SYS_futex, word, FUTEX_WAIT_PRIVATE, seen, NULL, NULL, 0);
}

void
wake_word_sleep2(uint32_t *a, uint32_t seen_a, uint32_t *b, uint32_t seen_b)
{
	struct futex_waitv words[2] = {
		{ .uaddr = (uintptr_t)a, .val = seen_a,
		  .flags = FUTEX_32 | FUTEX_PRIVATE_FLAG },
		{ .uaddr = (uintptr_t)b, .val = seen_b,
		  .flags = FUTEX_32 | FUTEX_PRIVATE_FLAG },
	};

	if (wake_word_pairs())
		syscall(SYS_futex_waitv, words, 2, 0, NULL, CLOCK_MONOTONIC);
	else
		wake_word_sleep(a, seen_a);
}

void
wake_word_size(size_t sleepers)
{
	unsigned long slots = 1024;

	while (slots < sleepers && slots < 16384)
		slots *= 2;
	/* Older kernels say EINVAL: they use the large global hash. */
	(void)prctl(PR_FUTEX_HASH, PR_FUTEX_HASH_SET_SLOTS, slots, 0, 0);
}

#else /* the portable path */

/*
 * Words share WAKE_WORD_LOCKS mutex and condition variable pairs by
 * address.  A ring bumps the word under its pair's mutex, so a sleeper
 * that saw the old count under the same mutex is either not asleep yet
 * (and sees the new count) or asleep on the condition (and is woken).
 * Words sharing a pair wake each other for nothing: they look and sleep.
 */
#define WAKE_WORD_LOCKS	1024

static struct wake_word_lock {
	pthread_mutex_t	mutex;
	pthread_cond_t	cond;
} wake_word_locks[WAKE_WORD_LOCKS];
static pthread_once_t wake_word_once = PTHREAD_ONCE_INIT;

static void
wake_word_init(void)
{
	size_t i;

	for (i = 0; i < WAKE_WORD_LOCKS; i++) {
		pthread_mutex_init(&wake_word_locks[i].mutex, NULL);
		pthread_cond_init(&wake_word_locks[i].cond, NULL);
	}
}

static struct wake_word_lock *
wake_word_lock_of(const uint32_t *word)
{
	uintptr_t p = (uintptr_t)word / sizeof *word;

	pthread_once(&wake_word_once, wake_word_init);
	/* Neighbouring words (the hub's slots) get neighbouring pairs. */
	return &wake_word_locks[p % WAKE_WORD_LOCKS];
}

bool
wake_word_pairs(void)
{
	return false;
}

void
wake_word_ring(uint32_t *word)
{
	struct wake_word_lock *l = wake_word_lock_of(word);

	pthread_mutex_lock(&l->mutex);
	__atomic_add_fetch(word, 1, __ATOMIC_SEQ_CST);
	pthread_cond_broadcast(&l->cond);
	pthread_mutex_unlock(&l->mutex);
}

void
wake_word_sleep(uint32_t *word, uint32_t seen)
{
	struct wake_word_lock *l = wake_word_lock_of(word);

	pthread_mutex_lock(&l->mutex);
	while (__atomic_load_n(word, __ATOMIC_SEQ_CST) == seen)
		pthread_cond_wait(&l->cond, &l->mutex);
	pthread_mutex_unlock(&l->mutex);
}

void
wake_word_sleep2(uint32_t *a, uint32_t seen_a, uint32_t *b, uint32_t seen_b)
{
	(void)b;
	(void)seen_b;
	wake_word_sleep(a, seen_a);
}

void
wake_word_size(size_t sleepers)
{
	(void)sleepers;
}

#endif
