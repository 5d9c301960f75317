/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small JSON reader for wast2json output (and anything else that is plain
 * JSON): objects, arrays, strings with escapes, numbers, true/false/null.
 *
 * json_parse() builds a tree; json_free() releases it.  Lookups never crash
 * on an unexpected shape: json_get() on a non-object, json_at() past the end
 * and json_str() on a non-string all return NULL, so callers can chain them
 * and check once.
 */
#ifndef WASMK_SPEC_JSON_H
#define WASMK_SPEC_JSON_H

#include <stdbool.h>
#include <stddef.h>

enum json_type {
	JSON_NULL,
	JSON_BOOL,
	JSON_NUMBER,
	JSON_STRING,
	JSON_ARRAY,
	JSON_OBJECT,
};

struct json {
	enum json_type type;
	bool b;			/* JSON_BOOL */
	double num;		/* JSON_NUMBER */
	char *str;		/* JSON_STRING (NUL-terminated, may hold NULs);
				 * JSON_NUMBER: the literal as written */
	size_t len;		/* JSON_STRING: bytes in str */
	size_t n;		/* JSON_ARRAY / JSON_OBJECT: element count */
	char **keys;		/* JSON_OBJECT: n keys */
	struct json **items;	/* JSON_ARRAY / JSON_OBJECT: n values */
};

/* Nesting deeper than this is refused (the parser recurses). */
#define JSON_MAX_DEPTH 200

/*
 * Parse @len bytes at @text.  On error returns NULL and writes a message
 * with the byte offset into @err (if @errlen > 0).
 */
struct json *json_parse(const char *text, size_t len, char *err, size_t errlen);
void json_free(struct json *v);

/* Member @key of object @obj, or NULL. */
const struct json *json_get(const struct json *obj, const char *key);
/* Element @i of array @arr, or NULL. */
const struct json *json_at(const struct json *arr, size_t i);
/* Number of elements of an array (0 for anything else). */
size_t json_len(const struct json *arr);
/* The string value of @v, or NULL if @v is not a string. */
const char *json_str(const struct json *v);
/* Shorthand: json_str(json_get(obj, key)). */
const char *json_get_str(const struct json *obj, const char *key);
/* Member @key as an integer, or @def when absent or not a number. */
long json_get_int(const struct json *obj, const char *key, long def);

#endif
