#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ktime.h"

static void check_parse(const char *s, long long sec, long nsec)
{
	struct timespec ts;

	if (kt_parse(s, &ts))
		fail_msg("parse %s failed", s);
	if ((long long)ts.tv_sec != sec || ts.tv_nsec != nsec)
		fail_msg("%s: got %lld.%09ld want %lld.%09ld", s, (long long)ts.tv_sec, ts.tv_nsec,
			 sec, nsec);
}

static void test_parse(void **state)
{
	(void)state;
	check_parse("1970-01-01T00:00:00Z", 0, 0);
	check_parse("2024-01-02T03:04:05Z", 1704164645, 0);
	check_parse("2024-01-02T03:04:05.5Z", 1704164645, 500000000);
	check_parse("2024-01-02T03:04:05.123456Z", 1704164645, 123456000);
	check_parse("2024-01-02T03:04:05.1234567891Z", 1704164645, 123456789);
	check_parse("2024-01-02T05:04:05+02:00", 1704164645, 0);
	check_parse("2024-01-01T22:04:05-05:00", 1704164645, 0);
	check_parse("2024-02-29T00:00:00Z", 1709164800, 0);
	check_parse("2000-02-29T00:00:00Z", 951782400, 0);
	check_parse("1969-12-31T23:59:59Z", -1, 0);
}

static void test_parse_invalid(void **state)
{
	static const char *const bad[] = {
	    "",
	    "2024-01-02",
	    "2024-01-02T03:04:05",
	    "2024-01-02 03:04:05Z",
	    "2024-01-02t03:04:05Z",
	    "2024-1-02T03:04:05Z",
	    "2024-13-02T03:04:05Z",
	    "2024-00-02T03:04:05Z",
	    "2023-02-29T03:04:05Z",
	    "1900-02-29T00:00:00Z",
	    "2024-04-31T03:04:05Z",
	    "2024-01-02T24:00:00Z",
	    "2024-01-02T03:60:05Z",
	    "2024-01-02T03:04:60Z",
	    "2024-01-02T03:04:05.Z",
	    "2024-01-02T03:04:05+0200",
	    "2024-01-02T03:04:05+24:00",
	    "2024-01-02T03:04:05Zjunk",
	    "2024-01-02T03:04:05Z ",
	    " 2024-01-02T03:04:05Z",
	    "\xff\xfe",
	};
	struct timespec ts;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (!kt_parse(bad[i], &ts))
			fail_msg("%s parsed", bad[i]);
	assert_int_equal(kt_parse(NULL, &ts), -1);
}

static void test_format(void **state)
{
	char buf[32], micro[40];
	struct timespec ts = {1704164645, 123456789}, back;

	(void)state;
	kt_format(1704164645, buf);
	assert_string_equal(buf, "2024-01-02T03:04:05Z");
	kt_format(0, buf);
	assert_string_equal(buf, "1970-01-01T00:00:00Z");
	kt_format_micro(&ts, micro);
	assert_string_equal(micro, "2024-01-02T03:04:05.123456Z");
	ts.tv_nsec = 0;
	kt_format_micro(&ts, micro);
	assert_string_equal(micro, "2024-01-02T03:04:05.000000Z");
	ts.tv_nsec = 999999999;
	kt_format_micro(&ts, micro);
	assert_string_equal(micro, "2024-01-02T03:04:05.999999Z");
	assert_int_equal(kt_parse(micro, &back), 0);
	assert_int_equal(back.tv_nsec, 999999000);

	kt_now(&ts);
	kt_format(ts.tv_sec, buf);
	assert_int_equal(kt_parse(buf, &back), 0);
	assert_int_equal(back.tv_sec, ts.tv_sec);
}

static void test_human_duration(void **state)
{
	static const struct {
		double secs;
		const char *want;
	} cases[] = {
	    {-3, "<invalid>"},
	    {-2, "<invalid>"},
	    {-1.5, "0s"},
	    {-1, "0s"},
	    {-0.5, "0s"},
	    {0, "0s"},
	    {1, "1s"},
	    {59, "59s"},
	    {119, "119s"},
	    {120, "2m"},
	    {121, "2m1s"},
	    {252, "4m12s"},
	    {599, "9m59s"},
	    {600, "10m"},
	    {601, "10m"},
	    {3 * 3600 - 1, "179m"},
	    {3 * 3600, "3h"},
	    {3 * 3600 + 5 * 60, "3h5m"},
	    {8 * 3600 - 60, "7h59m"},
	    {8 * 3600, "8h"},
	    {47 * 3600 + 3599, "47h"},
	    {48 * 3600, "2d"},
	    {51 * 3600, "2d3h"},
	    {8 * 86400 - 3600, "7d23h"},
	    {8 * 86400, "8d"},
	    {45 * 86400, "45d"},
	    {2 * 365 * 86400 - 1, "729d"},
	    {2 * 365 * 86400, "2y"},
	    {(2 * 365 + 30) * 86400.0, "2y30d"},
	    {8 * 365 * 86400.0 - 1, "7y364d"},
	    {8 * 365 * 86400.0, "8y"},
	    {100 * 365 * 86400.0, "100y"},
	    {1e300, "292y"},
	    {-1e300, "<invalid>"},
	};
	char buf[32];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		kt_human_duration(cases[i].secs, buf);
		if (strcmp(buf, cases[i].want))
			fail_msg("%g: got %s want %s", cases[i].secs, buf, cases[i].want);
	}
	assert_ptr_equal(kt_human_duration(5, buf), buf);
}

static void test_parse_duration(void **state)
{
	static const struct {
		const char *in;
		long ms;
	} cases[] = {{"0", 0},	     {"0s", 0},		{"10s", 10000},	 {"5m0s", 300000},
		     {"1h30m", 5400000}, {"1.5s", 1500},	{"250ms", 250},	 {"2m3s", 123000},
		     {"100us", 0},	 {"8760h", 31536000000L}, {"", -1},	 {"5", -1},
		     {"-1s", -1},	 {"1x", -1},		{"s", -1},	 {"1h2", -1}};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		long got = kt_parse_duration_ms(cases[i].in);

		if (got != cases[i].ms)
			fail_msg("%s: got %ld, want %ld", cases[i].in, got, cases[i].ms);
	}
}

static void test_go_duration(void **state)
{
	static const struct {
		const char *in;
		double secs;
		const char *err;
	} cases[] = {
	    {"1m0s", 60, NULL},
	    {"-1.5h", -5400, NULL},
	    {"+250ms", 0.25, NULL},
	    {".5s", 0.5, NULL},
	    {"1\xc2\xb5s", 1e-6, NULL},
	    {"-0", 0, NULL},
	    {"abc", 0, "time: invalid duration \"abc\""},
	    {"", 0, "time: invalid duration \"\""},
	    {"-", 0, "time: invalid duration \"-\""},
	    {".s", 0, "time: invalid duration \".s\""},
	    {"5", 0, "time: missing unit in duration \"5\""},
	    {"1h2", 0, "time: missing unit in duration \"1h2\""},
	    {"5x", 0, "time: unknown unit \"x\" in duration \"5x\""},
	    {"3\"\001d", 0, "time: unknown unit \"\\\"\\x01d\" in duration \"3\\\"\\x01d\""},
	    {"9999999999s", 0, "time: invalid duration \"9999999999s\""},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		double secs = -42;
		char *err = NULL;
		int rc = kt_go_duration(cases[i].in, &secs, &err);

		if (cases[i].err) {
			assert_int_equal(rc, -1);
			assert_non_null(err);
			assert_string_equal(err, cases[i].err);
		} else {
			if (rc)
				fail_msg("%s: %s", cases[i].in, err);
			if (secs < cases[i].secs - 1e-12 || secs > cases[i].secs + 1e-12)
				fail_msg("%s: got %g, want %g", cases[i].in, secs, cases[i].secs);
		}
		free(err);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse),
	    cmocka_unit_test(test_parse_invalid),
	    cmocka_unit_test(test_format),
	    cmocka_unit_test(test_human_duration),
	    cmocka_unit_test(test_parse_duration),
	    cmocka_unit_test(test_go_duration),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
