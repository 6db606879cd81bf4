/* log: klog-style lines ("I1123 09:30:00.123456  1234 file.c:42] msg") with -v levels. */
#ifndef KUBE_LOG_H
#define KUBE_LOG_H

#include <stdnoreturn.h>

extern int log_verbosity;

void log_line(char sev, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
noreturn void log_fatal_line(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#define log_info(...)  log_line('I', __FILE__, __LINE__, __VA_ARGS__)
#define log_warn(...)  log_line('W', __FILE__, __LINE__, __VA_ARGS__)
#define log_error(...) log_line('E', __FILE__, __LINE__, __VA_ARGS__)
#define log_v(level, ...)                                                                          \
	do {                                                                                       \
		if (log_verbosity >= (level))                                                      \
			log_line('I', __FILE__, __LINE__, __VA_ARGS__);                            \
	} while (0)
#define fatal(...) log_fatal_line(__FILE__, __LINE__, __VA_ARGS__)

/* Allocation failure is fatal in one place, as in tmux's xmalloc. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
