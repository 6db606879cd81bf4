#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "quantity.h"

#define MAX_DIGITS 38
#define NANO_SCALE (-9)
/* Decimal exponents beyond this are refused rather than wrapped as upstream's int32 does. */
#define MAX_EXP 100000

static const qty_mant_t MANT_MAX = (qty_mant_t)((((unsigned __int128)1) << 127) - 1);

struct suffix {
	const char *s;
	int base; /* 10 or 2 */
	int exp;
	enum qty_format fmt;
};

static const struct suffix suffixes[] = {
    {"", 10, 0, QTY_DECIMAL_SI},   {"n", 10, -9, QTY_DECIMAL_SI}, {"u", 10, -6, QTY_DECIMAL_SI},
    {"m", 10, -3, QTY_DECIMAL_SI}, {"k", 10, 3, QTY_DECIMAL_SI},  {"M", 10, 6, QTY_DECIMAL_SI},
    {"G", 10, 9, QTY_DECIMAL_SI},  {"T", 10, 12, QTY_DECIMAL_SI}, {"P", 10, 15, QTY_DECIMAL_SI},
    {"E", 10, 18, QTY_DECIMAL_SI}, {"Ki", 2, 10, QTY_BINARY_SI},  {"Mi", 2, 20, QTY_BINARY_SI},
    {"Gi", 2, 30, QTY_BINARY_SI},  {"Ti", 2, 40, QTY_BINARY_SI},  {"Pi", 2, 50, QTY_BINARY_SI},
    {"Ei", 2, 60, QTY_BINARY_SI},
};

#define NSUFFIX (sizeof(suffixes) / sizeof(suffixes[0]))

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Upstream's suffix interpretation: a table entry, or e/E followed by a decimal exponent. */
static int interpret_suffix(const char *s, size_t n, struct suffix *out)
{
	for (size_t i = 0; i < NSUFFIX; i++) {
		if (strlen(suffixes[i].s) == n && !strncmp(suffixes[i].s, s, n)) {
			*out = suffixes[i];
			return 0;
		}
	}
	if (n < 2 || (s[0] != 'e' && s[0] != 'E'))
		return -1;
	size_t i = 1;
	bool neg = false;
	long v = 0;
	if (s[i] == '+' || s[i] == '-')
		neg = s[i++] == '-';
	if (i == n)
		return -1;
	for (; i < n; i++) {
		if (!is_digit(s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
		if (v > MAX_EXP)
			return -1;
	}
	*out = (struct suffix){"", 10, neg ? (int)-v : (int)v, QTY_DECIMAL_EXPONENT};
	return 0;
}

/* Split as upstream's scanner does: [sign] digits [. digits] suffix. */
struct parts {
	bool neg;
	const char *num, *den, *suf;
	size_t nnum, nden, nsuf;
};

static int split(const char *s, struct parts *p)
{
	const char *c = s;

	memset(p, 0, sizeof(*p));
	if (*c == '+' || *c == '-')
		p->neg = *c++ == '-';
	p->num = c;
	while (is_digit(*c))
		c++;
	p->nnum = (size_t)(c - p->num);
	if (*c == '.') {
		p->den = ++c;
		while (is_digit(*c))
			c++;
		p->nden = (size_t)(c - p->den);
	}
	p->suf = c;
	while (*c && strchr("eEinumkKMGTP", *c))
		c++;
	if (*c == '+' || *c == '-')
		c++;
	while (is_digit(*c))
		c++;
	if (*c)
		return -1;
	p->nsuf = (size_t)(c - p->suf);
	return 0;
}

/* A decimal magnitude as a digit string (most significant first) times 10^exp. */
struct dec {
	char *d;
	size_t n;
	long exp;
};

static void dec_double(struct dec *x)
{
	int carry = 0;

	for (size_t i = x->n; i-- > 0;) {
		int v = (x->d[i] - '0') * 2 + carry;
		x->d[i] = (char)('0' + v % 10);
		carry = v / 10;
	}
	if (carry) {
		memmove(x->d + 1, x->d, x->n);
		x->d[0] = '1';
		x->n++;
	}
}

static void dec_strip_leading(struct dec *x)
{
	size_t z = 0;

	while (z < x->n && x->d[z] == '0')
		z++;
	memmove(x->d, x->d + z, x->n - z);
	x->n -= z;
}

/* Round up (away from zero) to nano units, as upstream does for any non-zero amount. */
static void dec_round_nano(struct dec *x)
{
	size_t drop;
	bool up = false;

	if (x->exp >= NANO_SCALE)
		return;
	drop = (size_t)(NANO_SCALE - x->exp);
	x->exp = NANO_SCALE;
	if (drop >= x->n) {
		up = x->n > 0;
		x->n = 0;
	} else {
		for (size_t i = x->n - drop; i < x->n; i++)
			up |= x->d[i] != '0';
		x->n -= drop;
	}
	if (!up)
		return;
	size_t i = x->n;
	while (i > 0 && x->d[i - 1] == '9')
		x->d[--i] = '0';
	if (i > 0) {
		x->d[i - 1]++;
		return;
	}
	memmove(x->d + 1, x->d, x->n);
	x->d[0] = '1';
	x->n++;
}

static int dec_to_qty(struct dec *x, struct qty *q)
{
	qty_mant_t m = 0;

	dec_strip_leading(x);
	while (x->n > 0 && x->d[x->n - 1] == '0') {
		x->n--;
		x->exp++;
	}
	if (!x->n) {
		q->mant = 0;
		q->scale = 0;
		return 0;
	}
	if (x->n > MAX_DIGITS || x->exp > MAX_EXP * 2)
		return -1;
	for (size_t i = 0; i < x->n; i++)
		m = m * 10 + (x->d[i] - '0');
	q->mant = m;
	q->scale = (int32_t)x->exp;
	return 0;
}

static bool cap_binary(struct qty *q);

int qty_parse(const char *s, struct qty *q)
{
	struct parts p;
	struct suffix suf;
	struct dec x;
	int rc = -1;

	if (!s || !*s || split(s, &p) || interpret_suffix(p.suf, p.nsuf, &suf))
		return -1;
	/* Room for the digits plus what 2^60 can add. */
	x.d = malloc(p.nnum + p.nden + 24);
	if (!x.d)
		return -1;
	memcpy(x.d, p.num, p.nnum);
	if (p.nden)
		memcpy(x.d + p.nnum, p.den, p.nden);
	x.n = p.nnum + p.nden;
	x.exp = -(long)p.nden;
	dec_strip_leading(&x);
	if (suf.base == 10)
		x.exp += suf.exp;
	else
		for (int i = 0; i < suf.exp && x.n; i++)
			dec_double(&x);
	dec_round_nano(&x);
	q->format = suf.fmt;
	if (dec_to_qty(&x, q))
		goto out;
	if (p.neg)
		q->mant = -q->mant;
	if (q->format == QTY_BINARY_SI && cap_binary(q))
		q->format = QTY_DECIMAL_SI;
	rc = 0;
out:
	free(x.d);
	return rc;
}

/* 10^n, or 0 when it does not fit. */
static qty_mant_t pow10_mant(long n)
{
	qty_mant_t p = 1;

	if (n < 0 || n > MAX_DIGITS)
		return 0;
	while (n-- > 0)
		p *= 10;
	return p;
}

/* m * 10^n without overflow; false when it would not fit. */
static bool scale_up(qty_mant_t m, long n, qty_mant_t *out)
{
	qty_mant_t p;

	if (m == 0) {
		*out = 0;
		return true;
	}
	p = pow10_mant(n);
	if (!p || (m > 0 ? m > MANT_MAX / p : m < -MANT_MAX / p))
		return false;
	*out = m * p;
	return true;
}

static qty_mant_t mabs(qty_mant_t m)
{
	return m < 0 ? -m : m;
}

/*
 * Upstream caps a parsed BinarySI magnitude at 2^63-1 and prints a value strictly between 0 and 1
 * as DecimalSI; returns true for the latter.
 */
static bool cap_binary(struct qty *q)
{
	const qty_mant_t max = INT64_MAX;
	qty_mant_t whole;

	if (!q->mant)
		return false;
	if (q->scale < 0) {
		qty_mant_t p = pow10_mant(-q->scale);
		return mabs(q->mant) < p;
	}
	if (!scale_up(q->mant, q->scale, &whole) || mabs(whole) > max) {
		q->mant = q->mant < 0 ? -max : max;
		q->scale = 0;
	}
	return false;
}

bool qty_is_zero(const struct qty *q)
{
	return q->mant == 0;
}

static void normalize(struct qty *q)
{
	if (!q->mant) {
		q->scale = 0;
		return;
	}
	while (q->mant % 10 == 0) {
		q->mant /= 10;
		q->scale++;
	}
}

static int mant_string(qty_mant_t m, char *buf, size_t size)
{
	char tmp[48];
	int n = 0, pos = 0;
	unsigned __int128 u = m < 0 ? (unsigned __int128)(-(m + 1)) + 1 : (unsigned __int128)m;

	do {
		tmp[n++] = (char)('0' + (int)(u % 10));
		u /= 10;
	} while (u);
	if (m < 0)
		buf[pos++] = '-';
	while (n > 0 && (size_t)pos < size - 1)
		buf[pos++] = tmp[--n];
	buf[pos] = 0;
	return pos;
}

static const char *dec_suffix(int exp)
{
	for (size_t i = 0; i < NSUFFIX; i++)
		if (suffixes[i].base == 10 && suffixes[i].exp == exp)
			return suffixes[i].s;
	return NULL;
}

/* Mantissa digits then zeros until the exponent is a multiple of 3, then the suffix. */
static char *string_decimal(const struct qty *q, enum qty_format fmt)
{
	char buf[160];
	int n = mant_string(q->mant, buf, sizeof(buf) - 16);
	long exp = q->scale;
	const char *suf;

	while (exp % 3 != 0) {
		buf[n++] = '0';
		exp--;
	}
	buf[n] = 0;
	suf = fmt == QTY_DECIMAL_SI ? dec_suffix((int)exp) : NULL;
	/* DecimalSI has no suffix past E: upstream falls back to the exponent form. */
	if (suf)
		snprintf(buf + n, sizeof(buf) - (size_t)n, "%s", suf);
	else if (exp)
		snprintf(buf + n, sizeof(buf) - (size_t)n, "e%ld", exp);
	return strdup(buf);
}

/* Whole value with the largest power-of-1024 suffix that divides it. */
static char *string_binary(qty_mant_t whole)
{
	static const char *const bin[] = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
	char buf[80];
	int i = 0, n;

	while (i < 6 && whole % 1024 == 0) {
		whole /= 1024;
		i++;
	}
	n = mant_string(whole, buf, sizeof(buf) - 4);
	snprintf(buf + n, sizeof(buf) - (size_t)n, "%s", bin[i]);
	return strdup(buf);
}

char *qty_string(const struct qty *in)
{
	struct qty q = *in;
	qty_mant_t whole;

	normalize(&q);
	if (!q.mant)
		return strdup("0");
	if (q.format == QTY_BINARY_SI) {
		/* Small or fractional binary amounts print in decimal so nothing is rounded. */
		if (q.scale >= 0 && scale_up(q.mant, q.scale, &whole) && mabs(whole) >= 1024)
			return string_binary(whole);
		return string_decimal(&q, QTY_DECIMAL_SI);
	}
	return string_decimal(&q, q.format);
}

/* The value at 10^target, rounded away from zero, saturated to int64. */
static int64_t scaled(const struct qty *q, long target)
{
	qty_mant_t m = q->mant, v;
	long d = (long)q->scale - target;

	if (!m)
		return 0;
	if (d >= 0) {
		if (!scale_up(m, d, &v))
			return m < 0 ? INT64_MIN : INT64_MAX;
	} else {
		qty_mant_t p = pow10_mant(-d);
		if (!p) {
			v = m < 0 ? -1 : 1;
		} else {
			v = m / p;
			if (m % p)
				v += m < 0 ? -1 : 1;
		}
	}
	if (v > INT64_MAX)
		return INT64_MAX;
	if (v < INT64_MIN)
		return INT64_MIN;
	return (int64_t)v;
}

int64_t qty_milli(const struct qty *q)
{
	return scaled(q, -3);
}

int64_t qty_value(const struct qty *q)
{
	return scaled(q, 0);
}

static int sign(qty_mant_t m)
{
	return (m > 0) - (m < 0);
}

int qty_cmp(const struct qty *a, const struct qty *b)
{
	struct qty x = *a, y = *b;
	qty_mant_t xm, ym;

	normalize(&x);
	normalize(&y);
	if (sign(x.mant) != sign(y.mant) || !x.mant)
		return sign(x.mant) < sign(y.mant) ? -1 : sign(x.mant) > sign(y.mant);
	/* Same sign: align on the smaller scale; a side too big to align is the larger. */
	if (x.scale >= y.scale) {
		ym = y.mant;
		if (!scale_up(x.mant, (long)x.scale - y.scale, &xm))
			return sign(x.mant);
	} else {
		xm = x.mant;
		if (!scale_up(y.mant, (long)y.scale - x.scale, &ym))
			return -sign(y.mant);
	}
	return xm < ym ? -1 : xm > ym;
}

static void add_signed(struct qty *a, const struct qty *b, bool negate)
{
	struct qty y = *b;
	qty_mant_t am, bm;
	int32_t s;

	if (negate)
		y.mant = -y.mant;
	if (!a->mant)
		a->format = b->format;
	normalize(a);
	normalize(&y);
	if (!y.mant)
		return;
	if (!a->mant) {
		a->mant = y.mant;
		a->scale = y.scale;
		return;
	}
	s = a->scale < y.scale ? a->scale : y.scale;
	if (!scale_up(a->mant, (long)a->scale - s, &am) ||
	    !scale_up(y.mant, (long)y.scale - s, &bm)) {
		/* Out of range: keep the dominant operand, as the other is below its precision. */
		if (qty_cmp(&(struct qty){mabs(y.mant), y.scale, 0},
			    &(struct qty){mabs(a->mant), a->scale, 0}) > 0) {
			a->mant = y.mant;
			a->scale = y.scale;
		}
		return;
	}
	if ((bm > 0 && am > MANT_MAX - bm) || (bm < 0 && am < -MANT_MAX - bm)) {
		a->mant = bm > 0 ? MANT_MAX : -MANT_MAX;
		a->scale = s;
		return;
	}
	a->mant = am + bm;
	a->scale = s;
	normalize(a);
}

void qty_add(struct qty *a, const struct qty *b)
{
	add_signed(a, b, false);
}

void qty_sub(struct qty *a, const struct qty *b)
{
	add_signed(a, b, true);
}

void qty_from_int(struct qty *q, int64_t v, enum qty_format f)
{
	q->mant = v;
	q->scale = 0;
	q->format = f;
	normalize(q);
}

void qty_from_milli(struct qty *q, int64_t milli, enum qty_format f)
{
	q->mant = milli;
	q->scale = -3;
	q->format = f;
	normalize(q);
}

bool qty_from_json(const json_t *v, struct qty *q)
{
	char buf[64];

	if (json_is_string(v))
		return qty_parse(json_string_value(v), q) == 0;
	if (json_is_integer(v)) {
		snprintf(buf, sizeof(buf), "%lld", (long long)json_integer_value(v));
		return qty_parse(buf, q) == 0;
	}
	if (json_is_real(v)) {
		snprintf(buf, sizeof(buf), "%.9g", json_real_value(v));
		return qty_parse(buf, q) == 0;
	}
	return false;
}
