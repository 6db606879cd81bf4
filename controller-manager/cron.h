/*
 * cron: CronJob schedules as upstream reads them (robfig/cron v3's standard parser: five fields
 * minute hour day-of-month month day-of-week with ranges, steps, lists, month and weekday
 * names, "?" and the @yearly..@hourly and @every descriptors), and the next activation in an
 * IANA time zone.
 *
 * Time zones are read from the TZif files under /usr/share/zoneinfo by this module itself, so
 * no code ever switches the process's TZ (tzset/localtime_r would change every other user of
 * local time in the daemon). Wall-clock arithmetic follows Go's time package, so gaps and
 * repeated hours around DST changes resolve as upstream's controller resolves them.
 */
#ifndef CM_CRON_H
#define CM_CRON_H

#include <stdint.h>

struct cron_sched;
struct cron_zone;

/* Parse a schedule. On error returns -1 with *err (malloc'd) in robfig's wording. A TZ= or
 * CRON_TZ= prefix is refused: upstream requires spec.timeZone instead. */
int cron_parse(const char *spec, struct cron_sched **out, char **err);
void cron_free(struct cron_sched *s);

/* The first activation strictly after t (Unix seconds), evaluated in zone z (NULL: UTC). 0 when
 * there is none within five years (e.g. "0 0 30 2 *"). */
int64_t cron_next(const struct cron_sched *s, const struct cron_zone *z, int64_t t);

/* Load a zone by IANA name ("America/New_York"); "" and "UTC" give UTC. Names that would leave
 * the zoneinfo directory are refused. root NULL means /usr/share/zoneinfo. -1 with *err. */
int cron_zone_load(const char *root, const char *name, struct cron_zone **out, char **err);
void cron_zone_free(struct cron_zone *z);
/* Seconds east of UTC in force at Unix time t. */
int cron_zone_offset(const struct cron_zone *z, int64_t t);
/* RFC 3339 in the zone ("2024-03-10T03:00:00-04:00"; "Z" for UTC offsets when z is NULL). */
void cron_format(const struct cron_zone *z, int64_t t, char buf[40]);

#endif
