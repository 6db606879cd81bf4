/* audit: the audit log (--audit-policy-file, --audit-log-path), see audit.c. */
#ifndef APISERVER_AUDIT_H
#define APISERVER_AUDIT_H

#include <stdbool.h>
#include <stddef.h>

struct http_req;
struct user;
struct attrs;
struct audit_ev;

struct audit_config {
	const char *policy_file, *log_path, *format;
	int max_size_mb, max_backups;
};

/* Nothing is audited without both a policy and a log path. 0, or -1 with err. */
int audit_init(const struct audit_config *c, char *err, size_t errlen);
bool audit_enabled(void);
/* A request arrived: NULL when auditing is off. */
struct audit_ev *audit_begin(struct http_req *req);
/* Its authorization was decided: the policy picks the level; RequestReceived is written. */
void audit_authorized(struct audit_ev *e, struct http_req *req, const struct user *u,
		      const struct attrs *a, const char *version, bool allowed);
/* It is over (req still readable): ResponseComplete is written and e freed. */
void audit_end(struct audit_ev *e, struct http_req *req);

#endif
