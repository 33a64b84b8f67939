/* Reading a server's figures from /proc. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "load_proc.h"

/* utime + stime from /proc/PID/stat, in seconds; -1 when unreadable. */
static double
proc_cpu(pid_t pid)
{
	char path[64], buf[1024], *p;
	unsigned long long utime, stime;
	FILE *f;
	size_t n;
	int field;

	snprintf(path, sizeof path, "/proc/%ld/stat", (long)pid);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	/* The command name may hold spaces and parentheses: skip past the last ')'. */
	if ((p = strrchr(buf, ')')) == NULL)
		return -1;
	/* p + 2 is field 3 (state); utime and stime are fields 14 and 15. */
	p += 2;
	for (field = 3; field < 14 && p != NULL; field++)
		if ((p = strchr(p, ' ')) != NULL)
			p++;
	if (p == NULL || sscanf(p, "%llu %llu", &utime, &stime) != 2)
		return -1;
	return (double)(utime + stime) / (double)sysconf(_SC_CLK_TCK);
}

/* The figures of /proc/PID/status this program reports. */
static bool
proc_status(pid_t pid, struct proc_sample *out)
{
	char path[64], line[256];
	unsigned long long v;
	FILE *f;

	snprintf(path, sizeof path, "/proc/%ld/status", (long)pid);
	if ((f = fopen(path, "r")) == NULL)
		return false;
	while (fgets(line, sizeof line, f) != NULL) {
		if (sscanf(line, "VmHWM: %llu", &v) == 1)
			out->hwm_kib = v;
		else if (sscanf(line, "VmRSS: %llu", &v) == 1)
			out->rss_kib = v;
		else if (sscanf(line, "Threads: %llu", &v) == 1)
			out->threads = v;
	}
	fclose(f);
	return true;
}

/* Entries in a /proc directory, "." and ".." left out. */
static uint64_t
proc_count_dir(const char *path)
{
	struct dirent *d;
	uint64_t n = 0;
	DIR *dir;

	if ((dir = opendir(path)) == NULL)
		return 0;
	while ((d = readdir(dir)) != NULL)
		if (d->d_name[0] != '.')
			n++;
	closedir(dir);
	return n;
}

/* Lines in a file. */
static uint64_t
proc_count_lines(const char *path)
{
	char buf[65536];
	uint64_t n = 0;
	size_t got, i;
	FILE *f;

	if ((f = fopen(path, "r")) == NULL)
		return 0;
	while ((got = fread(buf, 1, sizeof buf, f)) > 0)
		for (i = 0; i < got; i++)
			n += buf[i] == '\n';
	fclose(f);
	return n;
}

void
proc_sample(pid_t pid, bool with_maps, struct proc_sample *out)
{
	char path[64];

	memset(out, 0, sizeof *out);
	if (pid <= 0)
		return;
	out->cpu_s = proc_cpu(pid);
	if (out->cpu_s < 0 || !proc_status(pid, out))
		return;
	snprintf(path, sizeof path, "/proc/%ld/fd", (long)pid);
	out->fds = proc_count_dir(path);
	if (with_maps) {
		snprintf(path, sizeof path, "/proc/%ld/maps", (long)pid);
		out->maps = proc_count_lines(path);
	}
	out->ok = true;
}

double
proc_self_cpu(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
	    (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}
