#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../../controller-manager/cron.h"
#include "ktime.h"

/* next(spec) after `from` in zone tz, formatted in that zone, must be `want` ("" for none). */
static void check_next(const char *spec, const char *tz, const char *from, const char *want)
{
	struct cron_sched *s;
	struct cron_zone *z;
	struct timespec ts;
	char *err = NULL, got[40] = "";
	int64_t t;

	if (cron_parse(spec, &s, &err))
		fail_msg("parse %s: %s", spec, err);
	if (cron_zone_load(NULL, tz, &z, &err))
		fail_msg("zone %s: %s", tz, err);
	assert_int_equal(kt_parse(from, &ts), 0);
	t = cron_next(s, z, ts.tv_sec);
	if (t)
		cron_format(z, t, got);
	if (strcmp(got, want))
		fail_msg("%s in %s after %s: got %s, want %s", spec, tz, from, got, want);
	cron_free(s);
	cron_zone_free(z);
}

static void test_fields(void **state)
{
	(void)state;
	check_next("*/15 * * * *", "", "2024-01-01T00:07:30Z", "2024-01-01T00:15:00Z");
	check_next("* * * * *", "", "2024-01-01T00:07:00Z", "2024-01-01T00:08:00Z");
	check_next("0 0 * * *", "", "2024-01-01T00:00:00Z", "2024-01-02T00:00:00Z");
	check_next("30 8 * * mon-fri", "", "2024-01-06T10:00:00Z", "2024-01-08T08:30:00Z");
	check_next("5/20 * * * *", "", "2024-01-01T00:06:00Z", "2024-01-01T00:25:00Z");
	check_next("5/20 * * * *", "", "2024-01-01T00:46:00Z", "2024-01-01T01:05:00Z");
	check_next("0 9 1 jan,JUL *", "", "2024-02-01T00:00:00Z", "2024-07-01T09:00:00Z");
	check_next("0 12 29 2 *", "", "2023-03-01T00:00:00Z", "2024-02-29T12:00:00Z");
	check_next("0 0 30 2 *", "", "2023-03-01T00:00:00Z", "");
	check_next("0,30 1-3/2 * * *", "", "2024-01-01T01:31:00Z", "2024-01-01T03:00:00Z");
	check_next("59 23 31 12 *", "", "2024-01-01T00:00:00Z", "2024-12-31T23:59:00Z");
	check_next("0 0 ? * sun", "", "2024-01-01T00:00:00Z", "2024-01-07T00:00:00Z");
}

/* Both day fields restricted: either may match. One of them "*": both must. */
static void test_dom_dow(void **state)
{
	(void)state;
	check_next("0 0 13 * fri", "", "2024-01-01T00:00:00Z", "2024-01-05T00:00:00Z");
	check_next("0 0 13 * fri", "", "2024-01-12T00:00:00Z", "2024-01-13T00:00:00Z");
	check_next("0 0 13 * *", "", "2024-01-01T00:00:00Z", "2024-01-13T00:00:00Z");
	check_next("0 0 * * 5", "", "2024-01-01T00:00:00Z", "2024-01-05T00:00:00Z");
	/* A step clears "*": */
	check_next("0 0 */2 * 1", "", "2024-01-01T01:00:00Z", "2024-01-03T00:00:00Z");
	check_next("0 0 */2 * 1", "", "2024-01-05T01:00:00Z", "2024-01-07T00:00:00Z");
	check_next("0 0 1-31 * 1", "", "2024-01-01T01:00:00Z", "2024-01-02T00:00:00Z");
}

static void test_descriptors(void **state)
{
	(void)state;
	check_next("@hourly", "", "2024-01-01T10:59:59Z", "2024-01-01T11:00:00Z");
	check_next("@daily", "", "2024-01-01T10:00:00Z", "2024-01-02T00:00:00Z");
	check_next("@midnight", "", "2024-01-01T10:00:00Z", "2024-01-02T00:00:00Z");
	check_next("@weekly", "", "2024-01-03T00:00:00Z", "2024-01-07T00:00:00Z");
	check_next("@monthly", "", "2024-01-03T00:00:00Z", "2024-02-01T00:00:00Z");
	check_next("@yearly", "", "2024-01-03T00:00:00Z", "2025-01-01T00:00:00Z");
	check_next("@annually", "", "2024-01-03T00:00:00Z", "2025-01-01T00:00:00Z");
	check_next("@every 1h30m", "", "2024-01-03T00:00:00Z", "2024-01-03T01:30:00Z");
}

static void test_zones(void **state)
{
	(void)state;
	check_next("0 9 * * *", "America/New_York", "2024-01-01T00:00:00Z",
		   "2024-01-01T09:00:00-05:00");
	check_next("0 9 * * *", "America/New_York", "2024-07-01T00:00:00Z",
		   "2024-07-01T09:00:00-04:00");
	check_next("0 9 * * *", "Australia/Sydney", "2024-01-01T00:00:00Z",
		   "2024-01-02T09:00:00+11:00");
	check_next("0 9 * * *", "Australia/Sydney", "2024-07-01T00:00:00Z",
		   "2024-07-02T09:00:00+10:00");
	check_next("15 10 * * *", "Asia/Kolkata", "2024-01-01T00:00:00Z",
		   "2024-01-01T10:15:00+05:30");
	check_next("0 0 * * *", "Europe/London", "2024-01-01T12:00:00Z", "2024-01-02T00:00:00Z");
	/* Past the file's transitions, the POSIX rule in its footer decides. */
	check_next("0 12 1 7 *", "America/New_York", "2040-01-01T00:00:00Z",
		   "2040-07-01T12:00:00-04:00");
	check_next("0 12 1 1 *", "America/New_York", "2045-06-01T00:00:00Z",
		   "2046-01-01T12:00:00-05:00");
}

/* Around DST changes robfig skips a wall time in the gap and runs twice in the overlap. */
static void test_dst(void **state)
{
	(void)state;
	check_next("30 2 * * *", "America/New_York", "2024-03-09T17:00:00Z",
		   "2024-03-11T02:30:00-04:00");
	check_next("0 * * * *", "America/New_York", "2024-03-10T06:30:00Z",
		   "2024-03-10T03:00:00-04:00");
	check_next("30 1 * * *", "America/New_York", "2024-11-03T04:00:00Z",
		   "2024-11-03T01:30:00-04:00");
	check_next("30 1 * * *", "America/New_York", "2024-11-03T05:30:00Z",
		   "2024-11-03T01:30:00-05:00");
	check_next("0 0 * * *", "America/New_York", "2024-03-09T12:00:00Z",
		   "2024-03-10T00:00:00-05:00");
	check_next("0 3 * * *", "America/New_York", "2024-03-10T05:00:00Z",
		   "2024-03-10T03:00:00-04:00");
}

static void test_offsets(void **state)
{
	struct cron_zone *z;
	char *err = NULL;

	(void)state;
	assert_int_equal(cron_zone_load(NULL, "America/New_York", &z, &err), 0);
	assert_int_equal(cron_zone_offset(z, 1719792000), -14400); /* 2024-07-01 */
	assert_int_equal(cron_zone_offset(z, 1704067200), -18000); /* 2024-01-01 */
	assert_int_equal(cron_zone_offset(z, 2525644800), -18000); /* 2050-01-14 */
	assert_int_equal(cron_zone_offset(z, 2541024000), -14400); /* 2050-07-11 */
	cron_zone_free(z);
	assert_int_equal(cron_zone_load(NULL, "Australia/Sydney", &z, &err), 0);
	assert_int_equal(cron_zone_offset(z, 2525644800), 39600);
	assert_int_equal(cron_zone_offset(z, 2541024000), 36000);
	cron_zone_free(z);
	assert_int_equal(cron_zone_load(NULL, "Mars/Olympus", &z, &err), -1);
	assert_string_equal(err, "unknown time zone Mars/Olympus");
	free(err);
	assert_int_equal(cron_zone_load(NULL, "../etc/passwd", &z, &err), -1);
	free(err);
}

static void check_error(const char *spec, const char *want)
{
	struct cron_sched *s = NULL;
	char *err = NULL;

	if (!cron_parse(spec, &s, &err))
		fail_msg("%s parsed", spec);
	if (strcmp(err, want))
		fail_msg("%s: got \"%s\", want \"%s\"", spec, err, want);
	free(err);
}

static void test_errors(void **state)
{
	(void)state;
	check_error("* * * *", "expected exactly 5 fields, found 4: * * * *");
	check_error("* * * * * *", "expected exactly 5 fields, found 6: * * * * * *");
	check_error("60 * * * *", "end of range (60) above maximum (59): 60");
	check_error("* * * * 7", "end of range (7) above maximum (6): 7");
	check_error("* * 0 * *", "beginning of range (0) below minimum (1): 0");
	check_error("5-1 * * * *", "beginning of range (5) beyond end of range (1): 5-1");
	check_error("a * * * *", "failed to parse int from a: invalid syntax");
	check_error("*/0 * * * *", "step of range should be a positive number: */0");
	check_error("1-2-3 * * * *", "too many hyphens: 1-2-3");
	check_error("@often", "unrecognized descriptor: @often");
	check_error("CRON_TZ=UTC * * * * *",
		    "cannot use TZ or CRON_TZ in schedule, use timeZone field instead");
	check_error("TZ=UTC * * * * *",
		    "cannot use TZ or CRON_TZ in schedule, use timeZone field instead");
	check_error("", "empty spec string");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_fields),	cmocka_unit_test(test_dom_dow),
	    cmocka_unit_test(test_descriptors), cmocka_unit_test(test_zones),
	    cmocka_unit_test(test_dst),		cmocka_unit_test(test_offsets),
	    cmocka_unit_test(test_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
