#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "kbench.h"

double kb_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Nearest-rank percentile of sorted v. */
static double pct(const double *v, size_t n, double p)
{
	size_t k = (size_t)(p / 100.0 * (double)n + 0.999999);

	if (k == 0)
		k = 1;
	return v[(k > n ? n : k) - 1];
}

void kb_stats_print(const char *name, double *v, size_t n)
{
	static const double ps[] = {50, 90, 99};
	double sum = 0;

	if (n == 0) {
		printf(" %s_n=0", name);
		return;
	}
	qsort(v, n, sizeof(*v), cmp_double);
	for (size_t i = 0; i < n; i++)
		sum += v[i];
	printf(" %s_n=%zu", name, n);
	for (size_t i = 0; i < sizeof(ps) / sizeof(ps[0]); i++)
		printf(" %s_p%.0f_ms=%.3f", name, ps[i], pct(v, n, ps[i]) * 1e3);
	printf(" %s_max_ms=%.3f %s_mean_ms=%.3f", name, v[n - 1] * 1e3, name,
	       sum / (double)n * 1e3);
}

void kb_call_free(struct kb_call *c)
{
	free(c->url);
	free(c->body);
}
