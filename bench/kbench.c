/* kbench MODE [options]: see usage(). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kbench.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: kbench MODE [options]\n"
		"modes: create-pods create-configmaps etcd-put get-pod etcd-get list-pods watch\n"
		"  --server URL --etcd URL --ca F --cert F --key F   endpoints and client TLS\n"
		"  --ns NS --prefix P        objects are NS/P-INDEX\n"
		"  --conc N --count N --warmup N --duration SEC   request-rate bounds\n"
		"  --objects N               gets cycle over P-0 .. P-(N-1)\n"
		"  --query Q                 appended to list URLs\n"
		"  --pad N                   etcd values padded to N bytes\n"
		"  --watchers N --rounds N   watch fan-out\n"
		"  converge --until bound|ready [--create FILE --create-path PATH]\n"
		"                            time until --count pods in --ns are bound or ready\n");
}

enum {
	O_SERVER = 1,
	O_ETCD,
	O_CA,
	O_CERT,
	O_KEY,
	O_NS,
	O_PREFIX,
	O_QUERY,
	O_CONC,
	O_COUNT,
	O_WARMUP,
	O_OBJECTS,
	O_DURATION,
	O_WATCHERS,
	O_ROUNDS,
	O_PAD,
	O_UNTIL,
	O_CREATE,
	O_CREATE_PATH
};

static const struct option long_opts[] = {
    {"server", 1, NULL, O_SERVER},
    {"etcd", 1, NULL, O_ETCD},
    {"ca", 1, NULL, O_CA},
    {"cert", 1, NULL, O_CERT},
    {"key", 1, NULL, O_KEY},
    {"ns", 1, NULL, O_NS},
    {"prefix", 1, NULL, O_PREFIX},
    {"query", 1, NULL, O_QUERY},
    {"conc", 1, NULL, O_CONC},
    {"count", 1, NULL, O_COUNT},
    {"warmup", 1, NULL, O_WARMUP},
    {"objects", 1, NULL, O_OBJECTS},
    {"duration", 1, NULL, O_DURATION},
    {"watchers", 1, NULL, O_WATCHERS},
    {"rounds", 1, NULL, O_ROUNDS},
    {"pad", 1, NULL, O_PAD},
    {"until", 1, NULL, O_UNTIL},
    {"create", 1, NULL, O_CREATE},
    {"create-path", 1, NULL, O_CREATE_PATH},
    {"help", 0, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

static int set_opt(struct kb_opts *o, int c, const char *v)
{
	const char **strs[] = {[O_SERVER] = &o->server, [O_ETCD] = &o->etcd,  [O_CA] = &o->ca,
			       [O_CERT] = &o->cert,	[O_KEY] = &o->key,    [O_NS] = &o->ns,
			       [O_PREFIX] = &o->prefix, [O_QUERY] = &o->query};

	if (c < O_CONC) {
		*strs[c] = v;
		return 0;
	}
	switch (c) {
	case O_CONC:
		o->conc = atoi(v);
		break;
	case O_COUNT:
		o->count = atol(v);
		break;
	case O_WARMUP:
		o->warmup = atol(v);
		break;
	case O_OBJECTS:
		o->objects = atol(v);
		break;
	case O_DURATION:
		o->duration = atof(v);
		break;
	case O_WATCHERS:
		o->watchers = atoi(v);
		break;
	case O_ROUNDS:
		o->rounds = atoi(v);
		break;
	case O_PAD:
		o->pad = atol(v);
		break;
	case O_UNTIL:
		o->until = v;
		break;
	case O_CREATE:
		o->create = v;
		break;
	case O_CREATE_PATH:
		o->create_path = v;
		break;
	default:
		return -1;
	}
	return 0;
}

static int check_opts(const struct kb_opts *o)
{
	if (o->conc < 1 || o->count < 1 || o->warmup < 0 || o->watchers < 1 || o->rounds < 1) {
		fprintf(stderr, "kbench: --conc, --count, --watchers, --rounds must be >= 1\n");
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct kb_opts o = {.server = "https://127.0.0.1:6443",
			    .etcd = "http://127.0.0.1:2379",
			    .ns = "default",
			    .prefix = "kb",
			    .conc = 1,
			    .count = 1000,
			    .objects = 1,
			    .watchers = 1,
			    .rounds = 1};
	const struct kb_workload *wl;
	const char *mode;
	int c;

	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	mode = argv[1];
	optind = 2;
	while ((c = getopt_long(argc, argv, "h", long_opts, NULL)) != -1) {
		if (c == 'h' || set_opt(&o, c, optarg)) {
			usage(c == 'h' ? stdout : stderr);
			return c == 'h' ? 0 : 2;
		}
	}
	if (check_opts(&o))
		return 2;
	if (!strcmp(mode, "watch"))
		return kb_watch_run(&o);
	if (!strcmp(mode, "converge"))
		return kb_converge_run(&o);
	wl = kb_workload_find(mode);
	if (!wl) {
		fprintf(stderr, "kbench: unknown mode %s\n", mode);
		return 2;
	}
	return kb_rate_run(&o, wl);
}
