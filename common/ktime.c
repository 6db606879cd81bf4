#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ktime.h"
#include "log.h"

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Exactly n digits into *out, within [lo, hi]. */
static bool fixed(const char **p, int n, int lo, int hi, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		char c = (*p)[i];
		if (c < '0' || c > '9')
			return false;
		v = v * 10 + (c - '0');
	}
	if (v < lo || v > hi)
		return false;
	*p += n;
	*out = v;
	return true;
}

static bool expect(const char **p, char c)
{
	if (**p != c)
		return false;
	(*p)++;
	return true;
}

/* ".123456789..." : digits beyond nanoseconds are accepted and dropped, as Go does. */
static bool fraction(const char **p, long *nsec)
{
	long scale = 100000000;
	const char *s = *p;

	*nsec = 0;
	if (*s != '.' && *s != ',')
		return true;
	s++;
	if (*s < '0' || *s > '9')
		return false;
	for (; *s >= '0' && *s <= '9'; s++) {
		*nsec += (*s - '0') * scale;
		scale /= 10;
	}
	*p = s;
	return true;
}

static bool zone(const char **p, int *offset)
{
	int hh, mm;
	int sign;

	*offset = 0;
	if (**p == 'Z') {
		(*p)++;
		return true;
	}
	if (**p != '+' && **p != '-')
		return false;
	sign = **p == '-' ? -1 : 1;
	(*p)++;
	if (!fixed(p, 2, 0, 23, &hh) || !expect(p, ':') || !fixed(p, 2, 0, 59, &mm))
		return false;
	*offset = sign * (hh * 3600 + mm * 60);
	return true;
}

int kt_parse(const char *s, struct timespec *ts)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int y, mo, d, h, mi, sec, off;
	long nsec;
	const char *p = s;

	if (!s || !fixed(&p, 4, 0, 9999, &y) || !expect(&p, '-') || !fixed(&p, 2, 1, 12, &mo) ||
	    !expect(&p, '-') || !fixed(&p, 2, 1, 31, &d) || !expect(&p, 'T') ||
	    !fixed(&p, 2, 0, 23, &h) || !expect(&p, ':') || !fixed(&p, 2, 0, 59, &mi) ||
	    !expect(&p, ':') || !fixed(&p, 2, 0, 59, &sec) || !fraction(&p, &nsec) ||
	    !zone(&p, &off) || *p)
		return -1;
	if (d > mdays[mo - 1] + (mo == 2 && leap(y)))
		return -1;
	ts->tv_sec = (time_t)(days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec - off);
	ts->tv_nsec = nsec;
	return 0;
}

void kt_format(time_t t, char buf[32])
{
	struct tm tm;
	char tmp[96];

	if (!gmtime_r(&t, &tm)) {
		snprintf(buf, 32, "0001-01-01T00:00:00Z");
		return;
	}
	snprintf(tmp, sizeof(tmp), "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900,
		 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
	tmp[31] = 0; /* years past 9999 only */
	memcpy(buf, tmp, strlen(tmp) + 1);
}

void kt_format_micro(const struct timespec *ts, char buf[40])
{
	struct timespec t = *ts;
	char base[32];

	/* Normalise so the fraction is within [0, 1s) and truncates toward the past. */
	t.tv_sec += t.tv_nsec / 1000000000;
	t.tv_nsec %= 1000000000;
	if (t.tv_nsec < 0) {
		t.tv_nsec += 1000000000;
		t.tv_sec--;
	}
	kt_format(t.tv_sec, base);
	base[strlen(base) - 1] = 0; /* the Z goes after the fraction */
	snprintf(buf, 40, "%.24s.%06ldZ", base, t.tv_nsec / 1000);
}

void kt_now(struct timespec *ts)
{
	clock_gettime(CLOCK_REALTIME, ts);
}

char *kt_human_duration(double seconds, char buf[32])
{
	long long s, m, h, d;

	/* A Go Duration saturates at about 292 years of nanoseconds; conversion truncates. */
	if (seconds != seconds || seconds > 9223372036.0)
		seconds = 9223372036.0;
	if (seconds < -9223372036.0)
		seconds = -9223372036.0;
	s = (long long)seconds;
	if (s < -1) {
		snprintf(buf, 32, "<invalid>");
		return buf;
	}
	if (s < 0) {
		snprintf(buf, 32, "0s");
		return buf;
	}
	m = s / 60;
	h = s / 3600;
	d = h / 24;
	if (s < 60 * 2)
		snprintf(buf, 32, "%llds", s);
	else if (m < 10 && s % 60)
		snprintf(buf, 32, "%lldm%llds", m, s % 60);
	else if (m < 60 * 3)
		snprintf(buf, 32, "%lldm", m);
	else if (h < 8 && m % 60)
		snprintf(buf, 32, "%lldh%lldm", h, m % 60);
	else if (h < 48)
		snprintf(buf, 32, "%lldh", h);
	else if (h < 24 * 8 && h % 24)
		snprintf(buf, 32, "%lldd%lldh", d, h % 24);
	else if (h < 24 * 365 * 2)
		snprintf(buf, 32, "%lldd", d);
	else if (h < 24 * 365 * 8 && d % 365)
		snprintf(buf, 32, "%lldy%lldd", d / 365, d % 365);
	else
		snprintf(buf, 32, "%lldy", d / 365);
	return buf;
}

/* A string as Go's time package quotes it in errors: bytes outside printable ASCII as \xNN. */
static char *go_quote(const char *s, size_t n)
{
	char *out = xmalloc(4 * n + 3), *o = out;

	*o++ = '"';
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x80 || c < ' ') {
			o += sprintf(o, "\\x%02x", c);
			continue;
		}
		if (c == '"' || c == '\\')
			*o++ = '\\';
		*o++ = (char)c;
	}
	*o++ = '"';
	*o = 0;
	return out;
}

static int go_duration_error(char **err, const char *what, const char *u, size_t ulen,
			     const char *orig)
{
	char *q = go_quote(orig, strlen(orig)), *uq = u ? go_quote(u, ulen) : NULL;

	if (err)
		*err = uq ? xasprintf("time: unknown unit %s in duration %s", uq, q)
			  : xasprintf("time: %s %s", what, q);
	free(q);
	free(uq);
	return -1;
}

static bool digit(char c)
{
	return c >= '0' && c <= '9';
}

int kt_go_duration(const char *orig, double *secs, char **err)
{
	static const struct {
		const char *unit;
		double secs;
	} units[] = {{"ns", 1e-9}, {"us", 1e-6}, {"\xc2\xb5s", 1e-6}, {"\xce\xbcs", 1e-6},
		     {"ms", 1e-3}, {"s", 1},	 {"m", 60},	      {"h", 3600}};
	const char *s = orig;
	double total = 0;
	bool neg = false;

	if (*s == '-' || *s == '+')
		neg = *s++ == '-';
	if (!strcmp(s, "0")) {
		*secs = 0;
		return 0;
	}
	if (!*s)
		return go_duration_error(err, "invalid duration", NULL, 0, orig);
	while (*s) {
		const char *start = s, *u;
		double v = 0, scale = 1;
		bool pre, post = false;
		size_t i, n = sizeof(units) / sizeof(units[0]);

		if (*s != '.' && !digit(*s))
			return go_duration_error(err, "invalid duration", NULL, 0, orig);
		for (; digit(*s); s++)
			v = v * 10 + (*s - '0');
		pre = s != start;
		if (*s == '.') {
			const char *frac = ++s;
			for (; digit(*s); s++)
				v += (*s - '0') * (scale /= 10);
			post = s != frac;
		}
		if (!pre && !post)
			return go_duration_error(err, "invalid duration", NULL, 0, orig);
		for (u = s; *s && *s != '.' && !digit(*s); s++)
			;
		if (s == u)
			return go_duration_error(err, "missing unit in duration", NULL, 0, orig);
		for (i = 0; i < n; i++)
			if (strlen(units[i].unit) == (size_t)(s - u) &&
			    !memcmp(units[i].unit, u, (size_t)(s - u)))
				break;
		if (i == n)
			return go_duration_error(err, NULL, u, (size_t)(s - u), orig);
		total += v * units[i].secs;
		/* Go counts nanoseconds in an int64. */
		if (total > 9223372036.854775807)
			return go_duration_error(err, "invalid duration", NULL, 0, orig);
	}
	*secs = neg ? -total : total;
	return 0;
}

long kt_parse_duration_ms(const char *s)
{
	double secs;

	if (!s || kt_go_duration(s, &secs, NULL) || secs < 0 || secs >= 1e12)
		return -1;
	return (long)(secs * 1000 + 0.5);
}
