// SPDX-License-Identifier: GPL-2.0
/* A small JSON reader; see json.h. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

struct parser {
	const char *s;
	size_t len;
	size_t pos;
	char *err;
	size_t errlen;
	bool failed;
};

static void perr(struct parser *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void perr(struct parser *p, const char *fmt, ...)
{
	char msg[160];
	va_list ap;

	if (p->failed)
		return;
	p->failed = true;
	if (!p->err || !p->errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(p->err, p->errlen, "json: offset %zu: %s", p->pos, msg);
}

static void skip_ws(struct parser *p)
{
	while (p->pos < p->len) {
		char c = p->s[p->pos];

		if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
			break;
		p->pos++;
	}
}

static int peek(struct parser *p)
{
	return p->pos < p->len ? (unsigned char)p->s[p->pos] : -1;
}

static struct json *new_value(struct parser *p, enum json_type type)
{
	struct json *v = calloc(1, sizeof(*v));

	if (!v)
		perr(p, "out of memory");
	else
		v->type = type;
	return v;
}

/* Growable byte buffer for strings. */
struct buf {
	char *d;
	size_t len, cap;
};

static bool buf_put(struct buf *b, const char *src, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 32;
		char *d;

		while (cap < b->len + n + 1)
			cap *= 2;
		d = realloc(b->d, cap);
		if (!d)
			return false;
		b->d = d;
		b->cap = cap;
	}
	memcpy(b->d + b->len, src, n);
	b->len += n;
	b->d[b->len] = 0;
	return true;
}

static bool buf_utf8(struct buf *b, uint32_t cp)
{
	char u[4];
	size_t n;

	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		u[0] = (char)(0xf0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	return buf_put(b, u, n);
}

static int hex4(struct parser *p, uint32_t *out)
{
	uint32_t v = 0;
	int i;

	if (p->len - p->pos < 4) {
		perr(p, "truncated \\u escape");
		return -1;
	}
	for (i = 0; i < 4; i++) {
		char c = p->s[p->pos++];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else {
			perr(p, "bad hex digit in \\u escape");
			return -1;
		}
	}
	*out = v;
	return 0;
}

/* Parses a string at p->pos (which is at the opening quote). */
static char *parse_string_raw(struct parser *p, size_t *out_len)
{
	struct buf b = { 0 };

	p->pos++;	/* opening quote */
	if (!buf_put(&b, "", 0))
		goto nomem;
	for (;;) {
		size_t start = p->pos;
		char c;

		while (p->pos < p->len && p->s[p->pos] != '"' &&
		       p->s[p->pos] != '\\')
			p->pos++;
		if (!buf_put(&b, p->s + start, p->pos - start))
			goto nomem;
		if (p->pos >= p->len) {
			perr(p, "unterminated string");
			goto fail;
		}
		c = p->s[p->pos++];
		if (c == '"')
			break;
		/* backslash */
		if (p->pos >= p->len) {
			perr(p, "unterminated escape");
			goto fail;
		}
		c = p->s[p->pos++];
		switch (c) {
		case '"': case '\\': case '/':
			if (!buf_put(&b, &c, 1))
				goto nomem;
			break;
		case 'b': if (!buf_put(&b, "\b", 1)) goto nomem; break;
		case 'f': if (!buf_put(&b, "\f", 1)) goto nomem; break;
		case 'n': if (!buf_put(&b, "\n", 1)) goto nomem; break;
		case 'r': if (!buf_put(&b, "\r", 1)) goto nomem; break;
		case 't': if (!buf_put(&b, "\t", 1)) goto nomem; break;
		case 'u': {
			uint32_t cp, lo;

			if (hex4(p, &cp))
				goto fail;
			/* A surrogate pair becomes one code point; a lone
			 * surrogate is kept as its 3-byte (WTF-8) form. */
			if (cp >= 0xd800 && cp < 0xdc00 &&
			    p->len - p->pos >= 6 && p->s[p->pos] == '\\' &&
			    p->s[p->pos + 1] == 'u') {
				size_t save = p->pos;

				p->pos += 2;
				if (hex4(p, &lo))
					goto fail;
				if (lo >= 0xdc00 && lo < 0xe000)
					cp = 0x10000 + ((cp - 0xd800) << 10) +
					     (lo - 0xdc00);
				else
					p->pos = save;
			}
			if (!buf_utf8(&b, cp))
				goto nomem;
			break;
		}
		default:
			p->pos--;
			perr(p, "bad escape \\%c", c);
			goto fail;
		}
	}
	*out_len = b.len;
	return b.d;
nomem:
	perr(p, "out of memory");
fail:
	free(b.d);
	return NULL;
}

static struct json *parse_value(struct parser *p, int depth);

static struct json *parse_number(struct parser *p)
{
	size_t start = p->pos;
	struct json *v;
	char *end;

	if (peek(p) == '-')
		p->pos++;
	if (peek(p) < '0' || peek(p) > '9') {
		perr(p, "bad number");
		return NULL;
	}
	while (peek(p) >= '0' && peek(p) <= '9')
		p->pos++;
	if (peek(p) == '.') {
		p->pos++;
		if (peek(p) < '0' || peek(p) > '9') {
			perr(p, "bad number fraction");
			return NULL;
		}
		while (peek(p) >= '0' && peek(p) <= '9')
			p->pos++;
	}
	if (peek(p) == 'e' || peek(p) == 'E') {
		p->pos++;
		if (peek(p) == '+' || peek(p) == '-')
			p->pos++;
		if (peek(p) < '0' || peek(p) > '9') {
			perr(p, "bad number exponent");
			return NULL;
		}
		while (peek(p) >= '0' && peek(p) <= '9')
			p->pos++;
	}
	v = new_value(p, JSON_NUMBER);
	if (!v)
		return NULL;
	v->len = p->pos - start;
	v->str = malloc(v->len + 1);
	if (!v->str) {
		perr(p, "out of memory");
		free(v);
		return NULL;
	}
	memcpy(v->str, p->s + start, v->len);
	v->str[v->len] = 0;
	v->num = strtod(v->str, &end);
	return v;
}

static bool lit(struct parser *p, const char *word)
{
	size_t n = strlen(word);

	if (p->len - p->pos >= n && !memcmp(p->s + p->pos, word, n)) {
		p->pos += n;
		return true;
	}
	return false;
}

static bool add_item(struct parser *p, struct json *c, char *key,
		     struct json *item)
{
	if ((c->n & (c->n - 1)) == 0) {	/* grow at 0, 1, 2, 4, 8, ... */
		size_t cap = c->n ? c->n * 2 : 1;
		struct json **items = realloc(c->items, cap * sizeof(*items));

		if (!items)
			goto nomem;
		c->items = items;
		if (c->type == JSON_OBJECT) {
			char **keys = realloc(c->keys, cap * sizeof(*keys));

			if (!keys)
				goto nomem;
			c->keys = keys;
		}
	}
	c->items[c->n] = item;
	if (c->type == JSON_OBJECT)
		c->keys[c->n] = key;
	c->n++;
	return true;
nomem:
	perr(p, "out of memory");
	return false;
}

static struct json *parse_container(struct parser *p, int depth, bool obj)
{
	struct json *c = new_value(p, obj ? JSON_OBJECT : JSON_ARRAY);
	char close = obj ? '}' : ']';

	if (!c)
		return NULL;
	p->pos++;
	skip_ws(p);
	if (peek(p) == close) {
		p->pos++;
		return c;
	}
	for (;;) {
		struct json *item;
		char *key = NULL;
		size_t klen;

		skip_ws(p);
		if (obj) {
			if (peek(p) != '"') {
				perr(p, "expected object key");
				goto fail;
			}
			key = parse_string_raw(p, &klen);
			if (!key)
				goto fail;
			skip_ws(p);
			if (peek(p) != ':') {
				free(key);
				perr(p, "expected ':'");
				goto fail;
			}
			p->pos++;
		}
		item = parse_value(p, depth + 1);
		if (!item) {
			free(key);
			goto fail;
		}
		if (!add_item(p, c, key, item)) {
			free(key);
			json_free(item);
			goto fail;
		}
		skip_ws(p);
		if (peek(p) == ',') {
			p->pos++;
			continue;
		}
		if (peek(p) == close) {
			p->pos++;
			return c;
		}
		perr(p, obj ? "expected ',' or '}'" : "expected ',' or ']'");
		goto fail;
	}
fail:
	json_free(c);
	return NULL;
}

static struct json *parse_value(struct parser *p, int depth)
{
	struct json *v;
	int c;

	if (depth > JSON_MAX_DEPTH) {
		perr(p, "nesting too deep");
		return NULL;
	}
	skip_ws(p);
	c = peek(p);
	switch (c) {
	case '{':
		return parse_container(p, depth, true);
	case '[':
		return parse_container(p, depth, false);
	case '"':
		v = new_value(p, JSON_STRING);
		if (!v)
			return NULL;
		v->str = parse_string_raw(p, &v->len);
		if (!v->str) {
			free(v);
			return NULL;
		}
		return v;
	case 't':
	case 'f':
	case 'n':
		if (lit(p, "true") || lit(p, "false")) {
			v = new_value(p, JSON_BOOL);
			if (v)
				v->b = c == 't';
			return v;
		}
		if (lit(p, "null"))
			return new_value(p, JSON_NULL);
		perr(p, "unexpected word");
		return NULL;
	case -1:
		perr(p, "unexpected end of input");
		return NULL;
	default:
		if (c == '-' || (c >= '0' && c <= '9'))
			return parse_number(p);
		perr(p, "unexpected character 0x%02x", c);
		return NULL;
	}
}

struct json *json_parse(const char *text, size_t len, char *err, size_t errlen)
{
	struct parser p = { text, len, 0, err, errlen, false };
	struct json *v;

	if (err && errlen)
		err[0] = 0;
	if (!text) {
		perr(&p, "no input");
		return NULL;
	}
	v = parse_value(&p, 0);
	if (!v)
		return NULL;
	skip_ws(&p);
	if (p.pos != p.len) {
		perr(&p, "trailing characters after value");
		json_free(v);
		return NULL;
	}
	return v;
}

void json_free(struct json *v)
{
	size_t i;

	if (!v)
		return;
	for (i = 0; i < v->n; i++) {
		json_free(v->items[i]);
		if (v->keys)
			free(v->keys[i]);
	}
	free(v->items);
	free(v->keys);
	free(v->str);
	free(v);
}

const struct json *json_get(const struct json *obj, const char *key)
{
	size_t i;

	if (!obj || obj->type != JSON_OBJECT || !key)
		return NULL;
	for (i = 0; i < obj->n; i++)
		if (!strcmp(obj->keys[i], key))
			return obj->items[i];
	return NULL;
}

const struct json *json_at(const struct json *arr, size_t i)
{
	if (!arr || arr->type != JSON_ARRAY || i >= arr->n)
		return NULL;
	return arr->items[i];
}

size_t json_len(const struct json *arr)
{
	return arr && arr->type == JSON_ARRAY ? arr->n : 0;
}

const char *json_str(const struct json *v)
{
	return v && v->type == JSON_STRING ? v->str : NULL;
}

const char *json_get_str(const struct json *obj, const char *key)
{
	return json_str(json_get(obj, key));
}

long json_get_int(const struct json *obj, const char *key, long def)
{
	const struct json *v = json_get(obj, key);

	if (!v || v->type != JSON_NUMBER || v->num != v->num ||
	    v->num > 1e15 || v->num < -1e15)
		return def;
	return (long)v->num;
}
