/* flags: upstream-style command-line flags (--name=value, --name value, -v=2, bools bare). */
#ifndef KUBE_FLAGS_H
#define KUBE_FLAGS_H

#include <stdio.h>

/* FLAG_FLOAT fills a double; FLAG_DURATION a long of milliseconds from a Go duration ("10s"). */
enum flag_type { FLAG_STRING, FLAG_INT, FLAG_BOOL, FLAG_FLOAT, FLAG_DURATION };

struct flag {
	const char *name; /* without dashes */
	enum flag_type type;
	void *ptr; /* char **, int *, bool *, double * or long * */
	const char *usage;
};

/* Parse argv against a table ending with {0}. Positional arguments are collected into
 * *rest (NULL-terminated, pointing into argv; may be NULL to forbid them). Returns 0, or -1
 * with a one-line message in err. */
int flags_parse(const struct flag *flags, int argc, char **argv, char ***rest, char *err,
		size_t errlen);
void flags_usage(FILE *f, const char *prog, const struct flag *flags);

#endif
