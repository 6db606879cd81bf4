#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "flags.h"
#include "ktime.h"
#include "log.h"

static const struct flag *flag_find(const struct flag *flags, const char *name, size_t n)
{
	for (; flags->name; flags++)
		if (strlen(flags->name) == n && !strncmp(flags->name, name, n))
			return flags;
	return NULL;
}

static int flag_set(const struct flag *f, const char *val, char *err, size_t errlen)
{
	char *end;
	double d;
	long v;

	switch (f->type) {
	case FLAG_STRING:
		*(char **)f->ptr = (char *)val;
		return 0;
	case FLAG_INT:
		errno = 0;
		v = strtol(val, &end, 10);
		if (errno || !*val || *end || v < -2147483647L || v > 2147483647L)
			break;
		*(int *)f->ptr = (int)v;
		return 0;
	case FLAG_FLOAT:
		errno = 0;
		d = strtod(val, &end);
		if (errno || !*val || *end)
			break;
		*(double *)f->ptr = d;
		return 0;
	case FLAG_DURATION:
		v = kt_parse_duration_ms(val);
		if (v < 0)
			break;
		*(long *)f->ptr = v;
		return 0;
	case FLAG_BOOL:
		if (!strcmp(val, "true") || !strcmp(val, "1") || !strcmp(val, "t")) {
			*(bool *)f->ptr = true;
			return 0;
		}
		if (!strcmp(val, "false") || !strcmp(val, "0") || !strcmp(val, "f")) {
			*(bool *)f->ptr = false;
			return 0;
		}
		break;
	}
	snprintf(err, errlen, "invalid argument \"%s\" for \"--%s\" flag", val, f->name);
	return -1;
}

int flags_parse(const struct flag *flags, int argc, char **argv, char ***rest, char *err,
		size_t errlen)
{
	int nrest = 0;

	if (rest)
		*rest = xcalloc((size_t)argc + 1, sizeof(char *));
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *name, *eq;
		const struct flag *f;

		if (a[0] != '-' || !a[1]) {
			if (!rest) {
				snprintf(err, errlen, "unexpected argument \"%s\"", a);
				return -1;
			}
			(*rest)[nrest++] = argv[i];
			continue;
		}
		name = a + (a[1] == '-' ? 2 : 1);
		eq = strchr(name, '=');
		f = flag_find(flags, name, eq ? (size_t)(eq - name) : strlen(name));
		if (!f) {
			snprintf(err, errlen, "unknown flag: %s", a);
			return -1;
		}
		if (eq) {
			if (flag_set(f, eq + 1, err, errlen))
				return -1;
		} else if (f->type == FLAG_BOOL) {
			*(bool *)f->ptr = true;
		} else if (i + 1 < argc) {
			if (flag_set(f, argv[++i], err, errlen))
				return -1;
		} else {
			snprintf(err, errlen, "flag needs an argument: %s", a);
			return -1;
		}
	}
	return 0;
}

static const char *const flag_type_names[] = {[FLAG_STRING] = "string",
					      [FLAG_INT] = "int",
					      [FLAG_BOOL] = "",
					      [FLAG_FLOAT] = "float",
					      [FLAG_DURATION] = "duration"};

void flags_usage(FILE *out, const char *prog, const struct flag *flags)
{
	fprintf(out, "Usage of %s:\n", prog);
	for (; flags->name; flags++)
		fprintf(out, "      --%s %s\n            %s\n", flags->name,
			flag_type_names[flags->type], flags->usage);
}
