/*
 * What the generator reads about a process from /proc: CPU time, peak
 * and current resident memory, threads, descriptors and memory maps.
 */
#ifndef NATTERLOAD_LOAD_PROC_H
#define NATTERLOAD_LOAD_PROC_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

struct proc_sample {
	bool		ok;
	double		cpu_s;		/* user + system, every thread */
	uint64_t	hwm_kib;	/* VmHWM: peak resident set */
	uint64_t	rss_kib;	/* VmRSS */
	uint64_t	threads;
	uint64_t	fds;		/* entries in /proc/PID/fd */
	uint64_t	maps;		/* lines in /proc/PID/maps; 0 unless asked */
};

/* Read pid's figures; count its memory maps too when with_maps. */
void	proc_sample(pid_t pid, bool with_maps, struct proc_sample *out);
/* This process's own CPU time in seconds (getrusage). */
double	proc_self_cpu(void);

#endif
