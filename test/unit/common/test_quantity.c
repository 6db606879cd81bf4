#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "quantity.h"

static struct qty parse_ok(const char *s)
{
	struct qty q;

	if (qty_parse(s, &q))
		fail_msg("parse %s failed", s);
	return q;
}

static void check_canon(const char *in, const char *want)
{
	struct qty q = parse_ok(in);
	char *got = qty_string(&q);

	if (strcmp(got, want))
		fail_msg("%s: got %s want %s", in, got, want);
	free(got);
}

static void test_canonical(void **state)
{
	static const char *const cases[][2] = {
	    {"0", "0"},
	    {"0n", "0"},
	    {"0Ki", "0"},
	    {"-0", "0"},
	    {"00", "0"},
	    {"1", "1"},
	    {"1000m", "1"},
	    {"0.5", "500m"},
	    {".5", "500m"},
	    {"1.", "1"},
	    {"100m", "100m"},
	    {"1000", "1k"},
	    {"1500", "1500"},
	    {"1023", "1023"},
	    {"0.1", "100m"},
	    {"1.001", "1001m"},
	    {"1n", "1n"},
	    {"1u", "1u"},
	    {"1500u", "1500u"},
	    {"1000000n", "1m"},
	    {"100M", "100M"},
	    {"1E", "1E"},
	    {"1000E", "1e21"},
	    {"1Ki", "1Ki"},
	    {"1024Mi", "1Gi"},
	    {"1.5Gi", "1536Mi"},
	    {"0.5Gi", "512Mi"},
	    {"1.5Ki", "1536"},
	    {"1.1Ki", "1126400m"},
	    {"512Ki", "512Ki"},
	    {"1Ei", "1Ei"},
	    {"1024Ei", "9223372036854775807"},
	    {"16Ei", "9223372036854775807"},
	    {"0.5Ki", "512"},
	    {"0.0001Ki", "102400u"},
	    {"1e3", "1e3"},
	    {"1E3", "1e3"},
	    {"1e+3", "1e3"},
	    {"1.5e3", "1500"},
	    {"2e-3", "2e-3"},
	    {"1e-9", "1e-9"},
	    {"1e-10", "1e-9"},
	    {"100e-3", "100e-3"},
	    {"0.0000000001", "1n"},
	    {"-0.0000000001", "-1n"},
	    {"1.0000000001", "1000000001n"},
	    {"-1", "-1"},
	    {"-1.5Gi", "-1536Mi"},
	    {"-100m", "-100m"},
	    {"+5", "5"},
	    {"-", "0"},
	    {"k", "0"},
	    {"99999999999999999999999999999999999999", "99999999999999999999999999999999999999"},
	    {"12345678901234567890k", "12345678901234567890k"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		check_canon(cases[i][0], cases[i][1]);
}

static void test_invalid(void **state)
{
	static const char *const bad[] = {
	    "",	      " 1",
	    "1 ",     "1.1.M",
	    "1+1.0M", "0.1mi",
	    "0.1am",  "aoeu",
	    ".5i",    "1i",
	    "-3.01i", "-3.01e-",
	    "1e",     "1K",
	    "1KI",    "--1",
	    "1ki",    "1e1.5",
	    "1Mi2",   "1 Mi",
	    "1\n",    "1e100001",
	    "0x10",   "1234567890123456789012345678901234567890", /* 40 significant digits */
	    "\xff",   "1\xc3",
	};
	struct qty q;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (!qty_parse(bad[i], &q))
			fail_msg("%s parsed", bad[i]);
	assert_int_equal(qty_parse(NULL, &q), -1);
}

static void test_values(void **state)
{
	struct qty q;

	(void)state;
	q = parse_ok("1Ki");
	assert_int_equal(qty_milli(&q), 1024000);
	assert_int_equal(qty_value(&q), 1024);
	q = parse_ok("100m");
	assert_int_equal(qty_value(&q), 1);
	assert_int_equal(qty_milli(&q), 100);
	q = parse_ok("-100m");
	assert_int_equal(qty_value(&q), -1);
	q = parse_ok("0.0001");
	assert_int_equal(qty_milli(&q), 1);
	q = parse_ok("1.5");
	assert_int_equal(qty_milli(&q), 1500);
	assert_int_equal(qty_value(&q), 2);
	q = parse_ok("1E");
	assert_int_equal(qty_value(&q), 1000000000000000000LL);
	assert_int_equal(qty_milli(&q), INT64_MAX);
	q = parse_ok("-10E");
	assert_int_equal(qty_value(&q), INT64_MIN);
	q = parse_ok("1e100000");
	assert_int_equal(qty_value(&q), INT64_MAX);
	q = parse_ok("1e-9");
	assert_int_equal(qty_value(&q), 1);
	assert_int_equal(qty_milli(&q), 1);
	q = parse_ok("0");
	assert_int_equal(qty_value(&q), 0);
	assert_true(qty_is_zero(&q));
	q = parse_ok("9223372036854775807");
	assert_int_equal(qty_value(&q), INT64_MAX);
}

static void test_cmp(void **state)
{
	static const struct {
		const char *a, *b;
		int want;
	} cases[] = {
	    {"1Gi", "1G", 1},	   {"1000m", "1", 0},
	    {"-1", "0", -1},	   {"0", "0n", 0},
	    {"1e100000", "1E", 1}, {"-1e100000", "-1E", -1},
	    {"1n", "0", 1},	   {"500m", "0.5", 0},
	    {"1Ki", "1024", 0},	   {"99999999999999999999999999999999999999", "1e-9", 1},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct qty a = parse_ok(cases[i].a), b = parse_ok(cases[i].b);
		if (qty_cmp(&a, &b) != cases[i].want || qty_cmp(&b, &a) != -cases[i].want)
			fail_msg("cmp %s %s", cases[i].a, cases[i].b);
	}
}

static void check_sum(const char *a, const char *b, bool sub, const char *want)
{
	struct qty x = parse_ok(a), y = parse_ok(b);
	char *got;

	if (sub)
		qty_sub(&x, &y);
	else
		qty_add(&x, &y);
	got = qty_string(&x);
	if (strcmp(got, want))
		fail_msg("%s %c %s: got %s want %s", a, sub ? '-' : '+', b, got, want);
	free(got);
}

static void test_arith(void **state)
{
	struct qty q;
	char *s;

	(void)state;
	check_sum("1", "500m", false, "1500m");
	check_sum("0", "1Gi", false, "1Gi");
	check_sum("1Gi", "512Mi", true, "512Mi");
	check_sum("100m", "100m", true, "0");
	check_sum("1", "2", true, "-1");
	check_sum("1E", "1E", false, "2E");
	check_sum("1e100000", "1", false, "10e99999");
	check_sum("99999999999999999999999999999999999999",
		  "99999999999999999999999999999999999999", false,
		  "170141183460469231731687303715884105727");

	qty_from_milli(&q, 1500, QTY_DECIMAL_SI);
	s = qty_string(&q);
	assert_string_equal(s, "1500m");
	free(s);
	qty_from_int(&q, 2048, QTY_BINARY_SI);
	s = qty_string(&q);
	assert_string_equal(s, "2Ki");
	free(s);
	qty_from_int(&q, 0, QTY_BINARY_SI);
	s = qty_string(&q);
	assert_string_equal(s, "0");
	free(s);
}

static void test_hostile(void **state)
{
	size_t n = 100000;
	char *s = malloc(n + 8);
	struct qty q;

	(void)state;
	/* A very long fraction rounds up to one nano unit. */
	strcpy(s, "0.");
	memset(s + 2, '0', n);
	strcpy(s + 2 + n, "1");
	assert_int_equal(qty_parse(s, &q), 0);
	char *str = qty_string(&q);
	assert_string_equal(str, "1n");
	free(str);
	/* Many trailing zeros collapse into the exponent. */
	s[0] = '1';
	memset(s + 1, '0', 5000);
	s[5001] = 0;
	assert_int_equal(qty_parse(s, &q), 0);
	str = qty_string(&q);
	assert_string_equal(str, "100e4998");
	free(str);
	/* Too many significant digits. */
	memset(s, '7', n);
	s[n] = 0;
	assert_int_equal(qty_parse(s, &q), -1);
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_canonical), cmocka_unit_test(test_invalid),
	    cmocka_unit_test(test_values),    cmocka_unit_test(test_cmp),
	    cmocka_unit_test(test_arith),     cmocka_unit_test(test_hostile),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
