// SPDX-License-Identifier: GPL-2.0
/* Layouts (layout.h): parse, print, encode, add. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/wasmk.h>

#include "layout.h"
#include "wasmk.h"

int layout_parse(struct layout *l, const char *spec, const char *cmd)
{
	char *copy = strdup(spec), *tok, *save, *colon, *end;
	struct layout_field *f;
	int ret = 0;

	memset(l, 0, sizeof(*l));
	if (!copy)
		return EXIT_ERR;
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (l->n == LAYOUT_MAX_FIELDS) {
			ret = usage_err(cmd, "layout has more than %d fields", LAYOUT_MAX_FIELDS);
			break;
		}
		f = &l->f[l->n];
		colon = strchr(tok, ':');
		if (!colon || !colon[1] || strlen(colon + 1) >= sizeof(f->name)) {
			ret = usage_err(cmd, "layout field '%s' is not TYPE:NAME", tok);
			break;
		}
		*colon = 0;
		strcpy(f->name, colon + 1);
		if (!strcmp(tok, "ipv4")) {
			f->type = F_IPV4;
			f->size = 4;
		} else if (!strcmp(tok, "ipv6")) {
			f->type = F_IPV6;
			f->size = 16;
		} else if (!strcmp(tok, "mac")) {
			f->type = F_MAC;
			f->size = 6;
		} else if (tok[0] == 'u' || tok[0] == 'i') {
			f->type = tok[0] == 'u' ? F_U : F_I;
			f->size = strtoul(tok + 1, &end, 10) / 8;
			if (*end || (f->size != 1 && f->size != 2 && f->size != 4 && f->size != 8))
				f->size = 0;
		} else if (!strcmp(tok, "be16") || !strcmp(tok, "be32")) {
			f->type = F_BE;
			f->size = tok[2] == '1' ? 2 : 4;
		} else if (!strncmp(tok, "str", 3) || !strncmp(tok, "hex", 3)) {
			f->type = tok[0] == 's' ? F_STR : F_HEX;
			f->size = strtoul(tok + 3, &end, 10);
			if (*end || f->size > WASMK_EVENT_MAX)
				f->size = 0;
		} else {
			f->size = 0;
		}
		if (!f->size) {
			ret = usage_err(cmd, "unknown layout type '%s' (" LAYOUT_TYPES ")", tok);
			break;
		}
		l->size += f->size;
		l->n++;
	}
	free(copy);
	if (!ret && !l->n)
		ret = usage_err(cmd, "empty layout");
	if (ret)
		memset(l, 0, sizeof(*l));
	return ret;
}

static unsigned long long get_le(const unsigned char *p, unsigned int n)
{
	unsigned long long v = 0;
	unsigned int i;

	for (i = 0; i < n; i++)
		v |= (unsigned long long)p[i] << (8 * i);
	return v;
}

static void put_le(unsigned char *p, unsigned int n, unsigned long long v)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		p[i] = v >> (8 * i);
}

void layout_field_text(const struct layout_field *f, const unsigned char *p, char *out,
		       size_t outsz, bool *num)
{
	unsigned long long v = 0;
	unsigned int i;

	*num = false;
	switch (f->type) {
	case F_U:
	case F_I:
		v = get_le(p, f->size);
		*num = true;
		if (f->type == F_I && f->size < 8 && (v >> (8 * f->size - 1)) & 1)
			v |= ~0ULL << (8 * f->size);
		if (f->type == F_I)
			snprintf(out, outsz, "%lld", (long long)v);
		else
			snprintf(out, outsz, "%llu", v);
		break;
	case F_BE:
		for (i = 0; i < f->size; i++)
			v = v << 8 | p[i];
		*num = true;
		snprintf(out, outsz, "%llu", v);
		break;
	case F_IPV4:
		snprintf(out, outsz, "%u.%u.%u.%u", p[0], p[1], p[2], p[3]);
		break;
	case F_IPV6:
		if (!inet_ntop(AF_INET6, p, out, outsz))
			snprintf(out, outsz, "?");
		break;
	case F_MAC:
		snprintf(out, outsz, "%02x:%02x:%02x:%02x:%02x:%02x", p[0], p[1], p[2], p[3], p[4],
			 p[5]);
		break;
	case F_STR:
		i = 0;
		while (i < f->size && p[i] && i < outsz - 1) {
			out[i] = (p[i] >= 0x20 && p[i] < 0x7f) ? p[i] : '?';
			i++;
		}
		out[i] = 0;
		break;
	case F_HEX:
		for (i = 0; i < f->size && 2 * i + 2 < outsz; i++)
			sprintf(out + 2 * i, "%02x", p[i]);
		out[2 * i] = 0;
		break;
	}
}

unsigned int layout_print(const struct layout *l, const unsigned char *p, unsigned int len)
{
	char val[2 * WASMK_EVENT_MAX + 1];
	unsigned int i, off = 0;
	bool num;

	for (i = 0; i < l->n && off + l->f[i].size <= len; i++) {
		const struct layout_field *f = &l->f[i];

		layout_field_text(f, p + off, val, sizeof(val), &num);
		off += f->size;
		if (!cli.json)
			printf(" %s=%s", f->name, val);
		else if (num && f->type == F_I)
			json_i64(f->name, strtoll(val, NULL, 10));
		else if (num)
			json_u64(f->name, strtoull(val, NULL, 10));
		else
			json_str(f->name, val);
	}
	return off;
}

/* One field's value from text into f->size bytes at out. */
static int encode_one(const struct layout_field *f, const char *s, unsigned char *out,
		      const char *cmd)
{
	unsigned long long v, max = f->size == 8 ? ~0ULL : (1ULL << (8 * f->size)) - 1;
	unsigned char *h;
	unsigned int i;
	size_t n;
	char *end;

	errno = 0;
	switch (f->type) {
	case F_U:
	case F_BE:
		v = strtoull(s, &end, 0);
		if (!*s || *end || errno || v > max || *s == '-')
			break;
		if (f->type == F_U)
			put_le(out, f->size, v);
		else
			for (i = 0; i < f->size; i++)
				out[i] = v >> (8 * (f->size - 1 - i));
		return 0;
	case F_I: {
		long long x = strtoll(s, &end, 0);
		long long hi = (long long)(max >> 1), lo = -hi - 1;

		if (!*s || *end || errno || x > hi || x < lo)
			break;
		put_le(out, f->size, (unsigned long long)x);
		return 0;
	}
	case F_IPV4:
		if (inet_pton(AF_INET, s, out) == 1)
			return 0;
		break;
	case F_IPV6:
		if (inet_pton(AF_INET6, s, out) == 1)
			return 0;
		break;
	case F_MAC: {
		unsigned int b[6];
		char end;

		if (sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%c", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5],
			   &end) == 6) {
			for (n = 0; n < 6; n++)
				out[n] = b[n];
			return 0;
		}
		break;
	}
	case F_STR:
		n = strlen(s);
		if (n > f->size)
			break;
		memset(out, 0, f->size);
		memcpy(out, s, n);
		return 0;
	case F_HEX:
		h = parse_hex(s, &n);
		if (h && n == f->size) {
			memcpy(out, h, n);
			free(h);
			return 0;
		}
		free(h);
		break;
	}
	return usage_err(cmd, "'%s' is not a value for field %s (%u bytes)", s, f->name, f->size);
}

int layout_encode(const struct layout *l, const char *text, unsigned char *out,
		  const char *cmd)
{
	char *copy = strdup(text), *s, *comma;
	unsigned int i, off = 0;
	int ret = 0;

	if (!copy)
		return EXIT_ERR;
	s = copy;
	for (i = 0; i < l->n && !ret; i++) {
		comma = strchr(s, ',');
		if (!comma && i + 1 < l->n) {
			ret = usage_err(cmd, "'%s' has %u values, the layout %u fields", text, i + 1,
					l->n);
			break;
		}
		if (comma)
			*comma = 0;
		ret = encode_one(&l->f[i], s, out + off, cmd);
		off += l->f[i].size;
		s = comma ? comma + 1 : s + strlen(s);
		if (i + 1 == l->n && comma)
			ret = usage_err(cmd, "'%s' has more values than the layout's %u fields",
					text, l->n);
	}
	free(copy);
	return ret;
}

void layout_add(const struct layout *l, unsigned char *dst, const unsigned char *src)
{
	unsigned int i, j, off = 0;

	for (i = 0; i < l->n; off += l->f[i++].size) {
		const struct layout_field *f = &l->f[i];
		unsigned long long a, b;

		if (f->type == F_U || f->type == F_I) {
			put_le(dst + off, f->size, get_le(dst + off, f->size) + get_le(src + off, f->size));
		} else if (f->type == F_BE) {
			for (a = b = 0, j = 0; j < f->size; j++) {
				a = a << 8 | dst[off + j];
				b = b << 8 | src[off + j];
			}
			a += b;
			for (j = 0; j < f->size; j++)
				dst[off + j] = a >> (8 * (f->size - 1 - j));
		}
	}
}
