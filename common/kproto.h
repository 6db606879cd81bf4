/*
 * kproto: Kubernetes' protobuf wire form (application/vnd.kubernetes.protobuf) to and from the
 * JSON the same object has in upstream's JSON encoding.
 *
 * A body is the magic "k8s\0" and then a runtime.Unknown envelope carrying the typeMeta
 * (apiVersion, kind) and the object's own protobuf encoding. A table (kproto_types.c) gives,
 * for every message reachable from the supported kinds, each field's number, JSON name, wire
 * kind and the Go shape that decides how upstream's JSON shows an absent or zero value.
 */
#ifndef KUBE_KPROTO_H
#define KUBE_KPROTO_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The 4 bytes every protobuf body starts with. */
#define KP_MAGIC     "k8s\0"
#define KP_MAGIC_LEN 4
#define KP_MEDIA     "application/vnd.kubernetes.protobuf"

/*
 * Decode a whole body (magic + envelope) into a new JSON object with kind and apiVersion set.
 * NULL on unknown kinds or malformed input, with a one-line malloc'd message in *err.
 */
json_t *kp_decode(const unsigned char *buf, size_t len, char **err);
/* Encode a JSON object of a known kind into a malloc'd body (magic + envelope). 0 or -1. */
int kp_encode(const json_t *obj, unsigned char **out, size_t *len, char **err);
/* Whether the table has this kind (api_version as in JSON: "v1", "apps/v1"). */
bool kp_known(const char *api_version, const char *kind);

/* ---- The type table (shared with kproto_types.c only). ---- */

/* How a field's value is written on the wire and shown in JSON. */
enum kp_kind {
	KP_STR,	    /* string */
	KP_I32,	    /* int32 varint (negative: 10 bytes) */
	KP_I64,	    /* int64 varint */
	KP_BOOL,    /* bool varint */
	KP_BYTES,   /* bytes; base64 in JSON */
	KP_MSG,	    /* nested message (msg) */
	KP_TIME,    /* metav1.Time: Timestamp, whole seconds in JSON */
	KP_MTIME,   /* metav1.MicroTime: Timestamp, microseconds in JSON */
	KP_QTY,	    /* resource.Quantity: {1: string}, canonical string in JSON */
	KP_IOS,	    /* intstr.IntOrString: {1: type, 2: int, 3: string} */
	KP_RAW,	    /* runtime.RawExtension: {1: bytes} holding JSON */
	KP_FV1,	    /* metav1.FieldsV1: {1: bytes} holding JSON */
	KP_STRLIST, /* a named []string (ExtraValue): {1: repeated string}, an array in JSON */
};

/* Go shape of the field. */
enum kp_flag {
	KP_PTR = 1,    /* pointer: absent differs from zero */
	KP_OMIT = 2,   /* json omitempty */
	KP_INLINE = 4, /* embedded struct: its fields sit in the parent's JSON object */
	KP_LIST = 8,   /* repeated */
	KP_MAP = 16,   /* map<string, kind> as repeated {1: key, 2: value} */
};

struct kp_msg;

struct kp_field {
	const char *json; /* "" for KP_INLINE */
	uint16_t num;
	uint8_t kind;		  /* enum kp_kind; for KP_MAP the value's kind */
	uint8_t flags;		  /* enum kp_flag */
	const struct kp_msg *msg; /* for KP_MSG */
};

/* Fields in Go struct order (the order upstream's JSON prints them). */
struct kp_msg {
	const char *name;
	const struct kp_field *fields;
	size_t nfields;
};

struct kp_type {
	const char *api_version; /* NULL: any group version (DeleteOptions) */
	const char *kind;
	const struct kp_msg *msg;
};

extern const struct kp_type kp_types[];
extern const size_t kp_ntypes;

#endif
