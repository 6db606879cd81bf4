#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cron.h"
#include "ktime.h"
#include "log.h"

/* ---- schedules ---- */

#define STAR_BIT (1ULL << 63)

struct cron_sched {
	uint64_t minute, hour, dom, month, dow;
	int64_t every; /* @every: seconds between runs; 0 for a field schedule */
};

struct bounds {
	int min, max;
	const char *const *names; /* lower-case, indexed from min */
};

static const char *const month_names[] = {"jan", "feb", "mar", "apr", "may", "jun", "jul",
					  "aug", "sep", "oct", "nov", "dec", NULL};
static const char *const dow_names[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat", NULL};

static const struct bounds field_bounds[] = {
    {0, 59, NULL}, {0, 23, NULL}, {1, 31, NULL}, {1, 12, month_names}, {0, 6, dow_names},
};

static uint64_t bits(int lo, int hi, int step)
{
	uint64_t b = 0;

	for (int i = lo; i <= hi; i += step)
		b |= 1ULL << i;
	return b;
}

static int parse_int(const char *s, int *v, char **err)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(s, &end, 10);
	if (!*s || *end || errno || n > 1000000 || n < -1000000) {
		*err = xasprintf("failed to parse int from %s: invalid syntax", s);
		return -1;
	}
	if (n < 0) {
		*err = xasprintf("negative number (%ld) not allowed: %s", n, s);
		return -1;
	}
	*v = (int)n;
	return 0;
}

static int parse_int_or_name(const char *s, const struct bounds *b, int *v, char **err)
{
	for (int i = 0; b->names && b->names[i]; i++) {
		if (!strcasecmp(s, b->names[i])) {
			*v = b->min + i;
			return 0;
		}
	}
	return parse_int(s, v, err);
}

/* One comma-separated part: "*", "?", "n", "a-b", any of these with "/step". */
static int parse_range(const char *expr, const struct bounds *b, uint64_t *out, char **err)
{
	char buf[64], *slash, *dash;
	int lo, hi, step = 1;
	uint64_t extra = 0;
	bool single = false;

	if (strlen(expr) >= sizeof(buf) || !*expr) {
		*err = xasprintf("failed to parse int from %s: invalid syntax", expr);
		return -1;
	}
	strcpy(buf, expr);
	slash = strchr(buf, '/');
	if (slash && strchr(slash + 1, '/')) {
		*err = xasprintf("too many slashes: %s", expr);
		return -1;
	}
	if (slash)
		*slash++ = 0;
	dash = strchr(buf, '-');
	if (dash && strchr(dash + 1, '-')) {
		*err = xasprintf("too many hyphens: %s", expr);
		return -1;
	}
	if (!strcmp(buf, "*") || !strcmp(buf, "?")) {
		lo = b->min;
		hi = b->max;
		extra = STAR_BIT;
	} else {
		if (dash)
			*dash++ = 0;
		if (parse_int_or_name(buf, b, &lo, err))
			return -1;
		if (!dash) {
			hi = lo;
			single = true;
		} else if (parse_int_or_name(dash, b, &hi, err)) {
			return -1;
		}
	}
	if (slash) {
		if (parse_int(slash, &step, err))
			return -1;
		if (single) /* "n/step" means n through the maximum */
			hi = b->max;
		if (step > 1)
			extra = 0;
	}
	if (lo < b->min) {
		*err =
		    xasprintf("beginning of range (%d) below minimum (%d): %s", lo, b->min, expr);
		return -1;
	}
	if (hi > b->max) {
		*err = xasprintf("end of range (%d) above maximum (%d): %s", hi, b->max, expr);
		return -1;
	}
	if (lo > hi) {
		*err =
		    xasprintf("beginning of range (%d) beyond end of range (%d): %s", lo, hi, expr);
		return -1;
	}
	if (step == 0) {
		*err = xasprintf("step of range should be a positive number: %s", expr);
		return -1;
	}
	*out |= bits(lo, hi, step) | extra;
	return 0;
}

static int parse_field(const char *field, const struct bounds *b, uint64_t *out, char **err)
{
	char *copy = xstrdup(field), *save = NULL;
	int rc = 0;

	*out = 0;
	for (char *p = strtok_r(copy, ",", &save); p && !rc; p = strtok_r(NULL, ",", &save))
		rc = parse_range(p, b, out, err);
	if (!rc && !*out) {
		*err = xasprintf("failed to parse int from %s: invalid syntax", field);
		rc = -1;
	}
	free(copy);
	return rc;
}

struct descriptor {
	const char *name;
	const char *fields;
};

static const struct descriptor descriptors[] = {
    {"@yearly", "0 0 1 1 *"}, {"@annually", "0 0 1 1 *"}, {"@monthly", "0 0 1 * *"},
    {"@weekly", "0 0 * * 0"}, {"@daily", "0 0 * * *"},	  {"@midnight", "0 0 * * *"},
    {"@hourly", "0 * * * *"},
};

static int parse_fields(const char *spec, struct cron_sched *s, char **err)
{
	char *copy = xstrdup(spec), *save = NULL, *f[6];
	uint64_t *dst[] = {&s->minute, &s->hour, &s->dom, &s->month, &s->dow};
	int n = 0, rc = 0;

	for (char *p = strtok_r(copy, " \t", &save); p; p = strtok_r(NULL, " \t", &save))
		if (n++ < 6)
			f[n - 1] = p;
	if (n != 5) {
		*err = xasprintf("expected exactly 5 fields, found %d: %s", n, spec);
		rc = -1;
	}
	for (int i = 0; i < 5 && !rc; i++)
		rc = parse_field(f[i], &field_bounds[i], dst[i], err);
	free(copy);
	return rc;
}

static int parse_descriptor(const char *spec, struct cron_sched *s, char **err)
{
	long ms;

	for (size_t i = 0; i < sizeof(descriptors) / sizeof(descriptors[0]); i++)
		if (!strcasecmp(spec, descriptors[i].name))
			return parse_fields(descriptors[i].fields, s, err);
	if (!strncmp(spec, "@every ", 7)) {
		ms = kt_parse_duration_ms(spec + 7);
		if (ms < 0) {
			*err =
			    xasprintf("failed to parse duration %s: time: invalid duration \"%s\"",
				      spec, spec + 7);
			return -1;
		}
		/* robfig rounds below a second up to one and drops sub-second parts. */
		s->every = ms < 1000 ? 1 : ms / 1000;
		return 0;
	}
	*err = xasprintf("unrecognized descriptor: %s", spec);
	return -1;
}

int cron_parse(const char *spec, struct cron_sched **out, char **err)
{
	struct cron_sched *s = xcalloc(1, sizeof(*s));
	int rc;

	*out = NULL;
	while (*spec == ' ' || *spec == '\t')
		spec++;
	if (!*spec) {
		*err = xstrdup("empty spec string");
		rc = -1;
	} else if (!strncmp(spec, "TZ=", 3) || !strncmp(spec, "CRON_TZ=", 8)) {
		*err = xstrdup("cannot use TZ or CRON_TZ in schedule, use timeZone field instead");
		rc = -1;
	} else if (*spec == '@') {
		rc = parse_descriptor(spec, s, err);
	} else {
		rc = parse_fields(spec, s, err);
	}
	if (rc) {
		free(s);
		return -1;
	}
	*out = s;
	return 0;
}

void cron_free(struct cron_sched *s)
{
	free(s);
}

/* ---- civil time ---- */

static int64_t floor_div(int64_t a, int64_t b)
{
	return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

/* Days since 1970-01-01 of a proleptic Gregorian date (month 1..12). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = floor_div(y, 400);
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

struct civil {
	int64_t year;
	int month, day, hour, min, sec, wday;
};

static void civil_from_secs(int64_t t, struct civil *c)
{
	int64_t days = floor_div(t, 86400), rem = t - days * 86400;
	int64_t z = days + 719468, era = floor_div(z, 146097);
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;

	c->day = (int)(doy - (153 * mp + 2) / 5 + 1);
	c->month = (int)(mp < 10 ? mp + 3 : mp - 9);
	c->year = yoe + era * 400 + (c->month <= 2);
	c->hour = (int)(rem / 3600);
	c->min = (int)(rem / 60 % 60);
	c->sec = (int)(rem % 60);
	c->wday = (int)((days % 7 + 11) % 7); /* 1970-01-01 was a Thursday */
}

/* ---- zones ---- */

struct ztype {
	int32_t off;
	bool dst;
};

/* A POSIX TZ rule ("EST5EDT,M3.2.0,M11.1.0") for times past the last transition. */
struct zrule_date {
	char kind; /* 'M', 'J' or 'n' */
	int m, w, d, secs;
};

struct zrule {
	bool valid, has_dst;
	int32_t std, dst; /* seconds east */
	struct zrule_date start, end;
};

struct cron_zone {
	int64_t *trans;
	uint8_t *idx;
	size_t ntrans;
	struct ztype *types;
	size_t ntypes;
	struct zrule rule;
};

static const char *zr_name(const char *p)
{
	if (*p == '<') {
		const char *e = strchr(p, '>');

		return e ? e + 1 : NULL;
	}
	while (isalpha((unsigned char)*p))
		p++;
	return p;
}

/* [+-]hh[:mm[:ss]] in seconds. */
static const char *zr_time(const char *p, int *secs)
{
	int sign = 1, v[3] = {0, 0, 0}, i = 0;

	if (*p == '+' || *p == '-')
		sign = *p++ == '-' ? -1 : 1;
	if (!isdigit((unsigned char)*p))
		return NULL;
	for (;;) {
		while (isdigit((unsigned char)*p))
			v[i] = v[i] * 10 + (*p++ - '0');
		if (*p != ':' || i == 2)
			break;
		p++;
		i++;
	}
	*secs = sign * (v[0] * 3600 + v[1] * 60 + v[2]);
	return p;
}

static const char *zr_date(const char *p, struct zrule_date *d)
{
	d->secs = 7200;
	if (*p == 'M') {
		d->kind = 'M';
		if (sscanf(p + 1, "%d.%d.%d", &d->m, &d->w, &d->d) != 3)
			return NULL;
		p++;
		while (isdigit((unsigned char)*p) || *p == '.')
			p++;
	} else {
		d->kind = *p == 'J' ? 'J' : 'n';
		p += *p == 'J';
		if (!isdigit((unsigned char)*p))
			return NULL;
		d->d = (int)strtol(p, (char **)&p, 10);
	}
	if (*p == '/')
		p = zr_time(p + 1, &d->secs);
	return p;
}

static void zr_parse(const char *s, struct zrule *r)
{
	int secs;
	const char *p = zr_name(s);

	memset(r, 0, sizeof(*r));
	if (!p || p == s || !(p = zr_time(p, &secs)))
		return;
	r->std = r->dst = -secs; /* POSIX offsets count west */
	r->valid = true;
	if (!*p)
		return;
	s = p;
	if (!(p = zr_name(p)) || p == s)
		goto bad;
	r->dst = r->std + 3600;
	if (*p != ',' && *p) {
		if (!(p = zr_time(p, &secs)))
			goto bad;
		r->dst = -secs;
	}
	if (*p != ',' || !(p = zr_date(p + 1, &r->start)) || *p != ',' ||
	    !(p = zr_date(p + 1, &r->end)))
		goto bad;
	r->has_dst = true;
	return;
bad:
	r->valid = false;
}

/* Seconds from the start of the year (local) to the rule's moment. */
static int64_t zr_date_secs(int64_t year, const struct zrule_date *d)
{
	bool leap = (year % 4 == 0 && year % 100) || year % 400 == 0;
	int64_t day;

	switch (d->kind) {
	case 'J': /* 1..365, February 29th never counted */
		day = d->d - 1 + (leap && d->d >= 60);
		break;
	case 'n':
		day = d->d;
		break;
	default: {
		int64_t first = days_from_civil(year, d->m, 1);
		int wday = (int)((first % 7 + 11) % 7);
		int mdays[] = {31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
		int dom = 1 + (d->d - wday + 7) % 7 + (d->w - 1) * 7;

		while (dom > mdays[(d->m - 1) % 12])
			dom -= 7;
		day = first - days_from_civil(year, 1, 1) + dom - 1;
	}
	}
	return day * 86400 + d->secs;
}

/* The offset at t under the rule, and the period [*start, *end) it holds. */
static int32_t zr_lookup(const struct zrule *r, int64_t t, int64_t *start, int64_t *end)
{
	struct civil c;
	int64_t s[3], e[3];

	if (!r->has_dst) {
		*start = INT64_MIN;
		*end = INT64_MAX;
		return r->std;
	}
	civil_from_secs(t + r->std, &c);
	for (int i = 0; i < 3; i++) {
		int64_t y0 = days_from_civil(c.year - 1 + i, 1, 1) * 86400;

		s[i] = y0 + zr_date_secs(c.year - 1 + i, &r->start) - r->std;
		e[i] = y0 + zr_date_secs(c.year - 1 + i, &r->end) - r->dst;
	}
	if (s[1] < e[1]) { /* northern: summer inside the year */
		if (t < s[1]) {
			*start = e[0];
			*end = s[1];
			return r->std;
		}
		if (t < e[1]) {
			*start = s[1];
			*end = e[1];
			return r->dst;
		}
		*start = e[1];
		*end = s[2];
		return r->std;
	}
	if (t < e[1]) {
		*start = s[0];
		*end = e[1];
		return r->dst;
	}
	if (t < s[1]) {
		*start = e[1];
		*end = s[1];
		return r->std;
	}
	*start = s[1];
	*end = e[2];
	return r->dst;
}

/* Go's Location.lookup: the offset at t and the period it holds. */
static int32_t zone_lookup(const struct cron_zone *z, int64_t t, int64_t *start, int64_t *end)
{
	size_t lo = 0, hi;

	*start = INT64_MIN;
	*end = INT64_MAX;
	if (!z || !z->ntypes)
		return 0;
	if (!z->ntrans || t < z->trans[0]) {
		size_t i = 0;

		while (i < z->ntypes && z->types[i].dst)
			i++;
		if (z->ntrans)
			*end = z->trans[0];
		if (!z->ntrans && z->rule.valid)
			return zr_lookup(&z->rule, t, start, end);
		return z->types[i < z->ntypes ? i : 0].off;
	}
	hi = z->ntrans;
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;

		if (t < z->trans[mid])
			hi = mid;
		else
			lo = mid;
	}
	if (lo == z->ntrans - 1 && z->rule.valid) {
		int32_t off = zr_lookup(&z->rule, t, start, end);

		if (*start < z->trans[lo])
			*start = z->trans[lo];
		return off;
	}
	*start = z->trans[lo];
	if (lo + 1 < z->ntrans)
		*end = z->trans[lo + 1];
	return z->types[z->idx[lo]].off;
}

int cron_zone_offset(const struct cron_zone *z, int64_t t)
{
	int64_t s, e;

	return zone_lookup(z, t, &s, &e);
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int64_t be64(const unsigned char *p)
{
	return (int64_t)((uint64_t)be32(p) << 32 | be32(p + 4));
}

/* Parse TZif data; v2+ files are read from their 64-bit section and footer. */
static int zone_parse(const unsigned char *b, size_t len, struct cron_zone *z)
{
	size_t cnt[6], tsize = 4, need, off = 0;
	const unsigned char *p;

	for (int pass = 0; pass < 2; pass++) {
		if (len - off < 44 || memcmp(b + off, "TZif", 4))
			return -1;
		for (int i = 0; i < 6; i++)
			cnt[i] = be32(b + off + 20 + 4 * i);
		/* isutcnt isstdcnt leapcnt timecnt typecnt charcnt */
		need = cnt[3] * tsize + cnt[3] + cnt[4] * 6 + cnt[5] + cnt[2] * (tsize + 4) +
		       cnt[1] + cnt[0];
		if (cnt[3] > 100000 || cnt[4] > 256 || cnt[4] == 0 || len - off - 44 < need)
			return -1;
		if (pass == 0 && b[off + 4] >= '2') {
			off += 44 + need;
			tsize = 8;
			continue;
		}
		break;
	}
	p = b + off + 44;
	z->ntrans = cnt[3];
	z->ntypes = cnt[4];
	z->trans = xcalloc(z->ntrans + 1, sizeof(*z->trans));
	z->idx = xcalloc(z->ntrans + 1, 1);
	z->types = xcalloc(z->ntypes, sizeof(*z->types));
	for (size_t i = 0; i < z->ntrans; i++, p += tsize)
		z->trans[i] = tsize == 8 ? be64(p) : (int32_t)be32(p);
	for (size_t i = 0; i < z->ntrans; i++, p++)
		z->idx[i] = *p < z->ntypes ? *p : 0;
	for (size_t i = 0; i < z->ntypes; i++, p += 6) {
		z->types[i].off = (int32_t)be32(p);
		z->types[i].dst = p[4];
	}
	off += 44 + need;
	if (tsize == 8 && off < len && b[off] == '\n') {
		char footer[128];
		size_t n = 0;

		for (off++; off < len && b[off] != '\n' && n + 1 < sizeof(footer); off++)
			footer[n++] = (char)b[off];
		footer[n] = 0;
		zr_parse(footer, &z->rule);
	}
	return 0;
}

static bool zone_name_ok(const char *name)
{
	if (name[0] == '/' || strstr(name, "..") || strlen(name) > 255)
		return false;
	for (const char *p = name; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("/_-+", *p))
			return false;
	return true;
}

int cron_zone_load(const char *root, const char *name, struct cron_zone **out, char **err)
{
	struct cron_zone *z = xcalloc(1, sizeof(*z));
	unsigned char *buf = NULL;
	char *path = NULL;
	size_t len = 0;
	FILE *f = NULL;
	int rc = -1;

	*out = NULL;
	if (!*name || !strcmp(name, "UTC")) {
		*out = z;
		return 0;
	}
	if (!zone_name_ok(name)) {
		*err = xasprintf("unknown time zone %s", name);
		goto out;
	}
	path = xasprintf("%s/%s", root ? root : "/usr/share/zoneinfo", name);
	if (!(f = fopen(path, "rb"))) {
		*err = xasprintf("unknown time zone %s", name);
		goto out;
	}
	buf = xmalloc(1 << 20);
	len = fread(buf, 1, 1 << 20, f);
	if (zone_parse(buf, len, z)) {
		*err = xasprintf("unknown time zone %s", name);
		goto out;
	}
	*out = z;
	z = NULL;
	rc = 0;
out:
	if (f)
		fclose(f);
	free(buf);
	free(path);
	cron_zone_free(z);
	return rc;
}

void cron_zone_free(struct cron_zone *z)
{
	if (!z)
		return;
	free(z->trans);
	free(z->idx);
	free(z->types);
	free(z);
}

void cron_format(const struct cron_zone *z, int64_t t, char buf[40])
{
	int off = cron_zone_offset(z, t);
	struct civil c;

	civil_from_secs(t + off, &c);
	if (!off) {
		snprintf(buf, 40, "%04lld-%02d-%02dT%02d:%02d:%02dZ", (long long)c.year, c.month,
			 c.day, c.hour, c.min, c.sec);
		return;
	}
	snprintf(buf, 40, "%04lld-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", (long long)c.year, c.month,
		 c.day, c.hour, c.min, c.sec, off < 0 ? '-' : '+', abs(off) / 3600,
		 abs(off) / 60 % 60);
}

/* ---- next activation, as robfig's SpecSchedule.Next on Go's time ---- */

static void local(const struct cron_zone *z, int64_t t, struct civil *c)
{
	civil_from_secs(t + cron_zone_offset(z, t), c);
}

/* Go's time.Date: fields may overflow; a wall time in a gap or overlap resolves as Go does. */
static int64_t go_date(const struct cron_zone *z, int64_t y, int m, int d, int h, int mi, int s)
{
	int64_t m0 = m - 1, unix, start, end;
	int32_t off;

	y += floor_div(m0, 12);
	m0 -= floor_div(m0, 12) * 12;
	unix = (days_from_civil(y, (int)m0 + 1, 1) + d - 1) * 86400 + (int64_t)h * 3600 +
	       (int64_t)mi * 60 + s;
	off = zone_lookup(z, unix, &start, &end);
	if (off) {
		int64_t utc = unix - off;

		if (utc < start || utc >= end)
			off = cron_zone_offset(z, utc);
		unix -= off;
	}
	return unix;
}

static bool day_matches(const struct cron_sched *s, const struct civil *c)
{
	bool dom = s->dom & (1ULL << c->day), dow = s->dow & (1ULL << c->wday);

	if ((s->dom & STAR_BIT) || (s->dow & STAR_BIT))
		return dom && dow;
	return dom || dow;
}

int64_t cron_next(const struct cron_sched *s, const struct cron_zone *z, int64_t t)
{
	struct civil c;
	bool added = false;
	int64_t year_limit;

	if (s->every)
		return t + s->every;
	t += 1;
	local(z, t, &c);
	year_limit = c.year + 5;
wrap:
	local(z, t, &c);
	if (c.year > year_limit)
		return 0;
	while (!(s->month & (1ULL << c.month))) {
		if (!added) {
			added = true;
			t = go_date(z, c.year, c.month, 1, 0, 0, 0);
			local(z, t, &c);
		}
		t = go_date(z, c.year, c.month + 1, c.day, c.hour, c.min, c.sec);
		local(z, t, &c);
		if (c.month == 1)
			goto wrap;
	}
	while (!day_matches(s, &c)) {
		if (!added) {
			added = true;
			t = go_date(z, c.year, c.month, c.day, 0, 0, 0);
			local(z, t, &c);
		}
		t = go_date(z, c.year, c.month, c.day + 1, c.hour, c.min, c.sec);
		local(z, t, &c);
		/* Midnight may have moved by a DST change: back to it. */
		if (c.hour) {
			t += c.hour > 12 ? (int64_t)(24 - c.hour) * 3600 : -(int64_t)c.hour * 3600;
			local(z, t, &c);
		}
		if (c.day == 1)
			goto wrap;
	}
	while (!(s->hour & (1ULL << c.hour))) {
		if (!added) {
			added = true;
			t = go_date(z, c.year, c.month, c.day, c.hour, 0, 0);
		}
		t += 3600;
		local(z, t, &c);
		if (c.hour == 0)
			goto wrap;
	}
	while (!(s->minute & (1ULL << c.min))) {
		if (!added) {
			added = true;
			t -= (t % 60 + 60) % 60;
		}
		t += 60;
		local(z, t, &c);
		if (c.min == 0)
			goto wrap;
	}
	/* Seconds are always 0 in the standard format: reaching :00 checks everything again. */
	if (c.sec) {
		added = true;
		t += 60 - c.sec;
		goto wrap;
	}
	return t;
}
