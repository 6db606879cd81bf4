/* Representations of stored objects: lists, server-side printed Tables, partial metadata. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "apiserver.h"
#include "jsonx.h"
#include "log.h"

static const struct column default_columns[] = {
    {"Name", "string", "name", 0, "Name must be unique within a namespace."},
    {"Created At", "date", "", 0, "When the object was created."},
    {0},
};

static const struct column *columns_of(const struct kind *k)
{
	if (k->printer && k->printer->columns && k->printer->columns[0].name)
		return k->printer->columns;
	return default_columns;
}

json_t *out_table_columns(const struct kind *k)
{
	json_t *cols = json_array();

	for (const struct column *c = columns_of(k); c->name; c++)
		json_array_append_new(
		    cols, json_pack("{s:s, s:s, s:s, s:s, s:i}", "name", c->name, "type", c->type,
				    "format", c->format ? c->format : "", "description",
				    c->description ? c->description : "", "priority", c->priority));
	return cols;
}

static json_t *partial(const json_t *obj)
{
	return json_pack("{s:s, s:s, s:O}", "kind", "PartialObjectMetadata", "apiVersion",
			 "meta.k8s.io/v1", "metadata", jx_get(obj, "metadata"));
}

static json_t *table_row(struct rinfo *ri, const json_t *obj)
{
	json_t *cells = json_array();
	json_t *row;

	if (ri->k->printer && ri->k->printer->row && columns_of(ri->k) != default_columns) {
		ri->k->printer->row(obj, cells, time(NULL));
	} else {
		json_array_append_new(cells, json_string(jx_str(obj, "metadata.name") ?: ""));
		json_array_append_new(cells,
				      json_string(jx_str(obj, "metadata.creationTimestamp") ?: ""));
	}
	row = json_pack("{s:o}", "cells", cells);
	if (ri->table_object && ri->k->from_storage)
		json_object_set_new(row, "object", out_served(ri, obj));
	else if (ri->table_object)
		json_object_set(row, "object", (json_t *)obj);
	else if (!ri->table_none)
		json_object_set_new(row, "object", partial(obj));
	return row;
}

json_t *out_served(const struct rinfo *ri, const json_t *obj)
{
	json_t *copy = json_deep_copy(obj);

	if (ri->k->from_storage && json_is_object(copy))
		ri->k->from_storage(copy);
	return copy;
}

const char *out_entry_bytes(const struct rinfo *ri, const struct centry *e, size_t *len,
			    bool *owned)
{
	json_t *obj;
	char *s;

	*owned = false;
	*len = e->len;
	if (!ri->k->from_storage)
		return e->json;
	obj = json_loads(e->json, 0, NULL);
	if (!obj)
		return e->json;
	ri->k->from_storage(obj);
	s = json_dumps(obj, JSON_COMPACT);
	json_decref(obj);
	*owned = true;
	*len = strlen(s);
	return s;
}

json_t *out_convert(struct rinfo *ri, const json_t *obj, bool with_columns)
{
	json_t *t;

	switch (ri->fmt) {
	case OUT_PARTIAL:
		return partial(obj);
	case OUT_TABLE:
		t = json_pack("{s:s, s:s, s:{s:s?}, s:o, s:[o]}", "kind", "Table", "apiVersion",
			      "meta.k8s.io/v1", "metadata", "resourceVersion",
			      jx_str(obj, "metadata.resourceVersion"), "columnDefinitions",
			      with_columns ? out_table_columns(ri->k) : json_array(), "rows",
			      table_row(ri, obj));
		return t;
	default:
		if (ri->k->from_storage && json_is_object(obj) &&
		    strcmp(jx_str(obj, "kind") ?: "", "Status"))
			return out_served(ri, obj);
		return json_incref((json_t *)obj);
	}
}

static void list_meta(FILE *f, int64_t rev, const char *cont, size_t remaining)
{
	fprintf(f, "\"metadata\":{\"resourceVersion\":\"%lld\"", (long long)rev);
	if (cont)
		fprintf(f, ",\"continue\":\"%s\",\"remainingItemCount\":%zu", cont, remaining);
	fputc('}', f);
}

/* Plain lists are most of the bytes a server sends: sized once and copied once. */
static char *plain_list(struct rinfo *ri, struct centry **items, size_t n, int64_t rev,
			const char *cont, size_t remaining, size_t *len)
{
	char *head = NULL, av[64], *buf, *p;
	size_t hlen = 0, total;
	FILE *f = open_memstream(&head, &hlen);

	fprintf(f, "{\"kind\":\"%sList\",\"apiVersion\":\"%s\",", ri->k->kind,
		kind_api_version(ri->k, av));
	list_meta(f, rev, cont, remaining);
	fprintf(f, ",\"items\":[");
	fclose(f);
	total = hlen + 4;
	for (size_t i = 0; i < n; i++)
		total += items[i]->len + 1;
	p = buf = xmalloc(total);
	memcpy(p, head, hlen);
	p += hlen;
	for (size_t i = 0; i < n; i++) {
		if (i)
			*p++ = ',';
		memcpy(p, items[i]->json, items[i]->len);
		p += items[i]->len;
	}
	memcpy(p, "]}\n", 4);
	*len = (size_t)(p - buf) + 3;
	free(head);
	return buf;
}

char *out_list(struct rinfo *ri, struct centry **items, size_t n, int64_t rev, const char *cont,
	       size_t remaining, size_t *len)
{
	char *buf = NULL, av[64];
	FILE *f;

	if (ri->fmt == OUT_OBJECT && !ri->k->from_storage)
		return plain_list(ri, items, n, rev, cont, remaining, len);
	f = open_memstream(&buf, len);

	if (ri->fmt == OUT_TABLE) {
		json_t *cols = out_table_columns(ri->k);
		char *s = json_dumps(cols, JSON_COMPACT);
		fprintf(f, "{\"kind\":\"Table\",\"apiVersion\":\"meta.k8s.io/v1\",");
		list_meta(f, rev, cont, remaining);
		fprintf(f, ",\"columnDefinitions\":%s,\"rows\":[", s);
		free(s);
		json_decref(cols);
	} else if (ri->fmt == OUT_PARTIAL) {
		fprintf(
		    f,
		    "{\"kind\":\"PartialObjectMetadataList\",\"apiVersion\":\"meta.k8s.io/v1\",");
		list_meta(f, rev, cont, remaining);
		fprintf(f, ",\"items\":[");
	} else {
		fprintf(f, "{\"kind\":\"%sList\",\"apiVersion\":\"%s\",", ri->k->kind,
			kind_api_version(ri->k, av));
		list_meta(f, rev, cont, remaining);
		fprintf(f, ",\"items\":[");
	}
	for (size_t i = 0; i < n; i++) {
		if (i)
			fputc(',', f);
		if (ri->fmt == OUT_OBJECT) {
			size_t len;
			bool owned;
			const char *b = out_entry_bytes(ri, items[i], &len, &owned);
			fwrite(b, 1, len, f);
			if (owned)
				free((char *)b);
		} else {
			json_t *obj = json_loads(items[i]->json, 0, NULL);
			json_t *v = ri->fmt == OUT_TABLE ? table_row(ri, obj) : partial(obj);
			char *s = json_dumps(v, JSON_COMPACT);
			fputs(s, f);
			free(s);
			json_decref(v);
			json_decref(obj);
		}
	}
	fputs("]}\n", f);
	fclose(f);
	return buf;
}
