/* yaml: YAML <-> JSON the way kubectl converts them (sigs.k8s.io/yaml over go-yaml v2). */
#ifndef KUBE_YAML_H
#define KUBE_YAML_H

#include <jansson.h>
#include <stddef.h>

/* Nesting deeper than this (sequences and mappings) is rejected while parsing. */
#define YAML_MAX_DEPTH 1000

/*
 * Every document of a stream as one JSON array (documents that are empty or only comments are
 * skipped). Plain scalars resolve as go-yaml v2 does (YAML 1.1: yes/no/on/off/y/n are booleans,
 * 0x/0o/leading-0 octal integers, floats; timestamps stay strings). Aliases and merge keys are
 * expanded; excessive aliasing is refused as go-yaml refuses it. Non-string scalar keys become
 * strings (1 -> "1", yes -> "true"); null or collection keys are errors, as upstream. Floats that
 * hold an integral value in int64 range become JSON integers (upstream round-trips them through
 * encoding/json, which prints 1.0 as 1); .inf and .nan are errors, as encoding/json refuses them.
 * A buffer that starts with '{' is read as a stream of JSON objects first, as kubectl does.
 * On error returns NULL and sets *err (malloc'd) to a one-line "yaml: line N: ..." message.
 */
json_t *yaml_load_all(const char *buf, size_t len, char **err);

/* Exactly one non-empty document; zero or several are errors. */
json_t *yaml_load(const char *buf, size_t len, char **err);

/*
 * Block-style YAML as go-yaml v2 prints it (2-space indent, sequences not indented under their
 * key, strings quoted only when they would otherwise read back as another type, `|`/`|-` for
 * multi-line strings, folding at 80 columns). Keys in the object's own order. malloc'd; NULL on
 * allocation failure or nesting deeper than YAML_MAX_DEPTH.
 */
char *yaml_dump(const json_t *v);

/* As yaml_dump but with keys in go-yaml's map order: exactly what `kubectl -o yaml` prints. */
char *yaml_dump_sorted(const json_t *v);

/* libyaml's header has this file's name; yaml.c reaches it through here. */
#ifdef KUBE_YAML_LIBYAML
#include_next <yaml.h>
#endif

#endif
