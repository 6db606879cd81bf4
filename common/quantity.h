/* quantity: Kubernetes resource.Quantity ("500m", "1.5Gi", "1e3"), exact and canonical. */
#ifndef KUBE_QUANTITY_H
#define KUBE_QUANTITY_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

/* The suffix family a quantity is printed in, as upstream's Format. */
enum qty_format {
	QTY_DECIMAL_SI,	      /* n u m "" k M G T P E */
	QTY_BINARY_SI,	      /* Ki Mi Gi Ti Pi Ei */
	QTY_DECIMAL_EXPONENT, /* e3, E-6 */
};

/* 128 bits hold any mantissa of up to 38 significant digits exactly. */
__extension__ typedef __int128 qty_mant_t;

/*
 * value = mant * 10^scale. Parsing rounds up (away from zero) to nano units, as upstream does, so
 * scale >= -9. Upstream keeps arbitrary precision; here a quantity needs at most 38 significant
 * digits (any magnitude via scale), which every realistic resource amount fits.
 */
struct qty {
	qty_mant_t mant;
	int32_t scale;
	enum qty_format format;
};

/* 0 or -1 for a string upstream's ParseQuantity rejects (or one beyond 38 significant digits). */
int qty_parse(const char *s, struct qty *q);
/* Canonical form as upstream's String(): "500m", "1", "1Gi", "1536Mi", "1e3". malloc'd. */
char *qty_string(const struct qty *q);
/* Value in thousandths, rounded away from zero, saturating at the int64 range (MilliValue). */
int64_t qty_milli(const struct qty *q);
/* Value rounded away from zero to a whole number, saturating (Value). */
int64_t qty_value(const struct qty *q);
/* -1, 0 or 1. */
int qty_cmp(const struct qty *a, const struct qty *b);
bool qty_is_zero(const struct qty *q);
/* A quantity as JSON carries it: a string, or (leniently) a number. 0 and true when valid. */
bool qty_from_json(const json_t *v, struct qty *q);
/* a += b / a -= b; a zero a takes b's format, as upstream. The result saturates if it would
 * need more than 38 significant digits. */
void qty_add(struct qty *a, const struct qty *b);
void qty_sub(struct qty *a, const struct qty *b);
/* Build from whole units or thousandths (resource.NewQuantity / NewMilliQuantity). */
void qty_from_int(struct qty *q, int64_t v, enum qty_format f);
void qty_from_milli(struct qty *q, int64_t milli, enum qty_format f);

#endif
